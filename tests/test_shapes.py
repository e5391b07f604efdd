"""Rule shapes on made-up city data: the paths no shipped city reaches today.

Each test edits a copy of data/cities.toml (a figure removed, added or changed; the figures are
made up, not any document's) and evaluates one measure, so a shape that a sixth city might use
is tested before a city needs it."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from flexcalc.data import parse, resolve_city
from flexcalc.errors import DataError
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile

TOML = (Path(__file__).resolve().parents[1] / "data" / "cities.toml").read_text(encoding="utf-8")
DALIAN_WAGE = re.search(r"hourly_minimum_wage = \[.*?\n\]\n", TOML, re.S).group(0)
WEIHAI_PARTNERSHIP = re.search(r"partnership_cap = \{ value = 600000,[^\n]*\n", TOML).group(0)
WEIHAI_SI = "[cities.weihai.measures.social_insurance_subsidy.categories]\n"
HOURS = {"employment": {"public_welfare_post_hours": 100}}
VETERAN = {
    "groups": ["veteran"],
    "employment": {"form": "individual_business", "registered": True},
    "business": {"type": "individual", "registered_on": "2025-03-15"},
    "loan": {"requested_yuan": 1000000},
}
DIFFICULTY = {
    "groups": ["employment_difficulty"],
    "employment": {"form": "part_time"},
    "social_insurance": {
        "pension_yuan": 4800,
        "medical_yuan": 1600,
        "unemployment_yuan": 0,
        "months": 12,
        "monthly_base_yuan": 6000,
        "subsidised_months_before": 0,
    },
}


def made_up(*edits: tuple[str, str]):
    """The data with each (old, new) replaced once; old must be there."""
    text = TOML
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return parse(text.encode("utf-8"), "made-up.toml").data


def measure(data, city: str, as_of: str, profile: dict, mid: str):
    cid, c = resolve_city(data, city)
    result = evaluate(parse_profile(json.dumps(profile), "p"), cid, c, date.fromisoformat(as_of), data)
    return next(m for m in result.measures if m.id == mid)


# --- hourly_wage (公益性岗位补贴) ------------------------------------------------------


def test_hourly_wage_unset_names_the_missing_figure():
    # Dalian (一) without its hourly minimum wage: the figure the data lacks is what is missing.
    m = measure(made_up((DALIAN_WAGE, "")), "dalian", "2024-06-30", HOURS, "public_welfare_post_subsidy")
    assert m.status == "needs_info" and m.amount is None
    assert m.missing == ["data:cities.dalian.measures.public_welfare_post_subsidy.hourly_minimum_wage"]


def test_hourly_wage_amount_from_one_undated_figure():
    # a made-up wage of 20 yuan/hour, one figure for every date: 100 hours × 20 = 2,000.00
    data = made_up((DALIAN_WAGE, 'hourly_minimum_wage = { value = 20, clause = "（一）", note = "made up" }\n'))
    m = measure(data, "dalian", "2024-06-30", HOURS, "public_welfare_post_subsidy")
    assert m.status == "eligible" and m.amount == Decimal("2000.00")
    assert m.formula.render("en") == "100 hours × 20 yuan/hour = 2,000.00 yuan (ceiling)"


def test_no_hours_is_ineligible():
    m = measure(
        made_up(),
        "dalian",
        "2024-06-30",
        {"employment": {"public_welfare_post_hours": 0}},
        "public_welfare_post_subsidy",
    )
    assert m.status == "ineligible"


# --- capped_loan: a cap per partner with a ceiling -------------------------------------


PER_PARTNER = (
    WEIHAI_PARTNERSHIP,
    'partnership_per_partner = { value = 100000, clause = "7", note = "made up" }\n'
    'partnership_max = { value = 250000, clause = "7", note = "made up" }\n',
)


@pytest.mark.parametrize(("partners", "cap"), [(2, 200000), (3, 250000), (1, 200000)])
def test_per_partner_cap_up_to_its_ceiling(partners, cap):
    # Weihai 7 with a made-up per-head cap of 100,000 up to 250,000: 2 → 200,000; 3 → the ceiling;
    # one person → the individual cap of 200,000
    profile = dict(VETERAN, business=dict(VETERAN["business"], partners=partners))
    m = measure(made_up(PER_PARTNER), "weihai", "2023-06-30", profile, "guarantee_loan")
    assert m.status == "eligible" and m.amount == cap


def test_per_partner_cap_without_a_ceiling_is_invalid_data():
    edit = (WEIHAI_PARTNERSHIP, 'partnership_per_partner = { value = 100000, clause = "7" }\n')
    with pytest.raises(DataError) as e:
        made_up(edit)
    assert "cities.weihai.measures.guarantee_loan.partnership_per_partner" in str(e.value)
    assert "partnership_max" in str(e.value)


# --- share_of_paid: the contribution-base cap ------------------------------------------


def test_contribution_base_capped_by_a_made_up_average_wage():
    # Weihai 15 with a made-up average wage of 60,000 a year: the monthly base cap is 5,000, so a
    # base of 6,000 counts 5,000/6,000 of the 6,400 paid, × 2/3 = 3,555.56
    wage = 'average_wage_yuan = { value = 60000, clause = "15", note = "made up" }\n\n'
    m = measure(made_up((WEIHAI_SI, wage + WEIHAI_SI)), "weihai", "2026-06-30", DIFFICULTY, "social_insurance_subsidy")
    assert m.status == "eligible" and m.amount == Decimal("3555.56")
    assert "5,000/6,000" in m.formula.render("en")


def test_a_base_under_the_cap_is_not_scaled():
    wage = 'average_wage_yuan = { value = 120000, clause = "15", note = "made up" }\n\n'
    m = measure(made_up((WEIHAI_SI, wage + WEIHAI_SI)), "weihai", "2026-06-30", DIFFICULTY, "social_insurance_subsidy")
    assert m.amount == Decimal("4266.67")  # 6,400 × 2/3, as without a cap


def test_a_range_whose_lower_end_is_above_the_upper_is_invalid_data():
    start = TOML.index(WEIHAI_SI)
    end = TOML.index('share = "2/3"', start) + len('share = "2/3"')
    old = TOML[start:end]
    with pytest.raises(DataError) as e:
        made_up((old, old.removesuffix('share = "2/3"') + 'share = "1/2", share_min = "2/3"'))
    assert "share_min 2/3 is more than share 1/2" in str(e.value)
