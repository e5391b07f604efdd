"""docs/contract.md is kept in sync with the code (as sqlite-utils keeps its CLI reference):
measure ids, kinds, statuses, exit codes, profile fields, group codes, result keys, commands, options."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flexcalc.catalogue import GROUP_NAMES, KIND_NAMES, MEASURE_IDS, STATUS_NAMES
from flexcalc.errors import DataError, ProfileError, UsageError
from flexcalc.models.profile import profile_adapter
from flexcalc.pipeline import MODULES, TOTAL_OF_KIND

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    m = re.search(rf"^(#+) {re.escape(title)}\s*$", DOC, re.M)
    assert m, f"docs/contract.md has no heading {title!r}"
    level = len(m.group(1))
    end = re.search(rf"^#{{1,{level}}} ", DOC[m.end() :], re.M)
    return DOC[m.end() : m.end() + end.start()] if end else DOC[m.end() :]


def _ticks(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def test_measure_ids_and_kinds():
    para = DOC.split("Measure ids:")[1].split("\n\n")[0]
    listed = re.findall(r"`(\w+)`\s+\((cash|tax_relief|loan|service)", para)
    assert [m for m, _ in listed] == list(MEASURE_IDS)
    assert dict(listed) == {m: MODULES[m].MEASURE.kind for m in MEASURE_IDS}
    rows = re.findall(r"^\| `(\w+)` \| `(\w+)` \| `(\w+)` \| `(\w+)` \|$", _section("Measures"), re.M)
    assert rows == [
        (m, MODULES[m].MEASURE.kind, MODULES[m].MEASURE.beneficiary, MODULES[m].MEASURE.period) for m in MEASURE_IDS
    ]


def test_statuses_and_kinds():
    status = re.search(r"^- `status`:(.+?)(?=^- `)", DOC, re.M | re.S).group(1)
    assert [s for s in _ticks(status) if s != "missing"] == list(STATUS_NAMES)
    kind = re.search(r"^- `kind`:(.+)$", DOC, re.M).group(1)
    assert _ticks(kind) == list(KIND_NAMES)


def test_exit_codes():
    codes = {int(c) for c in re.findall(r"^\| (\d+) \|", _section("Exit codes"), re.M)}
    assert {UsageError.exit_code, ProfileError.exit_code, DataError.exit_code, 0} <= codes
    import signal

    from flexcalc.batch.runner import Outcome
    from flexcalc.batch.worker import Tally

    def stopped(signum=0, failure=None) -> int:
        return Outcome(Tally(), 0, 0.0, signal=signum, failure=failure).exit_code

    # batch's own codes: a dead worker, Ctrl-C, SIGTERM (tests/test_batch_faults.py runs them)
    assert {stopped(failure="died"), stopped(signal.SIGINT), stopped(signal.SIGTERM)} == {1, 130, 143}
    assert codes == {0, 1, 2, 3, 4, 130, 141, 143}


def _schema_paths(schema: dict, node: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, sub in node.get("properties", {}).items():
        refs = [sub.get("$ref")] + [a.get("$ref") for a in sub.get("anyOf", [])]
        ref = next((r for r in refs if r), None)
        if ref:
            out |= _schema_paths(schema, schema["$defs"][ref.split("/")[-1]], prefix + key + ".")
        else:
            out.add(prefix + key)
    return out


def _doc_fields() -> set[str]:
    fields = set()
    for cell in re.findall(
        r"^\| (`[^|]+`) \|", _section("Profile (JSON object; every field optional unless a rule needs it)"), re.M
    ):
        first, *rest = _ticks(cell)
        fields.add(first)
        prefix = first.rsplit(".", 1)[0] + "." if "." in first else ""
        fields |= {prefix + r for r in rest}
    return fields


def _not_yet() -> set[str]:
    """Fields the specification names that this version does not accept yet (said so in the doc)."""
    line = re.search(r"^Not accepted yet: (.+)$", DOC, re.M)
    return set(_ticks(line.group(1))) if line else set()


def test_profile_fields_match_the_schema():
    schema = profile_adapter().json_schema()
    accepted = _schema_paths(schema, schema) - {"extra"}
    assert _doc_fields() - _not_yet() == accepted
    assert not _not_yet() & accepted, "a field listed as not accepted yet is now in the schema: update the doc"


def test_group_codes_match_the_catalogue_and_schema():
    para = DOC.split("Group codes (`groups`):")[1].split("\n\n")[0]
    codes = [c for c in _ticks(para) if c in GROUP_NAMES or re.fullmatch(r"[a-z_]+", c)]
    assert codes == list(GROUP_NAMES)
    schema = json.dumps(profile_adapter().json_schema())
    assert all(f'"{c}"' in schema for c in codes)


def test_result_keys_are_documented(invoke):
    out = invoke(
        "check",
        "--city",
        "weihai",
        "--as-of",
        "2026-06-30",
        "-f",
        "json",
        "--explain",
        ROOT / "examples" / "weihai_startup.json",
    )
    result = json.loads(out.stdout)
    example = re.search(r"```json\n(.+?)```", DOC, re.S).group(1)
    keys = set(re.findall(r'"(\w+)":', example))
    top, measure = set(result), set(result["measures"][0])
    assert keys <= top | measure | set(result["totals"]) | {"document", "clause"}
    documented = set(re.findall(r'[`".](\w+)[`"]', DOC))
    for key in top | measure | set(result["measures"][0]["explain"]) | set(result["audit"]):
        assert key in documented, f"result key {key!r} is not in docs/contract.md"
    for total in TOTAL_OF_KIND.values():
        assert total in documented and total.replace("_yuan", "_min_yuan") in documented


def test_the_command_reference_is_the_generated_one():
    """Issue 21 §6: every command and option lives in docs/cli.md (generated, kept by test_cli_reference)."""
    ref = _section("Command reference")
    assert "docs/cli.md" in ref and "python tests/regenerate.py" in ref
