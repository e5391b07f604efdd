"""A bad cities file fails `validate` and `check` alike (exit 4, TOML key path), never a traceback.

Each hole is a one-line mutation of the shipped data/cities.toml (issue 7 §6, issue 9 item 10)."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from flexcalc.data import load
from flexcalc.models.profile import AREA_MAX, DAYS_MAX, MONEY_MAX, RENT_MAX
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile

ROOT = Path(__file__).resolve().parents[1]
TOML = (ROOT / "data" / "cities.toml").read_text(encoding="utf-8")
XINING_MAX = 'partnership_max = { value = 2200000, clause = "10", quote = "發放最高額度不超過220萬元的創業擔保貸款" }\n'
URUMQI_TIERS = 'value = [{ all_of = ["college_graduate"], amount_yuan = 20000 }, { amount_yuan = 10000 }] }'

# (what the mutation breaks, city to check, old text, new text, the TOML key path reported)
HOLES = [
    ("per-partner cap without a max", "xining", XINING_MAX, "", "cities.xining.measures.guarantee_loan.partnership_per_partner"),
    (
        "tiers without a default",
        "urumqi",
        URUMQI_TIERS,
        'value = [{ all_of = ["college_graduate"], amount_yuan = 20000 }] }',
        "cities.urumqi.measures.startup_subsidy.amount.value[0]",
    ),
    (
        "a default tier before the last",
        "urumqi",
        URUMQI_TIERS,
        'value = [{ amount_yuan = 20000 }, { amount_yuan = 10000 }] }',
        "cities.urumqi.measures.startup_subsidy.amount.value[0]",
    ),
    ("amount 1e30", "lianyungang", "cap = { value = 500000,", "cap = { value = 1e30,", "cities.lianyungang.measures.guarantee_loan.cap.value"),
    ("negative amount", "lianyungang", "cap = { value = 500000,", "cap = { value = -1,", "cities.lianyungang.measures.guarantee_loan.cap.value"),
    ("money below the fen", "lianyungang", "cap = { value = 500000,", "cap = { value = 0.001,", "cities.lianyungang.measures.guarantee_loan.cap.value"),
    ("amount NaN", "lianyungang", "cap = { value = 500000,", "cap = { value = nan,", "cities.lianyungang.measures.guarantee_loan.cap.value"),
    ("tier amount 1e30", "urumqi", "amount_yuan = 10000 }] }", "amount_yuan = 1e30 }] }", "cities.urumqi.measures.startup_subsidy.amount.value[1].amount_yuan"),
    ("share 5/3", "urumqi", 'advance_share = { value = "0.5"', 'advance_share = { value = "5/3"', "cities.urumqi.measures.startup_subsidy.advance_share.value"),
    ("share 1/0", "urumqi", 'advance_share = { value = "0.5"', 'advance_share = { value = "1/0"', "cities.urumqi.measures.startup_subsidy.advance_share.value"),
    ("share 0", "urumqi", 'advance_share = { value = "0.5"', 'advance_share = { value = "0"', "cities.urumqi.measures.startup_subsidy.advance_share.value"),
    ("category share 5/3", "urumqi", 'share = "1", max_months = 36 }', 'share = "5/3", max_months = 36 }', "cities.urumqi.measures.social_insurance_subsidy.categories.value[0].share"),
    ("category months", "urumqi", 'share = "1", max_months = 36 }', 'share = "1", max_months = 100000 }', "cities.urumqi.measures.social_insurance_subsidy.categories.value[0].max_months"),
    ("min_months = -6", "urumqi", 'min_months = { value = 12, clause = "三（二）"', 'min_months = { value = -6, clause = "三（二）"', "cities.urumqi.measures.startup_subsidy.min_months.value"),
    ("window of 10**6 months", "urumqi", "window_months = { value = 36,", "window_months = { value = 1000000,", "cities.urumqi.measures.tax_deduction.window_months.value"),
    ("days", "urumqi", "max_days = { value = 730,", "max_days = { value = 100000,", "cities.urumqi.measures.rent_subsidy.max_days.value"),
    ("area", "urumqi", "max_area_m2 = { value = 30,", "max_area_m2 = { value = -30,", "cities.urumqi.measures.rent_subsidy.max_area_m2.value"),
    ("rate", "urumqi", "max_rate_yuan_per_m2_per_day = { value = 1.00,", "max_rate_yuan_per_m2_per_day = { value = 1e9,", "cities.urumqi.measures.rent_subsidy.max_rate_yuan_per_m2_per_day.value"),
    ("daily allowance", "urumqi", "daily_rate = { value = 30,", "daily_rate = { value = 1e9,", "cities.urumqi.measures.training_living_allowance.daily_rate.value"),
    ("years", "xining", 'term_years = { value = 3, clause = "10"', 'term_years = { value = 300, clause = "10"', "cities.xining.measures.guarantee_loan.term_years.value"),
    ("date before 1949", "xining", "valid_from = { value = 2021-05-08", "valid_from = { value = 1800-05-08", "cities.xining.document.valid_from.value"),
    ("date after 2100", "xining", "valid_until = { value = 2026-05-07", "valid_until = { value = 9999-12-31", "cities.xining.document.valid_until.value"),
    ("group path months", "urumqi", "graduated_within_months = 24 }", "graduated_within_months = 10000000 }", "cities.urumqi.measures.social_insurance_subsidy.categories.value[0].who[1].graduated_within_months"),
    ("retirement step", "weihai", "every_months = 4,", "every_months = 100000,", "retirement.steps.value[0].every_months"),
]  # fmt: skip

PROFILE = {
    "id": "p1",
    "birth_date": "1980-05-01",
    "gender": "male",
    "local_hukou": True,
    "groups": ["veteran", "employment_difficulty"],
    "employment": {"form": "individual_business", "registered": True},
    "business": {
        "type": "individual",
        "registered_on": "2024-03-15",
        "first_business": True,
        "partners": 3,
        "employee_pension_months": 8,
        "tax_due_yuan": 9000,
    },
    "loan": {"requested_yuan": 150000},
}


def _mutated(tmp_path, old: str, new: str) -> Path:
    assert TOML.count(old) >= 1, old
    path = tmp_path / "cities.toml"
    path.write_text(TOML.replace(old, new, 1), encoding="utf-8")
    return path


def _no_traceback(r) -> None:
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.stdout + r.stderr


@pytest.mark.parametrize("what, city, old, new, key", HOLES, ids=[h[0] for h in HOLES])
def test_each_hole_fails_validate_and_check_at_its_key(invoke, tmp_path, profile_file, what, city, old, new, key):
    path = _mutated(tmp_path, old, new)
    r = invoke("validate", "--data", path, "--lang", "en")
    _no_traceback(r)
    assert r.exit_code == 4, r.stdout
    ((problem,),) = [[line.split(": ", 1)[1] for line in r.stdout.splitlines() if f": {key}: " in line]]
    c = invoke("check", "--city", city, "--data", path, "--lang", "en", "-f", "json", profile_file(PROFILE))
    _no_traceback(c)
    assert c.exit_code == 4 and c.stdout == ""
    assert problem in c.stderr and len(c.stderr.strip().splitlines()) == 1  # one paragraph, validate's words


def test_unknown_key_speaks_of_the_data_file(invoke, tmp_path, profile_file):
    path = _mutated(tmp_path, XINING_MAX, XINING_MAX.replace("{ value", "{ valeu"))
    key = "cities.xining.measures.guarantee_loan.partnership_max"
    for args in (("validate",), ("check", "--city", "xining", profile_file(PROFILE))):
        r = invoke(*args, "--data", path, "--lang", "en")
        _no_traceback(r)
        out = r.stdout + r.stderr
        assert r.exit_code == 4 and f"{key}.valeu: unknown key 'valeu'" in out
        # a figure may also be a dated entry (from, until), unverified, or follow a national figure
        assert (
            "the keys allowed here are: clause, quote, note, document, note_en, document_en, clause_en, from, until, verified, follows, value"
            in out
        )
        assert "extra" not in out and "contract" not in out
    r = invoke("validate", "--data", path)
    assert (
        f"{key}.valeu：未知的键 'valeu'；此处可用的键：clause, quote, note, document, note_en, document_en, clause_en, from, until, verified, follows, value"
        in r.stdout
    )


# Every figure at the edge of its bounds: the file passes validate, and check pays finite sums.
EDGES = [
    ("cap = { value = 500000,", "cap = { value = 100000000,"),
    ("partnership_per_partner = { value = 200000,", "partnership_per_partner = { value = 100000000,"),
    ("partnership_max = { value = 2200000,", "partnership_max = { value = 100000000,"),
    (URUMQI_TIERS, 'value = [{ all_of = ["college_graduate"], amount_yuan = 0 }, { amount_yuan = 100000000 }] }'),
    ('advance_share = { value = "0.5"', 'advance_share = { value = "1/1000000007"'),
    ("max_area_m2 = { value = 30,", "max_area_m2 = { value = 100000,"),
    ("max_rate_yuan_per_m2_per_day = { value = 1.00,", "max_rate_yuan_per_m2_per_day = { value = 10000,"),
    ("max_days = { value = 730,", "max_days = { value = 3660,"),
    ("max_days_extended = { value = 1095,", "max_days_extended = { value = 3660,"),
    ("daily_rate = { value = 30,", "daily_rate = { value = 10000,"),
    ("max_per_occupation = { value = 1800,", "max_per_occupation = { value = 100000000,"),
    ("max_per_year = { value = 100,", "max_per_year = { value = 100000000,"),
    ("annual_limit = { value = 14400,", "annual_limit = { value = 100000000,"),
    ("window_months = { value = 36,", "window_months = { value = 600,"),
    ('share = "1", max_months = 36 }', 'share = "1", max_months = 600 }'),
    ("valid_until = { value = 2026-05-07", "valid_until = { value = 2100-12-31"),
    ("valid_from = { value = 2021-05-08", "valid_from = { value = 1949-10-01"),
]

# The largest profile the profile model accepts (models/profile.py bounds it too, issue 9).
BIG = {
    **PROFILE,
    "groups": ["veteran", "college_graduate", "employment_difficulty", "registered_unemployed", "disabled"],
    "graduated_on": "2025-06-30",
    "business": {
        **PROFILE["business"],
        "registered_on": "2020-01-15",
        "partners": 1000,
        "employee_pension_months": 600,
        "tax_due_yuan": MONEY_MAX,
        "in_incubator": True,
        "in_community": True,
        "incubation_extended": True,
        "premises": {
            "lease_start": "2020-01-01",
            "lease_end": "2035-01-01",
            "area_m2": AREA_MAX,
            "rent_yuan_per_m2_per_day": RENT_MAX,
        },
    },
    "social_insurance": {
        "pension_yuan": MONEY_MAX,
        "medical_yuan": MONEY_MAX,
        "unemployment_yuan": MONEY_MAX,
        "months": 12,
    },
    "training": [{"occupation": "电子商务师", "cost_yuan": MONEY_MAX, "days": DAYS_MAX, "start": "2026-04-01"}],
    "loan": {"requested_yuan": MONEY_MAX},
}


def test_a_file_that_passes_validate_never_traces_back_in_check(invoke, tmp_path, profile_file, data):
    text = TOML
    for old, new in EDGES:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "edges.toml"
    path.write_text(text, encoding="utf-8")
    r = invoke("validate", "--data", path, "--lang", "en")
    assert r.exit_code == 0, r.stdout
    for profile in (PROFILE, BIG, {"id": "empty"}):
        for city in data.cities:
            c = invoke(
                "check", "--city", city, "--data", path, "--as-of", "2026-06-30", "-f", "json", profile_file(profile)
            )
            _no_traceback(c)
            assert c.exit_code == 0, c.stderr
            for m in json.loads(c.stdout)["measures"]:
                assert m["amount_yuan"] is None or 0 <= m["amount_yuan"] < 10**16, m
    c = invoke("explain", "--city", "xining", "--data", path, "--as-of", "2026-06-30", profile_file(BIG))
    _no_traceback(c)
    assert c.exit_code == 0
    c = invoke("check", "--city", "xining", "--data", path, "--as-of", "2026-06-30", "-f", "json", profile_file(BIG))
    loan = next(m for m in json.loads(c.stdout)["measures"] if m["id"] == "guarantee_loan")
    assert loan["amount_yuan"] == 100_000_000  # 西宁 10 at the edge: min(1000 × 100,000,000, max 100,000,000)


def _veteran_startup():
    """A local veteran's first business, registered 2025-01-02: 14 months operating by 2026-03-02."""
    business = {"type": "individual", "registered_on": "2025-01-02", "first_business": True, "partners": 3}
    profile = {
        "local_hukou": True,
        "groups": ["veteran"],
        "employment": {"form": "individual_business", "registered": True},
        "business": business,
    }
    return parse_profile(json.dumps(profile), "veteran.json")


def test_the_code_does_not_trust_a_tier_list_without_default():
    data = copy.deepcopy(load(ROOT / "data" / "cities.toml").data)
    city = data.cities["urumqi"]
    profile = _veteran_startup()
    m = {x.id: x for x in evaluate(profile, "urumqi", city, date(2026, 3, 2), data).measures}
    # 乌鲁木齐 三（二）: 1万元 for anyone but graduates (2万元)
    assert (m["startup_subsidy"].status, m["startup_subsidy"].amount) == ("eligible", 10000)
    del city.measures.startup_subsidy.amount.value[-1]  # what validation refuses: no default tier
    m = {x.id: x for x in evaluate(profile, "urumqi", city, date(2026, 3, 2), data).measures}
    assert (m["startup_subsidy"].status, m["startup_subsidy"].amount) == ("ineligible", None)  # never 20,000


def test_the_code_does_not_trust_a_per_partner_cap_without_max():
    data = copy.deepcopy(load(ROOT / "data" / "cities.toml").data)
    city = data.cities["xining"]
    profile = _veteran_startup()
    loan = city.measures.guarantee_loan
    m = {x.id: x for x in evaluate(profile, "xining", city, date(2026, 3, 2), data).measures}
    # 西宁 10: min(3 × individual cap, 2,200,000); the individual cap it restated (200,000) is
    # 300,000 from 2023-10-01 (财金〔2023〕75号): min(3 × 300,000, 2,200,000) = 900,000
    assert m["guarantee_loan"].amount == 900000
    loan.partnership_max = None  # what validation refuses
    m = {x.id: x for x in evaluate(profile, "xining", city, date(2026, 3, 2), data).measures}
    assert m["guarantee_loan"].amount == 300000  # no AttributeError: the individual cap
