"""Parquet in and out for batch (optional extra `flexcalc[parquet]`, pyarrow).

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
            "Parquet needs pyarrow: pip install 'flexcalc[parquet]'.",
            zh="Parquet 格式需要 pyarrow：pip install 'flexcalc[parquet]'。",
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


class Rows:
    """Result rows of one chunk, column by column (a list a column); `table()` adds the audit columns."""

    def __init__(self, lang: str, detail: str, stamp: dict):
        self.lang = lang
        self.detail = detail
        self.stamp = stamp
        self.cols: list[list] = [[] for _ in COLUMNS]  # in COLUMNS order; Arrow arrays at table()

    def result(self, line: int, r, seen: dict | None = None) -> None:
        from flexcalc.batch import codes
        from flexcalc.output.serialise import reasons

        ms = r.measures
        k = len(ms)
        rec, schema, pid, city, mid, kind, ben, status, amount, low, floor, clause, words, code, args, miss, err = (
            self.cols
        )
        rec.extend([line] * k)
        schema.extend([RESULT_SCHEMA_NAME] * k)
        pid.extend([r.profile_id] * k)
        city.extend([r.city] * k)
        mid.extend([m.id for m in ms])
        kind.extend([m.kind for m in ms])
        ben.extend([m.beneficiary for m in ms])
        status.extend([m.status for m in ms])
        amount.extend([m.amount for m in ms])
        low.extend([m.amount_min for m in ms])
        floor.extend([bool(m.amount_is_floor) for m in ms])
        clause.extend([m.clause for m in ms])
        miss.extend([m.missing for m in ms])
        err.extend([None] * k)
        if self.detail == "full":
            lang = self.lang
            words.extend([reasons(m, lang) for m in ms])
            code.extend([None] * k)
            args.extend([None] * k)
            return
        words.extend([None] * k)
        for m in ms:
            c, templates, values = codes.encode(m)
            if seen is not None:
                seen.setdefault(codes.table_key(r.city, m.id, c), templates)
            code.append(c)
            args.append(orjson.dumps(values))

    def error(self, line: int, profile_id, problems) -> None:
        errors = [{"path": p, "message": m.render(self.lang) if hasattr(m, "render") else m} for p, m in problems]
        values = {"record": line, "schema": ERROR_SCHEMA_NAME, "profile_id": profile_id, "errors": errors}
        for name, col in zip(COLUMNS, self.cols, strict=True):
            col.append(values.get(name))

    def table(self):
        pa = pyarrow()
        schema = result_schema()
        n = len(self.cols[0])
        arrays = [_array(pa, c, schema.field(name).type, name) for name, c in zip(COLUMNS, self.cols, strict=True)]
        s = self.stamp
        arrays += [
            pa.array([date.fromisoformat(s["as_of"])] * n, pa.date32()),
            pa.array([s["flexcalc_version"]] * n, pa.string()),
            pa.array([s["data_sha256"]] * n, pa.string()),
            pa.array([assumptions_text(s)] * n, pa.string()),
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


def _array(pa, values: list, kind, name: str):
    """One column's Arrow array: all nulls at once; reason_args' JSON bytes read as UTF-8 text."""
    if values.count(None) == len(values):
        return pa.nulls(len(values), kind)
    if name == "reason_args":
        return pa.array(values, pa.binary()).cast(kind)
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

    def close(self) -> None:
        self.finish()
        if hasattr(self.out, "close"):
            self.out.close()
