"""Rule shapes of 创业担保贷款 (guarantee_loan): the loan limit, min(requested, cap)."""

from __future__ import annotations

from typing import Annotated, Literal

from flexcalc.catalogue import clause_pair, pair
from flexcalc.context import Ctx, decide
from flexcalc.measures.shapes.common import Activities, worked
from flexcalc.models.fields import Field, model, reject
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import Flag, Money, NotOffered, RuleBase, Who, Years
from flexcalc.text import t
from flexcalc.timeline import cite


@model
class CappedLoan(RuleBase):
    """A guarantee loan up to a cap; partnerships may have a higher one."""

    rule: Literal["capped_loan"]
    who: Who
    activity: Activities
    cap: Money
    term_years: Years | None = None
    partnership_cap: Annotated[Money | None, Field(description="one cap for any partnership")] = None
    partnership_per_partner: Annotated[Money | None, Field(description="cap per partner in a partnership")] = None
    partnership_max: Annotated[Money | None, Field(description="ceiling of the per-partner cap")] = None
    counter_guarantee_waived: Annotated[Flag | None, Field(description="反担保 waived for eligible borrowers")] = None
    counter_guarantee_waived_up_to: Annotated[Money | None, Field(description="反担保 waived for loans up to this")] = (
        None
    )
    counter_guarantee_waived_second_time: Flag | None = None

    def __post_init__(self):
        if self.partnership_per_partner is not None and self.partnership_max is None:
            reject(
                ("partnership_per_partner",),
                "a cap per partner needs partnership_max, the ceiling of a partnership's cap",
                "设了每位合伙人的额度，还须设 partnership_max（合伙额度的上限）",
            )

    def evaluate(self, ctx: Ctx) -> Outcome:
        out = decide([ctx.who(self.who), self._starting(ctx)])
        if out.status != "eligible":
            return out
        cap, cap_text = self._cap(ctx)
        requested = ctx.p.loan.requested_yuan if ctx.p.loan else None
        partners = ctx.p.business.partners if ctx.p.business else None
        if (
            partners is None
            and (self.partnership_per_partner or self.partnership_cap)
            and (requested is None or requested > cap)
        ):
            out.raise_if.append("business.partners")  # a partnership's cap is higher (rules.md: a floor)
        if requested is None:
            out.amount = cap
            out.formula = t("额度上限 {c}（{w}）= {c} 元", "cap {c} ({w}) = {c} yuan", c=cap, w=cap_text)
            out.notes.append(t("未提供申请金额，按额度上限", "no amount requested: the cap is shown"))
        else:
            worked(
                out,
                min(requested, cap),
                "min(申请 {r}, 上限 {c}（{w}）) = {a} 元",
                "min(requested {r}, cap {c} ({w})) = {a} yuan",
                key="a",
                r=requested,
                c=cap,
                w=cap_text,
            )
        # The caps are read at the as-of date (the application date): see timeline.view.
        day = ctx.as_of
        cited = [
            cite(
                self.cap,
                t(
                    "申请日（评估日 {d}）适用的个人额度上限",
                    "individual cap on the application (as-of) date {d}",
                    d=day,
                ),
            )
        ]
        if partners_counted(ctx) and self.partnership_per_partner is not None:
            cited.append(
                cite(
                    self.partnership_per_partner,
                    t(
                        "申请日（评估日 {d}）适用的合伙创业每人额度",
                        "partnership cap per head on the as-of date {d}",
                        d=day,
                    ),
                )
            )
        if any(cited):
            out.notes.extend(c for c in cited if c is not None)
        elif self.cap.document:
            out.notes.append(t("额度上限依据 {d}", "cap set by {d}", d=pair(self.cap, "document")))
        if self.term_years:
            out.notes.append(
                t("贷款期限最长 {y} 年，财政贴息", "term up to {y} years, interest subsidised", y=self.term_years.value)
            )
        out.notes.extend(self._counter_guarantee(ctx, requested))
        return out

    def _starting(self, ctx: Ctx) -> Check:
        """rules.md: the loan is for starting a business — registered, or being set up (business.planned)."""
        b = ctx.p.business
        planned = b.planned if b else None
        works = ctx.works_as(self.activity.value)
        if works.ok is True:
            return works
        if planned and works.ok is None and "business.type" not in works.missing:
            return Check(True, t("正在筹备创业（尚未登记）", "setting up a business (not registered yet)"))
        if planned:
            return works  # rules.md: a planned business of a type the loan is not for fails; of unknown type, asks it
        if ctx.runs_no_business():
            return Check(
                False,
                t(
                    "档案显示未经营任何经营主体；登记营业（或筹备创业）后可申请，个人额度上限 {c} 元",
                    "the profile shows no business; the loan opens once a business is registered "
                    "(or being set up), up to {c} yuan for one person",
                    c=self.cap.value,
                ),
            )
        if works.ok is None and planned is None and b is None:  # with a business, registered or planned both do
            return Check(works.ok, works.text, (*works.missing, "business.planned"))
        return works

    def _cap(self, ctx: Ctx):
        partners = ctx.p.business.partners if ctx.p.business else None
        if partners is None and (self.partnership_per_partner or self.partnership_cap):
            return self.cap.value, t(
                "个人创业；合伙创业额度更高，需合伙人数", "individual; a partnership may borrow more: partners needed"
            )
        if partners is None or partners < 2:
            why = (
                t("个人创业", "individual")
                if partners
                else t("个人创业；合伙创业请填合伙人数", "individual; give business.partners for a partnership")
            )
            return self.cap.value, why
        if self.partnership_per_partner is not None and self.partnership_max is not None:
            per, top = self.partnership_per_partner.value, self.partnership_max.value
            cap = min(per * partners, top)
            return cap, t(
                "合伙 {n} 人：min({n} × {p}, {m})", "partnership of {n}: min({n} × {p}, {m})", n=partners, p=per, m=top
            )
        if self.partnership_cap is not None:
            return self.partnership_cap.value, t("合伙创业 {n} 人", "partnership of {n}", n=partners)
        return self.cap.value, t("文件未设合伙额度，按个人额度", "no partnership cap in the document: individual cap")

    def _counter_guarantee(self, ctx: Ctx, requested):
        if self.counter_guarantee_waived and self.counter_guarantee_waived.value:
            return [
                t(
                    "免除反担保（第{c}条）",
                    "counter-guarantee waived (clause {c})",
                    c=clause_pair(self.counter_guarantee_waived),
                )
            ]
        if self.counter_guarantee_waived_up_to is None:
            return []
        limit = self.counter_guarantee_waived_up_to.value
        second = ctx.p.business.second_time if ctx.p.business else None
        if (requested is not None and requested <= limit) or second:
            return [
                t(
                    "原则上取消反担保（{l} 元及以下或二次创业者）",
                    "counter-guarantee waived in principle (≤ {l} yuan or second-time entrepreneur)",
                    l=limit,
                )
            ]
        return [
            t(
                "{l} 元及以下的贷款或经营稳定守信的二次创业者原则上免反担保",
                "loans ≤ {l} yuan or stable second-time entrepreneurs are in principle exempt from counter-guarantee",
                l=limit,
            )
        ]


def partners_counted(ctx: Ctx) -> bool:
    """A partnership of two or more (the partnership caps apply)."""
    partners = ctx.p.business.partners if ctx.p.business else None
    return partners is not None and partners >= 2


Rule = NotOffered | CappedLoan
