"""Row keys of the business shapes: every fact the rule (and the search for `missing`) reads, by value.

Two rows with equal keys give the rule equal inputs, so equal outcomes: loans, the household tax
limit and the operating subsidies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flexcalc.columnar.exact import exact, months_operating
from flexcalc.columnar.facts import Facts
from flexcalc.columnar.shapes import Keys, _activity, _zip, who_keys
from flexcalc.measures.shapes.common import OperatingSubsidy


def tier_keys(tiers: list, f: Facts, as_of: date) -> list:
    """One column per tier that asks something of the person (the default tier asks nothing)."""
    return who_keys([tier for tier in tiers if tier.has_conditions()], f, as_of)


def operating_subsidy(rule: OperatingSubsidy, as_of: date) -> Keys:
    """Who, activity, flags, months operating (the dates where the words show them), tiers."""

    def keys(f: Facts) -> list:
        cols = who_keys(rule.who.value, f, as_of) if rule.who is not None else []
        cols += _activity(f, as_of)
        cols += [exact(f, flag) for flag in rule.require_true]
        cols.append(months_operating(f, as_of))
        if rule.unemployment_registered_first is not None or rule.registered_on_or_after is not None:
            cols += [exact(f, "unemployment_registered_on"), exact(f, "business.registered_on")]
        if rule.min_pension_months is not None:
            cols.append(exact(f, "business.employee_pension_months"))
        cols += tier_keys(rule.amount.value, f, as_of)
        return _zip(cols, f.n)

    return keys


COMPILERS: dict[type, Callable[[Any, date], Keys]] = {
    OperatingSubsidy: operating_subsidy,
}
