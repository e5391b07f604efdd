"""Benchmark `flexcalc batch` end to end (JSONL in → JSONL out): profiles/s and peak RSS.

    python bench/run.py                       # N = 10k, 100k, 1M; --jobs 1 and the default
    python bench/run.py --sizes 10000 --jobs 1,2

Inputs are generated once (seeded, five cities mixed) into bench/out/; outputs go there too
and are deleted after each run unless --keep. Peak RSS is sampled over the whole process tree
(parent + workers, summed; RSS and PSS, which splits the pages forked workers share) and also
reported for the largest single process (getrusage).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
AS_OF = "2024-06-30"


def ensure_input(n: int, seed: int) -> Path:
    path = OUT / f"profiles-{n}-s{seed}.jsonl"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        from generate import write

        t = time.perf_counter()
        tmp = path.with_suffix(".tmp")
        write(n, str(tmp), seed)
        tmp.rename(path)
        print(f"  generated {n:,} profiles in {time.perf_counter() - t:.1f} s → {path.name}", file=sys.stderr)
    return path


def _tree_memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in KiB. RSS counts the pages that
    forked workers share with the parent once per process; PSS splits them (the fair sum)."""
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as fh:
                stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return rss, pss


def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Wall time, peak tree RSS/PSS (sampled every 50 ms) and CPU seconds of one command.

    CPU seconds (user + system of the whole process tree) are what a run costs whatever else
    the machine is doing; on a shared machine the wall time mostly measures the others."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory_kb(proc.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "seconds": elapsed,
        "cpu_s": cpu,
        "rss_mb": peak / 1024,
        "pss_mb": peak_pss / 1024,
        "max_process_rss_mb": after.ru_maxrss / 1024,
        "stdout": out,
        "stderr": err,
    }


def run_once(flexcalc: str, path: Path, n: int, jobs: str, keep: bool) -> dict:
    target = OUT / f"results-{n}-j{jobs}.jsonl"
    cmd = [flexcalc, "batch", str(path), "--as-of", AS_OF, "-o", str(target)]
    if jobs != "default":
        cmd += ["--jobs", jobs]
    m = measure(cmd)
    lines = _count_lines(target)
    if lines != n:
        raise SystemExit(f"expected {n} output lines, got {lines}")
    size = target.stat().st_size
    if not keep:
        target.unlink()
    return {
        "n": n,
        "jobs": jobs,
        "seconds": m["seconds"],
        "rate": n / m["seconds"],
        "tree_rss_mb": m["rss_mb"],
        "tree_pss_mb": m["pss_mb"],
        "max_process_rss_mb": m["max_process_rss_mb"],
        "cpu_s": m["cpu_s"],
        "out_mb": size / 1e6,
        "summary": m["stderr"].strip().splitlines()[-1] if m["stderr"].strip() else "",
    }


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 24):
            count += block.count(b"\n")
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--jobs", default="1,default", help="comma-separated: numbers and/or 'default'")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--keep", action="store_true", help="keep the output files")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    flexcalc = str(Path(sys.executable).with_name("flexcalc"))
    if not os.path.exists(flexcalc):
        flexcalc = "flexcalc"
    print(f"flexcalc batch, JSONL in → JSONL out, five cities mixed, as of {AS_OF}, {os.cpu_count()} cores")
    header = (
        f"{'N':>9} {'jobs':>7} {'seconds':>8} {'profiles/s':>11} {'tree RSS MB':>12} {'tree PSS MB':>12} "
        f"{'max proc MB':>12} {'CPU s':>7} {'out MB':>8}"
    )
    print(header)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        path = ensure_input(n, args.seed)
        for jobs in args.jobs.split(","):
            r = run_once(flexcalc, path, n, jobs.strip(), args.keep)
            rows.append(r)
            print(
                f"{r['n']:>9,} {r['jobs']:>7} {r['seconds']:>8.2f} {r['rate']:>11,.0f} {r['tree_rss_mb']:>12.1f} "
                f"{r['tree_pss_mb']:>12.1f} "
                f"{r['max_process_rss_mb']:>12.1f} {r['cpu_s']:>7.1f} {r['out_mb']:>8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
