"""Rule shapes of 创业担保贷款 (guarantee_loan): the loan limit, min(requested, cap) (rules/capped_loan.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from flexcalc.measures.shapes.common import Activities, InLanguage
from flexcalc.models.fields import Field, model, reject
from flexcalc.models.rules import Flag, Money, NotOffered, RuleBase, Who, Years
from flexcalc.rules.capped_loan import build


@model
class CappedLoan(InLanguage, RuleBase):
    """A guarantee loan up to a cap; partnerships may have a higher one."""

    rule: Literal["capped_loan"]
    who: Who
    activity: Activities
    cap: Money
    term_years: Years | None = None
    partnership_cap: Annotated[Money | None, Field(description="one cap for any partnership")] = None
    partnership_per_partner: Annotated[Money | None, Field(description="cap per partner in a partnership")] = None
    partnership_max: Annotated[Money | None, Field(description="ceiling of the per-partner cap")] = None
    counter_guarantee_waived: Annotated[Flag | None, Field(description="反担保 waived for eligible borrowers")] = None
    counter_guarantee_waived_up_to: Annotated[Money | None, Field(description="反担保 waived for loans up to this")] = (
        None
    )
    counter_guarantee_waived_second_time: Flag | None = None

    def __post_init__(self):
        if self.partnership_per_partner is not None and self.partnership_max is None:
            reject(
                ("partnership_per_partner",),
                "a cap per partner needs partnership_max, the ceiling of a partnership's cap",
                "设了每位合伙人的额度，还须设 partnership_max（合伙额度的上限）",
            )

    BUILD = staticmethod(build)


Rule = NotOffered | CappedLoan
