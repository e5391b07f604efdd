"""Evaluate a chunk of one city's profiles with the compiled plan of each measure."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from datetime import date
from typing import cast

from flexcalc import pipeline
from flexcalc.columnar import business, insurance, shapes
from flexcalc.columnar.facts import Facts
from flexcalc.context import Ctx
from flexcalc.models.result import Entitlement, MeasureResult, Result
from flexcalc.models.rules import NotOffered
from flexcalc.pipeline import _measure, _rules
from flexcalc.review import document_warnings
from flexcalc.timeline import view

COMPILERS: dict[type, Callable] = {**shapes.COMPILERS, **business.COMPILERS, **insurance.COMPILERS}
MEMO_LIMIT = 50_000  # outcomes kept per compiled measure; cleared when full (flat memory)


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
        self.entitlements = [Entitlement(e.id, e.name, e.name_en, title, e.clause) for e in city.entitlements]
        for mid, rule in _rules(city):
            if isinstance(rule, NotOffered) or not in_force:
                self.entries.append((mid, rule, "constant", _measure(mid, rule, cast(Ctx, _Day(as_of)), doc, in_force)))
            elif type(rule) in COMPILERS and not getattr(view(rule, as_of), "absent", None):
                # the shapes read the figures in force at the date (dated or national ones: timeline.view)
                self.entries.append((mid, rule, "compiled", (COMPILERS[type(rule)](view(rule, as_of), as_of), {})))
            else:
                self.entries.append((mid, rule, "scalar", None))

    def kinds(self) -> dict[str, str]:
        """measure id → constant / compiled / scalar (for the benchmark and the tests)."""
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


def _same(m: MeasureResult) -> MeasureResult:
    return m


def evaluate(profiles: list, city_id: str, city, as_of: date, data) -> list[Result]:
    """The results of profiles that all belong to one city, equal to pipeline.evaluate's."""
    enabled = gc.isenabled()
    gc.disable()  # the chunk's objects live until its results are written: no collections meanwhile
    try:
        return _evaluate(profiles, city_id, city, as_of, data)
    finally:
        if enabled:
            gc.enable()


def _evaluate(profiles: list, city_id: str, city, as_of: date, data) -> list[Result]:
    p = plan(city, as_of)
    n = len(profiles)
    facts = Facts(profiles)
    ctxs: list = [None] * n

    def ctx(i: int) -> Ctx:
        c = ctxs[i]
        if c is None:
            c = ctxs[i] = Ctx(profiles[i], as_of, data.retirement)
        return c

    columns = []
    for mid, rule, kind, payload in p.entries:
        own = _copy if mid in p.edited else _same
        if kind == "constant":
            columns.append([own(payload) for _ in range(n)])
        elif kind == "compiled":
            keys_of, memo = payload
            col = []
            for i, key in enumerate(keys_of(facts)):
                m = memo.get(key)
                if m is None:
                    if len(memo) >= MEMO_LIMIT:
                        memo.clear()
                    m = memo[key] = _measure(mid, rule, ctx(i), p.doc, True)
                col.append(own(m))
            columns.append(col)
        else:
            columns.append([_measure(mid, rule, ctx(i), p.doc, True) for i in range(n)])
    return [_assemble(p, profiles[i], city_id, as_of, [col[i] for col in columns]) for i in range(n)]


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
        warnings=document_warnings(p.doc, as_of),
    )
