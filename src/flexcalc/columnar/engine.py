"""Evaluate a chunk of one city's profiles with the compiled plan of each measure."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from datetime import date
from typing import cast

from flexcalc import pipeline
from flexcalc.columnar import business, shapes
from flexcalc.columnar.facts import Facts
from flexcalc.context import Ctx
from flexcalc.models.result import Entitlement, MeasureResult, Result
from flexcalc.models.rules import NotOffered
from flexcalc.pipeline import _measure, _rules
from flexcalc.review import document_warnings
from flexcalc.timeline import view

COMPILERS: dict[type, Callable] = {
    **shapes.COMPILERS,
    **business.COMPILERS,
}
# Outcomes a measure and generation: bigger memos cost GC time and memory (30k: 80 MB at 256, 133 at 2048).
MEMO_LIMIT = 512


class Memo:
    """Outcomes by key in two generations: a full young one becomes the old one (the older is
    dropped), and a key found in the old one moves back; keys met often stay, memory is bounded."""

    __slots__ = ("new", "old")

    def __init__(self):
        self.new: dict = {}
        self.old: dict = {}

    def get(self, key):
        m = self.new.get(key)
        if m is None:
            m = self.old.get(key)
            if m is not None:
                self.put(key, m)
        return m

    def put(self, key, m) -> None:
        if len(self.new) >= MEMO_LIMIT:
            self.old, self.new = self.new, {}
        self.new[key] = m


class _Day:
    """What a constant measure reads of a context: the as-of date."""

    def __init__(self, as_of: date):
        self.as_of = as_of


class Plan:
    """How each measure of one city is computed at one as-of date: constant, compiled, scalar."""

    def __init__(self, city, as_of: date):
        self.city = city
        self.as_of = as_of
        doc = city.document
        self.doc = doc
        in_force = doc.in_force(as_of)
        # only measures under a non-combination rule are changed after they are made: the others
        # may share one MeasureResult between rows
        self.edited = {mid for rule in city.non_combinable for mid in rule.measures}
        self.entries: list[tuple] = []
        title = doc.title  # pipeline.assemble's entitlements, shared by the rows (never changed)
        self.entitlements = [
            Entitlement(e.id, e.name, e.name_en, title, e.clause) for e in city.entitlements if e.current(as_of)
        ]
        self.warnings = document_warnings(doc, as_of)
        for mid, rule in _rules(city):
            if isinstance(rule, NotOffered) or not in_force:
                self.entries.append((mid, rule, "constant", _measure(mid, rule, cast(Ctx, _Day(as_of)), doc, in_force)))
            elif type(rule) in COMPILERS and not getattr(view(rule, as_of), "absent", None):
                # the shapes read the figures in force at the date (dated or national ones: timeline.view)
                now = view(rule, as_of)
                compiled: tuple = (COMPILERS[type(rule)](now, as_of), Memo())
                self.entries.append((mid, rule, "compiled", compiled))
            elif hasattr(rule, "program"):
                # in the rule language (issue 18): the scalar engine row by row, until the vector engine
                self.entries.append((mid, rule, "program", None))
            else:
                self.entries.append((mid, rule, "scalar", None))

    def kinds(self) -> dict[str, str]:
        """measure id → constant / compiled / program / scalar (for the benchmark and the tests)."""
        return {mid: kind for mid, _, kind, _ in self.entries}


_PLANS: dict[tuple, tuple] = {}


def plan(city, as_of: date) -> Plan:
    """The plan of a city at a date, kept for the process (the data objects live as long)."""
    key = (id(city), as_of)
    hit = _PLANS.get(key)
    if hit is None or hit[0] is not city:
        hit = _PLANS[key] = (city, Plan(city, as_of))
    return hit[1]


_FIELDS = tuple(f.name for f in dataclasses.fields(MeasureResult))


def _copy(m: MeasureResult) -> MeasureResult:
    """A row's own MeasureResult (non-combination edits status and notes in place)."""
    c = MeasureResult(*[getattr(m, name) for name in _FIELDS])
    c.notes = list(m.notes)
    return c


def evaluate(profiles: list, city_id: str, city, as_of: date, data) -> list[Result]:
    """The results of profiles that all belong to one city, equal to pipeline.evaluate's."""
    enabled = gc.isenabled()
    gc.disable()  # the chunk's objects live until its results are written: no collections meanwhile
    try:
        return _evaluate(profiles, city_id, city, as_of, data)
    finally:
        if enabled:
            # What survives the chunk (memos' outcomes, the data's memos) moves out of the cyclic GC's
            # reach; it is still freed by reference counting (acyclic): 30k, GC 1.1 s -> 0.1 s
            gc.freeze()
            gc.enable()


def _evaluate(profiles: list, city_id: str, city, as_of: date, data) -> list[Result]:
    p = plan(city, as_of)
    n = len(profiles)
    facts = Facts(profiles, data.retirement)
    ctxs: list = [None] * n

    def ctx(i: int) -> Ctx:
        c = ctxs[i]
        if c is None:
            c = ctxs[i] = Ctx(profiles[i], as_of, data.retirement)
        return c

    columns = []
    for mid, rule, kind, payload in p.entries:
        if kind == "constant":
            col = [payload] * n
        elif kind == "compiled":
            col = _compiled(mid, rule, payload, facts, ctx, p.doc)
        else:
            col = [_measure(mid, rule, ctx(i), p.doc, True) for i in range(n)]
        columns.append([_copy(m) for m in col] if mid in p.edited else col)
    return [
        _assemble(p, profile, city_id, as_of, list(row))
        for profile, row in zip(profiles, zip(*columns, strict=True), strict=True)
    ]


def _compiled(mid: str, rule, payload: tuple, facts: Facts, ctx, doc) -> list:
    """A compiled measure's results by row: the memo's by key, the rule run once for a new key."""
    keys_of, memo = payload
    keys = keys_of(facts)
    col = list(map(memo.get, keys))
    for i, m in enumerate(col):
        if m is not None:
            continue
        key = keys[i]
        m = memo.get(key)  # an earlier row of this chunk may have brought it
        if m is None:
            m = _measure(mid, rule, ctx(i), doc, True)
            memo.put(key, m)
        col[i] = m
    return col


def _assemble(p: Plan, profile, city_id: str, as_of: date, measures: list[MeasureResult]) -> Result:
    """pipeline.assemble with what rows share made once: entitlements, warnings, no non-combination."""
    if p.edited:
        pipeline._apply_non_combination(p.city, measures)
    totals, totals_min = pipeline._totals(measures)
    return Result(
        city=city_id,
        city_name=p.city.name,
        city_name_en=p.city.name_en,
        as_of=as_of,
        profile_id=profile.id,
        profile_name=profile.name,
        measures=measures,
        entitlements=p.entitlements,
        totals=totals,
        totals_min=totals_min,
        warnings=p.warnings,
    )
