"""灵活就业社会保险补贴 (social_insurance_subsidy): a share of the contributions paid."""

from __future__ import annotations

from flexcalc.measures.declare import Measure
from flexcalc.measures.shapes.common import NoFigure
from flexcalc.measures.shapes.share_of_paid import ShareOfPaid
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="social_insurance_subsidy",
    order=80,
    name=("灵活就业社会保险补贴", "Social-insurance subsidy for flexible work"),
    short=("社保补贴", "Social insurance"),
    kind="cash",
    beneficiary="person",
    period="contribution_period",
)

Rule = NotOffered | ShareOfPaid | NoFigure
