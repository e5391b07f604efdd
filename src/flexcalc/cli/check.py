"""`flexcalc check` / `flexcalc explain`: one profile, one city → every measure, as a table, JSON or a notice."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from flexcalc.cli.common import (
    AsOfOption,
    AssumeOption,
    DataOption,
    EncodingOption,
    Lang,
    LangOption,
    city_at,
    console,
    decode,
    echo,
    exit_codes,
    read_input,
)


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


ProfileArg = typer.Argument(..., metavar="PROFILE", help="Profile JSON file, or - for standard input.")
CityOption = typer.Option(..., "--city", "-c", help="City id (weihai) or Chinese name (威海, 威海市).")
FormatOption = typer.Option(
    Format.table, "--format", "-f", help="table for people, json for programs, markdown for a printable notice."
)


def check(
    profile: str = ProfileArg,
    city: str = CityOption,
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
    lang: Lang = LangOption,
    data: Path | None = DataOption,
    explain: bool = typer.Option(
        False, "--explain", "-e", help="Show every condition with ✓/✗/?, the formula, clause and department."
    ),
    assume: list[str] | None = AssumeOption,
    encoding: str | None = EncodingOption,
) -> None:
    """Check one person's profile against a city's measures (核验一人)."""
    run(profile, city, as_of, fmt, lang, data, explain, assume, encoding)


def explain(
    profile: str = ProfileArg,
    city: str = CityOption,
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
    lang: Lang = LangOption,
    data: Path | None = DataOption,
    assume: list[str] | None = AssumeOption,
    encoding: str | None = EncodingOption,
) -> None:
    """Check with the full working shown: the same as `check --explain` (逐项说明)."""
    run(profile, city, as_of, fmt, lang, data, True, assume, encoding)


def run(
    profile: str, city: str, as_of, fmt: Format, lang: Lang, data, explain: bool, assume=None, encoding=None
) -> None:
    with exit_codes(lang):
        from flexcalc import assume as assumed
        from flexcalc.pipeline import evaluate
        from flexcalc.profile_io import parse_profile
        from flexcalc.text import display

        assumptions = assumed.parse(assume)
        day, loaded, city_id, city_data = city_at(city, as_of, data)
        raw, name = read_input(profile, lang)
        person = parse_profile(decode(raw, name, encoding, lang), name)
        result = assumed.evaluate(person, assumptions, lambda p: evaluate(p, city_id, city_data, day, loaded.data))
        if fmt is Format.json:
            import json

            from flexcalc.audit import stamp
            from flexcalc.output.serialise import result_dict

            out = result_dict(result, lang.value, explain=explain, stamp=stamp(loaded, day, assumptions))
            echo(json.dumps(out, ensure_ascii=False, indent=2))
        elif fmt is Format.markdown:
            from flexcalc.audit import stamp
            from flexcalc.output.notice import notice

            echo(notice(display(result), lang.value, stamp(loaded, day, assumptions)), nl=False)
        elif explain:
            from flexcalc.output.explain import print_explain

            print_explain(display(result), lang.value, console())
        else:
            from flexcalc.output.table import print_result

            print_result(display(result), lang.value, console())
