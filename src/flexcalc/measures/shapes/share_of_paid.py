"""Rule shapes of 灵活就业社会保险补贴 (social_insurance_subsidy): a share of the contributions paid.

The rule itself is in the rule language (rules/share_of_paid.py); these classes hold its data."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Literal

from flexcalc.measures.shapes.common import RATIO_PATTERN, Activities, InLanguage, NoFigure, share_problem
from flexcalc.models.fields import FORBID, Field, model, reject
from flexcalc.models.rules import MAX_MONTHS, Cited, Flag, GroupPath, Money, NotOffered, RuleBase, Words
from flexcalc.rules import share_of_paid
from flexcalc.rules.share_of_paid import COMPONENT_NAMES, COMPONENTS

__all__ = ["COMPONENTS", "COMPONENT_NAMES", "Category", "Categories", "ShareOfPaid", "Rule"]

Component = Literal["pension", "medical", "unemployment"]


@model
class Category:
    """One class of beneficiary: who, which contributions, what share, for how long."""

    __pydantic_config__ = FORBID

    label: Annotated[str, Field(description="who, in the document's words")]
    label_en: str
    who: Annotated[list[GroupPath], Field(description="group paths (OR); empty = every flexible worker")]
    components: list[Component]
    share: Annotated[str, Field(pattern=RATIO_PATTERN, description="a share: 1, 0.6 or 2/3")]
    share_min: Annotated[
        Annotated[str, Field(pattern=RATIO_PATTERN, description="a share: 1, 0.6 or 2/3")] | None,
        Field(description="lower end where the document gives a range"),
    ] = None
    max_months: Annotated[int | None, Field(gt=0, le=MAX_MONTHS, description="subsidy period limit")] = None
    extension_months: Annotated[int | None, Field(gt=0, le=MAX_MONTHS, description="extension of the period limit")] = (
        None
    )
    near_retirement_months: Annotated[
        int | None, Field(gt=0, le=MAX_MONTHS, description="only within N months before retirement")
    ] = None

    def __post_init__(self):
        for key in ("share", "share_min"):
            why = share_problem(getattr(self, key)) if getattr(self, key) is not None else None
            if why:
                reject((key,), *why)
        if self.share_min is not None and Fraction(self.share_min) > Fraction(self.share):
            reject(
                ("share_min",),
                f"share_min {self.share_min} is more than share {self.share}",
                f"share_min {self.share_min} 大于 share {self.share}",
            )


@model
class Categories(Cited):
    """The classes of beneficiary with their clause."""

    value: list[Category]


@model
class ShareOfPaid(InLanguage, RuleBase):
    """The best category the person belongs to: share × contributions actually paid."""

    rule: Literal["share_of_paid"]
    activity: Activities
    categories: Categories
    require_minimum_base: Annotated[
        Flag | None, Field(description="the share is of contributions at the minimum base")
    ] = None
    minimum_base_key: Annotated[
        str | None, Field(description="TOML path of the minimum-base figures, named when needed")
    ] = None
    base_cap_named: Annotated[Words | None, Field(description="a base cap the document names without a figure")] = None
    average_wage_yuan: Annotated[
        Money | None,
        Field(
            description="the region's average wage of the year before the contributions (dated): monthly base cap = /12"
        ),
    ] = None

    BUILD = staticmethod(share_of_paid.build)


Rule = NotOffered | ShareOfPaid | NoFigure
