"""灵活就业意外伤害保险补贴 (accident_insurance_subsidy): the premium up to a cap, paid to the platform."""

from __future__ import annotations

from flexcalc.measures.declare import Measure
from flexcalc.measures.shapes.premium_capped import PremiumCapped
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="accident_insurance_subsidy",
    order=90,
    name=("灵活就业意外伤害保险补贴", "Accident-insurance subsidy"),
    short=("意外险补贴", "Accident ins."),
    kind="cash",
    beneficiary="platform",
    period="annual",
)

Rule = NotOffered | PremiumCapped
