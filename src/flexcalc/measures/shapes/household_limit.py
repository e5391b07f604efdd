"""Rule shapes of 重点群体创业税费扣减 (tax_deduction): a yearly household limit over a 36-month window."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from flexcalc.catalogue import clause_pair, pair
from flexcalc.context import Ctx, decide
from flexcalc.dates import month_index, months_of_year_in_window
from flexcalc.measures.shapes.common import Activities, round_yuan
from flexcalc.models.fields import model
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import Day, Money, Months, NotOffered, RuleBase, Who
from flexcalc.text import number, t
from flexcalc.timeline import cite, timeline_of, value_text


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
            # rules.md: the tax year of D counts even when the window closed earlier in that year
            out.notes.append(
                t(
                    "扣减期限（{w}）已于本年度内届满，本年度期内 {k} 个月的扣减仍可享受",
                    "the window ({w}) closed earlier this year; relief for its {k} months in {y} is still due",
                    w=window,
                    k=months,
                    y=year,
                )
            )
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
        spans = self._limit_by_month(first, count, year)
        if not spans:
            out.status = "not_in_force"
            out.notes.append(
                t("{y} 年没有有效的扣减限额（数据中各期均不覆盖）", "no deduction limit is in force in {y}", y=year)
            )
            return out
        limit = sum((e.value * k / 12 for e, k in spans), Decimal(0))
        ranged = any(getattr(e, "value_min", None) is not None for e, _ in spans)
        limit_min = sum(((e.value_min or e.value) * k / 12 for e, k in spans), Decimal(0))
        terms = " + ".join(f"{value_text(e)} × {k}/12" for e, k in spans)
        terms_min = " + ".join(f"{number(e.value_min or e.value)} × {k}/12" for e, k in spans)
        due = ctx.p.business.tax_due_yuan if ctx.p.business else None
        for e, _ in spans:
            cited = cite(e, t("{y} 年适用的每户每年限额", "yearly household limit for {y}", y=year))
            if cited is not None:
                out.notes.append(cited)
            elif e.document:
                out.notes.append(t("限额依据 {d}", "limit set by {d}", d=pair(e, "document")))
        if due is None:
            out.amount = limit
            out.formula = t("{t} = {l} 元（扣减上限）", "{t} = {l} yuan (ceiling)", t=terms, l=round_yuan(limit))
            out.notes.append(t("未提供当年应纳税额，金额为扣减上限", "tax due not given: the amount is the ceiling"))
            lower = t("{t} = {l} 元", "{t} = {l} yuan", t=terms_min, l=round_yuan(limit_min))
        else:
            out.amount = min(limit, due)
            words = ("min({t}, 应纳税费 {d}) = {x} 元", "min({t}, tax due {d}) = {x} yuan")
            if ranged:  # the range first would read as part of "min("
                words = ("min(应纳税费 {d}, {t}) = {x} 元", "min(tax due {d}, {t}) = {x} yuan")
            out.formula = t(*words, t=terms, d=due, x=round_yuan(out.amount))
            out.notes.append(
                t(
                    "依次扣减增值税、城市维护建设税、教育费附加、地方教育附加和个人所得税，当年扣减不完不结转",
                    "deducted in order from VAT, city-maintenance tax, education surcharges and income tax; no carry-over",
                )
            )
            lower = t(
                "min({t}, 应纳税费 {d}) = {x} 元",
                "min({t}, tax due {d}) = {x} yuan",
                t=terms_min,
                d=due,
                x=round_yuan(min(limit_min, due)),
            )
        if ranged:
            out.amount_min = min(limit_min, due) if due is not None else limit_min
            out.notes.append(
                t(
                    "国家限额 {lo} 元，省级最多上浮20%（{hi} 元）；本省所定数字未列入数据，金额按上限计，下限为 {x}",
                    "the national limit is {lo} yuan, which a province may raise by up to 20% ({hi}); this province's "
                    "figure is not in the data, so the amount is the upper end, and the lower end is {x}",
                    lo=value_min_text(spans),
                    hi=value_max_text(spans),
                    x=lower,
                )
            )
        return out

    def lookup_days(self, name: str, day: date) -> tuple[date, ...]:
        """The yearly limit is the one of each month of the as-of tax year (a window that straddles a
        change counts each month at the limit then in force); other figures are read at the as-of date."""
        if name == "annual_limit":
            return tuple(date(day.year, m, 1) for m in range(1, 13))
        return (day,)

    def _limit_by_month(self, first: int, count: int, year: int) -> list:
        """(entry, months) for the window's months of `year`, consecutive months under one entry together."""
        timeline = timeline_of(self, "annual_limit")
        lo, hi = max(first, year * 12), min(first + count - 1, year * 12 + 11)
        spans: list = []
        for index in range(lo, hi + 1):
            y, m = divmod(index, 12)
            entry = timeline.at(date(y, m + 1, 1)) if timeline else self.annual_limit
            if entry is None:
                continue
            if spans and spans[-1][0] is entry:
                spans[-1][1] += 1
            else:
                spans.append([entry, 1])
        return spans

    def _registration(self, ctx: Ctx) -> Check:
        """The registration month within the policy period: the deadline in force at the as-of
        date (a later national extension admits later registrations)."""
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
            words = ("登记于 {r}（政策期 {a} 至 {b}）", "registered {r} (policy period {a} to {b})")
            extended = getattr(hi, "restates", None) if getattr(hi, "layer", "city") != "city" else None
            if extended is not None:
                words = (
                    "登记于 {r}（政策期 {a} 至 {b}：{d} 延长了本市文件 {c} 所写的 {o}）",
                    "registered {r} (policy period {a} to {b}: {d} extended {o} in clause {c} of the city's document)",
                )
                return Check(
                    ok,
                    t(
                        *words,
                        r=reg,
                        a=lo.value,
                        b=hi.value,
                        d=pair(hi, "document"),
                        c=clause_pair(extended),
                        o=extended.value,
                    ),
                )
            return Check(ok, t(*words, r=reg, a=lo.value, b=hi.value))
        return Check(True, t("个体工商户登记于 {r}", "registered {r}", r=reg))


def value_min_text(spans) -> str:
    return "、".join(dict.fromkeys(number(e.value_min) for e, _ in spans if getattr(e, "value_min", None) is not None))


def value_max_text(spans) -> str:
    return "、".join(dict.fromkeys(number(e.value) for e, _ in spans if getattr(e, "value_min", None) is not None))


Rule = NotOffered | HouseholdLimit
