"""Rule shapes of 公益性岗位补贴 (public_welfare_post_subsidy): hours × the hourly minimum wage, paid to the employer."""

from __future__ import annotations

from typing import Annotated, Literal

from flexcalc.context import Ctx, decide
from flexcalc.measures.shapes.common import worked
from flexcalc.models.fields import Field, model
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import NotOffered, Rate, RuleBase
from flexcalc.text import t
from flexcalc.timeline import cite


@model
class HourlyWage(RuleBase):
    """Part-time public-welfare post: hours worked × at most the hourly minimum wage."""

    rule: Literal["hourly_wage"]
    hourly_minimum_wage: Annotated[
        Rate | None, Field(description="the city's hourly minimum wage; unset = not in the document")
    ] = None
    data_key: Annotated[str, Field(description="TOML path of hourly_minimum_wage, named when it is unset")]

    def evaluate(self, ctx: Ctx) -> Outcome:
        hours = ctx.p.employment.public_welfare_post_hours if ctx.p.employment else None
        if hours is None:
            check = Check(
                None,
                t("需公益性岗位工作小时数", "hours in a public-welfare post needed"),
                ("employment.public_welfare_post_hours",),
            )
        else:
            check = Check(hours > 0, t("公益性岗位工作 {h} 小时", "{h} hours in a public-welfare post", h=hours))
        checks = [check]
        if self.hourly_minimum_wage is None:
            checks.append(
                Check(
                    None,
                    t(
                        "数据文件未设小时最低工资标准（文件未给数额）",
                        "the data sets no hourly minimum wage (the document gives none)",
                    ),
                    (f"data:{self.data_key}",),
                )
            )
        out = decide(checks)
        if out.status != "eligible" or hours is None or self.hourly_minimum_wage is None:
            return out
        wage = self.hourly_minimum_wage.value
        worked(
            out,
            hours * wage,
            "{h} 小时 × {w} 元/小时 = {x} 元（上限）",
            "{h} hours × {w} yuan/hour = {x} yuan (ceiling)",
            h=hours,
            w=wage,
        )
        out.notes.append(
            t("补贴发给用人单位，按不超过小时最低工资标准确定", "paid to the employer, at most the hourly minimum wage")
        )
        # The wage is the one in force at the as-of date (the period the hours are paid for).
        cited = cite(
            self.hourly_minimum_wage,
            t("评估日 {d} 适用的小时最低工资标准", "hourly minimum wage in force on the as-of date {d}", d=ctx.as_of),
        )
        if cited is not None:
            out.notes.append(cited)
        return out


Rule = NotOffered | HourlyWage
