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
