"""房租/场地补贴 (rent_subsidy): incubator rent, site subsidy by the year, free space."""

from __future__ import annotations

from flexcalc.measures.declare import Measure
from flexcalc.measures.shapes.common import NoFigure
from flexcalc.measures.shapes.rent import IncubatorRent, YearlyRate
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="rent_subsidy",
    order=30,
    name=("房租/场地补贴", "Rent / site subsidy"),
    short=("房租补贴", "Rent subsidy"),
    kind="cash",
    beneficiary="person",
    period="lease",
    for_business=True,  # rules.md "No business": ineligible when the profile shows none
)

Rule = NotOffered | IncubatorRent | YearlyRate | NoFigure
