"""The command line: one module per command, each thin (parse, call, render, map errors)."""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from flexcalc import __version__
from flexcalc.cli.commands import COMMANDS, first_command
from flexcalc.cli.common import Lang
from flexcalc.cli.help import Example, describe, h


def _version(value: bool) -> None:
    if value:
        from flexcalc.cli.common import echo

        echo(f"flexcalc {__version__}")
        raise typer.Exit()


@describe(
    "flexcalc",
    zh="灵活就业支持政策计算器：一个人在某市能享受哪些灵活就业支持措施、金额多少、依据哪一条款。",
    examples=[
        Example(
            "flexcalc check --city weihai --as-of 2026-06-30 examples/weihai_startup.json",
            "One person against one city's measures:",
            "核验一人在某市的各项措施：",
        ),
        Example(
            "flexcalc --lang en cities",
            "Every command in English (or FLEXCALC_LANG=en):",
            "所有命令都可用英文（或设置 FLEXCALC_LANG=en）：",
        ),
        Example(
            "flexcalc check --help",
            "A command's options, examples and exit codes:",
            "某个命令的选项、示例和退出码：",
        ),
    ],
    exits=(0, 2, 3, 4, 130, 141),
    more_en="Environment: FLEXCALC_LANG (zh or en), FLEXCALC_DATA (another cities file). Shell completion: "
    "flexcalc --install-completion.",
    more_zh="环境变量：FLEXCALC_LANG（zh 或 en）、FLEXCALC_DATA（另一城市数据文件）。命令补全：flexcalc --install-completion。",
)
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help=h("Print the version and exit.", "显示版本号并退出。"),
    ),
    lang: Lang | None = typer.Option(
        None,
        "--lang",
        help=h(
            "Language of every command's words (also FLEXCALC_LANG; a command's own --lang wins).",
            "所有命令的显示语言（也可设 FLEXCALC_LANG；命令自己的 --lang 优先）。",
        ),
    ),
) -> None:
    """Flexible-employment support calculator: which measures a person qualifies for in a city, how much, and under which clause."""


class _Stash:
    """Keeps the raw arguments of each level in ctx.meta, for the language of --help."""

    def parse_args(self, ctx, args):
        ctx.meta.setdefault("flexcalc.args", []).extend(args)
        return super().parse_args(ctx, args)  # type: ignore[misc]

    def format_help(self, ctx, formatter) -> None:
        from flexcalc.cli.help import help_lang, render
        from flexcalc.screen import width

        formatter.write(render(self, ctx, help_lang(ctx), min(width(), 100)))


class Command(_Stash, TyperCommand):
    """A command whose --help is ours (zh or en, examples, exit codes)."""


class Group(_Stash, TyperGroup):
    """The flexcalc group: its --help, and every error mapped to its message and exit code."""

    def main(
        self, args=None, prog_name=None, complete_var=None, standalone_mode=True, windows_expand_args=True, **extra
    ):
        """Always the command line's own mapping of errors to exit codes, never click's standalone one."""
        args = list(sys.argv[1:] if args is None else args)
        sys.exit(run(super().main, args, prog_name or "flexcalc", complete_var, extra))


def run(main, args: list[str], prog_name: str, complete_var, extra) -> int:
    """Run the parsed command; a usage error, an interrupt, a closed pipe → its message and exit code."""
    from flexcalc.cli.help import lang_of
    from flexcalc.errors import FlexcalcError

    mro: dict[str, Any] = {c.__name__: c for c in typer.BadParameter.__mro__}
    try:
        code = main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False, **extra)
    except mro["UsageError"] as e:  # bad option or argument: worded in the --lang asked for
        if type(e).__name__ == "NoArgsIsHelpError":  # `flexcalc` alone: its help, no error
            from flexcalc.cli.common import echo

            echo(e.format_message())
            return 0
        from flexcalc.cli.usage import usage

        usage(e, lang_of(args), args)
        return 2
    except typer.Abort:
        sys.stderr.write("\n")
        return 130
    except mro["ClickException"] as e:
        e.show()
        return e.exit_code
    except OSError as e:  # `--help`/`--version` (click writes them itself) into a full disk
        from flexcalc.cli.common import _output_error, silence_stdout

        failed = _output_error(e)
        silence_stdout()
        if not isinstance(failed, FlexcalcError):  # a closed pipe (`flexcalc --help | head`)
            return 141
        lang = lang_of(args)
        sys.stderr.write(("flexcalc: 错误：" if lang == "zh" else "flexcalc: error: ") + failed.text(lang) + "\n")
        return 2
    except FlexcalcError as e:  # raised while parsing (an option's callback, FLEXCALC_LANG)
        from flexcalc.text import shown

        lang = lang_of(args)
        prefix = "flexcalc: 错误：" if lang == "zh" and e.zh else "flexcalc: error: "
        sys.stderr.write(prefix + shown(e.text(lang)) + "\n")
        return e.exit_code
    return code if isinstance(code, int) else 0


def build_app(only: str | None = None) -> typer.Typer:
    """The Typer app with every command, or with just `only` (start-up: import one module, not nine)."""
    app = typer.Typer(
        name="flexcalc",
        cls=Group,
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name, (module, function) in COMMANDS.items():
        if only is None or name == only:
            app.command(name, cls=Command)(getattr(import_module(f"flexcalc.cli.{module}"), function))
    return app


def __getattr__(name: str):
    """`flexcalc.cli.app`, the full app, built on first use (tests drive it with CliRunner)."""
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


def _hold_standard_fds() -> None:
    """Give a closed standard descriptor (`2>&-`) /dev/null, so that no file this run opens takes
    its number (results would land in it), and a closed stderr loses messages, not the exit code.
    A closed stdin or stdout stays None for Python: the commands report those themselves."""
    import os

    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                opened = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            except OSError:
                continue
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115


def _quiet_unraisable(args) -> None:
    """Out of memory, a generator being closed can fail too: the run reports that once itself."""
    if not issubclass(args.exc_type, MemoryError):
        sys.__unraisablehook__(args)


def _encodable_streams() -> None:
    """An output whose encoding cannot hold Chinese (`PYTHONIOENCODING=ascii`, a C locale): what
    it cannot encode is written as escapes (\\u5a01), never a UnicodeEncodeError."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding and codecs.lookup(encoding).name not in ("utf-8", "utf-16", "utf-32", "gb18030"):
            try:
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                pass


def main() -> None:
    _hold_standard_fds()
    _encodable_streams()
    sys.unraisablehook = _quiet_unraisable
    try:
        first = first_command(sys.argv[1:])
        app = build_app(first) if first in COMMANDS else build_app()
        typer.main.get_command(app).main(args=sys.argv[1:], prog_name="flexcalc")
    except (MemoryError, SystemError):  # `ulimit -v` below what even start-up needs: a line, not a traceback
        # (CPython out of memory in an import may raise SystemError "error return without exception set")
        try:
            sys.stderr.write("flexcalc: error: out of memory / 内存不足\n")
        except Exception:  # noqa: BLE001 - nothing more can be said
            pass
        sys.exit(1)
