"""Property-based tests (hypothesis) of issue 9: generated profiles, valid and broken, through
`check` and `batch` in process.

For any input: never a traceback, an exit code in {0, 2, 3, 4}; batch writes exactly one line
per input record, in input order; check and batch agree on valid profiles; totals are the sums
of the amounts they count; every amount is >= 0 with at most two decimals.

Bounded by the hypothesis profile of tests/conftest.py ("flexcalc", the default); run deeper with
    python -m pytest tests/test_properties.py --hypothesis-profile=long
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from flexcalc.catalogue import GROUP_NAMES
from flexcalc.cli import app
from flexcalc.models import profile as bounds
from flexcalc.toml import tomllib

# every city of the shipped data, by id, then by its Chinese name and aliases (as --city takes them)
_SHIPPED = tomllib.loads((Path(__file__).resolve().parents[1] / "data" / "cities.toml").read_text("utf-8"))["cities"]
CITY_IDS = list(_SHIPPED)
CITIES = CITY_IDS + [n for c in _SHIPPED.values() for n in (c["name"], *c.get("aliases", []))]
FORMS = ["individual_business", "micro_enterprise", "part_time", "platform", "other_flexible", "none"]
SUPPRESS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]

# --- valid profiles ----------------------------------------------------------------------

# Text a person or a registry might put in: any printable text, and control characters too
# (they are valid in a profile; only the screen must not obey them).
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat)
edge_days = st.sampled_from(["1900-01-01", "2100-12-31", "2000-02-29", "2024-02-29"])
some_day = st.one_of(days, edge_days)


def money(top: int = bounds.MONEY_MAX):
    cents = st.integers(0, top * 100).map(lambda c: float(Decimal(c) / 100))
    return st.one_of(cents, st.integers(0, top), st.sampled_from([0, top, 0.01]))


def count(top: int, low: int = 0):
    return st.integers(low, top)


def optional(**fields):
    """A dict with any subset of the given fields."""
    return st.fixed_dictionaries({}, optional=fields)


employment = optional(
    form=st.sampled_from(FORMS),
    registered=st.booleans(),
    platform_accident_premium_yuan=money(),
    public_welfare_post_hours=st.integers(0, bounds.HOURS_MAX),
)
premises = optional(
    area_m2=st.integers(0, bounds.AREA_MAX),
    rent_yuan_per_m2_per_day=money(bounds.RENT_MAX),
    lease_start=some_day,
    lease_end=some_day,
    state_owned=st.booleans(),
)
business = optional(
    type=st.sampled_from(["individual", "micro_enterprise"]),
    registered_on=some_day,
    first_business=st.booleans(),
    partners=count(bounds.PEOPLE_MAX, 1),
    in_community=st.booleans(),
    in_incubator=st.booleans(),
    incubation_extended=st.booleans(),
    second_time=st.booleans(),
    employee_pension_months=count(bounds.MONTHS_MAX),
    tax_due_yuan=money(),
    premises=premises,
)
social_insurance = optional(
    pension_yuan=money(),
    medical_yuan=money(),
    unemployment_yuan=money(),
    monthly_base_yuan=money(),
    at_minimum_base=st.booleans(),
    months=count(bounds.MONTHS_MAX),
    subsidised_months_before=count(bounds.MONTHS_MAX),
)
course = optional(occupation=text, cost_yuan=money(), days=count(bounds.DAYS_MAX), start=some_day)
profiles = st.fixed_dictionaries(
    {"city": st.sampled_from(CITIES)},
    optional={
        "id": text,
        "name": text,
        "birth_date": some_day,
        "gender": st.sampled_from(["male", "female"]),
        "original_retirement_age": st.sampled_from([50, 55, 60]),
        "local_hukou": st.booleans(),
        "rural_hukou": st.booleans(),
        "groups": st.lists(st.sampled_from(list(GROUP_NAMES)), max_size=4, unique=True),
        "graduated_on": some_day,
        "holds_employment_certificate": st.booleans(),
        "unemployment_registered_on": some_day,
        "receiving_unemployment_insurance": st.booleans(),
        "employment": employment,
        "business": business,
        "social_insurance": social_insurance,
        "training": st.lists(course, max_size=3),
        "loan": optional(requested_yuan=money()),
        "extra": st.dictionaries(text, st.integers() | text, max_size=3),
    },
)

# --- broken profiles -----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
extreme = st.sampled_from(
    [10**400, -1, 1e300, 1e27, -0.0, 0.001, 2**63, "9999-12-01", "0001-01-01", "2024-02-30", "", "\x1b[2J", []]
)
FIELDS = ["id", "name", "city", "birth_date", "gender", "groups", "graduated_on", "business", "training", "loan"]
NESTED = ["employment", "business", "social_insurance", "loan"]


@st.composite
def broken_texts(draw) -> bytes:
    """Profile text that may be invalid in every way a careless script or an attacker gets it."""
    obj = draw(profiles)
    how = draw(st.sampled_from(["type", "extreme", "nested", "deep", "unknown", "mutate", "bytes", "gb18030", "dup"]))
    if how == "type":
        obj[draw(st.sampled_from(FIELDS))] = draw(json_values)
    elif how == "extreme":
        where = draw(st.sampled_from(NESTED))
        key = draw(st.sampled_from(["tax_due_yuan", "partners", "months", "requested_yuan", "registered_on"]))
        obj[where] = {key: draw(extreme)}
    elif how == "nested":
        obj[draw(st.sampled_from(NESTED))] = draw(json_values)
    elif how == "deep":
        depth = draw(st.integers(100, 1500))
        return (json.dumps(obj)[:-1] + ', "extra": {"x": ' + "[" * depth + "]" * depth + "}}").encode()
    elif how == "unknown":
        obj[draw(text)] = draw(json_values)
    raw = json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8")
    if how == "mutate":  # cut, insert or replace bytes of the JSON text
        at = draw(st.integers(0, len(raw)))
        junk = draw(st.binary(max_size=4) | st.sampled_from([b'"', b"{", b"]", b"\\ud800", b",", b"\r", b"\x00"]))
        raw = raw[:at] + junk + raw[at + draw(st.integers(0, 3)) :]
    elif how == "bytes":
        raw = draw(st.binary(max_size=60))
    elif how == "gb18030":
        raw = json.dumps(obj, ensure_ascii=False).encode("gb18030")
    elif how == "dup":
        raw = raw[:-1] + b', "local_hukou": true, "local_hukou": false}'
    return raw


# --- running the commands ------------------------------------------------------------------

AS_OF = st.dates(min_value=date(2019, 1, 1), max_value=date(2028, 12, 31)).map(date.isoformat)


def run(*args, input: bytes | None = None):
    r = CliRunner().invoke(app, [str(a) for a in args], input=input)
    # No traceback: every way out is a SystemExit with a documented code (or a clean return).
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.stdout + r.stderr
    return r


def check_json(profile: bytes, city: str, as_of: str):
    return run("check", "--city", city, "--as-of", as_of, "-f", "json", "--lang", "en", "-", input=profile)


def batch(lines: list[bytes], as_of: str):
    return run(
        "batch", "--as-of", as_of, "-j", "1", "--lang", "en", "-i", "jsonl", "-", input=b"\n".join(lines) + b"\n"
    )


def jsonl(text: str) -> list[dict]:
    """JSON Lines split at LF only (a U+0085 or U+2028 inside a string is not a line break)."""
    return [json.loads(line) for line in text.split("\n") if line]


def assert_amounts_and_totals(result: dict) -> None:
    """Every amount >= 0 with at most two decimals; each total the sum of what it counts."""
    sums = {"cash_yuan": Decimal(0), "tax_relief_yuan": Decimal(0), "loan_limit_yuan": Decimal(0)}
    kind_total = {"cash": "cash_yuan", "tax_relief": "tax_relief_yuan", "loan": "loan_limit_yuan"}
    for m in result["measures"]:
        for key in ("amount_yuan", "amount_min_yuan"):
            if m[key] is not None:
                amount = Decimal(str(m[key]))
                assert amount >= 0, m
                assert amount.as_tuple().exponent >= -2, m
        if m["status"] != "eligible" or m["amount_yuan"] is None or m["beneficiary"] != "person":
            continue
        sums[kind_total[m["kind"]]] += Decimal(str(m["amount_yuan"]))
    for key, total in sums.items():
        assert Decimal(str(result["totals"][key])) == total, (key, result["totals"], total)


# --- the properties ------------------------------------------------------------------------


@settings(suppress_health_check=SUPPRESS)
@given(profile=profiles, as_of=AS_OF)
def test_check_and_batch_agree_on_valid_profiles(profile, as_of):
    raw = json.dumps(profile, ensure_ascii=False).encode("utf-8")
    c = check_json(raw, profile["city"], as_of)
    b = batch([raw], as_of)
    assert c.exit_code in (0, 3) and b.exit_code == c.exit_code, (c.stderr, b.stdout)
    out = jsonl(b.stdout)
    assert len(out) == 1
    if c.exit_code:  # an id or name past the model's bounds, say: the same refusal in both
        assert out[0]["schema"] == "flexcalc.error/1"
        return
    mine = json.loads(c.stdout)
    assert out[0]["schema"] == mine["schema"] == "flexcalc.result/1"
    for key in ("city", "as_of", "profile_id", "measures", "totals", "entitlements"):
        assert out[0][key] == mine[key], key
    assert_amounts_and_totals(mine)


@settings(suppress_health_check=SUPPRESS)
@given(raw=broken_texts(), city=st.sampled_from(CITY_IDS), as_of=AS_OF)
def test_check_never_traces_back(raw, city, as_of):
    r = check_json(raw, city, as_of)
    assert r.exit_code in (0, 2, 3, 4)
    if r.exit_code == 0:
        assert_amounts_and_totals(json.loads(r.stdout))
    else:
        # a GB18030 reading is said first (flexcalc.grammar); then the error, naming the input
        error = r.stderr.split("\n", 1)[1] if r.stderr.startswith("flexcalc: warning: ") else r.stderr
        assert error.startswith("flexcalc: error: ") and "<stdin>" in error


@settings(suppress_health_check=SUPPRESS)
@given(
    records=st.lists(st.one_of(profiles.map(lambda p: json.dumps(p).encode()), broken_texts()), min_size=1, max_size=6),
    as_of=AS_OF,
)
def test_batch_writes_one_line_per_record_in_order(records, as_of):
    # A record is one line of JSONL: a raw line break inside a broken record makes it two records.
    lines = [part for r in records for part in r.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")]
    lines = [line for line in lines if line.strip()]
    assume(lines and not lines[0].startswith(b"\xef\xbb\xbf"))  # a BOM opening the input is no record
    r = batch(lines, as_of)
    assert r.exit_code in (0, 2, 3), r.stderr
    if r.exit_code == 2:  # a refusal of the whole input writes nothing
        assert r.stdout == ""
        return
    out = jsonl(r.stdout)
    assert len(out) == len(lines)  # nothing lost, nothing added
    errors = [o for o in out if o["schema"] == "flexcalc.error/1"]
    assert (r.exit_code == 3) == bool(errors)
    numbers = [i for i, line in enumerate(b"\n".join(lines).split(b"\n"), 1) if line.strip()]
    for o, number in zip(out, numbers, strict=True):
        if o["schema"] == "flexcalc.error/1":
            assert o["line"] == number and o["errors"]  # in place, naming its line and field
        else:
            assert_amounts_and_totals(o)
