"""`flexcalc interview`: ask a person, question by question, only what the city's rules need."""

from __future__ import annotations

from pathlib import Path

import typer

from flexcalc.cli.common import (
    AsOfOption,
    CityOption,
    DataOption,
    Lang,
    LangOption,
    city_at,
    console,
    decode,
    exit_codes,
    read_input,
)
from flexcalc.cli.help import Example, describe, h


@describe(
    "interview",
    zh="只问本市规则还需要的事实，然后给出结果（问询）；回答也可以来自脚本。",
    examples=[
        Example(
            "flexcalc interview --city weihai -o person.json",
            "Ask at a terminal, save the answers as a profile:",
            "在终端逐题问询，并把回答保存为人员信息：",
        ),
        Example(
            "flexcalc interview -c weihai --from examples/weihai_startup.json",
            "Start from a profile and ask only what it leaves open:",
            "从已有的人员信息出发，只问其中没有的：",
        ),
        Example(
            "printf '1\\n退役军人\\n' | flexcalc interview -c weihai --as-of 2021-09-30",
            "Answers from a script, one a line (the first bad one stops it, exit 2):",
            "回答来自脚本，每行一个（遇到第一个无效回答即停止，退出码 2）：",
        ),
    ],
    exits=(0, 2, 3, 4, 130),
)
def interview(
    city: str = CityOption,
    as_of: str | None = AsOfOption,
    lang: Lang = LangOption,
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help=h("Save the profile JSON here.", "把人员信息 JSON 保存到此文件。"),
    ),
    start: str | None = typer.Option(
        None,
        "--from",
        metavar="PROFILE",
        help=h(
            "Start from this profile JSON (- for standard input) and ask the rest.",
            "从这份人员信息 JSON 出发，只问其余的。",
        ),
    ),
    person_id: str | None = typer.Option(
        None,
        "--id",
        metavar="ID",
        help=h("Profile id to record (echoed into results).", "记录的人员编号（会写入结果）。"),
    ),
    data: Path | None = DataOption,
) -> None:
    """Ask for the facts the city's rules need, then show the result. Answers may come from a script."""
    with exit_codes(lang):
        import json
        import sys

        from flexcalc.errors import UsageError
        from flexcalc.interview import Session, converse, word
        from flexcalc.output.table import print_result
        from flexcalc.text import display

        day, loaded, city_id, city_data = city_at(city, as_of, data)
        if output is not None and not output.parent.is_dir():
            raise UsageError(
                f"-o {output}: the folder {output.parent} does not exist.",
                f"-o {output}：文件夹 {output.parent} 不存在。",
            )
        if sys.stdin is None:
            raise UsageError(
                "standard input is closed: the interview reads its answers there.",
                "标准输入已关闭：问询需要从标准输入读取回答。",
            )
        answers = _start(start)
        if person_id is not None:
            answers["id"] = person_id
        session = Session(city_id, city_data, day, loaded.data, lang.value, answers)
        screen = console(trim=True)
        place = city_data.name_en if lang.value == "en" else city_data.name
        screen.print(word("intro", lang.value, city=place, d=day), style="bold")
        screen.print(word("keys", lang.value), style="dim")
        interrupted = False
        try:
            ended = converse(session, screen, lang.value)
        except KeyboardInterrupt:
            screen.print()
            ended, interrupted = "interrupt", True
        if ended != "done":
            screen.print(word("stopped", lang.value), style="yellow")
        screen.print(word("summary", lang.value, a=len(session.answered), s=len(session.skipped)))
        if not interrupted:
            print_result(display(session.result), lang.value, screen)
        if output is not None:
            text = json.dumps(session.answers, ensure_ascii=False, indent=2) + "\n"
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as e:
                why = e.strerror or e
                raise UsageError(
                    f"-o {output}: cannot write the profile ({why}).", f"-o {output}：无法写入人员信息（{why}）。"
                ) from None
            screen.print(word("saved", lang.value, p=output))
        else:
            screen.print(word("not_saved", lang.value), style="dim")
        if interrupted:
            raise typer.Exit(130)


def _start(path: str | None) -> dict:
    """The answers to start from: a validated profile file, as its JSON object."""
    if path is None:
        return {}
    if path == "-":
        from flexcalc.errors import UsageError

        raise UsageError(
            "--from -: standard input carries the answers; give the profile as a file.",
            "--from -：标准输入用于回答问题，请把人员信息放在文件里。",
        )
    import json

    from flexcalc.profile_io import parse_profile

    raw, name = read_input(path)
    text = decode(raw, name)
    parse_profile(text, name)  # exit 3 with the field paths when it is not a valid profile
    return json.loads(text)
