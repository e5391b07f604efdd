"""Row keys of the facts a rule reads by value: exact values, months operating, group-path codes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flexcalc.columnar.facts import Facts
from flexcalc.dates import whole_months


def exact(f: Facts, path: str) -> list:
    """The field at `path` per row, a Decimal as its text (23.5 and 23.50 print differently)."""
    key = "~" + path
    hit = f._cols.get(key)
    if hit is None:
        hit = f._cols[key] = [str(v) if isinstance(v, Decimal) else v for v in f.values(path)]
    return hit


def months_operating(f: Facts, as_of: date) -> list:
    """Whole months from business registration to the as-of date (None if unknown); a date after
    the as-of date stays the date itself (the check's words show it)."""
    key = "#months"
    hit = f._cols.get(key)
    if hit is None:
        out = []
        for reg in f.values("business.registered_on"):
            m = None if reg is None else whole_months(reg, as_of)
            out.append(reg if m is not None and m < 0 else m)
        hit = f._cols[key] = out
    return hit
