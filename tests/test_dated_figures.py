"""Figures by date: timelines, the national layer, what results cite, validate's checks, warnings.

The worked amounts on both sides of each change are in tests/cases/dated_figures.json."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

TOML = (Path(__file__).resolve().parents[1] / "data" / "cities.toml").read_text(encoding="utf-8")
VETERAN = {
    "groups": ["veteran"],
    "employment": {"form": "individual_business"},
    "business": {"type": "individual", "registered_on": "2021-03-01", "tax_due_yuan": 20000},
}


def _json(invoke, *args):
    r = invoke(*args)
    assert r.exit_code == 0, (r.stdout, r.stderr)
    return json.loads(r.stdout)


def _measure(out: dict, mid: str) -> dict:
    return next(m for m in out["measures"] if m["id"] == mid)


# --- the timelines themselves --------------------------------------------------------------


def test_dalian_wage_steps_including_the_one_before_its_document(data):
    # 辽宁 hourly minimum wage, 市内各区 tier (secondary sources): 18.3 → 19.2 on 2021-11-01 happens
    # before Dalian's document is in force (2022-12-29), so no worked case can reach it.
    wage = data.cities["dalian"].measures.public_welfare_post_subsidy.hourly_minimum_wage
    steps = [
        ("2019-10-31", None),
        ("2019-11-01", 18.3),
        ("2021-10-31", 18.3),
        ("2021-11-01", 19.2),
        ("2024-04-30", 19.2),
        ("2024-05-01", 21),
        ("2025-11-30", 21),
        ("2025-12-01", 22),
    ]
    for day, want in steps:
        entry = wage.at(date.fromisoformat(day))
        assert (None if entry is None else float(entry.value)) == want, day
        assert entry is None or entry.verified is False


def test_xinjiang_average_wage_by_contribution_year(data):
    wage = data.cities["urumqi"].measures.social_insurance_subsidy.average_wage_yuan
    assert wage.at(date(2020, 12, 31)) is None
    # issue 17: the all-units average (6,344 a month, secondary), not the non-private 86,343
    assert wage.at(date(2021, 1, 1)).value == 76128 == 6344 * 12
    assert wage.at(date(2022, 6, 30)).value == 94281  # the 2021 average (published 2022-06-17)
    assert wage.at(date(2023, 1, 1)) is None  # the 2022 average is not in the data


def test_national_figures_live_once_and_cities_refer_to_them(data):
    whos = [c.measures.guarantee_loan.who for c in data.cities.values()]
    lists = {id(w.at(date(2024, 1, 1)).value if hasattr(w, "at") else w.value) for w in whos}
    assert len(lists) == 2  # the 10 categories shared by four cities; Lianyungang adds platform workers
    lianyungang = data.cities["lianyungang"].measures.guarantee_loan
    assert "platform_worker" in lianyungang.who.value[0].any_of


# --- what a result cites -------------------------------------------------------------------


def test_json_source_cites_the_entry_in_force_and_says_it_is_unverified(invoke, profile_file):
    path = profile_file(VETERAN)
    before = _measure(
        _json(invoke, "check", "--city", "urumqi", "--as-of", "2022-12-31", "-f", "json", path), "tax_deduction"
    )
    (limit,) = [f for f in before["source"]["figures"] if f["field"] == "annual_limit"]
    # 乌鲁木齐 三（三） quotes 14,400 itself: the city's own entry, verified by its text
    assert (limit["value"], limit["layer"], limit["clause"], limit["verified"]) == (14400, "city", "三（三）", True)
    assert not any("尚未核实" in r for r in before["reasons"] if "限额" in r)

    after = _measure(
        _json(invoke, "check", "--city", "urumqi", "--as-of", "2023-01-01", "-f", "json", path), "tax_deduction"
    )
    (limit,) = [f for f in after["source"]["figures"] if f["field"] == "annual_limit"]
    assert (limit["value"], limit["value_min"], limit["from"], limit["layer"]) == (
        24000,
        20000,
        "2023-01-01",
        "national",
    )
    assert "公告2023年第15号" in limit["document"] and limit["verified"] is False
    assert limit["restates"] == {"clause": "三（三）", "value": 14400}
    assert after["source"]["verified"] is False
    cited = next(r for r in after["reasons"] if "2023 年适用的每户每年限额" in r)
    assert "自 2023-01-01 起" in cited and "取代本市文件 三（三） 所写的 14,400" in cited and "尚未核实" in cited


def test_every_unverified_figure_a_result_used_is_said_in_its_reasons(invoke, profile_file):
    path = profile_file({"employment": {"form": "part_time", "public_welfare_post_hours": 100}})
    m = _measure(
        _json(invoke, "check", "--city", "dalian", "--as-of", "2024-05-01", "-f", "json", "--lang", "en", path),
        "public_welfare_post_subsidy",
    )
    assert m["amount_yuan"] == 2100.0 and m["source"]["verified"] is False
    assert any("21" in r and "from 2024-05-01" in r and "not verified" in r for r in m["reasons"])
    loan = _measure(
        _json(
            invoke,
            "check",
            "--city",
            "weihai",
            "--as-of",
            "2023-10-01",
            "-f",
            "json",
            "--lang",
            "en",
            profile_file(VETERAN),
        ),
        "guarantee_loan",
    )
    assert any("Eligible groups" in r and "not verified" in r for r in loan["reasons"])  # the 10 categories
    assert any("300,000" in r and "supersedes 200,000 in clause 7" in r for r in loan["reasons"])


def test_explain_names_the_entry_used(invoke, profile_file):
    person = {**VETERAN, "business": {**VETERAN["business"], "registered_on": "2025-03-10"}}
    r = invoke("explain", "--city", "weihai", "--as-of", "2026-06-30", "--lang", "en", profile_file(person))
    assert r.exit_code == 0
    text = " ".join(r.stdout.split())
    assert "yearly household limit for 2026: 20,000–24,000" in text  # a range in English: an en dash
    assert "from 2023-01-01" in text and "Announcement No. 15 of 2023" in text  # the document's English name
    assert "clause 5 of the city's document refers to it" in text


# --- policy shows the history -------------------------------------------------------------


def test_policy_shows_the_tax_limit_history_and_the_entry_in_force(invoke):
    r = invoke("policy", "--city", "weihai", "--as-of", "2024-06-30")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert any("2019-01-01" in line and "14,400 元" in line and "▶" not in line for line in lines)
    assert any("▶ 2023-01-01" in line and "20,000～24,000 元" in line for line in lines)
    assert any("▶ 2023-10-01" in line and "300,000 元" in line for line in lines)  # 财金〔2023〕75号
    out = _json(invoke, "policy", "--city", "weihai", "--as-of", "2022-06-30", "-f", "json")
    tax = {f["field"]: f for f in _measure(out, "tax_deduction")["figures"]}
    steps = [(e["from"], e["value"], e["in_force"]) for e in tax["annual_limit"]["timeline"]]
    assert steps == [("2019-01-01", 14400, True), ("2023-01-01", 24000, False)]
    assert tax["annual_limit"]["value"] == 14400 and tax["annual_limit"]["verified"] is False


# --- validate: malformed timelines, with their TOML path, exit 4 ----------------------------

BROKEN = [
    (
        "{ from = 2024-05-01, value = 21,",
        "{ from = 2021-06-01, value = 21,",
        "cities.dalian.measures.public_welfare_post_subsidy.hourly_minimum_wage[2].from: "
        "from 2021-06-01 is not after the entry before it (2021-11-01)",
    ),
    (
        "{ from = 2021-01-01, until = 2021-12-31, value = 76128",
        "{ from = 2021-01-01, until = 2022-03-31, value = 76128",
        "cities.urumqi.measures.social_insurance_subsidy.average_wage_yuan[1].from: "
        "overlaps the entry before it (until 2022-03-31)",
    ),
    (
        "{ from = 2021-01-01, until = 2021-12-31, value = 76128",
        "{ from = 2021-01-01, until = 2020-12-31, value = 76128",
        "cities.urumqi.measures.social_insurance_subsidy.average_wage_yuan[0].until: until 2020-12-31 is before from 2021-01-01",
    ),
    (
        'ref = "national.guarantee_loan.individual_cap"',
        'ref = "national.guarantee_loan.personal_cap"',
        "cities.dalian.measures.guarantee_loan.cap.ref: names national.guarantee_loan.personal_cap, which is not in the file",
    ),
    (
        'follows = "national.tax_deduction.annual_limit", note = "本市文件转述财税〔2019〕22号；',
        'follows = "tax_deduction.annual_limit", note = "本市文件转述财税〔2019〕22号；',
        'cities.xining.measures.tax_deduction.annual_limit.follows: must name a national figure: "national.…"',
    ),
    (
        '{ from = 2023-10-01, value = 300000, document = "财金〔2023〕75号"',
        '{ from = 2023-10-01, value = "三十万", document = "财金〔2023〕75号"',
        "national.guarantee_loan.individual_cap[1].value: Input should be a valid decimal",
    ),
    (
        '{ value = 200000, document = "财金〔2020〕21号", document_en = "Caijin [2020] No. 21", clause',
        "{ value = 200000, clause",
        "national.guarantee_loan.individual_cap[0].document: no document: name the national rule",
    ),
    (
        '{ from = 2025-12-01, value = 22, document = "辽宁省最低工资标准调整通知（2025年12月1日起执行）", '
        'document_en = "Liaoning minimum wage adjustment notice (from 2025-12-01)", '
        'clause = "非全日制工作小时最低工资标准 · 第一档（大连市内各区）", '
        'clause_en = "hourly minimum wage for part-time work, tier 1 (Dalian\'s urban districts)",',
        '{ from = 2025-12-01, value = 22, document = "x", document_en = "x",',
        "cities.dalian.measures.public_welfare_post_subsidy.hourly_minimum_wage[3].clause: not cited: no clause "
        '(add clause = "…", the clause of the document it comes from)',
    ),
    (
        "{ from = 2024-05-01, value = 21,",
        "{ value = 21,",
        "cities.dalian.measures.public_welfare_post_subsidy.hourly_minimum_wage[2].from: "
        "only the first entry may leave out its start date",
    ),
]


@pytest.mark.parametrize(("old", "new", "problem"), BROKEN, ids=[b[2].split(":")[0] for b in BROKEN])
def test_validate_rejects_a_malformed_timeline(invoke, tmp_path, profile_file, old, new, problem):
    assert old in TOML, old
    path = tmp_path / "cities.toml"
    path.write_text(TOML.replace(old, new, 1), encoding="utf-8")
    r = invoke("validate", "--data", path, "--lang", "en")
    assert r.exit_code == 4 and "Traceback" not in r.stderr
    assert [line.split(": ", 1)[1] for line in r.stdout.splitlines()] == [problem]
    check = invoke("check", "--city", "dalian", "--data", path, "--lang", "en", profile_file(VETERAN))
    assert check.exit_code == 4 and problem.split(": ")[0] in check.stderr and "Traceback" not in check.stderr


# --- how current the data is ----------------------------------------------------------------


def test_an_expired_document_says_so_plainly(invoke, profile_file):
    out = _json(invoke, "check", "--city", "xining", "--as-of", "2026-11-30", "-f", "json", profile_file(VETERAN))
    (warning,) = out["warnings"]
    assert "宁政办〔2021〕33号已于 2026-05-07 失效" in warning and "没有后续文件" in warning
    assert {m["status"] for m in out["measures"]} <= {"not_in_force", "not_offered"}
    r = invoke("check", "--city", "xining", "--as-of", "2026-11-30", "--lang", "en", profile_file(VETERAN))
    assert (
        "⚠ Ningzhengban [2021] No. 33 (宁政办〔2021〕33号) expired on 2026-05-07 and the data holds no successor"
        in " ".join(r.stdout.split())
    )
    inside = _json(invoke, "check", "--city", "xining", "--as-of", "2026-05-07", "-f", "json", profile_file(VETERAN))
    assert inside["warnings"] == []


def test_data_reviewed_long_before_the_as_of_date_is_flagged(invoke, profile_file):
    # reviewed_on 2026-11-30, review_max_age_days 365: 2027-11-30 is the last day without a warning
    ok = _json(invoke, "check", "--city", "weihai", "--as-of", "2027-11-30", "-f", "json", profile_file(VETERAN))
    assert ok["warnings"] == []
    late = _json(
        invoke,
        "check",
        "--city",
        "weihai",
        "--as-of",
        "2027-12-01",
        "-f",
        "json",
        "--lang",
        "en",
        profile_file(VETERAN),
    )
    (warning,) = late["warnings"]
    assert "last reviewed on 2026-11-30, more than 365 days before the as-of date" in warning


def test_a_provincial_figure_collapses_the_range(invoke, tmp_path, profile_file):
    # A province's own uplift (here a made-up Shandong figure of 22,000 from 2023) wins over the
    # national 20,000..24,000 for Weihai only; other provinces keep the range.
    province = (
        '\n[provinces."山东省".tax_deduction]\n'
        'annual_limit = [{ from = 2023-01-01, value = 22000, document = "山东省（测试）", document_en = "Shandong province (test)", clause = "一" }]\n'
    )
    path = tmp_path / "cities.toml"
    path.write_text(TOML.replace("\n[national.guarantee_loan]", province + "\n[national.guarantee_loan]", 1), "utf-8")
    person = profile_file({**VETERAN, "business": {**VETERAN["business"], "tax_due_yuan": 30000}})
    weihai = _measure(
        _json(invoke, "check", "--city", "weihai", "--as-of", "2023-06-30", "--data", path, "-f", "json", person),
        "tax_deduction",
    )
    assert (weihai["amount_yuan"], weihai["amount_min_yuan"]) == (22000.0, None)
    assert weihai["source"]["figures"][0]["layer"] == "province"
    urumqi = _measure(
        _json(invoke, "check", "--city", "urumqi", "--as-of", "2023-06-30", "--data", path, "-f", "json", person),
        "tax_deduction",
    )
    assert (urumqi["amount_yuan"], urumqi["amount_min_yuan"]) == (24000.0, 20000.0)
    before = _measure(
        _json(invoke, "check", "--city", "weihai", "--as-of", "2022-06-30", "--data", path, "-f", "json", person),
        "tax_deduction",
    )
    assert before["amount_yuan"] == 14400.0  # the province's entry starts in 2023: the national 14,400 before


def test_a_required_figure_with_no_entry_at_the_date_is_not_in_force(invoke, tmp_path, profile_file):
    # A file that passes validate with Lianyungang's cap starting only in 2030: on 2024-06-30 no cap
    # is in force, so the loan is not_in_force with the reason, never a traceback.
    old = 'cap = { value = 500000, clause = "（一）",'
    assert old in TOML
    path = tmp_path / "cities.toml"
    path.write_text(TOML.replace(old, 'cap = { from = 2030-01-01, value = 500000, clause = "（一）",', 1), "utf-8")
    assert invoke("validate", "--data", path).exit_code == 0
    out = _json(
        invoke,
        "check",
        "--city",
        "lianyungang",
        "--as-of",
        "2024-06-30",
        "--data",
        path,
        "-f",
        "json",
        "--lang",
        "en",
        profile_file(VETERAN),
    )
    loan = _measure(out, "guarantee_loan")
    assert loan["status"] == "not_in_force" and loan["amount_yuan"] is None
    assert any("no cap per person is in force at the as-of date 2024-06-30" in r for r in loan["reasons"])
    later = _json(
        invoke,
        "check",
        "--city",
        "lianyungang",
        "--as-of",
        "2030-01-01",
        "--data",
        path,
        "-f",
        "json",
        profile_file(VETERAN),
    )
    assert _measure(later, "guarantee_loan")["amount_yuan"] == 500000.0
