"""Boundary-valued profiles (issue 22's property suite): every field at the edges of its kind.

Dates 1900-01-01 … 2100-12-31 (and the as-of date's neighbours), money 0 / 0.001 / 0.005 / 1e8,
counts 0 / 1 / 10,000; each field present or absent at random, seeded.
"""

from __future__ import annotations

import random

from flexcalc.catalogue import GROUP_NAMES

DATES = ("1900-01-01", "2100-12-31", "2000-02-29", "2024-06-29", "2024-06-30", "2024-07-01", "2023-01-01")
MONEY = (0, 0.001, 0.005, 100_000_000, 1, 0.01)
COUNTS = (0, 1, 10_000)
HOURS = (0, 0.001, 1, 8_784)
FORMS = ("individual_business", "micro_enterprise", "part_time", "platform", "other_flexible", "none")


def boundary(n: int, seed: int) -> list[dict]:
    """n seeded profiles as dicts, every value at a boundary of its kind."""
    rng = random.Random(seed)
    return [_one(rng, i) for i in range(n)]


def _one(rng: random.Random, i: int) -> dict:
    def some(p: float = 0.6) -> bool:
        return rng.random() < p

    def day() -> str:
        return rng.choice(DATES)

    def money():
        return rng.choice(MONEY)

    p: dict = {"id": f"b{i:06d}"}
    if some():
        p["birth_date"] = day()
    if some():
        p["gender"] = rng.choice(("male", "female"))
    if some(0.3):
        p["original_retirement_age"] = rng.choice((50, 55, 60))
    for flag in ("local_hukou", "rural_hukou", "holds_employment_certificate", "receiving_unemployment_insurance"):
        if some():
            p[flag] = some(0.5)
    if some(0.8):
        p["groups"] = rng.sample(sorted(GROUP_NAMES), rng.choice((0, 1, 2, 3)))
    if some(0.4):
        p["graduated_on"] = day()
    if some(0.4):
        p["unemployment_registered_on"] = day()
    if some(0.8):
        e: dict = {}
        if some(0.8):
            e["form"] = rng.choice(FORMS)
        if some():
            e["registered"] = some(0.5)
        if some(0.4):
            e["platform_accident_premium_yuan"] = money()
        if some(0.3):
            e["public_welfare_post_hours"] = rng.choice(HOURS)
        p["employment"] = e
    if some(0.6):
        b: dict = {}
        if some(0.7):
            b["type"] = rng.choice(("individual", "micro_enterprise"))
        if some():
            b["registered_on"] = day()
        for flag in ("planned", "first_business", "in_community", "in_incubator", "incubation_extended", "second_time"):
            if some(0.4):
                b[flag] = some(0.5)
        if some(0.5):
            b["partners"] = rng.choice((1, 2, 10_000))
        if some(0.4):
            b["employee_pension_months"] = rng.choice((0, 1, 1_200))
        if some(0.5):
            b["tax_due_yuan"] = money()
        if some(0.4):
            pr: dict = {}
            if some():
                pr["area_m2"] = rng.choice((0, 0.001, 1, 1_000_000))
            if some():
                pr["rent_yuan_per_m2_per_day"] = rng.choice((0, 0.001, 0.005, 10_000))
            if some():
                pr["lease_start"] = day()
            if some():
                pr["lease_end"] = day()
            if some():
                pr["state_owned"] = some(0.5)
            b["premises"] = pr
        p["business"] = b
    if some(0.5):
        s: dict = {}
        for k in ("pension_yuan", "medical_yuan", "unemployment_yuan", "monthly_base_yuan"):
            if some():
                s[k] = money()
        if some():
            s["at_minimum_base"] = some(0.5)
        for k in ("months", "subsidised_months_before"):
            if some():
                s[k] = rng.choice((0, 1, 1_200))
        p["social_insurance"] = s
    if some(0.5):
        courses = []
        for _ in range(rng.choice((0, 1, 2))):
            c: dict = {}
            if some():
                c["occupation"] = rng.choice(("电工", "育婴员", "x"))
            if some():
                c["cost_yuan"] = money()
            if some():
                c["days"] = rng.choice((0, 1, 3_660))
            if some():
                c["start"] = day()
            courses.append(c)
        p["training"] = courses
    if some(0.5):
        p["loan"] = {"requested_yuan": money()} if some(0.9) else {}
    return p
