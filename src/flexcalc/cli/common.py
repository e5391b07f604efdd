"""What the commands share: options, reading input, and the one place errors become exit codes."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path

import typer

from flexcalc.errors import FlexcalcError, ProfileError, UsageError


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class View(str, Enum):
    """--format of the commands that print either a table for people or JSON for programs."""

    table = "table"
    json = "json"


ViewOption = typer.Option(View.table, "--format", "-f", help="table for people, json for programs.")

DataOption = typer.Option(
    None, "--data", envvar="FLEXCALC_DATA", help="Another cities TOML instead of the packaged data/cities.toml."
)
LangOption = typer.Option(Lang.zh, "--lang", help="Language of the human text: zh (default) or en.")
AsOfOption = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Assessment date (default: today).")


@contextmanager
def exit_codes(lang: str | Lang = "zh"):
    """Turn a FlexcalcError into its one-paragraph message (zh or en) and documented exit code."""
    try:
        yield
    except FlexcalcError as e:
        lang = getattr(lang, "value", lang)
        prefix = "flexcalc: 错误：" if lang == "zh" and e.zh else "flexcalc: error: "
        typer.echo(prefix + e.text(lang), err=True)
        raise typer.Exit(e.exit_code) from None


def parse_as_of(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--as-of {text!r}: expected a date as YYYY-MM-DD.", f"--as-of {text!r}：应为有效日期，格式 YYYY-MM-DD。"
        ) from None


def read_input(path: str, lang: str | Lang = "zh") -> tuple[bytes, str]:
    """The bytes of a file, or of standard input for '-', with a name for messages."""
    if path == "-":
        if sys.stdin.isatty():  # a person at a terminal: say why nothing happens yet
            zh = getattr(lang, "value", lang) == "zh"
            sys.stderr.write(
                "正在从标准输入读取人员信息……（输入完毕按 Ctrl-D）\n"
                if zh
                else "reading profile from standard input… (Ctrl-D to end)\n"
            )
            sys.stderr.flush()
        return sys.stdin.buffer.read(), "<stdin>"
    try:
        return Path(path).read_bytes(), path
    except OSError as e:
        why = e.strerror or e
        raise ProfileError(
            f"{path}: cannot read the profile ({why}).", zh=f"{path}：无法读取人员信息文件（{why}）。"
        ) from None


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text, with or without a BOM."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ProfileError(
            f"{name}: not UTF-8 text (invalid byte at offset {e.start}).",
            zh=f"{name}：不是 UTF-8 文本（第 {e.start} 字节无效）。",
        ) from None


def load_data(path: Path | None):
    from flexcalc.data import load

    return load(path)


def city_at(city: str, as_of: str | None, data: Path | None):
    """What --city, --as-of and --data name: (date, loaded data, city id, City)."""
    from flexcalc.data import resolve_city

    day = parse_as_of(as_of)
    loaded = load_data(data)
    city_id, city_data = resolve_city(loaded.data, city)
    return day, loaded, city_id, city_data
