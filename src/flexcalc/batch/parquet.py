"""Parquet in and out for batch (optional extra `parquet`: pyarrow).

In: one profile a row, typed columns named by dotted field paths (batch/parquet_read.py).

Out: one row per (profile, measure) — what analysts filter and sum (`WHERE measure_id = … AND
status = 'eligible'`); a record that fails validation gives one row with `schema` =
flexcalc.error/1 and its `errors`, in place. Every row carries the audit columns.
"""

from __future__ import annotations

from datetime import date

import orjson

from flexcalc.errors import UsageError

RESULT_SCHEMA_NAME = "flexcalc.result/1"
ERROR_SCHEMA_NAME = "flexcalc.error/1"
MONEY = (16, 2)  # decimal128(16, 2): yuan to the fen, up to 10^14 yuan
BATCH_ROWS = 4096
ROW_GROUP = 1 << 16  # result rows a Parquet row group holds (memory stays bounded by it)


def pyarrow():
    """The pyarrow module, or a usage error that says how to get it."""
    try:
        import pyarrow as pa
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise UsageError(
            "Parquet needs pyarrow: pip install '.[parquet]' in the flexcalc checkout (or pip install pyarrow).",
            zh="Parquet 格式需要 pyarrow：在 flexcalc 源码目录中运行 pip install '.[parquet]'（或 pip install pyarrow）。",
        ) from None
    return pa


# --- output -----------------------------------------------------------------------


def result_schema():
    """The Arrow schema of the results table (one row per profile and measure)."""
    pa = pyarrow()
    money = pa.decimal128(*MONEY)
    error = pa.struct([("path", pa.string()), ("message", pa.string())])
    return pa.schema(
        [
            ("record", pa.int64()),  # input line (JSONL, CSV) or row number (Parquet), from 1
            ("schema", pa.string()),
            ("profile_id", pa.string()),
            ("city", pa.string()),
            ("measure_id", pa.string()),
            ("kind", pa.string()),
            ("beneficiary", pa.string()),
            ("status", pa.string()),
            ("amount_yuan", money),
            ("amount_min_yuan", money),
            ("amount_is_floor", pa.bool_()),
            ("clause", pa.string()),
            ("reasons", pa.list_(pa.string())),  # --detail full
            ("reason_code", pa.string()),  # --detail codes
            ("reason_args", pa.string()),  # --detail codes: JSON array of the values
            ("missing", pa.list_(pa.string())),
            ("errors", pa.list_(error)),
            ("as_of", pa.date32()),
            ("flexcalc_version", pa.string()),
            ("data_sha256", pa.string()),
            ("assumptions", pa.string()),
        ]
    )


COLUMNS = tuple(
    "record schema profile_id city measure_id kind beneficiary status amount_yuan amount_min_yuan "
    "amount_is_floor clause reasons reason_code reason_args missing errors".split()
)


class _Blank:
    """The measure fields of an error row: all null."""

    id = kind = beneficiary = status = amount = amount_min = amount_is_floor = clause = missing = None


_BLANK = _Blank()
MEASURE_FIELDS = ("id", "kind", "beneficiary", "status", "amount", "amount_min", "amount_is_floor", "clause")


class Rows:
    """Result rows of one chunk, column by column; `table()` makes the arrays and adds the audit columns."""

    def __init__(self, lang: str, detail: str, stamp: dict):
        self.lang = lang
        self.detail = detail
        self.stamp = stamp
        # per row: record, schema, profile_id, city, reasons, reason_code, reason_args, errors
        self.rec: list = []
        self.schema: list = []
        self.pid: list = []
        self.city: list = []
        self.words: list = []
        self.code: list = []
        self.args: list = []
        self.errors: list = []
        self.measures: list = []  # MeasureResult a row (_BLANK for an error): its columns at table()

    def result(self, line: int, r, seen: dict | None = None) -> None:
        from flexcalc.batch import codes
        from flexcalc.output.serialise import reasons

        ms = r.measures
        k = len(ms)
        self.rec.extend([line] * k)
        self.schema.extend([RESULT_SCHEMA_NAME] * k)
        self.pid.extend([r.profile_id] * k)
        self.city.extend([r.city] * k)
        self.errors.extend([None] * k)
        self.measures.extend(ms)
        if self.detail == "full":
            lang = self.lang
            self.words.extend([reasons(m, lang) for m in ms])
            self.code.extend([None] * k)
            self.args.extend([None] * k)
            return
        self.words.extend([None] * k)
        code, args = self.code.append, self.args.append
        for m in ms:
            c, templates, values = codes.encode(m)
            if seen is not None:
                seen.setdefault(codes.table_key(r.city, m.id, c), templates)
            code(c)
            args(orjson.dumps(values).decode())  # a str: orjson's bytes keep a 4 KB buffer each

    def error(self, line: int, profile_id, problems) -> None:
        errors = [{"path": p, "message": m.render(self.lang) if hasattr(m, "render") else m} for p, m in problems]
        for col, value in (
            (self.rec, line),
            (self.schema, ERROR_SCHEMA_NAME),
            (self.pid, profile_id),
            (self.city, None),
            (self.words, None),
            (self.code, None),
            (self.args, None),
            (self.errors, errors),
            (self.measures, _BLANK),
        ):
            col.append(value)

    def columns(self) -> list[list]:
        """The values of COLUMNS, a list each."""
        ms = self.measures
        mid, kind, ben, status, amount, low, floor, clause = ([getattr(m, f) for m in ms] for f in MEASURE_FIELDS)
        floor = [None if m is _BLANK else bool(x) for m, x in zip(ms, floor, strict=True)]
        missing = [m.missing for m in ms]
        head = [self.rec, self.schema, self.pid, self.city, mid, kind, ben, status, amount, low, floor, clause]
        return [*head, self.words, self.code, self.args, missing, self.errors]

    def table(self):
        pa = pyarrow()
        schema = result_schema()
        n = len(self.rec)
        arrays = [_array(pa, col, schema.field(name).type) for name, col in zip(COLUMNS, self.columns(), strict=True)]
        s = self.stamp
        arrays += [  # the audit columns: one value repeated, made by Arrow (no list of n references)
            pa.repeat(pa.scalar(date.fromisoformat(s["as_of"]), pa.date32()), n),
            pa.repeat(pa.scalar(s["flexcalc_version"], pa.string()), n),
            pa.repeat(pa.scalar(s["data_sha256"], pa.string()), n),
            pa.repeat(pa.scalar(assumptions_text(s), pa.string()), n),
        ]
        return pa.Table.from_arrays(arrays, schema=schema)

    def ipc(self) -> bytes:
        """The chunk's table as Arrow IPC stream bytes (what a worker hands to the parent)."""
        pa = pyarrow()
        table = self.table()
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as w:
            w.write_table(table)
        return sink.getvalue().to_pybytes()


def _array(pa, values: list, kind):
    """One column's Arrow array (a column of nulls made at once)."""
    if values.count(None) == len(values):
        return pa.nulls(len(values), kind)
    return pa.array(values, type=kind)


def assumptions_text(stamp: dict) -> str:
    """The run's --assume facts as JSON text ("{}" when none)."""
    return orjson.dumps(stamp.get("assumptions") or {}, option=orjson.OPT_SORT_KEYS).decode()


class Sink:
    """A binary output that takes the workers' Arrow IPC chunks and writes one Parquet file."""

    def __init__(self, out, stamp: dict):
        import pyarrow.parquet as pq

        pyarrow()
        self.out = out
        self.stamp = stamp
        self.writer = pq.ParquetWriter(out, result_schema(), compression="zstd")
        self.closed = False
        self.pending: list = []  # chunks not yet written: row groups of ~ROW_GROUP rows
        self.rows = 0

    def write(self, data: bytes) -> int:
        pa = pyarrow()
        with pa.ipc.open_stream(data) as reader:
            table = reader.read_all()
        self.pending.append(table)
        self.rows += table.num_rows
        if self.rows >= ROW_GROUP:
            self.flush()
        return len(data)

    def flush(self) -> None:
        """Write the chunks held so far as one row group."""
        if self.pending:
            pa = pyarrow()
            self.writer.write_table(pa.concat_tables(self.pending), row_group_size=max(self.rows, 1))
            self.pending, self.rows = [], 0

    def finish(self, templates: dict | None = None) -> None:
        """Close the Parquet file; the audit stamp and any reason templates go in its metadata."""
        if self.closed:
            return
        self.closed = True
        self.flush()
        meta = {"flexcalc.audit": orjson.dumps(self.stamp)}
        if templates:
            from flexcalc.batch.codes import table_document

            meta["flexcalc.reason_templates"] = table_document(templates, self.stamp)
        self.writer.add_key_value_metadata(meta)
        self.writer.close()

    def abandon(self) -> None:
        """After a failed write: the file is dropped (batch/target.py); its writer must not try
        again to write a footer when it is collected."""
        self.closed = True
        self.pending = []
        try:
            self.writer.close()
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        self.finish()
        if hasattr(self.out, "close"):
            self.out.close()
