"""Resource bombs (issue 22 #6, #7): a record's size is capped (1 MiB, --max-record-bytes or
FLEXCALC_MAX_RECORD_BYTES), at most 10 errors are listed per record ("…and 290 more errors"),
every record before and after a bad one is written, and `- < /dev/zero` is refused with its
exit code by every reader (batch jsonl/csv/json, check, cities --data, interview) in bounded
memory, never a MemoryError."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

GOOD = {"city": "weihai", "groups": ["veteran"]}
needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")


def _lines(tmp_path, *records) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), "utf-8")
    return str(path)


def _results(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines()]


def test_a_record_past_the_limit_is_its_own_error_and_the_others_are_written(invoke, tmp_path):
    big = json.dumps({f"k{i}": 1 for i in range(1000)})  # about 10 KB, over a 2 KiB limit
    src = _lines(tmp_path, dict(GOOD, id="before"), big, dict(GOOD, id="after"))
    r = invoke("batch", src, "--as-of", "2024-06-30", "-j", "1", "--lang", "en", "--max-record-bytes", "2048")
    assert r.exit_code == 3, r.stderr
    out = _results(r.stdout)
    assert [o.get("profile_id") for o in out] == ["before", None, "after"]
    assert [o["line"] for o in out if "line" in o] == [2]
    (error,) = out[1]["errors"]
    assert error["message"].startswith("the line is longer than the record limit of 2 KiB (2,048 bytes)")
    assert "rest of the input" not in error["message"]


def test_the_record_limit_from_the_environment(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("FLEXCALC_MAX_RECORD_BYTES", "1024")
    src = _lines(tmp_path, dict(GOOD, id="x" * 1100), dict(GOOD, id="ok"))
    r = invoke("batch", src, "--as-of", "2024-06-30", "-j", "1", "--lang", "en")
    assert r.exit_code == 3
    assert [o.get("profile_id") for o in _results(r.stdout)] == [None, "ok"]


def test_at_most_ten_errors_a_record(invoke, tmp_path):
    """300 unknown keys: ten named, then one entry that counts the other 290."""
    src = _lines(tmp_path, dict({f"k{i}": 1 for i in range(300)}, id="bomb"), dict(GOOD, id="after"))
    r = invoke("batch", src, "--as-of", "2024-06-30", "-j", "1", "--lang", "en")
    assert r.exit_code == 3
    bomb, after = _results(r.stdout)
    assert [e["path"] for e in bomb["errors"]] == [f"k{i}" for i in range(10)] + ["(record)"]
    assert bomb["errors"][-1]["message"] == "…and 290 more errors"
    assert after["profile_id"] == "after"


def test_check_lists_ten_errors_not_sixty_thousand(invoke, profile_file):
    path = profile_file({f"k{i}": 1 for i in range(60_000)})  # about 700 KB: under the 1 MiB limit
    r = invoke("check", "--city", "weihai", path, "--lang", "zh")
    assert r.exit_code == 3
    assert len(r.stderr) < 2000
    assert "……另有 59,990 处错误" in r.stderr


def test_check_refuses_a_profile_past_the_limit(invoke, profile_file, monkeypatch):
    monkeypatch.setenv("FLEXCALC_MAX_RECORD_BYTES", "1024")
    path = profile_file(dict(GOOD, id="x" * 2000))
    r = invoke("check", "--city", "weihai", path, "--lang", "en")
    assert r.exit_code == 3
    assert "the profile is larger than the record limit of 1 KiB (1,024 bytes)" in r.stderr


def test_a_csv_row_past_the_limit_ends_the_reading(invoke, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,city\nok,weihai\n" + "x" * 3000 + ",weihai\nlater,weihai\n", "utf-8")
    r = invoke("batch", src, "--as-of", "2024-06-30", "-j", "1", "--lang", "en", "--max-record-bytes", "2048")
    assert r.exit_code == 3
    ok, bad = _results(r.stdout)
    assert ok["profile_id"] == "ok"
    assert bad["line"] == 3
    assert "longer than the record limit" in bad["errors"][0]["message"]
    assert "the rest of the input is not read" in bad["errors"][0]["message"]


def test_a_one_line_json_array_longer_than_the_limit_is_read(invoke, tmp_path):
    """The limit is per element: a program's json.dump of many profiles is one long line."""
    src = tmp_path / "in.json"
    src.write_text(json.dumps([dict(GOOD, id=f"p{i}") for i in range(200)]), "utf-8")  # ~9 KB, one line
    r = invoke("batch", src, "--as-of", "2024-06-30", "-j", "1", "--lang", "en", "--max-record-bytes", "2048")
    assert r.exit_code == 0, r.stderr
    assert [o["profile_id"] for o in _results(r.stdout)] == [f"p{i}" for i in range(200)]


def _bounded(args, stdin_path="/dev/zero", memory=1 << 30):
    """flexcalc with standard input from `stdin_path` under a 1 GiB address-space limit."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    with open(stdin_path, "rb") as stdin:
        return subprocess.run(
            [sys.executable, "-m", "flexcalc", *args, "--lang", "en"],
            stdin=stdin,
            capture_output=True,
            preexec_fn=limit,
            timeout=60,
            env=dict(os.environ, COLUMNS="80"),
        )


ZERO = {
    "batch-jsonl": (["batch", "-", "-j", "1", "--as-of", "2024-06-30"], 3, "longer than the record limit of 1 MiB"),
    "batch-csv": (["batch", "-", "-i", "csv", "-j", "1", "--as-of", "2024-06-30"], 2, "header is longer than"),
    "batch-json": (["batch", "-", "-i", "json", "-j", "1", "--as-of", "2024-06-30"], 3, "one array of profile"),
    "check": (["check", "--city", "weihai", "-"], 3, "larger than the record limit of 1 MiB"),
    "cities": (["cities", "--data", "/dev/zero"], 4, "larger than 16 MiB"),
    "interview": (["interview", "--city", "weihai"], 2, "longer than 4,096 characters"),
}


@needs_dev_zero
@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and /dev/zero as on Linux")
@pytest.mark.parametrize("name", ZERO)
def test_dev_zero_is_refused_in_bounded_memory(name):
    args, code, words = ZERO[name]
    r = _bounded(args)
    err = r.stderr.decode()
    assert "Traceback" not in err and "MemoryError" not in err
    assert r.returncode == code, err
    assert words in err + r.stdout.decode()
