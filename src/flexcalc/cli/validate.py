"""`flexcalc validate`: check a cities data file and report every problem with its TOML key path."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from flexcalc.cli.common import DataOption, Lang, LangOption, deprecated, echo, exit_codes, said
from flexcalc.cli.help import Example, describe, h


class Format(str, Enum):
    table = "table"
    json = "json"
    text = "text"  # the old name of table: still accepted, no longer shown (help.HIDDEN_CHOICES)


@describe(
    "validate",
    zh="检查城市数据文件：格式、出处、日期、人员类别、措施；有任何问题退出码为 4。",
    examples=[
        Example("flexcalc validate", "The packaged data:", "检查随程序打包的数据："),
        Example(
            "flexcalc validate --data data/cities.toml --format json",
            "Another file, every problem as JSON with its TOML path:",
            "检查指定文件，每个问题连同 TOML 路径以 JSON 输出：",
        ),
    ],
    exits=(0, 2, 4, 141),
)
def validate(
    data: Path | None = DataOption,
    fmt: Format = typer.Option(
        Format.table, "--format", "-f", help=h("table for people, json for programs.", "table 给人看，json 给程序读。")
    ),
    lang: Lang = LangOption,
) -> None:
    """Check a cities data file: schema, sources, dates, groups, measures (exit 4 on any problem)."""
    with exit_codes(lang):
        if fmt is Format.text:
            deprecated("--format text", "--format table", lang)
            fmt = Format.table
        from flexcalc.data import default_path
        from flexcalc.errors import DataError
        from flexcalc.text import shown
        from flexcalc.validate import check_file

        report = check_file(data or default_path())
        # the packaged file by its name in the repository, not the path it was installed at
        path = data or ("the packaged data/cities.toml" if lang is Lang.en else "随程序打包的 data/cities.toml")
        if fmt is Format.json:
            import json

            echo(json.dumps(report.as_dict(lang.value), ensure_ascii=False, indent=2))
        elif report.ok:
            said(shown(_summary(report, path, lang.value)))
        else:
            sep = ": " if lang is Lang.en else "："
            for p in report.problems:
                said(shown(f"{path}{sep}{p.path}{sep}{p.text(lang.value)}"))
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
