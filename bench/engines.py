"""Cost per profile of the ported shapes (issue 18): today's engine vs the scalar and vector engines.

    python bench/engines.py                   # this checkout: scalar engine (pipeline) and vector engine
    python bench/engines.py --root /work/main # the same measure through another checkout's code

For each city whose tax deduction is a household limit, the measure alone (pipeline._measure:
rule, shared rules, `missing`) over N generated profiles, at one as-of date; and, where the
checkout has it, the vector engine's status/amount/asked columns for the same rows (one chunk).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("-n", type=int, default=10_000)
ap.add_argument("--as-of", default="2024-06-30")
ap.add_argument("--drop", type=float, default=0.0, help="share of fields left out (sparse profiles)")
ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
args = ap.parse_args()
sys.path[:0] = [str(args.root / "src"), str(Path(__file__).resolve().parent)]

import random  # noqa: E402

import orjson  # noqa: E402
from generate import generate  # noqa: E402
from harness import _drop  # noqa: E402

from flexcalc.context import Ctx  # noqa: E402
from flexcalc.data import load  # noqa: E402
from flexcalc.models.profile import profile_validator  # noqa: E402
from flexcalc.pipeline import _measure  # noqa: E402
from flexcalc.timeline import view  # noqa: E402

day = date.fromisoformat(args.as_of)
data = load(args.root / "data" / "cities.toml").data
validate = profile_validator().validate_json
rng = random.Random(5)
rows = [validate(orjson.dumps(_drop(p, rng, args.drop) if args.drop else p)) for p in generate(args.n, seed=99)]
print(f"{args.root}: {args.n} profiles, as of {day}, drop {args.drop}")
for city_id in ("urumqi", "xining", "lianyungang"):
    city = data.cities[city_id]
    rule = city.measures.tax_deduction
    ctxs = [Ctx(p, day, data.retirement) for p in rows]
    t0 = time.perf_counter()
    for c in ctxs:
        _measure("tax_deduction", rule, c, city.document, True)
    scalar_us = (time.perf_counter() - t0) / len(ctxs) * 1e6
    line = f"  {city_id:12s} per profile: pipeline {scalar_us:7.1f} µs"
    v = view(rule, day)
    if hasattr(v, "program"):
        from flexcalc.engines import scalar, vector

        program = v.program(day)
        t0 = time.perf_counter()
        for c in ctxs:
            scalar.run(program, c)
        line += f"; scalar engine alone {(time.perf_counter() - t0) / len(ctxs) * 1e6:6.1f} µs"
        ctxs = [Ctx(p, day, data.retirement) for p in rows]
        t0 = time.perf_counter()
        vector.run(program, ctxs)
        line += f"; vector engine {(time.perf_counter() - t0) / len(ctxs) * 1e6:6.1f} µs"
    print(line)
