"""Issue 21 §7: docs/screens/ is what the commands print at 80 columns in both languages (rendered
in-process by tests/regenerate.py; refresh with `python tests/regenerate.py`), with no local path."""

from __future__ import annotations

import pytest

import regenerate

SHOWN = {p.name: p.read_text(encoding="utf-8") for p in regenerate.SCREENS.glob("*.txt")}


@pytest.fixture(scope="module")
def fresh():
    return regenerate.screens()


def test_every_screen_is_shown_and_no_other(fresh):
    assert sorted(SHOWN) == sorted(fresh), "run python tests/regenerate.py"


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_each_screen_is_what_the_command_prints(fresh, name):
    assert SHOWN[name] == fresh.get(name), f"docs/screens/{name} is stale: run python tests/regenerate.py"


def test_no_screen_carries_a_local_path():
    root = str(regenerate.ROOT)
    for name, text in SHOWN.items():
        assert root not in text and "/work/" not in text and "/home/" not in text and "/tmp/" not in text, name


def test_the_screens_cover_every_command_in_both_languages():
    from flexcalc.cli import COMMANDS

    for command in COMMANDS:
        for lang in ("zh", "en"):
            heads = [t.split("\n", 1)[0] for t in SHOWN.values()]
            assert any(f"flexcalc {command} " in h and h.endswith(f"--lang {lang}") for h in heads), (command, lang)


def test_run_times_are_fixed_so_a_screen_is_the_same_everywhere():
    assert regenerate.normalise("flexcalc batch: 5 records (5 valid, 0 invalid) in 1.23 s, 4,065 profiles/s") == (
        "flexcalc batch: 5 records (5 valid, 0 invalid) in 0.05 s, 100 profiles/s"
    )
    assert "用时 0.05 秒，每秒 100 条" in regenerate.normalise("用时 12.34 秒，每秒 1,234 条")
