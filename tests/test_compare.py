"""`flexcalc compare`: one profile, measures as rows, cities as columns, totals; table and JSON."""

from __future__ import annotations

import json

from rich.cells import cell_len

from flexcalc.catalogue import MEASURE_IDS

PROFILE = {
    "id": "c1",
    "local_hukou": True,
    "groups": ["veteran", "employment_difficulty"],
    "employment": {"form": "individual_business", "registered": True},
    "business": {
        "type": "individual",
        "registered_on": "2025-03-15",
        "first_business": True,
        "employee_pension_months": 8,
        "tax_due_yuan": 9000,
    },
    "social_insurance": {
        "pension_yuan": 4800,
        "medical_yuan": 1600,
        "unemployment_yuan": 0,
        "subsidised_months_before": 0,
    },
    "loan": {"requested_yuan": 150000},
}
ASOF = "2026-06-30"


def _ok(result):
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def _cell(out: str, row: str, city: str) -> str:
    """The first line of a row's cell under a city's column, on the page whose header holds the city."""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(("措施", "Measure")) and city in line.split():
            return next(r for r in lines[i:] if r.startswith(row)).split()[line.split().index(city)]
    raise AssertionError(f"no column {city}")


def test_table_has_every_city_as_a_column_and_totals(invoke, profile_file, data):
    out = _ok(invoke("compare", "--as-of", ASOF, profile_file(PROFILE)))
    heads = [line.split()[1:] for line in out.splitlines() if line.startswith("措施")]
    assert sum(heads, []) == [c.name for c in data.cities.values()]  # every city, in the data's order
    for row in ("税费扣减", "担保贷款", "创业补贴", "社保补贴", "现金合计", "税费减免", "贷款额度"):
        assert row in out
    assert _cell(out, "现金合计", "威海市") == "9,266.67"  # 威海: 5,000 + 4,266.67
    assert "⊘ 不在有效期" in out  # 西宁 after 2026-05-07: the symbol, and the legend says what it means
    assert [_cell(out, row, "西宁市") for row in ("税费扣减", "担保贷款")] == ["⊘", "⊘"]


def test_chosen_cities_by_id_and_chinese_name(invoke, profile_file):
    out = _ok(invoke("compare", "--cities", "weihai,乌鲁木齐", "--as-of", ASOF, "--lang", "en", profile_file(PROFILE)))
    header = next(line for line in out.splitlines() if line.startswith("Measure"))
    assert header.split()[1:] == ["Weihai", "Urumqi"]
    assert "Dalian" not in out and "Cash" in out and "eligible" in out and "符合" not in out


def test_every_cell_fits_one_line_and_80_columns(invoke, profile_file, monkeypatch):
    """Issue 10: every city at 80 columns, zh and en: no cell over two lines (a range), no line over 80."""
    monkeypatch.setenv("COLUMNS", "80")
    for lang in ("zh", "en"):
        out = _ok(invoke("compare", "--as-of", ASOF, "--lang", lang, profile_file(PROFILE)))
        lines = out.splitlines()
        assert max(cell_len(line) for line in lines) <= 80
        rule = next(i for i, line in enumerate(lines) if line.startswith("─"))
        body = lines[rule + 1 : lines.index("", rule)]  # the measure rows, up to the totals
        # a row per measure, at most one continuation line each (a range lo–/hi)
        starts = [i for i, line in enumerate(body) if not line.startswith(" ")]
        assert len(starts) == len(MEASURE_IDS) and len(body) - starts[-1] <= 2
        assert all(b - a <= 2 for a, b in zip(starts, starts[1:], strict=False))


def test_cities_that_do_not_fit_go_on_pages(invoke, profile_file, monkeypatch, data):
    monkeypatch.setenv("COLUMNS", "50")
    out = _ok(invoke("compare", "--as-of", ASOF, "--lang", "en", profile_file(PROFILE)))
    heads = [line.split()[1:] for line in out.splitlines() if line.startswith("Measure")]
    assert len(heads) >= 2 and sum(heads, []) == [c.name_en for c in data.cities.values()]
    assert max(cell_len(line) for line in out.splitlines() if not line.startswith(("示例", "Cities"))) <= 50


def test_json_holds_each_city_result_with_its_audit_stamp(invoke, profile_file):
    out = json.loads(
        _ok(invoke("compare", "-f", "json", "--cities", "urumqi,weihai", "--as-of", ASOF, profile_file(PROFILE)))
    )
    assert out["schema"] == "flexcalc.compare/1"
    assert out["cities"] == ["urumqi", "weihai"] and out["profile_id"] == "c1" and out["as_of"] == ASOF
    assert set(out["audit"]) == {"flexcalc_version", "data_sha256", "as_of"}
    for city in out["cities"]:
        result = out["results"][city]
        assert result["schema"] == "flexcalc.result/1" and result["city"] == city
        assert [m["id"] for m in result["measures"]] == list(MEASURE_IDS)
        assert result["audit"] == out["audit"]
        assert out["totals"][city] == result["totals"]
    # Weihai's tax relief of 2026 is a range (公告2023年第15号, Shandong's uplift not in the data),
    # collapsed by the tax due of 9,000: the totals carry its lower end too
    assert out["totals"]["weihai"] == {
        "cash_yuan": 9266.67,
        "tax_relief_yuan": 9000.0,
        "loan_limit_yuan": 150000.0,
        "tax_relief_min_yuan": 9000.0,
    }


def test_same_answers_as_check(invoke, profile_file):
    path = profile_file(PROFILE)
    compared = json.loads(_ok(invoke("compare", "-f", "json", "--as-of", ASOF, path)))
    for city in compared["cities"]:
        checked = json.loads(_ok(invoke("check", "-f", "json", "--city", city, "--as-of", ASOF, path)))
        assert compared["results"][city] == checked


def test_unknown_city_is_a_usage_error(invoke, profile_file):
    result = invoke("compare", "--cities", "weihai,beijing", profile_file(PROFILE))
    assert result.exit_code == 2
    assert "beijing" in result.stderr and "weihai（威海市）" in result.stderr


def test_invalid_profile_is_exit_3(invoke, profile_file):
    result = invoke("compare", profile_file({"groupz": []}))
    assert result.exit_code == 3 and "groupz" in result.stderr
