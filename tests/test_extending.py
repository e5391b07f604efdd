"""Extending flexcalc: a throwaway sixth city needs its data block and nothing else.

The city is made up: Weihai's block under another id and name, with its own start-up subsidy
(6,000 yuan instead of Weihai's 5,000, clause 6 of Weihai's document). Every command must take
it without a change to the code or to any other test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOML = (ROOT / "data" / "cities.toml").read_text(encoding="utf-8")
PROFILE = ROOT / "examples" / "weihai_startup.json"
AS_OF = "2026-06-30"


def _sixth_city() -> str:
    """Weihai's block copied as `testville` (测试市), with a start-up subsidy of 6,000."""
    lines, inside = [], False
    for line in TOML.splitlines(keepends=True):
        if line.startswith("["):  # a table: Weihai's, or another's
            inside = line.lstrip("[").startswith(("cities.weihai]", "cities.weihai."))
        if inside:
            lines.append(line)
    block = "".join(lines).replace("cities.weihai", "cities.testville")
    block = block.replace('name = "威海市"', 'name = "测试市"', 1).replace(
        'name_en = "Weihai"', 'name_en = "Testville"', 1
    )
    block = block.replace('aliases = ["威海"]', 'aliases = ["测试"]', 1)
    assert "value = [{ amount_yuan = 5000 }]" in block
    block = block.replace("value = [{ amount_yuan = 5000 }]", "value = [{ amount_yuan = 6000 }]", 1)
    return TOML.rstrip("\n") + "\n\n" + block


@pytest.fixture(scope="module")
def six(tmp_path_factory):
    path = tmp_path_factory.mktemp("six") / "cities.toml"
    path.write_text(_sixth_city(), encoding="utf-8")
    return path


def _ok(r):
    assert r.exit_code == 0, (r.stdout, r.stderr)
    return r.stdout


def test_the_sixth_city_validates_and_is_listed(invoke, six, data):
    summary = json.loads(_ok(invoke("validate", "--data", six, "--format", "json")))["summary"]
    assert summary["cities"] == len(data.cities) + 1
    cities = json.loads(_ok(invoke("cities", "--data", six, "--json")))
    assert [c["id"] for c in cities] == [*data.cities, "testville"]


def test_the_sixth_city_is_checked_with_its_own_figure(invoke, six):
    weihai = json.loads(_ok(invoke("check", "--city", "weihai", "--as-of", AS_OF, "-f", "json", PROFILE)))
    out = json.loads(_ok(invoke("check", "--city", "测试", "--data", six, "--as-of", AS_OF, "-f", "json", PROFILE)))
    assert out["city"] == "testville"
    got = {m["id"]: (m["status"], m["amount_yuan"]) for m in out["measures"]}
    want = {m["id"]: (m["status"], m["amount_yuan"]) for m in weihai["measures"]}
    assert got.pop("startup_subsidy") == ("eligible", 6000) and want.pop("startup_subsidy") == ("eligible", 5000)
    assert got == want  # every other measure as in Weihai, whose block it copies
    assert out["totals"]["cash_yuan"] == weihai["totals"]["cash_yuan"] + 1000


def test_every_command_takes_the_sixth_city(invoke, six, tmp_path):
    _ok(invoke("explain", "--city", "testville", "--data", six, "--as-of", AS_OF, PROFILE))
    assert "测试市" in _ok(invoke("policy", "--city", "testville", "--data", six, "--as-of", AS_OF))
    compare = json.loads(_ok(invoke("compare", "--data", six, "--as-of", AS_OF, "-f", "json", PROFILE)))
    assert compare["cities"][-1] == "testville" and compare["totals"]["testville"]["cash_yuan"] > 0
    rows = tmp_path / "in.jsonl"
    profile = json.loads(PROFILE.read_text(encoding="utf-8"))
    rows.write_text(json.dumps(dict(profile, city="testville"), ensure_ascii=False) + "\n", encoding="utf-8")
    (line,) = _ok(invoke("batch", rows, "--data", six, "--as-of", AS_OF)).splitlines()
    result = json.loads(line)
    assert result["city"] == "testville"
    assert next(m for m in result["measures"] if m["id"] == "startup_subsidy")["amount_yuan"] == 6000
