"""`flexcalc check` through the CLI: both formats, city names, stdin, and every exit code."""

from __future__ import annotations

import json

import pytest

from flexcalc.catalogue import MEASURE_IDS

WEIHAI = {
    "id": "w1",
    "groups": ["veteran"],
    "employment": {"form": "individual_business", "registered": True},
    "business": {
        "type": "individual",
        "registered_on": "2025-03-15",
        "employee_pension_months": 8,
        "tax_due_yuan": 9000,
    },
    "loan": {"requested_yuan": 150000},
}


def _json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_every_measure_in_contract_shape(invoke, profile_file):
    out = _json(invoke("check", "--city", "weihai", "--as-of", "2026-11-22", "--format", "json", profile_file(WEIHAI)))
    assert out["schema"] == "flexcalc.result/1"
    assert (out["city"], out["city_name"], out["as_of"], out["profile_id"]) == ("weihai", "威海市", "2026-11-22", "w1")
    assert [m["id"] for m in out["measures"]] == list(MEASURE_IDS)
    keys = {
        "id",
        "name",
        "kind",
        "beneficiary",
        "status",
        "amount_yuan",
        "amount_min_yuan",
        "period",
        "source",
        "reasons",
        "missing",
        "department",
    }
    assert all(keys <= set(m) for m in out["measures"])
    m = {x["id"]: x for x in out["measures"]}
    # 威海 5: registered 2025-03, tax year 2026 fully inside the 36 months; the limit of 2026 is
    # 公告2023年第15号's 20,000..24,000 (Shandong's uplift not in the data): min(20,000..24,000, 9,000) = 9,000
    assert m["tax_deduction"]["amount_yuan"] == 9000.0 and m["tax_deduction"]["amount_min_yuan"] == 9000.0
    # 威海 6: operating 20 months ≥ 6, pension 8 months ≥ 6, registered after 2020-01-01: 5,000
    assert (m["startup_subsidy"]["status"], m["startup_subsidy"]["amount_yuan"]) == ("eligible", 5000.0)
    assert m["startup_subsidy"]["source"]["clause"] == "6"
    # 威海 7: min(requested 150,000, cap 200,000)
    assert m["guarantee_loan"]["amount_yuan"] == 150000.0
    assert m["rent_subsidy"]["status"] == "not_offered"
    # the tax relief is a range (collapsed by the tax due): totals carry its lower end too
    assert out["totals"] == {
        "cash_yuan": 5000.0,
        "tax_relief_yuan": 9000.0,
        "loan_limit_yuan": 150000.0,
        "tax_relief_min_yuan": 9000.0,
    }
    assert len(out["audit"]["data_sha256"]) == 64


@pytest.mark.parametrize("city", ["weihai", "威海", "威海市", "WEIHAI"])
def test_city_by_id_or_chinese_name(invoke, profile_file, city):
    out = _json(invoke("check", "--city", city, "--as-of", "2026-11-22", "-f", "json", profile_file(WEIHAI)))
    assert out["city"] == "weihai"


def test_standard_input_with_bom(invoke):
    text = "\ufeff" + json.dumps(WEIHAI)
    out = _json(
        invoke("check", "--city", "weihai", "--as-of", "2026-11-22", "-f", "json", "-", input=text.encode("utf-8"))
    )
    assert out["profile_id"] == "w1"


def test_table_in_chinese_and_english(invoke, profile_file):
    path = profile_file(WEIHAI)
    zh = invoke("check", "--city", "weihai", "--as-of", "2026-11-22", path)
    assert zh.exit_code == 0
    assert "一次性创业补贴" in zh.stdout and "5,000.00" in zh.stdout and "150,000.00" in zh.stdout
    en = invoke("check", "--city", "weihai", "--as-of", "2026-11-22", "--lang", "en", path)
    assert en.exit_code == 0
    assert "Weihai" in en.stdout and "eligible" in en.stdout and "5,000.00" in en.stdout
    assert "符合" not in en.stdout  # statuses in English


def test_xining_expired_after_2026_05_07(invoke, profile_file):
    # 宁政办〔2021〕33号: 有效期5年 from 2021-05-08 → last day 2026-05-07
    path = profile_file(
        {"holds_employment_certificate": True, "business": {"type": "individual", "registered_on": "2025-01-10"}}
    )
    last = {
        m["id"]: m
        for m in _json(invoke("check", "--city", "xining", "--as-of", "2026-05-07", "-f", "json", path))["measures"]
    }
    after = {
        m["id"]: m
        for m in _json(invoke("check", "--city", "xining", "--as-of", "2026-05-08", "-f", "json", path))["measures"]
    }
    assert last["tax_deduction"]["status"] == "eligible"
    # Xining 9 restated 14,400; from tax year 2023 公告2023年第15号 supersedes it: 20,000 national,
    # up to 20% provincial uplift, Qinghai's figure not in the data → 20,000..24,000 for 12 months of 2026
    assert last["tax_deduction"]["amount_yuan"] == 24000.0
    assert last["tax_deduction"]["amount_min_yuan"] == 20000.0
    assert after["tax_deduction"]["status"] == "not_in_force"
    assert after["community_employment_aid"]["status"] == "not_offered"


# --- exit codes -------------------------------------------------------------------


def _fails(result, code, *words):
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    for w in words:
        assert w in result.stderr, result.stderr


def test_unknown_city_exit_2_lists_known(invoke, profile_file):
    _fails(invoke("check", "--city", "beijing", profile_file(WEIHAI)), 2, "beijing", "weihai（威海市）", "urumqi")
    _fails(invoke("check", "--city", "beijing", profile_file(WEIHAI), "--lang", "en"), 2, "weihai (Weihai)")


def test_bad_as_of_exit_2(invoke, profile_file):
    _fails(
        invoke("check", "--city", "weihai", "--as-of", "2021-02-30", profile_file(WEIHAI)), 2, "--as-of", "YYYY-MM-DD"
    )


def test_bad_option_value_exit_2(invoke, profile_file):
    assert invoke("check", "--city", "weihai", "--format", "xml", profile_file(WEIHAI)).exit_code == 2


@pytest.mark.parametrize(
    "text, words",
    [
        ('{"id": "x", ', ["not valid JSON", "line 1"]),
        ("[1, 2]", ["must be a JSON object"]),
        ('{"birth_date": "2021-02-30"}', ["birth_date", "no such day"]),
        ('{"birth_date": 20210101}', ["birth_date"]),
        ('{"business": {"tax_due_yuan": -5}}', ["business.tax_due_yuan", "greater than or equal to 0"]),
        ('{"business": {"premises": {"area_m2": "big"}}}', ["business.premises.area_m2"]),
        ('{"groupz": ["veteran"]}', ["groupz", "unknown field"]),
        ('{"groups": ["veteran", "astronaut"]}', ["groups[1]"]),
        ('{"training": [{"days": 3.5}]}', ["training[0].days"]),
        ('{"local_hukou": "yes"}', ["local_hukou"]),
        ('{"extra": {"anything": [1, 2]}, "id": 7}', ["id", "string"]),
    ],
)
def test_invalid_profile_exit_3_names_file_and_field(invoke, profile_file, text, words):
    path = profile_file(text)
    _fails(invoke("check", "--city", "weihai", "--lang", "en", path), 3, str(path), *words)


def test_errors_are_chinese_by_default(invoke, profile_file):
    path = profile_file('{"birth_date": "2021-02-30", "business": {"tax_due_yuan": -5}, "zz": 1}')
    result = invoke("check", "--city", "weihai", path)
    _fails(
        result, 3, "人员信息有误", "birth_date：应为有效日期", "business.tax_due_yuan：应大于或等于 0", "zz：未知字段"
    )


def test_extra_is_free_form(invoke, profile_file):
    out = _json(invoke("check", "--city", "weihai", "-f", "json", profile_file({"extra": {"备注": [1, {"a": None}]}})))
    assert out["schema"] == "flexcalc.result/1"


def test_missing_profile_file_exit_3(invoke, tmp_path):
    _fails(invoke("check", "--city", "weihai", "--lang", "en", tmp_path / "nope.json"), 3, "nope.json", "cannot read")


def test_not_utf8_exit_3(invoke, profile_file, tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"name": "\xff\xfe"}')  # neither UTF-8 nor GB18030
    _fails(invoke("check", "--city", "weihai", "--lang", "en", path), 3, "bad.json", "UTF-8")
    _fails(invoke("check", "--city", "weihai", "--lang", "en", "--encoding", "gb18030", path), 3, "GB18030")


@pytest.mark.parametrize("command", [["compare", "--cities", "weihai"], ["advise", "--city", "weihai"]])
def test_other_commands_say_a_gb18030_reading_in_the_runs_language(invoke, tmp_path, command):
    path = tmp_path / "gbk.json"
    path.write_bytes('{"id": "p1", "name": "张三"}'.encode("gb18030"))
    r = invoke(*command, "--as-of", "2024-06-30", "--lang", "en", path)
    assert r.exit_code == 0, r.stderr
    assert "is not UTF-8; read as GB18030" in r.stderr and "不是 UTF-8" not in r.stderr


def test_a_gb18030_profile_is_read_and_said(invoke, tmp_path):
    """Issue 21 section 4: `check` read only UTF-8; a profile saved by a Chinese spreadsheet or
    editor is GB18030 (with or without its BOM)."""
    path = tmp_path / "gbk.json"
    path.write_bytes('{"id": "p1", "name": "张三", "birth_date": "1990-01-01"}'.encode("gb18030"))
    r = invoke("check", "--city", "weihai", "--lang", "en", "--format", "json", path)
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["profile_id"] == "p1" and "read as GB18030" in r.stderr
    r = invoke("check", "--city", "weihai", "--format", "json", "--encoding", "gb18030", path)
    assert r.exit_code == 0 and r.stderr == "" and json.loads(r.stdout)["profile_id"] == "p1"
    path.write_bytes(b"\x84\x31\x95\x33" + '{"id": "p2", "name": "李四"}'.encode("gb18030"))  # with GB18030's BOM
    r = invoke("check", "--city", "weihai", "--format", "json", path)
    assert r.exit_code == 0 and r.stderr == "" and json.loads(r.stdout)["profile_id"] == "p2"


@pytest.mark.parametrize("name", ["hex", "rot13", "base64", "zlib", "idna", "punycode", "utf-16", "nope"])
def test_encoding_accepts_only_the_documented_text_encodings(invoke, tmp_path, name):
    """Issue 22 item 10: --encoding hex (rot13, base64…) was a LookupError traceback."""
    path = tmp_path / "p.json"
    path.write_text("{}", encoding="utf-8")
    for cmd in (("check", "--city", "weihai"), ("batch",)):
        r = invoke(*cmd, "--encoding", name, "--lang", "en", path)
        assert r.exit_code == 2, (cmd, r.stdout, r.stderr)
        assert "not a text encoding" in r.stderr and "gb18030" in r.stderr and "Traceback" not in r.stderr


def test_broken_data_file_exit_4(invoke, profile_file, tmp_path):
    bad = tmp_path / "cities.toml"
    bad.write_text("schema_version = 1\n[cities.x\n", encoding="utf-8")
    _fails(invoke("check", "--city", "weihai", "--data", bad, profile_file(WEIHAI)), 4, "cities.toml", "TOML 格式错误")


def test_data_from_environment_exit_4(invoke, profile_file, tmp_path, monkeypatch):
    monkeypatch.setenv("FLEXCALC_DATA", str(tmp_path / "missing.toml"))
    _fails(invoke("check", "--city", "weihai", profile_file(WEIHAI)), 4, "missing.toml")


def test_cities_and_schema(invoke, data):
    cities = json.loads(invoke("cities", "--json").stdout)
    assert [c["id"] for c in cities] == list(data.cities)  # every city of the data, in its order
    assert {c["id"]: c for c in cities}["xining"]["valid_until"] == "2026-05-07"  # 宁政办〔2021〕33号: five years
    schema = json.loads(invoke("schema").stdout)
    assert schema["additionalProperties"] is False
    assert "business" in schema["properties"] and "registered_on" in json.dumps(schema)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--city", "nowhere", "PROFILE"],
        ["explain", "--city", "nowhere", "PROFILE"],
        ["compare", "--cities", "nowhere", "PROFILE"],
        ["policy", "--city", "nowhere"],
        ["batch", "--city", "nowhere", "PROFILE"],
    ],
)
def test_every_command_words_errors_in_its_language(invoke, profile_file, args):
    path = str(profile_file(WEIHAI))
    argv = [path if a == "PROFILE" else a for a in args]
    _fails(invoke(*argv, "--lang", "en"), 2, "unknown city 'nowhere'", "weihai (Weihai)")
    _fails(invoke(*argv), 2, "未知城市 'nowhere'")
