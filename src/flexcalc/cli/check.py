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
    complete_city,
    console,
    echo,
    exit_codes,
    one_person,
)
from flexcalc.cli.help import Example, describe, h


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


ProfileArg = typer.Argument(
    ...,
    metavar="PROFILE",
    help=h("Profile JSON file, or - for standard input.", "人员信息 JSON 文件；- 表示从标准输入读取。"),
)
CityOption = typer.Option(
    None,
    "--city",
    "-c",
    metavar="CITY",
    autocompletion=complete_city,
    help=h(
        "City id (weihai) or Chinese name (威海, 威海市); default: the profile's city.",
        "城市 id（weihai）或中文名（威海、威海市）；默认为人员信息中的 city。",
    ),
)
FormatOption = typer.Option(
    Format.table,
    "--format",
    "-f",
    help=h(
        "table for people, json for programs, markdown for a printable notice.",
        "table 给人看，json 给程序读，markdown 为可打印的告知单。",
    ),
)
ExplainOption = typer.Option(
    False,
    "--explain",
    "-e",
    help=h(
        "Show every condition with ✓/✗/?, the formula, clause and department.",
        "逐项列出每个条件（✓/✗/?）、计算公式、条款和办理部门。",
    ),
)
EXITS = (0, 2, 3, 4, 141)


@describe(
    "check",
    zh="按某市的各项措施核验一个人（核验一人）。",
    examples=[
        Example(
            "flexcalc check --city weihai --as-of 2026-06-30 examples/weihai_startup.json",
            "A table for people:",
            "给人看的表格：",
        ),
        Example(
            "flexcalc check -c 威海 --format json examples/weihai_startup.json",
            "The contract's JSON, at today's date:",
            "契约规定的 JSON，评估日为今天：",
        ),
        Example(
            "flexcalc check -c weihai --format markdown examples/weihai_startup.json",
            "A notice to print and hand over:",
            "可打印交给本人的告知单：",
        ),
        Example(
            "flexcalc check -c weihai --assume receiving_unemployment_insurance=false examples/weihai_startup.json",
            "Assume a fact the profile leaves out (every output says so):",
            "假设人员信息中缺少的事实（各种输出都会注明）：",
        ),
    ],
    exits=EXITS,
)
def check(
    profile: str = ProfileArg,
    city: str | None = CityOption,
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
    lang: Lang = LangOption,
    data: Path | None = DataOption,
    explain: bool = ExplainOption,
    assume: list[str] | None = AssumeOption,
    encoding: str | None = EncodingOption,
) -> None:
    """Check one person's profile against a city's measures."""
    run(profile, city, as_of, fmt, lang, data, explain, assume, encoding)


@describe(
    "explain",
    zh="核验一人并列出全部推理：与 check --explain 相同（逐项说明）。",
    examples=[
        Example(
            "flexcalc explain --city weihai --as-of 2026-06-30 examples/weihai_startup.json",
            "Every condition ✓/✗/?, the formula with its numbers, clause and office:",
            "每个条件 ✓/✗/?、代入数字的公式、条款和办理部门：",
        ),
        Example(
            "flexcalc explain -c weihai --format json examples/weihai_startup.json",
            "The same trace as data:",
            "同样的推理，以数据输出：",
        ),
    ],
    exits=EXITS,
)
def explain(
    profile: str = ProfileArg,
    city: str | None = CityOption,
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
    lang: Lang = LangOption,
    data: Path | None = DataOption,
    assume: list[str] | None = AssumeOption,
    encoding: str | None = EncodingOption,
) -> None:
    """Check with the full working shown: the same as `check --explain`."""
    run(profile, city, as_of, fmt, lang, data, True, assume, encoding)


def run(
    profile: str, city: str | None, as_of, fmt: Format, lang: Lang, data, explain: bool, assume=None, encoding=None
) -> None:
    with exit_codes(lang):
        from flexcalc.text import display

        assumptions, day, loaded, person, city_id, city_data, at = one_person(
            profile, city, as_of, lang, data, assume, encoding
        )
        result = at(person, day)
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
            from flexcalc.advice.engine import advise
            from flexcalc.output.advice import print_summary
            from flexcalc.output.explain import print_explain

            print_explain(display(result), lang.value, console())
            adv = advise(person, city_id, city_data, day, loaded.data, at)
            print_summary(display(adv), lang.value, console())  # the top steps and the next dates
        else:
            from flexcalc.output.table import print_result

            print_result(display(result), lang.value, console())
