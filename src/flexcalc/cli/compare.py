"""`flexcalc compare`: one profile across cities, measures as rows and cities as columns."""

from __future__ import annotations

from pathlib import Path

import typer

from flexcalc.cli.common import (
    AsOfOption,
    DataOption,
    Lang,
    LangOption,
    View,
    ViewOption,
    console,
    decode,
    echo,
    exit_codes,
    load_data,
    parse_as_of,
    read_input,
)

SCHEMA = "flexcalc.compare/1"


def compare(
    profile: str = typer.Argument(..., metavar="PROFILE", help="Profile JSON file, or - for standard input."),
    cities: str | None = typer.Option(
        None, "--cities", metavar="A,B,…", help="Cities to compare, by id or Chinese name (default: all)."
    ),
    as_of: str | None = AsOfOption,
    fmt: View = ViewOption,
    lang: Lang = LangOption,
    data: Path | None = DataOption,
) -> None:
    """Compare what one person gets in each city (城市比较)."""
    with exit_codes(lang):
        from flexcalc.data import resolve_city
        from flexcalc.errors import UsageError
        from flexcalc.pipeline import evaluate
        from flexcalc.profile_io import parse_profile

        day = parse_as_of(as_of)
        loaded = load_data(data)
        if cities is None:
            chosen = list(loaded.data.cities.items())
        else:
            names = [c for c in (x.strip() for x in cities.replace("，", ",").split(",")) if c]
            if not names:
                raise UsageError(
                    "--cities: give at least one city, e.g. --cities weihai,urumqi.",
                    "--cities：请至少给一个城市，例如 --cities weihai,urumqi。",
                )
            chosen = list(dict(resolve_city(loaded.data, n) for n in names).items())
        raw, name = read_input(profile, lang)
        person = parse_profile(decode(raw, name), name)
        results = [evaluate(person, cid, city, day, loaded.data) for cid, city in chosen]
        if fmt is View.json:
            import json

            from flexcalc.audit import stamp
            from flexcalc.output.serialise import result_dict, totals_dict

            audit = stamp(loaded, day)
            out = {
                "schema": SCHEMA,
                "as_of": day.isoformat(),
                "profile_id": person.id,
                "cities": [r.city for r in results],
                "results": {r.city: result_dict(r, lang.value, stamp=audit) for r in results},
                "totals": {r.city: totals_dict(r) for r in results},
                "audit": audit,
            }
            echo(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            from flexcalc.output.compare import print_compare
            from flexcalc.text import display

            print_compare(display(results), lang.value, console())
