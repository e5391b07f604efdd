"""Row keys of the training shapes, by the values they read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flexcalc.columnar.facts import Facts
from flexcalc.columnar.shapes import Keys, _activity, _zip, who_keys
from flexcalc.measures.shapes.daily_once_per_year import DailyOncePerYear
from flexcalc.measures.shapes.per_occupation import PerOccupation


def daily_once_per_year(rule: DailyOncePerYear, as_of: date) -> Keys:
    """Who, unemployment insurance, and per course: started this year (or no start) and its days."""
    year = as_of.year

    def course(c) -> tuple:
        if c.start is None:
            return (None, c.days)  # a start the search may fill: then its days count
        return (True, c.days) if c.start.year == year else (False,)

    def keys(f: Facts) -> list:
        cols = who_keys(rule.who.value, f, as_of)
        if rule.not_with_unemployment_insurance:
            cols.append(f.values("receiving_unemployment_insurance"))
        cols.append([None if t is None else tuple(map(course, t)) for t in f.values("training")])
        return _zip(cols, f.n)

    return keys


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
    DailyOncePerYear: daily_once_per_year,
    PerOccupation: per_occupation,
}
