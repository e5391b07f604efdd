"""daily_once_per_year in the rule language: days of a course started in the as-of year × a daily rate.

The clause (乌鲁木齐, 三（八）):
  对贫困劳动力、就业困难人员、零就业家庭成员、“两后生”中的农村学员和城市低保家庭学员，培训期间按规定
  给予每人每天最高不超过30元的生活费（含交通费）补贴。生活费（含交通费）补贴政策每人每年只享受一次，
  且不可同时领取失业保险金。
rules.md: once a year — the one course with most days started in the as-of date's year; not
while `receiving_unemployment_insurance`; without any `training` entry, `needs_info` naming
`training` (`training: []` is no course: ineligible). changes.BY_YEAR reads this shape's year.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from flexcalc.models.profile import Training
from flexcalc.rules import predicates as P
from flexcalc.rules.lang import UNKNOWN, Call, Check, Const, Fact, Mul, When, eq, words
from flexcalc.rules.no_figure import COURSE
from flexcalc.rules.program import Program, Step
from flexcalc.text import T

UNEMPLOYMENT_INSURANCE = Fact("receiving_unemployment_insurance", "bool", (True, False))
NOT_DRAWING = Check(
    eq(UNEMPLOYMENT_INSURANCE, False),
    Const(T("未领取失业保险金", "not drawing unemployment insurance")),
    Const(T("不符：未领取失业保险金", "not met: not drawing unemployment insurance")),
    Const(T("待确认：未领取失业保险金", "to confirm: not drawing unemployment insurance")),
)


def _no_start(courses: list) -> tuple[str, ...]:
    return tuple(f"training[{i}].start" for i, c in enumerate(courses) if c.start is None)


def _this_year(courses: list, year: int) -> list[tuple[int, Any]]:
    return [(i, c) for i, c in enumerate(courses) if c.start is not None and c.start.year == year]


def _asked(courses: list, year: int) -> tuple[str, ...]:
    """The course facts an unknown answer waits on: every missing start, else the days of this year's courses."""
    return _no_start(courses) or tuple(f"training[{i}].days" for i, c in _this_year(courses, year) if c.days is None)


def build(rule: Any, as_of: date) -> Program:
    """The program of one rule view (timeline.view) at its as-of date."""
    year = as_of.year
    # `training` absent is unknown; [] says no course; a course started on the as-of date counts this year
    training = Fact("training", "list", ([], [Training(occupation="x", days=10, start=as_of, cost_yuan=Decimal(100))]))
    course = Check(Call(bool, training), COURSE.yes, COURSE.no, COURSE.unknown)
    starts_missing = Call(lambda cs: bool(_no_start(cs)), training)
    this_year = Call(lambda cs: len(_this_year(cs, year)), training)
    days_missing = Call(lambda cs: not _no_start(cs) and bool(_asked(cs, year)), training)
    started = Check(
        When(
            starts_missing,
            Const(UNKNOWN),
            When(eq(this_year, 0), Const(False), When(days_missing, Const(UNKNOWN), Const(True))),
        ),
        words("{y} 年开始的培训 {n} 项", "{n} course(s) started in {y}", y=year, n=this_year),
        words("{y} 年内没有开始的培训", "no course started in {y}", y=year),
        When(
            starts_missing,
            words("需培训开始日期", "start date of each course needed"),
            words("需培训天数", "days of training needed"),
        ),
        asks=Call(lambda cs: _asked(cs, year), training),
        when=Call(bool, training),  # only once the profile lists courses
    )
    checks = [P.who(rule.who)]
    if rule.not_with_unemployment_insurance:
        checks.append(NOT_DRAWING)
    checks += [course, started]
    rate = rule.daily_rate.value
    days = Call(lambda cs: max(c.days or 0 for _, c in _this_year(cs, year)), training)
    amount = Mul(Const(Fraction(rate)), days)
    once = words(
        "每人每年只享受一次：取 {y} 年开始的天数最多的一项培训",
        "once a year: the longest course started in {y}",
        y=year,
    )
    return Program(
        checks=tuple(checks),
        steps=(Step("note", once),),
        amount=amount,
        formula=words("{r} 元/天 × {d} 天 = {x} 元", "{r} yuan/day × {d} days = {x} yuan", r=rate, d=days, x=amount),
    )
