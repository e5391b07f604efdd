"""`flexcalc check`: one profile, one city → every measure, as a table or the contract's JSON."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from flexcalc.cli.common import (
    AsOfOption,
    DataOption,
    Lang,
    LangOption,
    decode,
    exit_codes,
    load_data,
    parse_as_of,
    read_input,
)


class Format(str, Enum):
    table = "table"
    json = "json"


def check(
    profile: str = typer.Argument(..., metavar="PROFILE", help="Profile JSON file, or - for standard input."),
    city: str = typer.Option(..., "--city", "-c", help="City id (weihai) or Chinese name (威海, 威海市)."),
    as_of: str | None = AsOfOption,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table for people, json for programs."),
    lang: Lang = LangOption,
    data: Path | None = DataOption,
) -> None:
    """Check one person's profile against a city's measures (核验一人)."""
    with exit_codes():
        from flexcalc.data import resolve_city
        from flexcalc.pipeline import evaluate
        from flexcalc.profile_io import parse_profile

        day = parse_as_of(as_of)
        loaded = load_data(data)
        city_id, city_data = resolve_city(loaded.data, city)
        raw, name = read_input(profile)
        person = parse_profile(decode(raw, name), name)
        result = evaluate(person, city_id, city_data, day, loaded.data)
        if fmt is Format.json:
            import json

            from flexcalc import __version__
            from flexcalc.serialize import result_dict

            stamp = {"flexcalc_version": __version__, "data_sha256": loaded.sha256, "as_of": day.isoformat()}
            typer.echo(json.dumps(result_dict(result, lang.value, stamp=stamp), ensure_ascii=False, indent=2))
        else:
            from flexcalc.render import print_result

            print_result(result, lang.value)
