"""incubator_rent and yearly_rate in the rule language: 房租/场地补贴 (rent_subsidy).

Urumqi 三（五）(incubator_rent):
  对符合条件的入孵企业按照不超过30㎡（含30㎡）给予房租补贴，补贴标准为每平米每天1元，低于1元标准的
  按实际标准给予补贴。入孵企业一般孵化周期不超过2年，对确有需要的创业企业，经人社部门批准后可再延长
  1年的孵化周期。
rules.md: in an incubator; days = lease_end − lease_start, at most 730 (1,095 with
`incubation_extended`); min(area, 30) × min(rent per ㎡ per day, 1.00) × days; a longer lease
with the extension unknown gives the 730-day amount as a certain floor ("Certain floor").

Dalian（四）(yearly_rate):
  对租用场地初次创业人员,创办经营实体自工商登记注册之日起正常运营6个月以上的,按照实际租赁期限给予
  每年3000元的创业场地补贴,累计不超过24个月;对符合条件的残疾人,补贴标准为每年6000元;对符合条件的
  高校毕业生,补贴标准为每年8000元,其中,对符合困难条件和脱贫家庭高校毕业生及符合条件的残疾高校
  毕业生,补贴标准为每年1万元。
rules.md: a first business with a lease, operating ≥ 6 months; the yearly rate of the first
tier whose group path holds (the last the default) × whole months of the lease (at most 24) / 12;
a higher tier still unknown leaves the amount a floor (3,000 a year when groups are unknown).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from flexcalc.rules import predicates as P
from flexcalc.rules.flags import flag
from flexcalc.rules.lang import (
    UNKNOWN,
    AbsentOf,
    And,
    Call,
    Check,
    Const,
    Expr,
    Fact,
    FirstTrue,
    Given,
    Is,
    Min,
    Mul,
    Not,
    Or,
    When,
    WholeMonths,
    eq,
    gt,
    lt,
    words,
)
from flexcalc.rules.program import Program, Step

PREMISES = "business.premises."
START = Fact(PREMISES + "lease_start", "date")
END = Fact(PREMISES + "lease_end", "date")
AREA = Fact(PREMISES + "area_m2", "money")
RATE = Fact(PREMISES + "rent_yuan_per_m2_per_day", "money")
AREA_GIVEN = Fact(PREMISES + "area_m2", "raw")  # as the profile writes it
RATE_GIVEN = Fact(PREMISES + "rent_yuan_per_m2_per_day", "raw")
EXTENDED = Fact("business.incubation_extended", "bool", (True, False))
INCUBATED = Fact("business.in_incubator", "bool", (True, False))


def Surely(x: Expr) -> Expr:
    """x holds (known true); always known."""
    return Is(x, True)


def Unsure(x: Expr) -> Expr:
    """x is unknown; always known."""
    return Is(x, UNKNOWN)


def lease(extra: tuple[Fact, ...] = ()) -> Check:
    """The lease ends after it starts; unknown while its dates (or `extra`) are absent, which it
    asks in order (measures.shapes.rent's words)."""
    given = And(*(Given(f) for f in extra)) if extra else Const(True)
    return Check(
        When(given, gt(END, START), Const(UNKNOWN)),
        words("租期 {s} 至 {e}", "lease {s} to {e}", s=START, e=END),
        words("租期结束 {e} 不晚于开始 {s}", "lease ends {e}, not after it starts {s}", e=END, s=START),
        words("需租赁场地情况", "details of the rented premises needed"),
        asks=AbsentOf((START, END, *extra)),
    )


def _days(start: date, end: date) -> int:
    return (end - start).days


def incubator_rent(rule: Any, as_of: date) -> Program:
    """The program of one incubator_rent view at its as-of date."""
    cap, cap_ext = rule.max_days.value, rule.max_days_extended.value
    max_area, max_rate = rule.max_area_m2.value, rule.max_rate_yuan_per_m2_per_day.value
    days = Call(_days, START, END)
    longer = gt(days, cap)
    # with the extension unknown the certain days are the 730 (rules.md "Certain floor")
    most = When(Given(EXTENDED), When(And(longer, eq(EXTENDED, True)), cap_ext, cap), cap)
    per_day = Mul(Min(AREA, Fraction(max_area)), Min(RATE, Fraction(max_rate)))
    amount = Mul(per_day, Min(days, most))
    # more days raise only a rent that pays something a day (rules.md "Amount of nothing": 0 × days is 0)
    may_rise = And(longer, gt(per_day, 0))
    extension = Check(
        eq(EXTENDED, True),
        Const(None),
        Const(None),
        words(
            "租期 {d} 天超过 {c} 天，若已批准延长孵化可多补",
            "lease of {d} days exceeds {c}: more if an extension was approved",
            d=days,
            c=cap,
        ),
        asks=(EXTENDED.path,),
    )
    return Program(
        checks=(
            flag("business.in_incubator"),
            lease((AREA, RATE)),
            # an area or a rent of 0 given: 0 a day, whatever else is unknown (where the incubator is not
            # already known to fail: one reason is enough)
            P.nothing_given(And(Or(P.zero(AREA), P.zero(RATE)), Not(Surely(eq(INCUBATED, False))))),
        ),
        steps=(Step("check", extension, And(may_rise, Not(Given(EXTENDED)))),),
        amount=amount,
        formula=words(
            "min({a}, {ma}) ㎡ × min({r}, {mr}) 元/㎡/天 × min({d}, {md}) 天 = {x} 元",
            "min({a}, {ma}) m² × min({r}, {mr}) yuan/m²/day × min({d}, {md}) days = {x} yuan",
            a=AREA_GIVEN,
            ma=max_area,
            r=RATE_GIVEN,
            mr=max_rate,
            d=Call(Decimal, days),
            md=Call(Decimal, most),
            x=amount,
        ),
        raise_when=((may_rise, EXTENDED),),
    )


def _tiers(tiers: list) -> Iterator[tuple[Any, Check, Expr]]:
    """(tier, its group check, the tier is reached: no earlier tier surely holds) of the tiers
    with conditions, in order (measures.shapes.common.pick_tier)."""
    earlier: list[Expr] = []
    for tier in tiers:
        if not tier.has_conditions():
            return
        check = P.who_paths((tier,))
        yield tier, check, And(*(Not(Surely(c)) for c in earlier)) if earlier else Const(True)
        earlier.append(check.cond)


def yearly_rate(rule: Any, as_of: date) -> Program:
    """The program of one yearly_rate view at its as-of date."""
    tiers = list(rule.yearly_rate.value)
    ranked = list(_tiers(tiers))
    default = tiers[-1].amount_yuan  # validation: the last tier is the default
    rate = FirstTrue(tuple((c.cond, Fraction(t.amount_yuan)) for t, c, _ in ranked), Fraction(default))
    rate_given = FirstTrue(tuple((c.cond, t.amount_yuan) for t, c, _ in ranked), default)
    cap = rule.max_months.value
    months = WholeMonths(START, END)
    amount = Mul(Mul(rate, Min(months, cap)), Const(Fraction(1, 12)))
    return Program(
        checks=(
            flag("business.first_business"),
            lease(),
            P.operating_at_least(rule.min_months_operating.value),
            # a lease of no whole month: every rate × 0 months is 0, whatever else is unknown
            P.nothing_given(And(Given(START), Given(END), gt(END, START), lt(months, 1))),
        ),
        # a tier that holds or may hold is shown (the one that holds, or the unknown higher ones)
        steps=tuple(Step("check", c, And(reached, Not(Surely(Not(c.cond))))) for _, c, reached in ranked),
        amount=amount,
        formula=words(
            "{r} 元/年 × min({m}, {c}) 个月 / 12 = {x} 元",
            "{r} yuan/year × min({m}, {c}) months / 12 = {x} yuan",
            r=rate_given,
            m=months,
            c=cap,
            x=amount,
        ),
        # a higher rate raises only a lease of a whole month or more (0 months × any rate is 0)
        raise_when=tuple((And(reached, Unsure(c.cond), gt(months, 0)), c.cond) for _, c, reached in ranked),
    )
