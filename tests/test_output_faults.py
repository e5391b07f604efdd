"""Output that cannot be written, and text the output cannot encode (issue 22 #11): `--help` and
`--version` into a full disk, an ASCII-only standard output, Parquet into a full disk —
a one-line message and the documented exit code, never a traceback, never a torn .parquet."""

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
needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")


def flexcalc(args, stdout=subprocess.PIPE, **env):
    return subprocess.run(
        [sys.executable, "-m", "flexcalc", *args],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=dict(os.environ, COLUMNS="80", **env),
        timeout=60,
    )


@needs_dev_full
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["batch", "--help"], ["check", "--help", "--lang", "en"]])
def test_help_and_version_into_a_full_disk(args):
    with open("/dev/full", "wb") as full:
        r = flexcalc(args, stdout=full)
    err = r.stderr.decode()
    assert "Traceback" not in err
    assert r.returncode == 2, err
    assert "无法写入标准输出" in err or "cannot write to standard output" in err


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--city", "weihai", PROFILE],
        ["check", "--city", "weihai", PROFILE, "--lang", "en"],
        ["cities"],
        ["policy", "--city", "xining"],
        ["explain", "--city", "weihai", PROFILE],
        ["batch", "examples/registry.jsonl", "--as-of", "2023-06-30", "--summary-only", "-j", "1"],
    ],
)
def test_an_ascii_only_output_gets_escapes_not_a_traceback(args):
    """PYTHONIOENCODING=ascii (a C locale, an old terminal): every table raised UnicodeEncodeError."""
    r = subprocess.run(
        [sys.executable, "-m", "flexcalc", *args],
        capture_output=True,
        cwd=ROOT,
        env=dict(os.environ, COLUMNS="80", PYTHONIOENCODING="ascii"),
        timeout=60,
    )
    out, err = r.stdout.decode("ascii"), r.stderr.decode("ascii")  # nothing but ASCII reaches either
    assert "Traceback" not in err
    assert r.returncode == 0, err
    assert out.strip()
    if args[0] == "cities":
        assert "\\u5a01\\u6d77" in out  # 威海, escaped


def test_parquet_into_a_full_disk_leaves_the_output_as_it_was(invoke, tmp_path, monkeypatch):
    """Results larger than one buffer: the disk fills at a row group; a partial, unreadable
    .parquet was left under the final name. Now exit 2, the message, and -o as it was."""
    pytest.importorskip("pyarrow")
    from flexcalc.batch import parquet

    def full(self):
        if self.pending:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(parquet.Sink, "flush", full)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"p{i}", "city": "weihai"}) + "\n" for i in range(20)), "utf-8")
    out = tmp_path / "out.parquet"
    out.write_bytes(b"yesterday")
    r = invoke("batch", src, "--format", "parquet", "-o", out, "-j", "1", "--lang", "en", "--as-of", "2024-06-30")
    assert r.exit_code == 2, r.stderr
    assert "No space left on device" in r.stderr and "no record was written completely" in r.stderr
    assert out.read_bytes() == b"yesterday"
    assert list(tmp_path.glob(".*.part")) == []


@needs_dev_full
def test_parquet_to_dev_full_is_a_message():
    """Results that fit one buffer: the OSError came from the last flush, as a traceback."""
    pytest.importorskip("pyarrow")
    r = flexcalc(
        [
            "batch",
            str(ROOT / "examples" / "registry.jsonl"),
            "--format",
            "parquet",
            "-o",
            "/dev/full",
            "-j",
            "1",
            "--lang",
            "en",
        ]
    )
    err = r.stderr.decode()
    assert "Traceback" not in err
    assert r.returncode == 2, err
    assert "cannot write to /dev/full (No space left on device)" in err
