"""灵活就业意外伤害保险补贴 (accident_insurance_subsidy): the premium up to a cap, paid to the platform."""

from __future__ import annotations

from flexcalc.measures.declare import Ask, Measure
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
    fields={
        "max_per_year": ("每人每年上限", "Cap a person a year", "元", "yuan"),
    },
    questions={
        "employment.platform_accident_premium_yuan": Ask(
            "今年平台为其缴纳的意外伤害保险费多少元？",
            "How much accident-insurance premium did the platform pay for the person this year, in yuan?",
            after="training[].cost_yuan",
        ),
    },
)

Rule = NotOffered | PremiumCapped
