"""Profiles as facts: read a field by path, fill one in a copy, key all facts, sample values.

What `missing` asks is decided by definition from the rule programs (engines/missing.py); this
module only gives it, and the commands that try values (outreach ceilings, assume), the means to
read and complete a profile.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flexcalc.catalogue import GROUP_NAMES
from flexcalc.dates import add_months
from flexcalc.models.profile import (
    ORIGINAL_AGES,
    Business,
    Employment,
    Loan,
    Premises,
    Profile,
    SocialInsurance,
    Training,
)

_PART = re.compile(r"([a-z_0-9]+)(?:\[(\d+)\])?")
_NESTED = {
    "employment": Employment,
    "business": Business,
    "premises": Premises,
    "social_insurance": SocialInsurance,
    "loan": Loan,
}


def _with(obj, name: str, value):
    """A shallow copy of a model object with one attribute changed (models are never mutated)."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    setattr(new, name, value)
    return new


def fill(obj, path: str, value):
    """A copy of the profile (or a part of it) with the field at `path` set to `value`."""
    name, index, rest = _head(path)
    current = getattr(obj, name)
    if index is not None:  # training[i].field
        courses = list(current or [])
        while len(courses) <= index:
            courses.append(Training())
        courses[index] = fill(courses[index], rest, value)
        return _with(obj, name, courses)
    if not rest:
        return _with(obj, name, value)
    inner = current if current is not None else _NESTED[name]()
    return _with(obj, name, fill(inner, rest, value))


_HEADS: dict[str, tuple[str, int | None, str]] = {}
_STEPS: dict[str, tuple[tuple[str, int | None], ...]] = {}


def _head(path: str) -> tuple[str, int | None, str]:
    """(attribute, list index or None, rest of the path) of a field path; memoised."""
    hit = _HEADS.get(path)
    if hit is None:
        head, _, rest = path.partition(".")
        m = _PART.fullmatch(head)
        assert m is not None, path  # paths come from the rules' `missing`, never from input
        if len(_HEADS) >= 10_000:
            _HEADS.clear()
        hit = _HEADS[path] = (m.group(1), None if m.group(2) is None else int(m.group(2)), rest)
    return hit


def _steps(path: str) -> tuple[tuple[str, int | None], ...]:
    """(attribute, list index or None) of each part of a path up to the first that is not a name; memoised."""
    hit = _STEPS.get(path)
    if hit is None:
        steps = []
        for part in path.split("."):
            m = _PART.fullmatch(part)
            if m is None:
                break
            steps.append((m.group(1), None if m.group(2) is None else int(m.group(2))))
        if len(_STEPS) >= 10_000:
            _STEPS.clear()
        hit = _STEPS[path] = tuple(steps)
    return hit


def absent(profile: Profile, path: str) -> bool:
    """Whether the field at `path` is absent from the profile (a part that is not a name: no)."""
    node: Any = profile
    for name, i in _steps(path):
        node = getattr(node, name, None)
        if node is not None and i is not None:
            node = node[i] if i < len(node) else None
        if node is None:
            return True
    return False


def _money(*values) -> tuple:
    return tuple(Decimal(v) for v in values)


def _births(day: date) -> tuple[date, ...]:
    """Birth dates that put the statutory retirement near the as-of date for each age and delay."""
    out = []
    for age in ORIGINAL_AGES:
        for delay in (0, 12, 36, 60):
            out.append(add_months(day, 6 - 12 * age - delay))
    return (add_months(day, -30 * 12), *out)


_SAMPLES: dict[tuple[str, date], tuple] = {}


def samples(path: str, day: date) -> tuple:
    """Values to try for a field, the typical qualifying one first (memoised by field and date)."""
    hit = _SAMPLES.get((path, day))
    if hit is None:
        if len(_SAMPLES) > 10_000:
            _SAMPLES.clear()
        hit = _SAMPLES[(path, day)] = _samples(path, day)
    return hit


def _samples(path: str, day: date) -> tuple:
    key = re.sub(r"\[\d+\]", "[]", path)
    fixed = _FIXED.get(key)
    if fixed is not None:
        return fixed
    dated = _DATED.get(key)
    if dated is not None:
        return dated(day)
    return ()


_BOOL = (True, False)  # the qualifying value first: completions try first values, then last ones
_FIXED: dict[str, tuple] = {
    "gender": ("male", "female"),
    "original_retirement_age": ORIGINAL_AGES,
    "groups": (list(GROUP_NAMES), []),
    "employment.form": ("individual_business", "micro_enterprise", "part_time", "platform", "other_flexible", "none"),
    "business.type": ("individual", "micro_enterprise"),
    "business.partners": (1, 3, 20),
    "business.employee_pension_months": (12, 0),
    "business.tax_due_yuan": _money(10**7, 0),
    "business.premises.area_m2": _money(100, 10),
    "business.premises.rent_yuan_per_m2_per_day": _money("0.5", 2),
    "social_insurance.pension_yuan": _money(1000, 0),
    "social_insurance.medical_yuan": _money(1000, 0),
    "social_insurance.unemployment_yuan": _money(1000, 0),
    "social_insurance.monthly_base_yuan": _money(1000, 10**6),
    "social_insurance.months": (12, 1, 1000),
    "social_insurance.subsidised_months_before": (0, 11, 23, 29, 35, 1000),
    "employment.platform_accident_premium_yuan": _money(50, 1000, 0),
    "employment.public_welfare_post_hours": _money(100, 0),
    "loan.requested_yuan": _money(10**8, 0),
    "training[].occupation": ("x",),
    "training[].days": (10, 0),
    "training[].cost_yuan": _money(10**5, 0),
}
for _f in (
    "local_hukou",
    "rural_hukou",
    "holds_employment_certificate",
    "employment.registered",
    "business.planned",
    "business.first_business",
    "business.in_community",
    "business.in_incubator",
    "business.incubation_extended",
    "business.second_time",
    "business.premises.state_owned",
    "social_insurance.at_minimum_base",
):
    _FIXED[_f] = _BOOL
_FIXED["receiving_unemployment_insurance"] = (False, True)

_DATED = {
    "birth_date": _births,
    "graduated_on": lambda d: (add_months(d, -1), add_months(d, -120)),
    "unemployment_registered_on": lambda d: (date(1990, 1, 1), d),
    "business.registered_on": lambda d: (
        add_months(d, -13),
        add_months(d, -7),
        d,
        date(2020, 6, 1),
        add_months(d, -30),
        add_months(d, -200),
    ),
    "business.premises.lease_start": lambda d: (add_months(d, -12), d),
    "business.premises.lease_end": lambda d: (add_months(d, 12), add_months(d, 36), date(1990, 1, 1)),
    "training": lambda d: ([], [Training(occupation="x", days=10, start=d, cost_yuan=Decimal(100))]),
    "training[].start": lambda d: (d, d - timedelta(days=800)),
}


_SKIP = frozenset({"id", "name", "city", "extra"})


def facts_key(obj) -> tuple:
    """Every fact of a profile as one hashable value (what the rules can read; not id, name, city)."""
    out = []
    for name, value in obj.__dict__.items():
        if name in _SKIP:
            continue
        if isinstance(value, list):
            value = tuple(facts_key(v) if hasattr(v, "__dict__") else v for v in value)
        elif hasattr(value, "__dict__") and not isinstance(value, (date, Decimal)):
            value = facts_key(value)
        out.append(value)
    return tuple(out)
