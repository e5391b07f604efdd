"""职业培训补贴 (training_subsidy): a capped subsidy per occupation trained for."""

from __future__ import annotations

from flexcalc.measures.declare import Ask, Measure
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
    fields={
        "max_per_occupation": ("每职业（工种）上限", "Cap per occupation", "元", "yuan"),
    },
    questions={
        "training[].occupation": Ask(
            "第{n}项培训的职业（工种）是？",
            "Course {n}: which occupation did it train for?",
            after="training",
        ),
        "training[].cost_yuan": Ask(
            "第{n}项培训费用多少元？",
            "Course {n}: what did it cost, in yuan?",
            after="training[].days",
        ),
    },
)

Rule = NotOffered | PerOccupation | NoFigure
