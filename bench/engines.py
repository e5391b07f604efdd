"""Cost per profile of the measures in the rule language (issue 18): the scalar and vector engines.

    python bench/engines.py                   # this checkout: every program, scalar and vector engine
    python bench/engines.py --pipeline        # and the measure through pipeline._measure (with `missing`)
    python bench/engines.py --root /work/main # another checkout's code

For every measure of every city whose rule has a program at the as-of date: the scalar engine
over N generated profiles (one `run` a row), and the vector engine's columns for the same rows
(one chunk); with --pipeline, the measure alone (pipeline._measure: rule, shared rules, `missing`).
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
ap.add_argument("--pipeline", action="store_true", help="also time pipeline._measure (slow: `missing`)")
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
from flexcalc.engines import scalar, vector  # noqa: E402
from flexcalc.models.rules import NotOffered  # noqa: E402
from flexcalc.pipeline import _rules  # noqa: E402

total = [0.0, 0.0]
for city_id, city in data.cities.items():
    for mid, rule in _rules(city):
        v = None if isinstance(rule, NotOffered) else view(rule, day)
        if v is None or not hasattr(v, "program") or getattr(v, "absent", None):
            continue
        program = v.program(day)
        ctxs = [Ctx(p, day, data.retirement) for p in rows]
        line = f"  {city_id:12s} {mid:28s}"
        if args.pipeline:
            t0 = time.perf_counter()
            for c in ctxs:
                _measure(mid, rule, c, city.document, True)
            line += f" pipeline {(time.perf_counter() - t0) / len(ctxs) * 1e6:7.1f} µs;"
            ctxs = [Ctx(p, day, data.retirement) for p in rows]
        t0 = time.perf_counter()
        for c in ctxs:
            scalar.run(program, c)
        s_us = (time.perf_counter() - t0) / len(ctxs) * 1e6
        ctxs = [Ctx(p, day, data.retirement) for p in rows]
        t0 = time.perf_counter()
        got = vector.run(program, ctxs)
        v_us = (time.perf_counter() - t0) / len(ctxs) * 1e6
        total[0] += s_us
        total[1] += v_us
        print(
            f"{line} scalar engine {s_us:6.1f} µs; vector engine {v_us:6.1f} µs; overflow {int(got['overflow'].sum())}"
        )
print(f"  all programs: scalar engine {total[0]:.1f} µs a profile, vector engine {total[1]:.1f} µs")
