"""`flexcalc validate`: the packaged data passes; broken copies report each problem with its TOML path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flexcalc.catalogue import MEASURE_IDS

TOML = (Path(__file__).resolve().parents[1] / "data" / "cities.toml").read_text(encoding="utf-8")


@pytest.fixture
def broken(tmp_path):
    """A copy of data/cities.toml with each (old, new) replaced once; old must be there."""

    def write(*edits: tuple[str, str], name="cities.toml"):
        text = TOML
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def _section(name: str) -> str:
    """The text of one [table] of the data file, up to the next table."""
    start = TOML.index(f"[{name}]\n")
    end = TOML.index("\n[", start + 1)
    return TOML[start : end + 1]


def _problems(invoke, path) -> list[str]:
    r = invoke("validate", "--data", path, "--lang", "en")
    assert r.exit_code == 4, r.stdout
    assert "Traceback" not in r.stderr and "problem" in r.stderr
    return [line.split(": ", 1)[1] for line in r.stdout.splitlines()]


def test_the_packaged_data_is_ok(invoke, data):
    n = len(data.cities)
    r = invoke("validate", "--lang", "en")
    assert r.exit_code == 0, r.stdout
    assert re.match(
        rf"ok: .*cities\.toml — {n} cities, \d+ measures offered \(\d+ not offered\), \d+ cited figures", r.stdout
    )
    r = invoke("validate")
    assert r.exit_code == 0 and re.match(rf"ok：随程序打包的 data/cities\.toml — {n} 个城市，\d+ 项措施", r.stdout)


def test_the_packaged_data_is_named_as_in_the_repository_not_where_it_is_installed(invoke):
    """Issue 21 §7: docs/screens/validate.en.txt carried a developer's local path."""
    root = str(Path(__file__).resolve().parents[1])
    for lang in ("zh", "en"):
        r = invoke("validate", "--lang", lang)
        assert r.exit_code == 0 and root not in r.stdout and "data/cities.toml" in r.stdout


def test_problems_in_chinese_by_default(invoke, broken):
    path = broken(
        (_section("cities.weihai.measures.rent_subsidy"), ""), ('any_of = ["platform_worker"]', 'any_of = ["x"]')
    )
    r = invoke("validate", "--data", path)
    assert r.exit_code == 4
    assert r.stdout.splitlines() == [
        f'{path}：cities.weihai.measures.rent_subsidy：未定义措施 rent_subsidy：每个城市都须定义每项措施（文件没有的写 rule = "not_offered" 并加 note）',
        f"{path}：cities.weihai.measures.accident_insurance_subsidy.who.value[0].any_of[0]：未知人员类别代码 'x'",
    ]
    assert r.stderr == f"flexcalc: 错误：{path}：城市数据有 2 处问题。\n"


def test_json_summary(invoke, data):
    r = invoke("validate", "--format", "json")
    out = json.loads(r.stdout)
    assert r.exit_code == 0 and out["ok"] is True and out["problems"] == []
    s = out["summary"]
    assert s["cities"] == len(data.cities)
    assert s["measures_offered"] + s["measures_not_offered"] == len(data.cities) * len(MEASURE_IDS)
    assert s["figures"] > 60 and len(out["sha256"]) == 64


def test_a_city_without_a_measure(invoke, broken):
    path = broken((_section("cities.weihai.measures.rent_subsidy"), ""))
    (line,) = _problems(invoke, path)
    assert line.startswith("cities.weihai.measures.rent_subsidy: measure rent_subsidy is not defined")
    assert "not_offered" in line


def test_dates_out_of_order(invoke, broken):
    path = broken(
        ("valid_from = { value = 2021-05-08", "valid_from = { value = 2026-05-08"),
        ("registered_from = { value = 2019-01-01", "registered_from = { value = 2022-01-01"),
        ("issued_on = 2021-05-08", "issued_on = 2026-06-01"),
    )
    assert _problems(invoke, path) == [
        "cities.urumqi.measures.tax_deduction.registered_until: registered_until 2021-12-31 is before registered_from 2022-01-01",
        "cities.xining.document.valid_until: valid_until 2026-05-07 is before valid_from 2026-05-08",
        "cities.xining.document.valid_until: valid_until 2026-05-07 is before issued_on 2026-06-01",
    ]


def test_unknown_group_code(invoke, broken):
    path = broken(
        (
            'value = [{ any_of = ["poverty_registered", "veteran"] }',
            'value = [{ any_of = ["poverty_registered", "astronaut"] }',
        )
    )
    assert _problems(invoke, path) == [
        "cities.urumqi.measures.tax_deduction.who.value[0].any_of[1]: unknown group code 'astronaut'"
    ]


def test_figures_must_be_cited(invoke, broken):
    path = broken(
        ('cap = { value = 500000, clause = "（一）", ', "cap = { value = 500000, "),
        (
            'max_per_year = { value = 100, clause = "16", quote = ',
            'max_per_year = { value = 100, clause = "", quote = ',
        ),
        (
            'cap = { value = 200000, clause = "三（二）", quote = "可申请最高不超过20万元的个人创业担保贷款及贴息", follows = "national.guarantee_loan.individual_cap" }',
            "cap = 200000",
        ),
        ('department = "市税务局"\n', "\n"),
        ('department = "市财政局、市人力资源社会保障局、人民银行威海市中心支行、威海银保监分局"', 'department = "  "'),
    )
    assert _problems(invoke, path) == [
        'cities.urumqi.measures.guarantee_loan.cap: figure without its source: write it as { value = …, clause = "…" }',
        'cities.xining.measures.tax_deduction.department: no department: name the office that handles the measure (department = "…")',
        "cities.lianyungang.measures.guarantee_loan.cap.clause: not cited: no clause "
        '(add clause = "…", the clause of the document it comes from)',
        "cities.weihai.measures.accident_insurance_subsidy.max_per_year.clause: clause is empty",
        "cities.weihai.measures.guarantee_loan.department: department is blank",
    ]


def test_unknown_measure_and_field(invoke, broken):
    path = broken(
        ("[cities.weihai.measures.rent_subsidy]", "[cities.weihai.measures.rent_subsidies]"),
        ("max_days = { value = 730,", "max_dayz = { value = 730,"),
    )
    problems = _problems(invoke, path)
    assert (
        "cities.weihai.measures.rent_subsidies: unknown measure id 'rent_subsidies'; the measures are: " in problems[-1]
    )
    assert "cities.weihai.measures.rent_subsidy: measure rent_subsidy is not defined" in problems[-2]
    assert (
        "cities.urumqi.measures.rent_subsidy.max_dayz: unknown key 'max_dayz'; the keys allowed here are: clause,"
        " department, note, department_en, note_en, rule, max_area_m2, max_rate_yuan_per_m2_per_day, max_days, max_days_extended"
    ) in problems
    assert "cities.urumqi.measures.rent_subsidy.max_days: required field is missing" in problems


URUMQI_AID_EN = (
    'department_en = "lead: State-owned Assets Commission, Human Resources and Social Security Bureau; '
    'also: Finance Bureau, district (county) governments"'
)


def test_entitlement_ids_aliases_and_non_combinable(invoke, broken):
    path = broken(
        ('id = "road_occupation_fee_exemption"', 'id = "licence_exemption"'),
        ('aliases = ["威海"]', 'aliases = ["威海", "西宁"]'),
        (
            'rule = "operating_subsidy"\nclause = "三（二）"\ndepartment = "牵头：市国资委、人社局；责任：市财政局，各区（县）人民政府"\n'
            + URUMQI_AID_EN
            + "\nwho",
            'rule = "not_offered"\nnote = "x"\nnote_en = "x"\nclause = "三（二）"\n'
            'department = "牵头：市国资委、人社局；责任：市财政局，各区（县）人民政府"\n' + URUMQI_AID_EN + "\nwho",
        ),
    )
    problems = _problems(invoke, path)
    assert (
        "cities.urumqi.entitlements[1].id: duplicate entitlement id 'licence_exemption' (also entitlements[0])"
        in problems
    )
    assert "cities.weihai.aliases[1]: '西宁' also names the city 'xining': --city 西宁 would be ambiguous" in problems
    assert (
        "cities.urumqi.non_combinable[0].measures[1]: community_employment_aid is not offered in this city, "
        "so it cannot be excluded in favour of another" in problems
    )


def test_every_problem_at_once_in_json(invoke, broken):
    path = broken(
        (_section("cities.dalian.measures.tax_deduction"), ""),
        ('any_of = ["platform_worker"]', 'any_of = ["platform"]'),
        ("valid_from = { value = 2022-12-29", "valid_from = { value = 2023-12-29"),
        ("issued_on = 2022-12-29\n", 'issued_on = 2022-12-29\nvalid_until = { value = 2023-01-01, clause = "x" }\n'),
    )
    r = invoke("validate", "--data", path, "--format", "json", "--lang", "en")
    assert r.exit_code == 4
    out = json.loads(r.stdout)
    assert out["ok"] is False
    assert [p["path"] for p in out["problems"]] == [
        "cities.dalian.measures.tax_deduction",
        "cities.dalian.document.valid_until",
        "cities.weihai.measures.accident_insurance_subsidy.who.value[0].any_of[0]",
    ]


@pytest.mark.parametrize(
    "text, where",
    [
        ("schema_version = 1\n[cities.x\nname = 1\n", "(line 2, column 10)"),
        ('schema_version = 1\ntitle = "unterminated\n', "(line 2, column"),
    ],
)
def test_toml_syntax_error(invoke, tmp_path, text, where):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    (line,) = _problems(invoke, path)
    assert line.startswith(where) and "not valid TOML" in line


def test_unreadable_and_not_utf8(invoke, tmp_path):
    assert _problems(invoke, tmp_path / "missing.toml")[0].startswith("(file): cannot read the file")
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes("name = '威海'".encode("gb18030"))
    assert _problems(invoke, gbk)[0].startswith("(file): not UTF-8 text")


def test_data_from_the_environment(invoke, broken, monkeypatch):
    monkeypatch.setenv("FLEXCALC_DATA", str(broken(("schema_version = 1", "schema_version = 2"))))
    r = invoke("validate", "--lang", "en")
    assert r.exit_code == 4 and "schema_version: Input should be 1" in r.stdout


def test_a_missing_english_form_is_a_problem_of_the_data(invoke, broken, profile_file):
    """Issue 10: every Chinese string a screen shows has its English form; a missing one is exit 4
    with its TOML path, in validate and in check alike (never a silent fallback to Chinese)."""
    path = broken(
        ('department_en = "Municipal Tax Bureau"\n', ""),
        ('note_en = "The document has no rent or site subsidy."', 'note_en = "文件未设"'),
    )
    problems = _problems(invoke, path)
    assert any(
        p.startswith("cities.xining.measures.tax_deduction.department_en: no English form of department")
        for p in problems
    )
    assert "cities.weihai.measures.rent_subsidy.note_en: note_en is not English" in problems
    r = invoke("check", "--city", "weihai", "--lang", "en", "--data", path, profile_file({}))
    assert r.exit_code == 4 and "department_en" in r.stderr


def test_clauses_in_english_are_figures():
    from flexcalc.catalogue import clause_words

    assert clause_words("三（三）", "en") == "3(3)"
    assert clause_words("（十二）", "en") == "(12)"
    assert clause_words("二十一", "en") == "21"
    assert clause_words("第一条", "en") == "art. 1"
    assert clause_words("11、12", "en") == "11, 12"
    assert clause_words("文末", "en") == "end of the text"
    assert clause_words("三（三）", "zh") == "三（三）"
    assert clause_words("2021年度", "en", "year 2021") == "year 2021"


# --- issue 22 items 9 and 22: what validate (and every command) must refuse ------------------


@pytest.mark.parametrize(
    "bad_id",
    ["URUMQI", " urumqi", "../../x", "", "ur\x1bumqi", "乌鲁木齐", "9city", "ur-umqi", "u" * 33],
)
def test_a_city_id_that_cannot_be_selected_is_refused(invoke, broken, bad_id):
    key = json.dumps(bad_id)  # a TOML basic string holds every one of them
    path = broken(("[cities.urumqi]", f"[cities.{key}]"))
    text = path.read_text(encoding="utf-8").replace("[cities.urumqi.", f"[cities.{key}.")
    path.write_text(text, encoding="utf-8")
    problems = _problems(invoke, path)
    assert any("cannot be selected with --city" in p for p in problems), problems
    r = invoke("cities", "--data", path)
    assert r.exit_code == 4, r.stdout


@pytest.mark.parametrize("alias", ["", " 威海", "威\x1b海"])
def test_an_alias_that_cannot_be_given_is_refused(invoke, broken, alias):
    path = broken(('aliases = ["威海"]', f"aliases = [{json.dumps(alias)}]"))
    assert any("cannot be given to --city" in p for p in _problems(invoke, path))


def test_reviewed_on_in_the_far_future_is_refused(invoke, broken):
    path = broken(("reviewed_on = 2026-11-30", "reviewed_on = 9999-12-31"))
    problems = _problems(invoke, path)
    assert any("reviewed_on" in p for p in problems), problems


def test_reviewed_on_after_today_is_refused_by_validate(invoke, broken):
    path = broken(("reviewed_on = 2026-11-30", "reviewed_on = 2100-12-31"))
    problems = _problems(invoke, path)
    assert any("after today" in p for p in problems), problems


@pytest.mark.parametrize("command", [("validate",), ("cities",), ("policy", "--city", "weihai")])
def test_an_integer_of_thousands_of_digits_is_invalid_data(invoke, broken, command):
    path = broken(("review_max_age_days = 365", "review_max_age_days = " + "9" * 5000))
    r = invoke(*command, "--data", path, "--lang", "en")
    assert r.exit_code == 4, (r.stdout, r.exception)
    assert "4,300 digits" in r.stdout + r.stderr and "line 17" in r.stdout + r.stderr
