"""The input grammar (flexcalc.grammar, docs/contract.md "Input grammar"): input → value / error tables.

Issue 22 item 14 and issue 21 section 4. JSON is strict (a date is the string YYYY-MM-DD, money
a JSON number); a CSV cell admits what Excel and officials write where it is unambiguous
(2025/3/15, "150,000", 退役军人, 个体经营); --as-of is YYYY-MM-DD only. The tables are meant to be
reused by any other decoder of the same inputs (issue 18's schema-compiled one).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from flexcalc import grammar
from flexcalc.profile_io import RecordProblems, read_profile

# (JSON text of the value, the date read, or None: refused) — for every date field
JSON_DATES = [
    ('"2024-06-30"', date(2024, 6, 30)),
    ('"1900-01-01"', date(1900, 1, 1)),
    ('"2100-12-31"', date(2100, 12, 31)),
    ('"0"', None),  # was 1970-01-01: a Unix timestamp
    ('"1719705600"', None),  # was 2024-06-30
    ("1719705600", None),
    ('"20240630"', None),
    ('"2024-W26-7"', None),
    ('"2024-06-30T00:00:00"', None),
    ('" 2024-06-30"', None),
    ('"２０２４-06-30"', None),
    ('"2024/6/30"', None),  # an Excel form: CSV only
    ('"2024-02-30"', None),
    ('"1899-12-31"', None),
    ("true", None),
]

# (JSON text of the value, the amount read, or None: refused) — for every money field
JSON_MONEY = [
    ("100", Decimal(100)),
    ("0", Decimal(0)),
    ("0.001", Decimal("0.001")),
    ("0.005", Decimal("0.005")),
    ("1e2", Decimal(100)),
    ("100000000", Decimal(100_000_000)),
    ('"100"', None),
    ('" 100 "', None),
    ('"１００"', None),
    ('"100_000"', None),
    ('"1e2"', None),
    ("true", None),
    ("-1", None),
    ("100000000.01", None),
    ("NaN", None),
    ("123456.123456789", Decimal("123456.123456789")),  # 15 significant digits: exact
    ("0.0049999999999999999999", None),  # read through a double it was 0.005, so 0.01: refused
    ("12345678.123456789012", None),  # was 12345678.12345679
]


@pytest.mark.parametrize("text,want", JSON_DATES)
@pytest.mark.parametrize("field", ["birth_date", "business.registered_on", "training[0].start"])
def test_json_dates(text, want, field):
    if field.startswith("training"):
        doc, get = f'{{"training": [{{"start": {text}}}]}}', lambda p: p.training[0].start
    elif "." in field:
        doc, get = f'{{"business": {{"registered_on": {text}}}}}', lambda p: p.business.registered_on
    else:
        doc, get = f'{{"birth_date": {text}}}', lambda p: p.birth_date
    if want is None:
        with pytest.raises(RecordProblems) as e:
            read_profile(doc)
        (path, en, zh), *_ = e.value.triples
        assert path == field and "YYYY-MM-DD" in en + zh or "greater than" in en, (path, en)
    else:
        assert get(read_profile(doc)) == want


@pytest.mark.parametrize("text,want", JSON_MONEY)
@pytest.mark.parametrize("field", ["loan.requested_yuan", "social_insurance.pension_yuan", "training[0].cost_yuan"])
def test_json_money(text, want, field):
    head, _, leaf = field.partition(".")
    if head.startswith("training"):
        doc = f'{{"training": [{{"{leaf}": {text}}}]}}'
    else:
        doc = f'{{"{head}": {{"{leaf}": {text}}}}}'
    if want is None:
        with pytest.raises(RecordProblems):
            read_profile(doc)
    else:
        p = read_profile(doc)
        got = p.training[0].cost_yuan if head.startswith("training") else getattr(getattr(p, head), leaf)
        assert got == want and isinstance(got, Decimal)


def test_a_json_number_too_long_to_read_exactly_names_its_field_and_echoes_it():
    # money is exact: a number no double carries is refused, never rounded on the way in
    with pytest.raises(RecordProblems) as e:
        read_profile('{"id": "x", "training": [{"cost_yuan": 1}, {"cost_yuan": 0.0049999999999999999999}]}')
    ((path, en, zh),) = e.value.triples
    assert path == "training[1].cost_yuan" and e.value.profile_id == "x"
    assert "0.0049999999999999999999" in en and "15 significant digits" in en
    assert "0.0049999999999999999999" in zh and "15 位有效数字" in zh


def test_a_json_string_for_money_says_what_is_expected_and_echoes_it():
    with pytest.raises(RecordProblems) as e:
        read_profile('{"loan": {"requested_yuan": " 100 "}}')
    ((path, en, zh),) = e.value.triples
    assert path == "loan.requested_yuan"
    assert "JSON number" in en and "' 100 '" in en and "JSON 数字" in zh and "' 100 '" in zh


# (kind, cell, the JSON value read, or None: a CellError)
CELLS = [
    ("date", "2025-03-15", "2025-03-15"),
    ("date", "2025/3/15", "2025-03-15"),  # Excel (zh-CN)
    ("date", "2025/03/15", "2025-03-15"),
    ("date", "2025-3-5", "2025-03-05"),
    ("date", "2025.3.15", "2025-03-15"),
    ("date", "2025年3月15日", "2025-03-15"),  # officials
    ("date", "2025/3/15 0:00", "2025-03-15"),  # Excel's date-time cell at midnight
    ("date", " 2025/3/15 ", "2025-03-15"),
    ("date", "0", None),
    ("date", "1719705600", None),
    ("date", "20240630", None),
    ("date", "15/3/2025", None),  # day first or month first: ambiguous
    ("date", "3/15/2025", None),
    ("date", "2025/2/30", None),
    ("date", "2024-W26-7", None),
    ("date", "2025/3/15 8:30", None),
    ("money", "150000", 150000),
    ("money", "150,000", 150000),  # Excel's thousands separator
    ("money", "1,500,000.50", 1500000.5),
    ("money", "¥150,000", 150000),
    ("money", "￥150,000.00", 150000.0),
    ("money", "150000元", 150000),
    ("money", " 0.005 ", 0.005),
    ("money", "-100", -100),  # read, then refused by the model (≥ 0) with its own words
    ("money", "1,50,000", None),
    ("money", "150,00", None),
    ("money", "1.5E+05", None),
    ("money", "１００", None),
    ("money", "100_000", None),
    ("money", ".5", None),
    ("money", "150.000,50", None),
    ("money", "NaN", None),
    ("money", "inf", None),
    ("money", "123456.123456789", 123456.123456789),  # 15 significant digits: exact
    ("money", "0.0049999999999999999999", None),  # would be read as 0.005 (then 0.01): refused
    ("money", "1" * 400 + ".5", None),  # was infinity, "not valid JSON" for the whole row
    ("number", "1,000", 1000),
    ("number", "¥100", None),  # a currency sign only on money
    ("int", "12", 12),
    ("int", "10,000", 10000),
    ("int", "1.0", None),
    ("int", "1e3", None),
    ("int", "十二", None),
    ("bool", "TRUE", True),  # Excel
    ("bool", "False", False),
    ("bool", "是", True),
    ("bool", "否", False),
    ("bool", "1", True),
    ("bool", "maybe", None),
]


@pytest.mark.parametrize("kind,cell,want", CELLS)
def test_csv_cells(kind, cell, want):
    from flexcalc.batch.columns import convert

    if want is None:
        with pytest.raises(grammar.CellError) as e:
            convert(kind, cell, "x")
        message = e.value.args[0]
        assert repr(cell.strip()[:40])[1:-1] in message.render("en") and "expected" in message.render("en")
        assert "实际是" in message.render("zh")
    else:
        got = convert(kind, cell, "x")
        assert got == want and type(got) is type(want)


# (field path, cell, the code read)
CODES = [
    ("employment.form", "个体经营", "individual_business"),
    ("employment.form", "平台就业", "platform"),
    ("employment.form", "Platform", "platform"),
    ("employment.form", "platform work", "platform"),
    ("business.type", "个体工商户", "individual"),
    ("business.type", "小微企业", "micro_enterprise"),
    ("gender", "女", "female"),
    ("gender", "MALE", "male"),
]


@pytest.mark.parametrize("path,cell,code", CODES)
def test_csv_codes_take_the_interviews_labels(path, cell, code):
    assert grammar.cell_code(path, cell) == code


def test_csv_groups_take_labels_and_chinese_separators():
    assert grammar.cell_groups("退役军人；高校毕业生") == ["veteran", "college_graduate"]
    assert grammar.cell_groups("退役军人、登记失业人员") == ["veteran", "registered_unemployed"]
    assert grammar.cell_groups("veteran; platform_worker") == ["veteran", "platform_worker"]
    assert grammar.cell_groups("外星人") == ["外星人"]  # kept: the model names it as an unknown group


@pytest.mark.parametrize(
    "text,ok",
    [
        ("2024-06-30", True),
        ("20240630", False),
        ("2024-W26-7", False),
        ("2024-06-30T00:00", False),
        ("2024/6/30", False),
        (" 2024-06-30", False),
        ("2024-02-30", False),
    ],
)
def test_as_of_is_iso_only(invoke, profile_file, text, ok):
    assert (grammar.as_of(text) is not None) is ok
    r = invoke("check", "--city", "weihai", "--as-of", text, "--lang", "en", profile_file({}))
    assert r.exit_code == (0 if ok else 2), r.stderr
    if not ok:
        assert "YYYY-MM-DD" in r.stderr


def test_assume_reads_a_date_by_the_cell_grammar(invoke, profile_file):
    r = invoke("check", "--city", "weihai", "--assume", "business.registered_on=0", "--lang", "en", profile_file({}))
    assert r.exit_code == 2 and "expected a date" in r.stderr and "'0'" in r.stderr
    r = invoke("check", "--city", "weihai", "--assume", "business.registered_on=2025/3/15", profile_file({}))
    assert r.exit_code == 0, r.stderr


# --- whole inputs -------------------------------------------------------------------------

EXCEL_CSV = (
    "id,city,birth_date,groups,employment.form,business.type,business.registered_on,loan.requested_yuan,"
    "business.partners\n"
    'x1,weihai,1990/5/1,退役军人,个体经营,个体工商户,2025/3/15,"150,000","1"\n'
)
SAME_JSON = {
    "id": "x1",
    "city": "weihai",
    "birth_date": "1990-05-01",
    "groups": ["veteran"],
    "employment": {"form": "individual_business"},
    "business": {"type": "individual", "registered_on": "2025-03-15", "partners": 1},
    "loan": {"requested_yuan": 150000},
}


def test_an_excel_edited_csv_reads_as_its_json(invoke, tmp_path):
    csv_path = tmp_path / "excel.csv"
    csv_path.write_bytes(EXCEL_CSV.encode("gb18030"))  # as Excel saves it in China
    jsonl = tmp_path / "same.jsonl"
    jsonl.write_text(json.dumps(SAME_JSON, ensure_ascii=False) + "\n", encoding="utf-8")
    a = invoke("batch", csv_path, "--as-of", "2026-06-30", "--lang", "en")
    b = invoke("batch", jsonl, "--as-of", "2026-06-30", "--lang", "en")
    assert a.exit_code == 0 and b.exit_code == 0, (a.stdout, a.stderr)
    assert json.loads(a.stdout) == json.loads(b.stdout)


def test_a_bad_csv_cell_says_what_was_expected_and_echoes_it(invoke, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('id,birth_date,loan.requested_yuan\nx1,15/3/1990,"1,50,000"\n', encoding="utf-8")
    r = invoke("batch", path, "--city", "weihai", "--lang", "en")
    assert r.exit_code == 3
    (err,) = [json.loads(x) for x in r.stdout.splitlines()]
    messages = {e["path"]: e["message"] for e in err["errors"]}
    assert "expected a date" in messages["birth_date"] and "'15/3/1990'" in messages["birth_date"]
    assert "expected a number" in messages["loan.requested_yuan"] and "'1,50,000'" in messages["loan.requested_yuan"]


def test_a_gb18030_csv_with_its_bom_reads_without_a_warning_a_line(invoke, tmp_path):
    path = tmp_path / "gb.csv"
    rows = "".join(f"g{i},weihai,退役军人\n" for i in range(300))
    path.write_bytes(b"\x84\x31\x95\x33" + ("id,city,groups\n" + rows).encode("gb18030"))
    r = invoke("batch", path, "--as-of", "2026-06-30", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert "not valid UTF-8" not in r.stderr and len(r.stdout.splitlines()) == 300
    assert json.loads(r.stdout.splitlines()[0])["profile_id"] == "g0"


def test_a_stray_cr_in_an_lf_file_is_data_and_forges_nothing(invoke, tmp_path):
    """Issue 22 item 13: two lines gave four outputs, one a valid result for "FORGED"."""
    forged = '{"id": "FORGED", "city": "weihai", "business": {"type": "individual", "tax_due_yuan": 24000}}'
    path = tmp_path / "cr.jsonl"
    path.write_bytes(b'{"id": "a", "city": "weihai"}\r' + forged.encode() + b"\n" + b'{"id": "b", "city": "weihai"}\n')
    r = invoke("batch", path, "--as-of", "2026-06-30", "--lang", "en")
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(out) == 2 == path.read_bytes().count(b"\n")  # one output a line, as wc -l counts
    assert out[0].get("schema") == "flexcalc.error/1" and out[0]["line"] == 1
    assert out[1]["profile_id"] == "b"
    assert "FORGED" not in [o.get("profile_id") for o in out]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "a cell holds a carriage return (CR) outside quotes"), ("zh", "有单元格在引号外含有回车符（CR）")],
)
def test_a_stray_cr_in_a_csv_row_is_that_rows_error_in_words(invoke, tmp_path, lang, words):
    # the same rule in CSV: the row with it is one error (it was Python's "open the file in
    # universal-newline mode?", in English inside a Chinese message), the next row is read
    path = tmp_path / "cr.csv"
    path.write_bytes(b"id,city\nab\rFORGED,weihai\nz,weihai\n")
    r = invoke("batch", path, "--as-of", "2026-06-30", "--lang", lang)
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o.get("profile_id") for o in out] == [None, "z"] and out[0]["line"] == 2
    assert out[0]["errors"][0]["message"].startswith(words)


def test_a_file_without_lf_still_ends_lines_at_cr(invoke, tmp_path):
    path = tmp_path / "mac.jsonl"
    path.write_bytes(b'{"id": "a", "city": "weihai"}\r{"id": "b", "city": "weihai"}\r')
    r = invoke("batch", path, "--as-of", "2026-06-30")
    assert r.exit_code == 0 and [json.loads(x)["profile_id"] for x in r.stdout.splitlines()] == ["a", "b"]


def test_crlf_lines_are_lines(invoke, tmp_path):
    path = tmp_path / "dos.csv"
    path.write_bytes(b"id,city\r\na,weihai\r\nb,weihai\r\n")
    r = invoke("batch", path, "--as-of", "2026-06-30")
    assert r.exit_code == 0 and [json.loads(x)["profile_id"] for x in r.stdout.splitlines()] == ["a", "b"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_bom_starting_a_line_midway_is_dropped_in_every_format(invoke, tmp_path, fmt):
    """Issue 22 item 21: concatenated files put a BOM mid-input; CSV kept it in the id, JSONL refused it."""
    path = tmp_path / f"cat.{fmt}"
    if fmt == "csv":
        path.write_bytes(b"\xef\xbb\xbfid,city\na,weihai\n\xef\xbb\xbfb,weihai\n")
    else:
        path.write_bytes(b'\xef\xbb\xbf{"id": "a", "city": "weihai"}\n\xef\xbb\xbf{"id": "b", "city": "weihai"}\n')
    r = invoke("batch", path, "--as-of", "2026-06-30")
    assert r.exit_code == 0, r.stdout
    assert [json.loads(x)["profile_id"] for x in r.stdout.splitlines()] == ["a", "b"]


def test_utf16_input_is_refused_with_what_to_do(invoke, tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("id,city\na,weihai\n".encode("utf-16"))
    r = invoke("batch", path, "--lang", "en")
    assert r.exit_code == 2 and "UTF-16" in r.stderr and "CSV UTF-8" in r.stderr
