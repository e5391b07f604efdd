"""Rule shapes of 灵活就业意外伤害保险补贴 (accident_insurance_subsidy): the premium up to a cap, paid to the platform."""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from flexcalc.measures.shapes.common import InLanguage, ProfileFlag
from flexcalc.models.fields import model
from flexcalc.models.rules import Money, NotOffered, RuleBase, Who
from flexcalc.rules.premium_capped import build


@model
class PremiumCapped(InLanguage, RuleBase):
    """min(premium the platform paid, cap) per worker per year."""

    rule: Literal["premium_capped"]
    who: Who
    require_true: list[ProfileFlag] = field(default_factory=list)
    max_per_year: Money

    BUILD = staticmethod(build)


Rule = NotOffered | PremiumCapped
