"""Rule shapes of 房租/场地补贴 (rent_subsidy): incubator rent, site subsidy by the year, free space."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from flexcalc.context import Ctx, decide
from flexcalc.dates import whole_months
from flexcalc.measures.shapes.common import NoFigure, Tiers, decided_tier, flag_checks, worked
from flexcalc.models.fields import Field, model
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import Area, Days, Months, NotOffered, Rate, RuleBase
from flexcalc.text import t


def _premises(ctx: Ctx):
    return ctx.p.business.premises if ctx.p.business else None


def _lease_check(ctx: Ctx, extra: tuple[str, ...] = ()) -> Check:
    pr = _premises(ctx)
    fields = ("lease_start", "lease_end") + extra
    missing = tuple(f"business.premises.{f}" for f in fields if pr is None or getattr(pr, f) is None)
    if missing:
        return Check(None, t("需租赁场地情况", "details of the rented premises needed"), missing)
    if pr.lease_end <= pr.lease_start:
        return Check(
            False,
            t(
                "租期结束 {e} 不晚于开始 {s}",
                "lease ends {e}, not after it starts {s}",
                e=pr.lease_end,
                s=pr.lease_start,
            ),
        )
    return Check(True, t("租期 {s} 至 {e}", "lease {s} to {e}", s=pr.lease_start, e=pr.lease_end))


@model
class IncubatorRent(RuleBase):
    """Rent in an incubator: capped area × capped daily rate × capped days."""

    rule: Literal["incubator_rent"]
    max_area_m2: Area
    max_rate_yuan_per_m2_per_day: Rate
    max_days: Days
    max_days_extended: Days

    def evaluate(self, ctx: Ctx) -> Outcome:
        checks = flag_checks(ctx, ["business.in_incubator"])
        checks.append(_lease_check(ctx, ("area_m2", "rent_yuan_per_m2_per_day")))
        out = decide(checks)
        if out.status != "eligible":
            return out
        pr = _premises(ctx)
        days = (pr.lease_end - pr.lease_start).days
        cap = self.max_days.value
        if days > cap:
            ext = ctx.p.business.incubation_extended if ctx.p.business else None
            if ext is None:  # the certain days are the 730; an approved extension could add more
                out.checks.append(
                    Check(
                        None,
                        t(
                            "租期 {d} 天超过 {c} 天，若已批准延长孵化可多补",
                            "lease of {d} days exceeds {c}: more if an extension was approved",
                            d=days,
                            c=cap,
                        ),
                        ("business.incubation_extended",),
                    )
                )
                out.raise_if.append("business.incubation_extended")
            elif ext:
                cap = self.max_days_extended.value
        used = min(days, cap)
        area = min(pr.area_m2, self.max_area_m2.value)
        rate = min(pr.rent_yuan_per_m2_per_day, self.max_rate_yuan_per_m2_per_day.value)
        worked(
            out,
            area * rate * used,
            "min({a}, {ma}) ㎡ × min({r}, {mr}) 元/㎡/天 × min({d}, {md}) 天 = {x} 元",
            "min({a}, {ma}) m² × min({r}, {mr}) yuan/m²/day × min({d}, {md}) days = {x} yuan",
            a=pr.area_m2,
            ma=self.max_area_m2.value,
            r=pr.rent_yuan_per_m2_per_day,
            mr=self.max_rate_yuan_per_m2_per_day.value,
            d=Decimal(days),
            md=Decimal(cap),
        )
        return out


@model
class YearlyRate(RuleBase):
    """A site subsidy at a yearly rate by group, for the lease months up to a cap."""

    rule: Literal["yearly_rate"]
    min_months_operating: Months
    max_months: Months
    yearly_rate: Annotated[Tiers, Field(description="first tier whose path holds; the last is the default")]

    def evaluate(self, ctx: Ctx) -> Outcome:
        checks = flag_checks(ctx, ["business.first_business"])
        checks += [_lease_check(ctx), ctx.operating_at_least(self.min_months_operating.value)]
        out, tier = decided_tier(ctx, checks, self.yearly_rate.value)
        if tier is None:
            return out
        pr = _premises(ctx)
        months = whole_months(pr.lease_start, pr.lease_end)
        used = min(months, self.max_months.value)
        rate = tier.amount_yuan
        worked(
            out,
            rate * used / 12,
            "{r} 元/年 × min({m}, {c}) 个月 / 12 = {x} 元",
            "{r} yuan/year × min({m}, {c}) months / 12 = {x} yuan",
            r=rate,
            m=months,
            c=self.max_months.value,
        )
        return out


Rule = NotOffered | IncubatorRent | YearlyRate | NoFigure
