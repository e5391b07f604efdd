"""Microseconds per profile to turn a JSONL line into a Profile: the old reader vs batch's fast decoder.

old: profile_io.read_profile (pydantic's compiled validator, then json.loads only to refuse a
     duplicate key) — what the batch worker did for every record before msgspec;
new: batch/fastdecode.decode (msgspec, one parse), read_profile only for what it leaves.

    python bench/decode.py -n 100000 --repeat 2
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def _generate():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", Path(__file__).with_name("generate.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=100_000, help="profiles (bench/generate.py, seed 2024)")
    ap.add_argument(
        "--repeat", type=int, default=2, help="runs of each reader; the fastest counts (CPU time: the cores are shared)"
    )
    args = ap.parse_args()

    from flexcalc.batch.fastdecode import decode
    from flexcalc.profile_io import read_profile

    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines = [dumps(p).encode() for p in _generate()(args.n)]
    read_profile(lines[0])  # the validator built or unpickled outside the timing

    def new(line: bytes):
        return decode(line) or read_profile(line)

    fast = sum(decode(line) is not None for line in lines)
    best = {}
    for name, read in (("old", read_profile), ("new", new)):
        times = []
        for _ in range(args.repeat):
            t0 = time.process_time()
            for line in lines:
                read(line)
            times.append(time.process_time() - t0)
        best[name] = min(times) / len(lines) * 1e6
    print(f"profiles: {len(lines)} ({fast} decoded by msgspec alone, {len(lines) - fast} read again the old way)")
    print(f"old (pydantic + duplicate-key parse): {best['old']:.1f} µs a profile")
    print(f"new (msgspec, one parse):             {best['new']:.1f} µs a profile")
    print(f"speed-up: {best['old'] / best['new']:.2f}x")


if __name__ == "__main__":
    main()
