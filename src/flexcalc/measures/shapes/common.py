"""Rule shapes several measures share: 按规定 with no figure, subsidies by months operating."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import field
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from flexcalc.context import Ctx, decide
from flexcalc.engines import scalar
from flexcalc.models.fields import Field, model, reject
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import MAX_YUAN, Cited, Day, Flag, GroupPath, Months, RuleBase, Who
from flexcalc.rules import no_figure, operating_subsidy
from flexcalc.rules.flags import FLAG_WORDS
from flexcalc.rules.program import Program
from flexcalc.text import t

CENT = Decimal("0.01")
# Rounding to the fen needs a digit per yuan digit: 60 digits hold any sum bounded figures give.
MONEY = Context(prec=60, rounding=ROUND_HALF_UP)

Activity = Literal["individual_business", "micro_enterprise", "platform", "part_time", "other_flexible"]


@model
class Activities(Cited):
    """Kinds of work the measure is for."""

    value: list[Activity]


# Yes/no facts of the profile a rule may require to be true, by contract field path.
ProfileFlag = Literal[
    "local_hukou",
    "employment.registered",
    "business.first_business",
    "business.in_community",
    "business.in_incubator",
    "business.premises.state_owned",
]

RATIO_PATTERN = r"^\d+(\.\d+)?(/\d+)?$"  # a share: 1, 0.6 or 2/3


def share_problem(text: str) -> tuple[str, str] | None:
    """Why a share (matching RATIO_PATTERN) is out of bounds (en, zh), None when 0 < share ≤ 1."""
    try:
        if 0 < Fraction(text) <= 1:
            return None
    except (ValueError, ZeroDivisionError):
        return f"not a share: write 1, 0.6 or 2/3 (got {text})", f"不是比例：应写作 1、0.6 或 2/3（现为 {text}）"
    return f"a share must be more than 0 and at most 1, such as 0.5 or 2/3 (got {text})", (
        f"比例须大于 0 且不超过 1，如 0.5 或 2/3（现为 {text}）"
    )


def ratio(text: str) -> tuple[Decimal, Decimal]:
    """A share as numerator and denominator, so 2/3 stays exact until the final rounding (memoised:
    the data holds a few shares)."""
    hit = _RATIOS.get(text)
    if hit is None:
        if len(_RATIOS) >= 1024:
            _RATIOS.clear()
        f = Fraction(text)
        hit = _RATIOS[text] = (Decimal(f.numerator), Decimal(f.denominator))
    return hit


_RATIOS: dict[str, tuple[Decimal, Decimal]] = {}


def apply_ratio(amount: Decimal, share: str) -> Decimal:
    num, den = ratio(share)
    return amount * num / den


def round_yuan(amount: Decimal) -> Decimal:
    """Half-up to 0.01 yuan, done once at the end."""
    return amount.quantize(CENT, context=MONEY)


def worked(out: Outcome, amount: Decimal, zh: str, en: str, key: str = "x", **params) -> Outcome:
    """The outcome's amount and the formula that works it out ({x}, or {key}: the amount rounded)."""
    out.amount = amount
    out.formula = t(zh, en, **params, **{key: round_yuan(amount)})
    return out


def lookup(ctx: Ctx, path: str):
    """The value at a dotted contract path of the profile, None when any part is absent."""
    value: Any = ctx.p
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def flag_checks(ctx: Ctx, flags: Sequence[str]) -> list[Check]:
    """One check per profile flag that must be true."""
    return [ctx.flag(f, lookup(ctx, f), True, *FLAG_WORDS[f]) for f in flags]


def training_check(ctx: Ctx) -> Check:
    """Training measures need at least one course in the profile.

    rules.md "No course": `training: []` says the person took none — a known failure, not a
    question; only an absent `training` is asked."""
    if ctx.p.training is None:
        return Check(None, t("需培训情况（课程）", "training courses needed"), ("training",))
    if not ctx.p.training:
        return Check(
            False,
            t(
                "本项按参加的培训课程发放，档案显示未参加培训；参加本市规定的职业技能培训（按文件所列工种/项目）后可申请",
                "paid for a training course; the profile shows none — a vocational course of the kinds"
                " the city's document lists (its occupations or programmes) would open it",
            ),
        )
    return Check(True, t("参加培训 {n} 项", "{n} training course(s)", n=len(ctx.p.training)))


if TYPE_CHECKING:
    Build = staticmethod[[Any, date], Program]
else:  # staticmethod is not subscriptable at run time, where pydantic reads the annotations
    Build = Any


class InLanguage:
    """A shape written in the rule language: `BUILD` (its rules/ module) makes the program, once
    per rule view and as-of date; the scalar engine runs it (the one definition of the rule)."""

    BUILD: ClassVar[Build]

    def program(self, as_of: date) -> Program:
        return programs(self, as_of, type(self).BUILD)

    def evaluate(self, ctx: Ctx) -> Outcome:
        return scalar.run(self.program(ctx.as_of), ctx)


@model
class NoFigure(InLanguage, RuleBase):
    """Granted 按规定: eligible when the conditions hold, with no amount."""

    rule: Literal["no_figure"]
    who: Who | None = None
    activity: Activities | None = None
    require_true: list[ProfileFlag] = field(default_factory=list)
    unemployment_registered: Annotated[
        Flag | None, Field(description="registered unemployed: the group or a 失业登记 date")
    ] = None
    needs_training: bool = False

    BUILD = staticmethod(no_figure.build)


_PROGRAMS: dict[int, tuple] = {}


def programs(rule: Any, as_of: date, build: Callable[[Any, date], Program]) -> Program:
    """A rule view's program at a date, memoised on the (long-lived) view."""
    hit = _PROGRAMS.get(id(rule))
    if hit is None or hit[0] is not rule or hit[1] != as_of:
        if len(_PROGRAMS) >= 10_000:
            _PROGRAMS.clear()
        hit = _PROGRAMS[id(rule)] = (rule, as_of, build(rule, as_of))
    return hit[2]


@model
class AmountTier(GroupPath):
    """An amount for the people one group path describes (no path fields = everyone)."""

    amount_yuan: Annotated[Decimal, Field(ge=0, le=MAX_YUAN, decimal_places=2, allow_inf_nan=False)]


@model
class Tiers(Cited):
    """Amounts by group: the first tier whose path holds; the last is the default."""

    value: Annotated[list[AmountTier], Field(min_length=1)]

    def __post_init__(self):
        first, last = self.value[:-1], (self.value[-1] if self.value else None)
        if last is not None and last.has_conditions():
            reject(
                ("value", len(self.value) - 1),
                "the last tier must be the default, with no group conditions (only amount_yuan):"
                " without one, a person in none of the groups would get another group's amount",
                "最后一档须为默认档，不设人员条件（只写 amount_yuan）：否则不属于任何一档的人会得到别档的金额",
            )
        for i, tier in enumerate(first):
            if not tier.has_conditions():
                reject(
                    ("value", i),
                    "only the last tier may be the default: this one has no group conditions, so the tiers"
                    " after it are never used",
                    "只有最后一档可以不设人员条件：此档未设条件，其后各档永远用不到",
                )


@model
class Share(Cited):
    """A share of a sum: 0 < share ≤ 1, such as 0.5 or 2/3."""

    value: Annotated[str, Field(pattern=RATIO_PATTERN, description="a share: 1, 0.6 or 2/3")]

    def __post_init__(self):
        why = share_problem(self.value)
        if why:
            reject(("value",), *why)


@model
class OperatingSubsidy(InLanguage, RuleBase):
    """A fixed sum once the business has operated N months (创业补贴, 鼓励金, 援助金)."""

    rule: Literal["operating_subsidy"]
    who: Who | None = None
    activity: Activities
    require_true: list[ProfileFlag] = field(default_factory=list)
    min_months: Months
    amount: Annotated[Tiers, Field(description="first tier whose path holds; the last is the default")]
    advance_after_months: Annotated[
        Months | None, Field(description="months after which a share is paid in advance")
    ] = None
    advance_share: Share | None = None
    registered_on_or_after: Day | None = None
    min_pension_months: Months | None = None
    unemployment_registered_first: Flag | None = None

    def most(self) -> Decimal:
        """The largest amount the rule can give (its highest tier)."""
        return max(tier.amount_yuan for tier in self.amount.value)

    BUILD = staticmethod(operating_subsidy.build)

    def program(self, as_of: date) -> Program:
        built = programs(self, as_of, operating_subsidy.build)
        if operating_subsidy.BUILT.get(built) != tuple(self.amount.value):  # the tiers changed in place
            _PROGRAMS.pop(id(self), None)
            built = programs(self, as_of, operating_subsidy.build)
        return built


def decided_tier(ctx: Ctx, checks: list[Check], tiers: list[AmountTier]) -> tuple[Outcome, AmountTier | None]:
    """The outcome of the checks and, when they hold, the tier that applies (None: the outcome
    says why there is none)."""
    out = decide(checks)
    if out.status != "eligible":
        return out, None
    tier = pick_tier(ctx, tiers, out)
    return (out, tier) if tier is not None else (decide(out.checks), None)


def pick_tier(ctx: Ctx, tiers: list[AmountTier], out: Outcome) -> AmountTier | None:
    """The first tier whose group path surely holds, its group check added to `out`.

    Tiers are listed from the highest amount down; a higher tier that cannot be decided yet
    leaves the amount a floor: its facts go to `out.raise_if` (rules.md "Certain floor").
    None when no tier surely holds (`out` then has an unknown or a failed check: decide again)."""
    for tier in tiers:
        if not tier.has_conditions():
            return tier
        check = ctx.who_paths([tier])
        if check.ok:
            out.checks.append(check)
            return tier
        if check.ok is None:
            out.checks.append(check)
            out.raise_if.extend(m for m in check.missing if m not in out.raise_if)
    if not out.raise_if:
        # No default tier (validation refuses such data): never pay another group's amount.
        out.checks.append(
            Check(False, t("不属于文件设定金额的任何人员类别", "in none of the groups an amount is set for"))
        )
    return None
