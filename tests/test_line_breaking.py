"""Issue 21 §5: every screen at 80 columns, in Chinese and English, breaks its lines by the rules —
no line wider than 80 cells, none starting with closing punctuation, no number or date split
across two lines, no word of an error message cut. Rendered in-process as a terminal shows them
(tests/regenerate.py): every docs/screens file, and every shipped example through every command
that shows a person."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

import regenerate
from flexcalc.linebreak import CLOSING

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.json"))
CITIES = ("urumqi", "xining", "lianyungang", "dalian", "weihai")
AS_OF = "2026-06-30"

# A line that starts with one of these, after its indent, closes what the line before it said.
STARTS_BADLY = CLOSING - set("·…")  # a middle dot starts a list item; … starts "…and 3 more"
NUMBER_END = re.compile(r"(?<![A-Za-z_])\d[\d,.]*[,.]?$")  # a line that ends inside or right after a number
NUMBER_START = re.compile(r"^[\d,.]*\d")


def problems(text: str) -> list[str]:
    """Every broken rule of a screen, with the lines that break it."""
    out = []
    lines = text.split("\n")
    for before, line in zip(["", *lines], lines, strict=False):
        if cell_len(line) > 80:
            out.append(f"wider than 80 ({cell_len(line)}): {line!r}")
        body = line.lstrip()
        mark = body[:2] == "? "  # explain's mark of an unknown condition, not a question mark
        if body and body[0] in STARTS_BADLY and not mark and _continues(before, line):
            out.append(f"starts with {body[0]!r}: {before!r} / {line!r}")
        if body and NUMBER_END.search(before) and NUMBER_START.match(body) and _continues(before, line):
            out.append(f"a number split: {before!r} / {line!r}")
    return out


def _continues(before: str, line: str) -> bool:
    """Whether `line` carries on the text of `before` (wrapped), rather than being a row of its own:
    a wrapped line ends within a cell or two of the width, or its text starts under the text above."""
    return cell_len(before) >= 76


def _check(args: list[str], code: int | None = 0) -> str:
    text, got = regenerate.run(args)
    assert "Traceback" not in text and (code is None or got == code), text
    return text


@pytest.fixture(autouse=True)
def _at_80(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(regenerate, "WIDTH", 80)


def test_the_rules_can_fail():
    assert problems("x" * 81)
    assert problems("一二三" * 26 + "\n。四五")
    assert problems("这一行很长" * 15 + " 3,2\n00.00 元")


# Not lines for a terminal: the Markdown notice and the JSON Schema are files (a Markdown table row
# is one line), and outreach's last line goes to a log (standard error is not a terminal there).
NOT_WRAPPED = ("notice.", "schema.", "outreach.")


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (ROOT / "docs" / "screens").glob("*.txt") if not p.name.startswith(NOT_WRAPPED))
)
def test_every_screen_breaks_its_lines_by_the_rules(name):
    text = (ROOT / "docs" / "screens" / name).read_text(encoding="utf-8").split("\n", 1)[1]  # not the command
    assert problems(text) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_through_every_command_breaks_its_lines_by_the_rules(example, lang):
    path = f"examples/{example}"
    city = ["--city", example.split("_")[0]]
    found = []
    for command in (
        ["check", *city, "--as-of", AS_OF, path],
        ["check", *city, "--as-of", "2023-06-30", path],
        ["explain", *city, "--as-of", AS_OF, path],
        ["compare", "--as-of", AS_OF, path],
        ["compare", "--as-of", "2023-06-30", path],
    ):
        found += [f"{' '.join(command)}: {p}" for p in problems(_check([*command, "--lang", lang]))]
    assert found == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_policy_and_the_city_list_break_their_lines_by_the_rules(lang):
    found = []
    for command in [["policy", "--city", c, "--as-of", d] for c in CITIES for d in ("2023-06-30", AS_OF)] + [
        ["cities"]
    ]:
        found += [f"{' '.join(command)}: {p}" for p in problems(_check([*command, "--lang", lang]))]
    assert found == []


ERRORS = [
    ["check", "--cty", "weihai", "examples/weihai_startup.json"],
    ["chek", "--city", "weihai"],
    ["check", "--city", "beijing", "examples/weihai_startup.json"],
    ["check", "--city", "weihai", "--as-of", "2026-02-30", "examples/weihai_startup.json"],
    ["check", "--city", "weihai", "--assume", "business.partners=many", "examples/weihai_startup.json"],
    ["check", "--city", "weihai", "examples/no-such-profile.json"],
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("args", ERRORS, ids=lambda a: " ".join(a[:3]))
def test_an_error_message_wrapped_at_80_loses_no_word_and_cuts_none(monkeypatch, args, lang):
    narrow = _check([*args, "--lang", lang], code=None)
    monkeypatch.setattr(regenerate, "WIDTH", 400)
    wide = _check([*args, "--lang", lang], code=None)
    if max(cell_len(line) for line in wide.split("\n")) > 80:
        assert len(narrow.split("\n")) > len(wide.split("\n")), "a long message was not wrapped"
    assert problems(narrow) == []
    if lang == "en":  # English breaks at spaces only: the same words in the same order
        assert narrow.split() == wide.split()
    else:  # Chinese may break between any two characters: the same text once the breaks are gone
        assert re.sub(r"\s+", "", narrow) == re.sub(r"\s+", "", wide)


@pytest.mark.parametrize(
    "text,zh",
    [('{"a": 1,\n', "此处应为用双引号括起的键名"), ('{"a": 1} x', "一个值之后还有多余内容"), ("", "此处应为一个值")],
)
def test_a_chinese_json_error_has_no_english_in_it(tmp_path, text, zh):
    """Issue 22 item 24: Python's English reason and "(top level)" inside a Chinese message."""
    bad = tmp_path / "p.json"
    bad.write_text(text, encoding="utf-8")
    message = re.sub(r"\n\s*", "", _check(["check", "--city", "weihai", str(bad)], code=3))  # unwrapped
    assert "（整条记录）：不是有效的 JSON（第" in message and zh in message
    assert not re.search(r"[A-Za-z]{3,}", message.split("：", 2)[2].replace("JSON", ""))
    en = _check(["check", "--city", "weihai", str(bad), "--lang", "en"], code=3)
    assert "(top level): not valid JSON: " in " ".join(en.split())


def test_the_templates_error_is_in_the_run_language(tmp_path):
    args = ["batch", "examples/registry.jsonl", "--as-of", AS_OF, "--detail", "codes", "-o", str(tmp_path / "r.jsonl")]
    message = re.sub(r"\n\s*", "", _check([*args, "--templates", str(tmp_path / "no" / "t.json")], code=2))
    assert "：无法写入（" in message and "cannot write" not in message


def test_a_system_error_in_a_chinese_message_is_in_chinese(tmp_path):
    """Issue 22 item 24: "（No such file or directory）" inside a Chinese sentence."""
    missing = _check(["check", "--city", "weihai", "no-such.json"], code=3)
    assert "无法读取人员信息文件（没有这个文件或文件夹）" in re.sub(r"\n\s*", "", missing)
    folder = _check(["interview", "--city", "weihai", "-o", "examples", "--force"], code=2)
    assert "Is a directory" not in folder and "No such" not in folder
    en = _check(["check", "--city", "weihai", "no-such.json", "--lang", "en"], code=3)
    assert "(No such file or directory)" in " ".join(en.split())
