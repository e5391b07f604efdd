"""Row keys of the social-insurance shape (a share of the contributions paid), by value.

A category whose group paths surely fail reads nothing more; when every category fails so, or
the activity surely fails, the rule reads only the activity, the minimum-base answer and the
group codes: those rows share one key whatever their contributions. Otherwise the key holds the contributions, months and, where a category
asks about retirement, the birth date, gender and original retirement age.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from flexcalc.columnar.exact import exact
from flexcalc.columnar.facts import Facts
from flexcalc.columnar.shapes import Keys, _activity, _zip, who_keys
from flexcalc.context import Ctx
from flexcalc.measures.shapes.share_of_paid import COMPONENTS, ShareOfPaid

PAID = (
    *(f"social_insurance.{c}_yuan" for c in COMPONENTS),
    "social_insurance.monthly_base_yuan",
    "social_insurance.months",
    "social_insurance.subsidised_months_before",
)
RETIREMENT = ("birth_date", "gender", "original_retirement_age")


def share_of_paid(rule: ShareOfPaid, as_of: date) -> Keys:
    """Activity, minimum base, each category's group code; the amounts only where a category may hold."""
    cats = rule.categories.value
    retirement = any(cat.near_retirement_months for cat in cats)

    def keys(f: Facts) -> list:
        head = _activity(f) + [exact(f, "social_insurance.at_minimum_base")]
        codes = [who_keys(cat.who, f, as_of) if cat.who else None for cat in cats]
        fails = [_fails(c, f.n) for c in codes]  # per category and row: its group paths all fail
        idle = _idle(rule.activity.value, head)
        paths = PAID + RETIREMENT if retirement else PAID
        facts = [[p is not None for p in f.values("social_insurance")]] + [exact(f, p) for p in paths]
        flat = [col for c in codes if c for col in c]
        out = []
        for i, base in enumerate(_zip(head + flat, f.n)):
            if idle[i] or all(fail[i] for fail in fails):
                out.append(base)
            else:
                out.append((base, tuple(col[i] for col in facts)))
        return out

    return keys


def _idle(kinds: list, head: list) -> list:
    """Per row: the person surely does not work as `kinds` (works_as is False)."""
    memo: dict = {}
    out = []
    for form, btype, state, group in zip(*head[:4], strict=True):
        key = (form, btype, state, group if form is None else None)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = Ctx._works_as(cast(Ctx, None), tuple(kinds), *key).ok is False
        out.append(hit)
    return out


def _fails(codes: list | None, n: int) -> list:
    """Per row: every group path of a category surely fails (code 0); never for an empty `who`."""
    if codes is None:
        return [False] * n
    return [all(c & 3 == 0 for c in row) for row in codes[0]]


COMPILERS: dict[type, Callable[[Any, date], Keys]] = {ShareOfPaid: share_of_paid}
