"""Rule shapes of 培训期间生活费补贴 (training_living_allowance): a daily allowance, once a year."""

from __future__ import annotations

from typing import Literal

from flexcalc.measures.shapes.common import InLanguage, NoFigure
from flexcalc.models.fields import model
from flexcalc.models.rules import NotOffered, Rate, RuleBase, Who
from flexcalc.rules.daily_once_per_year import build


@model
class DailyOncePerYear(InLanguage, RuleBase):
    """Daily rate × days of the longest course started in the as-of year; not with 失业保险金."""

    rule: Literal["daily_once_per_year"]
    who: Who
    daily_rate: Rate
    not_with_unemployment_insurance: bool = True

    BUILD = staticmethod(build)


Rule = NotOffered | DailyOncePerYear | NoFigure
