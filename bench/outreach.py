"""Outreach benchmark: `flexcalc outreach` beside `flexcalc batch --detail codes` on the same input.

    python bench/outreach.py                       # 1M generated profiles, default jobs
    python bench/outreach.py --sizes 100000        # a quicker look
    python bench/outreach.py --jobs 1              # one worker process

Modes: `batch-codes` (JSONL → JSONL, --detail codes), `outreach` (the default: worklists, one
HTML notice per reached person, summary, report), `outreach-no-notices` (--notices none) and
`outreach-both` (--notices both: .md and .html). The target (issue 19): outreach within 1.5× of
batch --detail codes. CPU is user + system of the process tree; peak RSS is sampled over it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import OUT, _count_lines, ensure_input, measure  # noqa: E402

AS_OF = "2024-06-30"
BIN = Path(sys.executable).parent
MODES = {
    "batch-codes": None,
    "outreach": [],
    "outreach-no-notices": ["--notices", "none"],
    "outreach-both": ["--notices", "both"],
}


def one(mode: str, n: int, jobs: str, src: Path) -> dict:
    flexcalc = str(BIN / "flexcalc")
    if MODES[mode] is None:
        target = OUT / f"outreach-bench-{n}.codes.jsonl"
        cmd = [flexcalc, "batch", str(src), "--as-of", AS_OF, "--detail", "codes", "-o", str(target)]
    else:
        target = OUT / f"outreach-bench-{n}-{mode}"
        shutil.rmtree(target, ignore_errors=True)
        time.sleep(5)  # let the file system settle after removing a previous run's files
        cmd = [flexcalc, "outreach", str(src), "--as-of", AS_OF, "--out", str(target), *MODES[mode]]
    if jobs != "default":
        cmd += ["--jobs", jobs]
    r = measure(cmd)
    if MODES[mode] is None:
        assert _count_lines(target) == n
    else:
        doc = json.loads((target / "summary.json").read_text(encoding="utf-8"))
        assert doc["records"] == n
        notices = target / "notices"
        r["files"] = sum(1 for _ in notices.rglob("*.*")) if notices.exists() else 0
        r["worklist_rows"] = sum(_count_lines(f) - 1 for f in (target / "worklists").rglob("*.csv"))
    r.pop("stdout", None)
    r.pop("stderr", None)
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000000")
    ap.add_argument("--jobs", default="default")
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--keep", action="store_true", help="keep the outreach directories")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        src = ensure_input(n, args.seed)
        base = None
        for mode in args.modes.split(","):
            r = one(mode, n, args.jobs, src)
            if mode == "batch-codes":
                base = r
            ratio_wall = r["seconds"] / base["seconds"] if base else float("nan")
            ratio_cpu = r["cpu_s"] / base["cpu_s"] if base else float("nan")
            rows.append((mode, n, r, ratio_wall, ratio_cpu))
            print(
                f"{mode:20} {n:>9,} jobs={args.jobs:7} wall {r['seconds']:8.1f} s  CPU {r['cpu_s']:8.1f} s  "
                f"× batch wall {ratio_wall:5.2f}  CPU {ratio_cpu:5.2f}  peak RSS {r['rss_mb']:6.0f} MB  "
                f"files {r.get('files', '—')}  rows {r.get('worklist_rows', '—')}",
                flush=True,
            )
            if not args.keep and MODES[mode] is not None:
                shutil.rmtree(OUT / f"outreach-bench-{n}-{mode}", ignore_errors=True)
    print("\n| mode | N | jobs | wall s | CPU s | × batch (wall) | × batch (CPU) | peak RSS MB | notice files |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for mode, n, r, rw, rc in rows:
        print(
            f"| {mode} | {n:,} | {args.jobs} | {r['seconds']:.1f} | {r['cpu_s']:.1f} | {rw:.2f} | {rc:.2f} | "
            f"{r['rss_mb']:.0f} | {r.get('files', '—')} |"
        )


if __name__ == "__main__":
    main()
