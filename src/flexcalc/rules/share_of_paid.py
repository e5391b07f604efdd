"""share_of_paid in the rule language: 灵活就业社会保险补贴, a share of the contributions actually paid.

The clauses (social_insurance_subsidy):
  乌鲁木齐 三（七）: 对从事灵活就业的劳动者按实际缴纳的基本养老保险费给予全额补贴，补贴缴费基数最高不超过
    自治区上年度职工社会平均工资，其中从事灵活就业的就业困难人员和离校2年内未就业高校毕业生的社会保险补贴
    标准，按照实际缴纳的基本养老保险、基本医疗保险、失业保险费之和给予全额补贴，补贴缴费基数最高不超过
    自治区上年度职工社会平均工资。上述补贴期限最长不超过3年。
  连云港（十二）: 对就业困难人员、离校2年内未就业高校毕业生从事非全日制等工作，按其实际缴纳社会保险费
    不低于1/2，不高于2/3给予补贴。
  大连（十三）: 对灵活就业后缴纳社会保险费的就业困难人员，按最低缴费基数计算的应缴纳社会保险费的30%给予
    补贴；对纳入就业困难人员范围的残疾人和离校2年内未就业高校毕业生，灵活就业后缴纳社会保险费的，按最低缴费
    基数计算的应缴纳社会保险费的60%给予补贴。对就业困难人员中的城镇零就业家庭成员、低保家庭成员、残疾人、
    单亲抚养未成年人者、现役军人配偶随军后无工作的、享受定期定量抚恤和生活补助的优抚对象、烈属等，补贴期限
    最长不超过3年；其他人员距法定退休年龄1年时，给予最长不超过1年的补贴。离校2年内未就业高校毕业生补贴期限
    最长不超过24个月。高校毕业生在享受灵活就业社会保险补贴期满后，仍从事灵活就业的，享受期限可延长6个月。
  威海 15: 对就业困难人员、离校2年内未就业高校毕业生灵活就业的，按照“先缴后补”的原则，按规定给予不超过
    其缴纳职工社会保险费2/3的社会保险补贴。
rules.md "social_insurance_subsidy": paid = pension + medical + unemployment given (a part not given
is not paid: "Contributions"; none given at all is needs_info, asking them); × the share (a range:
amount_min_yuan at its lower end); where subsidised_months_before + months passes the limit, × left /
months; Urumqi's monthly base capped at a twelfth of the previous year's average wage (dated, data):
× cap / base. Categories best first: the first that surely applies gives the amount; a better one
that only its group leaves open makes it a floor when it would pay more ("Certain floor"); one
that would pay less, or has a doubt besides its group, leaves the answer undecided on its checks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from flexcalc.catalogue import pair
from flexcalc.rules import predicates as P
from flexcalc.rules.lang import (
    UNKNOWN,
    Add,
    And,
    Call,
    Check,
    Cmp,
    Const,
    Env,
    Expr,
    Fact,
    FirstOf,
    Given,
    Is,
    Mul,
    Not,
    Or,
    When,
    gt,
    lt,
    to_yuan,
)
from flexcalc.rules.program import Program, Step
from flexcalc.text import T, number, t
from flexcalc.timeline import cite

COMPONENTS = ("pension", "medical", "unemployment")
COMPONENT_NAMES = {
    "pension": ("养老", "pension"),
    "medical": ("医疗", "medical"),
    "unemployment": ("失业", "unemployment"),
}
SI = "social_insurance."
PAID = {c: Fact(f"{SI}{c}_yuan", "money") for c in COMPONENTS}
PAID_GIVEN = {c: Fact(f"{SI}{c}_yuan", "raw") for c in COMPONENTS}  # as the profile writes it
BEFORE = Fact(SI + "subsidised_months_before", "int")
MONTHS = Fact(SI + "months", "int", asked=False)  # absent: no months-left scaling (not asked)
BASE = Fact(SI + "monthly_base_yuan", "money", asked=False)  # absent: no base cap applied (not asked)
BASE_GIVEN = Fact(SI + "monthly_base_yuan", "raw", asked=False)
AT_MINIMUM = Fact(SI + "at_minimum_base", "bool", (True, False))
HALF_FEN = Fraction(1, 200)  # an amount under it rounds to 0.00 (rules.md "Amount of nothing")


@dataclass(frozen=True, eq=False)
class Opt(Expr):
    """x's value, None where it is unknown (always known: for words that say what was not given)."""

    x: Expr

    def kids(self) -> tuple[Expr, ...]:
        return (self.x,)

    def ev(self, env: Env) -> Any:
        v = self.x(env)
        return None if v is UNKNOWN else v


@dataclass(frozen=True, eq=False)
class GivenSum(Expr):
    """The sum of the contributions given; unknown only when none is given (rules.md "Contributions")."""

    parts: tuple[Fact, ...]

    def kids(self) -> tuple[Expr, ...]:
        return self.parts

    def ev(self, env: Env) -> Any:
        got = [v for v in (p(env) for p in self.parts) if v is not UNKNOWN]
        return sum(got, Fraction(0)) if got else UNKNOWN


class Paid(Cmp):
    """Some contribution is given (the sum given ≥ 0; unknown when none is). For `missing`, an absent
    contribution is tried at 0 (engines.missing) and at the least sum whose subsidy reaches half a
    fen in every category, at the least factor the known facts leave it (rules.md "Amount of
    nothing": the amount's threshold; the months left at their least, 1, while the months
    received are absent). `least`: per category, the factor on the sum paid at an Env."""

    def __init__(self, least: tuple[Callable[[Env], Fraction | None], ...]):
        super().__init__(">=", GivenSum(tuple(PAID.values())), Const(Fraction(0)))
        object.__setattr__(self, "least", least)

    def thresholds(self, env: Env) -> dict[str, set]:
        ks = [k for k in (f(env) for f in self.least) if k]  # type: ignore[attr-defined]
        if not ks:
            return {}
        fen = max(-(-HALF_FEN * 100 // k) for k in ks)  # whole fen, rounded up
        v = Fraction(fen, 100)
        return {p.path: {v} for p in PAID.values() if p(env) is UNKNOWN}


class Category:
    """One category's checks (in the order they are shown), whether it holds (their Kleene AND)
    and its amount, as expressions; `cat`: its data object."""

    def __init__(
        self,
        cat: Any,
        who: Check,
        contributions: Check,
        months: Check | None,
        near: Check | None,
        amount: Expr,
        amount_min: Expr | None,
    ):
        self.cat, self.who, self.contributions = cat, who, contributions
        self.checks = [c for c in (who, contributions, months, near) if c is not None]
        self.holds = And(*(c.cond for c in self.checks))
        self.amount, self.amount_min = amount, amount_min


@dataclass(frozen=True, eq=False)
class Choice(Expr):
    """Which category the answer rests on, as (shown, chosen, floors): the categories are listed best
    first; the first that surely holds is `chosen`. A better one still open (`pending`) whose only
    doubt is its group and that pays more is a floor (its group check shown, its facts raise the
    amount); one that pays the same is passed over; one that pays less, or has another doubt,
    leaves the answer undecided on its checks (`shown`). With none chosen: the first open one, else
    the first whose group holds (why it fails), else None (in no qualifying group)."""

    cats: tuple[Category, ...]

    def kids(self) -> tuple[Expr, ...]:
        out: list[Expr] = []
        for c in self.cats:
            out += [c.holds, c.amount]
        return tuple(out)

    def ev(self, env: Env) -> Any:
        chosen, pending = None, []
        for i, c in enumerate(self.cats):
            v = c.holds(env)
            if v is True:
                chosen = i
                break
            if v is UNKNOWN:
                pending.append(i)
        if chosen is None:
            if pending:
                return (pending[0], None, ())
            first = next((i for i, c in enumerate(self.cats) if c.who.cond(env) is True), None)
            return (first, None, ())
        paid = self.cats[chosen].amount(env)
        floors = []
        for i in pending:
            c = self.cats[i]
            if any(x.cond(env) is not True for x in c.checks[1:]):
                return (i, None, ())  # a doubt besides its group: undecided
            more = c.amount(env)
            if more < paid:
                return (i, None, ())  # it might pay less: undecided
            if more > paid:
                floors.append(i)
        return (chosen, chosen, tuple(floors))


def _holds(choice: Choice, at: int, i: int) -> Expr:
    return Call(lambda ch: ch[at] == i, choice)


def _floor(choice: Choice, i: int) -> Expr:
    return Call(lambda ch: i in ch[2], choice)


def _counted(c: str) -> Expr:
    """A contribution as counted: the amount given, 0 where it is not (rules.md "Contributions")."""
    return When(Given(PAID[c]), PAID[c], Const(Fraction(0)))


def _months_words(cat: Any, limit: int) -> Callable[[int], T]:
    ext = f"（{cat.max_months}+{cat.extension_months} 延长）" if cat.extension_months else ""
    ext_en = f" ({cat.max_months} + {cat.extension_months} extension)" if cat.extension_months else ""

    def said(before: int) -> T:
        sign = "<" if before < limit else "≥"
        return T(
            f"已享受 {before} 个月 {sign} 期限 {limit} 个月{ext}",
            f"{before} months received {sign} limit of {limit}{ext_en}",
        )

    return said


def months_left(cat: Any, limit: int) -> Check:
    """The months already received stay below the period limit (max_months + extension)."""
    said = Call(_months_words(cat, limit), BEFORE)
    return Check(
        lt(BEFORE, limit),
        said,
        said,
        Const(
            t(
                "需已享受补贴月数（期限 {n} 个月）",
                "months of this subsidy already received needed (limit {n})",
                n=limit,
            )
        ),
    )


def minimum_base(key: str | None) -> Check:
    """大连（十三）按最低缴费基数计算: paid at the minimum base, the amount paid counts; otherwise the
    minimum base and rates are needed, which the data does not set (unknown, asking the data)."""
    data = (f"data:{key}",)
    return Check(
        When(AT_MINIMUM, Const(True), Const(UNKNOWN)),
        Const(t("按最低缴费基数缴费，按实缴计算", "paid at the minimum base: the amount paid is used")),
        Const(None),
        When(
            Given(AT_MINIMUM),
            Const(
                t(
                    "补贴按最低缴费基数计算，数据文件未设最低基数与费率",
                    "the subsidy is on contributions at the minimum base, which the data does not set",
                )
            ),
            Const(t("需确认是否按最低缴费基数缴费", "paid at the minimum base?")),
        ),
        asks=When(Given(AT_MINIMUM), Const(data), Const((AT_MINIMUM.path,))),
    )


def _factor(limit: int | None, cap: Fraction | None) -> tuple[Expr, Callable[[Env], Fraction | None]]:
    """The scale for the months left in the period and for a capped base, and its least value at an
    Env (for Paid: the months left at 1 while the months received are absent)."""
    factor: Expr = Const(Fraction(1))
    if limit:
        left = Call(lambda b: limit - b, BEFORE)
        factor = When(And(Given(MONTHS), gt(MONTHS, left)), Call(Fraction, left, MONTHS), factor)
    if cap is not None:
        factor = Mul(factor, When(And(Given(BASE), gt(BASE, cap)), Call(lambda b: cap / b, BASE), Const(Fraction(1))))

    def least(env: Env) -> Fraction | None:
        k = Fraction(1)
        months, before, base = MONTHS(env), BEFORE(env), BASE(env)
        if limit and months is not UNKNOWN and months:
            left = 1 if before is UNKNOWN else limit - before
            if left <= 0:
                return None  # the period is used up: this category pays nothing
            if months > left:
                k *= Fraction(left, months)
        if cap is not None and base is not UNKNOWN and base > cap:
            k *= cap / base
        return k

    return factor, least


def _words(rule: Any, cat: Any, limit: int | None, cap: Fraction | None, year: int) -> tuple[Callable, Callable]:
    """The formula and the notes of a category (measures' words, from the values given)."""
    wage = rule.average_wage_yuan
    names = "+".join(COMPONENT_NAMES[c][0] for c in cat.components)
    names_en = "+".join(COMPONENT_NAMES[c][1] for c in cat.components)
    share = cat.share if not cat.share_min else f"{cat.share_min}～{cat.share}"

    def formula(given: tuple, before: int | None, months: int | None, base: Decimal | None, amount: Fraction) -> T:
        counted = [v or Decimal(0) for v in given]
        total = sum(counted, Decimal(0))
        zh = en = ""
        if limit and months:
            left = limit - (before or 0)
            if months > left:
                zh += f" × {left}/{months}（补贴期限剩余 {left} 个月）"
                en += f" × {left}/{months} ({left} months of the period left)"
        if cap is not None and base is not None and Fraction(base) > cap:
            shown = wage.value / 12
            zh += f" × {number(shown)}/{number(base)}（缴费基数上限：上年度平均工资 {number(wage.value)} 的十二分之一）"
            en += f" × {number(shown)}/{number(base)} (base cap: a twelfth of last year's average wage {number(wage.value)})"
        parts = " + ".join(number(v) for v in counted)
        return T(
            f"（{names}）{parts} = {{tot}}{zh} × {share} = {{x}} 元",
            f"({names_en}) {parts} = {{tot}}{en} × {share} = {{x}} yuan",
            {"tot": total, "x": to_yuan(amount)},
        )

    later: list[T] = []
    if wage is not None:
        cited = cite(
            wage,
            t(
                "{y} 年缴费的基数上限所用的上年度平均工资",
                "previous year's average wage capping the base of {y} contributions",
                y=year,
            ),
        )
        if cited:
            later.append(cited)
    elif rule.base_cap_named is not None:
        later.append(
            t(
                "缴费基数上限为{c}，数据文件未设评估日所在年度适用的数额，未按上限核减",
                "the base is capped at {c}, which the data does not set for the as-of year: no cap applied",
                c=pair(rule.base_cap_named, "value"),
            )
        )
    if cat.share_min:
        later.append(
            t(
                "文件给出区间：不低于 {a}，不高于 {b}；金额取上限，下限另列",
                "the document gives a range from {a} to {b}: upper end shown, lower end in amount_min_yuan",
                a=cat.share_min,
                b=cat.share,
            )
        )

    def notes(given: tuple) -> list[T]:
        absent = [c for c, v in zip(cat.components, given, strict=True) if v is None]
        out: list[T] = []
        if absent:
            kept = [c for c, v in zip(cat.components, given, strict=True) if v is not None]
            out.append(
                T(
                    "未提供的{a}保险费按未缴纳计（0 元）；计入：{k}".format(
                        a="、".join(COMPONENT_NAMES[c][0] for c in absent),
                        k="、".join(COMPONENT_NAMES[c][0] for c in kept) or "无",
                    ),
                    "contributions not given count as not paid (0): {a}; counted: {k}".format(
                        a=", ".join(COMPONENT_NAMES[c][1] for c in absent),
                        k=", ".join(COMPONENT_NAMES[c][1] for c in kept) or "none",
                    ),
                )
            )
        return out + later

    return formula, notes


def build(rule: Any, as_of: date) -> Program:
    """The program of one rule view (timeline.view) at its as-of date."""
    common = [P.works_as(tuple(rule.activity.value))]
    if rule.require_minimum_base and rule.require_minimum_base.value:
        common.append(minimum_base(rule.minimum_base_key))
    wage = rule.average_wage_yuan
    cap = Fraction(wage.value) / 12 if wage is not None else None  # a monthly base: a twelfth of the year's
    datas = rule.categories.value
    limits = [c.max_months + (c.extension_months or 0) if c.max_months else None for c in datas]
    factors = [_factor(limit, cap) for limit in limits]
    paid = Paid(tuple(least for _, least in factors))
    given = Or(*(Given(f) for f in PAID.values()))
    cats: list[Category] = []
    for cat, limit, (factor, _) in zip(datas, limits, factors, strict=True):
        who = (
            P.who_paths(tuple(cat.who))
            if cat.who
            else Check(Const(True), Const(T(cat.label, cat.label_en)), Const(None), Const(None))
        )
        total = Mul(Add(*(_counted(c) for c in cat.components)), factor)
        # asked in this order when none is given: the category's parts, then the others
        asks = tuple(dict.fromkeys(f"{SI}{c}_yuan" for c in (*cat.components, *COMPONENTS)))
        contributions = Check(
            paid,
            Const(None),
            Const(None),
            Const(t("需实际缴纳的社会保险费", "contributions actually paid needed")),
            asks=asks,
        )
        cats.append(
            Category(
                cat,
                who,
                contributions,
                months_left(cat, limit) if limit else None,
                P.near_retirement(cat.near_retirement_months) if cat.near_retirement_months else None,
                Mul(total, Const(Fraction(cat.share))),
                Mul(total, Const(Fraction(cat.share_min))) if cat.share_min else None,
            )
        )
    choice = Choice(tuple(cats))
    head = And(*(c.cond for c in common))
    open_head = Not(Is(head, False))
    checks: list[Check] = list(common)
    for i, c in enumerate(cats):
        shown = And(open_head, _holds(choice, 0, i))
        for x in c.checks:
            checks.append(dataclasses.replace(x, when=And(shown, Not(given)) if x is c.contributions else shown))
    labels = " / ".join(c.label for c in datas)
    labels_en = " / ".join(c.label_en for c in datas)
    checks.append(
        Check(
            Const(False),
            Const(None),
            Const(T(f"身份不符，需为：{labels}", f"not in a qualifying group: {labels_en}")),
            Const(None),
            when=And(open_head, Call(lambda ch: ch[0] is None, choice)),
        )
    )
    # a floor's group check: with a common check open it is part of the undecided answer
    checks += [dataclasses.replace(c.who, when=And(Is(head, UNKNOWN), _floor(choice, i))) for i, c in enumerate(cats)]
    steps: list[Step] = [Step("check", c.who, _floor(choice, i)) for i, c in enumerate(cats)]
    formulas, amounts, mins = [], [], []
    for i, (c, limit) in enumerate(zip(cats, limits, strict=True)):
        formula, notes = _words(rule, c.cat, limit, cap, as_of.year)
        chosen = _holds(choice, 1, i)
        given_parts = tuple(Opt(PAID_GIVEN[p]) for p in c.cat.components)
        steps.append(Step("notes", Call(lambda *g, f=notes: f(g), *given_parts), chosen))
        worded = Call(
            lambda b, m, base, amount, *g, f=formula: f(g, b, m, base, amount),
            Opt(BEFORE),
            Opt(MONTHS),
            Opt(BASE_GIVEN),
            c.amount,
            *given_parts,
        )
        formulas.append((chosen, worded))
        amounts.append((chosen, c.amount))
        mins.append((chosen, c.amount_min if c.amount_min is not None else Const(None)))
    return Program(
        checks=tuple(checks),
        steps=tuple(steps),
        amount=FirstOf(*amounts),
        amount_min=FirstOf(*mins) if any(c.amount_min is not None for c in cats) else None,
        formula=FirstOf(*formulas),
        # rules.md "Certain floor": a better category open only on its group, paying more
        raise_when=tuple((_floor(choice, i), c.who.cond) for i, c in enumerate(cats)),
    )
