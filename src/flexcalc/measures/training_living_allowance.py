"""培训期间生活费补贴 (training_living_allowance): a daily allowance, once a year."""

from __future__ import annotations

from flexcalc.measures.declare import Ask, Measure
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
    fields={
        "daily_rate": ("生活费标准", "Daily allowance", "元/天", "yuan/day"),
        "not_with_unemployment_insurance": ("领失业保险金时不享受", "Not on unemp. benefit", "", ""),
    },
    questions={
        "receiving_unemployment_insurance": Ask(
            "目前是否在领取失业保险金？",
            "Is the person drawing unemployment insurance benefit now?",
            after="unemployment_registered_on",
        ),
        "training[].days": Ask(
            "第{n}项培训共几天？",
            "Course {n}: how many days of training?",
            after="training[].start",
        ),
    },
)

Rule = NotOffered | DailyOncePerYear | NoFigure
