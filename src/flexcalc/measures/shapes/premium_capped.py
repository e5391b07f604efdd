"""Rule shapes of 灵活就业意外伤害保险补贴 (accident_insurance_subsidy): the premium up to a cap, paid to the platform."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from typing import Literal

from flexcalc.context import Ctx
from flexcalc.engines import scalar
from flexcalc.measures.shapes.common import ProfileFlag
from flexcalc.models.fields import model
from flexcalc.models.result import Outcome
from flexcalc.models.rules import Money, NotOffered, RuleBase, Who
from flexcalc.rules.premium_capped import build
from flexcalc.rules.program import Program


@model
class PremiumCapped(RuleBase):
    """min(premium the platform paid, cap) per worker per year."""

    rule: Literal["premium_capped"]
    who: Who
    require_true: list[ProfileFlag] = field(default_factory=list)
    max_per_year: Money

    def program(self, as_of: date) -> Program:
        """The rule in the rule language (rules/premium_capped.py), built once per view and date."""
        hit = _PROGRAMS.get(id(self))
        if hit is None or hit[0] is not self or hit[1] != as_of:
            if len(_PROGRAMS) >= 10_000:
                _PROGRAMS.clear()
            hit = _PROGRAMS[id(self)] = (self, as_of, build(self, as_of))
        return hit[2]

    def evaluate(self, ctx: Ctx) -> Outcome:
        return scalar.run(self.program(ctx.as_of), ctx)


_PROGRAMS: dict[int, tuple] = {}

Rule = NotOffered | PremiumCapped
