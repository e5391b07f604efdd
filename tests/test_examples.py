"""The shipped example profiles, one per city at its richest: figures worked out by hand from each
city's document (clauses in the comments), so the examples the README shows stay right."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from flexcalc.data import resolve_city
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# example file → (city, as-of, {measure: amount or status}, totals (cash, tax relief, loan))
CASES = {
    "urumqi_incubator.json": (
        "urumqi",
        "2023-06-30",
        {
            "tax_deduction": "8000",  # 三（三）: registered 2021-06, 14,400 a year > tax due 8,000
            "guarantee_loan": "200000",  # 三（二）: up to 200,000, asked 200,000
            "rent_subsidy": "17520",  # 三（五）: min(40, 30) m² × 0.8 yuan × 730 days (two-year incubation)
            "training_subsidy": "1500",  # 三（八）: cost 1,500 under the 1,800 per occupation
            "training_living_allowance": "300",  # 三（八）: 30 yuan a day × 10 days (poverty-registered)
            "startup_subsidy": "10000",  # 三（二）: first business, operating over a year, not a graduate
            "community_employment_aid": "excluded",  # 三（二）: 5,000, not with the 10,000 鼓励金
            "social_insurance_subsidy": "6600",  # 三（七）: difficulty person, pension+medical+unemployment in full
        },
        ("35920", "8000", "200000"),
    ),
    "xining_partnership.json": (
        "xining",
        "2023-06-30",
        {
            "tax_deduction": "12000",  # 9: certificate holder, 14,400 a household a year > tax due 12,000
            "guarantee_loan": "300000",  # 10: partnership of 2 × 200,000 (≤ 2,200,000), asked 300,000
            "rent_subsidy": "eligible",  # 8: state-owned premises, rent relief with no figure
            "startup_subsidy": "10000",  # 18: veteran, unemployed first (2021-09-01), licence 2021-10-01, > 1 year
            "social_insurance_subsidy": "eligible",  # 18: registered unemployed then flexible work, 按规定
        },
        ("10000", "12000", "300000"),
    ),
    "lianyungang_graduate.json": (
        "lianyungang",
        "2023-06-30",
        {
            "tax_deduction": "10000",  # （一）: graduate, 14,400 (财税〔2019〕22号, Jiangsu) > tax due 10,000
            "guarantee_loan": "300000",  # （一）: up to 500,000, asked 300,000
            "startup_subsidy": "eligible",  # （一）: graduate within 2 years, no figure
            "social_insurance_subsidy": ("2400", "3200"),  # （十二）: 4,800 paid × 1/2 to 2/3
        },
        ("3200", "10000", "300000"),
    ),
    "dalian_graduate.json": (
        "dalian",
        "2023-12-31",
        {
            "guarantee_loan": "200000",  # （五）: 200,000 from 财金〔2020〕21号
            "rent_subsidy": "20000",  # （四）: graduate from a poor family 10,000 a year × 24 months / 12
            "social_insurance_subsidy": "3600",  # （十三）: graduate within 2 years, 60% of 6,000 at the minimum base
            "public_welfare_post_subsidy": "needs_info",  # （一）: hours and the hourly minimum wage not known
        },
        ("23600", "0", "200000"),
    ),
    "weihai_startup.json": (
        "weihai",
        "2026-06-30",
        {
            "tax_deduction": "9000",  # 5: veteran, 14,400 (Shandong) > tax due 9,000
            "guarantee_loan": "150000",  # 7: asked 150,000 under 200,000
            "startup_subsidy": "5000",  # 6: registered after 2020-01-01
            "social_insurance_subsidy": "4266.67",  # 15: 6,400 paid × 2/3
        },
        ("9266.67", "9000", "150000"),
    ),
}


def test_every_city_has_an_example(data):
    assert {city for city, _, _, _ in CASES.values()} == set(data.cities)
    assert {p.name for p in EXAMPLES.glob("*.json")} == set(CASES)


@pytest.mark.parametrize("example", list(CASES))
def test_example_figures(example, data):
    city, as_of, want, totals = CASES[example]
    profile = parse_profile((EXAMPLES / example).read_text(encoding="utf-8"), example)
    cid, c = resolve_city(data, city)
    result = evaluate(profile, cid, c, date.fromisoformat(as_of), data)
    got = {m.id: m for m in result.measures}
    for mid, value in want.items():
        m = got[mid]
        if isinstance(value, tuple):
            assert (m.status, m.amount_min, m.amount) == ("eligible", Decimal(value[0]), Decimal(value[1])), mid
        elif value[0].isdigit():
            assert (m.status, m.amount) == ("eligible", Decimal(value)), mid
        else:
            assert m.status == value, mid
    cash, tax, loan = (Decimal(x) for x in totals)
    assert (result.totals["cash_yuan"], result.totals["tax_relief_yuan"], result.totals["loan_limit_yuan"]) == (
        cash,
        tax,
        loan,
    )


def test_examples_are_valid_json_objects():
    for path in EXAMPLES.glob("*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), path.name
