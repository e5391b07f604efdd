"""Rule shapes of 培训期间生活费补贴 (training_living_allowance): a daily allowance, once a year."""

from __future__ import annotations

from datetime import date
from typing import Literal

from flexcalc.context import Ctx
from flexcalc.engines import scalar
from flexcalc.measures.shapes.common import NoFigure
from flexcalc.models.fields import model
from flexcalc.models.result import Outcome
from flexcalc.models.rules import NotOffered, Rate, RuleBase, Who
from flexcalc.rules.daily_once_per_year import build
from flexcalc.rules.program import Program


@model
class DailyOncePerYear(RuleBase):
    """Daily rate × days of the longest course started in the as-of year; not with 失业保险金."""

    rule: Literal["daily_once_per_year"]
    who: Who
    daily_rate: Rate
    not_with_unemployment_insurance: bool = True

    def program(self, as_of: date) -> Program:
        """The rule in the rule language (rules/daily_once_per_year.py), built once per view and date
        (the year of the as-of date is part of it: changes.BY_YEAR)."""
        hit = _PROGRAMS.get(id(self))
        if hit is None or hit[0] is not self or hit[1] != as_of:
            if len(_PROGRAMS) >= 10_000:
                _PROGRAMS.clear()
            hit = _PROGRAMS[id(self)] = (self, as_of, build(self, as_of))
        return hit[2]

    def evaluate(self, ctx: Ctx) -> Outcome:
        return scalar.run(self.program(ctx.as_of), ctx)


_PROGRAMS: dict[int, tuple] = {}

Rule = NotOffered | DailyOncePerYear | NoFigure
