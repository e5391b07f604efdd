"""capped_loan in the rule language: 创业担保贷款, min(requested, cap), or the cap when nothing is requested.

The clauses (each city's document; the individual cap follows the national rule, 200,000 yuan,
300,000 from 2023-10-01 under 财金〔2023〕75号, where the data says `follows`):
  乌鲁木齐 三（二）: 符合我市创业担保贷款申请条件且从事个体经营的来乌创业人员，可申请最高不超过20万元的
    个人创业担保贷款及贴息挟持，贷款期限三年
  西宁 10: 對自主創業的10類人員,符合條件的按規定給予最高不超過20萬元的創業擔保貸款,貸款期限最長不超過
    3年,並給予財政貼息。合夥創業的,按合夥創業人數,發放最高額度不超過220萬元的創業擔保貸款。……對符合
    條件且經營穩定守信的二次創業者等特定羣體以及新發放的10萬元及以下的個人創業擔保貸款原則上取消反擔保。
  连云港（一）: 对城镇登记失业人员、就业困难人员、复员转业退役军人等在我市从事个体经营自主创业者和互联网
    平台就业人员……可给予最高50万元的富民创业担保贷款及贴息政策支持；（六）对符合条件的借款人，免除反担保要求
  大连（五）: 依据……（财金〔2020〕21号）等文件要求，落实创业担保贷款贴息政策（the cap: the national one）
  威海 7: 对符合条件的个人创业、合伙创业，可分别申请最高20万元、60万元的创业担保贷款，财政按规定给予贴息。
    对符合条件的借款人，免除反担保要求。
rules.md "guarantee_loan": a business in the profile, registered or `business.planned`, qualifies;
"No business" is ineligible with the cap they could ask for in the reason; a partnership (partners
≥ 2) has its own cap; `partners` absent: the individual cap, a floor where a partnership's is higher.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from flexcalc.catalogue import clause_pair, pair
from flexcalc.rules import predicates as P
from flexcalc.rules.lang import (
    UNKNOWN,
    AlsoAsks,
    And,
    Call,
    Check,
    Const,
    Expr,
    Fact,
    Given,
    Is,
    Min,
    Not,
    Or,
    When,
    eq,
    ge,
    gt,
    le,
    words,
)
from flexcalc.rules.program import Program, Step
from flexcalc.text import t
from flexcalc.timeline import cite

REQUESTED = Fact("loan.requested_yuan", "money")
REQUESTED_GIVEN = Fact("loan.requested_yuan", "raw")  # as the profile writes it
# min(requested, cap): asking under 0.01 yuan is nothing to lend, whatever else is unknown (rules.md "Amount of nothing")
NOTHING_REQUESTED = t("申请金额不足 0.01 元：无可贷金额", "the amount asked for is under 0.01 yuan: nothing to lend")
PARTNERS = Fact("business.partners", "int")
SECOND_TIME = Fact("business.second_time", "bool", (True, False))


def Held(x: Expr) -> Expr:
    """x is known to hold (always known: an unknown x is not held)."""
    return Is(x, True)


def Open(x: Expr) -> Expr:
    """x is unknown (always known)."""
    return Is(x, UNKNOWN)


def starting(rule: Any) -> Check:
    """rules.md: the loan is for starting a business — registered, or being set up (business.planned).
    A planned business of a type the loan is not for fails; of unknown type, it asks the type; with
    no business and no form, `business.planned` is asked after the work's facts."""
    works = P.works_as(tuple(rule.activity.value))
    w = works.cond
    planned = Held(eq(P.PLANNED, True))
    setting_up = And(planned, Open(w), Given(P.BUSINESS_TYPE))
    no_business = P.no_business()
    # with no business object, a planned one would settle it too (rules.md "Planned business")
    unsettled = AlsoAsks(w, When(Given(P.BUSINESS), Const(True), P.PLANNED))
    yes, no = Const(True), Const(False)
    cond = When(Held(w), yes, When(setting_up, yes, When(planned, w, When(no_business, no, unsettled))))
    return Check(
        cond,
        When(Held(w), works.yes, Const(t("正在筹备创业（尚未登记）", "setting up a business (not registered yet)"))),
        When(
            And(Not(planned), no_business),
            Const(
                t(
                    "档案显示未经营任何经营主体；登记营业（或筹备创业）后可申请，个人额度上限 {c} 元",
                    "the profile shows no business; the loan opens once a business is registered "
                    "(or being set up), up to {c} yuan for one person",
                    c=rule.cap.value,
                )
            ),
            works.no,
        ),
        works.unknown,
        When(Held(w), works.soft, Const(())),
    )


def build(rule: Any, as_of: date) -> Program:
    """The program of one rule view (timeline.view) at its as-of date."""
    single = rule.cap.value
    per, top, joint = rule.partnership_per_partner, rule.partnership_max, rule.partnership_cap
    counted = And(Given(PARTNERS), ge(PARTNERS, 2))  # a partnership of two or more
    alone = t("个人创业", "individual")
    if per is not None and top is not None:
        p, m = per.value, top.value
        cap: Expr = When(counted, Call(lambda n: min(p * n, m), PARTNERS), Const(single))
        joint_words: Expr = words(
            "合伙 {n} 人：min({n} × {p}, {m})", "partnership of {n}: min({n} × {p}, {m})", n=PARTNERS, p=p, m=m
        )
    elif joint is not None:
        cap = When(counted, Const(joint.value), Const(single))
        joint_words = words("合伙创业 {n} 人", "partnership of {n}", n=PARTNERS)
    else:
        cap = Const(single)
        joint_words = Const(t("文件未设合伙额度，按个人额度", "no partnership cap in the document: individual cap"))
    higher = per is not None or joint is not None  # a partnership may borrow more
    unknown_words = (
        t("个人创业；合伙创业额度更高，需合伙人数", "individual; a partnership may borrow more: partners needed")
        if higher
        else t("个人创业；合伙创业请填合伙人数", "individual; give business.partners for a partnership")
    )
    why = When(Given(PARTNERS), When(ge(PARTNERS, 2), joint_words, Const(alone)), Const(unknown_words))
    exact_cap = Call(Fraction, cap)
    given = Given(REQUESTED)
    amount = When(given, Min(REQUESTED, exact_cap), exact_cap)
    formula = When(
        given,
        words(
            "min(申请 {r}, 上限 {c}（{w}）) = {a} 元",
            "min(requested {r}, cap {c} ({w})) = {a} yuan",
            r=REQUESTED_GIVEN,
            c=cap,
            w=why,
            a=amount,
        ),
        words("额度上限 {c}（{w}）= {c} 元", "cap {c} ({w}) = {c} yuan", c=cap, w=why),
    )
    steps = [
        Step("note", Const(t("未提供申请金额，按额度上限", "no amount requested: the cap is shown")), Not(given)),
        Step("notes", Call(lambda on: list(_cited(rule, as_of, on and per is not None)), Held(counted))),
    ]
    if rule.term_years:
        years = rule.term_years.value
        steps.append(
            Step(
                "note", Const(t("贷款期限最长 {y} 年，财政贴息", "term up to {y} years, interest subsidised", y=years))
            )
        )
    steps += _counter_guarantee(rule)
    return Program(
        checks=(P.who(rule.who), starting(rule), P.nothing_given(P.none_of(REQUESTED), NOTHING_REQUESTED)),
        steps=tuple(steps),
        amount=amount,
        formula=formula,
        # rules.md "Certain floor": partners absent, a partnership's higher cap may still apply
        raise_when=((And(Not(Given(PARTNERS)), Or(Not(given), gt(REQUESTED, Fraction(single)))), PARTNERS),)
        if higher
        else (),
    )


def _cited(rule: Any, day: date, per_head: bool) -> list:
    """The caps read at the as-of date (the application date: see timeline.view), or the document."""
    cited = [
        cite(
            rule.cap,
            t("申请日（评估日 {d}）适用的个人额度上限", "individual cap on the application (as-of) date {d}", d=day),
        )
    ]
    if per_head:
        cited.append(
            cite(
                rule.partnership_per_partner,
                t(
                    "申请日（评估日 {d}）适用的合伙创业每人额度",
                    "partnership cap per head on the as-of date {d}",
                    d=day,
                ),
            )
        )
    if any(cited):
        return [c for c in cited if c is not None]
    if rule.cap.document:
        return [t("额度上限依据 {d}", "cap set by {d}", d=pair(rule.cap, "document"))]
    return []


def _counter_guarantee(rule: Any) -> list[Step]:
    """反担保: waived outright, or waived in principle up to an amount or for a second-time founder."""
    if rule.counter_guarantee_waived and rule.counter_guarantee_waived.value:
        c = clause_pair(rule.counter_guarantee_waived)
        return [Step("note", Const(t("免除反担保（第{c}条）", "counter-guarantee waived (clause {c})", c=c)))]
    if rule.counter_guarantee_waived_up_to is None:
        return []
    limit = rule.counter_guarantee_waived_up_to.value
    waived = Held(Or(le(REQUESTED, Fraction(limit)), eq(SECOND_TIME, True)))
    return [
        Step(
            "note",
            When(
                waived,
                Const(
                    t(
                        "原则上取消反担保（{l} 元及以下或二次创业者）",
                        "counter-guarantee waived in principle (≤ {l} yuan or second-time entrepreneur)",
                        l=limit,
                    )
                ),
                Const(
                    t(
                        "{l} 元及以下的贷款或经营稳定守信的二次创业者原则上免反担保",
                        "loans ≤ {l} yuan or stable second-time entrepreneurs are in principle exempt from "
                        "counter-guarantee",
                        l=limit,
                    )
                ),
            ),
        )
    ]
