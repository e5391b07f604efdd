"""The parent's side of an outreach run: merge each chunk's Part, spool and sort the worklists, and
write every file of DIR whole at the end. Memory is bounded by SPILL rows, not by the registry."""

from __future__ import annotations

import csv
import heapq
import io
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import orjson

from flexcalc.outreach.files import SPOOL, _cannot, safe_dir
from flexcalc.outreach.worker import Part

SPILL = 40_000  # worklist rows held in memory before they are sorted into a run file
COLUMNS = (
    "group",
    "profile_id",
    "line",
    "status",
    "amount_yuan",
    "amount_min_yuan",
    "ceiling_yuan",
    "ceiling_note",
    "deadline",
    "missing",
    "questions",
    "department",
    "clause",
)


class Collector:
    """Receives the Parts in input order (the runner's `out`), keeps the run's counts."""

    def __init__(self, out: Path, keep: tuple[str, ...]):
        self.out = out
        self.keep = keep
        self.spool = out / SPOOL
        try:
            self.spool.mkdir(exist_ok=True)
            self.errors = open(self.spool / "errors.jsonl", "wb")  # noqa: SIM115 - closed in finish/close
            self.changes = open(self.spool / "changes.jsonl", "wb")  # noqa: SIM115
        except OSError as e:
            raise _cannot(self.spool, e) from None
        self.buffers: dict[tuple[str, str], list] = {}
        self.buffered = 0
        self.runs: dict[tuple[str, str], list[Path]] = {}
        self.spills = 0
        self.budget: dict[tuple[str, str], list] = {}
        self.people: dict[str, list] = {}
        self.missing: dict[str, list[int]] = {}
        self.reform: dict[tuple[str, str], list] = {}
        self.changed = 0
        self.reform_errors = 0
        self.error_count = 0

    # --- the runner's sink interface ------------------------------------------------------

    def write(self, part: Part) -> None:
        try:
            self._take(part)
        except OSError as e:
            raise _cannot(self.spool, e) from None

    def flush(self) -> None:
        pass

    def _take(self, part: Part) -> None:
        for city, measure, key, cells in part.rows:
            self.buffers.setdefault((city, measure), []).append((key, cells))
        self.buffered += len(part.rows)
        if self.buffered >= SPILL:
            self._spill()
        for k, v in part.budget.items():
            mine = self.budget.get(k)
            if mine is None:
                self.budget[k] = list(v)
            else:
                for i, x in enumerate(v):
                    mine[i] += x
        for k, v in part.people.items():
            mine = self.people.setdefault(k, [0, Decimal(0), Decimal(0), Decimal(0), 0])
            for i, x in enumerate(v):
                mine[i] += x
        for k, c in part.missing.items():
            mine = self.missing.setdefault(k, [0, 0])
            mine[0] += c[0]
            mine[1] += c[1]
        for k, v in part.reform.items():
            mine = self.reform.get(k)
            if mine is None:
                self.reform[k] = list(v)
            else:
                for i, x in enumerate(v):
                    mine[i] += x
        for row in part.changes:
            self.changes.write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))
        self.changed += len(part.changes)
        self.reform_errors += part.reform_errors
        if part.errors:
            self.errors.write(b"".join(part.errors))
            self.error_count += len(part.errors)

    def _spill(self) -> None:
        """Each worklist's rows sorted into a run file of their own."""
        self.spills += 1
        for k, rows in self.buffers.items():
            rows.sort(key=_key)
            path = self.spool / f"{sum(map(len, self.runs.values()))}.run"
            with open(path, "wb") as f:
                f.write(b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in rows))
            self.runs.setdefault(k, []).append(path)
        self.buffers = {}
        self.buffered = 0

    # --- the end of the run --------------------------------------------------------------

    def worklists(self) -> list[tuple[str, str]]:
        """The (city, measure) pairs that have at least one row."""
        return sorted(set(self.buffers) | set(self.runs))

    def rows(self, k: tuple[str, str]) -> Iterator[list]:
        """Every row of one worklist, by deadline, then value (largest first), then input line."""
        mine = sorted(self.buffers.get(k, []), key=_key)
        files = [open(p, "rb") for p in self.runs.get(k, [])]  # noqa: SIM115 - closed below
        try:
            streams = [map(orjson.loads, f) for f in files]
            for _, cells in heapq.merge(iter(mine), *streams, key=_key):
                yield cells
        finally:
            for f in files:
                f.close()

    def write_worklists(self, fmt: str, excel: bool) -> list[Path]:
        """worklists/<city>/<measure>.csv (or .parquet), each written whole."""
        written = []
        header = [*COLUMNS, *self.keep]
        for k in self.worklists():
            folder = self.out / "worklists" / safe_dir(k[0])
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{k[1]}.{'parquet' if fmt == 'parquet' else 'csv'}"
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            try:
                if fmt == "parquet":
                    _parquet(tmp, header, self.rows(k))
                else:
                    _csv(tmp, header, self.rows(k), excel)
                os.replace(tmp, path)
            except OSError as e:
                raise _cannot(path, e) from None
            finally:
                if tmp.exists():
                    tmp.unlink()
            written.append(path)
        return written

    def write_errors(self) -> None:
        self.errors.close()
        try:
            os.replace(self.spool / "errors.jsonl", self.out / "errors.jsonl")
        except OSError as e:
            raise _cannot(self.out / "errors.jsonl", e) from None

    def change_rows(self) -> Iterator[list]:
        self.changes.close()
        with open(self.spool / "changes.jsonl", "rb") as f:
            for line in f:
                yield orjson.loads(line)

    def close(self) -> None:
        """Remove the spool (also after a failure or an interruption)."""
        import shutil

        for f in (self.errors, self.changes):
            f.close()
        shutil.rmtree(self.spool, ignore_errors=True)


def _key(row):
    return row[0]


def _csv(path: Path, header: list[str], rows: Iterator[list], excel: bool) -> None:
    with open(path, "wb") as f:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n" if excel else "\n")
        w.writerow(header)
        f.write(b"\xef\xbb\xbf" if excel else b"")
        n = 0
        for cells in rows:
            w.writerow(cells)
            n += 1
            if n % 2000 == 0:
                f.write(buf.getvalue().encode("utf-8", "backslashreplace"))
                buf.seek(0)
                buf.truncate()
        f.write(buf.getvalue().encode("utf-8", "backslashreplace"))


def _parquet(path: Path, header: list[str], rows: Iterator[list]) -> None:
    """The same rows as Parquet: money as decimal(15, 2), the deadline a date, the line an integer."""
    from datetime import date

    from flexcalc.batch.parquet import pyarrow

    pa = pyarrow()
    import pyarrow.parquet as pq

    money = pa.decimal128(15, 2)
    types = {"line": pa.int64(), "deadline": pa.date32()}
    for c in ("amount_yuan", "amount_min_yuan", "ceiling_yuan"):
        types[c] = money
    schema = pa.schema([(c, types.get(c, pa.string())) for c in header])
    convert = {
        "amount_yuan": _decimal,
        "amount_min_yuan": _decimal,
        "ceiling_yuan": _decimal,
        "deadline": lambda v: date.fromisoformat(v) if v else None,
    }

    def table(batch: list[list]):
        cols: list = list(zip(*batch, strict=True)) if batch else [[] for _ in header]
        arrays = []
        for name, col in zip(header, cols, strict=True):
            f = convert.get(name)
            arrays.append(pa.array([f(v) for v in col] if f else list(col), type=schema.field(name).type))
        return pa.Table.from_arrays(arrays, schema=schema)

    with pq.ParquetWriter(str(path), schema) as w:
        batch: list[list] = []
        for cells in rows:
            batch.append(cells)
            if len(batch) >= 10_000:
                w.write_table(table(batch))
                batch = []
        if batch:
            w.write_table(table(batch))


def _decimal(v: str):
    return Decimal(v) if v else None
