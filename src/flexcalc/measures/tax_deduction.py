"""重点群体创业税费扣减 (tax_deduction): a yearly household limit over a 36-month window."""

from __future__ import annotations

from typing import Literal

from flexcalc.context import Ctx, decide
from flexcalc.dates import month_index, months_of_year_in_window
from flexcalc.measures.common import Activities, round_yuan
from flexcalc.models.fields import model
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import Day, Money, Months, NotOffered, RuleBase, Who
from flexcalc.text import t

KIND, BENEFICIARY, PERIOD = "tax_relief", "person", "tax_year"
FOR_BUSINESS = True  # rules.md "No business": ineligible when the profile shows none


@model
class HouseholdLimit(RuleBase):
    """Taxes due deducted up to a yearly limit per household, from the registration month."""

    rule: Literal["household_limit"]
    who: Who
    activity: Activities
    annual_limit: Money
    window_months: Months
    registered_from: Day | None = None
    registered_until: Day | None = None

    def evaluate(self, ctx: Ctx) -> Outcome:
        checks = [ctx.who(self.who), ctx.works_as(self.activity.value), self._registration(ctx)]
        out = decide(checks)
        if out.status == "ineligible":
            return out
        reg = ctx.p.business.registered_on if ctx.p.business else None
        if reg is None:
            return out
        # rules.md "Order of statuses": a known failure, then the person's own window, then unknowns
        first, count = month_index(reg), self.window_months.value
        window = t("自 {y}年{m}月 起 {n} 个月", "{n} months from {y}-{m:02d}", y=reg.year, m=reg.month, n=count)
        year = ctx.as_of.year
        months = months_of_year_in_window(first, count, year)
        if months == 0:
            out.status, out.missing = "not_in_force", []
            out.notes.append(
                t(
                    "扣减期限（{w}）在 {y} 纳税年度之前已届满",
                    "the deduction window ({w}) ended before the {y} tax year",
                    w=window,
                    y=year,
                )
            )
            return out
        if out.status != "eligible":
            return out
        if month_index(ctx.as_of) > first + count - 1:
            out.notes.append(
                t(
                    "扣减期限（{w}）已于本年度内届满，本年度期内 {k} 个月的扣减仍可享受",
                    "the window ({w}) closed earlier this year; relief for its {k} months in {y} is still due",
                    w=window,
                    k=months,
                    y=year,
                )
            )
        annual = self.annual_limit.value
        limit = annual * months / 12
        out.checks.append(
            Check(
                True,
                t(
                    "{y} 年在扣减期内 {k} 个月（{w}）",
                    "{k} months of {y} inside the window ({w})",
                    y=year,
                    k=months,
                    w=window,
                ),
            )
        )
        due = ctx.p.business.tax_due_yuan
        if self.annual_limit.document:
            out.notes.append(t("限额依据 {d}", "limit set by {d}", d=self.annual_limit.document))
        if due is None:
            out.amount = limit
            out.formula = t(
                "{a} × {k}/12 = {l} 元（扣减上限）",
                "{a} × {k}/12 = {l} yuan (ceiling)",
                a=annual,
                k=months,
                l=round_yuan(limit),
            )
            out.notes.append(t("未提供当年应纳税额，金额为扣减上限", "tax due not given: the amount is the ceiling"))
        else:
            out.amount = min(limit, due)
            out.formula = t(
                "min({a} × {k}/12, 应纳税费 {d}) = {x} 元",
                "min({a} × {k}/12, tax due {d}) = {x} yuan",
                a=annual,
                k=months,
                d=due,
                x=round_yuan(out.amount),
            )
            out.notes.append(
                t(
                    "依次扣减增值税、城市维护建设税、教育费附加、地方教育附加和个人所得税，当年扣减不完不结转",
                    "deducted in order from VAT, city-maintenance tax, education surcharges and income tax; no carry-over",
                )
            )
        return out

    def _registration(self, ctx: Ctx) -> Check:
        reg = ctx.p.business.registered_on if ctx.p.business else None
        if reg is None:
            return Check(
                None, t("需个体工商户登记日期", "business registration date needed"), ("business.registered_on",)
            )
        if reg > ctx.as_of:
            return Check(False, t("登记日 {r} 晚于评估日", "registered {r}, after the as-of date", r=reg))
        lo, hi = self.registered_from, self.registered_until
        if lo and hi:
            ok = month_index(lo.value) <= month_index(reg) <= month_index(hi.value)
            return Check(
                ok,
                t(
                    "登记于 {r}（政策期 {a} 至 {b}）",
                    "registered {r} (policy period {a} to {b})",
                    r=reg,
                    a=lo.value,
                    b=hi.value,
                ),
            )
        return Check(True, t("个体工商户登记于 {r}", "registered {r}", r=reg))


Rule = NotOffered | HouseholdLimit
