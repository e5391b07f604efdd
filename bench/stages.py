"""Where the time of one profile goes, stage by stage, in one process (CPU µs a profile).

    python bench/stages.py [N]          # default 20,000 generated profiles, as of 2024-06-30

Stages: read (orjson.loads), validate (the contract's strict validator), evaluate (scalar
pipeline), evaluate (bulk path, chunks of 2,000 per city), encode full (the contract's
result line), encode codes (--detail codes line), Parquet rows (--format parquet, codes) and
Parquet in (a typed row back to the JSON the validator reads).
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def clock(label: str, n: int, fn) -> float:
    t = time.process_time()
    out = fn()
    us = (time.process_time() - t) / n * 1e6
    print(f"{label:<34} {us:>8.1f}", flush=True)
    return out


def main() -> None:
    from generate import generate

    from flexcalc.batch import parquet, parquet_read
    from flexcalc.batch.codes import CodesEncoder
    from flexcalc.batch.fastjson import Encoder
    from flexcalc.batch.parquet_profiles import profiles_table
    from flexcalc.data import load, resolve_city
    from flexcalc.engines import bulk as engine
    from flexcalc.models.profile import profile_validator
    from flexcalc.pipeline import evaluate

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    day = date(2024, 6, 30)
    loaded = load()
    data = loaded.data
    lines = [orjson.dumps(p) for p in generate(n, seed=99)]
    validate = profile_validator().validate_json
    cities = {c: resolve_city(data, c) for c in data.cities}
    stamp = {"flexcalc_version": "bench", "data_sha256": loaded.sha256, "as_of": day.isoformat()}
    import pyarrow.compute  # noqa: F401 - imported before the clock starts

    print(f"{n:,} profiles, CPU µs a profile")
    clock("read: orjson.loads", n, lambda: [orjson.loads(x) for x in lines])
    profiles = clock("validate: validate_json", n, lambda: [validate(x) for x in lines])
    for p in profiles[:2000]:  # warm the rules' memos first: neither engine pays for it in the clock
        evaluate(p, *cities[p.city], day, data)
    results = clock("evaluate: scalar pipeline", n, lambda: [evaluate(p, *cities[p.city], day, data) for p in profiles])
    clock("evaluate: scalar pipeline, again", n, lambda: [evaluate(p, *cities[p.city], day, data) for p in profiles])
    by_city: dict = {}
    for p in profiles:
        by_city.setdefault(p.city, []).append(p)

    def bulk():
        for c, rows in by_city.items():
            for i in range(0, len(rows), 2000):
                engine.evaluate(rows[i : i + 2000], *cities[c], day, data)

    clock("evaluate: bulk path", n, bulk)
    full = Encoder("zh", stamp)
    clock("encode: full result line", n, lambda: [full.encode(r) for r in results])
    codes = CodesEncoder(stamp)
    clock("encode: codes line", n, lambda: [codes.encode(r, {}) for r in results])

    def rows():
        for i in range(0, n, 500):
            r = parquet.Rows("zh", "codes", stamp)
            for j, res in enumerate(results[i : i + 500]):
                r.result(i + j + 1, res, {})
            r.ipc()

    clock("encode: Parquet rows (codes)", n, rows)
    table = profiles_table([orjson.loads(x) for x in lines])
    plan = parquet_read.plan(table.schema.names, table.schema.types)

    def parquet_in():
        for batch in table.to_batches(4096):
            parquet_read.batch_records(batch, plan, 1)

    clock("read: Parquet row → profile JSON", n, parquet_in)


if __name__ == "__main__":
    main()
