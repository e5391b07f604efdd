"""Batch for shell scripts (issue 21 §4): the as-of date and lapsed documents in the summary,
`--summary FILE.json` with the audit stamp, `--summary-only` into -o and as CSV or JSON, no
one-line report without a terminal (and `--quiet`), progress counted in records with a total,
and Parquet refused onto a terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "examples" / "registry.jsonl"
posix = pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")


def on_a_terminal(args, stdout_tty=False, stderr_tty=True) -> tuple[int, str, bytes]:
    """Run batch with standard error (and maybe output) on a pseudo-terminal: (exit, what the
    terminal showed, what went to standard output when that is not the terminal)."""
    master, slave = pty.openpty()
    r = subprocess.run(
        [sys.executable, "-m", "flexcalc", "batch", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=slave if stdout_tty else subprocess.PIPE,
        stderr=slave if stderr_tty else subprocess.PIPE,
        env=dict(os.environ, COLUMNS="80"),
        timeout=60,
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        shown += data
    os.close(master)
    return r.returncode, shown.decode("utf-8", "replace"), r.stdout or b""


def test_the_summary_says_its_as_of_date_and_that_a_document_lapsed(invoke):
    """Xining's document (宁政办〔2021〕33号) ran to 2026-05-07: at 2026-06-30 its records show
    only "—" in the summary, which now says why, and the date it was computed at."""
    r = invoke("batch", REGISTRY, "--as-of", "2026-06-30", "-j", "1", "--summary-only", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert "as of 2026-06-30" in r.stdout
    assert "Xining xining (1 record):" in r.stdout and "expired on 2026-05-07" in r.stdout
    zh = invoke("batch", REGISTRY, "--as-of", "2026-06-30", "-j", "1", "--summary-only")
    assert "评估日：2026-06-30" in zh.stdout and "已于 2026-05-07 失效" in zh.stdout
    plain = invoke("batch", REGISTRY, "--as-of", "2026-06-30", "-j", "1", "--lang", "en")
    assert "flexcalc batch: warning: Xining xining (1 record):" in plain.stderr  # also with results
    before = invoke("batch", REGISTRY, "--as-of", "2023-06-30", "-j", "1", "--summary-only", "--lang", "en")
    assert "expired" not in before.stdout


def test_summary_file_holds_the_counts_sums_and_audit_stamp(invoke, tmp_path):
    out, report = tmp_path / "results.jsonl", tmp_path / "summary.json"
    r = invoke("batch", REGISTRY, "--as-of", "2023-06-30", "-j", "1", "-o", out, "--summary", report)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(report.read_text(encoding="utf-8"), parse_float=Decimal)
    assert doc["schema"] == "flexcalc.batch-summary/1" and doc["as_of"] == "2023-06-30"
    assert (doc["records"], doc["valid"], doc["invalid"], doc["complete"]) == (5, 5, 0, True)
    assert set(doc["audit"]) >= {"flexcalc_version", "data_sha256", "as_of"}
    # Dalian (五) citing 财金〔2020〕21号 "个人创业担保贷款最高额度为20万元": one person, at the cap
    assert doc["cities"]["dalian"]["measures"]["guarantee_loan"] == {
        "eligible": 1,
        "amount_yuan": Decimal("200000.00"),
        "needs_info": 0,
    }
    results = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    eligible: dict = {}
    for result in results:  # every count is the count of the results written
        for m in result["measures"]:
            key = (result["city"], m["id"])
            eligible[key] = eligible.get(key, 0) + (m["status"] == "eligible")
    counted = {(c, m): v["eligible"] for c, city in doc["cities"].items() for m, v in city["measures"].items()}
    assert counted == {k: v for k, v in eligible.items() if k in counted}
    assert all(v == 0 for k, v in eligible.items() if k not in counted)
    total = sum(Decimal(str(r["totals"]["cash_yuan"])) for r in results)
    assert sum(c["totals"]["cash_yuan"] for c in doc["cities"].values()) == total


def test_summary_cannot_overwrite_the_input_or_the_output(invoke, tmp_path):
    out = tmp_path / "r.jsonl"
    r = invoke("batch", REGISTRY, "-o", out, "--summary", out, "--lang", "en")
    assert r.exit_code == 2 and "that is the file of -o" in r.stderr


def test_summary_only_goes_to_o_and_in_the_format_asked(invoke, tmp_path):
    """`--summary-only -o x` wrote nothing and `--format csv` still printed the box table."""
    table = tmp_path / "summary.txt"
    r = invoke("batch", REGISTRY, "--as-of", "2023-06-30", "-j", "1", "--summary-only", "-o", table, "--lang", "en")
    assert r.exit_code == 0 and r.stdout == ""
    text = table.read_text(encoding="utf-8")
    assert "as of 2023-06-30" in text and "Guarantee loan" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    r = invoke("batch", REGISTRY, "--as-of", "2023-06-30", "-j", "1", "--summary-only", "--format", "csv")
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["city", "records", "measure", "eligible", "share", "amount_yuan", "needs_info", "warnings"]
    assert ["dalian", "1", "guarantee_loan", "1", "1.0000", "200000.00", "0", ""] in rows
    r = invoke("batch", REGISTRY, "--as-of", "2023-06-30", "-j", "1", "--summary-only", "--format", "jsonl")
    assert len(r.stdout.splitlines()) == 1
    assert json.loads(r.stdout)["cities"]["dalian"]["records"] == 1
    r = invoke("batch", REGISTRY, "--summary-only", "--format", "parquet", "--lang", "en")
    assert r.exit_code == 2 and "not Parquet" in r.stderr


@posix
def test_the_one_line_report_only_for_a_person(invoke, tmp_path):
    """In a script (no terminal) the report is left out; at a terminal it is there unless --quiet;
    without --as-of it gives the date used (today)."""
    out = tmp_path / "r.jsonl"
    r = invoke("batch", REGISTRY, "--as-of", "2023-06-30", "-j", "1", "-o", out, "--lang", "en")
    assert r.exit_code == 0 and r.stderr == ""
    code, shown, _ = on_a_terminal([REGISTRY, "-j", "1", "-o", out, "--lang", "en", "--as-of", "2023-06-30"])
    assert code == 0 and "flexcalc batch: 5 records (5 valid, 0 invalid) in" in shown
    code, shown, _ = on_a_terminal([REGISTRY, "-j", "1", "-o", out, "--lang", "en", "--quiet"])
    assert code == 0 and "records" not in shown
    code, shown, _ = on_a_terminal([REGISTRY, "-j", "1", "-o", out])
    from datetime import date

    assert f"评估日 {date.today()}，共 5 条记录" in shown


@posix
def test_progress_counts_records_of_a_known_total(tmp_path):
    """The bar counted megabytes (`5.0/26.0 MB 10,000 条`): now records of the total, and the time left."""
    line = json.loads(REGISTRY.read_text(encoding="utf-8").splitlines()[0])
    src = tmp_path / "many.jsonl"
    src.write_text("".join(json.dumps({**line, "id": f"p{i}"}) + "\n" for i in range(3000)), encoding="utf-8")
    code, shown, _ = on_a_terminal([src, "-j", "1", "-o", tmp_path / "o.jsonl", "--lang", "en"])
    assert code == 0
    assert "/3,000 records" in shown and "left" in shown
    assert "MB" not in shown


@posix
def test_parquet_is_refused_onto_a_terminal():
    pytest.importorskip("pyarrow")
    code, shown, _ = on_a_terminal([REGISTRY, "--format", "parquet", "--lang", "en"], stdout_tty=True)
    assert code == 2
    assert "--format parquet is binary and standard output is a terminal" in shown
