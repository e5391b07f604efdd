"""Issue 21 §2 and issue 22 item 8: the interview never loses or corrupts what an official typed —
driven through a real pseudo-terminal (the stdlib pty module) and through piped standard input."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flexcalc.interview import AnswerError, parse_answer
from flexcalc.questions import question

ARGS = ["interview", "--city", "weihai", "--as-of", "2021-09-30"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _env(**extra) -> dict:
    env = dict(os.environ, COLUMNS="80", LINES="30", TERM="xterm", **extra)
    env.pop("FLEXCALC_LANG", None)
    return env


def _piped(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flexcalc", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
        cwd=cwd,
    )


class Terminal:
    """flexcalc in a pseudo-terminal: what a person types (answers, Ctrl-C, Ctrl-D) and sees."""

    def __init__(self, *args: str):
        import pty

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: flexcalc at a terminal
            os.execve(sys.executable, [sys.executable, "-m", "flexcalc", *args], _env())
        self.seen = ""

    def expect(self, pattern: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if re.search(pattern, ANSI.sub("", self.seen)):
                return ANSI.sub("", self.seen)
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.seen += chunk.decode("utf-8", "replace")
        raise AssertionError(f"never saw {pattern!r}:\n{ANSI.sub('', self.seen)[-2000:]}")

    def answer(self, text: str) -> None:
        self.prompts = ANSI.sub("", self.seen).count("›")
        os.write(self.fd, text.encode() + b"\r")

    def next_prompt(self) -> str:
        """Wait for the prompt after the one just answered."""
        end = time.monotonic() + 30
        while ANSI.sub("", self.seen).count("›") <= self.prompts and time.monotonic() < end:
            self._read()
        return ANSI.sub("", self.seen)

    def _read(self) -> None:
        ready, _, _ = select.select([self.fd], [], [], 0.1)
        if ready:
            try:
                self.seen += os.read(self.fd, 65536).decode("utf-8", "replace")
            except OSError:
                pass

    def send(self, raw: bytes) -> None:
        os.write(self.fd, raw)

    def wait(self, timeout: float = 30) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self._read()
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._read()
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("flexcalc did not end")


# --- at a terminal -------------------------------------------------------------------------


def test_at_a_terminal_a_wrong_answer_is_asked_again_and_ctrl_d_saves(tmp_path):
    out = tmp_path / "p.json"
    t = Terminal(*ARGS, "-o", str(out))
    t.expect("编号 ›")
    t.answer("8")
    seen = t.next_prompt()
    assert "“8”不在选项中" in seen and seen.rstrip().endswith("›")
    t.answer("1")
    t.expect("属于哪些人员类别")
    t.next_prompt()
    t.answer("退役军人")
    t.expect("营业执照登记日期")
    t.next_prompt()
    t.send(b"\x04")  # Ctrl-D: stop and save
    assert t.wait() == 0
    assert json.loads(out.read_text(encoding="utf-8")) == {
        "employment": {"form": "individual_business"},
        "groups": ["veteran"],
    }


def test_at_a_terminal_answers_pasted_at_once_are_each_read(tmp_path):
    # the terminal line is read with select() (so a Ctrl-C as the prompt appears is never lost):
    # two lines arriving in one read are two answers, none left waiting
    out = tmp_path / "p.json"
    t = Terminal(*ARGS, "-o", str(out))
    t.expect("编号 ›")
    t.send("1\r退役军人\r".encode())
    t.expect(r"营业执照登记日期[\s\S]*›")
    t.send(b"\x04")
    assert t.wait() == 0
    assert json.loads(out.read_text(encoding="utf-8")) == {
        "employment": {"form": "individual_business"},
        "groups": ["veteran"],
    }


def test_at_a_terminal_every_kind_of_wrong_answer_is_explained_and_asked_again(tmp_path):
    out = tmp_path / "p.json"
    t = Terminal(*ARGS, "-o", str(out), "--id", "w-7")
    t.expect("编号 ›")
    typed = ["9", "1", "astronaut", "4", "2021-13-01", "2021/03/01", "yes", "6", "", "电子商务师", "-1", "8000"]
    typed += ["skip", "1"]
    for text in typed[:-1]:
        t.answer(text)
        t.next_prompt()
    t.answer(typed[-1])  # the last question: the result follows, no prompt
    assert t.wait() == 0
    screen = ANSI.sub("", t.seen)
    assert "“9”不在选项中" in screen and "“astronaut”不是人员类别" in screen
    assert "“2021-13-01”不是有效日期" in screen and "“yes”不是数字" in screen and "不能是负数" in screen
    assert "共回答 7 题，跳过 1 题" in screen and "5,000.00" in screen
    assert json.loads(out.read_text(encoding="utf-8")) == {
        "id": "w-7",
        "employment": {"form": "individual_business"},
        "groups": ["veteran"],
        "business": {"registered_on": "2021-03-01", "employee_pension_months": 6, "tax_due_yuan": 8000, "partners": 1},
        "training": [{"occupation": "电子商务师"}],
    }


def test_ctrl_c_at_a_terminal_exits_130_after_saving_what_was_gathered(tmp_path):
    out = tmp_path / "p.json"
    t = Terminal(*ARGS, "-o", str(out))
    t.expect("编号 ›")
    t.answer("1")
    t.expect("属于哪些人员类别")
    t.next_prompt()
    t.send(b"\x03")  # Ctrl-C
    assert t.wait() == 130
    screen = ANSI.sub("", t.seen)
    assert "问询提前结束" in screen and f"已保存：{out}" in screen and "Traceback" not in screen
    assert json.loads(out.read_text(encoding="utf-8")) == {"employment": {"form": "individual_business"}}


def test_ctrl_c_without_o_exits_130_and_says_nothing_was_saved():
    t = Terminal(*ARGS, "--lang", "en")
    t.expect("number or code ›")
    t.send(b"\x03")
    assert t.wait() == 130
    assert "not saved" in ANSI.sub("", t.seen)


# --- answers from a script -------------------------------------------------------------------

SCRIPT = "1\n退役军人\n2021-03-01\n6\n电子商务师\n8000\nskip\n1\n"


def test_the_readme_script_saves_what_it_answers(tmp_path):
    """The README's printf … | interview once saved groups ["platform_worker"] (answers out of step)."""
    out = tmp_path / "p.json"
    r = _piped(*ARGS, "-o", str(out), "--lang", "en", stdin=SCRIPT)
    assert r.returncode == 0, r.stderr
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["groups"] == ["veteran"] and saved["employment"] == {"form": "individual_business"}
    assert saved["business"]["registered_on"] == "2021-03-01" and saved["training"] == [{"occupation": "电子商务师"}]


@pytest.mark.parametrize(
    "script,line,number,field,answer",
    [
        ("8\n1\n", 1, 1, "employment.form", "8"),
        ("1\n退役军人\n4\n2021-03-01\n", 3, 3, "business.registered_on", "4"),
        ("1\nplatform\n", 2, 2, "groups", "platform"),
    ],
)
def test_the_first_bad_scripted_answer_stops_the_run_with_exit_2_and_writes_nothing(
    tmp_path, script, line, number, field, answer
):
    out = tmp_path / "p.json"
    r = _piped(*ARGS, "-o", str(out), stdin=script)
    assert r.returncode == 2 and not out.exists(), r.stderr
    message = r.stderr
    assert f"标准输入第 {line} 行：第 {number} 题（{field}：" in message and f"“{answer}”无效" in message
    assert "未写入任何文件" in message and "Traceback" not in message
    en = _piped(*ARGS, "-o", str(out), "--lang", "en", stdin=script)
    assert en.returncode == 2 and f"standard input line {line}: the answer {answer!r} to question {number}" in en.stderr
    assert not out.exists()


def test_a_bad_scripted_answer_leaves_an_existing_file_as_it_was(tmp_path):
    out = tmp_path / "keep.json"
    out.write_text('{"groups": ["veteran"]}\n', encoding="utf-8")
    r = _piped(*ARGS, "-o", str(out), stdin="8\n")
    assert r.returncode == 2 and out.read_text(encoding="utf-8") == '{"groups": ["veteran"]}\n'


def test_an_existing_o_file_is_continued_not_emptied(tmp_path):
    """`interview -o keep.json < /dev/null` turned keep.json into {} and exited 0."""
    out = tmp_path / "keep.json"
    out.write_text('{"groups": ["veteran"], "employment": {"form": "individual_business"}}', encoding="utf-8")
    r = _piped(*ARGS, "-o", out.name, cwd=tmp_path)  # a short name: the notice fits on its line
    assert r.returncode == 0, r.stderr
    assert "从已有的 keep.json 继续：其中已有 2 项事实" in r.stdout
    assert json.loads(out.read_text(encoding="utf-8")) == {
        "groups": ["veteran"],
        "employment": {"form": "individual_business"},
    }
    assert "employment.form" not in r.stdout.split("继续", 1)[1]  # not asked again
    fresh = _piped(*ARGS, "-o", str(out), "--force")
    assert fresh.returncode == 0 and json.loads(out.read_text(encoding="utf-8")) == {}


def test_from_and_an_existing_o_need_force(tmp_path):
    out = tmp_path / "keep.json"
    out.write_text('{"groups": ["veteran"]}', encoding="utf-8")
    start = Path(__file__).resolve().parents[1] / "examples" / "weihai_startup.json"
    r = _piped(*ARGS, "-o", str(out), "--from", str(start))
    assert r.returncode == 2 and "--force" in r.stderr and json.loads(out.read_text()) == {"groups": ["veteran"]}
    ok = _piped(*ARGS, "-o", str(out), "--from", str(start), "--force")
    assert ok.returncode == 0 and json.loads(out.read_text())["id"] == "example-weihai-1"


def test_an_existing_o_that_is_not_a_profile_is_refused_with_the_way_out(tmp_path):
    out = tmp_path / "keep.json"
    out.write_text("not json", encoding="utf-8")
    r = _piped(*ARGS, "-o", str(out))
    assert r.returncode == 3 and "--force" in r.stderr and out.read_text() == "not json"


def test_the_profile_is_written_atomically(tmp_path, monkeypatch):
    """A write that fails half-way leaves the old file whole and no temporary file behind."""
    from flexcalc.cli.common import write_atomically

    target = tmp_path / "keep.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o640

    def fail(*a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomically(target, b"newer")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["keep.json"]


# --- issue 22 item 8: answers that once crashed or hung ---------------------------------------

BAD_NUMBERS = ["²", "1" * 5000, "1e5000", "1e999999999", "NaN", "-Infinity", "0x10", "１e3", "1_000"]


@pytest.mark.parametrize("answer", BAD_NUMBERS, ids=lambda a: a[:12])
@pytest.mark.parametrize(
    "field", ["business.tax_due_yuan", "business.employee_pension_months", "employment.form", "training", "groups"]
)
def test_odd_numbers_are_refused_in_words_at_once(answer, field):
    started = time.monotonic()
    q = question(field)
    if field == "training" and not answer.isdecimal():  # an occupation's name may be any text
        assert parse_answer(q, answer, "zh") == [{"occupation": answer}]
        return
    with pytest.raises(AnswerError) as e:
        parse_answer(q, answer, "zh")
    assert time.monotonic() - started < 1 and len(str(e.value)) < 200


def test_fullwidth_digits_and_units_are_read_as_typed():
    q = question("business.tax_due_yuan")
    assert parse_answer(q, "８０００") == 8000 and parse_answer(q, "8,000 元") == 8000
    assert parse_answer(q, "1500.5") == 1500.5
    assert parse_answer(question("employment.form"), "１") == "individual_business"


@pytest.mark.parametrize("answer", ["²", "1e999999999", "9" * 4000], ids=["superscript", "exponent", "4000-digits"])
def test_odd_numbers_from_a_script_end_in_exit_2_not_a_traceback_or_a_hang(tmp_path, answer):
    r = _piped(*ARGS, stdin=f"1\n退役军人\n2021-03-01\n{answer}\n")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "第 4 题" in r.stderr
    assert len(r.stderr) < 1000


def test_an_answer_longer_than_a_line_may_be_is_refused_before_it_is_read_as_a_number():
    r = _piped(*ARGS, stdin=f"1\n退役军人\n2021-03-01\n{'1' * 5000}\n")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "4,096" in r.stderr
