"""Rule shapes of 公益性岗位补贴 (public_welfare_post_subsidy): hours × the hourly minimum wage, paid to the employer."""

from __future__ import annotations

from typing import Annotated, Literal

from flexcalc.measures.shapes.common import InLanguage
from flexcalc.models.fields import Field, model
from flexcalc.models.rules import NotOffered, Rate, RuleBase
from flexcalc.rules.hourly_wage import build


@model
class HourlyWage(InLanguage, RuleBase):
    """Part-time public-welfare post: hours worked × at most the hourly minimum wage."""

    rule: Literal["hourly_wage"]
    hourly_minimum_wage: Annotated[
        Rate | None, Field(description="the city's hourly minimum wage; unset = not in the document")
    ] = None
    data_key: Annotated[str, Field(description="TOML path of hourly_minimum_wage, named when it is unset")]

    BUILD = staticmethod(build)


Rule = NotOffered | HourlyWage
