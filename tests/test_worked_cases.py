"""Worked cases computed by hand from the documents (tests/cases/*.json), run through the pipeline.

A case is named after the clause or the dated change it pins (`urumqi_3_2_loan_…`,
`national_2023_10_01_loan_cap_300000_…`) and keeps that clause in `clause` and the hand working
in `why`. Money is written as a string with two decimals ("200000.00") and compared exactly, as a
Decimal, with the result's amount: no float on the way."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from flexcalc.data import resolve_city
from flexcalc.models.result import Result
from flexcalc.output.serialise import reasons
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile

CASES_DIR = Path(__file__).parent / "cases"
STATUSES = {"eligible", "ineligible", "needs_info", "not_in_force", "not_offered", "excluded"}
CENTS = re.compile(r"\d+\.\d\d")
NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")


def load_cases() -> list[dict]:
    """Every worked case of tests/cases/*.json, in file order."""
    return [case for path in sorted(CASES_DIR.glob("*.json")) for case in json.loads(path.read_text("utf-8"))]


CASES = load_cases()


def run_case(case: dict, data) -> Result:
    city_id, city = resolve_city(data, case["city"])
    profile = parse_profile(json.dumps(case["profile"]), case["name"])
    return evaluate(profile, city_id, city, date.fromisoformat(case["as_of"]), data)


def same_money(got: Decimal | None, want: str | None) -> bool:
    """An amount of the result against a case's "1234.50": the same value, rounded to the cent."""
    if want is None or got is None:
        return got is want
    return got == Decimal(want) and got.as_tuple().exponent == -2


def test_cases_are_named_once_and_assert_a_status_and_money_in_cents():
    assert len({c["name"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert case["clause"] and case["why"] and case["expect"], case["name"]
        assert NAME.fullmatch(case["name"]) and case["city"] in case["name"], case["name"]  # e.g. weihai_16_…
        money = [*case.get("totals", {}).values()]
        for want in case["expect"].values():
            assert want["status"] in STATUSES, case["name"]
            money += [want[k] for k in ("amount", "amount_min") if want.get(k) is not None]
        assert all(isinstance(m, str) and CENTS.fullmatch(m) for m in money), (case["name"], money)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_worked_case(case, data):
    result = run_case(case, data)
    lang = case.get("lang", "zh")
    measures = {m.id: m for m in result.measures}
    for mid, want in case["expect"].items():
        got = measures[mid]
        said = reasons(got, lang)
        where = f"{case['clause']}: {case['why']} — reasons: {said}"
        assert got.status == want["status"], where
        if "amount" in want:
            assert same_money(got.amount, want["amount"]), f"amount {got.amount}: {where}"
        if "amount_min" in want:
            assert same_money(got.amount_min, want["amount_min"]), f"amount_min {got.amount_min}: {where}"
        if "missing" in want:
            assert set(want["missing"]) <= set(got.missing), where
        if "missing_exact" in want:  # rules.md "Absent facts": only what can change the answer
            assert list(got.missing) == want["missing_exact"], where
        if "not_missing" in want:
            assert not set(want["not_missing"]) & set(got.missing), where
        if "amount_is_floor" in want:
            assert got.amount_is_floor is want["amount_is_floor"], where
        if "reason" in want:
            assert any(want["reason"] in r for r in said), where
    listed = {e.id for e in result.entitlements}  # rules.md: a right with a deadline is current up to its last day
    assert not set(case.get("entitlements_absent", ())) & listed, case["why"]
    assert set(case.get("entitlements_present", ())) <= listed, case["why"]
    totals = {**result.totals, **result.totals_min}
    for key, value in case.get("totals", {}).items():
        assert totals[key] == Decimal(value), f"totals.{key} {totals[key]}: {case['why']}"
