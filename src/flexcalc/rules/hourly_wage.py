"""hourly_wage in the rule language: hours in a part-time public-welfare post × the hourly minimum wage.

The clause (大连, （一）进一步拓宽灵活就业空间):
  各地可采取非全日制方式安置城镇公益性岗位，根据实际工作时间等按不超过我市小时最低工资标准确定岗位补贴。
rules.md: hours in a part-time public-welfare post × the city's hourly minimum wage in force at
the as-of date (a dated figure: the view at the date holds the entry in force), paid to the
employer; a wage the data does not set is asked as `data:KEY`.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from flexcalc.rules.lang import UNKNOWN, Check, Const, Fact, Mul, gt, words
from flexcalc.rules.program import Program, Step
from flexcalc.text import t
from flexcalc.timeline import cite

HOURS = Fact("employment.public_welfare_post_hours", "money")  # exact, as money is
HOURS_GIVEN = Fact("employment.public_welfare_post_hours", "raw")  # as the profile writes it

_WORKED = words("公益性岗位工作 {h} 小时", "{h} hours in a public-welfare post", h=HOURS_GIVEN)
WORKED = Check(gt(HOURS, 0), _WORKED, _WORKED, words("需公益性岗位工作小时数", "hours in a public-welfare post needed"))


def build(rule: Any, as_of: date) -> Program:
    """The program of one rule view (timeline.view) at its as-of date."""
    entry = rule.hourly_minimum_wage
    if entry is None:  # the document gives no figure: the data's key is what is missing
        unset = Check(
            Const(UNKNOWN),
            Const(None),
            Const(None),
            words(
                "数据文件未设小时最低工资标准（文件未给数额）",
                "the data sets no hourly minimum wage (the document gives none)",
            ),
            asks=(f"data:{rule.data_key}",),
        )
        return Program(checks=(WORKED, unset))
    wage = entry.value
    amount = Mul(HOURS, Const(Fraction(wage)))
    steps = [
        Step(
            "note",
            words(
                "补贴发给用人单位，按不超过小时最低工资标准确定",
                "paid to the employer, at most the hourly minimum wage",
            ),
        )
    ]
    # The wage is the one in force at the as-of date (the period the hours are paid for).
    cited = cite(
        entry, t("评估日 {d} 适用的小时最低工资标准", "hourly minimum wage in force on the as-of date {d}", d=as_of)
    )
    if cited is not None:
        steps.append(Step("note", Const(cited)))
    return Program(
        checks=(WORKED,),
        steps=tuple(steps),
        amount=amount,
        formula=words(
            "{h} 小时 × {w} 元/小时 = {x} 元（上限）",
            "{h} hours × {w} yuan/hour = {x} yuan (ceiling)",
            h=HOURS_GIVEN,
            w=wage,
            x=amount,
        ),
    )
