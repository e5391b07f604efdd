"""Row keys of the training shapes, by the values they read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flexcalc.columnar.facts import Facts
from flexcalc.columnar.shapes import Keys, _activity, _zip
from flexcalc.measures.shapes.per_occupation import PerOccupation


def per_occupation(rule: PerOccupation, as_of: date) -> Keys:
    """Activity, and per course its occupation and cost."""

    def keys(f: Facts) -> list:
        courses = [None if t is None else tuple((c.occupation, exact_cost(c)) for c in t) for t in f.values("training")]
        return _zip([*_activity(f, as_of), courses], f.n)

    return keys


def exact_cost(course) -> str | None:
    """A course's cost as its text (the formula prints it as given)."""
    return None if course.cost_yuan is None else str(course.cost_yuan)


COMPILERS: dict[type, Callable[[Any, date], Keys]] = {
    PerOccupation: per_occupation,
}
