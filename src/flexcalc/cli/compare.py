"""`flexcalc compare`: one profile across cities, measures as rows and cities as columns."""

from __future__ import annotations

from pathlib import Path

import typer

from flexcalc.cli.common import (
    AsOfOption,
    AssumeOption,
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
from flexcalc.cli.help import Example, describe, h

SCHEMA = "flexcalc.compare/1"


@describe(
    "compare",
    zh="比较同一个人在各城市能享受什么（城市比较）。",
    examples=[
        Example(
            "flexcalc compare --as-of 2026-06-30 examples/weihai_startup.json",
            "Measures × cities, totals last:",
            "措施 × 城市，合计在最后：",
        ),
        Example(
            "flexcalc compare -c weihai,乌鲁木齐 --format json examples/weihai_startup.json",
            "Two cities, as JSON:",
            "只比较两个城市，输出 JSON：",
        ),
    ],
    exits=(0, 2, 3, 4, 141),
)
def compare(
    profile: str = typer.Argument(
        ...,
        metavar="PROFILE",
        help=h("Profile JSON file, or - for standard input.", "人员信息 JSON 文件；- 表示从标准输入读取。"),
    ),
    cities: list[str] | None = typer.Option(
        None,
        "--cities",
        "--city",
        "-c",
        metavar="CITY,CITY…",
        help=h(
            "Cities to compare, by id or Chinese name, comma-separated or repeated (default: all).",
            "要比较的城市（id 或中文名），用逗号隔开或重复给出（默认全部）。",
        ),
    ),
    as_of: str | None = AsOfOption,
    fmt: View = ViewOption,
    lang: Lang = LangOption,
    data: Path | None = DataOption,
    assume: list[str] | None = AssumeOption,
) -> None:
    """Compare what one person gets in each city."""
    with exit_codes(lang):
        from flexcalc import assume as assumed
        from flexcalc.data import resolve_city
        from flexcalc.errors import UsageError
        from flexcalc.pipeline import evaluate
        from flexcalc.profile_io import parse_profile

        assumptions = assumed.parse(assume)
        day = parse_as_of(as_of)
        loaded = load_data(data)
        if cities is None:
            chosen = list(loaded.data.cities.items())
        else:
            names = [c for item in cities for c in (x.strip() for x in item.replace("，", ",").split(",")) if c]
            if not names:
                raise UsageError(
                    "--cities: give at least one city, e.g. --cities weihai,urumqi.",
                    "--cities：请至少给一个城市，例如 --cities weihai,urumqi。",
                )
            chosen = list(dict(resolve_city(loaded.data, n) for n in names).items())
        raw, name = read_input(profile, lang)
        person = parse_profile(decode(raw, name, None, lang), name)
        results = [
            assumed.evaluate(
                person, assumptions, lambda p, cid=cid, city=city: evaluate(p, cid, city, day, loaded.data)
            )
            for cid, city in chosen
        ]
        if fmt is View.json:
            import json

            from flexcalc.audit import stamp
            from flexcalc.output.serialise import result_dict, totals_dict

            audit = stamp(loaded, day, assumptions)
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
