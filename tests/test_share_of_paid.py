"""share_of_paid in the rule language (rules/share_of_paid.py): values worked by hand from the clauses."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from flexcalc.data import resolve_city
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile

SI = "social_insurance."
PAID = [SI + "pension_yuan", SI + "medical_yuan", SI + "unemployment_yuan"]
PART_TIME = {"employment": {"form": "part_time"}}
# pension 2,000 + medical 800 + unemployment 200 = 3,000 paid, at the minimum base (Dalian (十三))
DALIAN_PAID = {
    "pension_yuan": 2000,
    "medical_yuan": 800,
    "unemployment_yuan": 200,
    "at_minimum_base": True,
    "months": 12,
    "subsidised_months_before": 0,
}


def measure(data, city: str, as_of: str, profile: dict):
    cid, c = resolve_city(data, city)
    result = evaluate(parse_profile(json.dumps(profile), "p"), cid, c, date.fromisoformat(as_of), data)
    return next(m for m in result.measures if m.id == "social_insurance_subsidy")


def said(m, lang: str = "zh") -> list[str]:
    return [c.text.render(lang) for c in m.checks]


def test_urumqi_3_7_difficulty_person_pension_medical_unemployment_in_full(data):
    # 就业困难人员……按照实际缴纳的基本养老保险、基本医疗保险、失业保险费之和给予全额补贴:
    # 3,000 + 1,000 + 100 = 4,100.00; no average wage for 2023 in the data: the base is not capped, and said so
    profile = {
        "groups": ["employment_difficulty"],
        **PART_TIME,
        "social_insurance": {
            "pension_yuan": 3000,
            "medical_yuan": 1000,
            "unemployment_yuan": 100,
            "months": 12,
            "subsidised_months_before": 0,
        },
    }
    m = measure(data, "urumqi", "2023-06-30", profile)
    assert (m.status, m.amount, m.missing) == ("eligible", Decimal("4100.00"), [])
    assert m.formula.render("zh") == "（养老+医疗+失业）3,000 + 1,000 + 100 = 4,100 × 1 = 4,100.00 元"
    assert said(m, "en")[1:] == [
        "qualifying group: (person with employment difficulty)",
        "0 months received < limit of 36",
    ]
    assert (
        m.notes[0]
        .render("zh")
        .startswith("缴费基数上限为自治区上年度职工社会平均工资，数据文件未设评估日所在年度适用的数额")
    )


def test_urumqi_3_7_ordinary_flexible_worker_pension_only_and_its_36_months(data):
    # 对从事灵活就业的劳动者按实际缴纳的基本养老保险费给予全额补贴 (groups []: the second category): the
    # pension 3,000 only (the medical 1,000 is not subsidised); 上述补贴期限最长不超过3年: 35 received of 36,
    # 12 paid → one month left, 3,000 × 1/12 = 250.00; 36 received → ineligible
    si = {"pension_yuan": 3000, "medical_yuan": 1000, "months": 12, "subsidised_months_before": 0}
    m = measure(data, "urumqi", "2023-06-30", {"groups": [], **PART_TIME, "social_insurance": si})
    assert (m.status, m.amount) == ("eligible", Decimal("3000.00"))
    assert m.formula.render("en") == "(pension) 3,000 = 3,000 × 1 = 3,000.00 yuan"
    assert said(m)[1:] == ["从事灵活就业的劳动者", "已享受 0 个月 < 期限 36 个月"]
    last = {"groups": [], **PART_TIME, "social_insurance": {**si, "subsidised_months_before": 35}}
    m = measure(data, "urumqi", "2023-06-30", last)
    assert (m.status, m.amount) == ("eligible", Decimal("250.00"))
    assert m.formula.render("zh") == "（养老）3,000 = 3,000 × 1/12（补贴期限剩余 1 个月） × 1 = 250.00 元"
    used = {"groups": [], **PART_TIME, "social_insurance": {**si, "subsidised_months_before": 36}}
    m = measure(data, "urumqi", "2023-06-30", used)
    assert (m.status, said(m)[-1]) == ("ineligible", "已享受 36 个月 ≥ 期限 36 个月")


def test_urumqi_3_7_months_left_and_base_cap_exact_rounding_8956_70(data):
    # rules.md money rule: 33,128.4 × 4/10 × 7,856.75/11,624 = 8,956.695 exactly → 8,956.70 (the old
    # 28-digit Decimal code said 8,956.69). Built from the data: as of 2022-06-30 the average wage of 2021,
    # 94,281 (dated from 2022-01-01), caps the monthly base at 94,281 / 12 = 7,856.75 < 11,624; 32 of the
    # 36 months received, 10 paid: 4 left → × 4/10; 20,000 + 10,000 + 3,128.4 = 33,128.4, share 1
    profile = {
        "groups": ["employment_difficulty"],
        **PART_TIME,
        "social_insurance": {
            "pension_yuan": 20000,
            "medical_yuan": 10000,
            "unemployment_yuan": 3128.4,
            "months": 10,
            "subsidised_months_before": 32,
            "monthly_base_yuan": 11624,
        },
    }
    m = measure(data, "urumqi", "2022-06-30", profile)
    assert (m.status, m.amount) == ("eligible", Decimal("8956.70"))
    assert m.formula.render("zh") == (
        "（养老+医疗+失业）20,000 + 10,000 + 3,128.4 = 33,128.4 × 4/10（补贴期限剩余 4 个月） × 7,856.75/11,624"
        "（缴费基数上限：上年度平均工资 94,281 的十二分之一） × 1 = 8,956.70 元"
    )
    assert m.notes[0].render("zh").startswith("2022 年缴费的基数上限所用的上年度平均工资：94,281")


def test_urumqi_3_7_better_category_unknown_is_a_floor_naming_its_facts(data):
    # groups absent: surely a flexible worker (the pension, 3,000); a difficulty person or a graduate within
    # 2 years would get all three (4,100): the floor names groups and graduated_on (with groups
    # [college_graduate] the graduation date decides it: rules.md "Certain floor", missing by definition)
    si = {
        "pension_yuan": 3000,
        "medical_yuan": 1000,
        "unemployment_yuan": 100,
        "months": 12,
        "subsidised_months_before": 0,
    }
    m = measure(data, "urumqi", "2023-06-30", {**PART_TIME, "social_insurance": si})
    assert (m.status, m.amount, m.amount_is_floor) == ("eligible", Decimal("3000.00"), True)
    assert m.missing == ["groups", "graduated_on"]
    assert m.checks[-1].ok is None and m.checks[-1].missing == ("groups", "graduated_on")


def test_urumqi_3_7_no_contribution_given_asks_only_what_the_category_counts(data):
    # rules.md "Contributions": none given at all → needs_info; an ordinary flexible worker (groups []) is
    # subsidised on the pension only, so only the pension can change the answer
    si = {"months": 12, "subsidised_months_before": 0}
    m = measure(data, "urumqi", "2023-06-30", {"groups": [], **PART_TIME, "social_insurance": si})
    assert (m.status, m.missing) == ("needs_info", [SI + "pension_yuan"])
    assert "需实际缴纳的社会保险费" in said(m)


def test_lianyungang_12_range_half_to_two_thirds_absent_part_counted_as_zero(data):
    # 按其实际缴纳社会保险费不低于1/2，不高于2/3给予补贴: pension 3,000 + medical 1,000 + unemployment not
    # given (0, said so) = 4,000; amount 4,000 × 2/3 = 2,666.67, amount_min 4,000 × 1/2 = 2,000.00
    si = {"pension_yuan": 3000, "medical_yuan": 1000, "months": 12}
    m = measure(
        data, "lianyungang", "2024-06-30", {"groups": ["employment_difficulty"], **PART_TIME, "social_insurance": si}
    )
    assert (m.status, m.amount, m.amount_min) == ("eligible", Decimal("2666.67"), Decimal("2000.00"))
    assert (
        m.formula.render("en") == "(pension+medical+unemployment) 3,000 + 1,000 + 0 = 4,000 × 1/2–2/3 = 2,666.67 yuan"
    )
    assert [n.render("zh") for n in m.notes[:2]] == [
        "未提供的失业保险费按未缴纳计（0 元）；计入：养老、医疗",
        "文件给出区间：不低于 1/2，不高于 2/3；金额取上限，下限另列",
    ]


def test_lianyungang_12_graduate_past_two_years_is_not_in_the_groups(data):
    # 离校2年内未就业高校毕业生: graduated 2022-06-30, as of 2024-06-30 the 24 months have passed
    profile = {
        "groups": ["college_graduate"],
        "graduated_on": "2022-06-30",
        **PART_TIME,
        "social_insurance": {"pension_yuan": 3000},
    }
    m = measure(data, "lianyungang", "2024-06-30", profile)
    assert m.status == "ineligible"
    assert said(m)[-1] == "身份不符，需为：就业困难人员、离校2年内未就业高校毕业生"


def test_dalian_13_disabled_difficulty_person_60_percent(data):
    # 纳入就业困难人员范围的残疾人……60%: 3,000 × 0.6 = 1,800.00 (paid at the minimum base: the amount paid)
    profile = {"groups": ["employment_difficulty", "disabled"], **PART_TIME, "social_insurance": DALIAN_PAID}
    m = measure(data, "dalian", "2024-06-30", profile)
    assert (m.status, m.amount) == ("eligible", Decimal("1800.00"))
    assert said(m)[1] == "按最低缴费基数缴费，按实缴计算"


def test_dalian_13_graduate_months_left_of_24_plus_6(data):
    # 离校2年内未就业高校毕业生补贴期限最长不超过24个月……可延长6个月: 28 received of 30, 12 paid → 2 left:
    # 3,000 × 2/12 × 0.6 = 300.00
    si = {**DALIAN_PAID, "subsidised_months_before": 28}
    profile = {"groups": ["college_graduate"], "graduated_on": "2023-07-01", **PART_TIME, "social_insurance": si}
    m = measure(data, "dalian", "2024-06-30", profile)
    assert (m.status, m.amount) == ("eligible", Decimal("300.00"))
    assert said(m)[-1] == "已享受 28 个月 < 期限 30 个月（24+6 延长）"
    assert (
        m.formula.render("zh")
        == "（养老+医疗+失业）2,000 + 800 + 200 = 3,000 × 2/12（补贴期限剩余 2 个月） × 0.6 = 300.00 元"
    )


def test_dalian_13_other_difficulty_person_within_a_year_of_retirement_30_percent(data):
    # 其他人员距法定退休年龄1年时，给予最长不超过1年的补贴: a man born 1964-12-01 retires at 60 on 2024-12-01
    # (before the reform's births): within 12 months on 2024-06-30 → 3,000 × 0.3 = 900.00
    profile = {
        "groups": ["employment_difficulty"],
        "gender": "male",
        "birth_date": "1964-12-01",
        **PART_TIME,
        "social_insurance": DALIAN_PAID,
    }
    m = measure(data, "dalian", "2024-06-30", profile)
    assert (m.status, m.amount) == ("eligible", Decimal("900.00"))
    assert said(m)[-2:] == ["已享受 0 个月 < 期限 12 个月", "距法定退休年龄 12 个月内（退休日 2024-12-01）"]
    far = measure(data, "dalian", "2024-06-30", {**profile, "birth_date": "1970-01-01"})
    assert far.status == "ineligible"


def test_dalian_13_graduate_date_unknown_leaves_the_30_percent_a_floor(data):
    # a difficulty person of a zero-employment family (30%) who is also a college graduate of unknown date:
    # 60% if within 2 years — 900.00 is certain, a floor naming graduated_on
    profile = {
        "groups": ["employment_difficulty", "zero_employment_family", "college_graduate"],
        **PART_TIME,
        "social_insurance": DALIAN_PAID,
    }
    m = measure(data, "dalian", "2024-06-30", profile)
    assert (m.status, m.amount, m.amount_is_floor, m.missing) == ("eligible", Decimal("900.00"), True, ["graduated_on"])


def test_dalian_13_not_at_the_minimum_base_asks_the_data(data):
    # 按最低缴费基数计算的应缴纳社会保险费: paid above it, the minimum base and rates are needed (not in the data)
    si = {**DALIAN_PAID, "at_minimum_base": False}
    m = measure(
        data,
        "dalian",
        "2024-06-30",
        {"groups": ["employment_difficulty", "disabled"], **PART_TIME, "social_insurance": si},
    )
    assert (m.status, m.missing) == (
        "needs_info",
        ["data:cities.dalian.measures.social_insurance_subsidy.minimum_base"],
    )


def test_weihai_15_two_thirds_of_what_was_paid(data):
    # 按规定给予不超过其缴纳职工社会保险费2/3的社会保险补贴: (4,800 + 1,600) × 2/3 = 4,266.67
    si = {"pension_yuan": 4800, "medical_yuan": 1600, "months": 12}
    m = measure(
        data, "weihai", "2024-06-30", {"groups": ["employment_difficulty"], **PART_TIME, "social_insurance": si}
    )
    assert (m.status, m.amount) == ("eligible", Decimal("4266.67"))
    assert m.formula.render("zh") == "（养老+医疗+失业）4,800 + 1,600 + 0 = 6,400 × 2/3 = 4,266.67 元"


def test_weihai_15_no_contribution_given_asks_the_three(data):
    # rules.md "Contributions": only when none is given is the measure needs_info, asking all three
    m = measure(data, "weihai", "2024-06-30", {"groups": ["employment_difficulty"], **PART_TIME})
    assert (m.status, m.missing) == ("needs_info", PAID)


def test_weihai_15_nothing_paid_is_ineligible(data):
    # rules.md "Amount of nothing": contributions given, all 0
    si = {"pension_yuan": 0, "medical_yuan": 0}
    m = measure(
        data, "weihai", "2024-06-30", {"groups": ["employment_difficulty"], **PART_TIME, "social_insurance": si}
    )
    assert (m.status, said(m)[-1]) == ("ineligible", "没有本项所补的支出（金额为 0）")
