"""Rule shapes of 培训期间生活费补贴 (training_living_allowance): a daily allowance, once a year."""

from __future__ import annotations

from typing import Literal

from flexcalc.context import Ctx, decide
from flexcalc.measures.shapes.common import NoFigure, training_check, worked
from flexcalc.models.fields import model
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import NotOffered, Rate, RuleBase, Who
from flexcalc.text import t


@model
class DailyOncePerYear(RuleBase):
    """Daily rate × days of the longest course started in the as-of year; not with 失业保险金."""

    rule: Literal["daily_once_per_year"]
    who: Who
    daily_rate: Rate
    not_with_unemployment_insurance: bool = True

    def evaluate(self, ctx: Ctx) -> Outcome:
        checks = [ctx.who(self.who)]
        if self.not_with_unemployment_insurance:
            checks.append(
                ctx.flag(
                    "receiving_unemployment_insurance",
                    ctx.p.receiving_unemployment_insurance,
                    False,
                    "未领取失业保险金",
                    "not drawing unemployment insurance",
                )
            )
        checks.append(training_check(ctx))
        if ctx.p.training:
            checks.append(_course_this_year(ctx))
        out = decide(checks)
        if out.status != "eligible":
            return out
        year = ctx.as_of.year
        days = max(c.days or 0 for c in ctx.p.training or [] if c.start and c.start.year == year)
        rate = self.daily_rate.value
        worked(
            out,
            rate * days,
            "{r} 元/天 × {d} 天 = {x} 元",
            "{r} yuan/day × {d} days = {x} yuan",
            r=rate,
            d=days,
        )
        out.notes.append(
            t(
                "每人每年只享受一次：取 {y} 年开始的天数最多的一项培训",
                "once a year: the longest course started in {y}",
                y=year,
            )
        )
        return out


def _course_this_year(ctx: Ctx) -> Check:
    year = ctx.as_of.year
    courses = ctx.p.training or []
    no_start = tuple(f"training[{i}].start" for i, c in enumerate(courses) if c.start is None)
    if no_start:
        return Check(None, t("需培训开始日期", "start date of each course needed"), no_start)
    this_year = [(i, c) for i, c in enumerate(courses) if c.start is not None and c.start.year == year]
    if not this_year:
        return Check(False, t("{y} 年内没有开始的培训", "no course started in {y}", y=year))
    no_days = tuple(f"training[{i}].days" for i, c in this_year if c.days is None)
    if no_days:
        return Check(None, t("需培训天数", "days of training needed"), no_days)
    return Check(True, t("{y} 年开始的培训 {n} 项", "{n} course(s) started in {y}", y=year, n=len(this_year)))


Rule = NotOffered | DailyOncePerYear | NoFigure
