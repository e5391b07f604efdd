"""Rule shapes of 灵活就业意外伤害保险补贴 (accident_insurance_subsidy): the premium up to a cap, paid to the platform."""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from flexcalc.context import Ctx, decide
from flexcalc.measures.shapes.common import ProfileFlag, flag_checks, worked
from flexcalc.models.fields import model
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import Money, NotOffered, RuleBase, Who
from flexcalc.text import t


@model
class PremiumCapped(RuleBase):
    """min(premium the platform paid, cap) per worker per year."""

    rule: Literal["premium_capped"]
    who: Who
    require_true: list[ProfileFlag] = field(default_factory=list)
    max_per_year: Money

    def evaluate(self, ctx: Ctx) -> Outcome:
        checks = [_platform_worker(ctx, self.who), *flag_checks(ctx, self.require_true)]
        premium = ctx.p.employment.platform_accident_premium_yuan if ctx.p.employment else None
        if premium is None:
            checks.append(
                Check(
                    None,
                    t("需平台为其缴纳的意外伤害保险费", "premium paid by the platform needed"),
                    ("employment.platform_accident_premium_yuan",),
                )
            )
        out = decide(checks)
        if out.status != "eligible" or premium is None:
            return out
        cap = self.max_per_year.value
        worked(
            out,
            min(premium, cap),
            "min(保费 {p}, {c}) = {x} 元/年",
            "min(premium {p}, {c}) = {x} yuan/year",
            p=premium,
            c=cap,
        )
        out.notes.append(t("补贴发给为其投保的平台企业", "paid to the platform that bought the insurance"))
        return out


def _platform_worker(ctx: Ctx, who: Who) -> Check:
    """rules.md: `employment.form` platform, or the form absent and the group (the form wins)."""
    form = ctx.p.employment.form if ctx.p.employment else None
    if form is None:  # the group is the evidence; a form would settle it either way
        c = ctx.who(who)
        if c.ok is None:
            return Check(None, c.text, (*c.missing, "employment.form"))
        return Check(True, c.text, soft=("employment.form",)) if c.ok else c
    if form == "platform":
        return Check(True, t("平台就业", "platform work"))
    return Check(False, t("工作形式不是平台就业", "the form of work is not platform work"))


Rule = NotOffered | PremiumCapped
