"""The data of household_limit (the tax deduction); the rule itself is rules/household_limit.py."""

from __future__ import annotations

from datetime import date
from typing import Literal

from flexcalc.context import Ctx
from flexcalc.engines import scalar
from flexcalc.measures.shapes.common import Activities
from flexcalc.models.fields import model
from flexcalc.models.result import Outcome
from flexcalc.models.rules import Day, Money, Months, NotOffered, RuleBase, Who
from flexcalc.rules.household_limit import build
from flexcalc.rules.program import Program


@model
class HouseholdLimit(RuleBase):
    """Taxes due deducted up to a yearly limit per household, from the registration month."""

    rule: Literal["household_limit"]
    who: Who
    activity: Activities
    annual_limit: Money
    window_months: Months
    registered_from: Day | None = None
    registered_until: Day | None = None

    def program(self, as_of: date) -> Program:
        """The rule in the rule language (rules/household_limit.py), built once per view and date."""
        hit = _PROGRAMS.get(id(self))
        if hit is None or hit[0] is not self or hit[1] != as_of:
            if len(_PROGRAMS) >= 10_000:
                _PROGRAMS.clear()
            hit = _PROGRAMS[id(self)] = (self, as_of, build(self, as_of))
        return hit[2]

    def evaluate(self, ctx: Ctx) -> Outcome:
        return scalar.run(self.program(ctx.as_of), ctx)

    def lookup_days(self, name: str, day: date) -> tuple[date, ...]:
        """The yearly limit is the one of each month of the as-of tax year (a window that straddles a
        change counts each month at the limit then in force); other figures are read at the as-of date."""
        if name == "annual_limit":
            return tuple(date(day.year, m, 1) for m in range(1, 13))
        return (day,)


_PROGRAMS: dict[int, tuple] = {}

Rule = NotOffered | HouseholdLimit
