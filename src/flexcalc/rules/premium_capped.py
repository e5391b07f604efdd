"""premium_capped in the rule language: the accident-insurance premium a platform paid, up to a cap.

The clause (威海, 16):
  建立新就业形态灵活就业意外伤害保险补贴。对电子商务、网络预约出租汽车、外卖、快递等新业态平台企业，
  按规定为其灵活就业人员购买意外伤害保险且人员已办理灵活就业登记的，按照每人每年最高100元的标准给予
  补贴，保险费数额低于100元的，按照实际数额补贴，所需资金从就业补助资金中列支。
rules.md: a platform worker (`employment.form` is `platform`, or the form is absent and the group
is in `groups`: the form wins) with `employment.registered`: min(premium, cap) per year, paid
to the platform.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from flexcalc.rules import predicates as P
from flexcalc.rules.lang import And, Check, Const, Fact, FirstOf, FirstTrue, Given, Min, Not, When, eq, le, words
from flexcalc.rules.no_figure import flag
from flexcalc.rules.program import Program, Step

PREMIUM = Fact("employment.platform_accident_premium_yuan", "money")
PREMIUM_GIVEN = Fact("employment.platform_accident_premium_yuan", "raw")  # as the profile writes it

PAID = Check(
    le(0, PREMIUM),
    Const(None),
    Const(None),
    words("需平台为其缴纳的意外伤害保险费", "premium paid by the platform needed"),
    when=Not(Given(PREMIUM)),  # a premium given is no condition, only the amount
)


def platform_worker(who: Check) -> Check:
    """rules.md: `employment.form` platform, or the form absent and the group (the form wins);
    unknown, it asks the group's facts, then the form."""
    form = Given(P.FORM)
    return Check(
        FirstOf((Not(form), who.cond), default=eq(P.FORM, "platform")),
        When(form, words("平台就业", "platform work"), who.yes),
        When(form, words("工作形式不是平台就业", "the form of work is not platform work"), who.no),
        who.unknown,
        # the group stands in for the absent form: a met check presumes it (asked where the measure waits)
        FirstTrue(((And(Not(form), who.cond), ("employment.form",)), (Const(True), ()))),
    )


def build(rule: Any, as_of: date) -> Program:
    """The program of one rule view (timeline.view) at its as-of date."""
    cap = rule.max_per_year.value
    amount = Min(PREMIUM, Const(Fraction(cap)))
    return Program(
        checks=(platform_worker(P.who(rule.who)), *(flag(f) for f in rule.require_true), PAID),
        steps=(Step("note", words("补贴发给为其投保的平台企业", "paid to the platform that bought the insurance")),),
        amount=amount,
        formula=words(
            "min(保费 {p}, {c}) = {x} 元/年", "min(premium {p}, {c}) = {x} yuan/year", p=PREMIUM_GIVEN, c=cap, x=amount
        ),
    )
