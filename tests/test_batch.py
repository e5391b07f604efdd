"""flexcalc batch: formats, encodings, errors in place, order, exit codes, CSV output, summary."""

from __future__ import annotations

import csv
import io
import json

import pytest

from flexcalc.catalogue import MEASURE_IDS

AS_OF = "2024-06-30"

ALICE = {
    "id": "a1",
    "city": "weihai",
    "groups": ["veteran"],
    "employment": {"form": "individual_business", "registered": True},
    "business": {"type": "individual", "registered_on": "2023-01-10", "employee_pension_months": 12},
}
BOB = {"id": "b2", "city": "大连", "groups": ["college_graduate"], "graduated_on": "2023-07-01"}
CAROL = {"id": "c3", "city": "urumqi", "local_hukou": True, "employment": {"form": "platform"}}


def lines(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines()]


@pytest.fixture
def run(invoke, tmp_path):
    """Write `content` (str or bytes) to a file and run batch on it; extra CLI args follow."""

    def go(content, *args, name="in.jsonl"):
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return invoke("batch", path, "--as-of", AS_OF, "--jobs", "1", *args)

    return go


def jsonl(*profiles) -> str:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in profiles)


def test_jsonl_mixed_cities_in_order(run):
    r = run(jsonl(ALICE, BOB, CAROL))
    assert r.exit_code == 0, r.stderr
    out = lines(r.stdout)
    assert [o["profile_id"] for o in out] == ["a1", "b2", "c3"]
    assert [o["city"] for o in out] == ["weihai", "dalian", "urumqi"]
    assert all(o["schema"] == "flexcalc.result/1" and len(o["measures"]) == len(MEASURE_IDS) for o in out)
    assert out[0]["audit"]["as_of"] == AS_OF
    assert r.stderr == ""  # no terminal: no one-line report (issue 21 §4; its words: test_batch_scripts.py)


def test_city_option_applies_to_every_record(run):
    out = lines(run(jsonl(ALICE, BOB), "--city", "威海").stdout)
    assert [o["city"] for o in out] == ["weihai", "weihai"]


def test_invalid_records_in_the_middle_keep_count_and_order(run, tmp_path):
    content = (
        jsonl(ALICE)
        + '{"id": "bad1", "city": "weihai", "gender": "x", "business": {"partners": 0}}\n'
        + "\n   \n"
        + "[1, 2]\n"
        + '{"id": "nocity"}\n'
        + '{"id": "where", "city": "atlantis"}\n'
        + "{not json\n"
        + '{"id": "typo", "city": "weihai", "grups": []}\n'
        + jsonl(BOB)
    )
    r = run(content, "--summary", tmp_path / "summary.json")
    assert r.exit_code == 3
    out = lines(r.stdout)
    assert len(out) == 8
    assert out[0]["profile_id"] == "a1" and out[-1]["profile_id"] == "b2"
    errors = out[1:-1]
    assert all(e["schema"] == "flexcalc.error/1" for e in errors)
    assert [e["line"] for e in errors] == [2, 5, 6, 7, 8, 9]
    assert [e["profile_id"] for e in errors] == ["bad1", None, "nocity", "where", None, "typo"]
    assert {e["path"] for e in errors[0]["errors"]} == {"gender", "business.partners"}
    assert errors[1]["errors"][0]["message"] == "人员信息应为 JSON 对象，实际是数组"  # no Python type name
    assert errors[2]["errors"][0]["path"] == "city"
    assert "未知城市 'atlantis'" in errors[3]["errors"][0]["message"]
    assert "不是有效的 JSON" in errors[4]["errors"][0]["message"]
    assert errors[5]["errors"][0]["path"] == "grups"
    report = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert (report["records"], report["valid"], report["invalid"], report["blank_lines"]) == (8, 2, 6, 2)


def test_empty_inputs(run):
    for content, name in (
        ("", "e.jsonl"),
        ("\n\n", "e.jsonl"),
        ("[]", "e.json"),
        ("", "e.csv"),
        ("id,city\n", "e.csv"),
    ):
        r = run(content, "--summary-only", "--format", "jsonl", name=name)
        assert r.exit_code == 0, (name, r.stderr)
        assert json.loads(r.stdout)["records"] == 0
        r = run(content, name=name)
        assert r.exit_code == 0, (name, r.stderr)
        assert r.stdout == ""


def test_json_array_streamed_with_line_numbers(run):
    content = "[\n" + json.dumps(ALICE, indent=2) + ",\n  7,\n" + json.dumps(CAROL) + "\n]\n"
    r = run(content, name="in.json")
    assert r.exit_code == 3
    out = lines(r.stdout)
    assert [o.get("profile_id") for o in out] == ["a1", None, "c3"]
    assert out[1]["line"] == 2 + json.dumps(ALICE, indent=2).count("\n") + 1


def test_json_that_is_not_an_array(run):
    r = run(json.dumps(ALICE), "--input-format", "json")
    assert r.exit_code == 3
    assert lines(r.stdout)[0]["schema"] == "flexcalc.error/1"


CSV_TEXT = (
    "id,city,groups,employment.form,business.type,business.registered_on,business.employee_pension_months,"
    "local_hukou,training,loan.requested_yuan\n"
    "a1,weihai,veteran,individual_business,individual,2023-01-10,12,,,\n"
    "b2,大连,college_graduate;disabled,,,,,是,,\n"
    ",,,,,,,,,\n"
    'c3,urumqi,,platform,,,,true,"[{""occupation"": ""电工"", ""cost_yuan"": 900, ""days"": 5, ""start"": ""2024-03-01""}]",150000.5\n'
)


def test_csv_input_typed_cells(run, tmp_path):
    r = run(CSV_TEXT, "--summary", tmp_path / "summary.json", name="in.csv")
    assert r.exit_code == 0, r.stdout
    out = lines(r.stdout)
    assert [o["profile_id"] for o in out] == ["a1", "b2", "c3"]
    by_id = {o["profile_id"]: {m["id"]: m for m in o["measures"]} for o in out}
    assert by_id["a1"]["startup_subsidy"]["status"] == "eligible"
    assert by_id["c3"]["training_subsidy"]["amount_yuan"] == 900.0
    assert json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))["blank_lines"] == 1


def test_csv_same_results_as_jsonl(run):
    csv_out = lines(run(CSV_TEXT, name="in.csv").stdout)
    profiles = [
        {
            "id": "a1",
            "city": "weihai",
            "groups": ["veteran"],
            "employment": {"form": "individual_business"},
            "business": {"type": "individual", "registered_on": "2023-01-10", "employee_pension_months": 12},
        },
        {"id": "b2", "city": "大连", "groups": ["college_graduate", "disabled"], "local_hukou": True},
        {
            "id": "c3",
            "city": "urumqi",
            "employment": {"form": "platform"},
            "local_hukou": True,
            "training": [{"occupation": "电工", "cost_yuan": 900, "days": 5, "start": "2024-03-01"}],
            "loan": {"requested_yuan": 150000.5},
        },
    ]
    assert csv_out == lines(run(jsonl(*profiles)).stdout)


def test_csv_unknown_columns_and_bad_cells(run):
    text = (
        "id,city,nickname,business.partners,groups,training\n"
        "a1,weihai,,2,veteran,\n"
        "b2,weihai,Bobby,,,\n"
        "c3,weihai,,two,,\n"
        "d4,weihai,,,,[{bad json\n"
        "e5,weihai,,,not_a_group,\n"
    )
    r = run(text, name="in.csv")
    assert r.exit_code == 3
    out = lines(r.stdout)
    assert [o["profile_id"] for o in out] == ["a1", "b2", "c3", "d4", "e5"]
    assert out[0]["schema"] == "flexcalc.result/1"  # a blank cell of an unknown column is no fact
    assert [e["path"] for e in out[1]["errors"]] == ["nickname"]
    assert out[1]["line"] == 3
    assert out[2]["errors"][0]["path"] == "business.partners"
    assert out[3]["errors"][0]["path"] == "training"
    assert out[4]["errors"][0]["path"].startswith("groups")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
@pytest.mark.parametrize("name", ["in.jsonl", "in.csv", "in.json"])
def test_encodings_detected(run, encoding, name):
    if name.endswith(".csv"):
        text = CSV_TEXT
    elif name.endswith(".json"):
        text = json.dumps([ALICE, BOB, CAROL], ensure_ascii=False)
    else:
        text = jsonl(ALICE, BOB, CAROL)
    reference = lines(run(text, name=name).stdout)
    r = run(text.encode(encoding), name=name)
    assert r.exit_code == 0, r.stdout
    assert lines(r.stdout) == reference
    assert any(o["city"] == "dalian" for o in reference)  # 大连 was read right
    forced = run(text.encode(encoding), "--encoding", encoding, name=name)
    assert lines(forced.stdout) == reference


def test_wrong_encoding_is_a_record_error(run):
    content = jsonl(ALICE).encode() + json.dumps(BOB, ensure_ascii=False).encode("gb18030") + b"\n"
    r = run(content, "--encoding", "utf-8")
    assert r.exit_code == 3
    out = lines(r.stdout)
    assert out[0]["profile_id"] == "a1"
    assert out[1]["line"] == 2 and "--encoding" in out[1]["errors"][0]["message"]


def test_unknown_encoding_and_city_are_usage_errors(run):
    assert run(jsonl(ALICE), "--encoding", "klingon").exit_code == 2
    r = run(jsonl(ALICE), "--city", "atlantis")
    assert r.exit_code == 2 and "weihai" in r.stderr


def test_jobs_2_keeps_input_order(invoke, tmp_path, data):
    cities = list(data.cities)
    people = [dict(ALICE, id=f"p{i}", city=cities[i % len(cities)]) for i in range(1300)]
    people[700] = {"id": "broken", "gender": 3}
    path = tmp_path / "many.jsonl"
    path.write_text(jsonl(*people), encoding="utf-8")
    r = invoke("batch", path, "--as-of", AS_OF, "--jobs", "2")
    assert r.exit_code == 3
    out = lines(r.stdout)
    assert [o["profile_id"] for o in out] == [p["id"] for p in people]
    assert out[700]["line"] == 701
    serial = invoke("batch", path, "--as-of", AS_OF, "--jobs", "1")
    assert serial.stdout == r.stdout


def test_csv_output_and_excel_bom(run, tmp_path):
    target = tmp_path / "out.csv"
    r = run(jsonl(ALICE, {"id": "bad", "gender": 1}, CAROL), "--format", "csv", "--excel", "-o", target)
    assert r.exit_code == 3
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row["profile_id"] for row in rows] == ["a1", "bad", "c3"]
    assert rows[0]["city"] == "weihai"
    assert rows[0]["startup_subsidy.status"] == "eligible"
    assert rows[0]["startup_subsidy.amount_yuan"] == "5000.00"
    assert rows[0]["totals.loan_limit_yuan"]
    assert rows[1]["line"] == "2" and "gender" in rows[1]["error"]
    assert list(rows[0])[:4] == ["profile_id", "city", "tax_deduction.status", "tax_deduction.amount_yuan"]


def test_excel_needs_csv(run):
    assert run(jsonl(ALICE), "--excel").exit_code == 2


def test_summary_only(run):
    r = run(jsonl(ALICE, BOB, CAROL, {"id": "x", "city": "weihai"}), "--summary-only", "--lang", "en")
    assert r.exit_code == 0
    assert "schema" not in r.stdout
    assert "4 records (4 valid, 0 invalid)" in r.stdout
    assert "Weihai" in r.stdout and "Start-up" in r.stdout  # short measure names: labels are never cut


def test_summary_only_fits_80_columns_without_cutting_labels(run, monkeypatch):
    from rich.cells import cell_len

    from flexcalc.catalogue import MEASURE_SHORT

    monkeypatch.setenv("COLUMNS", "80")
    for lang in ("zh", "en"):
        r = run(jsonl(ALICE, BOB, CAROL), "--summary-only", "--lang", lang)
        assert max(cell_len(x) for x in r.stdout.splitlines()) <= 80
        assert "…" not in r.stdout
        short = MEASURE_SHORT["startup_subsidy"][0 if lang == "zh" else 1]
        assert any(x.split()[:1] == [short] or f"  {short}  " in x for x in r.stdout.splitlines()), lang


def test_standard_input(invoke):
    r = invoke("batch", "-", "--as-of", AS_OF, "--jobs", "1", input=jsonl(ALICE, CAROL))
    assert r.exit_code == 0
    assert [o["profile_id"] for o in lines(r.stdout)] == ["a1", "c3"]


def test_crash_in_evaluation_is_that_records_error(run, monkeypatch):
    from flexcalc import pipeline

    real = pipeline.assemble  # where both paths, row by row and bulk, end

    def flaky(profile, *args):
        if profile.id == "boom":
            raise ZeroDivisionError("division by zero")
        return real(profile, *args)

    monkeypatch.setattr(pipeline, "assemble", flaky)
    from flexcalc.engines import bulk as engine

    real_bulk = engine._assemble  # the bulk path's own, with what rows share made once

    def flaky_bulk(plan, profile, *args):
        if profile.id == "boom":
            raise ZeroDivisionError("division by zero")
        return real_bulk(plan, profile, *args)

    monkeypatch.setattr(engine, "_assemble", flaky_bulk)
    r = run(jsonl(ALICE, dict(ALICE, id="boom"), CAROL))
    assert r.exit_code == 3
    out = lines(r.stdout)
    assert [o["profile_id"] for o in out] == ["a1", "boom", "c3"]
    assert out[1]["errors"][0]["path"] == "(evaluation)"
    assert "ZeroDivisionError" in out[1]["errors"][0]["message"]


def test_missing_input_file(invoke, tmp_path):
    r = invoke("batch", tmp_path / "nope.jsonl", "--as-of", AS_OF)
    assert r.exit_code == 3
    assert "nope.jsonl" in r.stderr


def test_english_run_words_errors_and_summary_in_english(run):
    """--lang means the same in batch: record errors and the summary line follow it."""
    bad = jsonl(ALICE) + "[1, 2]\n" + json.dumps({"id": "x", "gender": "m"}) + "\n"
    r = run(bad, "--lang", "en")
    assert r.exit_code == 3
    errors = [o for o in lines(r.stdout) if o["schema"] == "flexcalc.error/1"]
    assert errors[0]["errors"][0]["message"] == "a profile must be a JSON object, got an array"
    zh = run(bad)
    messages = [e["message"] for o in lines(zh.stdout) if o["schema"] == "flexcalc.error/1" for e in o["errors"]]
    assert all(not any(w in m for w in ("list", "NoneType", "Input should")) for m in messages), messages
    assert "gender" in json.dumps([o for o in lines(zh.stdout) if o.get("profile_id") == "x"])


@pytest.mark.parametrize(
    "header,row",
    [
        ("id,city,business,business.type", 'c1,weihai,"{""type"": ""micro_enterprise""}",individual'),
        ("id,city,business.type,business", 'c1,weihai,individual,"{""type"": ""micro_enterprise""}"'),
        ("id,city,extra,extra.x", 'c1,weihai,"{""x"": 1}",2'),
        ("id,city,business.premises,business.premises.area_m2", "c1,weihai,,30"),
    ],
)
def test_overlapping_csv_columns_are_refused(invoke, tmp_path, header, row):
    # issue 22 item 16: `business` beside `business.type` (or `extra` beside `extra.x`): the last
    # column silently won and a measure changed; refused before any record, as a repeated header is
    path = tmp_path / "in.csv"
    path.write_text(header + "\n" + row + "\n", encoding="utf-8")
    r = invoke("batch", path, "--as-of", "2024-06-30", "--lang", "en")
    assert r.exit_code == 2 and r.stdout == ""
    outer, inner = sorted(header.split(",")[2:], key=len)
    assert f"{outer!r}" in r.stderr and f"{inner!r}" in r.stderr


def _array_results(run, content, *args):
    r = run(content, "--lang", "en", *args, name="in.json")
    return r, lines(r.stdout)


def test_json_array_missing_comma_costs_one_element_not_the_rest(run):
    # issue 22 item 19: `[A B, C]` gave A and a message that was a list (a tuple in CSV), and C
    # was never read; now B is refused in place with a one-line message, C is evaluated
    content = "[" + json.dumps(ALICE) + "\n " + json.dumps(BOB) + ",\n" + json.dumps(CAROL) + "]"
    r, out = _array_results(run, content)
    assert r.exit_code == 3
    assert [o["schema"] for o in out] == ["flexcalc.result/1", "flexcalc.error/1", "flexcalc.result/1"]
    assert out[1]["line"] == 2 and out[2]["profile_id"] == "c3"
    (err,) = out[1]["errors"]
    assert err["message"] == "a ',' is missing before this element (it is not read; the rest are)"
    r = run(content, "--lang", "en", "--format", "csv", name="in.json")
    assert "\"('" not in r.stdout and "a ',' is missing before this element" in r.stdout


def test_json_array_an_invalid_element_is_its_own_error(run):
    content = "[" + json.dumps(ALICE) + ",\n" + '{"id": "x", "city": weihai}' + ",\n" + json.dumps(CAROL) + "]"
    r, out = _array_results(run, content)
    assert r.exit_code == 3
    assert [o.get("profile_id") for o in out] == ["a1", None, "c3"]
    assert out[1]["line"] == 2 and out[1]["errors"][0]["message"].startswith("not valid JSON")


@pytest.mark.parametrize(
    "big",
    [
        {"id": "big", "city": "weihai", "name": "长" * 3000},
        "x" * 5000,
        # longer than one read (64 KiB): skipped a piece at a time, brackets and escapes in strings
        {"id": "big", "extra": {"notes": ['"]}[{\\' * 9000, {"k": ["[" * 3]}] * 3}},
    ],
    ids=["object", "string", "streamed"],
)
def test_json_array_an_element_past_the_limit_is_skipped_in_place(run, big):
    # a valid element over the record limit was "not valid JSON" and the records after it got no
    # record at all (2 results for 4): it is its own error, the next ones are read
    content = "[\n" + ",\n".join(json.dumps(x) for x in (ALICE, big, BOB, CAROL)) + "\n]"
    r, out = _array_results(run, content, "--max-record-bytes", "4096")
    assert r.exit_code == 3, r.stderr
    assert [o.get("profile_id") for o in out] == ["a1", None, "b2", "c3"]
    assert out[1]["line"] == 3 and "longer than the record limit" in out[1]["errors"][0]["message"]


@pytest.mark.parametrize("columns", [["id", "city", "city"], ["id", "business", "business.type"]])
def test_columns_naming_one_field_twice_are_refused_before_spark_runs(columns):
    # issue 22 items 15, 16: as batch refuses them in CSV and Parquet (the last column silently won)
    from datetime import date

    from flexcalc.errors import UsageError
    from flexcalc.spark import screen

    class Frame:  # only the column names are read before the refusal
        pass

    frame = Frame()
    frame.columns = columns
    with pytest.raises(UsageError) as e:
        screen(frame, date(2024, 6, 30))
    assert repr(columns[-1]) in str(e.value)
