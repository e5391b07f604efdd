"""一次性创业补贴 / 就业创业鼓励金 (startup_subsidy): a sum once the business has run N months."""

from __future__ import annotations

from flexcalc.measures.declare import Measure
from flexcalc.measures.shapes.common import NoFigure, OperatingSubsidy
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="startup_subsidy",
    order=60,
    name=("一次性创业补贴", "One-time start-up subsidy"),
    short=("创业补贴", "Start-up"),
    kind="cash",
    beneficiary="person",
    period="one_time",
    for_business=True,  # rules.md "No business": ineligible when the profile shows none
)

Rule = NotOffered | OperatingSubsidy | NoFigure
