"""The result JSON of serialise.result_dict, as bytes, from templates cut out of its own output.

A measure's id, name, kind, source and department do not change from one profile to the next,
so the bytes around the per-profile values (status, amounts, reasons, missing) are made once,
by serialising what serialise.measure_dict returns with placeholders in those slots. The
shape stays output/serialise.py's; tests compare batch against check field by field.
"""

from __future__ import annotations

import orjson

from flexcalc.output.serialise import measure_dict, reasons, result_dict, totals_dict

MEASURE_SLOTS = ("status", "amount_yuan", "amount_min_yuan", "amount_is_floor", "reasons", "missing")
RESULT_SLOTS = ("profile_id", "measures", "totals")
_dumps = orjson.dumps


def _cut(d: dict, slots: tuple[str, ...]) -> tuple[tuple[bytes, ...], tuple[str, ...]]:
    """The serialised dict split at the slots, in key order: len(slots) + 1 pieces."""
    marked = dict(d)
    for i, key in enumerate(slots):
        if key not in marked:
            raise KeyError(key)
        marked[key] = f"\x00{i}\x00"
    raw = _dumps(marked)
    order = sorted(range(len(slots)), key=lambda i: raw.index(_dumps(f"\x00{i}\x00")))
    pieces: list[bytes] = []
    rest = raw
    for i in order:
        before, rest = rest.split(_dumps(f"\x00{i}\x00"), 1)
        pieces.append(before)
    pieces.append(rest)
    return tuple(pieces), tuple(slots[i] for i in order)


def constant_key(city: str, m) -> tuple | None:
    """A key for a measure whose bytes are the same for every profile of the city (not offered,
    not in force: no checks, formula, missing or words with values), else None."""
    if m.checks or m.formula is not None or m.missing:
        return None
    notes = tuple((n.zh, n.en) for n in m.notes if not n.params)
    if len(notes) != len(m.notes):
        return None
    return (city, m.id, m.status, m.amount, m.amount_min, m.amount_is_floor, notes)


class Encoder:
    """Bytes of one result (plus a newline), equal in content to orjson.dumps(result_dict(...))."""

    def __init__(self, lang: str, stamp: dict | None):
        # One Encoder serves one data file, language and as-of date (one batch run), so a
        # city id is enough to find the static bytes of its results and measures.
        self.lang = lang
        self.stamp = stamp
        self.results: dict[str, tuple[tuple[bytes, ...], tuple[str, ...]]] = {}
        self.measures: dict[tuple[str, str], tuple[bytes, ...]] = {}
        self.status: dict[str, bytes] = {}
        self.constant: dict[tuple, bytes] = {}

    def encode(self, r) -> bytes:
        tpl = self.results.get(r.city)
        if tpl is None:
            tpl = self.results[r.city] = _cut(result_dict(r, self.lang, stamp=self.stamp), RESULT_SLOTS)
        pieces, order = tpl
        measure = self._measure
        city = r.city
        values = {
            "profile_id": _dumps(r.profile_id),
            "measures": b"[" + b",".join([measure(city, m) for m in r.measures]) + b"]",
            "totals": _dumps(totals_dict(r)),
        }
        out = [pieces[0]]
        for i, slot in enumerate(order):
            out.append(values[slot])
            out.append(pieces[i + 1])
        out.append(b"\n")
        return b"".join(out)

    def _measure(self, city: str, m) -> bytes:
        whole = constant_key(city, m)
        if whole is None:
            return self._encode(city, m)
        hit = self.constant.get(whole)
        if hit is None:
            hit = self.constant[whole] = self._encode(city, m)
        return hit

    def _encode(self, city: str, m) -> bytes:
        tpl = self.measures.get((city, m.id))
        if tpl is None:
            pieces, order = _cut(measure_dict(m, self.lang), MEASURE_SLOTS)
            if order != MEASURE_SLOTS:
                raise RuntimeError(f"measure keys out of the expected order: {order}")
            tpl = self.measures[(city, m.id)] = pieces
        status = self.status.get(m.status)
        if status is None:
            status = self.status[m.status] = _dumps(m.status)
        return b"".join(
            (
                tpl[0],
                status,
                tpl[1],
                b"null" if m.amount is None else _dumps(float(m.amount)),
                tpl[2],
                b"null" if m.amount_min is None else _dumps(float(m.amount_min)),
                tpl[3],
                b"true" if m.amount_is_floor else b"false",
                tpl[4],
                _dumps(reasons(m, self.lang)),
                tpl[5],
                _dumps(list(m.missing)) if m.missing else b"[]",
                tpl[6],
            )
        )
