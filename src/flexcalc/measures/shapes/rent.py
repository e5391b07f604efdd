"""Rule shapes of 房租/场地补贴 (rent_subsidy): incubator rent, site subsidy by the year, free space.

The rules themselves are in the rule language (rules/rent.py); these classes hold their data."""

from __future__ import annotations

from typing import Annotated, Literal

from flexcalc.measures.shapes.common import InLanguage, NoFigure, Tiers
from flexcalc.models.fields import Field, model
from flexcalc.models.rules import Area, Days, Months, NotOffered, Rate, RuleBase
from flexcalc.rules import rent


@model
class IncubatorRent(InLanguage, RuleBase):
    """Rent in an incubator: capped area × capped daily rate × capped days."""

    rule: Literal["incubator_rent"]
    max_area_m2: Area
    max_rate_yuan_per_m2_per_day: Rate
    max_days: Days
    max_days_extended: Days

    BUILD = staticmethod(rent.incubator_rent)


@model
class YearlyRate(InLanguage, RuleBase):
    """A site subsidy at a yearly rate by group, for the lease months up to a cap."""

    rule: Literal["yearly_rate"]
    min_months_operating: Months
    max_months: Months
    yearly_rate: Annotated[Tiers, Field(description="first tier whose path holds; the last is the default")]

    BUILD = staticmethod(rent.yearly_rate)


Rule = NotOffered | IncubatorRent | YearlyRate | NoFigure
