"""Issue 22 item 12: a record's result depends on nothing but the record (boundary-valued profiles).

The columnar engine's memo (since removed) once let a record's `missing` depend on the records
before it (an empty `training` list and an absent one shared a key). Boundary-valued profiles
(tests/boundary.py) go through the row-by-row and the bulk paths
in shuffled orders, and through `batch` (FLEXCALC_ENGINE=scalar and the default) and `check`,
with identical results.
"""

from __future__ import annotations

import json
import random
from datetime import date

import orjson
import pytest

from boundary import boundary
from flexcalc.engines import bulk as engine
from flexcalc.output.serialise import result_dict
from flexcalc.pipeline import evaluate

N = 300


@pytest.fixture(scope="module")
def profiles():
    from flexcalc.models.profile import profile_validator

    validate = profile_validator().validate_json
    return [validate(orjson.dumps(p)) for p in boundary(N, seed=7)]


@pytest.mark.parametrize("as_of", ["2024-06-30", "2100-12-31"])
def test_bulk_equals_scalar_in_any_order(data, profiles, as_of):
    day = date.fromisoformat(as_of)
    for city_id, city in data.cities.items():
        want = {p.id: orjson.dumps(result_dict(evaluate(p, city_id, city, day, data), "en")) for p in profiles}
        for seed in (1, 2):
            order = profiles[:]
            random.Random(seed).shuffle(order)
            engine._PLANS.clear()  # a fresh plan: the order of this run alone decides what it holds
            got = engine.evaluate(order, city_id, city, day, data)
            for p, r in zip(order, got, strict=True):
                assert orjson.dumps(result_dict(r, "en")) == want[p.id], (city_id, seed, p.id)


def test_batch_both_engines_and_check_agree(invoke, tmp_path, monkeypatch, data):
    cities = sorted(data.cities)
    rows = boundary(200, seed=11)
    for i, p in enumerate(rows):
        p["city"] = cities[i % len(cities)]
    random.Random(3).shuffle(rows)
    path = tmp_path / "b.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in rows), encoding="utf-8")
    out = {}
    for engine_name in ("scalar", "bulk"):
        monkeypatch.setenv("FLEXCALC_ENGINE", engine_name)
        r = invoke("batch", path, "--as-of", "2024-06-30", "--lang", "en", "--jobs", "1")
        assert r.exit_code == 0, r.stderr
        out[engine_name] = [json.loads(x) for x in r.stdout.splitlines()]
    assert out["scalar"] == out["bulk"]
    assert [o["profile_id"] for o in out["scalar"]] == [p["id"] for p in rows]
    one = tmp_path / "one.json"
    for p, got in list(zip(rows, out["bulk"], strict=True))[:15]:
        one.write_text(json.dumps(p), encoding="utf-8")
        c = invoke("check", one, "--city", p["city"], "--as-of", "2024-06-30", "--lang", "en", "--format", "json")
        assert c.exit_code == 0, c.stderr
        assert json.loads(c.stdout) == got, p["id"]
