"""The catalogue of steps a person can take (data/actions.toml): read, validated, applied to a profile."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from flexcalc.models.fields import FORBID, Field, adapter, model
from flexcalc.text import T

ABSENT, PRESENT, UNKNOWN, AS_OF = "@absent", "@present", "@unknown", "@as_of"
_SET = re.compile(r"^(groups\+|[a-z_]+(?:\[\+\])?(?:\.[a-z_0-9]+)*)=(.*)$")


@model
class Condition:
    """One condition under which an action is open: a fact among values, or a group not held."""

    __pydantic_config__ = FORBID
    fact: Annotated[str, Field(pattern=r"^[a-z_]+(\.[a-z_0-9]+)*$")]
    in_: Annotated[list[bool | int | str] | None, Field(alias="in")] = None
    lacks: str | None = None


@model
class Grows:
    """A fact that grows by one a month once the action is taken (months of contributions)."""

    __pydantic_config__ = FORBID
    fact: Annotated[str, Field(pattern=r"^[a-z_]+(\.[a-z_0-9]+)*$")]
    from_: Annotated[int, Field(alias="from", ge=0, le=1200)] = 0


@model
class Action:
    """One step: its words, department, basis, when it is open, the facts it sets and grows."""

    __pydantic_config__ = FORBID
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Annotated[str, Field(min_length=1)]
    name_en: Annotated[str, Field(min_length=1)]
    department: Annotated[str, Field(min_length=1)]
    department_en: Annotated[str, Field(min_length=1)]
    basis: Annotated[str, Field(min_length=1)]
    basis_en: Annotated[str, Field(min_length=1)]
    when: list[Condition]
    sets: Annotated[list[str], Field(min_length=1)]
    grows: list[Grows] = Field(default_factory=list)

    def words(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name

    def department_words(self, lang: str) -> str:
        return self.department_en if lang == "en" else self.department


@model
class Catalogue:
    """The whole actions file."""

    __pydantic_config__ = FORBID
    schema_version: Literal[1]
    actions: list[Action]


def default_path() -> Path:
    """The packaged actions file, or data/actions.toml of a source checkout."""
    packaged = Path(__file__).parents[1] / "data" / "actions.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "actions.toml"


_LOADED: list[Catalogue] = []


def load() -> Catalogue:
    """The catalogue, read and validated once (a bad file is a DataError, exit 4)."""
    if _LOADED:
        return _LOADED[0]
    from pydantic import ValidationError

    from flexcalc.errors import DataError
    from flexcalc.toml import parse_toml

    path = default_path()
    try:
        doc = parse_toml(path.read_text(encoding="utf-8"))
        cat = adapter(Catalogue).validate_python(doc)
    except (OSError, ValueError, ValidationError) as e:
        first = str(e).splitlines()[0]
        raise DataError(
            f"{path.name}: invalid actions file ({first}).", f"{path.name}：步骤清单文件无效（{first}）。"
        ) from None
    for a in cat.actions:
        for s in a.sets:
            if not _SET.match(s):
                raise DataError(
                    f"{path.name}: actions.{a.id}.sets: {s!r} is not FIELD=VALUE.",
                    f"{path.name}：actions.{a.id}.sets：{s!r} 不是 字段=值。",
                )
    _LOADED.append(cat)
    return cat


def _value(profile, path: str):
    """The value at a dotted path of a profile, None when any part is absent."""
    node = profile
    for name in path.split("."):
        node = getattr(node, name, None)
        if node is None:
            return None
    return node


def open_for(action: Action, profile) -> tuple[bool | None, list[str]]:
    """Whether the action is open to the person (Kleene AND of its conditions), and the facts
    not given that it rests on."""
    unknown: list[str] = []
    for c in action.when:
        value = _value(profile, c.fact)
        if c.lacks is not None:
            if value is None:
                unknown.append(c.fact)
            elif c.lacks in value:
                return False, []
            continue
        allowed = c.in_ or []
        if value is None:
            if ABSENT in allowed:
                continue
            if PRESENT in allowed:
                return False, []
            unknown.append(c.fact)
        elif PRESENT not in allowed and not any(_same(value, v) for v in allowed if v not in (ABSENT, PRESENT)):
            return False, []
    return (None if unknown else True), unknown


def _same(a, b) -> bool:
    """Equal as the data means it: true is not 1, 0 is 0.00."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def facts(action: Action, profile, as_of: date) -> list[tuple[str, str]]:
    """The (path, raw value) the action sets, with @as_of and list positions filled in."""
    out = []
    courses = len(profile.training or [])
    for item in action.sets:
        path, _, raw = item.partition("=")
        raw = as_of.isoformat() if raw == AS_OF else raw
        if path == "groups+":
            have = list(profile.groups or [])
            path, raw = "groups", json.dumps(list(dict.fromkeys([*have, raw])))
        path = path.replace("[+]", f"[{courses}]")
        out.append((path, raw))
    return out


def apply(action: Action, profile, as_of: date, day: date):
    """The profile with the action taken at `as_of`, seen at `day` (grown facts counted to it)."""
    from flexcalc.dates import whole_months
    from flexcalc.relevance import fill

    out = profile
    for path, raw in facts(action, profile, as_of):
        value = None if raw == UNKNOWN else _parsed(path, raw)
        out = fill(out, path, value)
    for g in action.grows:
        out = fill(out, g.fact, g.from_ + max(0, whole_months(as_of, day)))
    return out


_PARSED: dict[tuple[str, str], object] = {}


def _parsed(path: str, raw: str, _=None):
    """The value as the profile model reads it (validated: a bad actions file fails here, exit 4)."""
    hit = _PARSED.get((path, raw))
    if hit is None:
        if len(_PARSED) > 1000:
            _PARSED.clear()
        hit = _PARSED[(path, raw)] = _validate(path, raw)
    return hit


def _validate(path: str, raw: str):
    from flexcalc.errors import DataError
    from flexcalc.models.profile import profile_validator

    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    keys = [(m.group(1), m.group(2)) for m in re.finditer(r"([a-z_0-9]+)(?:\[(\d+)\])?", path)]
    obj: dict = {}
    node: dict = obj
    for i, (key, index) in enumerate(keys):
        last = i == len(keys) - 1
        inner: object = value if last else {}
        node[key] = [inner] if index is not None else inner
        if not last:
            node = inner  # type: ignore[assignment]
    try:
        prof = profile_validator().validate_json(json.dumps(obj, ensure_ascii=False))
    except ValueError as e:
        first = str(e).splitlines()[0]
        raise DataError(f"actions file: {path}={raw}: {first}.", f"步骤清单文件：{path}={raw}：{first}。") from None
    got: object = prof
    for key, index in keys:
        got = getattr(got, key)
        if index is not None:
            got = got[0]  # type: ignore[index]
    return got


def shown_facts(action: Action, profile, as_of: date) -> dict[str, object]:
    """The facts as the JSON lists them: path → value (JSON types; @unknown as null)."""
    out: dict[str, object] = {}
    for path, raw in facts(action, profile, as_of):
        if raw == UNKNOWN:
            out[path] = None
        elif raw in ("true", "false"):
            out[path] = raw == "true"
        elif path == "groups":
            out[path] = json.loads(raw)
        elif raw.isdigit():
            out[path] = int(raw)
        else:
            out[path] = raw
    return out


def name(action: Action) -> T:
    return T(action.name, action.name_en)
