"""Issue 21 §6 and issue 22 item 24: one convention for output, language and messages on every command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WEIHAI = str(ROOT / "examples" / "weihai_startup.json")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _flexcalc(*args: str, env=None) -> subprocess.CompletedProcess:
    import os

    e = dict(os.environ, **(env or {}))
    e.pop("FLEXCALC_LANG", None) if not env or "FLEXCALC_LANG" not in env else None
    return subprocess.run([sys.executable, "-m", "flexcalc", *args], capture_output=True, text=True, timeout=60, env=e)


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--city", "weihai", "--as-of", "2026-06-30", WEIHAI],
        ["explain", "--city", "weihai", "--as-of", "2026-06-30", WEIHAI],
        ["compare", "--as-of", "2026-06-30", WEIHAI],
        ["policy", "--city", "weihai", "--as-of", "2026-06-30"],
        ["cities"],
        ["validate"],
        ["schema"],
    ],
    ids=lambda a: a[0],
)
def test_format_json_on_every_command_that_prints(invoke, args):
    r = invoke(*args, "--format", "json") if args[0] != "schema" else invoke(*args)
    assert r.exit_code == 0, r.stderr
    json.loads(r.stdout)


def test_old_spellings_still_work_with_a_note(invoke):
    """Scripts depend on `cities --json` and `validate --format text`: same output, a note on stderr."""
    old = invoke("cities", "--json")
    assert old.exit_code == 0 and json.loads(old.stdout) == json.loads(invoke("cities", "--format", "json").stdout)
    assert "flexcalc: 提示：--json 已过时，请改用 --format json" in old.stderr
    text = invoke("validate", "--format", "text", "--lang", "en")
    assert text.exit_code == 0 and text.stdout == invoke("validate", "--lang", "en").stdout
    assert "flexcalc: note: --format text is deprecated; use --format table" in text.stderr
    assert "--json" not in invoke("cities", "--help").stdout and "text" not in invoke("validate", "--help").stdout


def test_compare_takes_assume_and_c_like_check(invoke):
    r = invoke(
        "compare",
        "-c",
        "weihai",
        "--city",
        "乌鲁木齐",
        "--as-of",
        "2026-06-30",
        "-f",
        "json",
        "--assume",
        "receiving_unemployment_insurance=false",
        WEIHAI,
    )
    out = json.loads(r.stdout)
    assert r.exit_code == 0 and out["cities"] == ["weihai", "urumqi"]
    assert out["audit"]["assumptions"] == ["receiving_unemployment_insurance=false"]


def test_lang_before_the_command_and_from_the_environment(invoke, monkeypatch):
    en = invoke("--lang", "en", "cities")
    assert en.exit_code == 0 and "no dates in the text: always in force" in en.stdout
    monkeypatch.setenv("FLEXCALC_LANG", "en")
    assert "always in force" in invoke("cities").stdout
    assert "文件未载明日期" in invoke("cities", "--lang", "zh").stdout  # the command's own --lang wins
    assert "文件未载明日期" in invoke("--lang", "zh", "cities").stdout  # the group's beats the environment
    monkeypatch.setenv("FLEXCALC_LANG", "fr")
    bad = invoke("cities")
    assert bad.exit_code == 2 and "FLEXCALC_LANG='fr'" in bad.stderr


def test_flexcalc_alone_prints_its_help_and_no_empty_error():
    r = _flexcalc()
    assert r.returncode == 0 and "用法：flexcalc" in r.stdout and r.stderr == ""


@pytest.mark.parametrize(
    "args,zh,en",
    [
        (["check", "--as-of"], "选项 --as-of 需要一个值", "option --as-of needs a value"),
        (["policy"], "缺少选项 --city", "missing option --city"),
        (["chek"], "没有这个命令：chek（是不是 check", "no such command: chek (did you mean check"),
        (["check", "a.json", "b.json"], "多余的参数：b.json", "unexpected extra argument: b.json"),
        (["batch", "-j", "x", "in.jsonl"], "--jobs 的值 'x' 无效：应为整数", "--jobs: 'x' is not a whole number"),
        (
            ["check", "-f", "xml", "a.json"],
            "--format 的值 'xml' 无效，可选：table、json、markdown",
            "--format: 'xml' is not one of table, json, markdown",
        ),
        (["--lang", "fr", "cities"], "--lang 的值 'fr' 无效，可选：zh、en", "--lang: 'fr' is not one of zh, en"),
    ],
)
def test_usage_errors_are_in_one_language_balanced_and_echo_the_bad_value(args, zh, en):
    """No click English on a Chinese screen, quotes that close, one list separator (、 in Chinese)."""
    chinese = _flexcalc(*args)
    assert chinese.returncode == 2 and zh in chinese.stderr, chinese.stderr
    message = chinese.stderr.split("用法错误：", 1)[1].split("\n")[0]
    assert not re.search(r"\b(?:Got|is not|Missing|No such|Invalid|Did you)\b", message), message
    assert message.count("'") % 2 == 0 and message.count("（") == message.count("）"), message
    if "、" in message:
        assert ", " not in message
    english = _flexcalc("--lang", "en", *args)
    if args[0] != "--lang":
        assert english.returncode == 2 and en in english.stderr and not CJK.search(english.stderr), english.stderr


def test_warnings_on_a_chinese_screen_are_in_chinese(invoke):
    r = invoke("policy", "--city", "xining", "--as-of", "2026-06-30")
    assert r.exit_code == 0 and r.stderr.startswith("flexcalc: 警告：") and "warning" not in r.stderr
    en = invoke("policy", "--city", "xining", "--as-of", "2026-06-30", "--lang", "en")
    assert en.stderr.startswith("flexcalc: warning: ")


def test_unknown_city_lists_the_known_ones_with_one_separator(invoke):
    zh = invoke("check", "--city", "beijing", WEIHAI).stderr
    assert "未知城市 'beijing'" in zh and "urumqi（乌鲁木齐市）、xining（西宁市）" in zh and ", " not in zh
    en = invoke("check", "--city", "beijing", WEIHAI, "--lang", "en").stderr
    assert "unknown city 'beijing'; known cities: urumqi (Urumqi), xining (Xining)" in en


@pytest.mark.parametrize("columns", ["0", "20", "-5", "abc"])
def test_a_narrow_or_nonsense_width_still_shows_every_amount(runner, monkeypatch, columns):
    """Issue 22 item 24: COLUMNS=0 printed nothing; COLUMNS=20 cut amounts to 9,0…"""
    from flexcalc.cli import app

    monkeypatch.setenv("COLUMNS", columns)
    r = runner.invoke(app, ["check", "--city", "weihai", "--as-of", "2026-06-30", WEIHAI])
    assert r.exit_code == 0 and "…" not in r.stdout
    for amount in ("9,000.00", "150,000.00", "4,266.67", "9,266.67"):
        assert amount in r.stdout, (columns, amount)
    r = runner.invoke(app, ["compare", "--as-of", "2026-06-30", WEIHAI])
    assert r.exit_code == 0 and "150,000.00" in r.stdout and "…" not in r.stdout.replace("(…)", "")
