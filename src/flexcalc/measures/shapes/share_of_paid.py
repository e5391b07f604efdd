"""Rule shapes of 灵活就业社会保险补贴 (social_insurance_subsidy): a share of the contributions paid."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from flexcalc.catalogue import pair
from flexcalc.context import Ctx, decide
from flexcalc.measures.shapes.common import RATIO_PATTERN, Activities, NoFigure, apply_ratio, round_yuan, share_problem
from flexcalc.models.fields import FORBID, Field, model, reject
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import MAX_MONTHS, Cited, Flag, GroupPath, Money, NotOffered, RuleBase, Words
from flexcalc.text import T, number, t
from flexcalc.timeline import cite

Component = Literal["pension", "medical", "unemployment"]
COMPONENTS = ("pension", "medical", "unemployment")
_PAID = {c: f"{c}_yuan" for c in COMPONENTS}
COMPONENT_NAMES = {
    "pension": ("养老", "pension"),
    "medical": ("医疗", "medical"),
    "unemployment": ("失业", "unemployment"),
}


@model
class Category:
    """One class of beneficiary: who, which contributions, what share, for how long."""

    __pydantic_config__ = FORBID

    label: Annotated[str, Field(description="who, in the document's words")]
    label_en: str
    who: Annotated[list[GroupPath], Field(description="group paths (OR); empty = every flexible worker")]
    components: list[Component]
    share: Annotated[str, Field(pattern=RATIO_PATTERN, description="a share: 1, 0.6 or 2/3")]
    share_min: Annotated[
        Annotated[str, Field(pattern=RATIO_PATTERN, description="a share: 1, 0.6 or 2/3")] | None,
        Field(description="lower end where the document gives a range"),
    ] = None
    max_months: Annotated[int | None, Field(gt=0, le=MAX_MONTHS, description="subsidy period limit")] = None
    extension_months: Annotated[int | None, Field(gt=0, le=MAX_MONTHS, description="extension of the period limit")] = (
        None
    )
    near_retirement_months: Annotated[
        int | None, Field(gt=0, le=MAX_MONTHS, description="only within N months before retirement")
    ] = None

    def __post_init__(self):
        for key in ("share", "share_min"):
            why = share_problem(getattr(self, key)) if getattr(self, key) is not None else None
            if why:
                reject((key,), *why)
        if self.share_min is not None and Fraction(self.share_min) > Fraction(self.share):
            reject(
                ("share_min",),
                f"share_min {self.share_min} is more than share {self.share}",
                f"share_min {self.share_min} 大于 share {self.share}",
            )


@model
class Categories(Cited):
    """The classes of beneficiary with their clause."""

    value: list[Category]


@model
class ShareOfPaid(RuleBase):
    """The best category the person belongs to: share × contributions actually paid."""

    rule: Literal["share_of_paid"]
    activity: Activities
    categories: Categories
    require_minimum_base: Annotated[
        Flag | None, Field(description="the share is of contributions at the minimum base")
    ] = None
    minimum_base_key: Annotated[
        str | None, Field(description="TOML path of the minimum-base figures, named when needed")
    ] = None
    base_cap_named: Annotated[Words | None, Field(description="a base cap the document names without a figure")] = None
    average_wage_yuan: Annotated[
        Money | None,
        Field(
            description="the region's average wage of the year before the contributions (dated): monthly base cap = /12"
        ),
    ] = None

    def evaluate(self, ctx: Ctx) -> Outcome:
        common = [ctx.works_as(self.activity.value)]
        if self.require_minimum_base and self.require_minimum_base.value:
            common.append(self._minimum_base(ctx))
        # Categories are listed best first. The first that surely applies gives the amount; a
        # better one that cannot be decided yet leaves it a floor (rules.md "Certain floor"), or
        # undecided when it might pay less.
        pending: list[Outcome] = []
        results: list[Outcome] = []
        chosen = None
        for cat in self.categories.value:
            out = self._category(ctx, cat)
            results.append(out)
            if out.status == "eligible":
                chosen = out
                break
            if out.status == "needs_info":
                pending.append(out)
        head = decide(common)
        if head.status == "ineligible":
            return head
        if chosen is None:
            pick = pending[0] if pending else self._no_category(results)
            return decide(common + pick.checks)
        assert chosen.amount is not None  # an eligible category has its amount
        for p in pending:
            if p.amount is None or p.amount < chosen.amount:
                return decide(common + p.checks)  # a better category might pay less: undecided
            if p.amount == chosen.amount:
                continue
            chosen.raise_if.extend(m for m in p.missing if m not in chosen.raise_if)
            chosen.checks.append(next(c for c in p.checks if c.ok is None))
        chosen.checks[:0] = common
        if head.status == "needs_info":
            return decide(chosen.checks)
        return chosen

    def _minimum_base(self, ctx: Ctx) -> Check:
        si = ctx.p.social_insurance
        at_min = si.at_minimum_base if si else None
        if at_min is None:
            return Check(
                None,
                t("需确认是否按最低缴费基数缴费", "paid at the minimum base?"),
                ("social_insurance.at_minimum_base",),
            )
        if at_min:
            return Check(True, t("按最低缴费基数缴费，按实缴计算", "paid at the minimum base: the amount paid is used"))
        return Check(
            None,
            t(
                "补贴按最低缴费基数计算，数据文件未设最低基数与费率",
                "the subsidy is on contributions at the minimum base, which the data does not set",
            ),
            (f"data:{self.minimum_base_key}",),
        )

    def _no_category(self, results: list[Outcome]) -> Outcome:
        """No category applies: the failed conditions of the first one the person's group fits."""
        matched = [r for r in results if r.checks and r.checks[0].ok]
        if matched:
            return matched[0]
        labels = " / ".join(c.label for c in self.categories.value)
        labels_en = " / ".join(c.label_en for c in self.categories.value)
        return Outcome(
            "ineligible",
            checks=[Check(False, T(f"身份不符，需为：{labels}", f"not in a qualifying group: {labels_en}"))],
        )

    def _category(self, ctx: Ctx, cat: Category) -> Outcome:
        """One category, three-valued; a needs_info category whose only doubt is who it is for
        carries the amount it would pay (`amount`), to compare with a worse certain one."""
        who = Check(True, T(cat.label, cat.label_en)) if not cat.who else ctx.who_paths(cat.who)
        checks = [who]
        if who.ok is False:
            return Outcome("ineligible", checks=checks)
        si = ctx.p.social_insurance
        paid = {c: getattr(si, _PAID[c]) if si else None for c in cat.components}  # only the parts it counts
        if si is None or all(getattr(si, _PAID[c]) is None for c in COMPONENTS):
            # any part given settles "no contribution at all" (rules.md "Contributions")
            fields = tuple(f"social_insurance.{c}_yuan" for c in (*cat.components, *COMPONENTS))
            fields = tuple(dict.fromkeys(fields))
            checks.append(Check(None, t("需实际缴纳的社会保险费", "contributions actually paid needed"), fields))
        limit = None
        if cat.max_months:
            limit = cat.max_months + (cat.extension_months or 0)
            checks.append(_months_left(ctx, limit, cat))
        if cat.near_retirement_months:
            checks.append(ctx.near_retirement(cat.near_retirement_months))
        out = decide(checks)
        if out.status == "ineligible" or (out.status == "needs_info" and any(c.ok is None for c in checks[1:])):
            return out
        amount, amount_min, formula, notes = self._amount(ctx, cat, paid, limit)
        if out.status == "needs_info":  # only `who` is in doubt: what it would pay, for comparison
            out.amount = amount
            return out
        out.amount, out.amount_min, out.formula = amount, amount_min, formula
        out.notes.extend(notes)
        return out

    def _amount(self, ctx: Ctx, cat: Category, paid: dict, limit):
        """share × the contributions given of the category's parts (a part not given is not paid)."""
        counted = {c: paid[c] or Decimal(0) for c in cat.components}
        total = sum(counted.values(), Decimal(0))
        names = "+".join(COMPONENT_NAMES[c][0] for c in cat.components)
        names_en = "+".join(COMPONENT_NAMES[c][1] for c in cat.components)
        notes: list[T] = []
        out = Outcome("eligible")
        factor, factor_text = self._factors(ctx, limit, out)
        amount = apply_ratio(total * factor, cat.share)
        amount_min = apply_ratio(total * factor, cat.share_min) if cat.share_min else None
        parts = " + ".join(number(v) for v in counted.values())
        share = cat.share if not cat.share_min else f"{cat.share_min}～{cat.share}"
        formula = T(
            f"（{names}）{parts} = {{tot}}{factor_text[0]} × {share} = {{x}} 元",
            f"({names_en}) {parts} = {{tot}}{factor_text[1]} × {share} = {{x}} yuan",
            {"tot": total, "x": round_yuan(amount)},
        )
        absent = [c for c in cat.components if paid[c] is None]
        if absent:
            notes.append(
                T(
                    "未提供的{a}保险费按未缴纳计（0 元）；计入：{k}".format(
                        a="、".join(COMPONENT_NAMES[c][0] for c in absent),
                        k="、".join(COMPONENT_NAMES[c][0] for c in cat.components if paid[c] is not None) or "无",
                    ),
                    "contributions not given count as not paid (0): {a}; counted: {k}".format(
                        a=", ".join(COMPONENT_NAMES[c][1] for c in absent),
                        k=", ".join(COMPONENT_NAMES[c][1] for c in cat.components if paid[c] is not None) or "none",
                    ),
                )
            )
        notes.extend(out.notes)
        if cat.share_min:
            notes.append(
                t(
                    "文件给出区间：不低于 {a}，不高于 {b}；金额取上限，下限另列",
                    "the document gives a range from {a} to {b}: upper end shown, lower end in amount_min_yuan",
                    a=cat.share_min,
                    b=cat.share,
                )
            )
        return amount, amount_min, formula, notes

    def _factors(self, ctx: Ctx, limit, out: Outcome):
        """Scale for the months left in the subsidy period and for a capped contribution base."""
        factor, zh, en = Decimal(1), "", ""
        si = ctx.p.social_insurance
        assert si is not None  # an amount is worked out from contributions given
        if limit and si.months:
            left = limit - si.subsidised_months_before
            if si.months > left:
                factor = Decimal(left) / Decimal(si.months)
                zh += f" × {left}/{si.months}（补贴期限剩余 {left} 个月）"
                en += f" × {left}/{si.months} ({left} months of the period left)"
        # Looked up at the as-of date: contributions of that year, capped by the previous year's average.
        wage = self.average_wage_yuan
        if wage is not None:
            cap = wage.value / 12
            base = si.monthly_base_yuan
            if base is not None and base > cap:
                factor = factor * cap / base
                zh += (
                    f" × {number(cap)}/{number(base)}（缴费基数上限：上年度平均工资 {number(wage.value)} 的十二分之一）"
                )
                en += f" × {number(cap)}/{number(base)} (base cap: a twelfth of last year's average wage {number(wage.value)})"
            cited = cite(
                wage,
                t(
                    "{y} 年缴费的基数上限所用的上年度平均工资",
                    "previous year's average wage capping the base of {y} contributions",
                    y=ctx.as_of.year,
                ),
            )
            if cited:
                out.notes.append(cited)
        elif self.base_cap_named is not None:
            out.notes.append(
                t(
                    "缴费基数上限为{c}，数据文件未设评估日所在年度适用的数额，未按上限核减",
                    "the base is capped at {c}, which the data does not set for the as-of year: no cap applied",
                    c=pair(self.base_cap_named, "value"),
                )
            )
        return factor, (zh, en)


def _months_left(ctx: Ctx, limit: int, cat: Category) -> Check:
    si = ctx.p.social_insurance
    before = si.subsidised_months_before if si else None
    if before is None:
        return Check(
            None,
            t(
                "需已享受补贴月数（期限 {n} 个月）",
                "months of this subsidy already received needed (limit {n})",
                n=limit,
            ),
            ("social_insurance.subsidised_months_before",),
        )
    ext = f"（{cat.max_months}+{cat.extension_months} 延长）" if cat.extension_months else ""
    ext_en = f" ({cat.max_months} + {cat.extension_months} extension)" if cat.extension_months else ""
    sign = "<" if before < limit else "≥"
    return Check(
        before < limit,
        T(
            f"已享受 {before} 个月 {sign} 期限 {limit} 个月{ext}",
            f"{before} months received {sign} limit of {limit}{ext_en}",
        ),
    )


Rule = NotOffered | ShareOfPaid | NoFigure
