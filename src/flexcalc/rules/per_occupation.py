"""per_occupation in the rule language: 职业培训补贴 (training_subsidy), a capped sum per occupation.

Urumqi 三（八）:
  将有创业意愿的灵活就业人员纳入创业培训范围……组织开展养老、托幼、家政、餐饮、维修、美容美发等技能
  培训和新兴产业、先进制造业、现代服务业等领域新职业技能培训，按照每人最高不超过1800元/职业（工种）
  的标准给予职业培训补贴。
rules.md / the data's reading: a flexible worker with a course (rules.md "No course": `training:
[]` is none, ineligible; absent is asked); each distinct occupation once, by its first course:
min(cost, 1,800), and 1,800 where no cost is given.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from flexcalc.rules import predicates as P
from flexcalc.rules.lang import UNKNOWN, Call, Check, Const, Given, When, to_yuan, words
from flexcalc.rules.no_figure import COURSE, TRAINING
from flexcalc.rules.program import Program, Step
from flexcalc.text import T, number, t


def _named(courses: list) -> Any:
    return True if all(c.occupation is not None for c in courses) else UNKNOWN


def _unnamed(courses: list) -> tuple[str, ...]:
    return tuple(f"training[{i}].occupation" for i, c in enumerate(courses) if c.occupation is None)


def _occupations(courses: list) -> str:
    return "、".join(dict.fromkeys(c.occupation or "" for c in courses))


OCCUPATIONS = Check(
    When(Given(TRAINING), Call(_named, TRAINING), Const(True)),
    words("培训职业：{o}", "occupations: {o}", o=When(Given(TRAINING), Call(_occupations, TRAINING), Const(""))),
    Const(None),
    words("需培训职业（工种）", "occupation of each course needed"),
    asks=Call(_unnamed, TRAINING),
)


def _first(courses: list) -> list:
    """The first course of each occupation, in order."""
    seen: dict[Any, Any] = {}
    for c in courses:
        seen.setdefault(c.occupation, c)
    return list(seen.values())


def build(rule: Any, as_of: date) -> Program:
    """The program of one per_occupation view at its as-of date."""
    cap: Decimal = rule.max_per_occupation.value

    def part(c: Any) -> Fraction:
        return Fraction(cap) if c.cost_yuan is None else min(Fraction(c.cost_yuan), Fraction(cap))

    def total(courses: list) -> Fraction:
        return sum((part(c) for c in _first(courses)), Fraction(0))

    def formula(courses: list) -> T:
        parts = [
            (f"{number(cap)}（未报费用，按上限）", f"{number(cap)} (no cost given: the cap)")
            if c.cost_yuan is None
            else (f"min({number(c.cost_yuan)}, {number(cap)})",) * 2
            for c in _first(courses)
        ]
        zh, en = (" + ".join(p[i] for p in parts) for i in (0, 1))
        return T(f"{zh} = {{x}} 元", f"{en} = {{x}} yuan", {"x": to_yuan(total(courses))})

    def skipped(courses: list) -> int:
        return len(courses) - len(_first(courses))

    return Program(
        checks=(P.works_as(tuple(rule.activity.value)), COURSE, OCCUPATIONS),
        steps=(
            Step(
                "note",
                Const(
                    t(
                        "未提供费用的课程按每职业上限 {c} 元计",
                        "courses without a cost count at the cap of {c} yuan",
                        c=cap,
                    )
                ),
                Call(lambda cs: any(c.cost_yuan is None for c in cs), TRAINING),
            ),
            Step(
                "note",
                Call(
                    lambda cs: t(
                        "同一职业（工种）只补贴一次，{n} 项重复课程未计",
                        "one subsidy per occupation: {n} repeated course(s) left out",
                        n=skipped(cs),
                    ),
                    TRAINING,
                ),
                Call(lambda cs: skipped(cs) > 0, TRAINING),
            ),
        ),
        amount=Call(total, TRAINING),
        formula=Call(formula, TRAINING),
    )
