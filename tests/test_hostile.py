"""The hostile inputs of issue 9 (tests/hostile/manifest.toml) through every command they concern.

Each case asserts its documented exit code, a fragment of its message (which names the file,
record and field), no traceback, and — for batch — one output line per input record, in input
order: nothing lost, nothing reordered. No raw control character reaches a screen.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flexcalc.toml import tomllib

HERE = Path(__file__).resolve().parent / "hostile"
MANIFEST = tomllib.loads((HERE / "manifest.toml").read_text(encoding="utf-8"))
RUNS = [(name, cmd) for name, case in MANIFEST.items() for cmd in ("check", "batch", "validate") if cmd in case]
CONTROL = ("\x1b", "\x07", "\u202e", "\x9b")


@pytest.mark.parametrize(("name", "command"), RUNS, ids=[f"{n}-{c}" for n, c in RUNS])
def test_hostile_input(invoke, name, command):
    case = MANIFEST[name]
    want = case[command]
    path = HERE / case["file"]
    if command == "check":
        r = invoke("check", "--city", "weihai", "--as-of", "2024-06-30", "--lang", "en", path)
    elif command == "validate":
        r = invoke("validate", "--lang", "en", "--data", path)
    else:
        r = invoke("batch", "--as-of", "2024-06-30", "--lang", "en", "--jobs", "1", *want.get("args", []), path)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.stdout + r.stderr
    assert r.exit_code == want["exit"], r.stdout[-2000:] + r.stderr
    assert want["message"] in r.stdout + r.stderr
    assert not any(c in r.stdout + r.stderr for c in CONTROL), "a raw control character reached the screen"
    if command != "batch":
        if r.exit_code:
            assert str(path) in r.stderr  # the message names the file
        return
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(out) == want["records"]
    lines = [o["line"] for o in out if o["schema"] == "flexcalc.error/1"]
    assert lines == sorted(set(lines))  # errors in input order
    errors = [o for o in out if o["schema"] == "flexcalc.error/1"]
    assert bool(errors) == (want["exit"] == 3)  # exit 3 exactly when some record is invalid
    ids = [o["profile_id"] or "" for o in out]
    if "ids" in want:
        assert ids == want["ids"]
    if "last_id" in want:
        assert ids[-1] == want["last_id"]
    for o in errors:  # each names its record (line) and field (path)
        assert o["line"] >= 1 and o["errors"] and all(e["path"] and e["message"] for e in o["errors"])
