"""capped_loan in the rule language (rules/capped_loan.py): 创业担保贷款, values worked by hand from the clauses."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from flexcalc.data import resolve_city
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile

FOUNDER = {
    "groups": ["registered_unemployed"],
    "employment": {"form": "individual_business"},
    "business": {"type": "individual", "registered_on": "2022-01-10"},
}


def loan(data, city: str, as_of: str, profile: dict):
    cid, c = resolve_city(data, city)
    result = evaluate(parse_profile(json.dumps(profile), "p"), cid, c, date.fromisoformat(as_of), data)
    return next(m for m in result.measures if m.id == "guarantee_loan")


def with_business(**fields) -> dict:
    return {**FOUNDER, "business": {**FOUNDER["business"], **fields}}


def notes(m) -> list[str]:
    return [n.render("zh") for n in m.notes]


def test_urumqi_3_2_min_of_requested_and_the_cap_on_each_side_of_2023_10_01(data):
    # 乌鲁木齐 三（二）: 最高不超过20万元; 财金〔2023〕75号: 300,000 from 2023-10-01.
    # min(250,000, 200,000) = 200,000 the day before; min(250,000, 300,000) = 250,000 from that day
    asked = {**FOUNDER, "loan": {"requested_yuan": 250000}}
    before = loan(data, "urumqi", "2023-09-30", asked)
    assert (before.status, before.amount, before.amount_is_floor) == ("eligible", Decimal("200000.00"), False)
    assert before.formula.render("zh").startswith("min(申请 250,000, 上限 200,000")
    after = loan(data, "urumqi", "2023-10-01", asked)
    assert (after.status, after.amount) == ("eligible", Decimal("250000.00"))
    assert "贷款期限最长 3 年，财政贴息" in notes(after)  # 贷款期限三年


def test_urumqi_3_2_nothing_requested_is_the_cap(data):
    # rules.md: the cap when nothing is requested (300,000 at 2024-06-30)
    m = loan(data, "urumqi", "2024-06-30", FOUNDER)
    assert (m.status, m.amount, m.missing) == ("eligible", Decimal("300000.00"), [])
    assert notes(m)[0] == "未提供申请金额，按额度上限"


def test_xining_10_partnership_is_partners_times_the_individual_cap_up_to_2_2_million(data):
    # 西宁 10: 合夥創業的,按合夥創業人數,發放最高額度不超過220萬元
    three = loan(data, "xining", "2024-06-30", with_business(partners=3))
    assert three.amount == Decimal("900000.00")  # min(3 × 300,000, 2,200,000)
    assert three.formula.render("zh") == "额度上限 900,000（合伙 3 人：min(3 × 300,000, 2,200,000)）= 900,000 元"
    before = loan(data, "xining", "2023-09-30", with_business(partners=3))
    assert before.amount == Decimal("600000.00")  # min(3 × 200,000, 2,200,000): the cap before 2023-10-01
    eight = loan(data, "xining", "2024-06-30", with_business(partners=8))
    assert eight.amount == Decimal("2200000.00")  # min(8 × 300,000 = 2,400,000, 2,200,000)
    alone = loan(data, "xining", "2024-06-30", with_business(partners=1))
    assert (alone.amount, alone.amount_is_floor) == (Decimal("300000.00"), False)


def test_xining_10_partners_absent_the_individual_cap_is_a_floor(data):
    m = loan(data, "xining", "2024-06-30", FOUNDER)
    assert (m.status, m.amount, m.amount_is_floor, m.missing) == (
        "eligible",
        Decimal("300000.00"),
        True,
        ["business.partners"],
    )


def test_xining_10_counter_guarantee_waived_up_to_100000_or_for_a_second_time_founder(data):
    # 新發放的10萬元及以下的個人創業擔保貸款……二次創業者……原則上取消反擔保
    waived = "原则上取消反担保（100,000 元及以下或二次创业者）"
    exempt = "100,000 元及以下的贷款或经营稳定守信的二次创业者原则上免反担保"
    at_limit = loan(data, "xining", "2024-06-30", {**FOUNDER, "loan": {"requested_yuan": 100000}})
    assert waived in notes(at_limit) and at_limit.amount == Decimal("100000.00")
    above = loan(data, "xining", "2024-06-30", {**FOUNDER, "loan": {"requested_yuan": 100000.01}})
    assert exempt in notes(above) and waived not in notes(above)
    second = {**with_business(second_time=True), "loan": {"requested_yuan": 150000}}
    assert waived in notes(loan(data, "xining", "2024-06-30", second))


def test_xining_10_out_of_force_after_2026_05_07(data):
    # 有效期5年: 2021-05-08 to 2026-05-07
    assert loan(data, "xining", "2026-05-07", FOUNDER).status == "eligible"
    assert loan(data, "xining", "2026-05-08", FOUNDER).status == "not_in_force"


def test_weihai_7_partnership_600000_and_partners_absent_a_floor_only_above_the_individual_cap(data):
    # 威海 7: 个人创业、合伙创业，可分别申请最高20万元、60万元
    two = loan(data, "weihai", "2023-09-30", with_business(partners=2))
    assert (two.amount, two.amount_is_floor) == (Decimal("600000.00"), False)
    assert loan(data, "weihai", "2024-06-30", with_business(partners=2)).amount == Decimal("600000.00")
    big = loan(data, "weihai", "2024-06-30", {**FOUNDER, "loan": {"requested_yuan": 500000}})
    assert (big.amount, big.amount_is_floor, big.missing) == (Decimal("300000.00"), True, ["business.partners"])
    # min(250,000, 300,000) = 250,000 whatever the partners: not a floor
    small = loan(data, "weihai", "2024-06-30", {**FOUNDER, "loan": {"requested_yuan": 250000}})
    assert (small.amount, small.amount_is_floor, small.missing) == (Decimal("250000.00"), False, [])
    assert "免除反担保（第7条）" in notes(small)  # 对符合条件的借款人，免除反担保要求


def test_dalian_5_no_business_is_ineligible_with_the_cap_in_the_reason(data):
    # rules.md guarantee_loan: "No business" → ineligible, the reason says the cap they could ask for
    worker = {"groups": ["veteran"], "employment": {"form": "part_time"}}
    for day, cap in (("2023-09-30", "200,000"), ("2023-10-01", "300,000")):
        m = loan(data, "dalian", day, worker)
        assert (m.status, m.missing) == ("ineligible", [])
        assert m.checks[-1].text.render("zh") == (
            f"档案显示未经营任何经营主体；登记营业（或筹备创业）后可申请，个人额度上限 {cap} 元"
        )


def test_lianyungang_1_a_planned_business_qualifies(data):
    # rules.md: a business being set up (business.planned) qualifies for the loan; 最高50万元
    m = loan(
        data, "lianyungang", "2024-06-30", {"groups": ["veteran"], "business": {"planned": True, "type": "individual"}}
    )
    assert (m.status, m.amount) == ("eligible", Decimal("500000.00"))
    setting_up = {"groups": ["veteran"], "employment": {"form": "individual_business"}, "business": {"planned": True}}
    xining = loan(data, "xining", "2024-06-30", setting_up)
    assert xining.status == "eligible"


def test_nothing_requested_below_a_fen_is_nothing_to_lend(data):
    # rules.md "Amount of nothing": min(0, 300,000) = 0 is ineligible, not a floor
    m = loan(data, "weihai", "2024-06-30", {**FOUNDER, "loan": {"requested_yuan": 0}})
    assert (m.status, m.amount, m.missing) == ("ineligible", None, [])


def test_an_empty_profile_asks_the_work_and_whether_a_business_is_being_set_up(data):
    # rules.md: with neither business nor employment.form given it is needs_info; the form stays asked
    m = loan(data, "weihai", "2024-06-30", {})
    assert m.status == "needs_info"
    assert m.missing == ["groups", "employment.form", "business.registered_on", "business.planned"]
