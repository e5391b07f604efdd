"""一次性创业补贴 / 就业创业鼓励金 (startup_subsidy): a sum once the business has run N months."""

from __future__ import annotations

from flexcalc.measures.common import NoFigure, OperatingSubsidy
from flexcalc.models.rules import NotOffered

KIND, BENEFICIARY, PERIOD = "cash", "person", "one_time"
FOR_BUSINESS = True  # rules.md "No business": ineligible when the profile shows none

Rule = NotOffered | OperatingSubsidy | NoFigure
