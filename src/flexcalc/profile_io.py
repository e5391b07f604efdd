"""Turning JSON text into a validated Profile, with readable errors (exit 3).

One reader for `check`, `compare`, `interview --from` and every `batch` record, so that they
accept and refuse the same input. The common case is one call into the compiled validator;
only a record it refuses, or one with a duplicate key, is looked at more closely — and that
closer look is bounded: nesting deeper than pydantic-core's own limit, integers of hundreds of
digits and lone surrogates are named as errors, never a traceback.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from functools import cache

from flexcalc.errors import ProfileError, json_reason, json_type, path_words, validation_problems
from flexcalc.limits import ERRORS_PER_RECORD

NESTING_MAX = 200  # pydantic-core's JSON recursion limit: deeper input is never a valid profile
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class RecordProblems(Exception):
    """A record that is not a valid profile: (path, English, Chinese) triples and its id, if any.

    At most limits.ERRORS_PER_RECORD are kept; `total` counts them all ("…and 299,990 more")."""

    def __init__(self, problems: list[tuple[str, str, str]], profile_id: str | None = None, total: int = 0):
        from flexcalc.limits import ERRORS_PER_RECORD, MORE_PATH, more

        super().__init__(problems[:ERRORS_PER_RECORD])
        self.triples = problems[:ERRORS_PER_RECORD]
        rest = max(total, len(problems)) - len(self.triples)
        if rest > 0:
            self.triples.append((MORE_PATH, *more(rest)))
        self.profile_id = profile_id

    def problems(self, lang: str = "en") -> list[tuple[str, str]]:
        return [(path, zh if lang == "zh" else en) for path, en, zh in self.triples]


def read_profile(text: str | bytes):
    """A Profile from one JSON document; RecordProblems names every field that is wrong."""
    from pydantic_core import ValidationError

    try:
        profile = _validate()(text)
    except ValidationError as e:
        err = e
    else:
        _load(text)  # only to refuse a duplicate key, which the validator lets the last one win
        return profile
    obj = _load(text)
    if not isinstance(obj, dict):
        raise RecordProblems(
            [
                (
                    "(top level)",
                    f"a profile must be a JSON object, got {json_type(obj)}",
                    f"人员信息应为 JSON 对象，实际是{json_type(obj, 'zh')}",
                )
            ]
        )
    pid = obj.get("id")
    pid = pid if isinstance(pid, str) else None
    bad = _surrogate_path(obj)
    if bad is not None:
        raise RecordProblems([(bad, *_NOT_UNICODE)], None)
    errors = err.errors(include_url=False)[:ERRORS_PER_RECORD]
    en = validation_problems(errors, obj, "en")
    zh = validation_problems(errors, obj, "zh")
    triples = [(p, m, z) for (p, m), (_, z) in zip(en, zh, strict=True)]
    raise RecordProblems(triples, pid, err.error_count())


@cache
def _validate():
    """The compiled validator's validate_json, built or unpickled once a process."""
    from flexcalc.models.profile import profile_validator

    return profile_validator().validate_json


def parse_profile(text: str | bytes, source: str, record: str = ""):
    """A Profile from one JSON object; ProfileError names the source, record and field paths."""
    try:
        return read_profile(text)
    except RecordProblems as e:
        where = f"{source}{record}"
        en = "; ".join(f"{path}: {msg}" for path, msg in e.problems("en"))
        zh = "；".join(f"{path_words(path, 'zh')}：{msg}" for path, msg in e.problems("zh"))
        raise ProfileError(
            f"{where}: invalid profile — {en}.", e.problems("en"), zh=f"{where}：人员信息有误 — {zh}。"
        ) from None


def _load(text: str | bytes):
    """The JSON value, or RecordProblems: too deep, not JSON, a duplicate key."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise RecordProblems(
                [
                    (
                        "(top level)",
                        f"not valid UTF-8 text (bad byte at offset {e.start})",
                        f"不是有效的 UTF-8 文本（第 {e.start} 字节无效）",
                    )
                ]
            ) from None
    deep = _too_deep(text)
    if deep is not None:
        line, col = deep
        raise RecordProblems(
            [
                (
                    "(top level)",
                    f"nested more than {NESTING_MAX} levels deep (line {line} column {col})",
                    f"嵌套超过 {NESTING_MAX} 层（第 {line} 行第 {col} 列）",
                )
            ]
        )
    try:
        return json.loads(text, object_pairs_hook=_unique, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except _Inexact as e:
        path = _inexact_path(text) or "(top level)"
        raise RecordProblems([(path, *_inexact_words(e.text))], _id_of(text)) from None
    except _Duplicate as e:
        raise RecordProblems(
            [(e.key, f"the key {e.key!r} appears twice in one object", f"同一对象中键 {e.key!r} 出现了两次")]
        ) from None
    except json.JSONDecodeError as e:
        raise RecordProblems(
            [
                (
                    "(top level)",
                    f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}",
                    f"不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列：{json_reason(e.msg, 'zh')}）",
                )
            ]
        ) from None


class _Duplicate(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return out


def _int(digits: str):
    """An integer, but not one of thousands of digits (int() refuses those with a ValueError)."""
    return int(digits) if len(digits) <= 400 else float("inf")


class _Inexact(ValueError):
    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def _float(text: str) -> float:
    """A JSON number with a fraction or exponent, as the validator reads it (a double); one the
    double does not carry exactly (over 15 significant digits) is refused, never rounded."""
    value = float(text)
    if len(text) > 16 and math.isfinite(value) and Decimal(repr(value)) != Decimal(text):
        raise _Inexact(text)
    return value


def _inexact_words(text: str) -> tuple[str, str]:
    shown = text if len(text) <= 60 else text[:60] + "…"
    return (
        f"the number {shown} has more than 15 significant digits and cannot be read exactly; give at most 15",
        f"数字 {shown} 超过 15 位有效数字，无法精确读取；请至多给 15 位",
    )


def _inexact_path(text: str) -> str | None:
    """The path of the first number _float refuses (read again, numbers as Decimal)."""

    def walk(obj, path: str) -> str | None:
        if isinstance(obj, Decimal):
            return path or "(top level)" if Decimal(repr(float(obj))) != obj else None
        items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
        for k, v in items:
            here = f"{path}[{k}]" if isinstance(k, int) else f"{path}.{k}" if path else k
            found = walk(v, here)
            if found:
                return found
        return None

    try:
        return walk(json.loads(text, parse_float=Decimal, parse_int=_int, parse_constant=_constant), "")
    except (ValueError, RecursionError):
        return None


def _id_of(text: str) -> str | None:
    try:
        obj = json.loads(text, parse_float=Decimal, parse_int=_int, parse_constant=_constant)
    except (ValueError, RecursionError):
        return None
    pid = obj.get("id") if isinstance(obj, dict) else None
    return pid if isinstance(pid, str) else None


def _constant(name: str):
    """NaN and Infinity are not JSON."""
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


def _too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) where the nesting first goes deeper than NESTING_MAX, else None."""
    if text.count("[") + text.count("{") <= NESTING_MAX:
        return None
    depth = 0
    for m in _TOKENS.finditer(text):
        tok = m.group()
        if tok in "[{":
            depth += 1
            if depth > NESTING_MAX:
                start = m.start()
                line = text.count("\n", 0, start) + 1
                return line, start - text.rfind("\n", 0, start)
        elif tok in "]}":
            depth -= 1
    return None


def _surrogate_path(obj, path: str = "") -> str | None:
    """The path of the first key or string holding a lone surrogate (no valid UTF-8 has one)."""
    if isinstance(obj, str):
        return path or "(top level)" if _has_surrogate(obj) else None
    if isinstance(obj, dict):
        for k, v in obj.items():
            here = f"{path}.{k}" if path else k
            if _has_surrogate(k):
                return path or "(top level)"
            found = _surrogate_path(v, here)
            if found:
                return found
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            found = _surrogate_path(v, f"{path}[{i}]")
            if found:
                return found
    return None


def _has_surrogate(s: str) -> bool:
    return not s.isascii() and any("\ud800" <= ch <= "\udfff" for ch in s)


_NOT_UNICODE = (
    "not valid Unicode text (a lone surrogate escape such as \\ud800)",
    "不是有效的 Unicode 文本（含单独的代理项转义，如 \\ud800）",
)
