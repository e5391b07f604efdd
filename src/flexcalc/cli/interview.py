"""`flexcalc interview`: ask a person, question by question, only what the city's rules need."""

from __future__ import annotations

from pathlib import Path

import typer

from flexcalc.cli.common import (
    AsOfOption,
    DataOption,
    Lang,
    LangOption,
    city_at,
    console,
    decode,
    exit_codes,
    read_input,
)


def interview(
    city: str = typer.Option(..., "--city", "-c", help="City id (weihai) or Chinese name (威海, 威海市)."),
    as_of: str | None = AsOfOption,
    lang: Lang = LangOption,
    output: Path | None = typer.Option(None, "--output", "-o", help="Save the profile JSON here."),
    start: str | None = typer.Option(
        None, "--from", metavar="PROFILE", help="Start from this profile JSON (- for standard input) and ask the rest."
    ),
    person_id: str | None = typer.Option(None, "--id", help="Profile id to record (echoed into results)."),
    data: Path | None = DataOption,
) -> None:
    """Ask for the facts the city's rules need, then show the result (问询). Answers may come from a script."""
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
