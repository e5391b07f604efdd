"""batch with Parquet in and out, and --detail codes: same answers as the JSONL path, errors in place."""

from __future__ import annotations

import json
from decimal import Decimal

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from flexcalc.batch import codes  # noqa: E402
from flexcalc.batch.parquet_profiles import profile_schema, profiles_table  # noqa: E402

AS_OF = "2024-06-30"
# Weihai 6 (startup subsidy 5,000: individual business registered since 2020-01-01, operating ≥ 6
# months, ≥ 6 months of employee pension) and Weihai 7 (guarantee loan, veteran: 300,000 cap
# from 2023-10-01, asked 150,000).
ALICE = {
    "id": "a1",
    "city": "weihai",
    "groups": ["veteran"],
    "employment": {"form": "individual_business", "registered": True},
    "business": {"type": "individual", "registered_on": "2023-01-10", "employee_pension_months": 12},
    "loan": {"requested_yuan": 150000},
    "training": [{"occupation": "电工", "cost_yuan": 1755.35, "days": 10, "start": "2024-03-01"}],
}
BOB = {"id": "b2", "city": "大连", "groups": ["college_graduate"], "graduated_on": "2023-07-01"}


def _jsonl(path, profiles):
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in profiles), encoding="utf-8")
    return path


@pytest.fixture
def sample(tmp_path):
    import importlib.util
    from pathlib import Path

    gen = Path(__file__).resolve().parents[1] / "bench" / "generate.py"
    if not gen.is_file():
        pytest.skip("bench/generate.py is not here")
    spec = importlib.util.spec_from_file_location("bench_generate", gen)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [ALICE, BOB, *module.generate(120, seed=11)]


def test_parquet_input_gives_the_same_bytes_as_jsonl(invoke, tmp_path, sample):
    src = _jsonl(tmp_path / "in.jsonl", sample)
    pq.write_table(profiles_table(sample), tmp_path / "in.parquet")
    a = invoke("batch", src, "--as-of", AS_OF, "-j", "1", "-o", tmp_path / "a.jsonl")
    b = invoke("batch", tmp_path / "in.parquet", "--as-of", AS_OF, "-j", "2", "-o", tmp_path / "b.jsonl")
    assert a.exit_code == 0 and b.exit_code == 0, b.stderr
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_profile_columns_round_trip(tmp_path):
    pq.write_table(profiles_table([ALICE]), tmp_path / "p.parquet")
    t = pq.read_table(tmp_path / "p.parquet")
    assert t.schema == profile_schema()
    row = t.to_pylist()[0]
    assert row["business.registered_on"].isoformat() == "2023-01-10"
    assert row["loan.requested_yuan"] == Decimal("150000")  # exact, a decimal column
    assert row["training"][0]["cost_yuan"] == Decimal("1755.35")
    assert row["groups"] == ["veteran"] and row["employment.registered"] is True


def _results(invoke, tmp_path, src, *args):
    out = tmp_path / "out.parquet"
    r = invoke("batch", src, "--as-of", AS_OF, "--format", "parquet", "-o", out, *args)
    return r, pq.read_table(out)


def test_parquet_output_one_row_per_measure_with_audit(invoke, tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [ALICE, BOB])
    r, t = _results(invoke, tmp_path, src, "-j", "1")
    assert r.exit_code == 0, r.stderr
    rows = t.to_pylist()
    assert len(rows) == 20 and rows[0]["record"] == 1 and rows[10]["record"] == 2
    by = {(x["profile_id"], x["measure_id"]): x for x in rows}
    startup = by[("a1", "startup_subsidy")]
    assert startup["status"] == "eligible" and startup["amount_yuan"] == Decimal("5000.00")
    assert startup["clause"] == "6" and startup["reasons"]
    loan = by[("a1", "guarantee_loan")]
    assert loan["amount_yuan"] == Decimal("150000.00") and loan["kind"] == "loan"
    assert rows[0]["as_of"].isoformat() == AS_OF and len(rows[0]["data_sha256"]) == 64
    assert rows[0]["assumptions"] == "{}" and rows[0]["flexcalc_version"]
    audit = json.loads(pq.read_metadata(tmp_path / "out.parquet").metadata[b"flexcalc.audit"])
    assert audit["as_of"] == AS_OF


def test_parquet_output_matches_jsonl_field_by_field(invoke, tmp_path, sample):
    src = _jsonl(tmp_path / "in.jsonl", sample)
    r, t = _results(invoke, tmp_path, src, "-j", "2", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    full = invoke("batch", src, "--as-of", AS_OF, "-j", "1", "--lang", "en")
    objs = [json.loads(x) for x in full.stdout.splitlines()]
    rows = iter(t.to_pylist())
    for o in objs:
        for m in o["measures"]:
            row = next(rows)
            assert (row["profile_id"], row["measure_id"], row["status"]) == (o["profile_id"], m["id"], m["status"])
            amount = None if row["amount_yuan"] is None else float(row["amount_yuan"])
            assert amount == m["amount_yuan"] and row["reasons"] == m["reasons"]
            assert row["missing"] == m["missing"]


def test_bad_records_get_error_rows_in_place_exit_3(invoke, tmp_path):
    # a typed column that breaks the contract: a string where a group code list is due, bad code
    bad = pa.table({"id": ["x1", "x2", "x3"], "city": ["weihai"] * 3, "groups": ["veteran", "nobody", None]})
    pq.write_table(bad, tmp_path / "bad.parquet")
    r, t = _results(invoke, tmp_path, tmp_path / "bad.parquet", "-j", "1")
    assert r.exit_code == 3
    rows = t.to_pylist()
    assert [x["record"] for x in rows] == [1] * 10 + [2] + [3] * 10  # nothing dropped, in order
    err = [x for x in rows if x["schema"] == "flexcalc.error/1"]
    assert len(err) == 1 and err[0]["record"] == 2 and err[0]["profile_id"] == "x2"
    assert err[0]["errors"][0]["path"].startswith("groups")


def test_wrong_column_type_is_an_error_row(invoke, tmp_path):
    bad = pa.table({"id": ["x1", "x2"], "city": ["weihai", "weihai"], "business.partners": [1.5, None]})
    pq.write_table(bad, tmp_path / "bad.parquet")
    r = invoke("batch", tmp_path / "bad.parquet", "--as-of", AS_OF, "-j", "1")
    assert r.exit_code == 3
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert out[0]["schema"] == "flexcalc.error/1" and out[0]["line"] == 1
    assert out[0]["errors"][0]["path"] == "business.partners"
    assert out[1]["schema"] == "flexcalc.result/1"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_codes_render_back_to_the_full_reasons(invoke, tmp_path, sample, lang):
    src = _jsonl(tmp_path / "in.jsonl", sample)
    full = invoke("batch", src, "--as-of", AS_OF, "-j", "1", "--lang", lang)
    r = invoke("batch", src, "--as-of", AS_OF, "-j", "2", "--detail", "codes", "-o", tmp_path / "c.jsonl")
    assert r.exit_code == 0, r.stderr
    table = json.loads((tmp_path / "c.jsonl.templates.json").read_text(encoding="utf-8"))["templates"]
    got = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    for o, c in zip((json.loads(x) for x in full.stdout.splitlines()), got, strict=True):
        assert c["schema"] == codes.CODES_SCHEMA and c["totals"] == o["totals"]
        for m, k in zip(o["measures"], c["measures"], strict=True):
            assert (k["id"], k["status"], k["amount_yuan"], k["missing"]) == (
                m["id"],
                m["status"],
                m["amount_yuan"],
                m["missing"],
            )
            templates = table[codes.table_key(c["city"], k["id"], k["reason"])]
            assert codes.render(templates, k["args"], lang) == m["reasons"]


def test_parquet_codes_carry_their_templates(invoke, tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [ALICE])
    r, t = _results(invoke, tmp_path, src, "-j", "1", "--detail", "codes")
    assert r.exit_code == 0, r.stderr
    meta = pq.read_metadata(tmp_path / "out.parquet").metadata
    table = json.loads(meta[b"flexcalc.reason_templates"])["templates"]
    row = next(x for x in t.to_pylist() if x["measure_id"] == "startup_subsidy")
    assert row["reasons"] is None
    words = codes.render(
        table[codes.table_key("weihai", "startup_subsidy", row["reason_code"])], json.loads(row["reason_args"])
    )
    assert any("5000" in w or "5,000" in w for w in words)


def test_codes_and_csv_do_not_mix(invoke, tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [ALICE])
    r = invoke("batch", src, "--as-of", AS_OF, "--format", "csv", "--detail", "codes")
    assert r.exit_code == 2


def test_codes_do_not_multiply_with_the_numbers(invoke, tmp_path):
    # Urumqi (七): the same rule on other contributions and months is the same code, other args
    base = {"city": "urumqi", "groups": ["employment_difficulty"], "employment": {"form": "part_time"}}
    a = {**base, "id": "a", "social_insurance": {"pension_yuan": 2933, "months": 9, "subsidised_months_before": 3}}
    b = {**base, "id": "b", "social_insurance": {"pension_yuan": 1259.87, "months": 4, "subsidised_months_before": 10}}
    src = _jsonl(tmp_path / "in.jsonl", [a, b])
    r = invoke("batch", src, "--as-of", AS_OF, "-j", "1", "--detail", "codes", "-o", tmp_path / "c.jsonl")
    assert r.exit_code == 0, r.stderr
    x, y = (json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines())
    mx, my = (next(m for m in o["measures"] if m["id"] == "social_insurance_subsidy") for o in (x, y))
    assert mx["status"] == my["status"] == "eligible"
    assert mx["reason"] == my["reason"] and mx["args"] != my["args"]


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "not valid JSON: Expecting ',' delimiter"), ("zh", "不是有效的 JSON（第 1 行第 5 列")]
)
def test_an_unreadable_cell_names_its_column_and_keeps_the_id(invoke, tmp_path, lang, words):
    # a string column of a JSON field (training) whose cell is not JSON: that row's error, in its
    # language, at the column's path and with the row's id; the rows around it are evaluated
    cells = pa.table({"id": ["a", "b", "c"], "city": ["weihai"] * 3, "training": [None, "[1,2", None]})
    pq.write_table(cells, tmp_path / "in.parquet")
    r = invoke("batch", tmp_path / "in.parquet", "--as-of", AS_OF, "-j", "1", "--lang", lang)
    assert r.exit_code == 3
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["schema"] for o in out] == ["flexcalc.result/1", "flexcalc.error/1", "flexcalc.result/1"]
    assert out[1]["line"] == 2 and out[1]["profile_id"] == "b"
    (err,) = out[1]["errors"]
    assert err["path"] == "training" and err["message"].startswith(words)


def test_a_date_past_year_9999_is_an_error_row_not_a_crash(invoke, tmp_path):
    # date32 holds days far beyond Python's dates (9999-12-31 is day 2,932,896): the row with one
    # is refused in place, the other rows of its batch are evaluated
    days = pa.array([19_000, 3_000_000, None], pa.date32())
    bad = pa.table({"id": ["a", "b", "c"], "city": ["weihai"] * 3, "business.registered_on": days})
    pq.write_table(bad, tmp_path / "in.parquet")
    r, t = _results(invoke, tmp_path, tmp_path / "in.parquet", "-j", "1", "--lang", "en")
    assert r.exit_code == 3
    rows = t.to_pylist()
    assert [x["record"] for x in rows] == [1] * 10 + [2] + [3] * 10
    (err,) = rows[10]["errors"]
    assert rows[10]["profile_id"] == "b" and err["path"] == "business.registered_on"
    assert "9999-12-31" in err["message"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.decimals(min_value=-(10**11), max_value=10**11, places=6)),
            st.one_of(st.none(), st.decimals(min_value=-(10**9), max_value=10**9, places=0)),
            st.one_of(st.none(), st.dates()),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_decimal_and_date_columns_are_written_as_their_python_values_would_be(rows):
    # the reader writes decimal and date columns from Arrow's text (no Decimal or date objects):
    # the JSON must be the bytes orjson writes from the Python values (Decimal normalised,
    # 1755.350000 → 1755.35, 100.000000 → 100, 0 → 0; dates zero-padded: 0999-01-01)
    from flexcalc.batch import parquet_read

    a, b, d = (list(col) for col in zip(*rows, strict=True))
    table = pa.table(
        {"a": pa.array(a, pa.decimal128(18, 6)), "b": pa.array(b, pa.decimal128(10, 0)), "d": pa.array(d, pa.date32())}
    )
    got = parquet_read.batch_records(
        table.to_batches()[0], parquet_read.plan(table.column_names, table.schema.types), 1
    )
    for (x, y, day), (_, kind, payload) in zip(rows, got, strict=True):
        want = {k: v for k, v in (("a", x), ("b", y), ("d", day)) if v is not None}
        assert kind == "json" and payload == orjson.dumps(want, default=parquet_read._default)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_a_money_cell_that_is_no_number_is_its_rows_error(invoke, tmp_path, bad):
    # issue 22 item 15: NaN or ±inf became null, so absent, and the loan was eligible at Weihai's
    # 300,000 cap (clause 7) as if nothing were asked; JSONL refuses them, so Parquet does too
    table = pa.table(
        {
            "id": ["a", "b", "c"],
            "city": ["weihai"] * 3,
            "loan.requested_yuan": [150_000.0, bad, None],
            "training": [None, [{"occupation": "电工", "cost_yuan": bad}], None],
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    r = invoke("batch", tmp_path / "in.parquet", "--as-of", AS_OF, "-j", "1", "--lang", "en")
    assert r.exit_code == 3, r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["schema"] for o in out] == ["flexcalc.result/1", "flexcalc.error/1", "flexcalc.result/1"]
    assert out[1]["profile_id"] == "b"
    paths = sorted(e["path"] for e in out[1]["errors"])
    assert paths == ["loan.requested_yuan", "training[0].cost_yuan"]
    assert all("finite number" in e["message"] for e in out[1]["errors"])


@pytest.mark.parametrize(
    "names",
    [["id", "city", "city"], ["id", "city", "business", "business.type"], ["id", "city", "extra.x", "extra"]],
)
def test_columns_naming_one_field_twice_are_refused(invoke, tmp_path, names):
    # issue 22 item 15 (and 16 for CSV): the last of two columns for one field silently won
    arrays = [pa.array(["d1"]), pa.array(["weihai"])] + [pa.array([None], pa.string())] * (len(names) - 2)
    pq.write_table(pa.Table.from_arrays(arrays, names=names), tmp_path / "in.parquet")
    r = invoke("batch", tmp_path / "in.parquet", "--as-of", AS_OF, "-j", "1", "--lang", "en")
    assert r.exit_code == 2 and r.stdout == ""
    assert repr(names[-1]) in r.stderr or repr(names[-2]) in r.stderr


@pytest.mark.parametrize(("lang", "words"), [("en", "a value has no JSON form"), ("zh", "某个值无法写成 JSON")])
def test_a_cell_of_a_type_json_cannot_hold_is_its_rows_error_in_its_language(invoke, tmp_path, lang, words):
    # a binary column has no JSON form: the row's error, in the run's language, in place
    table = pa.table({"id": ["a", "b"], "city": ["weihai"] * 2, "name": pa.array([None, b"\x00"], pa.binary())})
    pq.write_table(table, tmp_path / "in.parquet")
    r = invoke("batch", tmp_path / "in.parquet", "--as-of", AS_OF, "-j", "1", "--lang", lang)
    assert r.exit_code == 3, r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["schema"] for o in out] == ["flexcalc.result/1", "flexcalc.error/1"]
    assert out[1]["errors"][0]["message"].startswith(words)
