"""Issue 10: in English mode the check, explain, policy and compare screens of every example hold no
Chinese except proper names the data pairs with an English form (shown beside it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
CJK_RUN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+")
PAIRED = ("title", "department", "document", "number", "issuer", "name", "label", "province")


def _proper_names() -> list[str]:
    """Every Chinese string of the data that has its English form beside it (`key` and `key_en`)."""
    out: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in PAIRED and isinstance(value, str) and isinstance(node.get(f"{key}_en"), str):
                    out.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(tomllib.loads((ROOT / "data" / "cities.toml").read_text(encoding="utf-8")))
    return out


NAMES = _proper_names()


def _leaks(text: str) -> list[str]:
    return [run for run in CJK_RUN.findall(text) if not any(run in name for name in NAMES)]


def _screens(example: Path) -> list[list[str]]:
    profile = json.loads(example.read_text(encoding="utf-8"))
    city = example.name.split("_")[0]
    as_of = {"urumqi": "2023-06-30", "xining": "2023-06-30", "lianyungang": "2023-06-30", "dalian": "2023-12-31"}
    day = as_of.get(city, "2026-06-30")
    return [
        ["check", "--city", city, "--as-of", day, str(example)],
        ["explain", "--city", city, "--as-of", day, str(example)],
        ["compare", "--as-of", day, str(example)],
        ["policy", "--city", city, "--as-of", day],
        ["check", "--city", city, "--as-of", day, "--format", "markdown", str(example)],
    ], _strings(profile)


def _strings(node) -> list[str]:
    """The profile's own strings (a name, an occupation): the user's words, shown as given."""
    if isinstance(node, str):
        return [node]
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return [s for item in items for s in _strings(item)]


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_english_screens_have_no_chinese_but_proper_names(invoke, monkeypatch, example):
    monkeypatch.setenv("COLUMNS", "2000")  # no wrapping: a name is one run
    commands, own = _screens(example)
    for args in commands:
        r = invoke(*args, "--lang", "en")
        assert r.exit_code == 0, r.stderr
        text = r.stdout
        for words in sorted(own, key=len, reverse=True):  # the profile's own words are the user's
            text = text.replace(words, "")
        assert not _leaks(text), f"flexcalc {' '.join(args[:1])} --lang en: {_leaks(text)}"


def test_the_check_can_fail():
    assert _leaks("Apply at: 市财政局") == []  # a department the data pairs with English
    assert _leaks("Reading: 文件未写数额") == ["文件未写数额："[:-1]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_internal_file_name_reaches_a_screen(invoke, monkeypatch, lang):
    """Issue 10: a person at the window has no rules.md: screens cite the document or say "reading"."""
    monkeypatch.setenv("COLUMNS", "2000")
    for example in EXAMPLES:
        for args in _screens(example)[0]:
            r = invoke(*args, "--lang", lang)
            assert r.exit_code == 0 and ".md" not in r.stdout.replace("notice.md", ""), (args, lang)
    for args in (["cities"], ["validate"], ["policy", "--city", "dalian", "--as-of", "2030-01-01"]):
        out = invoke(*args, "--lang", lang).stdout
        assert "rules.md" not in out and "contract.md" not in out
