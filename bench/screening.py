"""Province-scale screening benchmark: each format end to end, beside its I/O floor of the same run.

    python bench/screening.py                                   # 100k and 1M, --jobs 1 and default, Spark 200k
    python bench/screening.py --sizes 20000 --spark 0           # a quick look

Modes: jsonl-full (JSONL → the contract's full results), jsonl-codes (--detail codes), parquet
(Parquet → Parquet, --detail codes), and the Spark job (spark-submit --master local[2], Parquet
→ Parquet partitioned by as_of and city). After each run, bench/floor.py (or spark_floor.py)
measures on the same files what reading + parsing the input and writing that output costs,
with no evaluation. Peak memory is sampled over the process tree (see run.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import OUT, _count_lines, ensure_input, measure  # noqa: E402

AS_OF = "2024-06-30"
BIN = Path(sys.executable).parent


def ensure_parquet(jsonl: Path) -> Path:
    """The same profiles as typed Parquet columns (flexcalc.batch.parquet_profiles)."""
    path = jsonl.with_suffix(".parquet")
    if path.exists():
        return path
    import orjson
    import pyarrow.parquet as pq

    from flexcalc.batch.parquet_profiles import profile_schema, profiles_table

    t = time.perf_counter()
    schema = profile_schema()
    tmp = path.with_suffix(".tmp")
    with pq.ParquetWriter(tmp, schema, compression="zstd") as w, jsonl.open("rb") as fh:
        rows: list = []
        for line in fh:
            rows.append(orjson.loads(line))
            if len(rows) == 100_000:
                w.write_table(profiles_table(rows, schema))
                rows = []
        if rows:
            w.write_table(profiles_table(rows, schema))
    tmp.rename(path)
    print(f"  Parquet input in {time.perf_counter() - t:.1f} s → {path.name}", file=sys.stderr)
    return path


def floor(mode: str, src: Path, out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of reading + parsing the input and writing the output, on one core."""
    kind = "parquet" if mode == "parquet" else "jsonl"
    r = measure([sys.executable, str(HERE / "floor.py"), kind, str(src), str(out)])
    return json.loads(r["stdout"])["seconds"], r["cpu_s"]


def batch_run(mode: str, n: int, jobs: str, jsonl: Path) -> dict:
    flexcalc = str(BIN / "flexcalc")
    if mode == "parquet":
        src, target = ensure_parquet(jsonl), OUT / f"results-{n}.parquet"
        extra = ["--format", "parquet", "--detail", "codes"]
    else:
        src, target = jsonl, OUT / f"results-{n}.jsonl"
        extra = ["--detail", "codes"] if mode == "jsonl-codes" else []
    cmd = [flexcalc, "batch", str(src), "--as-of", AS_OF, "-o", str(target), *extra]
    if jobs != "default":
        cmd += ["--jobs", jobs]
    r = measure(cmd)
    if mode != "parquet" and _count_lines(target) != n:
        raise SystemExit(f"{mode}: expected {n} lines in {target}")
    r["floor_s"], r["floor_cpu"] = floor(mode, src, target)
    r["out_mb"] = target.stat().st_size / 1e6
    target.unlink()
    Path(str(target) + ".templates.json").unlink(missing_ok=True)
    return r


def spark_run(n: int, jsonl: Path) -> dict:
    src = ensure_parquet(jsonl)
    submit = str(BIN / "spark-submit")
    job = subprocess.run(
        [sys.executable, "-c", "import flexcalc.spark as s; print(s.__file__)"], capture_output=True, text=True
    ).stdout.strip()
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    out = OUT / f"spark-{n}"
    base = [submit, "--master", "local[2]", "--driver-memory", "1g", "--conf", "spark.ui.enabled=false"]
    r = measure([*base, job, "--input", str(src), "--output", str(out), "--as-of", AS_OF], env)
    r["out_mb"] = sum(f.stat().st_size for f in out.rglob("*.parquet")) / 1e6
    shutil.rmtree(out)
    f = measure([*base, str(HERE / "spark_floor.py"), str(src), str(out) + "-floor"], env)
    shutil.rmtree(str(out) + "-floor")
    r["floor_s"], r["floor_cpu"] = f["seconds"], f["cpu_s"]
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--jobs", default="1,default")
    ap.add_argument("--modes", default="jsonl-full,jsonl-codes,parquet")
    ap.add_argument("--spark", type=int, default=200_000, help="profiles for the Spark run (0: none)")
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    print(f"as of {AS_OF}, five cities mixed, {os.cpu_count()} cores; floor = read+parse input, write the output")
    head = (
        f"{'mode':<12} {'N':>9} {'jobs':>8} {'wall s':>7} {'prof/s':>8} {'CPU s':>7} {'prof/CPU-s':>10} "
        f"{'floor CPU s':>11} {'×floor':>6} {'RSS MB':>7} {'PSS MB':>7} {'out MB':>7}"
    )
    print(head, flush=True)

    def show(mode, n, jobs, r):
        print(
            f"{mode:<12} {n:>9,} {jobs:>8} {r['seconds']:>7.1f} {n / r['seconds']:>8,.0f} {r['cpu_s']:>7.1f} "
            f"{n / r['cpu_s']:>10,.0f} {r['floor_cpu']:>11.1f} {r['cpu_s'] / r['floor_cpu']:>6.1f} "
            f"{r['rss_mb']:>7.0f} {r['pss_mb']:>7.0f} {r['out_mb']:>7.0f}",
            flush=True,
        )

    for n in (int(s) for s in args.sizes.split(",") if s):
        jsonl = ensure_input(n, args.seed)
        for mode in args.modes.split(","):
            for jobs in args.jobs.split(","):
                show(mode, n, jobs, batch_run(mode, n, jobs.strip(), jsonl))
    if args.spark:
        show("spark", args.spark, "local[2]", spark_run(args.spark, ensure_input(args.spark, args.seed)))


if __name__ == "__main__":
    main()
