"""household_limit in the rule language: taxes due deducted up to a yearly household limit, 36 months.

The clause (财税〔2019〕22号 第一条, restated by each city's document; 2023年第15号公告 from 2023):
  建档立卡贫困人口、持《就业创业证》或《就业失业登记证》的人员……从事个体经营的，自办理个体
  工商户登记当月起，在3年（36个月，下同）内按每户每年12000元为限额依次扣减其当年实际应缴纳的
  增值税、城市维护建设税、教育费附加、地方教育附加和个人所得税。限额标准最高可上浮20%……
  纳税人年度应缴纳税款小于上述扣减限额的，减免税额以其实际缴纳的税款为限；大于上述扣减限额的，
  以上述扣减限额为限。
rules.md: the tax year of the as-of date counts whole (a window closed earlier that year still
gives its months); a limit that changes within the window counts each month at the limit then in
force (monthly proration); absent tax due → the amount is the ceiling (not asked).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from flexcalc.catalogue import clause_pair, pair
from flexcalc.dates import months_of_year_in_window
from flexcalc.rules import predicates as P
from flexcalc.rules.lang import (
    Add,
    And,
    AsOf,
    Call,
    Check,
    Const,
    Fact,
    Given,
    Min,
    MonthIndex,
    Not,
    Or,
    When,
    gt,
    le,
    lt,
    words,
)
from flexcalc.rules.program import Program, Step
from flexcalc.text import number, t
from flexcalc.timeline import cite, timeline_of, value_text

TAX_DUE = Fact("business.tax_due_yuan", "money", asked=False)  # absent: the ceiling (rules.md)
TAX_DUE_GIVEN = Fact("business.tax_due_yuan", "raw", asked=False)  # as the profile writes it


def build(rule: Any, as_of: date) -> Program:
    """The program of one rule view (timeline.view) at its as-of date."""
    reg = P.REGISTERED
    first = MonthIndex(reg)
    count = rule.window_months.value
    year = as_of.year
    last = Add(first, count - 1)
    window = words(
        "自 {y}年{m}月 起 {n} 个月",
        "{n} months from {y}-{m:02d}",
        y=Call(lambda d: d.year, reg),
        m=Call(lambda d: d.month, reg),
        n=count,
    )
    months = Call(lambda f: months_of_year_in_window(f, count, year), first)
    spans = Call(lambda f: _spans(rule, f, count, year), first)
    ranged = Call(lambda s: any(getattr(e, "value_min", None) is not None for e, _ in s), spans)
    limit = Call(lambda s: sum((Fraction(e.value) * k / 12 for e, k in s), Fraction(0)), spans)
    limit_min = Call(lambda s: sum((Fraction(e.value_min or e.value) * k / 12 for e, k in s), Fraction(0)), spans)
    terms = Call(lambda s: " + ".join(f"{value_text(e)} × {k}/12" for e, k in s), spans)
    terms_min = Call(lambda s: " + ".join(f"{number(e.value_min or e.value)} × {k}/12" for e, k in s), spans)
    given = Given(TAX_DUE)
    amount = When(given, Min(limit, TAX_DUE), limit)
    amount_min = When(given, Min(limit_min, TAX_DUE), limit_min)
    due_words = ("min({t}, 应纳税费 {d}) = {x} 元", "min({t}, tax due {d}) = {x} yuan")
    formula = When(
        given,
        When(
            ranged,
            words(
                "min(应纳税费 {d}, {t}) = {x} 元",
                "min(tax due {d}, {t}) = {x} yuan",
                t=terms,
                d=TAX_DUE_GIVEN,
                x=amount,
            ),
            words(*due_words, t=terms, d=TAX_DUE_GIVEN, x=amount),
        ),
        words("{t} = {l} 元（扣减上限）", "{t} = {l} yuan (ceiling)", t=terms, l=limit),
    )
    lower = When(
        given,
        words(*due_words, t=terms_min, d=TAX_DUE_GIVEN, x=amount_min),
        words("{t} = {l} 元", "{t} = {l} yuan", t=terms_min, l=limit_min),
    )
    return Program(
        checks=(
            P.who(rule.who),
            P.works_as(tuple(rule.activity.value)),
            _registration(rule),
            # relief = min(limit, tax due): no tax due is nothing, whatever else is unknown (rules.md "Amount of nothing")
            P.nothing_given(P.none_of(TAX_DUE)),
        ),
        windows=(
            (
                Or(lt(last, year * 12), gt(first, year * 12 + 11)),
                words(
                    "扣减期限（{w}）在 {y} 纳税年度之前已届满",
                    "the deduction window ({w}) ended before the {y} tax year",
                    w=window,
                    y=year,
                ),
            ),
        ),
        steps=(
            Step(
                "note",
                words(
                    "扣减期限（{w}）已于本年度内届满，本年度期内 {k} 个月的扣减仍可享受",
                    "the window ({w}) closed earlier this year; relief for its {k} months in {y} is still due",
                    w=window,
                    k=months,
                    y=year,
                ),
                gt(MonthIndex(AsOf()), last),
            ),
            Step(
                "check",
                Check(
                    Const(True),
                    words(
                        "{y} 年在扣减期内 {k} 个月（{w}）",
                        "{k} months of {y} inside the window ({w})",
                        y=year,
                        k=months,
                        w=window,
                    ),
                    Const(None),
                    Const(None),
                ),
            ),
            Step(
                "stop",
                words(
                    "{y} 年没有有效的扣减限额（数据中各期均不覆盖）", "no deduction limit is in force in {y}", y=year
                ),
                Call(lambda s: not s, spans),
            ),
            Step("notes", Call(lambda s: _cited(s, year), spans)),
            Step(
                "note",
                words("未提供当年应纳税额，金额为扣减上限", "tax due not given: the amount is the ceiling"),
                Not(given),
            ),
            Step(
                "note",
                words(
                    "依次扣减增值税、城市维护建设税、教育费附加、地方教育附加和个人所得税，当年扣减不完不结转",
                    "deducted in order from VAT, city-maintenance tax, education surcharges and income tax; no carry-over",
                ),
                given,
            ),
            Step(
                "note",
                words(
                    "国家限额 {lo} 元，省级最多上浮20%（{hi} 元）；本省所定数字未列入数据，金额按上限计，下限为 {x}",
                    "the national limit is {lo} yuan, which a province may raise by up to 20% ({hi}); this province's "
                    "figure is not in the data, so the amount is the upper end, and the lower end is {x}",
                    lo=Call(lambda s: _ends(s, "value_min"), spans),
                    hi=Call(lambda s: _ends(s, "value"), spans),
                    x=lower,
                ),
                ranged,
            ),
        ),
        amount=amount,
        amount_min=When(ranged, amount_min, Const(None)),
        formula=formula,
    )


def _registration(rule: Any) -> Check:
    """The registration month within the policy period in force at the as-of date (a later
    national extension admits later registrations)."""
    reg = P.REGISTERED
    after = gt(reg, AsOf())
    late = words("登记日 {r} 晚于评估日", "registered {r}, after the as-of date", r=reg)
    unknown = words("需个体工商户登记日期", "business registration date needed")
    lo, hi = rule.registered_from, rule.registered_until
    if not (lo and hi):
        return Check(Not(after), words("个体工商户登记于 {r}", "registered {r}", r=reg), late, unknown)
    within = And(
        le(lo.value.year * 12 + lo.value.month - 1, MonthIndex(reg)),
        le(MonthIndex(reg), hi.value.year * 12 + hi.value.month - 1),
    )
    text = ("登记于 {r}（政策期 {a} 至 {b}）", "registered {r} (policy period {a} to {b})")
    slots: dict[str, Any] = {"r": reg, "a": lo.value, "b": hi.value}
    extended = getattr(hi, "restates", None) if getattr(hi, "layer", "city") != "city" else None
    if extended is not None:
        text = (
            "登记于 {r}（政策期 {a} 至 {b}：{d} 延长了本市文件 {c} 所写的 {o}）",
            "registered {r} (policy period {a} to {b}: {d} extended {o} in clause {c} of the city's document)",
        )
        slots.update(d=pair(hi, "document"), c=clause_pair(extended), o=extended.value)
    period = words(*text, **slots)
    return Check(And(Not(after), within), period, When(after, late, period), unknown)


def _spans(rule: Any, first: int, count: int, year: int) -> list:
    """(entry, months) for the window's months of `year`, consecutive months under one entry together."""
    timeline = timeline_of(rule, "annual_limit")
    lo, hi = max(first, year * 12), min(first + count - 1, year * 12 + 11)
    spans: list = []
    for index in range(lo, hi + 1):
        y, m = divmod(index, 12)
        entry = timeline.at(date(y, m + 1, 1)) if timeline else rule.annual_limit
        if entry is None:
            continue
        if spans and spans[-1][0] is entry:
            spans[-1][1] += 1
        else:
            spans.append([entry, 1])
    return spans


def _cited(spans: list, year: int) -> list:
    out = []
    for e, _ in spans:
        cited = cite(e, t("{y} 年适用的每户每年限额", "yearly household limit for {y}", y=year))
        if cited is not None:
            out.append(cited)
        elif e.document:
            out.append(t("限额依据 {d}", "limit set by {d}", d=pair(e, "document")))
    return out


def _ends(spans: list, attr: str) -> str:
    return "、".join(
        dict.fromkeys(number(getattr(e, attr)) for e, _ in spans if getattr(e, "value_min", None) is not None)
    )
