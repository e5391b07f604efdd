"""Seeded synthetic profiles across the cities of the data file, one JSON object a line (benchmark input)."""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta

from flexcalc.data import default_path
from flexcalc.toml import parse_toml

CITIES = tuple(parse_toml(default_path().read_text(encoding="utf-8-sig"))["cities"])  # every city, in file order
GROUPS = (
    "registered_unemployed",
    "employment_difficulty",
    "college_graduate",
    "student",
    "veteran",
    "poverty_registered",
    "disabled",
    "subsistence_allowance",
    "zero_employment_family",
    "single_parent",
    "migrant_worker",
    "returnee",
    "no_further_schooling",
    "farmer",
    "online_merchant",
    "laid_off",
    "difficult_family_graduate",
    "platform_worker",
)
FORMS = ("individual_business", "micro_enterprise", "part_time", "platform", "other_flexible", "none")
OCCUPATIONS = ("电子商务师", "育婴员", "中式烹调师", "保育员", "电工", "美发师", "网约配送员", "养老护理员")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
AS_OF = date(2024, 6, 30)


def _day(rng: random.Random, lo: date, hi: date) -> str:
    return (lo + timedelta(days=rng.randrange((hi - lo).days))).isoformat()


def _money(rng: random.Random, lo: int, hi: int) -> float | int:
    v = rng.randrange(lo * 100, hi * 100) / 100
    return int(v) if rng.random() < 0.5 else v


def profile(rng: random.Random, i: int) -> dict:
    """One plausible flexible worker: most fields present, some left out (→ needs_info)."""
    gender = rng.choice(("male", "female"))
    p: dict = {
        "id": f"p{i:08d}",
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
        "city": rng.choice(CITIES),
        "birth_date": _day(rng, date(1962, 1, 1), date(2004, 1, 1)),
        "gender": gender,
    }
    if gender == "female" and rng.random() < 0.8:
        p["original_retirement_age"] = rng.choice((50, 55))
    if rng.random() < 0.9:
        p["local_hukou"] = rng.random() < 0.7
    if rng.random() < 0.8:
        p["rural_hukou"] = rng.random() < 0.4
    if rng.random() < 0.92:
        p["groups"] = rng.sample(GROUPS, rng.choice((0, 1, 1, 1, 2, 2, 3)))
    if "college_graduate" in p.get("groups", ()) or rng.random() < 0.1:
        p["graduated_on"] = _day(rng, date(2018, 6, 1), date(2024, 7, 1))
    if rng.random() < 0.7:
        p["holds_employment_certificate"] = rng.random() < 0.5
    if rng.random() < 0.3:
        p["unemployment_registered_on"] = _day(rng, date(2018, 1, 1), date(2024, 6, 1))
    if rng.random() < 0.6:
        p["receiving_unemployment_insurance"] = rng.random() < 0.15
    form = rng.choice(FORMS)
    p["employment"] = {"form": form, "registered": rng.random() < 0.7}
    if form == "platform" or rng.random() < 0.1:
        p["employment"]["platform_accident_premium_yuan"] = _money(rng, 20, 300)
    if rng.random() < 0.05:
        p["employment"]["public_welfare_post_hours"] = rng.randrange(10, 800)
    if form in ("individual_business", "micro_enterprise") or rng.random() < 0.2:
        b = {
            "type": "micro_enterprise" if form == "micro_enterprise" else "individual",
            "registered_on": _day(rng, date(2017, 1, 1), date(2024, 6, 1)),
            "first_business": rng.random() < 0.8,
            "partners": rng.choice((1, 1, 1, 2, 3)),
            "in_community": rng.random() < 0.3,
            "in_incubator": rng.random() < 0.2,
            "employee_pension_months": rng.randrange(0, 40),
        }
        if rng.random() < 0.7:
            b["tax_due_yuan"] = _money(rng, 0, 30000)
        if rng.random() < 0.1:
            b["incubation_extended"] = rng.random() < 0.5
        if rng.random() < 0.1:
            b["second_time"] = True
        if rng.random() < 0.6:
            start = date.fromisoformat(_day(rng, date(2019, 1, 1), date(2024, 6, 1)))
            b["premises"] = {
                "area_m2": rng.randrange(8, 120),
                "rent_yuan_per_m2_per_day": _money(rng, 0, 3),
                "lease_start": start.isoformat(),
                "lease_end": (start + timedelta(days=rng.choice((180, 365, 730, 900, 1095)))).isoformat(),
                "state_owned": rng.random() < 0.15,
            }
        p["business"] = b
    if rng.random() < 0.7:
        months = rng.randrange(1, 13)
        si = {
            "pension_yuan": _money(rng, 300, 9000),
            "medical_yuan": _money(rng, 100, 3000),
            "unemployment_yuan": _money(rng, 0, 500),
            "monthly_base_yuan": _money(rng, 3000, 9000),
            "months": months,
            "subsidised_months_before": rng.randrange(0, 40),
        }
        if rng.random() < 0.6:
            si["at_minimum_base"] = rng.random() < 0.7
        p["social_insurance"] = si
    if rng.random() < 0.4:
        p["training"] = [
            {
                "occupation": rng.choice(OCCUPATIONS),
                "cost_yuan": _money(rng, 300, 3000),
                "days": rng.randrange(3, 40),
                "start": _day(rng, date(2022, 1, 1), date(2024, 6, 1)),
            }
            for _ in range(rng.choice((1, 1, 2)))
        ]
    if rng.random() < 0.5:
        p["loan"] = {"requested_yuan": rng.choice((50000, 100000, 150000, 200000, 300000))}
    return p


def drop_fields(p: dict, rng, share: float) -> dict:
    """The profile with each field (nested ones too) left out with probability `share` (sparse
    profiles: many absent facts at once; `id` and `city` stay)."""
    out = {}
    for k, v in p.items():
        if k in ("id", "city") or rng.random() >= share:
            out[k] = drop_fields(v, rng, share) if isinstance(v, dict) else v
    return out


def generate(n: int, seed: int = 2024):
    """The n profiles of a seed, as dicts."""
    rng = random.Random(seed)
    for i in range(n):
        yield profile(rng, i)


def write(n: int, path: str, seed: int = 2024) -> None:
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with open(path, "w", encoding="utf-8") as fh:
        buf = []
        for p in generate(n, seed):
            buf.append(dumps(p))
            if len(buf) >= 10000:
                fh.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            fh.write("\n".join(buf) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", type=int)
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    if args.output == "-":
        for p in generate(args.n, args.seed):
            sys.stdout.write(json.dumps(p, ensure_ascii=False) + "\n")
    else:
        write(args.n, args.output, args.seed)


if __name__ == "__main__":
    main()
