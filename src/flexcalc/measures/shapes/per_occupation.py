"""Rule shapes of 职业培训补贴 (training_subsidy): a capped subsidy per occupation trained for."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from flexcalc.context import Ctx, decide
from flexcalc.measures.shapes.common import Activities, NoFigure, round_yuan, training_check
from flexcalc.models.fields import model
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import Money, NotOffered, RuleBase
from flexcalc.text import T, number, t


@model
class PerOccupation(RuleBase):
    """Each distinct occupation once: min(cost, cap), the cap when no cost is given."""

    rule: Literal["per_occupation"]
    activity: Activities
    max_per_occupation: Money

    def evaluate(self, ctx: Ctx) -> Outcome:
        out = decide([ctx.works_as(self.activity.value), training_check(ctx), _occupations_known(ctx)])
        if out.status != "eligible":
            return out
        cap = self.max_per_occupation.value
        seen: set[str | None] = set()
        parts, total = [], Decimal(0)
        courses = ctx.p.training or []
        for course in courses:
            if course.occupation in seen:
                continue
            seen.add(course.occupation)
            part = cap if course.cost_yuan is None else min(course.cost_yuan, cap)
            total += part
            if course.cost_yuan is None:  # no cost: the cap, said so in the formula's own numbers
                parts.append((f"{number(cap)}（未报费用，按上限）", f"{number(cap)} (no cost given: the cap)"))
            else:
                parts.append((f"min({number(course.cost_yuan)}, {number(cap)})",) * 2)
        skipped = len(courses) - len(seen)
        out.amount = total
        zh, en = (" + ".join(p[i] for p in parts) for i in (0, 1))
        out.formula = T(f"{zh} = {{x}} 元", f"{en} = {{x}} yuan", {"x": round_yuan(out.amount)})
        if any(c.cost_yuan is None for c in courses):
            out.notes.append(
                t("未提供费用的课程按每职业上限 {c} 元计", "courses without a cost count at the cap of {c} yuan", c=cap)
            )
        if skipped:
            out.notes.append(
                t(
                    "同一职业（工种）只补贴一次，{n} 项重复课程未计",
                    "one subsidy per occupation: {n} repeated course(s) left out",
                    n=skipped,
                )
            )
        return out


def _occupations_known(ctx: Ctx) -> Check:
    courses = ctx.p.training or []
    missing = tuple(f"training[{i}].occupation" for i, c in enumerate(courses) if c.occupation is None)
    if missing:
        return Check(None, t("需培训职业（工种）", "occupation of each course needed"), missing)
    return Check(
        True, t("培训职业：{o}", "occupations: {o}", o="、".join(dict.fromkeys(c.occupation or "" for c in courses)))
    )


Rule = NotOffered | PerOccupation | NoFigure
