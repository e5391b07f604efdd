"""operating_subsidy in the rule language: a fixed sum once the business has operated N months.

The clauses (创业补贴, 就业创业鼓励金, 社区就业援助金):
  乌鲁木齐 三（二）: 本市城乡劳动者首次创办企业或从事个体经营并正常营业1年以上的，可申请一次性最高不超过
    1万元的就业创业鼓励金，经营6个月以上的，可先行申领50%的就业创业鼓励金；首次创办企业或从事个体经营并
    正常营业1年以上的高校毕业生，可申请一次性最高不超过2万元的就业创业鼓励金，经营6个月以上的，可先行申领
    50%的就业创业鼓励金。对在社区从事个体经营和创办小微企业的就业困难人员实现成功创业，给予5000元的社区
    就业援助金。
  西宁 18: 就業困難人員、離校2年內未就業高校畢業生、退役軍人失業登記後,在我市創辦小微企業或從事個體經營,
    依法登記註冊,領取營業執照並正常經營1年以上的,按規定給予1萬元的一次性創業補貼。
  威海 6: 对正常经营满6个月，且按规定缴纳职工养老保险费6个月以上的新注册（2020年1月1日以后注册登记）个体
    工商户，给予5000元的一次性创业补贴
rules.md: months operating are whole months from business.registered_on to the as-of date; the
amount is the first tier whose group path holds (tiers from the highest down; a higher tier still
unknown leaves the amount a floor, rules.md "Certain floor"); between the advance months and the
full ones, the advance share of the amount.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any
from weakref import WeakKeyDictionary

from flexcalc.rules import predicates as P
from flexcalc.rules.flags import flag
from flexcalc.rules.lang import (
    UNKNOWN,
    And,
    AsOf,
    Call,
    Check,
    Cmp,
    Const,
    Env,
    Expr,
    Fact,
    FirstTrue,
    Given,
    Is,
    Not,
    Or,
    When,
    WholeMonths,
    ge,
    lt,
    words,
)
from flexcalc.rules.program import Program, Step

UNEMPLOYMENT_REGISTERED_ON = Fact("unemployment_registered_on", "date")
PENSION_MONTHS = Fact("business.employee_pension_months", "int")
LONG_AGO = date(1900, 1, 1)
# the tiers each program was built from (a tier list changed in place is built again)
BUILT: WeakKeyDictionary[Program, tuple] = WeakKeyDictionary()


class NotAfter(Cmp):
    """a <= b for two dates that may both be absent: then `a` is also tried long before any day
    `b` could take (engines.missing finds no threshold where neither side is known)."""

    def __init__(self, a: Expr, b: Expr):
        super().__init__("<=", a, b)

    def thresholds(self, env: Env) -> dict[str, set]:
        out = super().thresholds(env)
        if self.b(env) is UNKNOWN:
            for k, vs in self.a.toward(LONG_AGO, env).items():
                out.setdefault(k, set()).update(vs)
        return out


_FIRST = words(
    "失业登记 {u}，营业执照登记 {r}（须先失业登记）",
    "unemployment registered {u}, business {r} (must come first)",
    u=UNEMPLOYMENT_REGISTERED_ON,
    r=P.REGISTERED,
)


# 西宁 18: 失業登記後……創辦 (the unemployment registration on or before the business's); unknown,
# it asks the absent dates in that order. A business registered on or after the unemployment
# registration has operated at most as many months as have passed since it: fewer than the months the
# rule needs, or a registration after the as-of date, fails whatever the business's date (rules.md
# "Kleene logic": a condition known to fail decides, nothing is asked).
def unemployed_first(months: int) -> Check:
    """Unemployment registered on or before the business, which then operated `months` by the as-of date."""
    soon = lt(WholeMonths(UNEMPLOYMENT_REGISTERED_ON, AsOf()), months)
    late = words(
        "失业登记 {u} 至评估日不足 {n} 个月：其后登记的经营主体经营不足 {n} 个月",
        "unemployment registered {u}, under {n} months before the as-of date: a business registered after it "
        "has not operated {n} months",
        u=UNEMPLOYMENT_REGISTERED_ON,
        n=months,
    )
    early = Or(Given(P.REGISTERED), Not(soon))  # with the business date given, the two dates say it all
    return Check(
        And(early, NotAfter(UNEMPLOYMENT_REGISTERED_ON, P.REGISTERED)),
        _FIRST,
        When(Not(early), late, _FIRST),
        words("需失业登记日期与营业执照登记日期", "dates of unemployment and business registration needed"),
    )


def registered_since(day: date) -> Check:
    """Registered on or after `day` (威海 6: 2020年1月1日以后注册登记, the day itself included)."""
    said = words("登记于 {r}（须不早于 {d}）", "registered {r} (must be on or after {d})", r=P.REGISTERED, d=day)
    return Check(ge(P.REGISTERED, day), said, said, words("需营业执照登记日期", "business registration date needed"))


def pension_months(need: int) -> Check:
    """按规定缴纳职工养老保险费 N 个月以上 (months paid ≥ N)."""
    return Check(
        ge(PENSION_MONTHS, need),
        words("缴纳职工养老保险 {h} 个月 ≥ {n}", "employee pension paid {h} months ≥ {n}", h=PENSION_MONTHS, n=need),
        words("缴纳职工养老保险 {h} 个月 < {n}", "employee pension paid {h} months < {n}", h=PENSION_MONTHS, n=need),
        words("需职工养老保险缴费月数", "months of employee pension paid needed"),
    )


def Settled(x: Expr, value: Any) -> Expr:
    """Whether x is known to be `value` (always known)."""
    return Is(x, value)


def build(rule: Any, as_of: date) -> Program:
    """The program of one rule view (timeline.view) at its as-of date."""
    checks: list[Check] = []
    if rule.who is not None:
        checks.append(P.who(rule.who))
    if rule.unemployment_registered_first is not None:
        checks.append(unemployed_first(rule.min_months.value))
    checks.append(P.works_as(tuple(rule.activity.value)))
    checks += [flag(f) for f in rule.require_true]
    if rule.registered_on_or_after is not None:
        checks.append(registered_since(rule.registered_on_or_after.value))
    full_months = rule.min_months.value
    start = rule.advance_after_months.value if rule.advance_after_months else full_months
    checks.append(P.operating_at_least(start))
    if rule.min_pension_months is not None:
        checks.append(pension_months(rule.min_pension_months.value))

    # the tiers: the first whose group path surely holds (the last is the default, with no path)
    steps: list[Step] = []
    raise_when: list[tuple[Expr, Expr]] = []
    cases: list[tuple[Expr, Any]] = []
    none_before: list[Expr] = []  # no earlier tier surely holds
    for tier in rule.amount.value:
        if not tier.has_conditions():
            break
        check = P.who_paths((tier,))
        earlier = And(*none_before) if none_before else Const(True)
        steps.append(Step("check", check, And(earlier, Not(Settled(check.cond, False)))))
        raise_when.append((And(earlier, Not(Settled(check.cond, True)), Not(Settled(check.cond, False))), check.cond))
        cases.append((check.cond, tier.amount_yuan))
        none_before.append(Not(Settled(check.cond, True)))
    last = rule.amount.value[-1]
    default = UNKNOWN if last.has_conditions() else last.amount_yuan
    if last.has_conditions() and cases:  # no default tier (validation refuses it): never another group's amount
        held = Or(*(c for c, _ in cases))
        checks.append(
            Check(
                held,
                Const(None),
                words("不属于文件设定金额的任何人员类别", "in none of the groups an amount is set for"),
                words("不属于文件设定金额的任何人员类别", "in none of the groups an amount is set for"),
                when=Not(Settled(held, True)),
            )
        )
    full = FirstTrue(tuple(cases), default) if cases else Const(default)  # an unknown tier is skipped
    whole = Call(Fraction, full)
    if rule.advance_share is not None:
        share = rule.advance_share.value
        advance = lt(WholeMonths(P.REGISTERED, AsOf()), full_months)
        amount: Expr = When(advance, Call(lambda x: x * Fraction(share), whole), whole)
        formula: Expr = When(
            advance,
            words(
                "{full} 元 × {s}（经营满 {a} 个月不满 {m} 个月，先行申领）= {amt} 元",
                "{full} × {s} (operating {a}–{m} months, paid in advance) = {amt} yuan",
                full=full,
                s=share,
                a=start,
                m=full_months,
                amt=amount,
            ),
            _one_time(full, amount),
        )
    else:
        amount = whole
        formula = _one_time(full, amount)
    program = Program(
        checks=tuple(checks),
        steps=tuple(steps),
        amount=amount,
        formula=formula,
        raise_when=tuple(raise_when),
    )
    BUILT[program] = tuple(rule.amount.value)
    return program


def _one_time(full: Expr, amount: Expr) -> Expr:
    return words("一次性补贴 {full} 元 = {amt} 元", "one-time sum of {full} = {amt} yuan", full=full, amt=amount)
