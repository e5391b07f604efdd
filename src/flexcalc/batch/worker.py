"""Per-record work in a worker process: decode, validate, evaluate, serialize; errors in place."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import orjson

from flexcalc.batch.fastjson import Encoder
from flexcalc.catalogue import MEASURE_IDS
from flexcalc.errors import FlexcalcError, json_type, validation_problems
from flexcalc.text import T, t

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

    data: object  # CitiesData
    data_sha256: str
    as_of: date
    lang: str = "zh"
    city: str | None = None  # a city for every record, else each record's own `city`
    fmt: str = "jsonl"  # jsonl | csv | parquet | none (summary only)
    detail: str = "full"  # full (the contract's result objects) | codes (batch/codes.py)
    encoding: str = "utf-8-sig"
    header: tuple[str, ...] = ()


@dataclass
class Tally:
    """Counts for the summary, merged chunk by chunk in the parent."""

    records: int = 0
    invalid: int = 0
    by_city: dict = field(default_factory=dict)  # city → [records, cash, tax relief, loan limit]
    eligible: dict = field(default_factory=dict)  # (city, measure) → [count, amount]
    templates: dict = field(default_factory=dict)  # --detail codes: reason templates first seen

    def merge(self, other: Tally) -> None:
        self.records += other.records
        self.templates.update(other.templates)
        self.invalid += other.invalid
        for k, v in other.by_city.items():
            mine = self.by_city.setdefault(k, [0, Decimal(0), Decimal(0), Decimal(0)])
            for i, x in enumerate(v):
                mine[i] += x
        for k, v in other.eligible.items():
            mine = self.eligible.setdefault(k, [0, Decimal(0)])
            mine[0] += v[0]
            mine[1] += v[1]


class RecordError(Exception):
    """A record that cannot be evaluated: its (path, message) pairs and id, if any."""

    def __init__(self, problems: list[tuple[str, str]], profile_id=None):
        super().__init__(problems)
        self.problems = problems
        self.profile_id = profile_id


class Worker:
    """Turns chunks of records into output bytes and a Tally; one per process."""

    def __init__(self, s: Settings):
        from flexcalc import __version__
        from flexcalc.models.profile import profile_validator

        self.s = s
        self.validate_json = profile_validator().validate_json
        self.stamp = {"flexcalc_version": __version__, "data_sha256": s.data_sha256, "as_of": s.as_of.isoformat()}
        self.cities: dict[str, tuple] = {}
        self.fixed = self._city(s.city) if s.city else None
        self.fast_bytes = s.encoding in ("utf-8", "utf-8-sig")
        self.encode = Encoder(s.lang, self.stamp).encode
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

    def chunk(self, header: tuple[str, ...] | None, records: list) -> tuple[bytes, Tally]:
        tally = Tally()
        out: list = []
        emit = self._emitter(tally)
        for line, kind, payload in records:
            tally.records += 1
            try:
                profile = self._profile(kind, payload, header)
                result = self._evaluate(profile)
            except RecordError as e:
                tally.invalid += 1
                if emit:
                    emit(out, line, None, e)
                continue
            self._count(tally, result)
            if emit:
                emit(out, line, result, None)
        if self.s.fmt == "parquet":
            return (self.rows.ipc() if tally.records else b""), tally
        if self.s.fmt == "csv":
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(out)
            return buf.getvalue().encode("utf-8"), tally
        return b"".join(out), tally

    # --- one record ---------------------------------------------------------------

    def _profile(self, kind: str, payload, header):
        if kind == "raw" and self.fast_bytes:
            try:
                return self.validate_json(payload)
            except Exception:
                pass  # the careful path below says why
        if kind == "raw":
            try:
                text = payload.decode(self.s.encoding)
            except UnicodeDecodeError as e:
                raise RecordError([("(line)", _encoding_message(self.s.encoding, e.start))]) from None
        elif kind == "text":
            text = payload
            if not text.isascii() and _has_surrogates(text):
                raise RecordError([("(line)", _encoding_message(self.s.encoding, None))])
        elif kind == "row":
            text = self._row_text(header, payload)
        else:
            raise RecordError([("(input)", payload)])
        return self._validate(text)

    def _row_text(self, header, row: list[str]) -> str:
        from flexcalc.batch.columns import row_object

        if any(_has_surrogates(c) for c in row if not c.isascii()):
            raise RecordError([("(line)", _encoding_message(self.s.encoding, None))])
        obj, problems = row_object(header, row)
        if problems:
            pid = obj.get("id")
            raise RecordError(problems, pid if isinstance(pid, str) else None)
        return json.dumps(obj, ensure_ascii=False)

    def _validate(self, text: str):
        from pydantic import ValidationError

        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise RecordError(
                [
                    (
                        "(top level)",
                        t("不是有效的 JSON（第 {c} 列：{m}）", "not valid JSON: {m} at column {c}", m=e.msg, c=e.colno),
                    )
                ]
            ) from None
        if not isinstance(obj, dict):
            kind = t(
                "人员信息应为 JSON 对象，实际是{k}",
                "a profile must be a JSON object, got {k}",
                k=T(json_type(obj, "zh"), json_type(obj)),
            )
            raise RecordError([("(top level)", kind)])
        pid = obj.get("id")
        pid = pid if isinstance(pid, str) else None
        try:
            return self.validate_json(text)
        except ValidationError as e:
            raise RecordError(validation_problems(e, obj, self.s.lang), pid) from None

    def _evaluate(self, profile):
        from flexcalc.pipeline import evaluate

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
        try:
            return evaluate(profile, city[0], city[1], self.s.as_of, self.s.data)
        except Exception as e:  # one record's crash is that record's error, never the run's
            message = t(
                "计算时出现内部错误（{e}），请报告",
                "internal error while evaluating ({e}); please report it",
                e=repr(e),
            )
            raise RecordError([("(evaluation)", message)], profile.id) from None

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
            out.append(orjson.dumps(obj, option=orjson.OPT_APPEND_NEWLINE))
            return
        out.append(self.encode(result))

    def _emit_csv(self, out: list, line: int, result, err: RecordError | None) -> None:
        if err is not None:
            text = "; ".join(f"{p}: {_words(m, self.s.lang)}" for p, m in err.problems)
            out.append([err.profile_id or "", "", *([""] * (len(CSV_HEADER) - 4)), line, text])
            return
        row = [result.profile_id or "", result.city]
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
        out.append(row)

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
        for m in result.measures:
            if m.status == "eligible":
                e = tally.eligible.get((c, m.id))
                if e is None:
                    e = tally.eligible[(c, m.id)] = [0, Decimal(0)]
                e[0] += 1
                if m.amount is not None:
                    e[1] += m.amount


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _encoding_message(encoding: str, offset: int | None) -> T:
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


def _words(message, lang: str) -> str:
    """A problem's message in the run's language (readers and cells word theirs in both)."""
    return message.render(lang) if isinstance(message, T) else message


# --- process entry points (module level so they pickle) -------------------------------

_WORKER: Worker | None = None


def init(settings: Settings) -> None:
    """Worker-process initializer: build the Worker, ignore Ctrl-C (the parent handles it)."""
    import gc
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = Worker(settings)
    gc.freeze()  # the data lives for the process: keep it out of every collection


def run(job: tuple) -> tuple[bytes, Tally]:
    header, records = job
    return _WORKER.chunk(header, records)
