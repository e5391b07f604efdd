"""Start-up cost of one `flexcalc check` against the bare `import typer, rich, pydantic`.

Cold processes, the median of N runs each (issue 2 asks for at most 1.6x the bare import):

    python bench/startup.py [--runs 7] [--city weihai] [--profile examples/weihai_startup.json]

A first run warms flexcalc's cache (~/.cache/flexcalc: the validated data and the compiled
profile validator); `FLEXCALC_CACHE=0` shows the cost without it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(cmd: list[str], runs: int, env: dict | None = None) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--city", default="weihai")
    ap.add_argument("--profile", default=str(ROOT / "examples" / "weihai_startup.json"))
    args = ap.parse_args()
    py = sys.executable
    script = Path(py).parent / "flexcalc"  # the installed command, as people run it
    flexcalc = [str(script)] if script.exists() else [py, "-m", "flexcalc"]
    check = [*flexcalc, "check", "--city", args.city, "--as-of", "2026-11-22", args.profile]
    subprocess.run(check, stdout=subprocess.DEVNULL, check=True)  # warm the cache
    bare = median_seconds([py, "-c", "import typer, rich, pydantic"], args.runs)
    rows = [
        ("bare: import typer, rich, pydantic", bare),
        ("check --format json", median_seconds([*check, "--format", "json"], args.runs)),
        ("check (table)", median_seconds(check, args.runs)),
        (
            "check --format json, cache off",
            median_seconds([*check, "--format", "json"], args.runs, {**os.environ, "FLEXCALC_CACHE": "0"}),
        ),
    ]
    print(f"median of {args.runs} cold runs, {os.cpu_count()} cores")
    for label, secs in rows:
        print(f"  {label:36s} {secs * 1000:7.1f} ms   {secs / bare:4.2f}x")


if __name__ == "__main__":
    main()
