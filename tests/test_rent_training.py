"""Urumqi 三（五）incubator rent, Dalian（四）site subsidy by the year and Urumqi 三（八）training
subsidy per occupation, in the rule language (rules/rent.py, rules/per_occupation.py): values
worked by hand from the clauses, on the shipped data."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from flexcalc.context import Ctx
from flexcalc.data import resolve_city
from flexcalc.engines import scalar
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile
from flexcalc.rules.lang import Check, Const, Fact, eq
from flexcalc.rules.program import Program


def measure(data, city: str, as_of: str, profile: dict, mid: str):
    cid, c = resolve_city(data, city)
    result = evaluate(parse_profile(json.dumps(profile), "p"), cid, c, date.fromisoformat(as_of), data)
    return next(m for m in result.measures if m.id == mid)


def test_raise_when_names_the_floor_facts_only_where_its_condition_holds():
    # Program.raise_when: (cond, x): the absent facts x reads are named as raising the floor when cond holds
    flag = Fact("business.incubation_extended", "bool", (True, False))
    for cond, named in ((Const(True), ["business.incubation_extended"]), (Const(False), [])):
        program = Program(
            checks=(Check(Const(True), Const(None), Const(None), Const(None)),),
            amount=Const(100),
            raise_when=((cond, eq(flag, True)),),
        )
        out = scalar.run(program, Ctx(parse_profile("{}", "p"), date(2024, 6, 30)))
        assert (out.status, out.raise_if) == ("eligible", named)


# --- Urumqi 三（五）: 按照不超过30㎡（含30㎡）给予房租补贴，补贴标准为每平米每天1元，低于1元标准的按实际
# 标准给予补贴。入孵企业一般孵化周期不超过2年……经人社部门批准后可再延长1年的孵化周期。


def incubator(lease_end: str = "2024-01-01", area=25, rent=0.8, **business) -> dict:
    return {
        "employment": {"form": "individual_business"},
        "business": {
            "type": "individual",
            "registered_on": "2021-06-01",
            "in_incubator": True,
            "premises": {
                "lease_start": "2023-01-01",
                "lease_end": lease_end,
                "area_m2": area,
                "rent_yuan_per_m2_per_day": rent,
            },
            **business,
        },
    }


def rent(data, profile: dict, as_of: str = "2023-06-30"):
    return measure(data, "urumqi", as_of, profile, "rent_subsidy")


def test_urumqi_3_5_incubator_rent_area_times_rate_times_days(data):
    # 2023-01-01 to 2024-01-01 is 365 days: 25 ㎡ × 0.80 × 365 = 7,300.00
    m = rent(data, incubator())
    assert (m.status, m.amount, m.amount_is_floor, m.missing) == ("eligible", Decimal("7300.00"), False, [])
    assert m.formula.render("en") == "min(25, 30) m² × min(0.8, 1.00) yuan/m²/day × min(365, 730) days = 7,300.00 yuan"
    # 30 ㎡ is inside the cap (含30㎡); 40 ㎡ counts as 30: 30 × 0.80 × 365 = 8,760.00
    assert rent(data, incubator(area=30)).amount == Decimal("8760.00")
    assert rent(data, incubator(area=40)).amount == Decimal("8760.00")
    # 1 yuan a ㎡ a day at most: 1.20 counts as 1.00 (25 × 1 × 365 = 9,125.00); 0.99 as given
    assert rent(data, incubator(rent=1.2)).amount == Decimal("9125.00")
    assert rent(data, incubator(rent=0.99)).amount == Decimal("9033.75")  # 25 × 0.99 × 365


def test_urumqi_3_5_incubation_of_2_years_730_days_or_3_with_the_extension(data):
    # 2023-01-01 + 800 days = 2025-03-11 (2024 a leap year): more than the 730 days of two years
    long = "2025-03-11"
    floor = rent(data, incubator(long))
    # extension unknown: the 730-day amount is certain (25 × 0.8 × 730 = 14,600), a floor (rules.md "Certain floor")
    assert (floor.status, floor.amount, floor.amount_is_floor) == ("eligible", Decimal("14600.00"), True)
    assert floor.missing == ["business.incubation_extended"]
    no = rent(data, incubator(long, incubation_extended=False))
    assert (no.amount, no.amount_is_floor, no.missing) == (Decimal("14600.00"), False, [])
    # approved extension: up to 1,095 days, so all 800: 25 × 0.8 × 800 = 16,000
    yes = rent(data, incubator(long, incubation_extended=True))
    assert (yes.amount, yes.amount_is_floor) == (Decimal("16000.00"), False)
    # 1,200 days with the extension: capped to 1,095 (25 × 0.8 × 1,095 = 21,900)
    assert rent(data, incubator("2026-04-15", incubation_extended=True)).amount == Decimal("21900.00")
    # exactly 730 days (2023-01-01 to 2024-12-31): no floor, the extension is not asked
    edge = rent(data, incubator("2024-12-31"))
    assert (edge.amount, edge.amount_is_floor, edge.missing) == (Decimal("14600.00"), False, [])
    # 731 days: the floor again
    assert rent(data, incubator("2025-01-01")).amount_is_floor


def test_urumqi_3_5_rent_of_nothing_a_day_is_ineligible_whatever_the_extension(data):
    # rules.md "Amount of nothing" and "Absent facts": 25 ㎡ × min(0, 1.00) × 730 = 0, and with the
    # extension 25 × 0 × 800 = 0 too: the 800-day lease's unknown extension changes nothing, so it is not asked
    m = rent(data, incubator("2025-03-11", rent=0))
    assert (m.status, m.amount, m.amount_is_floor, m.missing) == ("ineligible", None, False, [])
    # the reason is the nothing paid, not "more if an extension was approved"
    assert [(c.ok, c.text.render("en")) for c in m.checks if c.ok is not True] == [
        (False, "nothing paid that this subsidy covers")
    ]
    # a rent of 0.001 a ㎡ a day is not nothing: 25 × 0.001 × 730 = 18.25, a floor (the extension unknown)
    small = rent(data, incubator("2025-03-11", rent=0.001))
    assert (small.status, small.amount, small.amount_is_floor) == ("eligible", Decimal("18.25"), True)
    # area 0: 0 × 0.8 × 730 = 0, likewise
    none = rent(data, incubator("2025-03-11", area=0))
    assert (none.status, none.missing) == ("ineligible", [])


def test_urumqi_3_5_incubator_rent_needs_an_incubator_and_a_lease(data):
    out = rent(data, incubator(in_incubator=False))
    assert (out.status, out.missing) == ("ineligible", [])
    # a lease that ends the day it starts is no lease
    assert rent(data, incubator("2023-01-01")).status == "ineligible"
    asked = incubator()
    del asked["business"]["premises"]["area_m2"]
    m = rent(data, asked)
    assert (m.status, m.missing) == ("needs_info", ["business.premises.area_m2"])


# --- Dalian（四）: 对租用场地初次创业人员,创办经营实体自工商登记注册之日起正常运营6个月以上的,按照实际租赁
# 期限给予每年3000元的创业场地补贴,累计不超过24个月;残疾人每年6000元;高校毕业生每年8000元,其中困难条件
# 和脱贫家庭高校毕业生及残疾高校毕业生每年1万元。


def site(groups: list | None, registered_on: str = "2023-06-01", lease_end: str = "2024-01-01") -> dict:
    p: dict = {
        "employment": {"form": "individual_business"},
        "business": {
            "type": "individual",
            "registered_on": registered_on,
            "first_business": True,
            "premises": {"lease_start": "2023-06-01", "lease_end": lease_end},
        },
    }
    if groups is not None:
        p["groups"] = groups
    return p


def dalian(data, profile: dict, as_of: str = "2024-04-30"):
    return measure(data, "dalian", as_of, profile, "rent_subsidy")


def test_dalian_4_site_subsidy_yearly_rate_by_group_for_the_lease_months(data):
    # a 7-month lease (2023-06-01 to 2024-01-01): the rate × 7 / 12, exact, rounded once
    m = dalian(data, site(["college_graduate"]))
    assert (m.status, m.amount) == ("eligible", Decimal("4666.67"))  # 8,000 × 7 / 12 = 4,666.666…
    assert m.formula.render("en") == "8,000 yuan/year × min(7, 24) months / 12 = 4,666.67 yuan"
    assert dalian(data, site(["college_graduate", "disabled"])).amount == Decimal("5833.33")  # 10,000 × 7/12
    assert dalian(data, site(["college_graduate", "poverty_registered"])).amount == Decimal("5833.33")
    assert dalian(data, site(["disabled"])).amount == Decimal("3500.00")  # 6,000 × 7/12
    assert dalian(data, site([])).amount == Decimal("1750.00")  # 3,000 × 7/12
    # 24 months at most: a 30-month lease counts 24 (8,000 × 24 / 12 = 16,000)
    assert dalian(data, site(["college_graduate"], lease_end="2025-12-01")).amount == Decimal("16000.00")


def test_dalian_4_groups_unknown_the_3000_rate_is_a_floor(data):
    m = dalian(data, site(None))
    assert (m.status, m.amount, m.amount_is_floor, m.missing) == ("eligible", Decimal("1750.00"), True, ["groups"])


def test_dalian_4_lease_under_a_month_is_nothing_whatever_the_groups(data):
    # 2023-06-01 to 2023-06-20 is 0 whole months: every rate (3,000 … 10,000) × 0 / 12 = 0, so the unknown
    # groups change nothing (rules.md "Amount of nothing"; "Absent facts": ask only what can change the answer)
    m = dalian(data, site(None, lease_end="2023-06-20"))
    assert (m.status, m.amount, m.amount_is_floor, m.missing) == ("ineligible", None, False, [])
    # a 1-month lease (to 2023-07-01) with groups unknown: 3,000 × 1 / 12 = 250.00 certain, a floor
    one = dalian(data, site(None, lease_end="2023-07-01"))
    assert (one.status, one.amount, one.amount_is_floor, one.missing) == (
        "eligible",
        Decimal("250.00"),
        True,
        ["groups"],
    )


def test_dalian_4_operating_6_months_from_registration(data):
    # 2023-10-30 to 2024-04-30 is 6 whole months (正常运营6个月以上); from 2023-11-01 only 5
    assert dalian(data, site([], registered_on="2023-10-30")).status == "eligible"
    assert dalian(data, site([], registered_on="2023-11-01")).status == "ineligible"
    # not a first business
    second = site([])
    second["business"]["first_business"] = False
    assert dalian(data, second).status == "ineligible"


# --- Urumqi 三（八）: 按照每人最高不超过1800元/职业（工种）的标准给予职业培训补贴


def trained(courses: list | None) -> dict:
    p: dict = {"employment": {"form": "part_time"}}
    if courses is not None:
        p["training"] = courses
    return p


def training(data, profile: dict):
    return measure(data, "urumqi", "2023-06-30", profile, "training_subsidy")


def test_urumqi_3_8_training_subsidy_each_occupation_once_up_to_1800(data):
    courses = [
        {"occupation": "电工", "days": 10, "cost_yuan": 1000},
        {"occupation": "电工", "days": 5, "cost_yuan": 500},  # the same occupation again: not counted
        {"occupation": "焊工", "days": 10, "cost_yuan": 2500},  # capped: 1,800
        {"occupation": "厨师", "days": 10},  # no cost: the cap, 1,800
    ]
    m = training(data, trained(courses))
    assert (m.status, m.amount) == ("eligible", Decimal("4600.00"))  # 1,000 + 1,800 + 1,800
    assert m.formula.render("en") == (
        "min(1,000, 1,800) + min(2,500, 1,800) + 1,800 (no cost given: the cap) = 4,600.00 yuan"
    )
    assert [n.render("en") for n in m.notes[:2]] == [
        "courses without a cost count at the cap of 1,800 yuan",
        "one subsidy per occupation: 1 repeated course(s) left out",
    ]
    assert training(data, trained([{"occupation": "电工", "days": 3, "cost_yuan": 1800}])).amount == Decimal("1800.00")


def test_urumqi_3_8_no_course_is_ineligible_and_absent_is_asked(data):
    # rules.md "No course": training [] is a known failure; absent is a question
    none = training(data, trained([]))
    assert (none.status, none.missing) == ("ineligible", [])
    absent = training(data, trained(None))
    assert (absent.status, absent.missing) == ("needs_info", ["training"])
    unnamed = training(data, trained([{"days": 3, "cost_yuan": 100}]))
    assert (unnamed.status, unnamed.missing) == ("needs_info", ["training[0].occupation"])
