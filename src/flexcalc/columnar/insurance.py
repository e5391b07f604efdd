"""Row keys of the social-insurance shape (a share of the contributions paid), by value.

A category whose group paths surely fail reads nothing more; when every category fails so, or
the activity surely fails, the rule reads only the activity, the minimum-base answer and the
group codes: those rows share one key whatever their contributions. Otherwise the key holds the contributions, months and, where a category
asks about retirement, the birth date, gender and original retirement age.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any, cast

from flexcalc.columnar.exact import exact
from flexcalc.columnar.facts import Facts
from flexcalc.columnar.shapes import Keys, _activity, _zip, who_keys
from flexcalc.context import Ctx, _within
from flexcalc.measures.shapes.share_of_paid import COMPONENTS, ShareOfPaid
from flexcalc.models.profile import ORIGINAL_AGES

PAID = (
    *(f"social_insurance.{c}_yuan" for c in COMPONENTS),
    "social_insurance.monthly_base_yuan",
    "social_insurance.months",
    "social_insurance.subsidised_months_before",
)
RETIREMENT = ("birth_date", "gender", "original_retirement_age")


def share_of_paid(rule: ShareOfPaid, as_of: date, near=None) -> Keys:
    """Activity, minimum base, each category's group code; the amounts only where a category may hold.
    With `near` (the search's key): the birth date as near(f) gives it, and a person who surely works
    as the rule asks (no fact presumed) as just that (no fill of the search changes it)."""
    cats = rule.categories.value

    def keys(f: Facts) -> list:
        head = _activity(f, as_of) + [exact(f, "social_insurance.at_minimum_base")]
        codes = [who_keys(cat.who, f, as_of) if cat.who else None for cat in cats]
        works = _works(rule.activity.value, head)
        # the rule reads no amount where the activity surely fails or every category's who does
        fails = [_fails(c) for c in codes if c is not None] if all(codes) else []
        skip = [w.ok is False for w in works]
        if fails:
            skip = [a or all(b) for a, b in zip(skip, zip(*fails, strict=True), strict=True)]
        if near is not None:
            head = [[True if w.ok and not w.soft else a for w, a in zip(works, _zip(head[:4], f.n), strict=True)]]
            head.append(exact(f, "social_insurance.at_minimum_base"))
        paths = PAID + RETIREMENT if near is None else PAID
        facts = [[p is not None for p in f.values("social_insurance")]] + [exact(f, p) for p in paths]
        if near is not None:
            facts.append(near(f))
        flat = [col for c in codes if c for col in c]
        rows = zip(*facts, strict=True)
        out = [b if s else (b, r) for b, r, s in zip(_zip(head + flat, f.n), rows, skip, strict=True)]
        return out

    return keys


def share_of_paid_search(rule: ShareOfPaid, as_of: date) -> Keys:
    """As share_of_paid, the birth date only as whether it falls near retirement for each original
    retirement age a person may have (gender and age as given): what the statuses read of it."""
    months = sorted({cat.near_retirement_months for cat in rule.categories.value if cat.near_retirement_months})

    def near(f: Facts) -> list:
        if not months:
            return [None] * f.n
        day = SimpleNamespace(retirement=f.retirement, as_of=as_of)
        male = f.retirement.male_original_age.value
        out = []
        for birth, gender, age in zip(*(f.values(p) for p in RETIREMENT), strict=True):
            ages = sorted({*ORIGINAL_AGES, male} | ({age} if age is not None else set()))
            within = (
                None if birth is None else tuple(_within(cast(Ctx, day), birth, a, m)[0] for a in ages for m in months)
            )
            out.append((gender, age, within))
        return out

    return share_of_paid(rule, as_of, near)


def _works(kinds: list, head: list) -> list:
    """Per row: whether the person works as `kinds` (Ctx.works_as on the activity columns)."""
    memo: dict = {}
    out = []
    for form, btype, state, group in zip(*head[:4], strict=True):
        key = (form, btype, state, group if form is None else None)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = Ctx._works_as(cast(Ctx, None), tuple(kinds), *key)
        out.append(hit)
    return out


def _fails(codes: list) -> list:
    """Per row: every group path of a category surely fails (a code of 0, any unknown-part bits)."""
    memo: dict = {}
    out = []
    for row in codes[0]:
        hit = memo.get(row)
        if hit is None:
            hit = memo[row] = all(c & 3 == 0 for c in row)
        out.append(hit)
    return out


COMPILERS: dict[type, Callable[[Any, date], Keys]] = {ShareOfPaid: share_of_paid}
SEARCHES: dict[type, Callable[[Any, date], Keys]] = {ShareOfPaid: share_of_paid_search}
