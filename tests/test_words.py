"""Issue 10: --lang means the same on every command; usage errors, cities, schema and stdin in zh and en."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from flexcalc.cli.common import read_input


def _flexcalc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flexcalc", *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    "args,zh,en",
    [
        (["check", "--cty", "weihai", "x.json"], "没有这个选项：--cty（是不是 --city？）", "no such option: --cty"),
        (["check", "--city", "weihai"], "缺少参数 PROFILE", "missing argument PROFILE"),
        (["batch", "--jobs", "0", "x"], "--jobs 的值 0 无效：应不小于 1", "--jobs: 0 is less than 1"),
    ],
)
def test_usage_errors_in_the_language_asked_for(args, zh, en):
    chinese = _flexcalc(*args)
    assert chinese.returncode == 2 and zh in chinese.stderr and "Traceback" not in chinese.stderr
    english = _flexcalc(*args, "--lang", "en")
    assert english.returncode == 2 and en in english.stderr and "用法" not in english.stderr


def test_cities_takes_lang_and_says_always_in_force_in_words(invoke):
    zh = invoke("cities")
    assert zh.exit_code == 0 and "文件未载明日期：一直有效" in zh.stdout and "— ~ —" not in zh.stdout
    en = invoke("cities", "--lang", "en")
    assert en.exit_code == 0 and "no dates in the text: always in force" in en.stdout
    assert "2021-05-08 to 2026-05-07" in en.stdout and "City" in en.stdout


def test_cities_never_cuts_a_document_title(invoke):
    out = invoke("cities").stdout
    flat = "".join(line.strip() for line in out.splitlines())
    assert "大连市人力资源和社会保障局关于进一步做好支持多渠道灵活就业有关工作的通知" in flat
    assert "…" not in out


def test_schema_takes_lang(invoke):
    zh = json.loads(invoke("schema").stdout)
    en = json.loads(invoke("schema", "--lang", "en").stdout)
    assert zh["properties"]["groups"]["description"] == "属于哪些人员类别？"
    assert "属于" not in json.dumps(en, ensure_ascii=False)
    assert zh["properties"].keys() == en["properties"].keys()


@pytest.mark.parametrize(
    "lang,words", [("zh", "正在从标准输入读取人员信息"), ("en", "reading profile from standard input")]
)
def test_stdin_at_a_terminal_says_it_is_reading(monkeypatch, capsys, lang, words):
    class Tty(io.BytesIO):
        def isatty(self):
            return True

    stdin = io.TextIOWrapper(Tty(b"{}"))
    monkeypatch.setattr(sys, "stdin", stdin)
    raw, name = read_input("-", lang)
    assert raw == b"{}" and name == "<stdin>"
    assert words in capsys.readouterr().err


def test_stdin_from_a_pipe_says_nothing(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{}")))
    read_input("-", "zh")
    assert capsys.readouterr().err == ""


def test_batch_progress_counts_records_of_the_total_with_the_time_left(monkeypatch):
    """Issue 10, then issue 21 §4: records (not megabytes) of the total, the percentage, records/s
    and the time left; an estimated total ("~") where the count was not cheap to know."""
    from rich.console import Console
    from rich.progress import TaskProgressColumn, TimeRemainingColumn

    from flexcalc.batch.progress import Bar

    for known, size, total in ((20_000, 2_000_000, "/20,000"), (None, 2_000_000, "/~20,000")):
        bar = Bar(known, size, "en")
        progress = bar._build()
        assert {TaskProgressColumn, TimeRemainingColumn} <= {type(c) for c in progress.columns}
        bar.bar, bar.start = progress, 0.0
        bar.task = progress.add_task("batch", total=known, records=0, rate="", total_text="")
        bar.update(1_000_000, 10_000)  # half the bytes, 10,000 records
        screen = Console(file=io.StringIO(), width=80, color_system=None)
        screen.print(progress.make_tasks_table(progress.tasks))
        line = screen.file.getvalue()
        assert "50%" in line and f"10,000{total} records" in line and "left" in line and "MB" not in line


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch):
    from flexcalc.cli import batch

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert batch._progress("examples/registry.jsonl", "zh") is None
