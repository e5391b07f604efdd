"""Calendar arithmetic of rules.md: whole months and month windows."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day `months` later; a day past the month's end falls on its last day."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def whole_months(start: date, end: date) -> int:
    """Whole calendar months from start to end (rules.md: 2021-01-15 → 2021-07-14 is 5).

    -1 when end is before start (not yet begun); a start on the 29th–31st is reached on the
    last day of a shorter month (2021-01-31 → 2021-02-28 is 1).
    """
    if end < start:
        return -1
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


def month_index(day: date) -> int:
    """A month as one integer, so month windows compare and subtract simply."""
    return day.year * 12 + day.month - 1


def months_of_year_in_window(first_month: int, month_count: int, year: int) -> int:
    """How many months of calendar `year` fall in the window of `month_count` months."""
    last_month = first_month + month_count - 1
    lo = max(first_month, year * 12)
    hi = min(last_month, year * 12 + 11)
    return max(0, hi - lo + 1)
