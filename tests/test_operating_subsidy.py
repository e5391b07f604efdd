"""operating_subsidy in the rule language (rules/operating_subsidy.py): values worked by hand from the clauses."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from flexcalc.data import resolve_city
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile

# 乌鲁木齐 三（二）: 本市城乡劳动者首次创办企业或从事个体经营并正常营业1年以上的……1万元……经营6个月以上的，
# 可先行申领50%；高校毕业生……2万元
URUMQI = {
    "groups": ["registered_unemployed"],
    "local_hukou": True,
    "employment": {"form": "individual_business"},
    "business": {"type": "individual", "registered_on": "2023-06-30", "first_business": True},
}
# 西宁 18: 就業困難人員、離校2年內未就業高校畢業生、退役軍人失業登記後……正常經營1年以上的……1萬元
XINING = {
    "groups": ["veteran"],
    "unemployment_registered_on": "2023-05-01",
    "employment": {"form": "individual_business"},
    "business": {"type": "individual", "registered_on": "2023-06-30"},
}
# 威海 6: 正常经营满6个月，且按规定缴纳职工养老保险费6个月以上的新注册（2020年1月1日以后注册登记）个体工商户，5000元
WEIHAI = {
    "employment": {"form": "individual_business"},
    "business": {"type": "individual", "registered_on": "2020-01-01", "employee_pension_months": 6},
}


def measure(data, city: str, as_of: str, profile: dict, mid: str = "startup_subsidy"):
    cid, c = resolve_city(data, city)
    result = evaluate(parse_profile(json.dumps(profile), "p"), cid, c, date.fromisoformat(as_of), data)
    return next(m for m in result.measures if m.id == mid)


def business(profile: dict, **fields) -> dict:
    return {**profile, "business": {**profile["business"], **fields}}


def test_urumqi_3_2_full_sum_after_12_months_half_in_advance_after_6(data):
    # registered 2023-06-30: 12 whole months on 2024-06-30 → 10,000; 11 on 2024-06-29 → 10,000 × 0.5 = 5,000;
    # 6 on 2023-12-30 → 5,000; 5 on 2023-12-29 → not yet
    full = measure(data, "urumqi", "2024-06-30", URUMQI)
    assert (full.status, full.amount, full.missing) == ("eligible", Decimal("10000.00"), [])
    assert full.formula.render("zh") == "一次性补贴 10,000 元 = 10,000.00 元"
    advance = measure(data, "urumqi", "2024-06-29", URUMQI)
    assert (advance.status, advance.amount) == ("eligible", Decimal("5000.00"))
    assert advance.formula.render("zh") == "10,000 元 × 0.5（经营满 6 个月不满 12 个月，先行申领）= 5,000.00 元"
    assert measure(data, "urumqi", "2023-12-30", URUMQI).amount == Decimal("5000.00")
    early = measure(data, "urumqi", "2023-12-29", URUMQI)
    assert (early.status, early.checks[-1].text.render("zh")) == ("ineligible", "正常经营 5 个月 < 6")


def test_urumqi_3_2_graduate_tier_and_a_floor_while_the_group_is_unknown(data):
    grad = {**URUMQI, "groups": ["college_graduate"]}
    assert measure(data, "urumqi", "2024-06-30", grad).amount == Decimal("20000.00")
    assert measure(data, "urumqi", "2024-06-29", grad).amount == Decimal("10000.00")  # 20,000 × 0.5
    unknown = measure(data, "urumqi", "2024-06-30", {k: v for k, v in URUMQI.items() if k != "groups"})
    # rules.md "Certain floor": 10,000 for anyone, 20,000 if a graduate
    assert (unknown.status, unknown.amount, unknown.amount_is_floor, unknown.missing) == (
        "eligible",
        Decimal("10000.00"),
        True,
        ["groups"],
    )


def test_urumqi_3_2_first_business_and_local_hukou_are_required(data):
    assert measure(data, "urumqi", "2024-06-30", {**URUMQI, "local_hukou": False}).status == "ineligible"
    assert measure(data, "urumqi", "2024-06-30", business(URUMQI, first_business=False)).status == "ineligible"


def test_urumqi_3_2_community_employment_aid_5000_once_registered(data):
    # 对在社区从事个体经营和创办小微企业的就业困难人员实现成功创业，给予5000元 (min_months 0)
    aid = business({**URUMQI, "groups": ["employment_difficulty"]}, in_community=True, first_business=False)
    m = measure(data, "urumqi", "2023-06-30", aid, "community_employment_aid")
    assert (m.status, m.amount) == ("eligible", Decimal("5000.00"))
    out = measure(data, "urumqi", "2023-06-30", business(aid, in_community=False), "community_employment_aid")
    assert out.status == "ineligible"


def test_xining_18_unemployment_registered_first_then_12_months(data):
    assert measure(data, "xining", "2024-06-30", XINING).amount == Decimal("10000.00")
    assert measure(data, "xining", "2024-06-29", XINING).status == "ineligible"  # 11 months < 12
    late = measure(data, "xining", "2024-06-30", {**XINING, "unemployment_registered_on": "2023-07-01"})
    assert late.status == "ineligible"  # registered unemployed after the business
    same_day = measure(data, "xining", "2024-06-30", {**XINING, "unemployment_registered_on": "2023-06-30"})
    assert same_day.status == "eligible"
    unknown = measure(
        data, "xining", "2024-06-30", {k: v for k, v in XINING.items() if k != "unemployment_registered_on"}
    )
    assert (unknown.status, unknown.missing) == ("needs_info", ["unemployment_registered_on"])


def test_weihai_6_registered_from_2020_01_01_six_months_and_six_months_of_pension(data):
    assert measure(data, "weihai", "2024-06-30", WEIHAI).amount == Decimal("5000.00")
    assert measure(data, "weihai", "2024-06-30", business(WEIHAI, registered_on="2019-12-31")).status == "ineligible"
    assert measure(data, "weihai", "2024-06-30", business(WEIHAI, employee_pension_months=5)).status == "ineligible"
    recent = business(WEIHAI, registered_on="2024-01-01")  # 5 whole months on 2024-06-30, 6 on 2024-07-01
    assert measure(data, "weihai", "2024-06-30", recent).status == "ineligible"
    assert measure(data, "weihai", "2024-07-01", recent).amount == Decimal("5000.00")
    pension = measure(data, "weihai", "2024-06-30", business(WEIHAI, employee_pension_months=None))
    assert (pension.status, pension.missing) == ("needs_info", ["business.employee_pension_months"])
