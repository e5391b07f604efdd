"""flexcalc outreach: the budget equals batch's own output of the same records, the three groups
partition as defined, a reform moves the money by exactly the figure's change, --keep carries
only what it names, notices and the report are whole, safe and offline."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generated import generated

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2024-06-30"


def _jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _rows(out: Path) -> list[dict]:
    rows = []
    for f in sorted((out / "worklists").glob("*/*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                rows.append({**r, "city": f.parent.name, "measure": f.stem})
    return rows


def _expected_group(m: dict) -> str | None:
    """The groups as the issue defines them, from batch's result JSON."""
    if m["status"] == "eligible":
        return "floor" if m["amount_is_floor"] else "ready"
    if m["status"] == "needs_info" and 1 <= len(m["missing"]) <= 2:
        if not any(f.startswith("data:") for f in m["missing"]):
            return "one_step"
    return None


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    """A generated registry of 600 records with two bad ones, run through batch and outreach."""
    from typer.testing import CliRunner

    from flexcalc.cli import app

    tmp = tmp_path_factory.mktemp("outreach")
    records = generated(600, seed=19)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(100, '{"id": "bad-1", "city": "weihai", "groups": ["nobody"]}')
    lines.insert(300, "{not json")
    src = tmp / "registry.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    batch = runner.invoke(
        app, ["batch", str(src), "--as-of", AS_OF, "-j", "1", "--lang", "en", "-o", str(tmp / "batch.jsonl")]
    )
    assert batch.exit_code == 3, batch.output
    out = tmp / "out"
    got = runner.invoke(app, ["outreach", str(src), "--as-of", AS_OF, "-j", "1", "--out", str(out), "--lang", "en"])
    results = [json.loads(x) for x in (tmp / "batch.jsonl").read_text(encoding="utf-8").splitlines()]
    return src, out, got, results


def test_budget_equals_batch_output(registry):
    """Every count and sum of summary.json, recomputed from batch's JSONL of the same records."""
    _, out, got, results = registry
    assert got.exit_code == 3, got.output  # two records in error: the run goes on and says so
    doc = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(doc) == {"as_of", "data_sha256", "records", "errors", "cities"}
    assert doc["records"] == 602 and doc["errors"] == 2 and doc["as_of"] == AS_OF
    want: dict = {}
    for r in results:
        if r.get("schema") != "flexcalc.result/1":
            continue
        city = want.setdefault(r["city"], {"people": 0, "measures": {}})
        city["people"] += 1
        for m in r["measures"]:
            if m["status"] == "not_offered":
                continue
            c = city["measures"].setdefault(
                m["id"],
                {"ready": 0, "floor": 0, "one_step": 0, "needs_info": 0, "eligible": 0, "amount_yuan": Decimal(0)},
            )
            g = _expected_group(m)
            if g:
                c[g] += 1
            c["needs_info"] += m["status"] == "needs_info"
            c["eligible"] += m["status"] == "eligible"
            if m["status"] == "eligible" and m["amount_yuan"] is not None:
                c["amount_yuan"] += Decimal(str(m["amount_yuan"]))
    assert set(doc["cities"]) == set(want)
    for cid, city in doc["cities"].items():
        assert city["people"] == want[cid]["people"]
        assert set(city["measures"]) == set(want[cid]["measures"])
        for mid, m in city["measures"].items():
            w = want[cid]["measures"][mid]
            assert set(m) == {"ready", "floor", "one_step", "needs_info", "eligible", "amount_yuan", "ceiling_yuan"}
            for k in ("ready", "floor", "one_step", "needs_info", "eligible"):
                assert m[k] == w[k], (cid, mid, k)
            assert Decimal(str(m["amount_yuan"])) == w["amount_yuan"], (cid, mid)
            assert m["ready"] + m["floor"] == m["eligible"]  # eligible is exactly ready ∪ floor
            if m["ceiling_yuan"] is not None:
                assert Decimal(str(m["ceiling_yuan"])) >= Decimal(str(m["amount_yuan"]))


def test_groups_partition_exactly(registry):
    """One worklist row per (person, measure) in a group, in the right group, and no other row."""
    _, out, _, results = registry
    want = set()
    for r in results:
        if r.get("schema") == "flexcalc.result/1":
            for m in r["measures"]:
                g = _expected_group(m)
                if g:
                    want.add((r["profile_id"], r["city"], m["id"], g))
    rows = _rows(out)
    got = [(r["profile_id"], r["city"], r["measure"], r["group"]) for r in rows]
    assert len(got) == len(set(got)) and set(got) == want


def test_worklists_ordered_by_deadline_then_value(registry):
    _, out, _, _ = registry
    for f in (out / "worklists").glob("*/*.csv"):
        with open(f, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))

        def key(r):
            value = r["amount_yuan"] or r["ceiling_yuan"] or "0"
            return (r["deadline"] or "9999-12-31", -Decimal(value), int(r["line"]))

        assert [key(r) for r in rows] == sorted(key(r) for r in rows), f


def test_errors_listed_as_batch_lists_them(registry):
    _, out, _, results = registry
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errors == [r for r in results if r.get("schema") == "flexcalc.error/1"]
    assert [e["line"] for e in errors] == [101, 301]


def test_report_is_self_contained(registry):
    """report.html opens offline: no script, no link, nothing fetched; every tag closed."""
    _, out, _, _ = registry
    text = (out / "report.html").read_text(encoding="utf-8")
    _parses(text)
    low = text.lower()
    assert "<script" not in low and "<link" not in low and "src=" not in low and "url(" not in low
    assert "http://" not in low.replace("http://www.w3.org/2000/svg", "") and "https://" not in low
    assert low.count("<svg") >= 5  # the bar charts


class _Checker(HTMLParser):
    VOID = {"meta", "br", "rect", "hr", "img", "input", "link", "col"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parses(text: str) -> str:
    p = _Checker()
    p.feed(text)
    p.close()
    assert not p.stack, p.stack
    return "".join(p.text)


# --- the shipped examples: a notice in zh and en for each city ---------------------------

EXAMPLES = {  # example → (city, as of): tests/test_examples.py works their figures out by hand
    "urumqi_incubator.json": ("urumqi", "2023-06-30"),
    "xining_partnership.json": ("xining", "2023-06-30"),
    "lianyungang_graduate.json": ("lianyungang", "2023-06-30"),
    "dalian_graduate.json": ("dalian", "2023-12-31"),
    "weihai_startup.json": ("weihai", "2026-06-30"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_example_notice(example, lang, invoke, tmp_path, data):
    """The notice names every amount (and range and ceiling) and every deadline of the person's
    measures, with the department, the clause and the audit stamp; the HTML parses, one page."""
    from flexcalc.data import resolve_city
    from flexcalc.pipeline import evaluate
    from flexcalc.profile_io import parse_profile

    city, day = EXAMPLES[example]
    profile = json.loads((ROOT / "examples" / example).read_text(encoding="utf-8"))
    src = _jsonl(tmp_path / "one.jsonl", [{**profile, "city": city}])
    got = invoke(
        "outreach", src, "--as-of", day, "-j", "1", "--out", tmp_path / "out", "--lang", lang, "--notices", "both"
    )
    assert got.exit_code == 0, got.output
    folder = tmp_path / "out" / "notices" / city
    page = (folder / f"{profile['id']}.html").read_text(encoding="utf-8")
    md = (folder / f"{profile['id']}.md").read_text(encoding="utf-8")
    text = _parses(page)
    assert page.count('class="page"') == 1 and "size: A4" in page
    from datetime import date

    from flexcalc import changes

    person, city_data = parse_profile(json.dumps(profile), example), resolve_city(data, city)[1]
    r = evaluate(person, city, city_data, date.fromisoformat(day), data)
    changes.stamp(r, person, city_data, data)  # the deadlines outreach gives (issue 20)
    rows = {row["measure"]: row for row in _rows(tmp_path / "out")}
    shown = 0
    for m in r.measures:
        if m.id not in rows:
            continue
        shown += 1
        for amount in (m.amount, m.amount_min, Decimal(rows[m.id]["ceiling_yuan"] or 0) or None):
            if amount is not None:
                assert f"{amount:,.2f}" in text and f"{amount:,.2f}" in md, (m.id, amount)
        if m.deadline is not None:
            assert m.deadline.isoformat() in text and m.deadline.isoformat() in md
            assert rows[m.id]["deadline"] == m.deadline.isoformat()
        assert m.words("department", lang) in text
    assert shown >= 3
    assert r.as_of.isoformat() in text and "flexcalc" in text
    from flexcalc.data import load

    assert load(None).sha256 in text and load(None).sha256 in md


# --- reform ---------------------------------------------------------------------------------


def test_reform_moves_amount_by_the_difference(tmp_path, invoke):
    """Weihai's start-up subsidy raised from 5,000 to 8,000 (clause 6): amount_yuan moves by
    3,000 × the people it is paid to, each listed as a gainer with the figure that changed."""
    text = (ROOT / "data" / "cities.toml").read_text(encoding="utf-8")
    old = 'quote = "给予5000元的一次性创业补贴", value = [{ amount_yuan = 5000 }]'
    assert old in text
    new = tmp_path / "reform.toml"
    new.write_text(text.replace(old, old.replace("amount_yuan = 5000", "amount_yuan = 8000")), encoding="utf-8")
    records = [r for r in generated(600, seed=7) if r["city"] == "weihai"]
    src = _jsonl(tmp_path / "w.jsonl", records)
    got = invoke("outreach", src, "--as-of", AS_OF, "-j", "1", "--out", tmp_path / "out", "--reform", new)
    assert got.exit_code == 0, got.output
    doc = json.loads((tmp_path / "out" / "reform.json").read_text(encoding="utf-8"))
    m = doc["cities"]["weihai"]["measures"]["startup_subsidy"]
    paid = m["eligible_before"]
    assert paid > 5 and m["eligible_after"] == paid
    assert Decimal(str(m["amount_yuan_after"])) - Decimal(str(m["amount_yuan_before"])) == 3000 * paid
    assert m["gainers"] == paid and m["losers"] == 0
    path = "cities.weihai.measures.startup_subsidy.amount.value[0].amount_yuan"
    assert m["figures"] == [path]
    assert doc["figures_changed"] == [{"path": path, "before": 5000, "after": 8000}]
    changes = doc["changes"]
    assert len(changes) == paid and {c["measure"] for c in changes} == {"startup_subsidy"}
    assert all(Decimal(str(c["amount_yuan_after"])) - Decimal(str(c["amount_yuan_before"])) == 3000 for c in changes)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["cities"]["weihai"]["measures"]["startup_subsidy"]["amount_yuan"] == m["amount_yuan_before"]
    for mid, other in doc["cities"]["weihai"]["measures"].items():  # nothing else moved
        if mid != "startup_subsidy":
            assert other["amount_yuan_before"] == other["amount_yuan_after"] and not other["gainers"]
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "改革影响" in report and f"+{3000 * paid:,.2f}" in report


# --- --keep, untrusted text, the output directory --------------------------------------------


def test_keep_carries_the_columns_and_nothing_else(tmp_path, invoke):
    src = tmp_path / "reg.csv"
    src.write_text(
        "id,name,city,groups,employment.form,business.type,business.registered_on,"
        "business.employee_pension_months,extra.phone,extra.address,extra.secret\n"
        "w1,王伟,weihai,veteran,individual_business,individual,2023-01-10,12,13800000000,环翠区1号,TOPSECRET\n"
        'w2,李娜,weihai,,part_time,,,,13900000000,=HYPERLINK("x"),TOPSECRET\n',
        encoding="utf-8",
    )
    got = invoke(
        "outreach", src, "--as-of", AS_OF, "-j", "1", "--out", tmp_path / "out", "--keep", "phone,extra.address"
    )
    assert got.exit_code == 0, got.output
    files = list((tmp_path / "out" / "worklists").glob("*/*.csv"))
    assert files
    for f in files:
        text = f.read_text(encoding="utf-8")
        header = text.splitlines()[0].split(",")
        assert header[-2:] == ["phone", "address"]
        assert "TOPSECRET" not in text and "王伟" not in text and "李娜" not in text
    rows = {(r["profile_id"], r["measure"]): r for r in _rows(tmp_path / "out")}
    assert rows[("w1", "startup_subsidy")]["phone"] == "13800000000"
    assert rows[("w1", "startup_subsidy")]["address"] == "环翠区1号"
    w2 = next(r for (pid, _), r in rows.items() if pid == "w2")
    assert w2["address"] == '\'=HYPERLINK("x")'  # a formula cell, defused


def test_untrusted_text_neutralised(tmp_path, invoke):
    evil = {
        "id": "../../etc/\x1b[31mx",
        "name": "<script>alert(1)</script>\u202e",
        "city": "weihai",
        "groups": ["veteran"],
        "employment": {"form": "individual_business"},
        "business": {"type": "individual", "registered_on": "2023-01-10", "employee_pension_months": 12},
    }
    src = _jsonl(tmp_path / "e.jsonl", [evil, {**evil, "id": "=1+1"}])
    got = invoke("outreach", src, "--as-of", AS_OF, "-j", "1", "--out", tmp_path / "out", "--notices", "both")
    assert got.exit_code == 0, got.output
    names = sorted(p.name for p in (tmp_path / "out" / "notices" / "weihai").iterdir())
    assert names == ["_.._etc___31mx-L1.html", "_.._etc___31mx-L1.md", "_1_1-L2.html", "_1_1-L2.md"]
    page = (tmp_path / "out" / "notices" / "weihai" / names[0]).read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "\u202e" not in page and "\\u202e" in page
    md = (tmp_path / "out" / "notices" / "weihai" / names[1]).read_text(encoding="utf-8")
    assert "<script>" not in md and "\x1b" not in md
    cells = [r["profile_id"] for r in _rows(tmp_path / "out")]
    assert "'=1+1" in cells and all("\x1b" not in c for c in cells)


def test_out_must_be_empty_unless_force(tmp_path, invoke):
    src = _jsonl(tmp_path / "r.jsonl", generated(20, seed=3))
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    got = invoke("outreach", src, "--as-of", AS_OF, "-j", "1", "--out", out)
    assert got.exit_code == 2 and "目录非空" in got.output
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    got = invoke("outreach", src, "--as-of", AS_OF, "-j", "1", "--out", out, "--force", "--notices", "none")
    assert got.exit_code == 0, got.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["errors.jsonl", "mine.txt", "report.html", "summary.json", "worklists"]  # no spool, no temp file
    assert not list(out.rglob(".*"))


def test_parallel_and_parquet_give_the_same_worklists(tmp_path, invoke):
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    src = _jsonl(tmp_path / "r.jsonl", generated(300, seed=5))
    a = invoke("outreach", src, "--as-of", AS_OF, "-j", "1", "--out", tmp_path / "a", "--notices", "none")
    b = invoke("outreach", src, "--as-of", AS_OF, "-j", "2", "--out", tmp_path / "b", "--format", "parquet")
    assert a.exit_code == b.exit_code == 0, (a.output, b.output)
    assert (tmp_path / "a" / "summary.json").read_text() == (tmp_path / "b" / "summary.json").read_text()
    for f in (tmp_path / "a" / "worklists").glob("*/*.csv"):
        with open(f, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        table = pq.read_table(tmp_path / "b" / "worklists" / f.parent.name / f"{f.stem}.parquet").to_pylist()
        assert [r["profile_id"] for r in rows] == [t["profile_id"] for t in table]
        assert [r["amount_yuan"] for r in rows] == [
            "" if t["amount_yuan"] is None else str(t["amount_yuan"]) for t in table
        ]


# --- ceilings, worked by hand ------------------------------------------------------------------


def test_ceilings_by_hand(tmp_path, invoke):
    records = [
        # 乌鲁木齐 三（二）: local, first business, over 12 months; groups unknown → at least 10,000,
        # 20,000 if a college graduate
        {"id": "u1", "city": "urumqi", "local_hukou": True, "employment": {"form": "individual_business"},
         "business": {"type": "individual", "registered_on": "2022-01-10", "first_business": True}},
        # 威海 7: a veteran's loan, partners not given → 300,000 (财金〔2023〕75号) as a floor, 600,000 partnership
        {"id": "w1", "city": "weihai", "groups": ["veteran"], "employment": {"form": "individual_business"},
         "business": {"type": "individual", "registered_on": "2023-01-10", "employee_pension_months": 12}},
        # 威海 6: pension months not given → one step from 5,000
        {"id": "w2", "city": "weihai", "groups": ["veteran"], "employment": {"form": "individual_business"},
         "business": {"type": "individual", "registered_on": "2023-01-10", "partners": 1}},
        # 大连（一）: hours × the hourly minimum wage, hours not given → no cap in the document
        {"id": "d1", "city": "dalian", "groups": ["employment_difficulty"], "employment": {"form": "part_time"}},
    ]  # fmt: skip
    src = _jsonl(tmp_path / "r.jsonl", records)
    got = invoke("outreach", src, "--as-of", AS_OF, "-j", "1", "--out", tmp_path / "out", "--notices", "none")
    assert got.exit_code == 0, got.output
    rows = {(r["profile_id"], r["measure"]): r for r in _rows(tmp_path / "out")}
    u1 = rows[("u1", "startup_subsidy")]
    assert (u1["group"], u1["amount_yuan"], u1["ceiling_yuan"], u1["missing"]) == (
        "floor",
        "10000.00",
        "20000.00",
        "groups",
    )
    w1 = rows[("w1", "guarantee_loan")]
    assert (w1["group"], w1["amount_yuan"], w1["ceiling_yuan"]) == ("floor", "300000.00", "600000.00")
    w2 = rows[("w2", "startup_subsidy")]
    assert (w2["group"], w2["ceiling_yuan"], w2["missing"]) == (
        "one_step",
        "5000.00",
        "business.employee_pension_months",
    )
    d1 = rows[("d1", "public_welfare_post_subsidy")]
    assert (d1["group"], d1["ceiling_yuan"], d1["ceiling_note"]) == ("one_step", "", "no_cap")
    doc = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert doc["cities"]["dalian"]["measures"]["public_welfare_post_subsidy"]["ceiling_yuan"] is None
    weihai = doc["cities"]["weihai"]["measures"]
    assert weihai["startup_subsidy"]["ceiling_yuan"] == 10000  # 5,000 paid + 5,000 one step away
    assert weihai["guarantee_loan"]["ceiling_yuan"] == 900000  # 600,000 + 300,000 (w2 gave partners: 1)


@pytest.mark.skipif(not hasattr(__import__("os"), "killpg"), reason="SIGINT to a process group is POSIX")
def test_ctrl_c_leaves_whole_notices_and_no_half_file(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    person = {
        "city": "weihai",
        "groups": ["veteran"],
        "employment": {"form": "individual_business"},
        "business": {"type": "individual", "registered_on": "2023-01-10", "employee_pension_months": 12},
    }
    src = _jsonl(tmp_path / "many.jsonl", [{**person, "id": f"p{i}"} for i in range(60_000)])
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "flexcalc", "outreach", str(src), "--as-of", AS_OF, "-j", "2", "--out", str(out)]
    proc = subprocess.Popen([*cmd, "--lang", "en"], stderr=subprocess.PIPE, text=True, start_new_session=True)
    folder = out / "notices" / "weihai"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not folder.exists() or len(os.listdir(folder)) < 1500):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted at input line" in err
    notices = list(folder.iterdir())
    assert 0 < len(notices) < 60_000
    assert all(p.name.startswith("p") and p.read_text(encoding="utf-8").endswith("</html>\n") for p in notices)
    assert sorted(p.name for p in out.iterdir()) == ["notices"]  # no worklist, summary or spool


def test_deadline_fills_the_column_and_the_notice(tmp_path, invoke, monkeypatch):
    """When a measure carries MeasureResult.deadline (issue 20), the worklist's deadline column and
    the notice's "by when" show it. The deadline is put on one measure here (2026-09-30) so the
    wiring is checked before every rule has its own."""
    from datetime import date

    import flexcalc.outreach.notices as notices
    import flexcalc.outreach.worker as worker

    profile = json.loads((ROOT / "examples" / "weihai_startup.json").read_text(encoding="utf-8"))
    src = _jsonl(tmp_path / "one.jsonl", [{**profile, "city": "weihai"}])
    plain = invoke("outreach", src, "--as-of", "2026-06-30", "-j", "1", "--out", tmp_path / "a", "--notices", "md")
    assert plain.exit_code == 0, plain.output
    first = next(iter(_rows(tmp_path / "a")))
    due = date(2026, 9, 30)

    def fixed(m):
        return due if m.id == first["measure"] else None

    monkeypatch.setattr(worker, "deadline", fixed)
    monkeypatch.setattr(notices, "deadline", fixed)
    got = invoke("outreach", src, "--as-of", "2026-06-30", "-j", "1", "--out", tmp_path / "b", "--notices", "md")
    assert got.exit_code == 0, got.output
    rows = {r["measure"]: r for r in _rows(tmp_path / "b")}
    assert rows[first["measure"]]["deadline"] == "2026-09-30"
    assert all(r["deadline"] == "" for k, r in rows.items() if k != first["measure"])
    md = (tmp_path / "b" / "notices" / "weihai" / f"{profile['id']}.md").read_text(encoding="utf-8")
    assert "2026-09-30" in md
    assert "2026-09-30" not in (tmp_path / "a" / "notices" / "weihai" / f"{profile['id']}.md").read_text(
        encoding="utf-8"
    )
