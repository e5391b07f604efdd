"""The result JSON of serialize.result_dict, as bytes, from templates cut out of its own output.

A measure's id, name, kind, source and department do not change from one profile to the next,
so the bytes around the per-profile values (status, amounts, reasons, missing) are made once,
by serialising what serialize.measure_dict returns with placeholders in those slots. The
shape stays serialize.py's; tests compare batch against check field by field.
"""

from __future__ import annotations

import orjson

from flexcalc.serialize import measure_dict, reasons, result_dict

MEASURE_SLOTS = ("status", "amount_yuan", "amount_min_yuan", "reasons", "missing")
RESULT_SLOTS = ("profile_id", "measures", "totals")
_dumps = orjson.dumps


def _cut(d: dict, slots: tuple[str, ...]) -> tuple[bytes, ...]:
    """The serialised dict split at the slots, in key order: len(slots) + 1 pieces."""
    marked = dict(d)
    for i, key in enumerate(slots):
        if key not in marked:
            raise KeyError(key)
        marked[key] = f"\x00{i}\x00"
    raw = _dumps(marked)
    order = sorted(range(len(slots)), key=lambda i: raw.index(_dumps(f"\x00{i}\x00")))
    pieces, rest = [], raw
    for i in order:
        before, rest = rest.split(_dumps(f"\x00{i}\x00"), 1)
        pieces.append(before)
    pieces.append(rest)
    return tuple(pieces), tuple(slots[i] for i in order)


class Encoder:
    """Bytes of one result (plus a newline), equal in content to orjson.dumps(result_dict(...))."""

    def __init__(self, lang: str, stamp: dict | None):
        self.lang = lang
        self.stamp = stamp
        self.measures: dict[tuple, tuple] = {}
        self.results: dict[tuple, tuple] = {}
        self.status = {}
        self.constant: dict[tuple, bytes] = {}

    def encode(self, r) -> bytes:
        key = (r.city, r.city_name, r.city_name_en, r.as_of, tuple(map(_entitlement_key, r.entitlements)))
        tpl = self.results.get(key)
        if tpl is None:
            tpl = self.results[key] = _cut(result_dict(r, self.lang, stamp=self.stamp), RESULT_SLOTS)
        pieces, order = tpl
        values = {
            "profile_id": _dumps(r.profile_id),
            "measures": b"[" + b",".join([self._measure(m) for m in r.measures]) + b"]",
            "totals": _dumps({k: float(v) for k, v in r.totals.items()}),
        }
        out = [pieces[0]]
        for i, slot in enumerate(order):
            out.append(values[slot])
            out.append(pieces[i + 1])
        out.append(b"\n")
        return b"".join(out)

    def _measure(self, m) -> bytes:
        key = (m.id, m.kind, m.beneficiary, m.period, m.document, m.clause, m.department)
        if not m.checks and m.formula is None and not m.missing and not any(n.params for n in m.notes):
            # not offered / not in force: the same bytes for every profile of the city
            whole = (key, m.status, m.amount, m.amount_min, tuple((n.zh, n.en) for n in m.notes))
            hit = self.constant.get(whole)
            if hit is None:
                hit = self.constant[whole] = self._encode(key, m)
            return hit
        return self._encode(key, m)

    def _encode(self, key: tuple, m) -> bytes:
        tpl = self.measures.get(key)
        if tpl is None:
            pieces, order = _cut(measure_dict(m, self.lang), MEASURE_SLOTS)
            if order != MEASURE_SLOTS:
                raise RuntimeError(f"measure keys out of the expected order: {order}")
            tpl = self.measures[key] = pieces
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
                _dumps(reasons(m, self.lang)),
                tpl[4],
                _dumps(list(m.missing)) if m.missing else b"[]",
                tpl[5],
            )
        )


def _entitlement_key(e) -> tuple:
    return (e.id, e.name, e.name_en, e.document, e.clause)
