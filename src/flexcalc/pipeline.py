"""The pure pipeline: profile + city + date → every measure's result. No I/O."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flexcalc import notes, registry
from flexcalc.catalogue import MEASURE_IDS, MEASURE_NAMES, clause_pair
from flexcalc.context import Ctx
from flexcalc.engines import missing
from flexcalc.measures.shapes.common import round_yuan
from flexcalc.models.cities import CitiesData, City
from flexcalc.models.profile import Profile
from flexcalc.models.result import Check, Entitlement, MeasureResult, Outcome, Result
from flexcalc.models.rules import NotOffered
from flexcalc.review import document_warnings
from flexcalc.text import T, t
from flexcalc.timeline import unverified_notes, view

MODULES = registry.modules()  # measure id → its module (MEASURE, Rule)


def evaluate(profile: Profile, city_id: str, city: City, as_of: date, data: CitiesData) -> Result:
    """Run every measure of the city for the profile at the as-of date."""
    ctx = Ctx(profile, as_of, data.retirement)
    doc = city.document
    in_force = doc.in_force(as_of)
    measures = [_measure(mid, rule, ctx, doc, in_force) for mid, rule in _rules(city)]
    return assemble(profile, city_id, city, as_of, measures)


def assemble(profile: Profile, city_id: str, city: City, as_of: date, measures: list[MeasureResult]) -> Result:
    """The result of a profile's measures: non-combination, totals (the bulk path ends here too)."""
    doc = city.document
    _apply_non_combination(city, measures)
    totals, totals_min = _totals(measures)
    return Result(
        city=city_id,
        city_name=city.name,
        city_name_en=city.name_en,
        as_of=as_of,
        profile_id=profile.id,
        profile_name=profile.name,
        measures=measures,
        entitlements=[
            Entitlement(e.id, e.name, e.name_en, doc.title, e.clause) for e in city.entitlements if e.current(as_of)
        ],
        totals=totals,
        totals_min=totals_min,
        warnings=document_warnings(doc, as_of),
    )


_RULES: dict[int, tuple[City, list]] = {}


def _rules(city: City) -> list:
    """(measure id, rule) of a city in contract order, memoised on the long-lived data object."""
    hit = _RULES.get(id(city))
    if hit is None or hit[0] is not city:
        hit = _RULES[id(city)] = (city, [(mid, getattr(city.measures, mid)) for mid in MEASURE_IDS])
    return hit[1]


def _measure(mid: str, rule, ctx: Ctx, doc, in_force: bool) -> MeasureResult:
    module = MODULES[mid]
    cited: tuple = ()
    if isinstance(rule, NotOffered):
        out = Outcome("not_offered", notes=[notes.not_offered_text(rule)])
        clause = department = department_en = None
    else:
        clause, department, department_en = rule.clause, rule.department, rule.department_en
        rule = view(rule, ctx.as_of)
        absent, sources, cited = _read_at(rule)
        if not in_force:
            out = Outcome("not_in_force", notes=[notes.validity_text(doc, ctx.as_of)])
        elif absent:
            out = Outcome("not_in_force", notes=[notes.no_figure_text(rule, ctx.as_of)])
        else:
            out = outcome(module, rule, ctx)
            # a shape in the rule language (every shipped one): `missing` by definition (rules.md
            # "Absent facts"); a measure added in plain Python (an `evaluate` only) names its own
            if hasattr(rule, "program"):
                out = missing.settle(
                    _again(module, rule, ctx), rule.program(ctx.as_of), ctx, out, module.MEASURE.for_business
                )
            if out.status == "eligible" and sources:
                out.notes.extend(unverified_notes(sources, out.notes))
    eligible = out.status == "eligible"
    amount = amount_min = None
    if eligible and out.amount is not None:
        amount = out.amount = round_yuan(out.amount)
    if eligible and out.amount_min is not None:
        amount_min = out.amount_min = round_yuan(out.amount_min)
    floor = eligible and amount is not None and bool(out.raise_if)
    if floor and amount is not None:
        out.missing = list(dict.fromkeys(out.raise_if))
        out.notes.append(notes.floor_text(amount, out.missing))
    elif out.status != "needs_info":
        out.missing = []
    return MeasureResult(
        mid,
        module.MEASURE.kind,
        module.MEASURE.beneficiary,
        module.MEASURE.period,
        out.status,
        amount,
        amount_min,
        floor,
        doc.title,
        clause,
        department,
        out.checks,
        out.notes,
        out.formula,
        out.missing,
        cited,
        doc.title_en,
        department_en,
    )


_READ_AT: dict[int, tuple] = {}


def _read_at(rule) -> tuple:
    """(absent, sources, cited) of a rule view (timeline.view), memoised on the (long-lived) view."""
    hit = _READ_AT.get(id(rule))
    if hit is None or hit[0] is not rule:
        if len(_READ_AT) >= 10_000:
            _READ_AT.clear()
        info = (getattr(rule, "absent", None), getattr(rule, "sources", None), getattr(rule, "cited", ()))
        hit = _READ_AT[id(rule)] = (rule, info)
    return hit[1]


def outcome(module, rule, ctx: Ctx) -> Outcome:
    """A rule's outcome with the rules every measure shares: no business, amount of nothing."""
    business = module.MEASURE.for_business
    if business and ctx.runs_no_business():
        return Outcome("ineligible", checks=[ctx.no_business_check()])
    if business and ctx.business_state() == "planned":
        # rules.md "Planned business": these measures need a registered business; never ask its date
        return Outcome("ineligible", checks=[ctx.planned_check(_months_needed(rule))])
    out = nothing_paid(rule.evaluate(ctx), module.MEASURE.kind)
    form = ctx.p.employment.form if ctx.p.employment else None
    if business and out.status == "eligible":
        state = ctx.business_state()
        if state == "either":
            # rules.md "Planned business": a business with neither registered_on nor planned is one or the
            # other, unknown which: a measure for a registered business asks business.registered_on
            out = Outcome(
                "needs_info",
                checks=[*out.checks, _unsure(_REGISTRATION_NEEDED, REGISTERED_ON)],
                missing=[REGISTERED_ON],
            )
        elif state == "none" and form is None:
            # neither a business nor a form of work: a form that is not a business form would make it
            # ineligible (rules.md "No business"), so it is asked
            out = Outcome("needs_info", checks=[*out.checks, _unsure(_BUSINESS_UNKNOWN, FORM)], missing=[FORM])
    if business and out.status == "needs_info" and ctx.p.business is None and form is None:
        if "employment.form" not in out.missing:
            out.missing.append("employment.form")  # a form that is not a business form would settle it (No business)
    if business and out.status == "needs_info" and ctx.business_state() in ("none", "either"):
        if "business.planned" not in out.missing:
            out.missing.append("business.planned")  # planned: true would settle it (Planned business)
    return out


REGISTERED_ON, FORM = "business.registered_on", "employment.form"
_REGISTRATION_NEEDED = t(
    "需营业执照登记日：本项为已登记的经营主体所设，筹备中的不适用",
    "the business's registration date is needed: this measure is for a registered business, not one being set up",
)
_BUSINESS_UNKNOWN = t(
    "档案未显示经营主体或工作形式：本项为创业经营者所设",
    "the profile shows neither a business nor a form of work: this measure is for a business",
)


def _unsure(text: T, fact: str) -> Check:
    """An unknown check that asks `fact`; the outcome waits on it."""
    return Check(None, text, (fact,))


def _again(module, rule, ctx: Ctx):
    """The outcome of the same rule at the same date for another profile (a completion)."""
    return lambda profile: outcome(module, rule, Ctx(profile, ctx.as_of, ctx.retirement, quiet=True))


def _months_needed(rule) -> int | None:
    """The months of operation a rule counts before it pays, for the planned business's reason."""
    for name in ("advance_after_months", "min_months", "min_months_operating"):
        field = getattr(rule, name, None)
        if field is not None:
            return field.value
    return None


_NOTHING_PAID = t("没有本项所补的支出（金额为 0）", "nothing paid that this subsidy covers")
_NOTHING_LENT = t("申请金额不足 0.01 元：无可贷金额", "the amount asked for is under 0.01 yuan: nothing to lend")


def nothing_paid(out: Outcome, kind: str = "") -> Outcome:
    """rules.md "Amount of nothing": an amount of 0 on the facts given is ineligible (unless it may
    rise). One rule for 0 and 0.001: the amount as rounded (half up to 0.01, as it is shown)."""
    if out.status != "eligible" or out.amount is None or (out.amount and round_yuan(out.amount)):
        return out
    if out.raise_if:
        out.checks.append(
            Check(None, t("金额取决于待补充的事实", "the amount depends on facts still missing"), tuple(out.raise_if))
        )
        out.status, out.amount, out.amount_min, out.missing = "needs_info", None, None, list(out.raise_if)
        return out
    out.checks.append(Check(False, _NOTHING_LENT if kind == "loan" else _NOTHING_PAID))
    out.status, out.amount, out.amount_min, out.formula = "ineligible", None, None, None
    return out


def _doubt_non_combination(city: City, measures: list[MeasureResult]) -> None:
    """rules.md "Non-combination under doubt": while a measure that may be the larger waits on
    facts, the one it may not be combined with waits on the same facts (it may end up excluded)."""
    by_id = {m.id: m for m in measures}
    rules = {mid: rule for mid, rule in _rules(city)}
    for group in city.non_combinable:
        order = list(group.measures)
        for x in (by_id[mid] for mid in order):
            if x.status != "needs_info":
                continue
            most = getattr(rules[x.id], "most", lambda: None)()
            for y in (by_id[mid] for mid in order):
                if y.status != "eligible" or y is x:
                    continue
                ties_win = order.index(x.id) < order.index(y.id)
                if most is None or most > (y.amount or 0) or (most == (y.amount or 0) and ties_win):
                    y.checks = [
                        *y.checks,
                        Check(
                            None,
                            t(
                                "不可与{k}重复申领（{c}），{k}待补充信息，取较高者",
                                "may not be combined with {k} ({c}), which waits on facts: the larger is kept",
                                k=T(*MEASURE_NAMES[x.id]),
                                c=group.clause,
                            ),
                            tuple(x.missing),
                        ),
                    ]
                    y.status, y.amount, y.amount_min, y.amount_is_floor = "needs_info", None, None, False
                    y.missing = list(x.missing)
                    y.formula = None


def _apply_non_combination(city: City, measures: list[MeasureResult]) -> None:
    """Where two measures may not both be paid, keep the larger (the first listed on a tie)."""
    _doubt_non_combination(city, measures)
    by_id = {m.id: m for m in measures}
    for rule in city.non_combinable:
        paid = [by_id[mid] for mid in rule.measures if by_id[mid].status == "eligible"]
        if len(paid) < 2:
            continue
        keep = max(paid, key=lambda m: m.amount or Decimal(0))  # max keeps the first on ties
        for m in paid:
            if m is not keep:
                m.notes.append(
                    t(
                        "本项 {a} 元不可与{k}（{b} 元）重复申领（第{c}条），取金额较高者，本项不计入合计",
                        "{a} yuan may not be combined with {k} ({b} yuan, clause {c}); the larger is kept, this one is left out",
                        a=m.amount,
                        k=T(*MEASURE_NAMES[keep.id]),
                        b=keep.amount,
                        c=clause_pair(rule),
                    )
                )
                m.status, m.amount, m.amount_min = "excluded", None, None


TOTAL_OF_KIND = {"cash": "cash_yuan", "tax_relief": "tax_relief_yuan", "loan": "loan_limit_yuan"}


def _totals(measures: list[MeasureResult]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """The totals (floors count at their floor), and the lower ends of those that hold a range."""
    totals = {"cash_yuan": Decimal(0), "tax_relief_yuan": Decimal(0), "loan_limit_yuan": Decimal(0)}
    lower = dict(totals)
    ranged: set[str] = set()
    for m in measures:
        if m.status != "eligible" or m.amount is None:
            continue
        if m.kind == "cash" and m.beneficiary != "person":
            continue
        key = TOTAL_OF_KIND.get(m.kind)
        if key is None:
            continue
        totals[key] += m.amount
        if m.amount_min is None:
            lower[key] += m.amount
        else:
            lower[key] += m.amount_min
            ranged.add(key)
    return totals, {key.replace("_yuan", "_min_yuan"): lower[key] for key in totals if key in ranged}
