"""Predicates several shapes share, built in the rule language once per (long-lived) data object."""

from __future__ import annotations

from typing import Any

from flexcalc.context import _options, _words
from flexcalc.models.profile import ORIGINAL_AGES
from flexcalc.models.rules import GroupPath, Who
from flexcalc.rules.lang import (
    UNKNOWN,
    AddMonths,
    And,
    AsOf,
    Check,
    Const,
    Env,
    Expr,
    Fact,
    HasAll,
    HasAny,
    Native,
    Or,
    eq,
    lt,
)

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


class FirstTrue(Expr):
    """The value paired with the first condition that holds (earlier unknown ones skipped)."""

    __slots__ = ("cases",)

    def __init__(self, cases: tuple[tuple[Expr, Any], ...]):
        self.cases = cases

    def kids(self) -> tuple[Expr, ...]:
        return tuple(c for c, _ in self.cases)

    def ev(self, env: Env) -> Any:
        for cond, value in self.cases:
            if cond(env) is True:
                return value
        return UNKNOWN


_WHO: dict[int, tuple[Who, Check]] = {}


def who(w: Who) -> Check:
    """rules.md groups: one of the data's group paths holds (an OR of ANDs), with today's words."""
    hit = _WHO.get(id(w))
    if hit is None or hit[0] is not w:
        paths = list(w.value)
        exprs = tuple(path_expr(p) for p in paths)
        check = Check(
            Or(*exprs),
            FirstTrue(
                tuple((e, _words(p, "身份符合：{}", "qualifying group: {}")) for e, p in zip(exprs, paths, strict=True))
            ),
            Const(_options(paths, "身份不符，需为：{}", "not in a qualifying group: {}")),
            Const(_options(paths, "身份待确认，需为：{}", "group to confirm, one of: {}")),
        )
        hit = _WHO[id(w)] = (w, check)
    return hit[1]


_WORKS: dict[tuple, Check] = {}


def works_as(kinds: tuple[str, ...]) -> Check:
    """rules.md "Activity" (context.Ctx.works_as, still in Python: phase 2 writes it here)."""
    hit = _WORKS.get(kinds)
    if hit is None:
        reads = [FORM, BUSINESS_TYPE, REGISTERED]
        if "platform" in kinds:
            reads.append(Fact("groups", "groups", ("platform_worker",)))
        hit = _WORKS[kinds] = Check(
            Native(lambda ctx: ctx.works_as(kinds), tuple(reads)), Const(None), Const(None), Const(None)
        )
    return hit


_NATIVE: dict[tuple, Check] = {}


def _native(key: tuple, fn, reads: tuple[Fact, ...]) -> Check:
    """A Ctx predicate as a Check (Native, its words from the Check it returns), one per key."""
    hit = _NATIVE.get(key)
    if hit is None:
        hit = _NATIVE[key] = Check(Native(fn, reads), Const(None), Const(None), Const(None))
    return hit


def operating_at_least(months: int) -> Check:
    """正常经营满 N 个月 (context.Ctx.operating_at_least, still in Python: phase 2 writes it here)."""
    return _native(("operating", months), lambda ctx: ctx.operating_at_least(months), (REGISTERED, PLANNED))


def near_retirement(months: int) -> Check:
    """Within N months of the statutory retirement age (context.near_retirement, still in Python)."""
    reads = (BIRTH, GENDER, ORIGINAL_AGE)
    return _native(("near", months), lambda ctx: ctx.near_retirement(months), reads)


def flexible_worker() -> Check:
    """灵活就业 per rules.md: a flexible form of work or an individual business (Ctx.flexible_worker)."""
    return works_as(("individual_business", "part_time", "platform", "other_flexible"))


def who_paths(paths: tuple) -> Check:
    """One of a list of group paths holds (Ctx.who_paths, with its words), as a Check."""
    reads = (GROUPS, RURAL, CERTIFICATE, GRADUATED)
    return _native(("paths", *map(id, paths)), lambda ctx: ctx.who_paths(list(paths)), reads)
