"""A result that the facts given decide, whatever the absent ones are (rules.md "Absent facts": Kleene
logic, Amount of nothing, Planned business), found by an independent reading checked against flexcalc
on generated and sparse profiles: values worked by hand from the clauses, on the shipped data."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from flexcalc.data import resolve_city
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile


def measure(data, city: str, as_of: str, profile: dict, mid: str):
    cid, c = resolve_city(data, city)
    result = evaluate(parse_profile(json.dumps(profile), "p"), cid, c, date.fromisoformat(as_of), data)
    return next(m for m in result.measures if m.id == mid)


def said(m) -> list[str]:
    return [c.text.render("en") for c in m.checks if c.ok is False]  # the failed checks


# --- Planned business: "A business object is a business: registered when registered_on is given, planned
# when planned is true; with neither, it is one or the other, unknown which — … one that needs a registered
# business asks business.registered_on." (a planned one is ineligible for these measures)

SETTING_UP = {
    "groups": ["college_graduate", "veteran"],
    "graduated_on": "2022-06-30",
    "employment": {"form": "individual_business"},
    "business": {
        "type": "individual",
        "in_incubator": True,
        "incubation_extended": False,
        "premises": {
            "area_m2": 20,
            "rent_yuan_per_m2_per_day": 1,
            "lease_start": "2022-01-01",
            "lease_end": "2022-12-01",
            "state_owned": True,
        },
    },
}


@pytest.mark.parametrize(
    ("city", "mid"),
    [
        ("lianyungang", "startup_subsidy"),  # （一）所创办的创业主体: no figure, no months
        ("lianyungang", "rent_subsidy"),  # （五）free incubator space for graduates
        ("xining", "rent_subsidy"),  # 8 state-owned premises
        ("urumqi", "rent_subsidy"),  # 三（五）: 20 × 1 × 334 days would be 6,680
    ],
)
def test_a_business_with_neither_date_nor_planned_asks_its_registration(data, city, mid):
    m = measure(data, city, "2023-03-01", SETTING_UP, mid)
    assert (m.status, m.amount, m.amount_is_floor) == ("needs_info", None, False)
    assert m.missing[0] == "business.registered_on"
    registered = json.loads(json.dumps(SETTING_UP))
    registered["business"]["registered_on"] = "2022-01-05"
    done = measure(data, city, "2023-03-01", registered, mid)
    assert (done.status, done.amount) == (
        ("eligible", Decimal("6680.00")) if city == "urumqi" else ("eligible", None)
    )  # 2022-01-01 → 2022-12-01 is 334 days: 20 ㎡ × 1.00 × 334 = 6,680.00
    planned = json.loads(json.dumps(SETTING_UP))
    planned["business"]["planned"] = True
    assert measure(data, city, "2023-03-01", planned, mid).status == "ineligible"


def test_no_business_and_no_form_is_not_a_business_for_certain(data):
    # neither a business nor employment.form: a form that is not a business form would make it ineligible
    # (rules.md "No business"), so the free incubator space of Lianyungang（五）is not certain
    none = measure(data, "lianyungang", "2023-03-01", {"groups": ["college_graduate"]}, "rent_subsidy")
    assert (none.status, none.missing[0]) == ("needs_info", "employment.form")
    ran = measure(
        data,
        "lianyungang",
        "2023-03-01",
        {"groups": ["college_graduate"], "employment": {"form": "part_time"}},
        "rent_subsidy",
    )
    assert (ran.status, ran.missing) == ("ineligible", [])
    # a business form without a business object: the form says the person runs one (the worked case
    # lianyungang_1_startup_farmer_individual_form_no_figure), eligible, no figure
    run = {"groups": ["college_graduate"], "employment": {"form": "individual_business"}}
    assert measure(data, "lianyungang", "2023-03-01", run, "rent_subsidy").status == "eligible"


# --- Amount of nothing with unknown conditions: an amount that the given facts make 0 is 0 in every
# completion, so nothing is worth asking (Kleene logic: a condition known to fail decides).


def test_tax_deduction_no_tax_due_is_ineligible_before_the_certificate_is_asked(data):
    # 西宁 9: 按每户每年14400元为限额依次扣减; relief = min(limit, tax due) = min(…, 0) = 0 whether or not the
    # person holds 《就业创业证》, which is absent here
    p = {
        "employment": {"form": "individual_business"},
        "business": {"type": "individual", "registered_on": "2022-01-05", "tax_due_yuan": 0},
    }
    m = measure(data, "xining", "2023-03-01", p, "tax_deduction")
    assert (m.status, m.missing) == ("ineligible", [])
    assert said(m) == ["nothing paid that this subsidy covers"]
    # tax due of 10 yuan: the certificate decides, so it is asked
    p["business"]["tax_due_yuan"] = 10
    asked = measure(data, "xining", "2023-03-01", p, "tax_deduction")
    assert (asked.status, asked.missing) == ("needs_info", ["holds_employment_certificate"])
    p["holds_employment_certificate"] = True
    # 2023: the range 20,000～24,000 × 12/12, capped by the 10 yuan due
    assert measure(data, "xining", "2023-03-01", p, "tax_deduction").amount == Decimal("10.00")


def test_guarantee_loan_nothing_requested_is_ineligible_before_the_groups_are_asked(data):
    # 威海 7: min(requested, 200,000) with 0.004 asked = 0.00, whatever the groups (absent here)
    p = {
        "employment": {"form": "individual_business"},
        "business": {"type": "individual", "registered_on": "2022-01-05"},
        "loan": {"requested_yuan": 0.004},
    }
    m = measure(data, "weihai", "2023-03-01", p, "guarantee_loan")
    assert (m.status, m.missing) == ("ineligible", [])
    assert said(m) == ["the amount asked for is under 0.01 yuan: nothing to lend"]
    p["loan"]["requested_yuan"] = 0.005  # rounds to 0.01: the groups decide
    assert measure(data, "weihai", "2023-03-01", p, "guarantee_loan").missing == ["groups"]


def test_urumqi_3_5_no_area_or_no_rent_is_ineligible_before_the_incubator_is_asked(data):
    # min(area, 30) × min(rent, 1.00) × days: an area of 0 or a rent of 0 pays 0 a day
    for area, rent in ((0, 1), (20, 0)):
        p = {
            "employment": {"form": "individual_business"},
            "business": {
                "type": "individual",
                "registered_on": "2022-01-05",
                "premises": {"area_m2": area, "rent_yuan_per_m2_per_day": rent},
            },
        }
        m = measure(data, "urumqi", "2023-03-01", p, "rent_subsidy")
        assert (m.status, m.missing) == ("ineligible", []), (area, rent)
        assert said(m) == ["nothing paid that this subsidy covers"]


def test_dalian_4_a_lease_of_no_whole_month_is_ineligible_before_first_business_is_asked(data):
    # rate × whole months of the lease / 12: 2022-01-01 → 2022-01-20 is 0 months, 0 at any rate
    p = {
        "employment": {"form": "individual_business"},
        "business": {
            "type": "individual",
            "registered_on": "2022-01-05",
            "premises": {"lease_start": "2022-01-01", "lease_end": "2022-01-20"},
        },
    }
    m = measure(data, "dalian", "2023-03-01", p, "rent_subsidy")
    assert (m.status, m.missing) == ("ineligible", [])
    p["business"]["premises"]["lease_end"] = "2022-03-20"  # 2 months: first_business decides
    assert measure(data, "dalian", "2023-03-01", p, "rent_subsidy").missing == ["business.first_business"]
    p["business"]["first_business"] = True  # groups [] absent → 3,000 × 2 / 12 = 500.00, a floor
    floor = measure(data, "dalian", "2023-03-01", p, "rent_subsidy")
    assert (floor.status, floor.amount, floor.amount_is_floor) == ("eligible", Decimal("500.00"), True)


# --- 西宁 18: 就業困難人員、離校2年內未就業高校畢業生、退役軍人失業登記後……創辦小微企業或從事個體經營……並正常經營1年以上的:
# the unemployment registration on or before the business's, which has operated 12 months by the as-of date.


def test_xining_18_unemployment_registered_under_12_months_ago_fails_whatever_the_business_date(data):
    # at 2021-05-08, registered unemployed on 2023-04-26 (after the as-of date) or on 2021-02-10 (2 months
    # before): a business registered after that has not operated 12 months, so its absent date is not asked
    for day in ("2023-04-26", "2021-02-10"):
        p = {"groups": ["veteran"], "unemployment_registered_on": day, "employment": {"form": "micro_enterprise"}}
        m = measure(data, "xining", "2021-05-08", p, "startup_subsidy")
        assert (m.status, m.missing) == ("ineligible", []), day
        assert said(m) == [
            f"unemployment registered {day}, under 12 months before the as-of date: a business registered after it "
            "has not operated 12 months"
        ]
    # 2020-05-08 → 2021-05-08 is 12 whole months: a business registered that day would qualify, so it is asked
    p["unemployment_registered_on"] = "2020-05-08"
    assert measure(data, "xining", "2021-05-08", p, "startup_subsidy").missing[0] == "business.registered_on"
    p["business"] = {"registered_on": "2020-05-08"}
    ok = measure(data, "xining", "2021-05-08", p, "startup_subsidy")
    assert (ok.status, ok.amount) == ("eligible", Decimal("10000.00"))  # 按規定給予1萬元的一次性創業補貼
    # licence before the unemployment registration: fails (失業登記後)
    p["business"] = {"registered_on": "2020-05-07"}
    assert measure(data, "xining", "2021-05-08", p, "startup_subsidy").status == "ineligible"
