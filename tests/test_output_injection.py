"""Issue 22 items 17 and 18: untrusted text cannot become a spreadsheet formula in any CSV we write,
nor Markdown or HTML in the printable notice (OWASP's CSV-injection rule; CommonMark's escapes)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from flexcalc.text import formula_safe, markdown_safe

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tx", "\rx"]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_starting_like_a_formula_gets_an_apostrophe(value):
    assert formula_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["张三", "a=b", "p-1", "", "'=x"])
def test_other_cells_are_untouched(value):
    assert formula_safe(value) == value


@pytest.mark.parametrize("excel", [False, True])
def test_batch_csv_defuses_ids_and_error_text(invoke, tmp_path, excel):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": '=HYPERLINK("http://x","y")', "city": "weihai"})
        + "\n"
        + json.dumps({"id": "@SUM(A1)", "city": "weihai", "=cmd": 1})  # an unknown key leads the error text
        + "\n",
        encoding="utf-8",
    )
    args = ["batch", path, "--as-of", "2024-06-30", "--lang", "en", "--format", "csv", "--jobs", "1"]
    r = invoke(*args, *(["--excel"] if excel else []))
    assert r.exit_code == 3, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout.removeprefix("\ufeff"))))
    assert [row["profile_id"] for row in rows] == ['\'=HYPERLINK("http://x","y")', "'@SUM(A1)"]
    assert rows[1]["error"].startswith("'=cmd: unknown field")
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values() if cell)


def test_markdown_escapes_markup_and_html():
    assert markdown_safe("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert(1)\\>"
    assert markdown_safe("[a](http://x) ![i](http://y)") == "\\[a\\](http://x) \\!\\[i\\](http://y)"
    assert markdown_safe("a\\|b") == "a\\\\\\|b"  # the backslash escaped too: the pipe cannot open a cell
    assert markdown_safe("*b* _c_ `d` ~e~ #f") == "\\*b\\* \\_c\\_ \\`d\\` \\~e\\~ \\#f"
    assert markdown_safe("business.in_incubator a_b_ _c") == "business.in_incubator a_b\\_ \\_c"  # intraword: plain
    assert markdown_safe("张三 (东区)\x1b") == "张三 (东区)\\\\x1b"  # shown, then its backslash escaped


def test_the_notice_shows_a_hostile_name_as_text(invoke, tmp_path):
    name = "<img src=x onerror=alert(1)> [a](http://x) ![i](http://y) a\\|b"
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"id": "[id](http://z)", "name": name, "city": "weihai"}), encoding="utf-8")
    r = invoke("check", path, "--format", "markdown", "--as-of", "2024-06-30", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    row = next(line for line in r.stdout.splitlines() if line.startswith("| Name |"))
    assert row == "| Name | " + markdown_safe(name) + " |"
    assert row.count("|") - row.count("\\|") == 3  # two cells: the escaped pipe opens none
    assert not re.search(r"(?<!\\)<img|(?<!\\)\]\(http", r.stdout)  # no tag, no link: each escaped
    assert "| \\[id\\](http://z) |" in r.stdout
