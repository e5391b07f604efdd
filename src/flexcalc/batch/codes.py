"""Reasons as codes: a measure's words become a template code plus the numbers that fill it.

`--detail codes` writes, per measure, the code of its reasons' templates and the values
(`args`) that fill them; the words themselves, in zh or en, come back on demand from the
template table (city, measure, code → templates) that the run writes beside its output.
`render(entry, args, lang)` gives exactly the strings of the full output's `reasons`.

A template is the tree of a reason's messages (text.T) with every value replaced by a slot:
"d" a Decimal (its text kept exact in `args`), "v" any other value (ints as numbers, dates
and words as text). The code is a hash of the templates, the same in every process and run.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import Decimal
from typing import Any

import orjson

from flexcalc.batch.fastjson import constant_key
from flexcalc.output.serialise import reason_terms, totals_dict
from flexcalc.text import T

CODES_SCHEMA = "flexcalc.codes/1"
TEMPLATES_SCHEMA = "flexcalc.reason_templates/1"


def _shape(value: Any, args: list) -> Any:
    """The (hashable) template of one parameter value; its leaves go to `args` in order."""
    if isinstance(value, T):
        return _key(value, args)
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], T):
        return ("list", tuple(_key(v, args) for v in value))
    if isinstance(value, Decimal):
        args.append(str(value))
        return "d"
    if isinstance(value, (bool, int)) or value is None:
        args.append(value)
        return "v"
    args.append(value.isoformat() if isinstance(value, date) else str(value))
    return "v"


# A number written into a message's text (not passed as a parameter) would make a code per
# value: such numbers are lifted out as parameters `_0`, `_1`… when zh and en hold the same ones.
_TOKEN = re.compile(r"\{\{|\}\}|\{[^{}]*\}|(\d[\d,]*(?:\.\d+)?)")
_LIFTED: dict[tuple, tuple] = {}  # (zh, en, formatted?) → (zh', en', numbers): bounded, cleared when full


def _lift(zh: str, en: str, formatted: bool) -> tuple:
    key = (zh, en, formatted)
    hit = _LIFTED.get(key)
    if hit is not None:
        return hit
    numbers = [m.group(1) for m in _TOKEN.finditer(zh) if m.group(1)]
    if not numbers or numbers != [m.group(1) for m in _TOKEN.finditer(en) if m.group(1)]:
        hit = (zh, en, ())
    else:

        def cut(text: str) -> str:
            if not formatted:  # a message without parameters is shown as it is: escape its braces
                text = text.replace("{", "{{").replace("}", "}}")
            count = iter(range(len(numbers)))
            return _TOKEN.sub(lambda m: f"{{_{next(count)}}}" if m.group(1) else m.group(0), text)

        hit = (cut(zh), cut(en), tuple(numbers))
    if len(_LIFTED) >= 16_384:
        _LIFTED.clear()
    _LIFTED[key] = hit
    return hit


def _key(msg: T, args: list) -> tuple:
    params = msg.params
    zh, en, numbers = _lift(msg.zh, msg.en, bool(params))
    if not params and not numbers:
        return (zh, en)
    shapes = []
    for i, number in enumerate(numbers):
        args.append(number)
        shapes.append((f"_{i}", "v"))
    for k, v in params.items():  # the common leaf types first, without the general walk
        tp = type(v)
        if tp is Decimal:
            args.append(str(v))
            shapes.append((k, "d"))
        elif tp is int or tp is str:
            args.append(v)
            shapes.append((k, "v"))
        elif tp is date:
            args.append(v.isoformat())
            shapes.append((k, "v"))
        else:
            shapes.append((k, _shape(v, args)))
    return (zh, en, tuple(shapes))


def _plain(key: Any) -> Any:
    """A template key as JSON-friendly lists: [zh, en, {param: shape}]."""
    if isinstance(key, str):
        return key
    if key[0] == "list":
        return ["list", [_plain(k) for k in key[1]]]
    params = dict(key[2]) if len(key) == 3 else {}
    return [key[0], key[1], {k: _plain(v) for k, v in params.items()}]


def encode(m) -> tuple[str, list, list]:
    """(code, templates, args) of one measure result's reasons."""
    args: list = []
    key = tuple(_key(x, args) for x in reason_terms(m))
    hit = _CODES.get(key)
    if hit is None:
        templates = [_plain(k) for k in key]
        code = hashlib.blake2b(orjson.dumps(templates), digest_size=5).hexdigest()
        hit = _CODES[key] = (code, templates)
    return hit[0], hit[1], args


_CODES: dict[tuple, tuple[str, list]] = {}  # template keys → (code, templates): the rules' distinct shapes


def _fill(shape: Any, args: list, pos: list[int]) -> Any:
    if isinstance(shape, str):
        value = args[pos[0]]
        pos[0] += 1
        return Decimal(value) if shape == "d" else value
    if shape and shape[0] == "list":
        return [_build(x, args, pos) for x in shape[1]]
    return _build(shape, args, pos)


def _build(tpl: list, args: list, pos: list[int]) -> T:
    zh, en, params = tpl
    return T(zh, en, {k: _fill(v, args, pos) for k, v in params.items()})


def render(templates: list, args: list, lang: str = "zh") -> list[str]:
    """The reasons of one measure, worded in zh or en, from its templates and args."""
    pos = [0]
    return [_build(tpl, args, pos).render(lang) for tpl in templates]


def table_key(city: str, measure: str, code: str) -> str:
    return f"{city}/{measure}/{code}"


def table_document(templates: dict, stamp: dict) -> bytes:
    """The template table a --detail codes run writes: (city/measure/code) → templates."""
    return orjson.dumps(
        {"schema": TEMPLATES_SCHEMA, "audit": stamp, "templates": dict(sorted(templates.items()))},
        option=orjson.OPT_INDENT_2,
    )


class CodesEncoder:
    """One compact JSONL line per result; new templates are collected into `seen`."""

    def __init__(self, stamp: dict):
        self.stamp = stamp
        self.stamp_bytes = orjson.dumps(stamp)
        self.known: set[str] = set()
        self.constant: dict[tuple, bytes] = {}

    def measure(self, city: str, m, seen: dict) -> bytes:
        whole = constant_key(city, m)
        if whole is None:
            return self._measure(city, m, seen)
        hit = self.constant.get(whole)
        if hit is None:
            hit = self.constant[whole] = self._measure(city, m, seen)
        return hit

    def _measure(self, city: str, m, seen: dict) -> bytes:
        code, templates, args = encode(m)
        floor = bool(getattr(m, "amount_is_floor", False))
        key = table_key(city, m.id, code)
        if key not in self.known:
            self.known.add(key)
            seen[key] = templates
        return orjson.dumps(
            {
                "id": m.id,
                "status": m.status,
                "amount_yuan": None if m.amount is None else float(m.amount),
                "amount_min_yuan": None if m.amount_min is None else float(m.amount_min),
                "amount_is_floor": floor,
                "reason": code,
                "args": args,
                "missing": list(m.missing),
            }
        )

    def encode(self, r, seen: dict) -> bytes:
        head = orjson.dumps(
            {"schema": CODES_SCHEMA, "city": r.city, "as_of": r.as_of.isoformat(), "profile_id": r.profile_id}
        )
        return b"".join(
            (
                head[:-1],
                b',"measures":[',
                b",".join([self.measure(r.city, m, seen) for m in r.measures]),
                b'],"totals":',
                orjson.dumps(totals_dict(r)),  # with the lower ends, as in the full result
                b',"audit":',
                self.stamp_bytes,
                b"}\n",
            )
        )
