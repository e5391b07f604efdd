"""Shapes ported to the rule language: amounts worked out by hand from the documents, and
`missing` by definition (rules.md "Absent facts")."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from flexcalc.data import resolve_city
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile


def measure(data, city: str, as_of: str, profile: dict, mid: str):
    cid, c = resolve_city(data, city)
    result = evaluate(parse_profile(json.dumps(profile), "p"), cid, c, date.fromisoformat(as_of), data)
    return next(m for m in result.measures if m.id == mid)


POOR = {"groups": ["poverty_registered"], "receiving_unemployment_insurance": False}
COURSES = [
    {"occupation": "cook", "days": 10, "start": "2024-03-01"},
    {"occupation": "welder", "days": 25, "start": "2024-05-01"},
    {"occupation": "baker", "days": 40, "start": "2023-06-01"},
]


def test_urumqi_3_8_thirty_yuan_a_day_for_the_longest_course_started_this_year(data):
    # 三（八）每人每天最高不超过30元……每人每年只享受一次: 2024's courses have 10 and 25 days
    # (the 40-day one started in 2023): 30 × 25 = 750.00
    m = measure(data, "urumqi", "2024-06-30", POOR | {"training": COURSES}, "training_living_allowance")
    assert m.status == "eligible" and m.amount == Decimal("750.00")
    assert m.formula.render("en") == "30 yuan/day × 25 days = 750.00 yuan"
    assert [c.text.render("en") for c in m.checks][-1] == "2 course(s) started in 2024"
    # in 2023 only the 40-day course counts: 30 × 40 = 1,200.00
    m = measure(data, "urumqi", "2023-12-31", POOR | {"training": COURSES}, "training_living_allowance")
    assert m.amount == Decimal("1200.00")


def test_urumqi_3_8_not_while_drawing_unemployment_insurance(data):
    # 三（八）且不可同时领取失业保险金
    profile = POOR | {"receiving_unemployment_insurance": True, "training": COURSES}
    m = measure(data, "urumqi", "2024-06-30", profile, "training_living_allowance")
    assert m.status == "ineligible" and m.amount is None


def test_urumqi_3_8_a_course_without_a_start_is_asked_with_the_other_absent_facts(data):
    # the start decides whether the course is this year's; the benefit decides eligibility: both asked
    profile = {"groups": ["poverty_registered"], "training": [{"occupation": "cook", "days": 10}]}
    m = measure(data, "urumqi", "2024-06-30", profile, "training_living_allowance")
    assert m.status == "needs_info"
    assert m.missing == ["receiving_unemployment_insurance", "training[0].start"]
    assert m.checks[-1].text.render("en") == "start date of each course needed"


def test_urumqi_3_8_no_course_this_year_asks_nothing(data):
    # a known failure decides (Kleene): the benefit is not asked
    profile = {"groups": ["poverty_registered"], "training": [COURSES[2]]}
    m = measure(data, "urumqi", "2024-06-30", profile, "training_living_allowance")
    assert m.status == "ineligible" and m.missing == []


def test_dalian_1_hours_times_the_hourly_minimum_wage_in_force_at_the_date(data):
    # （一）按不超过我市小时最低工资标准: 100 hours × 19.2 before 2024-05-01, × 21 from it
    hours = {"employment": {"form": "part_time", "public_welfare_post_hours": 100}}
    before = measure(data, "dalian", "2024-04-30", hours, "public_welfare_post_subsidy")
    after = measure(data, "dalian", "2024-05-01", hours, "public_welfare_post_subsidy")
    assert (before.status, before.amount, after.amount) == ("eligible", Decimal("1920.00"), Decimal("2100.00"))
    assert after.formula.render("zh") == "100 小时 × 21 元/小时 = 2,100.00 元（上限）"
    assert any("2024-05-01" in n.render("en") and "not verified" in n.render("en") for n in after.notes)


def test_dalian_1_hours_absent_is_the_one_fact_asked(data):
    m = measure(data, "dalian", "2024-06-30", {"employment": {"form": "part_time"}}, "public_welfare_post_subsidy")
    assert m.status == "needs_info" and m.missing == ["employment.public_welfare_post_hours"]


PLATFORM = {"employment": {"form": "platform", "registered": True}}


def test_weihai_16_the_premium_up_to_100_a_year(data):
    # 16. 按照每人每年最高100元的标准给予补贴，保险费数额低于100元的，按照实际数额补贴
    paid = {"employment": PLATFORM["employment"] | {"platform_accident_premium_yuan": 120}}
    m = measure(data, "weihai", "2024-06-30", paid, "accident_insurance_subsidy")
    assert m.status == "eligible" and m.amount == Decimal("100.00")
    assert m.formula.render("en") == "min(premium 120, 100) = 100.00 yuan/year"
    paid["employment"]["platform_accident_premium_yuan"] = 80.5
    m = measure(data, "weihai", "2024-06-30", paid, "accident_insurance_subsidy")
    assert m.amount == Decimal("80.50")


def test_weihai_16_the_group_stands_in_for_an_absent_form_which_is_asked_where_the_measure_waits(data):
    # rules.md: the form absent, platform_worker in groups is fair evidence; a form would settle it
    # either way (none → ineligible), so by definition it is asked with the registration
    profile = {"groups": ["platform_worker"], "employment": {"platform_accident_premium_yuan": 50}}
    m = measure(data, "weihai", "2024-06-30", profile, "accident_insurance_subsidy")
    assert m.status == "needs_info" and m.missing == ["employment.registered", "employment.form"]
    profile["employment"]["registered"] = True
    m = measure(data, "weihai", "2024-06-30", profile, "accident_insurance_subsidy")
    assert m.status == "eligible" and m.amount == Decimal("50.00")


def test_weihai_16_a_form_other_than_platform_fails_whatever_the_group(data):
    profile = {"groups": ["platform_worker"], "employment": {"form": "part_time", "registered": True}}
    m = measure(data, "weihai", "2024-06-30", profile, "accident_insurance_subsidy")
    assert m.status == "ineligible" and m.missing == []
    assert m.checks[0].text.render("en") == "the form of work is not platform work"


def test_weihai_16_with_the_form_and_the_groups_absent_only_the_form_can_change_the_answer(data):
    # by definition (rules.md "Absent facts"): a completion fills the form too, and a given form wins
    # over the group, so two completions differing only in `groups` agree — the form alone is asked
    # (the sampled search asked both)
    profile = {"employment": {"registered": True, "platform_accident_premium_yuan": 50}}
    m = measure(data, "weihai", "2024-06-30", profile, "accident_insurance_subsidy")
    assert m.status == "needs_info" and m.missing == ["employment.form"]
    # the premium absent as well: 0 (nothing paid) and 50 differ for a platform worker, so it is asked
    del profile["employment"]["platform_accident_premium_yuan"]
    m = measure(data, "weihai", "2024-06-30", profile, "accident_insurance_subsidy")
    assert m.missing == ["employment.form", "employment.platform_accident_premium_yuan"]
