"""`flexcalc policy`: a city's document, its measures with their cited figures, and its entitlements."""

from __future__ import annotations

from pathlib import Path

from flexcalc.cli.common import (
    AsOfOption,
    CityOption,
    DataOption,
    Lang,
    LangOption,
    View,
    ViewOption,
    city_at,
    console,
    echo,
    exit_codes,
    note,
)
from flexcalc.cli.help import Example, describe


@describe(
    "policy",
    zh="一个城市的政策一览：文件、有效期、各项数字及其条款、人员类别、办理部门。",
    examples=[
        Example(
            "flexcalc policy --city 威海 --as-of 2026-06-30", "Weihai's measures at a date:", "威海在某日的各项措施："
        ),
        Example(
            "flexcalc policy -c xining --as-of 2026-06-30",
            "A document outside its validity is said first:",
            "文件不在有效期时先给出警告：",
        ),
        Example(
            "flexcalc policy -c dalian --format json",
            "As JSON, with each figure's data path:",
            "以 JSON 输出，含各数字在数据中的路径：",
        ),
    ],
    exits=(0, 2, 4, 141),
)
def policy(
    city: str = CityOption,
    as_of: str | None = AsOfOption,
    fmt: View = ViewOption,
    lang: Lang = LangOption,
    data: Path | None = DataOption,
) -> None:
    """Show a city's policy: document, validity, figures with clauses, groups, departments."""
    with exit_codes(lang):
        from flexcalc.policy import describe_city
        from flexcalc.text import display

        day, loaded, city_id, city_data = city_at(city, as_of, data)
        described = describe_city(city_id, city_data, day, lang.value)
        if not described["document"]["in_force"]:
            note(described["warning"], described["warning"], lang)
        if fmt is View.json:
            import json

            from flexcalc.audit import stamp

            described["audit"] = stamp(loaded, day)
            echo(json.dumps(described, ensure_ascii=False, indent=2))
            return
        from flexcalc.output.policy import print_policy

        print_policy(display(described), lang.value, console())
