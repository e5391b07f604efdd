"""rules.md "Absent facts" as a property over generated profiles with facts left out at random:

- a `needs_info` measure: filling the facts in `missing` with some values changes its result,
  and filling any fact NOT in `missing` (with each sample value) never does;
- an `eligible` floor: filling the facts in `missing` never lowers the amount.

"Result" is the measure's status and amounts. Sample values per field: relevance.samples.
"""

from __future__ import annotations

import itertools
import os
import random
from datetime import date
from pathlib import Path

import orjson
import pytest

from flexcalc.pipeline import evaluate
from flexcalc.relevance import absent, fill, samples
from generated import generated

ROOT = Path(__file__).resolve().parents[1]
N = int(os.environ.get("FLEXCALC_PROPERTY_N", "15"))  # FLEXCALC_PROPERTY_N=500 for a big run
DATES = (date(2021, 6, 30), date(2024, 6, 30))
FIELDS = (
    "gender",
    "birth_date",
    "original_retirement_age",
    "local_hukou",
    "rural_hukou",
    "groups",
    "graduated_on",
    "holds_employment_certificate",
    "unemployment_registered_on",
    "receiving_unemployment_insurance",
    "employment.form",
    "employment.registered",
    "employment.platform_accident_premium_yuan",
    "employment.public_welfare_post_hours",
    "business.type",
    "business.registered_on",
    "business.planned",
    "business.first_business",
    "business.partners",
    "business.in_community",
    "business.in_incubator",
    "business.incubation_extended",
    "business.employee_pension_months",
    "business.premises.area_m2",
    "business.premises.rent_yuan_per_m2_per_day",
    "business.premises.lease_start",
    "business.premises.lease_end",
    "business.premises.state_owned",
    "social_insurance.pension_yuan",
    "social_insurance.medical_yuan",
    "social_insurance.unemployment_yuan",
    "social_insurance.at_minimum_base",
    "social_insurance.subsidised_months_before",
    "training",
)


def _thin(p: dict, rng: random.Random) -> dict:
    """The profile with some facts left out (each leaf with probability 0.3)."""
    out = {}
    for key, value in p.items():
        if key in ("id", "city"):
            out[key] = value
        elif isinstance(value, dict):
            inner = _thin(value, rng)
            if inner and rng.random() > 0.1:
                out[key] = inner
        elif rng.random() > 0.3:
            out[key] = value
    return out


@pytest.fixture(scope="module")
def profiles():
    from flexcalc.models.profile import profile_validator

    rng = random.Random(8)
    validate = profile_validator().validate_json
    return [validate(orjson.dumps(_thin(p, rng))) for p in generated(N, seed=88)]


def _paid_nothing(p, f: str) -> bool:
    """rules.md "Contributions": once any part is given, a part not given is a fact (not paid), not
    an unknown — giving it is a different profile, not the answer to a question."""
    if not f.startswith("social_insurance.") or not f.endswith("_yuan") or f.endswith("base_yuan"):
        return False
    si = p.social_insurance
    return si is not None and any(v is not None for v in (si.pension_yuan, si.medical_yuan, si.unemployment_yuan))


def _key(m) -> tuple:
    return m.status, m.amount, m.amount_min


def _fills(missing: list[str], day: date):
    """Value combinations for the missing facts: first values, last values, then each one varied."""
    fields = [f for f in missing if not f.startswith("data:") and samples(f, day)]
    options = [samples(f, day) for f in fields]
    combos = list(itertools.islice(itertools.product(*options), 16))
    return fields, combos


@pytest.mark.parametrize("day", DATES, ids=str)
def test_absent_facts_property(data, profiles, day):
    checked = {"needs_info": 0, "floor": 0}
    for p in profiles:
        _check(p, data, day, checked)
    assert checked["needs_info"] > 10


def _check(p, data, day: date, checked: dict) -> None:
    """The property for every needs_info measure and every floor of one profile."""
    city = data.cities[p.city]
    result = evaluate(p, p.city, city, day, data)
    cache: dict = {}

    def run(profile, key):
        if key not in cache:
            cache[key] = evaluate(profile, p.city, city, day, data)
        return cache[key]

    for i, m in enumerate(result.measures):
        if m.status != "needs_info" and not m.amount_is_floor:
            continue
        fields, combos = _fills(m.missing, day)
        if not fields:
            continue  # only figures the data lacks
        outcomes = []
        for combo in combos:
            filled = p
            for f, v in zip(fields, combo, strict=True):
                filled = fill(filled, f, v)
            outcomes.append(run(filled, tuple(zip(fields, map(repr, combo), strict=True))).measures[i])
        if m.status == "needs_info":
            checked["needs_info"] += 1
            assert any(_key(o) != _key(m) for o in outcomes), (p.id, m.id, m.missing)
            for f in FIELDS:
                if f in m.missing or not absent(p, f) or _paid_nothing(p, f):
                    continue
                if _makes_the_asked_business(p, f, m.missing):
                    continue
                for v in samples(f, day):
                    got = run(fill(p, f, v), ((f, repr(v)),)).measures[i]
                    assert _key(got) == _key(m), (p.id, m.id, m.missing, f, v, got.status, got.missing)
        else:
            checked["floor"] += 1
            for o in outcomes:
                assert o.status == "eligible" and o.amount >= m.amount, (p.id, m.id, m.missing, _key(o))


def _makes_the_asked_business(p, f: str, missing) -> bool:
    """Filling a `business.*` field of a profile without `business` creates one (rules.md "A
    `business` object is a business"): where `missing` already asks a business fact, that
    question covers the business's existence, so the other business fields need not be asked."""
    return p.business is None and f.startswith("business.") and any(m.startswith("business.") for m in missing)
