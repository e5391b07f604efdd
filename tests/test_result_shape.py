"""The result shape of 0.2: amount_is_floor in every measure, totals' lower ends, the CSV columns, ≥ in tables."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

from flexcalc.batch.worker import CSV_HEADER
from flexcalc.catalogue import MEASURE_IDS
from flexcalc.data import resolve_city
from flexcalc.output.serialise import result_dict
from flexcalc.output.table import amount_text
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile

# 连云港 (十二): a graduate within 2 years in part-time work, 3000 + 1200 + 100 = 4300 paid:
# 1/2 to 2/3 of it, 2150.00 to 2866.67 — the one range among the cash measures.
RANGE = {
    "id": "r1",
    "groups": ["college_graduate"],
    "graduated_on": "2021-07-01",
    "employment": {"form": "part_time"},
    "social_insurance": {"pension_yuan": 3000, "medical_yuan": 1200, "unemployment_yuan": 100},
}


def _result(data, profile, city="lianyungang", as_of="2022-03-01"):
    city_id, c = resolve_city(data, city)
    return evaluate(parse_profile(json.dumps(profile), "t"), city_id, c, date.fromisoformat(as_of), data)


def test_amount_is_floor_follows_amount_min_in_every_measure(data):
    out = result_dict(_result(data, RANGE))
    for m in out["measures"]:
        keys = list(m)
        assert keys[keys.index("amount_min_yuan") + 1] == "amount_is_floor", m["id"]
        assert m["amount_is_floor"] is False, m["id"]


def test_totals_carry_the_lower_end_of_a_range(data):
    """contract.md: where a counted amount is a range, totals carry cash_min_yuan (2150.00 of 2866.67)."""
    out = result_dict(_result(data, RANGE))
    assert out["totals"]["cash_yuan"] == 2866.67
    assert out["totals"]["cash_min_yuan"] == 2150.0
    assert list(out["totals"]) == ["cash_yuan", "cash_min_yuan", "tax_relief_yuan", "loan_limit_yuan"]


def test_totals_without_a_range_have_no_lower_ends(data):
    out = result_dict(_result(data, {"groups": [], "employment": {"form": "part_time"}}))
    assert list(out["totals"]) == ["cash_yuan", "tax_relief_yuan", "loan_limit_yuan"]


def test_floor_is_shown_with_a_sign(data):
    m = next(m for m in _result(data, RANGE).measures if m.id == "training_subsidy")
    floor = replace(m, status="eligible", amount=Decimal("10000.00"), amount_min=None, amount_is_floor=True)
    assert amount_text(floor, "zh") == "≥ 10,000.00"
    assert amount_text(replace(floor, amount_is_floor=False), "en") == "10,000.00"


def test_csv_columns_are_stable(invoke, tmp_path):
    """Every measure has status, amount, lower end and floor flag; every total its lower end (blank if none)."""
    assert CSV_HEADER[2:6] == [
        "tax_deduction.status",
        "tax_deduction.amount_yuan",
        "tax_deduction.amount_min_yuan",
        "tax_deduction.amount_is_floor",
    ]
    assert len(CSV_HEADER) == 2 + 4 * len(MEASURE_IDS) + 6 + 2
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(RANGE) + "\n", encoding="utf-8")
    r = invoke("batch", path, "--city", "lianyungang", "--as-of", "2022-03-01", "--format", "csv", "--jobs", "1")
    assert r.exit_code == 0, r.stderr
    (row,) = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(row) == CSV_HEADER
    assert row["social_insurance_subsidy.amount_yuan"] == "2866.67"
    assert row["social_insurance_subsidy.amount_min_yuan"] == "2150.00"
    assert row["social_insurance_subsidy.amount_is_floor"] == "false"
    assert row["totals.cash_min_yuan"] == "2150.00"
    assert row["totals.tax_relief_min_yuan"] == ""


def test_check_table_shows_the_floor_and_its_words(invoke, profile_file):
    """rules.md "Certain floor": Urumqi 三(二), 12 months, groups unknown -> ≥ 10,000.00, at least …; more if …"""
    person = {
        "local_hukou": True,
        "business": {"type": "individual", "registered_on": "2020-05-31", "first_business": True},
    }
    r = invoke("check", profile_file(person), "--city", "urumqi", "--as-of", "2021-05-31", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert "≥ 10,000.00" in r.stdout
    assert "at least 10,000.00 yuan; more if known: groups" in " ".join(r.stdout.split())
