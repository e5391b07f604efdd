"""培训期间生活费补贴 (training_living_allowance): a daily allowance, once a year."""

from __future__ import annotations

from flexcalc.measures.declare import Measure
from flexcalc.measures.shapes.common import NoFigure
from flexcalc.measures.shapes.daily_once_per_year import DailyOncePerYear
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="training_living_allowance",
    order=50,
    name=("培训期间生活费补贴", "Living allowance during training"),
    short=("培训生活费", "Training living"),
    kind="cash",
    beneficiary="person",
    period="per_training",
)

Rule = NotOffered | DailyOncePerYear | NoFigure
