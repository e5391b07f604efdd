"""Batch's fast profile decoder: msgspec's schema-compiled JSON decoder, as strict as the contract.

`decode(text)` is the Profile that profile_io.read_profile would return, or None whenever that
reader could refuse the record; the worker then reads it the old way, which words the error
(same messages, exit codes and error records as before). So a record is accepted here only when:

- msgspec's compiled Structs below accept it: no unknown key (except inside `extra`), every type
  as strict as models/profile.py (a number is a JSON number, never a string, never true/false; a
  count a JSON integer; a date the string YYYY-MM-DD of a real day; NaN/Infinity, lone surrogate
  escapes, invalid UTF-8, raw control characters in strings and trailing text are not JSON to
  msgspec), with the same bounds (dates' bounds are checked when the Profile is built);
- no key appears twice in one object. msgspec keeps the last value of a duplicate key (its issue
  648), so, without a second parse: every field is UNSET unless the input gave it (null included),
  and the keys the decoded record holds are counted (set fields of each Struct, and every key of
  every object inside `extra`). Each key of the input is followed by exactly one structural ':'
  and a ':' can also stand inside a string, so  keys decoded <= keys written <= count(':'), with
  the first equal only when no object repeats a key. count(':') == keys decoded therefore proves
  there is no duplicate; a ':' inside a string (a time in `extra`) only sends the record the slow
  way, never lets a duplicate through;
- nothing in it needs the old reader's closer look: no run of number characters longer than 16
  (a fraction the double does not carry exactly is refused there, an integer of hundreds of digits
  read as infinity), and no more brackets than the nesting limit (pydantic-core's 200).

tests/test_fast_decode.py holds both readers to the same answers. Only batch imports this module
(a single `check` never imports msgspec).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from flexcalc.catalogue import GROUP_NAMES
from flexcalc.models import profile as P

if TYPE_CHECKING:
    Group = str
else:
    Group = Literal[tuple(GROUP_NAMES)]


def _number(hi: int) -> Any:
    """A JSON number in [0, hi] (msgspec sets bounds per member of a union)."""
    return Annotated[int, Meta(ge=0, le=hi)] | Annotated[float, Meta(ge=0, le=hi)] | None | UnsetType


def _count(lo: int, hi: int) -> Any:
    return Annotated[int, Meta(ge=lo, le=hi)] | None | UnsetType


if TYPE_CHECKING:
    from typing import TypeAlias

    Money: TypeAlias = Any
    Hours: TypeAlias = Any
    Area: TypeAlias = Any
    Rent: TypeAlias = Any
    Partners: TypeAlias = Any
    Months: TypeAlias = Any
    Days: TypeAlias = Any
else:
    Money = _number(P.MONEY_MAX)
    Hours = _number(P.HOURS_MAX)
    Area = _number(P.AREA_MAX)
    Rent = _number(P.RENT_MAX)
    Partners = _count(1, P.PEOPLE_MAX)
    Months = _count(0, P.MONTHS_MAX)
    Days = _count(0, P.DAYS_MAX)
NUMBERS = ("Money", "Hours", "Area", "Rent")  # the annotations read as Decimal
Text = Annotated[str, Meta(max_length=P.TEXT_MAX)] | None | UnsetType
Day = date | None | UnsetType
Flag = bool | None | UnsetType

# Structs mirror models/profile.py field for field (tests/test_fast_decode.py checks the names).
_OPTIONS: dict[str, Any] = {"forbid_unknown_fields": True, "kw_only": True}


class Employment(Struct, **_OPTIONS):
    form: P.WorkForm | None | UnsetType = UNSET
    registered: Flag = UNSET
    platform_accident_premium_yuan: Money = UNSET
    public_welfare_post_hours: Hours = UNSET


class Premises(Struct, **_OPTIONS):
    area_m2: Area = UNSET
    rent_yuan_per_m2_per_day: Rent = UNSET
    lease_start: Day = UNSET
    lease_end: Day = UNSET
    state_owned: Flag = UNSET


class Business(Struct, **_OPTIONS):
    type: Literal["individual", "micro_enterprise"] | None | UnsetType = UNSET
    registered_on: Day = UNSET
    planned: Flag = UNSET
    first_business: Flag = UNSET
    partners: Partners = UNSET
    in_community: Flag = UNSET
    in_incubator: Flag = UNSET
    incubation_extended: Flag = UNSET
    second_time: Flag = UNSET
    employee_pension_months: Months = UNSET
    tax_due_yuan: Money = UNSET
    premises: Premises | None | UnsetType = UNSET


class SocialInsurance(Struct, **_OPTIONS):
    pension_yuan: Money = UNSET
    medical_yuan: Money = UNSET
    unemployment_yuan: Money = UNSET
    monthly_base_yuan: Money = UNSET
    at_minimum_base: Flag = UNSET
    months: Months = UNSET
    subsidised_months_before: Months = UNSET


class Training(Struct, **_OPTIONS):
    occupation: Text = UNSET
    cost_yuan: Money = UNSET
    days: Days = UNSET
    start: Day = UNSET


class Loan(Struct, **_OPTIONS):
    requested_yuan: Money = UNSET


class Profile(Struct, **_OPTIONS):
    id: Text = UNSET
    name: Text = UNSET
    city: Text = UNSET
    birth_date: Day = UNSET
    gender: Literal["male", "female"] | None | UnsetType = UNSET
    original_retirement_age: P.OriginalAge | None | UnsetType = UNSET
    local_hukou: Flag = UNSET
    rural_hukou: Flag = UNSET
    groups: Annotated[list[Group], Meta(max_length=P.ITEMS_MAX)] | None | UnsetType = UNSET
    graduated_on: Day = UNSET
    holds_employment_certificate: Flag = UNSET
    unemployment_registered_on: Day = UNSET
    receiving_unemployment_insurance: Flag = UNSET
    employment: Employment | None | UnsetType = UNSET
    business: Business | None | UnsetType = UNSET
    social_insurance: SocialInsurance | None | UnsetType = UNSET
    training: Annotated[list[Training], Meta(max_length=P.ITEMS_MAX)] | None | UnsetType = UNSET
    loan: Loan | None | UnsetType = UNSET
    extra: dict[str, Any] | None | UnsetType = UNSET


# Each Struct's fields by what turning them into the model's values takes.
_MODELS: dict[type, type] = {
    Employment: P.Employment,
    Premises: P.Premises,
    Business: P.Business,
    SocialInsurance: P.SocialInsurance,
    Training: P.Training,
    Loan: P.Loan,
    Profile: P.Profile,
}
_NESTED = {"employment": Employment, "business": Business, "social_insurance": SocialInsurance, "loan": Loan}


def _plan(cls: type) -> tuple[tuple[str, str], ...]:
    kinds = []
    for name in cls.__struct_fields__:  # type: ignore[attr-defined]
        ann = str(cls.__annotations__[name])
        if name in ("premises", *_NESTED):
            kind = "struct"
        elif name == "training":
            kind = "training"
        elif name == "extra":
            kind = "extra"
        elif ann in NUMBERS:
            kind = "number"
        elif ann == "Day":
            kind = "date"
        else:
            kind = "plain"
        kinds.append((name, kind))
    return tuple(kinds)


_PLANS = {cls: _plan(cls) for cls in _MODELS}


class _Refused(Exception):
    """The decoded record is not one the old reader accepts (a date out of bounds)."""


def _source(cls: type) -> str:
    """The body of the builder of one Struct, field by field (no loop, no dispatch at run time)."""
    out = [f"def build_{cls.__name__}(s):", "    keys = 0", f"    kw = dict(DEFAULTS[MODEL_{cls.__name__}])"]
    for name, kind in _PLANS[cls]:
        out += [f"    v = s.{name}", "    if v is not UNSET:", "        keys += 1", "        if v is not None:"]
        if kind == "number":
            out.append("            v = Decimal(v) if type(v) is int else Decimal(repr(v))")
        elif kind == "date":
            out.append("            if not EARLIEST <= v <= LATEST: raise _Refused")
        elif kind == "struct":
            out += ["            v, n = BUILD[type(v)](v)", "            keys += n"]
        elif kind == "training":
            out += [
                "            built = []",
                "            for item in v:",
                "                obj, n = build_Training(item)",
                "                built.append(obj)",
                "                keys += n",
                "            v = built",
            ]
        elif kind == "extra":
            out.append("            keys += _keys(v)")
        else:
            out.append("            pass")
        out.append(f"        kw[{name!r}] = v")
    out += [f"    obj = new(MODEL_{cls.__name__})", "    obj.__dict__ = kw", "    return obj, keys"]
    return "\n".join(out)


def _builders() -> dict[type, Any]:
    """Each Struct's builder: (the model object, how many keys the input gave it, nested ones too).

    The model object is made as pydantic's validator makes a stdlib dataclass: its fields set,
    absent ones at their defaults (None); the models have no __post_init__."""
    import dataclasses

    env: dict[str, Any] = {
        "UNSET": UNSET,
        "Decimal": Decimal,
        "EARLIEST": P.EARLIEST,
        "LATEST": P.LATEST,
        "_Refused": _Refused,
        "_keys": _keys,
        "new": object.__new__,
        "DEFAULTS": {m: {f.name: f.default for f in dataclasses.fields(m)} for m in _MODELS.values()},
    }
    for cls, model in _MODELS.items():
        assert not hasattr(model, "__post_init__"), model
        env[f"MODEL_{cls.__name__}"] = model
    build: dict[type, Any] = {}
    env["BUILD"] = build
    for cls in (Training, *_MODELS):  # Training's builder first: Profile's calls it by name
        if cls not in build:
            exec(compile(_source(cls), f"<fastdecode {cls.__name__}>", "exec"), env)  # noqa: S102
            build[cls] = env[f"build_{cls.__name__}"]
    return build


def _keys(v: Any) -> int:
    """The keys of every object inside a decoded JSON value."""
    if type(v) is dict:
        return len(v) + sum(_keys(x) for x in v.values() if type(x) in (dict, list))
    if type(v) is list:
        return sum(_keys(x) for x in v if type(x) in (dict, list))
    return 0


# Number characters as "0", the rest as " ": a long number is then 17 "0"s in a row.
_NUMBER_CHARS = b"-+.eE0123456789"
_AS_BYTES = bytes(48 if c in _NUMBER_CHARS else 32 for c in range(256))
_AS_TEXT = {c: 48 if c in _NUMBER_CHARS else 32 for c in range(128)}
_RUN = b"0" * 17
_decode = msgspec.json.Decoder(Profile).decode
_BUILD = _builders()
_build_profile = _BUILD[Profile]


def decode(text: str | bytes) -> Any:
    """The Profile of one JSON record, or None: the old reader must look at it (and may refuse it)."""
    if isinstance(text, str):
        if text.count("[") + text.count("{") > NESTING or _RUN.decode() in text.translate(_AS_TEXT):
            return None
        colons = text.count(":")
    else:
        if text.count(b"[") + text.count(b"{") > NESTING or _RUN in text.translate(_AS_BYTES):
            return None
        colons = text.count(b":")
    try:
        profile, keys = _build_profile(_decode(text))
    except (msgspec.DecodeError, _Refused, UnicodeError):  # ValidationError is a DecodeError
        return None
    return profile if keys == colons else None


NESTING = 200  # profile_io.NESTING_MAX (pydantic-core's limit); profile_io is not imported here
