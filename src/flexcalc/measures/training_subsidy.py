"""职业培训补贴 (training_subsidy): a capped subsidy per occupation trained for."""

from __future__ import annotations

from flexcalc.measures.declare import Measure
from flexcalc.measures.shapes.common import NoFigure
from flexcalc.measures.shapes.per_occupation import PerOccupation
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="training_subsidy",
    order=40,
    name=("职业培训补贴", "Vocational training subsidy"),
    short=("培训补贴", "Training"),
    kind="cash",
    beneficiary="person",
    period="per_training",
)

Rule = NotOffered | PerOccupation | NoFigure
