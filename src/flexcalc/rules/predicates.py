"""Predicates several shapes share, built in the rule language once per (long-lived) data object."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from flexcalc.context import ACTIVITY_NAMES, BUSINESS_KIND, BUSINESS_KINDS, _options, _words, planned_text
from flexcalc.models.profile import ORIGINAL_AGES
from flexcalc.models.rules import GroupPath, Who
from flexcalc.rules.lang import (
    AddMonths,
    And,
    Asks,
    AsOf,
    Call,
    Check,
    Const,
    Expr,
    Fact,
    FirstTrue,
    Given,
    HasAll,
    HasAny,
    Not,
    Or,
    RetirementDay,
    When,
    WholeMonths,
    eq,
    ge,
    gt,
    isin,
    le,
    lt,
    words,
)
from flexcalc.text import T, t

FORMS = ("individual_business", "micro_enterprise", "part_time", "platform", "other_flexible", "none")
GROUPS = Fact("groups", "groups")
RURAL = Fact("rural_hukou", "bool", (True, False))
CERTIFICATE = Fact("holds_employment_certificate", "bool", (True, False))
GRADUATED = Fact("graduated_on", "date")
FORM = Fact("employment.form", "enum", FORMS)
BUSINESS_TYPE = Fact("business.type", "enum", ("individual", "micro_enterprise"))
REGISTERED = Fact("business.registered_on", "date")
PLANNED = Fact("business.planned", "bool", (True, False))
BIRTH = Fact("birth_date", "date")
GENDER = Fact("gender", "enum", ("male", "female"))
ORIGINAL_AGE = Fact("original_retirement_age", "enum", ORIGINAL_AGES)
BUSINESS = Fact("business", "object", asked=False)  # a business object is a business (rules.md)
PLATFORM = frozenset({"platform_worker"})
WOMEN_AGES = (50, 55)  # rules.md "statutory retirement age": women 50 or 55 — ask when absent


def path_expr(path: GroupPath) -> Expr:
    """One group path (an AND): its groups, then hukou, certificate and graduation window, in the
    order its facts are asked."""
    parts: list[Expr] = []
    if path.all_of:
        parts.append(HasAll(GROUPS, frozenset(path.all_of)))
    if path.any_of:
        parts.append(HasAny(GROUPS, frozenset(path.any_of)))
    if path.rural_hukou is not None:
        parts.append(eq(RURAL, path.rural_hukou))
    if path.employment_certificate is not None:
        parts.append(eq(CERTIFICATE, path.employment_certificate))
    if path.graduated_within_months is not None:
        parts.append(lt(AsOf(), AddMonths(GRADUATED, path.graduated_within_months)))
    return And(*parts) if parts else Const(True)


def _paths_check(paths: list[GroupPath]) -> Check:
    """One of `paths` holds (an OR of ANDs), with context.Ctx.who_paths's words."""
    exprs = tuple(path_expr(p) for p in paths)
    return Check(
        Or(*exprs),
        FirstTrue(
            tuple((e, _words(p, "身份符合：{}", "qualifying group: {}")) for e, p in zip(exprs, paths, strict=True))
        ),
        Const(_options(paths, "身份不符，需为：{}", "not in a qualifying group: {}")),
        Const(_options(paths, "身份待确认，需为：{}", "group to confirm, one of: {}")),
    )


_WHO: dict[int, tuple[Who, Check]] = {}


def who(w: Who) -> Check:
    """rules.md groups: one of the data's group paths holds (an OR of ANDs), with today's words."""
    hit = _WHO.get(id(w))
    if hit is None or hit[0] is not w:
        hit = _WHO[id(w)] = (w, _paths_check(list(w.value)))
    return hit[1]


_PATHS: dict[tuple, tuple[tuple, Check]] = {}


def who_paths(paths: tuple) -> Check:
    """One of a list of group paths holds (Ctx.who_paths: its words, its facts in its order),
    memoised on the (long-lived) data objects."""
    objs = tuple(paths)
    key = tuple(map(id, objs))
    hit = _PATHS.get(key)
    if hit is None or any(a is not b for a, b in zip(hit[0], objs, strict=True)):
        hit = _PATHS[key] = (objs, _paths_check(list(objs)))
    return hit[1]


_WORKS: dict[tuple, Check] = {}


def works_as(kinds: tuple[str, ...]) -> Check:
    """rules.md "Activity" and "Form decides the kind of business" (context.Ctx._works_as's
    answers and words): the form, or the business's type, is one of `kinds`; a business of
    unknown type qualifies where every type would; with the form absent, the platform_worker
    group is fair evidence (a soft fact). Unknown, it asks business.type, employment.form,
    groups, business.registered_on (those that could settle it, in that order)."""
    kinds = tuple(kinds)
    hit = _WORKS.get(kinds)
    if hit is None:
        hit = _WORKS[kinds] = _works(kinds)
    return hit


def _works(kinds: tuple[str, ...]) -> Check:
    wanted = set(kinds)
    every = BUSINESS_KINDS <= wanted  # every type of business qualifies
    form_given, typed, present = Given(FORM), Given(BUSINESS_TYPE), Given(BUSINESS)
    parts: list[Expr] = []
    if BUSINESS_KINDS & wanted:
        of_type = isin(BUSINESS_TYPE, (k for k, v in BUSINESS_KIND.items() if v in wanted))
        by_form = And(form_given, isin(FORM, BUSINESS_KINDS))  # the form says which kind (rules.md)
        if every:  # a business of unknown type qualifies; without one, a type would say there is one
            untyped = And(Not(typed), Not(by_form), Or(present, And(Not(form_given), of_type)))
        else:  # a business of unknown type, or none known: its type decides
            untyped = And(Not(typed), Not(by_form), Or(present, Not(form_given)), of_type)
        parts.append(Or(And(typed, of_type), untyped))
    parts.append(isin(FORM, kinds))
    by_group = And(Not(form_given), HasAny(GROUPS, PLATFORM))
    if "platform" in wanted:
        parts.append(by_group)
    if every:  # no business and no form: a registered business of any type would do
        parts.append(And(Not(present), Not(form_given), le(REGISTERED, AsOf())))
    names = "、".join(ACTIVITY_NAMES[k][0] for k in kinds)
    names_en = ", ".join(ACTIVITY_NAMES[k][1] for k in kinds)
    plain = T(f"从事{names}", f"works in: {names_en}")
    grouped = T(f"从事{names}（按人员类别推定）", f"works in: {names_en} (by group)")
    yes: Expr = Const(plain)
    soft: Expr = Const(())
    if "platform" in wanted:  # the group's words and soft fact only where nothing else holds
        others = tuple(x for x in parts if x is not by_group)
        yes = FirstTrue((*((x, plain) for x in others), (by_group, grouped)), default=plain)
        soft = FirstTrue((*((x, ()) for x in others), (by_group, ("employment.form",))), default=())
    return Check(
        Or(*parts),
        yes,
        Const(T(f"未从事{names}", f"does not work in: {names_en}")),
        Const(T(f"未知是否从事{names}", f"unknown whether the person works in: {names_en}")),
        soft,
    )


def flexible_worker() -> Check:
    """灵活就业 per rules.md: a flexible form of work or an individual business (Ctx.flexible_worker)."""
    return works_as(("individual_business", "part_time", "platform", "other_flexible"))


def planned() -> Expr:
    """rules.md "Planned business" at the as-of date: registered after it, or `planned: true`
    without a registration (context.business_state == "planned"; `planned: false` without a date
    is registered, a business with neither fact unknown)."""
    return When(Given(REGISTERED), gt(REGISTERED, AsOf()), eq(PLANNED, True))


def no_business() -> Expr:
    """rules.md "No business": the form is given, is not a business form, and there is no
    `business` (Ctx.runs_no_business; always known)."""
    return And(Not(Given(BUSINESS)), Given(FORM), Not(isin(FORM, BUSINESS_KINDS)))


_OPERATING: dict[int, Check] = {}


def operating_at_least(months: int) -> Check:
    """正常经营满 N 个月 (rules.md "months operating" ≥ N, Ctx.operating_at_least): whole months
    from business.registered_on to the as-of date; a planned business fails with the words that
    say when the measure opens; without the date, it asks business.registered_on alone."""
    hit = _OPERATING.get(months)
    if hit is None:
        plan = planned()
        count = WholeMonths(REGISTERED, AsOf())
        hit = _OPERATING[months] = Check(
            And(Not(plan), ge(count, months)),
            words("正常经营 {m} 个月 ≥ {n}", "operating {m} months ≥ {n}", m=count, n=months),
            When(
                plan,
                When(Given(REGISTERED), Const(planned_text(True, months)), Const(planned_text(False, months))),
                words("正常经营 {m} 个月 < {n}", "operating {m} months < {n}", m=count, n=months),
            ),
            Const(t("需营业执照登记日期", "business registration date needed")),
            asks=(REGISTERED.path,),
        )
    return hit


_NEAR: dict[int, Check] = {}


def near_retirement(months: int) -> Check:
    """Within N months before the statutory retirement day (rules.md, the data's retirement table
    with the 2025 reform by the law in force at the as-of date; context.near_retirement): an
    absent gender or original age is asked only when the ages it leaves open disagree."""
    hit = _NEAR.get(months)
    if hit is None:
        hit = _NEAR[months] = _near(months)
    return hit


def _near(months: int) -> Check:
    days: dict[int, Expr] = {a: RetirementDay(BIRTH, a) for a in ORIGINAL_AGES}
    men = RetirementDay(BIRTH)  # the data's age for men

    def within(day: Expr) -> Expr:
        return And(le(AddMonths(day, -months), AsOf()), lt(AsOf(), day))

    def by_age(of: dict[int, Expr], last: Expr, ages: tuple[int, ...]) -> Expr:
        """The one of the age given; with the age absent, the answer all of `ages` agree on."""
        out = last
        for a in reversed(ages):
            out = When(isin(ORIGINAL_AGE, (a,)), of[a], out)
        return out

    near = {a: within(d) for a, d in days.items()}
    men_near = within(men)
    *others, top = ORIGINAL_AGES
    male = And(Given(GENDER), isin(GENDER, ("male",)))
    female = And(Given(GENDER), isin(GENDER, ("female",)))
    women = by_age(near, near[WOMEN_AGES[-1]], WOMEN_AGES[:-1])
    value = When(
        Given(ORIGINAL_AGE),
        by_age(near, near[top], tuple(others)),
        When(
            isin(GENDER, ("male",)),
            men_near,
            When(isin(GENDER, ("female",)), women, by_age(near, men_near, WOMEN_AGES)),
        ),
    )
    first = When(Given(ORIGINAL_AGE), by_age(days, days[top], tuple(others)), When(female, days[WOMEN_AGES[0]], men))
    joined = When(
        Given(ORIGINAL_AGE),
        first,
        When(
            male,
            men,
            When(
                female,
                Call(_joined, *(days[a] for a in WOMEN_AGES)),
                Call(_joined, men, *(days[a] for a in WOMEN_AGES)),
            ),
        ),
    )
    return Check(
        Asks(value, ((BIRTH,), (GENDER, ORIGINAL_AGE))),
        words(
            "距法定退休年龄 {n} 个月内（退休日 {r}）",
            "within {n} months of statutory retirement ({r})",
            n=months,
            r=first,
        ),
        words(
            "不在距法定退休年龄 {n} 个月内（退休日 {r}）",
            "not within {n} months of statutory retirement ({r})",
            n=months,
            r=joined,
        ),
        When(
            Given(BIRTH),
            Const(t("需性别与原法定退休年龄", "gender and original retirement age needed")),
            Const(t("需出生日期", "birth date needed")),
        ),
    )


def _joined(*days: Any) -> str:
    return " / ".join(str(d) for d in days)


# pipeline.nothing_paid's words (rules.md "Amount of nothing"), for a measure the given facts make 0
NOTHING_PAID = t("没有本项所补的支出（金额为 0）", "nothing paid that this subsidy covers")


def nothing_given(cond: Expr, no: T = NOTHING_PAID) -> Check:
    """rules.md "Amount of nothing" with "Kleene logic": where `cond` holds on the facts given (an amount
    the measure pays at most is 0), the amount is 0 in every completion, so the measure is ineligible
    whatever else is unknown; elsewhere the check is not part of the rule (no words)."""
    return Check(Const(False), Const(None), Const(no), Const(None), when=cond)


def none_of(fact: Fact) -> Expr:
    """The money fact is given and under half a fen: it rounds to 0.00 (the rule's rounding) — for a
    fact the amount is at most (a tax due, a loan asked for), not a factor of it (a rent a ㎡ a day)."""
    return And(Given(fact), lt(fact, Fraction(1, 200)))


def zero(fact: Fact) -> Expr:
    """The number fact is given and is 0 (a factor of the amount: any product with it is 0)."""
    return And(Given(fact), Not(gt(fact, 0)))
