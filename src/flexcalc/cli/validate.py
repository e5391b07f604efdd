"""`flexcalc validate`: check a cities data file and report every problem with its TOML key path."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from flexcalc.cli.common import DataOption, Lang, LangOption, echo, exit_codes


class Format(str, Enum):
    text = "text"
    json = "json"


def validate(
    data: Path | None = DataOption,
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text for people, json for programs."),
    lang: Lang = LangOption,
) -> None:
    """Check a cities data file: schema, sources, dates, groups, measures (exit 4 on any problem)."""
    with exit_codes(lang):
        from flexcalc.data import default_path
        from flexcalc.errors import DataError
        from flexcalc.text import shown
        from flexcalc.validate import check_file

        path = data or default_path()
        report = check_file(path)
        if fmt is Format.json:
            import json

            echo(json.dumps(report.as_dict(lang.value), ensure_ascii=False, indent=2))
        elif report.ok:
            echo(shown(_summary(report, path, lang.value)))
        else:
            sep = ": " if lang is Lang.en else "："
            for p in report.problems:
                echo(shown(f"{path}{sep}{p.path}{sep}{p.text(lang.value)}"))
        if not report.ok:
            n = len(report.problems)
            raise DataError(
                f"{path}: {n} problem{'s' if n > 1 else ''} in the cities data.", f"{path}：城市数据有 {n} 处问题。"
            )


def _summary(r, path, lang: str) -> str:
    if lang == "en":
        return (
            f"ok: {path} — {r.cities} cities, {r.measures_offered} measures offered ({r.measures_not_offered}"
            f" not offered), {r.figures} cited figures, {r.entitlements} entitlements"
        )
    return (
        f"ok：{path} — {r.cities} 个城市，{r.measures_offered} 项措施（另 {r.measures_not_offered} 项本市未设），"
        f"{r.figures} 个注明出处的数字，{r.entitlements} 项非现金支持"
    )
