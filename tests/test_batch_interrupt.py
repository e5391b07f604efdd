"""Ctrl-C during `flexcalc batch`: whole records only, and a message saying how far it got."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

PROFILE = {
    "city": "weihai",
    "groups": ["veteran"],
    "employment": {"form": "individual_business"},
    "business": {"type": "individual", "registered_on": "2023-01-10", "employee_pension_months": 12},
}


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a process group is POSIX")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_leaves_whole_lines(tmp_path, jobs):
    src = tmp_path / "many.jsonl"
    line = json.dumps(PROFILE)
    src.write_text("".join(line[:-1] + f', "id": "p{i}"}}\n' for i in range(200_000)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "flexcalc",
        "batch",
        str(src),
        "--as-of",
        "2024-06-30",
        "--jobs",
        jobs,
        "-o",
        str(out),
        "--lang",
        "en",
    ]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while (not out.exists() or out.stat().st_size < 200_000) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "through input line" in err
    data = out.read_bytes()
    assert data.endswith(b"\n")
    results = [json.loads(x) for x in data.splitlines()]
    assert 0 < len(results) < 200_000
    assert [r["profile_id"] for r in results] == [f"p{i}" for i in range(len(results))]
    assert f"{len(results):,} records written, through input line {len(results)}" in err
