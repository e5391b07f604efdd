"""Rule shapes compiled to row keys: the facts a rule reads, reduced to what decides its outcome.

A compiled shape is a function of the chunk's Facts that returns one hashable key per row such
that rows with equal keys get equal outcomes from the rule. Three-valued facts stay None where
unknown (Kleene AND); groups are a bitmask; a group path's code is memoised on the person's
group facts. Shapes not listed in COMPILERS fall back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flexcalc.columnar.facts import BIT, Facts
from flexcalc.context import business_state
from flexcalc.dates import add_months
from flexcalc.measures.shapes.common import NoFigure
from flexcalc.models.rules import GroupPath

Keys = Callable[[Facts], list]


def graduation_cutoff(as_of: date, months: int) -> date:
    """The first graduation date whose window of `months` still holds at `as_of`
    (as_of < add_months(graduated_on, months) ⟺ graduated_on ≥ cutoff; add_months is monotone)."""
    day = add_months(as_of, -months) - timedelta(days=5)
    while add_months(day, months) <= as_of:
        day += timedelta(days=1)
    return day


def _path_code(path: GroupPath, window: int | None, mask, rural, cert, within) -> int:
    """0 not met, 1 met, 2 unknown, plus 4 × a bit per unknown part (for `missing`)."""
    parts: list = []
    if path.all_of or path.any_of:
        need = sum(BIT[c] for c in path.all_of)
        some = sum(BIT[c] for c in path.any_of)
        parts.append(None if mask is None else mask & need == need and (not some or bool(mask & some)))
    if path.rural_hukou is not None:
        parts.append(None if rural is None else rural == path.rural_hukou)
    if path.employment_certificate is not None:
        parts.append(None if cert is None else cert == path.employment_certificate)
    if window is not None:
        parts.append(None if within is None else within[window])
    code = 0 if False in parts else 2 if None in parts else 1
    return code + sum(4 << i for i, part in enumerate(parts) if part is None)


_CODES: dict[tuple, tuple] = {}  # (paths, as_of) → (paths, {person → codes}); bounded


def who_keys(paths: list[GroupPath], f: Facts, as_of: date) -> list:
    """One column: per row, the code of each group path (a rule's `who`), memoised on the person."""
    ids = (tuple(map(id, paths)), as_of)
    hit = _CODES.get(ids)
    if hit is None or any(a is not b for a, b in zip(hit[0], paths, strict=True)):
        if len(_CODES) > 1000:
            _CODES.clear()
        windows = sorted({p.graduated_within_months for p in paths if p.graduated_within_months is not None})
        cuts = tuple(graduation_cutoff(as_of, m) for m in windows)
        compiled = [
            (p, None if p.graduated_within_months is None else windows.index(p.graduated_within_months)) for p in paths
        ]
        hit = _CODES[ids] = (tuple(paths), {}, compiled, cuts)
    memo, compiled, cuts = hit[1], hit[2], hit[3]
    if len(memo) > 50_000:
        memo.clear()
    out = []
    for person in f.persons(cuts):
        codes = memo.get(person)
        if codes is None:
            codes = memo[person] = tuple(_path_code(p, w, *person) for p, w in compiled)
        out.append(codes)
    return [out]


def _group_state(f: Facts, code: str) -> list:
    bit = BIT[code]
    return [None if mask is None else bool(mask & bit) for mask in f.masks()]


def _business(f: Facts, as_of: date) -> list:
    """Per row: no `business` (0), registered or planned unknown which (1), registered (2),
    planned at `as_of` (3), registered after `as_of` (4: planned then, in other words) —
    context.business_state, the one reading both engines share."""
    key = ("#business", as_of)
    hit = f._cols.get(key)
    if hit is None:
        codes = {"none": 0, "either": 1, "registered": 2, "planned": 3}
        hit = f._cols[key] = [
            4
            if b is not None and b.registered_on is not None and b.registered_on > as_of
            else codes[business_state(b, as_of)]
            for b in f.values("business")
        ]
    return hit


def _activity(f: Facts, as_of: date) -> list:
    """What works_as and the "No business" and "Planned business" rules read: form, business
    type, the business's state at `as_of`, the platform group."""
    return [
        f.values("employment.form"),
        f.values("business.type"),
        _business(f, as_of),
        _group_state(f, "platform_worker"),
    ]


def _zip(columns: list[list], n: int) -> list:
    return list(zip(*columns, strict=True)) if columns else [()] * n


def no_figure(rule: NoFigure, as_of: date) -> Keys:
    """按规定 (no figure): who, 失业登记, activity, yes/no flags, training courses."""

    def keys(f: Facts) -> list:
        cols: list[list] = []
        if rule.who is not None:
            cols += who_keys(rule.who.value, f, as_of)
        if rule.unemployment_registered is not None:
            cols += [f.values("unemployment_registered_on"), _group_state(f, "registered_unemployed")]
        cols += _activity(f, as_of)  # the activity, and "No business" for the business measures
        cols += [f.values(flag) for flag in rule.require_true]
        if rule.needs_training:
            cols.append(f.courses())
        return _zip(cols, f.n)

    return keys


COMPILERS: dict[type, Callable[[Any, date], Keys]] = {NoFigure: no_figure}
