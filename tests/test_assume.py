"""--assume FIELD=VALUE (contract.md; rules.md "Assumptions for a registry"), and the batch summary's missing fields."""

from __future__ import annotations

import json

# 乌鲁木齐 三(八): a poverty-registered part-time worker with a 10-day course this year: the
# living allowance is 30 × 10 = 300 unless the person draws unemployment insurance.
PERSON = {
    "id": "t1",
    "groups": ["poverty_registered"],
    "employment": {"form": "part_time"},
    "training": [{"occupation": "电工", "days": 10, "start": "2024-03-01"}],
}
ASSUME = "receiving_unemployment_insurance=false"


def _check(invoke, profile_file, profile, *args):
    r = invoke("check", profile_file(profile), "--city", "urumqi", "--as-of", "2024-06-30", "--format", "json", *args)
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    return out, {m["id"]: m for m in out["measures"]}


def test_without_the_fact_the_allowance_waits(invoke, profile_file):
    _, m = _check(invoke, profile_file, PERSON)
    assert m["training_living_allowance"]["status"] == "needs_info"
    assert m["training_living_allowance"]["missing"] == ["receiving_unemployment_insurance"]


def test_an_assumption_fills_the_fact_and_says_so(invoke, profile_file):
    out, m = _check(invoke, profile_file, PERSON, "--assume", ASSUME, "--lang", "en")
    allowance = m["training_living_allowance"]
    assert allowance["status"] == "eligible" and allowance["amount_yuan"] == 300.0
    assert "assumed: receiving_unemployment_insurance=false (the profile does not say)" in allowance["reasons"]
    # a measure whose result does not depend on it does not mention it
    assert not any("assumed" in r for r in m["training_subsidy"]["reasons"])
    assert out["audit"]["assumptions"] == [ASSUME]


def test_the_profile_wins_over_an_assumption(invoke, profile_file):
    out, m = _check(invoke, profile_file, PERSON | {"receiving_unemployment_insurance": True}, "--assume", ASSUME)
    allowance = m["training_living_allowance"]
    assert allowance["status"] == "ineligible"  # 不享受失业保险金 fails on the profile's own fact
    assert not any("按假设" in r for r in allowance["reasons"])
    assert out["audit"]["assumptions"] == [ASSUME]  # the run's assumptions, used or not


def test_no_assumption_no_key_in_the_stamp(invoke, profile_file):
    out, _ = _check(invoke, profile_file, PERSON)
    assert "assumptions" not in out["audit"]


def test_a_bad_assumption_is_a_usage_error_naming_the_field(invoke, profile_file):
    path = profile_file(PERSON)
    for bad, words in (
        ("receiving_unemployment_insurance=maybe", "receiving_unemployment_insurance"),
        ("nosuch=1", "nosuch"),
        ("groups=astronaut", "groups"),
        ("business.partners=0", "business.partners"),
        ("no_equals_sign", "FIELD=VALUE"),
        ("id=x", "id"),
    ):
        r = invoke("check", path, "--city", "urumqi", "--assume", bad, "--lang", "en")
        assert r.exit_code == 2, bad
        assert words in r.stderr and "Traceback" not in r.stderr, bad


def test_batch_takes_assumptions_like_check(invoke, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(PERSON) + "\n" + json.dumps({"id": "t2"}) + "\n", encoding="utf-8")
    r = invoke("batch", path, "--city", "urumqi", "--as-of", "2024-06-30", "--jobs", "1", "--assume", ASSUME)
    assert r.exit_code == 0, r.stderr
    first = json.loads(r.stdout.splitlines()[0])
    allowance = {m["id"]: m for m in first["measures"]}["training_living_allowance"]
    assert allowance["status"] == "eligible" and allowance["amount_yuan"] == 300.0
    assert first["audit"]["assumptions"] == [ASSUME]
    bad = invoke("batch", path, "--city", "urumqi", "--assume", "business.partners=x")
    assert bad.exit_code == 2


def test_summary_counts_the_records_each_missing_field_left_waiting(invoke, tmp_path):
    path = tmp_path / "in.jsonl"
    people = [PERSON, PERSON | {"id": "t2"}, PERSON | {"id": "t3", "receiving_unemployment_insurance": False}]
    path.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    args = ("batch", path, "--city", "urumqi", "--as-of", "2024-06-30", "--jobs", "1", "--summary-only", "--lang", "en")
    r = invoke(*args)
    assert r.exit_code == 0, r.stderr
    row = next(line for line in r.stdout.splitlines() if "receiving_unemployment_insurance" in line)
    assert "2" in row.split("receiving_unemployment_insurance")[1]  # two of the three records wait on it
    assumed = invoke(*args, "--assume", ASSUME)
    assert "receiving_unemployment_insurance" not in assumed.stdout
