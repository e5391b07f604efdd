"""创业担保贷款 (guarantee_loan): the loan limit, min(requested, cap)."""

from __future__ import annotations

from flexcalc.measures.declare import Measure
from flexcalc.measures.shapes.capped_loan import CappedLoan
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="guarantee_loan",
    order=20,
    name=("创业担保贷款", "Start-up guarantee loan"),
    short=("担保贷款", "Guarantee loan"),
    kind="loan",
    beneficiary="person",
    period="loan_term",
)

Rule = NotOffered | CappedLoan
