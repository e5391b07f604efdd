"""The data of household_limit (the tax deduction); the rule itself is rules/household_limit.py."""

from __future__ import annotations

from datetime import date
from typing import Literal

from flexcalc.measures.shapes.common import Activities, InLanguage
from flexcalc.models.fields import model
from flexcalc.models.rules import Day, Money, Months, NotOffered, RuleBase, Who
from flexcalc.rules.household_limit import build


@model
class HouseholdLimit(InLanguage, RuleBase):
    """Taxes due deducted up to a yearly limit per household, from the registration month."""

    rule: Literal["household_limit"]
    who: Who
    activity: Activities
    annual_limit: Money
    window_months: Months
    registered_from: Day | None = None
    registered_until: Day | None = None

    BUILD = staticmethod(build)

    def lookup_days(self, name: str, day: date) -> tuple[date, ...]:
        """The yearly limit is the one of each month of the as-of tax year (a window that straddles a
        change counts each month at the limit then in force); other figures are read at the as-of date."""
        if name == "annual_limit":
            return tuple(date(day.year, m, 1) for m in range(1, 13))
        return (day,)


Rule = NotOffered | HouseholdLimit
