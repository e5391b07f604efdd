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
    force: bool = typer.Option(
        False,
        "--force",
        help=h(
            "Replace an existing -o file (otherwise the interview continues from its facts).",
            "覆盖已存在的 -o 文件（否则从该文件已有的事实继续问询）。",
        ),
    ),
    data: Path | None = DataOption,
) -> None:
    """Ask for the facts the city's rules need, then show the result. Answers may come from a script."""
    with exit_codes(lang):
        import sys

        from flexcalc.errors import UsageError
        from flexcalc.interview import ScriptedAnswerError, Session, converse, word
        from flexcalc.output.table import print_result
        from flexcalc.text import display

        day, loaded, city_id, city_data = city_at(city, as_of, data)
        if output is not None and not output.parent.is_dir():
            raise UsageError(
                f"-o {output}: the folder {output.parent} does not exist.",
                f"-o {output}：文件夹 {output.parent} 不存在。",
            )
        if output is not None and output.is_dir():
            raise UsageError(f"-o {output}: is a folder, not a file.", f"-o {output}：是文件夹，不是文件。")
        if sys.stdin is None:
            raise UsageError(
                "standard input is closed: the interview reads its answers there.",
                "标准输入已关闭：问询需要从标准输入读取回答。",
            )
        answers, resumed = _start(start, output, force)
        if person_id is not None:
            answers["id"] = person_id
        session = Session(city_id, city_data, day, loaded.data, lang.value, answers)
        screen = console(trim=True)
        place = city_data.name_en if lang.value == "en" else city_data.name
        screen.print(word("intro", lang.value, city=place, d=day), style="bold")
        screen.print(word("keys", lang.value), style="dim")
        if resumed:
            screen.print(word("resumed", lang.value, p=output, n=_facts(answers)), style="yellow")
        interrupted = False
        with _signals() as stop:
            try:
                ended = converse(session, screen, lang.value)
            except KeyboardInterrupt:
                screen.print()
                ended = "interrupt"
            except ScriptedAnswerError as e:  # nothing written: a half-right script must not pass
                raise _scripted(e, lang.value) from None
            stop.hold()  # a Ctrl-C from here on is noted and waits until the answers are saved
            interrupted = ended == "interrupt" or stop.hit
            if ended != "done":
                screen.print(word("stopped", lang.value), style="yellow")
            screen.print(word("summary", lang.value, a=len(session.answered), s=len(session.skipped)))
            if not interrupted:
                print_result(display(session.result), lang.value, screen)
                from flexcalc.advice.engine import advise
                from flexcalc.output.advice import print_summary

                adv = advise(session.profile, city_id, city_data, day, loaded.data)
                print_summary(display(adv), lang.value, screen)  # the top steps and the next dates
            if output is not None:
                _save(output, session.answers)
                screen.print(word("saved", lang.value, p=output))
            else:
                screen.print(word("not_saved", lang.value), style="dim")
            interrupted = interrupted or stop.hit
        if interrupted:
            raise typer.Exit(130)


def _start(path: str | None, output: Path | None, force: bool) -> tuple[dict, bool]:
    """The answers to start from (a validated profile: --from, else an existing -o), and whether
    they are the -o file's own (the interview then continues it)."""
    from flexcalc.errors import UsageError

    exists = output is not None and output.exists()
    if path == "-":
        raise UsageError(
            "--from -: standard input carries the answers; give the profile as a file.",
            "--from -：标准输入用于回答问题，请把人员信息放在文件里。",
        )
    if exists and not force and path is not None:
        raise UsageError(
            f"-o {output}: the file exists; give --force to replace it with this interview, "
            "or leave out --from to continue from its facts.",
            f"-o {output}：文件已存在；用 --force 以本次问询覆盖它，或去掉 --from 从它已有的事实继续。",
        )
    if path is not None:
        return _profile(path), False
    if exists and not force:
        from flexcalc.errors import ProfileError

        try:
            return _profile(str(output)), True
        except ProfileError as e:
            raise ProfileError(
                f"{e} The interview continues an existing -o file; give --force to replace it.",
                zh=f"{e.text('zh')}问询会在已有的 -o 文件上继续；如要覆盖它，请加 --force。",
            ) from None
    return {}, False


def _profile(path: str) -> dict:
    """A profile file as its JSON object; exit 3 with the field paths when it is not a valid profile."""
    import json

    from flexcalc.profile_io import parse_profile

    raw, name = read_input(path)
    text = decode(raw, name)
    parse_profile(text, name)
    return json.loads(text)


def _facts(answers: dict) -> int:
    """How many facts a profile holds (its leaves, not counting id, name and extra)."""

    def leaves(node) -> int:
        if isinstance(node, dict):
            return sum(leaves(v) for v in node.values())
        return 1

    return sum(leaves(v) for k, v in answers.items() if k not in ("id", "name", "extra"))


def _save(output: Path, answers: dict) -> None:
    """The profile written whole or not at all: a temporary file beside it, renamed over it."""
    import json

    from flexcalc.cli.common import write_atomically
    from flexcalc.errors import UsageError

    text = json.dumps(answers, ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomically(output, text.encode("utf-8"))
    except OSError as e:
        why = e.strerror or e
        from flexcalc.errors import os_why

        why_zh = os_why(e, "zh")
        raise UsageError(
            f"-o {output}: cannot write the profile ({why}); the file is unchanged.",
            f"-o {output}：无法写入人员信息（{why_zh}），原文件未改动。",
        ) from None


def _scripted(e, lang: str):
    """A scripted answer that cannot be used, as a usage error naming the line, question and answer."""
    from flexcalc.errors import UsageError
    from flexcalc.interview import _q

    answer = _q(e.answer)
    return UsageError(
        f"standard input line {e.line}: the answer {answer!r} to question {e.number} ({e.q.field}: {e.q.text}) "
        f"cannot be used: {e.why}. Nothing was written; fix the script and run it again.",
        f"标准输入第 {e.line} 行：第 {e.number} 题（{e.q.field}：{e.q.text}）的回答“{answer}”无效：{e.why}。"
        "未写入任何文件；请改正脚本后重新运行。",
    )


class _Stop:
    """Ctrl-C during the interview: noted, and (once held) kept from cutting the save short."""

    def __init__(self):
        self.hit = False
        self.held = False

    def __call__(self, signum, frame) -> None:
        self.hit = True
        if not self.held:
            raise KeyboardInterrupt

    def hold(self) -> None:
        self.held = True


class _signals:
    """SIGINT handled by a _Stop for the length of the interview, the old handler back after."""

    def __enter__(self) -> _Stop:
        import signal
        import threading

        self.stop = _Stop()
        self.old = None
        if threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGINT, self.stop)
        return self.stop

    def __exit__(self, *exc) -> None:
        import signal

        if self.old is not None:
            signal.signal(signal.SIGINT, self.old)
