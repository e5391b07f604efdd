"""The columnar engine gives the scalar pipeline's results byte for byte (the contract between them).

Generated profiles over the five cities, at as-of dates on both sides of every dated change
(2023-01-01 tax limit, 2023-10-01 loan caps) and of the documents' validity. The sample is small
by default; FLEXCALC_DIFF_N=200000 runs a big one.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import orjson
import pytest

from flexcalc.columnar import engine
from flexcalc.columnar.shapes import graduation_cutoff
from flexcalc.data import load
from flexcalc.dates import add_months
from flexcalc.output.serialise import result_dict
from flexcalc.pipeline import evaluate
from generated import generated

ROOT = Path(__file__).resolve().parents[1]
N = int(os.environ.get("FLEXCALC_DIFF_N", "300"))
DATES = ["2021-03-01", "2021-11-07", "2022-12-31", "2023-01-01", "2023-09-30", "2023-10-01", "2024-06-30", "2026-05-08"]
CITIES = tuple(load(ROOT / "data" / "cities.toml").data.cities)


@pytest.fixture(scope="module")
def profiles():
    from flexcalc.models.profile import profile_validator

    validate = profile_validator().validate_json
    return [validate(orjson.dumps(p)) for p in generated(N, seed=31)]


@pytest.mark.parametrize("as_of", DATES)
def test_columnar_equals_scalar(data, profiles, as_of):
    day = date.fromisoformat(as_of)
    for i, city_id in enumerate(CITIES):
        city = data.cities[city_id]
        n = len(CITIES)
        rows = profiles[i::n] + profiles[(i + 1) % n :: n]  # each profile seen by two cities
        got = engine.evaluate(rows, city_id, city, day, data)
        for p, r in zip(rows, got, strict=True):
            want = evaluate(p, city_id, city, day, data)
            for lang in ("zh", "en"):
                assert orjson.dumps(result_dict(r, lang)) == orjson.dumps(result_dict(want, lang)), (city_id, p.id)


def test_every_shape_of_the_data_is_compiled_or_constant(data):
    kinds = engine.plan(data.cities["weihai"], date(2024, 6, 30)).kinds()
    assert kinds["rent_subsidy"] == "constant"  # not offered in Weihai
    assert kinds["accident_insurance_subsidy"] == "program"  # weihai 16, premium capped: the rule language
    assert kinds["tax_deduction"] == "program"  # household limit: the rule language's scalar engine
    for city in data.cities.values():
        assert set(engine.plan(city, date(2024, 6, 30)).kinds().values()) <= {"constant", "compiled", "program"}
    before = engine.plan(data.cities["dalian"], date(2022, 12, 28)).kinds()  # Dalian's document from 2022-12-29
    assert set(before.values()) == {"constant"}


def test_a_shape_in_the_rule_language_runs_the_scalar_engine_row_by_row(data, profiles):
    # share_of_paid, the last shape with a columnar key, is a program now: no shape is compiled
    day = date(2024, 6, 30)
    city = data.cities["urumqi"]
    assert engine.plan(city, day).kinds()["social_insurance_subsidy"] == "program"
    assert not engine.COMPILERS
    got = engine.evaluate(profiles, "urumqi", city, day, data)
    for p, r in zip(profiles, got, strict=True):
        want = evaluate(p, "urumqi", city, day, data)
        assert orjson.dumps(result_dict(r, "en")) == orjson.dumps(result_dict(want, "en")), p.id


@pytest.mark.parametrize("as_of,months", [("2024-06-30", 24), ("2024-02-29", 24), ("2023-03-31", 1), ("2024-03-30", 1)])
def test_graduation_cutoff_is_the_window_edge(as_of, months):
    day = date.fromisoformat(as_of)
    cut = graduation_cutoff(day, months)
    assert day < add_months(cut, months)  # graduated on the cutoff: still within the window
    from datetime import timedelta

    assert not day < add_months(cut - timedelta(days=1), months)  # a day earlier: out of it


def test_a_compiled_shape_reads_a_dated_figure_at_the_date(profiles, tmp_path):
    # Lianyungang's 场地 (no_figure) with its groups as dated entries: before 2023 the document's,
    # from 2023 a made-up wider list. The program (built from the view at the date) must read the
    # entry in force, in the bulk path as in the scalar one.
    from flexcalc.data import load

    text = (ROOT / "data" / "cities.toml").read_text(encoding="utf-8")
    old = 'who = { clause = "（五）", quote = "政府投资开发'
    start = text.index(old)
    end = text.index("\n", start)
    line = text[start:end]
    first = line[len("who = ") :]
    dated = (
        f"who = [{first[:-1]}, from = 2021-11-08 }}, "
        '{ from = 2023-01-01, clause = "（五）", note = "test", value = [{ any_of = ["college_graduate", "migrant_worker", "returnee", "veteran"] }] }]'
    )
    path = tmp_path / "cities.toml"
    path.write_text(text.replace(line, dated, 1), encoding="utf-8")
    data = load(path).data
    city = data.cities["lianyungang"]
    for as_of in ("2022-12-31", "2023-01-01"):
        day = date.fromisoformat(as_of)
        assert engine.plan(city, day).kinds()["rent_subsidy"] == "program"
        got = engine.evaluate(profiles, "lianyungang", city, day, data)
        for p, r in zip(profiles, got, strict=True):
            want = evaluate(p, "lianyungang", city, day, data)
            assert orjson.dumps(result_dict(r, "zh")) == orjson.dumps(result_dict(want, "zh")), (as_of, p.id)
