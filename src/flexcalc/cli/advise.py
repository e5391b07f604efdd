"""`flexcalc advise`: the steps that would raise one person's benefits, and the dates things change."""

from __future__ import annotations

from pathlib import Path

from flexcalc.cli.check import CityOption, Format, FormatOption, ProfileArg
from flexcalc.cli.common import (
    AsOfOption,
    AssumeOption,
    DataOption,
    EncodingOption,
    Lang,
    LangOption,
    console,
    echo,
    exit_codes,
    one_person,
)
from flexcalc.cli.help import Example, describe

EXITS = (0, 2, 3, 4, 141)


@describe(
    "advise",
    zh="一个人可以做什么来多享受（步骤、金额、起始日期），以及不做改变时各项何时变化（建议）。",
    examples=[
        Example(
            "flexcalc advise --city weihai --as-of 2026-06-30 examples/advise/weihai_planned.json",
            "The steps ranked by what they add, then the dates ahead:",
            "按增加金额排列的步骤，以及今后的变化日期：",
        ),
        Example(
            "flexcalc advise -c 连云港 --format json examples/lianyungang_graduate.json",
            "The same as data (schema flexcalc.advice/1):",
            "同样的内容，以数据输出（schema flexcalc.advice/1）：",
        ),
    ],
    exits=EXITS,
)
def advise(
    profile: str = ProfileArg,
    city: str | None = CityOption,
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
    lang: Lang = LangOption,
    data: Path | None = DataOption,
    assume: list[str] | None = AssumeOption,
    encoding: str | None = EncodingOption,
) -> None:
    """What a person could do to get more, and when things change."""
    with exit_codes(lang):
        from flexcalc.advice.engine import advise as run
        from flexcalc.audit import stamp
        from flexcalc.text import display

        assumptions, day, loaded, person, city_id, city_data, at = one_person(
            profile, city, as_of, lang, data, assume, encoding
        )
        adv = run(person, city_id, city_data, day, loaded.data, at)
        audit = stamp(loaded, day, assumptions)
        if fmt is Format.json:
            import json

            from flexcalc.output.advice import advice_dict

            echo(json.dumps(advice_dict(adv, lang.value, audit), ensure_ascii=False, indent=2))
        elif fmt is Format.markdown:
            from flexcalc.output.advice import advice_markdown

            echo(advice_markdown(display(adv), lang.value, audit), nl=False)
        else:
            from flexcalc.output.advice import print_advice

            print_advice(display(adv), lang.value, console())
