"""Start-up cost of one `flexcalc check` against the bare `import typer, rich, pydantic`.

Cold processes, the median of N runs each (issue 2 asks for at most 1.6x the bare import), wall\nand CPU (user + system: on a shared machine the wall time mostly measures the others' load):

    python bench/startup.py [--runs 7] [--city weihai] [--profile examples/weihai_startup.json]

A first run warms flexcalc's cache (~/.cache/flexcalc: the validated data and the compiled
profile validator); `FLEXCALC_CACHE=0` shows the cost without it. The package's bytecode is
compiled first, as `pip install` does for an installed wheel: an editable install run with
PYTHONDONTWRITEBYTECODE=1 (as on the shared machine) otherwise compiles every flexcalc module
from source on every run, which costs more than the rest of a check (`--source` measures that).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_once(cmd: list[str], env: dict | None) -> tuple[float, float]:
    """(wall, CPU) seconds of one cold process; CPU (user + system) hardly moves with the load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def medians(cmds: dict[str, tuple[list[str], dict | None]], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) of each command, the commands taken in turn so a burst of load hits all."""
    times: dict[str, list[tuple[float, float]]] = {label: [] for label in cmds}
    for _ in range(runs):
        for label, (cmd, env) in cmds.items():
            times[label].append(run_once(cmd, env))
    return {
        label: (statistics.median(w for w, _ in ts), statistics.median(c for _, c in ts)) for label, ts in times.items()
    }


def prepare_bytecode(py: str, compiled: bool) -> None:
    """Compile the installed flexcalc package's bytecode (as pip does), or delete it (--source)."""
    where = [py, "-c", "import flexcalc, os; print(os.path.dirname(flexcalc.__file__))"]
    package = Path(subprocess.run(where, capture_output=True, text=True, check=True).stdout.strip())
    if compiled:
        subprocess.run([py, "-m", "compileall", "-q", str(package)], stdout=subprocess.DEVNULL, check=True)
    else:
        for pyc in package.rglob("__pycache__/*.pyc"):
            pyc.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--city", default="weihai")
    ap.add_argument("--profile", default=str(ROOT / "examples" / "weihai_startup.json"))
    ap.add_argument("--source", action="store_true", help="delete flexcalc's bytecode instead of compiling it")
    args = ap.parse_args()
    py = sys.executable
    prepare_bytecode(py, compiled=not args.source)
    script = Path(py).parent / "flexcalc"  # the installed command, as people run it
    flexcalc = [str(script)] if script.exists() else [py, "-m", "flexcalc"]
    check = [*flexcalc, "check", "--city", args.city, "--as-of", "2026-11-22", args.profile]
    subprocess.run(check, stdout=subprocess.DEVNULL, check=True)  # warm the cache
    cache_off = {**os.environ, "FLEXCALC_CACHE": "0"}
    rows = medians(
        {
            "bare: import typer, rich, pydantic": ([py, "-c", "import typer, rich, pydantic"], None),
            "check --format json": ([*check, "--format", "json"], None),
            "check (table)": (check, None),
            "check --format json, cache off": ([*check, "--format", "json"], cache_off),
        },
        args.runs,
    )
    bare_wall, bare_cpu = rows["bare: import typer, rich, pydantic"]
    bytecode = "from source (no bytecode compiled)" if args.source else "bytecode compiled"
    print(f"median of {args.runs} cold runs, {os.cpu_count()} cores, {bytecode}")
    print(f"  {'':36s} {'wall':>10s}        {'CPU':>10s}")
    for label, (wall, cpu) in rows.items():
        print(
            f"  {label:36s} {wall * 1000:7.1f} ms {wall / bare_wall:4.2f}x   {cpu * 1000:7.1f} ms {cpu / bare_cpu:4.2f}x"
        )


if __name__ == "__main__":
    main()
