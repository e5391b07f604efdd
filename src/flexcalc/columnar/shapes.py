"""Rule shapes compiled to row keys: the facts a rule reads, reduced with pyarrow.compute.

A compiled shape is a function of the chunk's Facts that returns one hashable key per row such
that rows with equal keys get equal outcomes from the rule. Three-valued facts stay nullable
booleans (Kleene AND/OR); groups are a bitmask. Shapes not listed in COMPILERS fall back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flexcalc.columnar.facts import BIT, Facts
from flexcalc.dates import add_months
from flexcalc.measures.shapes.common import NoFigure
from flexcalc.measures.shapes.premium_capped import PremiumCapped
from flexcalc.models.rules import GroupPath

Keys = Callable[[Facts], list]


def _pc():
    import pyarrow.compute as pc

    return pc


def graduation_cutoff(as_of: date, months: int) -> date:
    """The first graduation date whose window of `months` still holds at `as_of`
    (as_of < add_months(graduated_on, months) ⟺ graduated_on ≥ cutoff; add_months is monotone)."""
    day = add_months(as_of, -months) - timedelta(days=5)
    while add_months(day, months) <= as_of:
        day += timedelta(days=1)
    return day


def _path_code(path: GroupPath, f: Facts, as_of: date):
    """Per row: 0 not met, 1 met, 2 unknown, plus 4 × a bit per unknown part (for `missing`)."""
    pc = _pc()
    pa = f.pa
    parts = []
    if path.all_of or path.any_of:
        g = f.groups()
        need = sum(BIT[c] for c in path.all_of)
        ok = pc.equal(pc.bit_wise_and(g, pa.scalar(need, pa.uint32())), pa.scalar(need, pa.uint32()))
        if path.any_of:
            some = sum(BIT[c] for c in path.any_of)
            ok = pc.and_(ok, pc.not_equal(pc.bit_wise_and(g, pa.scalar(some, pa.uint32())), pa.scalar(0, pa.uint32())))
        parts.append(ok)
    if path.rural_hukou is not None:
        parts.append(pc.equal(f.col("rural_hukou").cast(pa.bool_()), path.rural_hukou))
    if path.employment_certificate is not None:
        parts.append(pc.equal(f.col("holds_employment_certificate").cast(pa.bool_()), path.employment_certificate))
    if path.graduated_within_months is not None:
        cutoff = graduation_cutoff(as_of, path.graduated_within_months)
        grad = f.col("graduated_on").cast(pa.date32())
        parts.append(pc.greater_equal(grad, pa.scalar(cutoff, pa.date32())))
    if not parts:
        return pa.array([1] * f.n, pa.int64())
    ok = parts[0]
    for part in parts[1:]:
        ok = pc.and_kleene(ok, part)
    code = pc.if_else(pc.is_null(ok), 2, pc.cast(ok, pa.int64()))
    for i, part in enumerate(parts):
        code = pc.add(code, pc.multiply(pc.cast(pc.is_null(part), pa.int64()), 4 << i))
    return code


def who_keys(paths: list[GroupPath], f: Facts, as_of: date) -> list:
    """One column per group path (a rule's `who`), as lists to zip into row keys."""
    return [_path_code(p, f, as_of).to_pylist() for p in paths]


def _group_state(f: Facts, code: str) -> list:
    pc = _pc()
    pa = f.pa
    bit = pa.scalar(BIT[code], pa.uint32())
    return pc.not_equal(pc.bit_wise_and(f.groups(), bit), pa.scalar(0, pa.uint32())).to_pylist()


def _business(f: Facts) -> list:
    """Per row: no `business` (0), one without a registration date (1), a registered one (2)."""
    key = "#business"
    hit = f._cols.get(key)
    if hit is None:
        hit = f._cols[key] = [
            0 if p.business is None else 1 if p.business.registered_on is None else 2 for p in f.profiles
        ]
    return hit


def _activity(f: Facts) -> list:
    """What works_as and the "No business" rule read: form, business type and presence, the group."""
    return [f.values("employment.form"), f.values("business.type"), _business(f), _group_state(f, "platform_worker")]


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
        cols += _activity(f)  # the activity, and "No business" for the business measures
        cols += [f.values(flag) for flag in rule.require_true]
        if rule.needs_training:
            cols.append(f.courses().to_pylist())
        return _zip(cols, f.n)

    return keys


def premium_capped(rule: PremiumCapped, as_of: date) -> Keys:
    """The premium a platform paid, up to a cap: who, flags, the premium itself."""

    def keys(f: Facts) -> list:
        cols = who_keys(rule.who.value, f, as_of)
        cols.append(f.values("employment.form"))  # the form decides who is a platform worker
        cols += [f.values(flag) for flag in rule.require_true]
        # the Decimal as given: its exponent is how the reasons print it (23.5 and 23.50 differ)
        cols.append([None if v is None else str(v) for v in f.values("employment.platform_accident_premium_yuan")])
        return _zip(cols, f.n)

    return keys


COMPILERS: dict[type, Callable[[Any, date], Keys]] = {NoFigure: no_figure, PremiumCapped: premium_capped}
