"""重点群体创业税费扣减 (tax_deduction): a yearly household limit over a 36-month window."""

from __future__ import annotations

from flexcalc.measures.declare import Ask, Measure
from flexcalc.measures.shapes.household_limit import HouseholdLimit
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="tax_deduction",
    order=10,
    name=("重点群体创业税费扣减", "Start-up tax deduction for key groups"),
    short=("税费扣减", "Tax relief"),
    kind="tax_relief",
    beneficiary="person",
    period="tax_year",
    for_business=True,  # rules.md "No business": ineligible when the profile shows none
    fields={
        "annual_limit": ("每户每年限额", "Household cap a year", "元", "yuan"),
        "window_months": ("扣减期限", "Deduction window", "个月", "months"),
        "registered_from": ("登记日不早于", "Registered on or after", "", ""),
        "registered_until": ("登记日不晚于", "Registered by", "", ""),
    },
    questions={
        "business.tax_due_yuan": Ask(
            "本年度应纳税费合计多少元（增值税、城建税、教育费附加、地方教育附加、个税，减免前）？",
            "Taxes due this year before relief (VAT, city tax, education surcharges, income tax), in yuan?",
            after="employment.public_welfare_post_hours",
        ),
    },
)

Rule = NotOffered | HouseholdLimit
