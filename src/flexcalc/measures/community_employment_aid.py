"""社区就业援助金 (community_employment_aid): a sum for difficulty people starting up in a community."""

from __future__ import annotations

from flexcalc.measures.common import OperatingSubsidy
from flexcalc.models.rules import NotOffered

KIND, BENEFICIARY, PERIOD = "cash", "person", "one_time"
FOR_BUSINESS = True  # rules.md "No business": ineligible when the profile shows none

Rule = NotOffered | OperatingSubsidy
