"""The I/O floor of a batch run: read + parse the input, write the run's output bytes again.

    python bench/floor.py jsonl IN.jsonl OUT          # read lines, orjson.loads each; copy OUT
    python bench/floor.py jsonl-validate IN.jsonl OUT # the same, parsed by the contract's validator
    python bench/floor.py parquet IN.parquet OUT.parquet

Prints one JSON line: seconds for the whole and for each part. Nothing is evaluated: this is what
any engine pays to take these records in and put this output out, on one core.
"""

from __future__ import annotations

import json
import os
import sys
import time


def jsonl_read(path: str, validate: bool) -> int:
    import orjson

    parse = orjson.loads
    if validate:
        from flexcalc.models.profile import profile_validator

        parse = profile_validator().validate_json
    n = 0
    with open(path, "rb", buffering=1 << 20) as fh:
        for line in fh:
            parse(line)
            n += 1
    return n


def copy(src: str) -> None:
    dst = src + ".floor"
    with open(src, "rb") as a, open(dst, "wb") as b:
        while block := a.read(1 << 24):
            b.write(block)
    os.unlink(dst)


def parquet(src: str, out: str) -> tuple[float, float]:
    import pyarrow.parquet as pq

    t = time.perf_counter()
    for batch in pq.ParquetFile(src).iter_batches(batch_size=4096):
        batch.columns  # noqa: B018 - decoded
    read = time.perf_counter() - t
    table = pq.read_table(out)
    t = time.perf_counter()
    pq.write_table(table, out + ".floor", compression="zstd", row_group_size=1 << 17)
    write = time.perf_counter() - t
    os.unlink(out + ".floor")
    return read, write


def main() -> None:
    mode, src, out = sys.argv[1:4]
    if mode == "parquet":
        read, write = parquet(src, out)
    else:
        t = time.perf_counter()
        jsonl_read(src, mode == "jsonl-validate")
        read = time.perf_counter() - t
        t = time.perf_counter()
        copy(out)
        write = time.perf_counter() - t
    print(json.dumps({"read_parse_s": read, "write_s": write, "seconds": read + write}))


if __name__ == "__main__":
    main()
