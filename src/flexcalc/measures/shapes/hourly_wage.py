"""Rule shapes of 公益性岗位补贴 (public_welfare_post_subsidy): hours × the hourly minimum wage, paid to the employer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from flexcalc.context import Ctx
from flexcalc.engines import scalar
from flexcalc.models.fields import Field, model
from flexcalc.models.result import Outcome
from flexcalc.models.rules import NotOffered, Rate, RuleBase
from flexcalc.rules.hourly_wage import build
from flexcalc.rules.program import Program


@model
class HourlyWage(RuleBase):
    """Part-time public-welfare post: hours worked × at most the hourly minimum wage."""

    rule: Literal["hourly_wage"]
    hourly_minimum_wage: Annotated[
        Rate | None, Field(description="the city's hourly minimum wage; unset = not in the document")
    ] = None
    data_key: Annotated[str, Field(description="TOML path of hourly_minimum_wage, named when it is unset")]

    def program(self, as_of: date) -> Program:
        """The rule in the rule language (rules/hourly_wage.py), built once per view and date."""
        hit = _PROGRAMS.get(id(self))
        if hit is None or hit[0] is not self or hit[1] != as_of:
            if len(_PROGRAMS) >= 10_000:
                _PROGRAMS.clear()
            hit = _PROGRAMS[id(self)] = (self, as_of, build(self, as_of))
        return hit[2]

    def evaluate(self, ctx: Ctx) -> Outcome:
        return scalar.run(self.program(ctx.as_of), ctx)


_PROGRAMS: dict[int, tuple] = {}

Rule = NotOffered | HourlyWage
