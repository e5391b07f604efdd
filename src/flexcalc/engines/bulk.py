"""A chunk of one city's profiles at one as-of date: what the rows share is made once.

The plan of a (city, as-of date) sorts each measure into a constant — `not_offered`, or
`not_in_force` when the date is outside the document's validity: one MeasureResult for every
row — or a program (every shape is in the rule language, rules/), which the scalar engine runs
row by row through pipeline._measure, the same step `check` runs. The entitlements and the
document's warnings are made once per plan. Nothing here restates what a rule reads or
computes: tests/test_bulk.py holds the chunk's results to pipeline.evaluate's byte for byte.
"""

from __future__ import annotations

import dataclasses
import gc
from datetime import date
from typing import cast

from flexcalc import pipeline
from flexcalc.context import Ctx
from flexcalc.models.result import Entitlement, MeasureResult, Result
from flexcalc.models.rules import NotOffered
from flexcalc.pipeline import _measure, _rules
from flexcalc.review import document_warnings


class _Day:
    """What a constant measure reads of a context: the as-of date."""

    def __init__(self, as_of: date):
        self.as_of = as_of


class Plan:
    """How each measure of one city is computed at one as-of date: constant or program."""

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
            else:
                self.entries.append((mid, rule, "program", None))

    def kinds(self) -> dict[str, str]:
        """measure id → constant / program (for the benchmark and the tests)."""
        return {mid: kind for mid, _, kind, _ in self.entries}


_PLANS: dict[tuple, tuple] = {}


def plan(city, as_of: date) -> Plan:
    """The plan of a city at a date, kept for the process (the data objects live as long)."""
    key = (id(city), as_of)
    hit = _PLANS.get(key)
    if hit is None or hit[0] is not city:
        if len(_PLANS) >= 1_000:
            _PLANS.clear()
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
            # What survives the chunk (the data's memos) moves out of the cyclic GC's reach; it is
            # still freed by reference counting (acyclic): 30k, GC 1.1 s -> 0.1 s
            gc.freeze()
            gc.enable()


def _evaluate(profiles: list, city_id: str, city, as_of: date, data) -> list[Result]:
    p = plan(city, as_of)
    n = len(profiles)
    ctxs = [Ctx(profile, as_of, data.retirement) for profile in profiles]
    columns = []
    for mid, rule, kind, payload in p.entries:
        if kind == "constant":
            col = [payload] * n
            columns.append([_copy(m) for m in col] if mid in p.edited else col)
        else:
            columns.append([_measure(mid, rule, c, p.doc, True) for c in ctxs])
    return [
        _assemble(p, profile, city_id, as_of, list(row))
        for profile, row in zip(profiles, zip(*columns, strict=True), strict=True)
    ]


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
