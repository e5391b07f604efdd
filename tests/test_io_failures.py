"""Output and input that fail (issue 9 #9): a full disk (`> /dev/full`), a closed standard output
(`>&-`) or input (`<&-`), for every command — a one-paragraph message and exit 2 (3 when the
profile itself cannot be read), never a traceback, never exit 0 with the result lost. And a
batch whose output fills up says how many records reached it completely."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROFILE = str(ROOT / "examples" / "weihai_startup.json")
COMMANDS = {
    "check": ["check", "--city", "weihai", PROFILE],
    "explain": ["explain", "--city", "weihai", PROFILE],
    "markdown": ["check", "--city", "weihai", "-f", "markdown", PROFILE],
    "compare": ["compare", PROFILE],
    "policy": ["policy", "--city", "weihai"],
    "cities": ["cities"],
    "schema": ["schema"],
    "validate": ["validate"],
    "batch": ["batch", "--input-format", "jsonl", "-j", "1", "-"],
    "interview": ["interview", "--city", "weihai"],
}
needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")


def flexcalc(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, close=()):
    """Run `python -m flexcalc` with fds in `close` closed in the child."""

    def closing():
        for fd in close:
            os.close(fd)

    env = dict(os.environ, COLUMNS="80", FLEXCALC_CACHE_DIR=os.environ.get("FLEXCALC_CACHE_DIR", ""))
    return subprocess.run(
        [sys.executable, "-m", "flexcalc", *args, "--lang", "en"],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=closing,
        env=env,
        timeout=60,
    )


STDIN_CASES = {
    "check": (["check", "--city", "weihai", "-"], 3, "<stdin>: cannot read the profile (standard input is closed)"),
    "batch": (["batch", "-j", "1", "-"], 3, "<stdin>: cannot read the input (standard input is closed)"),
    "interview": (["interview", "--city", "weihai"], 2, "standard input is closed"),
}


def _full(name):
    with open("/dev/full", "wb") as full, open(PROFILE, "rb") as profile:
        return flexcalc(COMMANDS[name], stdin=profile if name == "batch" else subprocess.DEVNULL, stdout=full)


@pytest.fixture(scope="module")
def runs():
    """Every subprocess of this module, started together (each is mostly Python start-up)."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = {("closed_stdout", n): (lambda n=n: flexcalc(COMMANDS[n], close=(1,))) for n in COMMANDS}
    jobs.update({("closed_stdin", n): (lambda n=n: flexcalc(STDIN_CASES[n][0], close=(0,))) for n in STDIN_CASES})
    if os.path.exists("/dev/full"):
        jobs.update({("disk_full", n): (lambda n=n: _full(n)) for n in COMMANDS})
    with ThreadPoolExecutor(4) as pool:
        futures = {key: pool.submit(job) for key, job in jobs.items()}
        return {key: f.result() for key, f in futures.items()}


@needs_dev_full
@pytest.mark.parametrize("name", COMMANDS)
def test_disk_full(runs, name):
    r = runs[("disk_full", name)]
    err = r.stderr.decode()
    assert "Traceback" not in err
    assert r.returncode == 2, err
    assert "cannot write to standard output (No space left on device)" in err


@pytest.mark.parametrize("name", COMMANDS)
def test_closed_stdout(runs, name):
    r = runs[("closed_stdout", name)]
    err = r.stderr.decode()
    assert "Traceback" not in err
    assert r.returncode == 2, err
    assert "standard output is closed" in err


@pytest.mark.parametrize("name", STDIN_CASES)
def test_closed_stdin(runs, name):
    r = runs[("closed_stdin", name)]
    _, code, message = STDIN_CASES[name]
    err = r.stderr.decode()
    assert "Traceback" not in err
    assert r.returncode == code, err
    assert message in err


def test_batch_disk_full_says_how_many_records_are_whole(invoke, tmp_path, monkeypatch):
    """The disk fills up in the middle of record 24: the file is cut back to the 23 whole records,
    and the message gives that count and the input line to resume after."""
    from types import SimpleNamespace

    from flexcalc.batch import sink

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"p{i}", "city": "weihai"}) + "\n" for i in range(50)), "utf-8")
    target = tmp_path / "out.jsonl"
    assert invoke("batch", src, "--as-of", "2024-06-30", "-j", "1", "--lang", "en", "-o", target).exit_code == 0
    ends = [len(x) + 1 for x in target.read_bytes().split(b"\n")[:-1]]
    room = sum(ends[:23]) + ends[23] // 2  # the disk holds 23 records and half of the 24th
    written = {"n": 0}

    def write(fd, data):
        if written["n"] >= room:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = os.write(fd, bytes(data[: room - written["n"]]))
        written["n"] += n
        return n

    monkeypatch.setattr(sink, "os", SimpleNamespace(write=write, ftruncate=os.ftruncate))
    r = invoke("batch", src, "--as-of", "2024-06-30", "-j", "1", "--lang", "en", "-o", target)
    assert r.exit_code == 2, r.stderr
    assert "cannot write to" in r.stderr and "No space left on device" in r.stderr
    assert "23 records were written completely, through input line 23" in r.stderr
    assert "the file was cut back to that record" in r.stderr
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["profile_id"] for x in lines] == [f"p{i}" for i in range(23)]  # whole records only
