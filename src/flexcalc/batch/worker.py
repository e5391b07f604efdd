"""Per-record work in a worker process: decode, validate, evaluate, serialize; errors in place."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import accumulate
from typing import Any

import orjson

from flexcalc.batch.fastjson import Encoder
from flexcalc.catalogue import MEASURE_IDS
from flexcalc.errors import FlexcalcError
from flexcalc.text import T, formula_safe, t

ERROR_SCHEMA = "flexcalc.error/1"
TOTAL_KEYS = ("cash_yuan", "tax_relief_yuan", "loan_limit_yuan")
MEASURE_COLUMNS = ("status", "amount_yuan", "amount_min_yuan", "amount_is_floor")
# Every column always, in this order: a blank cell where the JSON has null or no lower end.
CSV_HEADER = [
    "profile_id",
    "city",
    *(f"{mid}.{col}" for mid in MEASURE_IDS for col in MEASURE_COLUMNS),
    *(f"totals.{k}" for key in TOTAL_KEYS for k in (key, key.replace("_yuan", "_min_yuan"))),
    "line",
    "error",
]


@dataclass
class Settings:
    """What every record of one run shares (sent once to each worker process)."""

    data: Any  # CitiesData (imported by the worker processes, not here)
    data_sha256: str
    as_of: date
    lang: str = "zh"
    city: str | None = None  # a city for every record, else each record's own `city`
    fmt: str = "jsonl"  # jsonl | csv | parquet | none (summary only)
    detail: str = "full"  # full (the contract's result objects) | codes (batch/codes.py)
    encoding: str | None = None  # None: each line UTF-8, else GB18030 (readers.Source)
    header: tuple[str, ...] = ()
    assumptions: list = field(default_factory=list)  # --assume (flexcalc.assume.Assumption)
    worker: Any = None  # the Worker subclass that does each chunk (a command built on batch), else Worker


@dataclass
class Tally:
    """Counts for the summary, merged chunk by chunk in the parent."""

    records: int = 0
    invalid: int = 0
    by_city: dict = field(default_factory=dict)  # city → [records, cash, tax relief, loan limit]
    eligible: dict = field(default_factory=dict)  # (city, measure) → [count, amount]
    templates: dict = field(default_factory=dict)  # --detail codes: reason templates first seen
    fallback: int = 0  # records read as GB18030 because they were not UTF-8
    fallback_lines: list = field(default_factory=list)  # the first few of their lines
    missing: dict = field(default_factory=dict)  # field path → records it left needs_info
    waiting: dict = field(default_factory=dict)  # (city, measure) → records needs_info

    def gb18030(self, line: int) -> None:
        self.fallback += 1
        if len(self.fallback_lines) < 10:
            self.fallback_lines.append(line)

    def merge(self, other: Tally) -> None:
        self.records += other.records
        self.templates.update(other.templates)
        self.invalid += other.invalid
        self.fallback += other.fallback
        self.fallback_lines = (self.fallback_lines + other.fallback_lines)[:10]
        for k, v in other.by_city.items():
            mine = self.by_city.setdefault(k, [0, Decimal(0), Decimal(0), Decimal(0)])
            for i, x in enumerate(v):
                mine[i] += x
        for k, v in other.eligible.items():
            mine = self.eligible.setdefault(k, [0, Decimal(0)])
            mine[0] += v[0]
            mine[1] += v[1]
        for k, v in other.missing.items():
            self.missing[k] = self.missing.get(k, 0) + v
        for k, v in other.waiting.items():
            self.waiting[k] = self.waiting.get(k, 0) + v


class RecordError(Exception):
    """A record that cannot be evaluated: its (path, message) pairs and id, if any."""

    def __init__(self, problems: Sequence[tuple[str, str | T]], profile_id=None):
        from flexcalc.limits import ERRORS_PER_RECORD, MORE_PATH, more

        if len(problems) > ERRORS_PER_RECORD + 1:  # (read_profile has already cut its own)
            en, zh = more(len(problems) - ERRORS_PER_RECORD)
            problems = [*problems[:ERRORS_PER_RECORD], (MORE_PATH, T(zh, en))]
        super().__init__(problems)
        self.problems = problems
        self.profile_id = profile_id


class Worker:
    """Turns chunks of records into output bytes and a Tally; one per process."""

    def __init__(self, s: Settings):
        from flexcalc import __version__
        from flexcalc.batch.fastdecode import decode
        from flexcalc.models.profile import profile_validator

        self.s = s
        self.fast = decode  # msgspec's compiled decoder; None sends a record to read_profile
        self.validate_json = profile_validator().validate_json
        self.stamp: dict[str, Any] = {
            "flexcalc_version": __version__,
            "data_sha256": s.data_sha256,
            "as_of": s.as_of.isoformat(),
        }
        if s.assumptions:
            self.stamp["assumptions"] = [a.text for a in s.assumptions]
        self.cities: dict[str, Any] = {}  # name → (id, City), or why it is unknown
        self.fixed = self._city(s.city) if s.city else None
        self.encode = Encoder(s.lang, self.stamp).encode
        self.bulk = _bulk_available() and not s.assumptions
        self._csv_buf = io.StringIO()
        self._csv_writer = csv.writer(self._csv_buf, lineterminator="\n")
        if s.detail == "codes" and s.fmt == "jsonl":
            from flexcalc.batch.codes import CodesEncoder

            self.encode_codes = CodesEncoder(self.stamp).encode

    def _city(self, name: str):
        hit = self.cities.get(name)
        if hit is None:
            from flexcalc.data import resolve_city

            try:
                hit = resolve_city(self.s.data, name)
            except FlexcalcError as e:
                hit = e.text(self.s.lang)
            self.cities[name] = hit
        return hit

    def chunk(self, header: tuple[str, ...] | None, records: list) -> tuple[bytes, Tally, list[int]]:
        """The output bytes of the records, their tally, and where each record's bytes end."""
        tally = Tally()
        out: list = []
        emit = self._emitter(tally)
        for line, result in self._results(header, records, tally):
            tally.records += 1
            if isinstance(result, RecordError):
                tally.invalid += 1
                if emit:
                    emit(out, line, None, result)
                continue
            self._count(tally, result)
            if emit:
                emit(out, line, result, None)
        if self.s.fmt == "parquet":  # one Arrow IPC stream: its records are whole only together
            data = self.rows.ipc() if tally.records else b""
            return data, tally, [len(data)] * tally.records
        return b"".join(out), tally, list(accumulate(map(len, out)))

    def _results(self, header, records: list, tally: Tally) -> list:
        """(line, Result or RecordError) per record, in order."""
        return [(line, result) for line, _, result in self.evaluated(header, records, tally)]

    def evaluated(self, header, records: list, tally: Tally) -> list[tuple[int, Any, Any]]:
        """(line, Profile or None, Result or RecordError) per record, in order: what commands built on
        batch (outreach) read besides the result — the profile's `extra` columns, its facts."""

        def read(rec):
            return lambda: self._city_of(self._profile(rec[0], rec[1], rec[2], header, tally))

        found = [(rec[0], self._guarded(read(rec))) for rec in records]
        results = iter(self.evaluate_many([f for _, f in found if not isinstance(f, RecordError)]))
        return [(line, None, f) if isinstance(f, RecordError) else (line, f[0], next(results)) for line, f in found]

    def evaluate_many(self, found: list[tuple[Any, tuple]]) -> list:
        """A Result (or the RecordError of its crash) per (profile, (city id, City)), in order; the
        profiles of a city evaluated together by the bulk path (identical results,
        tests/test_bulk.py) when it can."""
        if not self.bulk:
            return [self._guarded(lambda p=p, c=c: self._evaluate(p, c)) for p, c in found]
        from flexcalc.engines import bulk

        groups: dict = {}
        for i, (_, city) in enumerate(found):
            groups.setdefault(city[0], (city, []))[1].append(i)
        out: list = [None] * len(found)
        for city_id, (city, rows) in groups.items():
            profiles = [found[i][0] for i in rows]
            try:
                results = bulk.evaluate(profiles, city_id, city[1], self.s.as_of, self.s.data)
            except Exception:  # noqa: BLE001 - the scalar path then names the record that fails
                results = [self._guarded(lambda p=p, c=city: self._evaluate(p, c)) for p in profiles]
            for i, r in zip(rows, results, strict=True):
                out[i] = r
        return out

    @staticmethod
    def _guarded(work):
        """What `work` returns, or the RecordError it raises (any crash is that record's error)."""
        try:
            return work()
        except RecordError as e:
            return e
        except Exception as e:  # noqa: BLE001 - one record's crash is that record's error, never the run's
            return RecordError([("(record)", _internal(e))])

    # --- one record ---------------------------------------------------------------

    def _profile(self, line: int, kind: str, payload, header, tally: Tally):
        if kind == "raw":
            return self._raw(line, payload, tally)
        if kind == "json":
            return self._json(payload)
        if kind == "cells":  # Parquet cells that could not be read: (path, message) pairs and the id
            raise RecordError(*payload)
        if kind == "text":
            if not payload.isascii() and _has_surrogates(payload):
                raise RecordError([("(line)", _encoding_message(self.s.encoding, None))])
            return self._read(payload)
        if kind == "row":
            return self._read(self._row_text(header, payload))
        raise RecordError([("(input)", payload)])

    def _raw(self, line: int, payload: bytes, tally: Tally):
        """A JSONL line: UTF-8 (the fast path); else GB18030 when it is that, with a warning."""
        enc = self.s.encoding
        if enc not in (None, "utf-8-sig"):
            try:
                text = payload.decode(enc)
            except UnicodeDecodeError as e:
                raise RecordError([("(line)", _encoding_message(enc, e.start))]) from None
            return self._read(text)
        try:
            return self._read(payload)
        except RecordError:
            try:
                payload.decode("utf-8")
            except UnicodeDecodeError as e:
                bad = e.start
            else:
                raise
        if enc is None:
            try:
                text = payload.decode("gb18030")
            except UnicodeDecodeError:
                pass
            else:
                tally.gb18030(line)
                return self._read(text)
        raise RecordError([("(line)", _encoding_message(enc, bad))]) from None

    def _json(self, payload: bytes):
        """JSON that Parquet's reader wrote from a dict (UTF-8, no duplicate key): only a refusal is read again."""
        from pydantic_core import ValidationError

        profile = self.fast(payload)
        if profile is not None:
            return profile
        try:
            return self.validate_json(payload)
        except ValidationError:
            return self._read(payload)

    def _row_text(self, header, row: list[str]) -> str:
        from flexcalc.batch.columns import row_object

        if any(_has_surrogates(c) for c in row if not c.isascii()):
            raise RecordError([("(line)", _encoding_message(self.s.encoding, None))])
        obj, problems = row_object(header, row)
        if problems:
            pid = obj.get("id")
            raise RecordError(problems, pid if isinstance(pid, str) else None)
        return json.dumps(obj, ensure_ascii=False)

    def _read(self, text: str | bytes):
        """The one bounded reader of check and batch (profile_io.read_profile), after the fast
        decoder (batch/fastdecode.py), which accepts only what read_profile accepts, as the same Profile."""
        profile = self.fast(text)
        if profile is not None:
            return profile
        from flexcalc.profile_io import RecordProblems, read_profile

        try:
            return read_profile(text)
        except RecordProblems as e:
            raise RecordError(e.problems(self.s.lang), e.profile_id) from None

    def _city_of(self, profile) -> tuple:
        """(profile, (city id, City)) or the record's error when its city is missing or unknown."""
        if self.fixed is not None:
            city = self.fixed
        elif profile.city is None:
            no_city = t(
                "未给城市：请用 --city 或在记录中给 city 字段", "no city: give --city or a city field in the record"
            )
            raise RecordError([("city", no_city)], profile.id)
        else:
            city = self._city(profile.city)
        if isinstance(city, str):
            raise RecordError([("city", city)], profile.id)
        return profile, city

    def _evaluate(self, profile, city: tuple):
        from flexcalc.pipeline import evaluate

        try:
            if self.s.assumptions:
                from flexcalc.assume import evaluate as assumed

                return assumed(
                    profile, self.s.assumptions, lambda p: evaluate(p, city[0], city[1], self.s.as_of, self.s.data)
                )
            return evaluate(profile, city[0], city[1], self.s.as_of, self.s.data)
        except Exception as e:  # noqa: BLE001 - one record's crash is that record's error, never the run's
            raise RecordError([("(evaluation)", _internal(e))], profile.id) from None

    # --- output -------------------------------------------------------------------

    def _emitter(self, tally: Tally):
        """The function that adds one record's output to the chunk, or None (summary only)."""
        fmt, codes = self.s.fmt, self.s.detail == "codes"
        if fmt == "csv":
            return self._emit_csv
        if fmt == "jsonl":
            if not codes:
                return self._emit_json
            return lambda out, line, result, err: self._emit_codes(out, line, result, err, tally.templates)
        if fmt == "parquet":
            from flexcalc.batch.parquet import Rows

            self.rows = rows = Rows(self.s.lang, self.s.detail, self.stamp)
            seen = tally.templates if codes else None

            def emit(out, line, result, err):
                if err is not None:
                    rows.error(line, err.profile_id, err.problems)
                else:
                    rows.result(line, result, seen)

            return emit
        return None

    def _emit_codes(self, out: list, line: int, result, err, seen: dict) -> None:
        if err is not None:
            self._emit_json(out, line, None, err)
        else:
            out.append(self.encode_codes(result, seen))

    def _emit_json(self, out: list, line: int, result, err: RecordError | None) -> None:
        if err is not None:
            obj = {
                "schema": ERROR_SCHEMA,
                "line": line,
                "profile_id": err.profile_id,
                "errors": [{"path": p, "message": _words(m, self.s.lang)} for p, m in err.problems],
            }
            try:
                out.append(orjson.dumps(obj, option=orjson.OPT_APPEND_NEWLINE))
            except TypeError:  # a lone surrogate in an id or a key: escaped, never fatal
                out.append(json.dumps(obj).encode() + b"\n")
            return
        out.append(self.encode(result))

    def _emit_csv(self, out: list, line: int, result, err: RecordError | None) -> None:
        if err is not None:
            text = "; ".join(f"{p}: {_words(m, self.s.lang)}" for p, m in err.problems)
            cells = [formula_safe(err.profile_id or ""), "", *([""] * (len(CSV_HEADER) - 4)), line, formula_safe(text)]
            self._csv_row(out, cells)
            return
        row = [formula_safe(result.profile_id or ""), result.city]
        for m in result.measures:
            row += [
                m.status,
                "" if m.amount is None else m.amount,
                "" if m.amount_min is None else m.amount_min,
                "true" if m.amount_is_floor else "false",
            ]
        low = result.totals_min
        for k in TOTAL_KEYS:
            lk = k.replace("_yuan", "_min_yuan")
            row += [f"{result.totals[k]:.2f}", f"{low[lk]:.2f}" if lk in low else ""]
        row += [line, ""]
        self._csv_row(out, row)

    def _csv_row(self, out: list, row: list) -> None:
        """One CSV row as its own bytes (so the writer knows where each record ends)."""
        buf = self._csv_buf
        buf.seek(0)
        buf.truncate()
        self._csv_writer.writerow(row)
        out.append(buf.getvalue().encode("utf-8", "backslashreplace"))

    def _count(self, tally: Tally, result) -> None:
        c = result.city
        city = tally.by_city.get(c)
        if city is None:
            city = tally.by_city[c] = [0, Decimal(0), Decimal(0), Decimal(0)]
        city[0] += 1
        t = result.totals
        city[1] += t["cash_yuan"]
        city[2] += t["tax_relief_yuan"]
        city[3] += t["loan_limit_yuan"]
        asked = set()
        for m in result.measures:
            if m.status == "needs_info":
                asked.update(m.missing)
                tally.waiting[(c, m.id)] = tally.waiting.get((c, m.id), 0) + 1
            if m.status == "eligible":
                e = tally.eligible.get((c, m.id))
                if e is None:
                    e = tally.eligible[(c, m.id)] = [0, Decimal(0)]
                e[0] += 1
                if m.amount is not None:
                    e[1] += m.amount
        for f in asked:
            tally.missing[f] = tally.missing.get(f, 0) + 1


def _bulk_available() -> bool:
    """The bulk path (a chunk of a city at once) unless FLEXCALC_ENGINE=scalar (row by row)."""
    import os

    return os.environ.get("FLEXCALC_ENGINE") != "scalar"


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _encoding_message(encoding: str | None, offset: int | None) -> T:
    if encoding is None:  # read line by line: neither UTF-8 nor GB18030
        enc = "UTF-8 / GB18030"
    else:
        enc = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
    if offset is None:
        return t(
            "不是有效的 {enc} 文本；请用 --encoding utf-8、utf-8-sig 或 gb18030",
            "not valid {enc} text; give --encoding utf-8, utf-8-sig or gb18030",
            enc=enc,
        )
    return t(
        "不是有效的 {enc} 文本（该行第 {o} 字节）；请用 --encoding utf-8、utf-8-sig 或 gb18030",
        "not valid {enc} text (bad byte at offset {o} of the line); give --encoding utf-8, utf-8-sig or gb18030",
        enc=enc,
        o=offset,
    )


def _internal(e: Exception) -> T:
    return t("计算时出现内部错误（{e}），请报告", "internal error while evaluating ({e}); please report it", e=repr(e))


def _words(message, lang: str) -> str:
    """A problem's message in the run's language (readers and cells word theirs in both)."""
    return message.render(lang) if isinstance(message, T) else message


# --- process entry points (module level so they pickle) -------------------------------

_WORKER: Worker | None = None


def init(settings: Settings) -> None:
    """Worker-process initializer: build the Worker, ignore Ctrl-C and SIGTERM (the parent
    handles both: batch/pool.py)."""
    import gc
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _WORKER = (settings.worker or Worker)(settings)
    gc.freeze()  # the data lives for the process: keep it out of every collection


def run(job: tuple) -> tuple[bytes, Tally, list[int]]:
    header, records = job
    assert _WORKER is not None, "init() runs first in every worker process"
    return _WORKER.chunk(header, records)
