"""Issue 21 §3: what a person is handed shows what it rests on — assumptions, who is paid, which city."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LYG = str(ROOT / "examples" / "lianyungang_graduate.json")
ASSUME = ("--assume", "business.in_incubator=true")
OUTPUTS = {
    "table": ["check"],
    "explain": ["explain"],
    "markdown": ["check", "--format", "markdown"],
    "compare": ["compare", "--cities", "lianyungang,weihai"],
}


@pytest.mark.parametrize("output", list(OUTPUTS))
@pytest.mark.parametrize(
    "lang,words",
    [
        ("zh", "按假设：business.in_incubator = true（档案未载此项）"),
        ("en", "assumed: business.in_incubator = true (the profile does not say)"),
    ],
)
def test_every_output_for_people_shows_each_assumption(invoke, output, lang, words):
    args = OUTPUTS[output] + (["--city", "lianyungang"] if output != "compare" else [])
    r = invoke(*args, "--as-of", "2023-06-30", *ASSUME, "--lang", lang, LYG)
    assert r.exit_code == 0, r.stderr
    assert words in r.stdout, r.stdout[:600]
    plain = invoke(*args, "--as-of", "2023-06-30", "--lang", lang, LYG)
    assert "按假设" not in plain.stdout and "assumed:" not in plain.stdout


def test_an_assumption_the_profile_answers_is_not_shown(invoke, profile_file):
    """A fact the profile gives always wins, so nothing rests on the assumption."""
    r = invoke("check", "-c", "lianyungang", "--as-of", "2023-06-30", "--assume", "business.partners=3", LYG)
    assert r.exit_code == 0 and "按假设" not in r.stdout


@pytest.mark.parametrize("lang,words", [("zh", "发给用人单位，不计入本人现金合计"), ("en", "paid to the employer")])
def test_a_payment_to_someone_else_says_who_receives_it(invoke, profile_file, lang, words):
    """Dalian's 公益性岗位补贴 (三（一）) is paid to the employer: the table, explain and notice say so."""
    person = {
        "groups": ["employment_difficulty"],
        "employment": {"form": "part_time", "public_welfare_post_hours": 1000},
    }
    path = profile_file(person)
    for args in (["check"], ["check", "-f", "markdown"], ["explain"]):
        r = invoke(*args, "-c", "dalian", "--as-of", "2023-12-31", "--lang", lang, path)
        assert r.exit_code == 0 and words in r.stdout, (args, r.stdout[-1500:])
    compare = invoke("compare", "--as-of", "2023-12-31", "--lang", lang, path).stdout
    assert ("公益岗补贴*" if lang == "zh" else "Welfare post*") in compare and "* " in compare


def test_check_uses_the_profile_city_when_city_is_absent(invoke, profile_file):
    rider = profile_file({"city": "dalian", "groups": ["veteran"]})
    r = invoke("check", "--as-of", "2024-01-01", "-f", "json", rider)
    assert r.exit_code == 0 and json.loads(r.stdout)["city"] == "dalian" and r.stderr == ""
    by_name = profile_file({"city": "大连"}, "by_name.json")
    assert json.loads(invoke("check", "--as-of", "2024-01-01", "-f", "json", by_name).stdout)["city"] == "dalian"


def test_a_city_option_that_disagrees_with_the_profile_wins_with_a_warning(invoke, profile_file):
    rider = profile_file({"city": "dalian"})
    r = invoke("check", "--city", "weihai", "--as-of", "2024-01-01", "-f", "json", rider)
    assert r.exit_code == 0 and json.loads(r.stdout)["city"] == "weihai"
    assert "flexcalc: 警告：" in r.stderr and "'dalian'" in r.stderr and "weihai" in r.stderr
    en = invoke("check", "--city", "weihai", "--as-of", "2024-01-01", "--lang", "en", rider)
    assert "the profile's city is 'dalian'; checked against weihai" in en.stderr
    same = invoke("check", "--city", "大连", "--as-of", "2024-01-01", rider)
    assert same.exit_code == 0 and same.stderr == ""


def test_no_city_anywhere_is_a_usage_error(invoke, profile_file):
    r = invoke("check", "--as-of", "2024-01-01", profile_file({}))
    assert r.exit_code == 2 and "未指定城市" in r.stderr and "--city" in r.stderr
    bad = invoke("check", "--as-of", "2024-01-01", profile_file({"city": "beijing"}))
    assert bad.exit_code == 2 and "人员信息中的城市" in bad.stderr and "beijing" in bad.stderr
