"""The benchmark's seeded profile generator (bench/generate.py), shared by the tests that sample it."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


@functools.cache
def _module():
    """bench/generate.py; the calling test is skipped where bench/ is not shipped (sdist)."""
    if not GENERATOR.is_file():
        pytest.skip("bench/generate.py is not here")
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generated(n: int, seed: int) -> list[dict]:
    """n seeded profiles as dicts."""
    return list(_module().generate(n, seed=seed))


def dropped(p: dict, rng, share: float) -> dict:
    """The profile with each field left out with probability `share` (the harness's --drop)."""
    return _module().drop_fields(p, rng, share)
