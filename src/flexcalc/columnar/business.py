"""Row keys of the business shapes: every fact the rule (and the search for `missing`) reads, by value.

Two rows with equal keys give the rule equal inputs, so equal outcomes: loans, the household tax
limit, the operating subsidies, incubator rent and the site subsidy by the year.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flexcalc.columnar.exact import exact, months_class, months_operating
from flexcalc.columnar.facts import Facts
from flexcalc.columnar.shapes import Keys, _activity, _zip, who_keys
from flexcalc.measures.shapes.rent import IncubatorRent, YearlyRate


def tier_keys(tiers: list, f: Facts, as_of: date) -> list:
    """One column per tier that asks something of the person (the default tier asks nothing)."""
    return who_keys([tier for tier in tiers if tier.has_conditions()], f, as_of)


PREMISES = ("lease_start", "lease_end", "area_m2", "rent_yuan_per_m2_per_day")


def incubator_rent(rule: IncubatorRent, as_of: date) -> Keys:
    """In an incubator, the lease, area and rate, the extension; activity for "No business"."""

    def keys(f: Facts) -> list:
        cols = _activity(f, as_of) + [exact(f, "business.in_incubator"), exact(f, "business.incubation_extended")]
        cols += [exact(f, "business.premises." + name) for name in PREMISES]
        return _zip(cols, f.n)

    return keys


def yearly_rate(rule: YearlyRate, as_of: date, months=months_operating) -> Keys:
    """First business, the lease dates, months operating, the tiers; activity for "No business"."""

    def keys(f: Facts) -> list:
        cols = _activity(f, as_of) + [exact(f, "business.first_business"), months(f, as_of)]
        cols += [exact(f, "business.premises." + name) for name in PREMISES[:2]]
        cols += tier_keys(rule.yearly_rate.value, f, as_of)
        return _zip(cols, f.n)

    return keys


def yearly_rate_search(rule: YearlyRate, as_of: date) -> Keys:
    """As yearly_rate, the months operating only as the rule compares them (the words show them)."""
    need = (rule.min_months_operating.value,)
    return yearly_rate(rule, as_of, lambda f, day: months_class(f, day, need))


COMPILERS: dict[type, Callable[[Any, date], Keys]] = {
    IncubatorRent: incubator_rent,
    YearlyRate: yearly_rate,
}

SEARCHES: dict[type, Callable[[Any, date], Keys]] = {YearlyRate: yearly_rate_search}
