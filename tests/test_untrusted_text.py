"""Untrusted text on a screen (issue 9 #11): the escape-injection profile and a data file with
escapes in its names render harmlessly in every human output — table, explain, the Markdown
notice, compare, interview, policy, cities, batch's summary and error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flexcalc.text import display, markdown_safe, shown, t

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "hostile" / "escape_injection.json"
RAW = ("\x1b", "\x07", "\u202e", "\x9b", "\u2028")


def harmless(text: str) -> bool:
    return not any(c in text for c in RAW)


def test_shown_makes_every_control_and_format_character_visible():
    assert shown("x\x1b]0;PWNED\x07\x1b[2J") == "x\\x1b]0;PWNED\\x07\\x1b[2J"
    assert shown("a\u202eb\u2066c\u200bd") == "a\\u202eb\\u2066c\\u200bd"  # bidi override, isolate, zero width
    assert shown("a\nb\tc\x9bd\x7f") == "a\\x0ab\\x09c\\x9bd\\x7f"  # a name never starts a new line
    assert shown("x\ud800") == "x\\ud800"  # a lone surrogate cannot be encoded: shown, not a crash
    assert shown("张三 Zhang-3 (东区)") == "张三 Zhang-3 (东区)"  # ordinary text is untouched


def test_display_reaches_message_parameters_but_not_templates():
    message = display(t("第一行\n{x}", "first\n{x}", x="\x1b[2J"))
    assert message.render("en") == "first\n\\x1b[2J"


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--city", "weihai"),
        ("check", "--city", "weihai", "--lang", "en"),
        ("explain", "--city", "weihai"),
        ("check", "--city", "weihai", "-f", "markdown"),
        ("compare", "--cities", "weihai,dalian"),
        ("compare",),
    ],
    ids=["table", "table-en", "explain", "markdown", "compare", "compare-all"],
)
def test_escape_injection_profile_is_harmless_on_screen(invoke, args):
    r = invoke(*args, "--as-of", "2024-06-30", HOSTILE)
    assert r.exit_code == 0, r.stderr
    assert harmless(r.stdout) and harmless(r.stderr)
    seen = markdown_safe("\x1b]0;PWNED\x07") if "markdown" in args else shown("\x1b]0;PWNED\x07")
    assert seen in r.stdout  # shown, visibly, not dropped (and in Markdown, its markup escaped)


def test_json_keeps_the_id_exactly(invoke):
    r = invoke("check", "--city", "weihai", "--as-of", "2024-06-30", "-f", "json", HOSTILE)
    assert json.loads(r.stdout)["profile_id"] == json.loads(HOSTILE.read_text(encoding="utf-8"))["id"]
    assert "\x1b" not in r.stdout  # JSON escapes it (\u001b)


def test_interview_from_a_hostile_profile(invoke):
    r = invoke("interview", "--city", "weihai", "--as-of", "2024-06-30", "--from", HOSTILE, input="q\n")
    assert r.exit_code == 0, r.stderr
    assert harmless(r.stdout)


def test_interview_echoes_hostile_answers_harmlessly(invoke):
    r = invoke("interview", "--city", "weihai", "--as-of", "2024-06-30", input="\x1b[2J\x07\n\x1b[31mq\nq\n")
    assert harmless(r.stdout) and harmless(r.stderr)


@pytest.fixture
def hostile_data(tmp_path):
    text = (ROOT / "data" / "cities.toml").read_text(encoding="utf-8")
    text = text.replace('name = "威海市"', 'name = "威海市\\u001b]0;PWNED\\u0007"', 1)
    text = text.replace("牵头：市税务局", "牵头：市税务局\\u001b[2J\\u202e", 1)
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("cities",),
        ("policy", "--city", "weihai"),
        ("check", "--city", "weihai", str(ROOT / "examples" / "weihai_startup.json")),
        ("explain", "--city", "urumqi", str(ROOT / "examples" / "weihai_startup.json")),
        ("validate",),
    ],
    ids=["cities", "policy", "check", "explain", "validate"],
)
def test_data_file_strings_are_harmless_on_screen(invoke, hostile_data, args):
    r = invoke(*args, "--data", hostile_data)
    assert "Traceback" not in r.stdout + r.stderr
    assert harmless(r.stdout) and harmless(r.stderr)
    if args[0] in ("cities", "policy"):
        assert "\\x1b]0;PWNED\\x07" in r.stdout


def test_batch_summary_and_errors_are_harmless(invoke, tmp_path, hostile_data):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id":"a\\u001b[2J","city":"weihai","gender":"x"}\n{"id":"b","city":"weihai"}\n', "utf-8")
    r = invoke("batch", path, "--as-of", "2024-06-30", "--jobs", "1", "--summary-only", "--data", hostile_data)
    assert r.exit_code == 3
    assert harmless(r.stdout) and harmless(r.stderr)


def test_error_messages_show_hostile_file_names_and_keys(invoke, tmp_path):
    path = tmp_path / "p\x1b[2J.json"
    path.write_text('{"id": "k", "\\u001b]0;x\\u0007": 1}', encoding="utf-8")
    r = invoke("check", "--city", "weihai", "--lang", "en", path)
    assert r.exit_code == 3
    assert harmless(r.stderr)
    assert "p\\x1b[2J.json" in r.stderr and "\\x1b]0;x\\x07: unknown field" in r.stderr


def test_blank_letters_private_use_and_loose_combining_marks_are_shown_as_escapes():
    """Issue 22 item 24: U+115F, U+3164, private-use and combining characters passed through."""
    assert shown("\u115f\u1160\u3164\uffa0") == "\\u115f\\u1160\\u3164\\uffa0"  # a "name" that prints blank
    assert shown("张\ue000三\U000f0000") == "张\\ue000三\\U000f0000"  # private use: any glyph a font likes
    assert shown("\u0301张三") == "\\u0301张三" and shown("a \u20dd") == "a \\u20dd"  # no letter under the mark
    assert shown("x\u0301\u0301\u0301\u0301") == "x\u0301\u0301\\u0301\\u0301"  # zalgo stacks over other lines
    assert shown("e\u0302\u0323 Nguyễn José") == "e\u0302\u0323 Nguyễn José"  # real accents stay as typed
    assert shown("❤\ufe0f 👨\u200d👩") == "❤\ufe0f 👨\u200d👩"


def test_a_worklist_cell_escapes_what_a_terminal_would_show_blank():
    from flexcalc.outreach.files import cell

    assert cell("\u3164") == "\\u3164" and cell("=\u3164") == "'=\\u3164"
