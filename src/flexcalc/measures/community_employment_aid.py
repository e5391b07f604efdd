"""社区就业援助金 (community_employment_aid): a sum for difficulty people starting up in a community."""

from __future__ import annotations

from flexcalc.measures.declare import Measure
from flexcalc.measures.shapes.common import OperatingSubsidy
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="community_employment_aid",
    order=70,
    name=("社区就业援助金", "Community employment aid"),
    short=("社区援助金", "Community aid"),
    kind="cash",
    beneficiary="person",
    period="one_time",
    for_business=True,  # rules.md "No business": ineligible when the profile shows none
)

Rule = NotOffered | OperatingSubsidy
