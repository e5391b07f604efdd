"""`flexcalc policy`: a city's document, its measures with their cited figures, and its entitlements."""

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
    city_at,
    console,
    echo,
    exit_codes,
)


def policy(
    city: str = typer.Option(..., "--city", "-c", help="City id (weihai) or Chinese name (威海, 威海市)."),
    as_of: str | None = AsOfOption,
    fmt: View = ViewOption,
    lang: Lang = LangOption,
    data: Path | None = DataOption,
) -> None:
    """Show a city's policy: document, validity, figures with clauses, groups, departments (政策一览)."""
    with exit_codes(lang):
        from flexcalc.policy import describe_city
        from flexcalc.text import display, shown

        day, loaded, city_id, city_data = city_at(city, as_of, data)
        described = describe_city(city_id, city_data, day, lang.value)
        if not described["document"]["in_force"]:
            typer.echo(f"flexcalc: warning: {shown(described['warning'])}", err=True)
        if fmt is View.json:
            import json

            from flexcalc.audit import stamp

            described["audit"] = stamp(loaded, day)
            echo(json.dumps(described, ensure_ascii=False, indent=2))
            return
        from flexcalc.output.policy import print_policy

        print_policy(display(described), lang.value, console())
