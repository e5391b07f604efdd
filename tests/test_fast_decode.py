"""Batch's fast decoder (batch/fastdecode.py, issue 18 item 5) against the old reader (profile_io.read_profile).

The fast decoder may only say "this Profile" — the very Profile read_profile returns — or "not
mine" (None: the worker then asks read_profile, which words the refusal). So on every input:
whenever it accepts, read_profile accepts the same values; and every refusal of the contract
(unknown and duplicate keys, numbers as strings, NaN/Infinity, lone surrogates, numbers out of
bounds) leaves it to read_profile.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flexcalc.batch import fastdecode
from flexcalc.batch.fastdecode import decode
from flexcalc.models import profile as models
from flexcalc.profile_io import RecordProblems, read_profile
from generated import generated

HOSTILE = Path(__file__).resolve().parent / "hostile"


def shape(obj):
    """A value with every type and exact digits kept (the models compare by identity, and
    Decimal('1.0') == Decimal('1'))."""
    if dataclasses.is_dataclass(obj):
        return (type(obj).__name__, tuple((f.name, shape(getattr(obj, f.name))) for f in dataclasses.fields(obj)))
    if isinstance(obj, dict):
        return ("dict", tuple((k, shape(v)) for k, v in obj.items()))
    if isinstance(obj, list):
        return ("list", tuple(shape(x) for x in obj))
    return (type(obj).__name__, repr(obj))


def old(text):
    try:
        return read_profile(text)
    except RecordProblems:
        return None


def agree(text) -> bool:
    """Both readers give the same answer on text; True when the fast decoder took it itself."""
    fast = decode(text)
    slow = old(text)
    if fast is None:
        return False
    assert slow is not None, f"the fast decoder accepted what read_profile refuses: {text!r:.300}"
    assert shape(fast) == shape(slow), text
    return True


def test_the_structs_have_the_models_fields():
    for struct, model in fastdecode._MODELS.items():
        assert struct.__struct_fields__ == tuple(f.name for f in dataclasses.fields(model)), model


@pytest.mark.parametrize("seed", [2024, 7, 11])
def test_generated_profiles_decode_to_the_same_profiles(seed):
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    taken = 0
    for p in generated(1500, seed):
        taken += agree(compact(p).encode())
        taken += agree(json.dumps(p, indent=1))  # text, with whitespace
    assert taken == 3000  # none of them needs the old reader


def _hostile_records():
    """Every record the readers hand on from the files of tests/hostile (JSONL lines, JSON
    documents, JSON array elements, CSV rows as the worker writes them)."""
    from flexcalc.batch.columns import header_problem, row_object

    for path in sorted(HOSTILE.iterdir()):
        raw = path.read_bytes()
        if path.suffix == ".jsonl":
            for line in raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"):
                if line.strip():
                    yield path.name, line
        elif path.suffix == ".json":
            yield path.name, raw
            try:
                doc = json.loads(raw)
            except (ValueError, RecursionError):
                continue
            for item in doc if isinstance(doc, list) else ():
                yield path.name, json.dumps(item, ensure_ascii=False)
        elif path.suffix == ".csv":
            text = raw.decode("utf-8", "surrogateescape")
            try:
                rows = list(csv.reader(io.StringIO(text)))
            except csv.Error:
                continue
            header = tuple(h.strip().lstrip("\ufeff") for h in rows[0]) if rows else ()
            if not rows or header_problem(list(header)):
                continue
            for row in rows[1:]:
                obj, problems = row_object(header, row)
                if not problems:
                    yield path.name, json.dumps(obj, ensure_ascii=False)


HOSTILE_RECORDS = list(_hostile_records())


@pytest.mark.parametrize(
    ("name", "text"), HOSTILE_RECORDS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(HOSTILE_RECORDS)]
)
def test_hostile_records_get_the_old_readers_answer(name, text):
    agree(text)


GOOD = {"id": "p1", "city": "weihai", "birth_date": "1990-05-01", "loan": {"requested_yuan": 100000}}


def _with(**fields) -> str:
    return json.dumps({**GOOD, **fields}, ensure_ascii=False)


# (b) the refusals the contract asks for: each is the old reader's to word.
REFUSED = {
    "unknown key": _with(loan={"requested_yuan": 1, "interest": 2}),
    "unknown top-level key": _with(hukou=True),
    "duplicate key": '{"id": "p1", "local_hukou": true, "local_hukou": false}',
    "duplicate key, nested": '{"id": "p1", "loan": {"requested_yuan": 1, "requested_yuan": 2}}',
    "duplicate key inside extra": '{"id": "p1", "extra": {"a": 1, "a": 2}}',
    "duplicate key in a training course": '{"training": [{"days": 1}, {"days": 2, "days": 3}]}',
    "duplicate key hidden by an escape": '{"id": "p1", "\\u0069d": "p2"}',
    "duplicate key, null then value": '{"name": null, "name": "x"}',
    "duplicate key with a colon in a string": '{"name": "a:b", "city": "weihai", "city": "x"}',
    "number as a string": _with(loan={"requested_yuan": "100000"}),
    "count as a string": _with(business={"partners": "2"}),
    "count as a float": _with(business={"partners": 2.0}),
    "bool as a number": _with(local_hukou=1),
    "number as a bool": _with(loan={"requested_yuan": True}),
    "date as a number": _with(birth_date=19900501),
    "date not ISO": _with(birth_date="1990/05/01"),
    "no such day": _with(birth_date="2023-02-29"),
    "NaN": '{"loan": {"requested_yuan": NaN}}',
    "Infinity": '{"loan": {"requested_yuan": Infinity}}',
    "-Infinity in extra": '{"extra": {"x": -Infinity}}',
    "lone surrogate escape": '{"id": "\\ud800"}',
    "lone low surrogate in extra": '{"extra": {"k": "\\udc00x"}}',
    "lone surrogate in a key": '{"extra": {"\\ud83d": 1}}',
    "money above the bound": _with(loan={"requested_yuan": 100_000_001}),
    "money below zero": _with(social_insurance={"pension_yuan": -0.01}),
    "money 1e27": _with(business={"tax_due_yuan": 1e27}),
    "money 1e400": '{"loan": {"requested_yuan": 1e400}}',
    "integer of 400 digits": '{"loan": {"requested_yuan": ' + "9" * 400 + "}}",
    "partners zero": _with(business={"partners": 0}),
    "hours above a year": _with(employment={"public_welfare_post_hours": 8785}),
    "date before 1900": _with(birth_date="1899-12-31"),
    "date after 2100": _with(graduated_on="2101-01-01"),
    "date 9999": _with(business={"premises": {"lease_end": "9999-12-31"}}),
    "text too long": _with(name="张" * 1001),
    "too many groups": _with(groups=["student"] * 101),
    "unknown group": _with(groups=["astronaut"]),
    "retirement age 50.0": '{"original_retirement_age": 50.0}',
    "retirement age 45": _with(original_retirement_age=45),
    "a fraction of 17 digits": '{"loan": {"requested_yuan": 0.10000000000000001}}',
    "an inexact fraction in extra": '{"extra": {"x": 1.00000000000000001}}',
    "not an object": "[1, 2]",
    "trailing text": _with() + " x",
    "two objects": _with() + _with(),
    "raw control character in a string": '{"name": "a\tb"}',
    "nested too deep in extra": '{"extra": ' + "[" * 201 + "]" * 201 + "}",
    "invalid UTF-8": b'{"name": "\xff"}',
    "GB18030 bytes": '{"name": "张三"}'.encode("gb18030"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refusals_go_to_the_old_reader(case):
    text = REFUSED[case]
    assert decode(text) is None
    if case not in READ_BY_THE_OLD_READER:
        assert old(text) is None, case  # and it refuses them


# Left to read_profile, which reads it: 50.0 for the retirement age (pydantic's Literal takes it
# as 50; msgspec's does not, so the old reader decides, as before).
READ_BY_THE_OLD_READER = {"retirement age 50.0"}


ACCEPTED = {
    "empty profile": "{}",
    "nulls are given keys": '{"id": null, "business": null, "extra": null}',
    "whitespace": ' \n{ "id" : "p1" ,\n "loan" : { "requested_yuan" : 1.5 } }\n ',
    "an escaped key": '{"\\u0069d": "p1"}',
    "money as float and int": _with(loan={"requested_yuan": 100.0}, social_insurance={"pension_yuan": 0.1}),
    "money 1E2 and -0.0": '{"loan": {"requested_yuan": 1E2}, "business": {"tax_due_yuan": -0.0}}',
    "bounds, inclusive": _with(
        loan={"requested_yuan": models.MONEY_MAX},
        business={"partners": 1, "employee_pension_months": 1200},
        birth_date="1900-01-01",
        graduated_on="2100-12-31",
    ),
    "a full profile": json.dumps(generated(1, 3)[0]),
    "extra of every kind": '{"extra": {"a": [1, 2.5, {"b": null, "c": [true, "x"]}], "d": {}}}',
    "a colon in a string": '{"name": "10:30", "extra": {"t": "a:b:c"}}',
    "NUL escape": '{"name": "a\\u0000b"}',
    "a surrogate pair": '{"name": "\\ud83d\\ude00"}',
    "text of 1000 CJK characters": _with(name="张" * 1000),
    "training courses": _with(
        training=[{"occupation": "电工", "cost_yuan": 2400, "days": 30, "start": "2024-03-01"}, {}]
    ),
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_the_same_profile_either_way(case):
    text = ACCEPTED[case]
    taken = agree(text)
    assert taken == (case != "a colon in a string")  # a ':' inside a string is left to read_profile
    assert agree(text.encode()) == taken


def test_batch_writes_the_same_bytes_without_the_fast_decoder(invoke, tmp_path, monkeypatch):
    lines = [json.dumps(p, ensure_ascii=False) for p in generated(300, 5)]
    lines += [REFUSED[k] for k in ("duplicate key", "number as a string", "NaN", "lone surrogate escape")]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ("batch", "--as-of", "2024-06-30", "--lang", "en", "--jobs", "1", src)
    fast = invoke(*args)
    monkeypatch.setattr(fastdecode, "decode", lambda text: None)
    slow = invoke(*args)
    assert fast.exit_code == slow.exit_code == 3
    assert fast.stdout == slow.stdout
    assert fast.stdout.count("flexcalc.error/1") == 4


# Hypothesis: any value at any field (right type or not, in bounds or not), keys repeated at
# random in the text: the fast decoder never accepts what read_profile refuses, nor differs
# (of 2,000 examples read_profile accepts ~100, and the fast decoder takes the same ones).

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.integers(-3, 1300),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["1990-05-01", "1899-12-31", "2100-12-31", "2101-01-01", "2024-02-30", "male", "student"]),
    st.text(max_size=5),
    st.sampled_from([50, 55, 60, "individual", "platform", "weihai"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=3), kids, max_size=3),
    max_leaves=6,
)


def _fields(model) -> list[str]:
    return [f.name for f in dataclasses.fields(model)]


_NESTED = {"employment": models.Employment, "business": models.Business, "social_insurance": models.SocialInsurance}


@st.composite
def _profiles(draw):
    obj: dict = {}
    for name in draw(st.lists(st.sampled_from([*_fields(models.Profile), "bogus"]), max_size=6)):
        if name in _NESTED and draw(st.booleans()):
            inner = _fields(_NESTED[name])
            obj[name] = {k: draw(_VALUES) for k in draw(st.lists(st.sampled_from(inner), max_size=4))}
        elif name == "training" and draw(st.booleans()):
            inner = _fields(models.Training)
            obj[name] = [{k: draw(_VALUES) for k in draw(st.lists(st.sampled_from(inner), max_size=3))}]
        else:
            obj[name] = draw(_VALUES)
    text = json.dumps(obj, ensure_ascii=draw(st.booleans()))
    if obj and draw(st.booleans()):  # repeat one top-level pair
        key = draw(st.sampled_from(sorted(obj)))
        pair = json.dumps({key: draw(_VALUES)})[1:-1]
        text = "{" + pair + ", " + text[1:]
    return text


@given(_profiles())
def test_random_profiles_get_the_old_readers_answer(text):
    agree(text)
    agree(text.encode("utf-8", "replace"))
