"""no_figure in the rule language: granted 按规定 when the conditions hold, with no amount.

The documents say only that the measure is given "按规定" (as prescribed) to the people they
name: the program is the conjunction of the conditions the data lists (who, registered
unemployed, activity, flags that must be true, a course), and an eligible answer says that the
office sets the amount.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flexcalc.models.profile import Training
from flexcalc.rules import predicates as P
from flexcalc.rules.flags import clause, flag
from flexcalc.rules.lang import Call, Check, Fact, Given, HasAll, Or, When, words
from flexcalc.rules.program import Program, Step

# Absent is a value of its own here (no date: only the group says registered), so the values
# tried for it in `missing` are absent and a date (any: only whether one is given is read).
UNEMPLOYMENT_REGISTERED_ON = Fact("unemployment_registered_on", "enum", (None, date(2000, 1, 1)))
# `training` absent is unknown; [] says no course (rules.md "No course"): the values tried for it
TRAINING = Fact("training", "list", ([], [Training(occupation="x", days=10, cost_yuan=Decimal(100))]))

UNEMPLOYED = Check(
    Or(Given(UNEMPLOYMENT_REGISTERED_ON), HasAll(P.GROUPS, frozenset({"registered_unemployed"}))),
    When(
        Given(UNEMPLOYMENT_REGISTERED_ON),
        words("已失业登记（{d}）", "registered unemployed on {d}", d=UNEMPLOYMENT_REGISTERED_ON),
        words("登记失业人员", "registered unemployed"),
    ),
    words("未办理失业登记", "not registered as unemployed"),
    words("待确认是否登记失业", "unemployment registration to confirm"),
    asks=("groups", "unemployment_registered_on"),
)

COURSE = Check(
    Call(bool, TRAINING),
    words("参加培训 {n} 项", "{n} training course(s)", n=Call(len, TRAINING)),
    words(
        "本项按参加的培训课程发放，档案显示未参加培训；参加本市规定的职业技能培训（按文件所列工种/项目）后可申请",
        "paid for a training course; the profile shows none — a vocational course of the kinds"
        " the city's document lists (its occupations or programmes) would open it",
    ),
    words("需培训情况（课程）", "training courses needed"),
)


def build(rule: Any, as_of: Any) -> Program:
    """The program of one rule view (timeline.view) at its as-of date."""
    checks: list[Check] = []
    if rule.who is not None:
        checks.append(P.who(rule.who))
    if rule.unemployment_registered is not None:
        checks.append(UNEMPLOYED)
    if rule.activity is not None:
        checks.append(P.works_as(tuple(rule.activity.value)))
    checks += [flag(f) for f in rule.require_true]
    if rule.needs_training:
        checks.append(COURSE)
    note = words(
        "文件第{c}条只写“按规定”给予，未定具体金额，金额以经办部门核定为准",
        "clause {c} grants it “as prescribed” without a figure; the office sets the amount",
        c=clause(rule.clause),
    )
    return Program(checks=tuple(checks), steps=(Step("note", note),))
