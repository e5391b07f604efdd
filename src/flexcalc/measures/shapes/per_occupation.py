"""Rule shapes of 职业培训补贴 (training_subsidy): a capped subsidy per occupation trained for.

The rule itself is in the rule language (rules/per_occupation.py); this class holds its data."""

from __future__ import annotations

from typing import Literal

from flexcalc.measures.shapes.common import Activities, InLanguage, NoFigure
from flexcalc.models.fields import model
from flexcalc.models.rules import Money, NotOffered, RuleBase
from flexcalc.rules.per_occupation import build


@model
class PerOccupation(InLanguage, RuleBase):
    """Each distinct occupation once: min(cost, cap), the cap when no cost is given."""

    rule: Literal["per_occupation"]
    activity: Activities
    max_per_occupation: Money

    BUILD = staticmethod(build)


Rule = NotOffered | PerOccupation | NoFigure
