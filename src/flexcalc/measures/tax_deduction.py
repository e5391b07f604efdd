"""重点群体创业税费扣减 (tax_deduction): a yearly household limit over a 36-month window."""

from __future__ import annotations

from flexcalc.measures.declare import Measure
from flexcalc.measures.shapes.household_limit import HouseholdLimit
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="tax_deduction",
    order=10,
    name=("重点群体创业税费扣减", "Tax deduction for key groups starting a business"),
    short=("税费扣减", "Tax relief"),
    kind="tax_relief",
    beneficiary="person",
    period="tax_year",
    for_business=True,  # rules.md "No business": ineligible when the profile shows none
)

Rule = NotOffered | HouseholdLimit
