"""`flexcalc advise` (issue 20): worked cases from the documents, the properties of actions and horizon, screens."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from flexcalc import changes
from flexcalc.advice import catalogue
from flexcalc.advice.engine import advise
from flexcalc.data import resolve_city
from flexcalc.dates import add_months
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile
from generated import generated

ROOT = Path(__file__).resolve().parents[1]
CASES = json.loads((ROOT / "tests" / "advice_cases.json").read_text(encoding="utf-8"))


def _profile(case: dict) -> dict:
    if "profile_file" in case:
        return json.loads((ROOT / case["profile_file"]).read_text(encoding="utf-8"))
    return case["profile"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_worked_case(case, invoke, profile_file, data):
    got = invoke(
        "advise", "-c", case["city"], "--as-of", case["as_of"], "--format", "json", profile_file(_profile(case))
    )
    assert got.exit_code == 0, got.output
    out = json.loads(got.stdout)
    assert out["schema"] == "flexcalc.advice/1" and out["city"] == case["city"] and out["as_of"] == case["as_of"]
    if "until" in case:
        assert out["until"] == case["until"]
    actions = {a["id"]: a for a in out["actions"]}
    for want in case.get("actions", []):
        a = actions[want["id"]]
        assert a["gain_yuan"] == want["gain_yuan"]
        for k, v in want.get("facts", {}).items():
            assert a["facts"][k] == v
        opens = {o["measure"]: o for o in a["opens"]}
        assert set(opens) >= {o["measure"] for o in want["opens"]}
        for o in want["opens"]:
            for k, v in o.items():
                assert opens[o["measure"]][k] == v, (o["measure"], k)
    if "first_action" in case:
        assert out["actions"][0]["id"] == case["first_action"]
    keys = ("date", "measure", "status_before", "status_after", "amount_yuan_before", "amount_yuan_after")
    horizon = [{k: h[k] for k in keys} for h in out["horizon"]]
    if case.get("horizon_partial"):
        for h in case["horizon"]:
            assert h in horizon
    else:
        assert horizon == case["horizon"]
    assert all(h["why"] for h in out["horizon"])
    for day in case.get("not_on", []):
        assert day not in {h["date"] for h in horizon}
    if case.get("deadlines"):
        person = parse_profile(json.dumps(_profile(case)), "case")
        cid, city = resolve_city(data, case["city"])
        r = evaluate(person, cid, city, date.fromisoformat(case["as_of"]), data)
        changes.stamp(r, person, city, data)
        got_deadlines = {m.id: m.deadline.isoformat() if m.deadline else None for m in r.measures}
        for mid, day in case["deadlines"].items():
            assert got_deadlines[mid] == day, mid


def _key(m):
    return (m.status, m.amount, None if m.amount_min == m.amount else m.amount_min, m.amount_is_floor)


def _sample(n: int, seed: int, data):
    """Generated profiles at random dates; half of them with dates near the rules' thresholds
    (left school, registered, born) so windows open and close within the horizon."""
    rng = random.Random(seed)
    out = []
    for i, raw in enumerate(generated(n, seed)):
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 1400))
        if i % 2:
            raw["graduated_on"] = (day - timedelta(days=rng.randrange(0, 900))).isoformat()
            raw["birth_date"] = (
                day - timedelta(days=rng.choice((50, 55, 60)) * 365 + rng.randrange(-400, 400))
            ).isoformat()
            raw["gender"] = rng.choice(("male", "female"))
            if isinstance(raw.get("business"), dict):
                raw["business"]["registered_on"] = (day - timedelta(days=rng.randrange(-60, 1200))).isoformat()
        person = parse_profile(json.dumps(raw), "gen")
        cid, city = resolve_city(data, raw["city"])
        out.append((person, cid, city, day))
    return out


def test_horizon_dates_are_real_changes_and_none_is_missed_at_month_ends(data):
    """Every horizon date differs from the day before; every change between two month ends in the
    horizon falls on a horizon date of that measure in between."""
    checked = entries = months = 0
    for person, cid, city, day in _sample(80, 2020, data):
        adv = advise(person, cid, city, day, data)
        dates = {}
        for c in adv.horizon:
            assert _key(c.before) != _key(c.after)
            before = evaluate(person, cid, city, c.day - timedelta(days=1), data)
            after = evaluate(person, cid, city, c.day, data)
            m_b = next(m for m in before.measures if m.id == c.measure)
            m_a = next(m for m in after.measures if m.id == c.measure)
            assert _key(m_b) != _key(m_a), (c.day, c.measure)
            dates.setdefault(c.measure, []).append(c.day)
        prev, prev_day = evaluate(person, cid, city, day, data), day
        k = 1
        while True:
            nxt = add_months(date(day.year, day.month, 1), k) - timedelta(days=1)  # the k-th month end
            if prev_day >= adv.until:
                break
            nxt = min(nxt, adv.until)  # and the horizon's last day
            cur = evaluate(person, cid, city, nxt, data)
            for a, b in zip(prev.measures, cur.measures, strict=True):
                if _key(a) != _key(b):
                    assert any(prev_day < d <= nxt for d in dates.get(a.id, [])), (cid, day, a.id, prev_day, nxt)
                    checked += 1
            prev, prev_day, k = cur, nxt, k + 1
            months += 1
        entries += len(adv.horizon)
    assert checked >= 30 and entries > 20 and months > 1000, (checked, entries, months)


def test_an_action_gives_what_it_promised_at_its_from_date(data):
    """Apply an action's facts, evaluate at the `from` date: the status and amount advise promised."""
    actions = {a.id: a for a in catalogue.load().actions}
    seen = 0
    for person, cid, city, day in _sample(60, 2021, data):
        for adv_action in advise(person, cid, city, day, data).actions:
            action = actions[adv_action.action.id]
            for o in adv_action.opens:
                changed = catalogue.apply(action, person, day, o.day)
                r = evaluate(changed, cid, city, o.day, data)
                m = next(x for x in r.measures if x.id == o.measure)
                assert (m.status, m.amount, m.amount_min) == (o.status, o.amount, o.amount_min)
                seen += 1
    assert seen > 20


def test_planned_business_is_not_advised_to_a_registered_one(data):
    """register_business is open only to a business being set up (business.planned: true)."""
    cid, city = resolve_city(data, "weihai")
    person = parse_profile(
        json.dumps({"groups": ["veteran"], "business": {"type": "individual", "registered_on": "2025-01-01"}}), "p"
    )
    ids = [a.action.id for a in advise(person, cid, city, date(2026, 6, 30), data).actions]
    assert "register_business" not in ids


def test_an_action_open_if_a_fact_goes_the_persons_way_names_it():
    """register_unemployed needs the person out of work: with no form given it is open "if"."""
    action = next(a for a in catalogue.load().actions if a.id == "register_unemployed")
    person = parse_profile(json.dumps({"groups": ["veteran"]}), "p")
    assert catalogue.open_for(action, person) == (None, ["employment.form"])
    working = parse_profile(json.dumps({"employment": {"form": "platform"}}), "p")
    assert catalogue.open_for(action, working) == (False, [])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", ["weihai_startup.json", "lianyungang_graduate.json", "xining_partnership.json"])
def test_screen_fits_80_columns(example, lang, invoke, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    city = example.split("_")[0]
    got = invoke("advise", "-c", city, "--as-of", "2026-01-01", "--lang", lang, ROOT / "examples" / example)
    assert got.exit_code == 0, got.output
    lines = got.stdout.splitlines()
    assert max(cell_len(x) for x in lines) <= 80
    title = "What changes, and when" if lang == "en" else "何时有变化"
    assert title in got.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_lists_actions_and_horizon(lang, invoke, profile_file):
    case = CASES[0]
    got = invoke(
        "advise",
        "-c",
        "weihai",
        "--as-of",
        "2026-06-30",
        "--lang",
        lang,
        "--format",
        "markdown",
        profile_file(case["profile"]),
    )
    assert got.exit_code == 0, got.output
    assert "14,000.00" in got.stdout and "5,000.00" in got.stdout and "2026-12-30" in got.stdout
    assert "data sha256" in got.stdout


def test_bad_city_is_exit_2(invoke, profile_file):
    got = invoke("advise", "-c", "atlantis", profile_file({}))
    assert got.exit_code == 2


def test_assume_is_shown_and_used(invoke, profile_file):
    """--assume works as in check: the assumed fact fills the profile and every output says so.
    Weihai 15: a graduate of 2025-07-01 at 2026-06-30 is within 2 years; assumed part-time work
    makes the social-insurance subsidy's window close on the horizon at 2027-07-01."""
    profile = {
        "groups": ["college_graduate"],
        "graduated_on": "2025-07-01",
        "social_insurance": {"pension_yuan": 3000, "medical_yuan": 0, "unemployment_yuan": 0, "months": 6},
    }
    args = ("advise", "-c", "weihai", "--as-of", "2026-06-30", "--assume", "employment.form=part_time")
    got = invoke(*args, "--format", "json", profile_file(profile))
    assert got.exit_code == 0, got.output
    out = json.loads(got.stdout)
    assert out["audit"]["assumptions"] == ["employment.form=part_time"]
    closes = [h for h in out["horizon"] if h["measure"] == "social_insurance_subsidy"]
    assert closes and closes[0]["date"] == "2027-07-01" and closes[0]["amount_yuan_before"] == 2000.0
    table = invoke(*args, profile_file(profile))
    assert "按假设" in table.stdout


STEPS = [
    # (action, city, as-of, profile, measure opened, status, amount) — each worked from its clause
    (
        # Lianyungang (一): certificate holders are among the "等重点群体" of the tax relief; 2025 has
        # all 12 months of a 2025-01 registration: 20,000 (公告2023年第15号) to 24,000 (+20%) × 12/12
        "employment_certificate",
        "lianyungang",
        "2025-06-30",
        {
            "employment": {"form": "individual_business"},
            "groups": [],
            "business": {"type": "individual", "registered_on": "2025-01-01"},
        },
        "tax_deduction",
        "eligible",
        24000.0,
    ),
    (
        "take_training",  # Urumqi 三（八）: 1,800 per occupation, a course without a cost at the cap
        "urumqi",
        "2023-06-30",
        {"employment": {"form": "part_time"}, "groups": ["employment_difficulty"]},
        "training_subsidy",
        "eligible",
        1800.0,
    ),
    (
        "pay_social_insurance",  # Urumqi 三（七）: paid first, subsidised after: the amounts are then asked
        "urumqi",
        "2023-06-30",
        {
            "employment": {"form": "part_time"},
            "groups": ["employment_difficulty"],
            "social_insurance": {
                "pension_yuan": 0,
                "medical_yuan": 0,
                "unemployment_yuan": 0,
                "months": 12,
                "subsidised_months_before": 0,
            },
        },
        "social_insurance_subsidy",
        "needs_info",
        None,
    ),
    (
        "register_employment",  # Xining 18: unemployed first, then flexible work with 就业登记
        "xining",
        "2023-06-30",
        {
            "employment": {"form": "part_time", "registered": False},
            "groups": ["registered_unemployed"],
            "unemployment_registered_on": "2021-01-01",
        },
        "social_insurance_subsidy",
        "eligible",
        None,
    ),
]


@pytest.mark.parametrize("step", STEPS, ids=[s[0] for s in STEPS])
def test_each_step_opens_what_its_clause_says(step, data):
    action, city, day, profile, measure, status, amount = step
    cid, city_data = resolve_city(data, city)
    adv = advise(parse_profile(json.dumps(profile), "p"), cid, city_data, date.fromisoformat(day), data)
    found = next(a for a in adv.actions if a.action.id == action)
    o = next(o for o in found.opens if o.measure == measure)
    assert (o.status, None if o.amount is None else float(o.amount), o.day.isoformat()) == (status, amount, day)
