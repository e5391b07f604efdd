"""Per record, `batch` and `check --format json` give identical objects (generated profiles)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
N = 300


def _generator():
    path = ROOT / "bench" / "generate.py"
    if not path.is_file():  # an sdist ships tests/ without bench/
        pytest.skip("bench/generate.py is not here")
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def profiles():
    return list(_generator().generate(N, seed=7))


@pytest.mark.parametrize("as_of,lang,count", [("2024-06-30", "zh", N), ("2022-03-15", "en", 100)])
def test_batch_equals_check(invoke, tmp_path, profiles, as_of, lang, count):
    profiles = profiles[:count]
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in profiles), encoding="utf-8")
    r = invoke("batch", path, "--as-of", as_of, "--lang", lang, "--jobs", "2")
    assert r.exit_code == 0, r.stderr
    batch = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(batch) == count
    one = tmp_path / "one.json"
    for p, got in zip(profiles, batch, strict=True):
        one.write_text(json.dumps(p, ensure_ascii=False), encoding="utf-8")
        c = invoke("check", one, "--city", p["city"], "--as-of", as_of, "--lang", lang, "--format", "json")
        assert c.exit_code == 0, c.stderr
        want = json.loads(c.stdout)
        assert got.keys() == want.keys(), p["id"]
        for key in want:
            assert got[key] == want[key], (p["id"], key)
