"""Extending flexcalc: a throwaway sixth city needs its data block and nothing else; a throwaway
measure its module (its declaration: names, field words, questions), its data and nothing else.

The city is made up: Weihai's block under another id and name, with its own start-up subsidy
(6,000 yuan instead of Weihai's 5,000, clause 6 of Weihai's document). Every command must take
it without a change to the code or to any other test."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from flexcalc import catalogue, questions, registry
from flexcalc.measures.declare import Ask, Measure
from flexcalc.models.fields import is_model, model_fields

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


# --- a throwaway eleventh measure: one module, its data, nothing else ------------------------

BONUS = '''"""一次性测试奖励 (throwaway_bonus): a made-up measure, a fixed sum for the groups named."""

from __future__ import annotations

from typing import Literal

from flexcalc.context import Ctx, decide
from flexcalc.measures.declare import Measure
from flexcalc.models.fields import model
from flexcalc.models.result import Outcome
from flexcalc.models.rules import Money, NotOffered, RuleBase, Who
from flexcalc.text import t

MEASURE = Measure(
    id="throwaway_bonus",
    order=999,
    name=("一次性测试奖励", "Throwaway bonus"),
    short=("测试奖励", "Bonus"),
    kind="cash",
    beneficiary="person",
    period="one_time",
    fields={"bonus": ("奖励金额", "Bonus", "元", "yuan")},
)


@model
class FixedBonus(RuleBase):
    """A fixed sum for the groups named."""

    rule: Literal["fixed_bonus"]
    who: Who
    bonus: Money

    def evaluate(self, ctx: Ctx) -> Outcome:
        out = decide([ctx.who(self.who)])
        if out.status == "eligible":
            out.amount = self.bonus.value
            out.formula = t("奖励 {b} 元 = {b} 元", "bonus {b} yuan = {b} yuan", b=self.bonus.value)
        return out


Rule = NotOffered | FixedBonus
'''
RUN = "import sys, flexcalc.measures as m; m.__path__.append(sys.argv.pop(1)); from flexcalc.cli import main; main()"


def _with_bonus(path: Path) -> None:
    """The shipped data with a throwaway_bonus table in every city: Weihai's a rule, the rest none."""
    tables = []
    for city in re.findall(r"^\[cities\.(\w+)\]$", TOML, re.M):
        if city == "weihai":
            tables.append(
                "[cities.weihai.measures.throwaway_bonus]\n"
                'rule = "fixed_bonus"\nclause = "99"\ndepartment = "测试局"\ndepartment_en = "Test Bureau"\n'
                'who = { clause = "99", value = [{ any_of = ["veteran"] }] }\n'
                'bonus = { value = 1234, clause = "99", quote = "奖励1234元" }\n'
            )
        else:
            tables.append(
                f'[cities.{city}.measures.throwaway_bonus]\nrule = "not_offered"\nnote = "无此项"\nnote_en = "none"\n'
            )
    path.write_text(TOML.rstrip("\n") + "\n\n" + "\n".join(tables), encoding="utf-8")


def _flexcalc(module_dir: Path, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, FLEXCALC_CACHE="0", COLUMNS="100")
    cmd = [sys.executable, "-c", RUN, str(module_dir), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


@pytest.fixture(scope="module")
def bonus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bonus")
    (root / "measures").mkdir()
    (root / "measures" / "throwaway_bonus.py").write_text(BONUS, encoding="utf-8")
    _with_bonus(root / "cities.toml")
    return root / "measures", root / "cities.toml"


def test_a_throwaway_measure_is_checked_end_to_end(bonus):
    modules, data = bonus
    r = _flexcalc(modules, "check", "--city", "weihai", "--data", data, "--as-of", AS_OF, "-f", "json", PROFILE)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    last = out["measures"][-1]
    assert (last["id"], last["status"], last["amount_yuan"], last["kind"]) == (
        "throwaway_bonus",
        "eligible",
        1234,
        "cash",
    )
    assert last["name"] == "一次性测试奖励" and last["source"]["clause"] == "99"
    assert out["totals"]["cash_yuan"] == 9266.67 + 1234  # the sample's cash (README) and the bonus
    r = _flexcalc(modules, "check", "--city", "weihai", "--data", data, "--as-of", AS_OF, "--lang", "en", PROFILE)
    assert r.returncode == 0 and "Throwaway bonus" in r.stdout and "1,234.00" in r.stdout, r.stderr


def test_a_throwaway_measure_in_every_view(bonus):
    modules, data = bonus
    r = _flexcalc(modules, "policy", "--city", "weihai", "--data", data, "--as-of", AS_OF, "-f", "json")
    assert r.returncode == 0, r.stderr
    policy = next(m for m in json.loads(r.stdout)["measures"] if m["id"] == "throwaway_bonus")
    assert policy["offered"] and any(f["label"] == "奖励金额" for f in policy["figures"]), policy
    r = _flexcalc(modules, "compare", "--data", data, "--as-of", AS_OF, PROFILE)
    assert r.returncode == 0 and "测试奖励" in r.stdout, r.stderr
    assert _flexcalc(modules, "validate", "--data", data).returncode == 0


def test_a_city_without_the_new_measure_is_invalid_data(bonus):
    modules, _ = bonus
    r = _flexcalc(modules, "validate", "--lang", "en")  # the shipped data has no throwaway_bonus
    assert r.returncode == 4 and "throwaway_bonus" in r.stdout + r.stderr and "Traceback" not in r.stderr


# --- one declaration per measure: its field words and questions live in its module ------------


def _field_names(tp, seen: set) -> set[str]:
    """The field names of a rule shape and of the models nested in it."""
    if typing.get_origin(tp) is not None:
        return {n for arg in typing.get_args(tp) for n in _field_names(arg, seen)}
    if not (isinstance(tp, type) and is_model(tp)) or tp in seen:
        return set()
    seen.add(tp)
    fields = model_fields(tp)
    return set(fields) | {n for f in fields.values() for n in _field_names(f.annotation, seen)}


def test_a_fields_words_are_in_the_one_measure_that_has_it_or_shared():
    readers: dict[str, set[str]] = {}
    for mid in registry.modules():
        for name in _field_names(registry.rule_union(mid), set()):
            readers.setdefault(name, set()).add(mid)
    for m in registry.measures():
        for name in m.fields:
            assert readers.get(name) == {m.id}, (m.id, name)  # its own shapes' field, no other's
    for name in catalogue._FIELD_NAMES:  # the shared table: fields of several measures only
        assert len(readers.get(name, ())) > 1, name
    assert set(catalogue.FIELD_NAMES) == set(catalogue._FIELD_NAMES).union(*(m.fields for m in registry.measures()))


def test_a_measures_questions_are_its_own_and_asked_where_it_says():
    declared = [(m.id, path, ask) for m in registry.measures() for path, ask in m.questions.items()]
    paths = [path for _, path, _ in declared]
    assert len(paths) == len(set(paths)) and not set(paths) & set(questions.SHARED)
    for mid, path, ask in declared:
        assert ask.after in questions.WORDING, (mid, path, ask.after)
        assert questions.ORDER[path] > questions.ORDER[ask.after]
        assert questions.WORDING[path] == (ask.zh, ask.en)
    # rent_subsidy's lease questions follow the shared premises question, in its declaration's order
    rent = [p for mid, p, _ in declared if mid == "rent_subsidy"]
    start = questions.ORDER["business.premises.state_owned"] + 1
    assert list(questions.WORDING)[start : start + len(rent)] == rent


def test_a_throwaway_measures_questions_take_the_place_it_declares():
    bonus = Measure(
        id="throwaway_bonus",
        order=999,
        name=("一次性测试奖励", "Throwaway bonus"),
        short=("测试奖励", "Bonus"),
        kind="cash",
        beneficiary="person",
        period="one_time",
        questions={
            "bonus.claimed": Ask("是否已领过测试奖励？", "Has the bonus been claimed?", after="groups"),
            "bonus.year": Ask("哪年领的？", "In which year?", after="bonus.claimed"),
            "bonus.note": Ask("备注？", "Note?", after="not.a.question"),
        },
    )
    order = list(questions.asking_order(questions.SHARED, [*registry.measures(), bonus]))
    assert order[order.index("groups") + 1 : order.index("groups") + 3] == ["bonus.claimed", "bonus.year"]
    assert order[-1] == "bonus.note"  # after a question never asked: last
    assert [p for p in order if not p.startswith("bonus.")] == list(questions.WORDING)  # nothing else moves
