"""The command line: one module per command, each thin (parse, call, render, map errors)."""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

import typer

from flexcalc import __version__

# name → (module under flexcalc.cli, function), in the order `--help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "check"),
    "batch": ("batch", "batch"),
    "outreach": ("outreach", "outreach"),
    "explain": ("check", "explain"),
    "compare": ("compare", "compare"),
    "policy": ("policy", "policy"),
    "cities": ("cities", "cities"),
    "schema": ("schema", "schema"),
    "interview": ("interview", "interview"),
    "validate": ("validate", "validate"),
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"flexcalc {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """灵活就业支持政策计算器 (flexcalc)."""


def build_app(only: str | None = None) -> typer.Typer:
    """The Typer app with every command, or with just `only` (start-up: import one module, not nine)."""
    app = typer.Typer(
        name="flexcalc",
        help="灵活就业支持政策计算器 — which flexible-employment support measures a person qualifies for, "
        "how much, and under which clause.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name, (module, function) in COMMANDS.items():
        if only is None or name == only:
            app.command(name)(getattr(import_module(f"flexcalc.cli.{module}"), function))
    return app


def __getattr__(name: str):
    """`flexcalc.cli.app`, the full app, built on first use (tests drive it with CliRunner)."""
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


def main() -> None:
    first = next((a for a in sys.argv[1:] if not a.startswith("-")), None)
    app = build_app(first) if first in COMMANDS else build_app()
    # click's exception classes, whether typer uses click or its own copy of it
    mro: dict[str, Any] = {c.__name__: c for c in typer.BadParameter.__mro__}
    command = typer.main.get_command(app)
    try:
        code = command.main(args=sys.argv[1:], prog_name="flexcalc", standalone_mode=False)
    except mro["UsageError"] as e:  # bad option or argument: worded in the --lang asked for
        _usage(e)
        sys.exit(2)
    except typer.Abort:
        sys.stderr.write("\n")
        sys.exit(130)
    except mro["ClickException"] as e:
        e.show()
        sys.exit(e.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


# click's usage messages → Chinese (the English stays as click words it for --lang en).
_ZH = (
    (
        r"No such option: (\S+)(?: \(Possible options: (.+)\)| Did you mean (.+)\?)?$",
        "没有这个选项：{0}",
        "（可用：{1}）",
    ),
    (r"Missing argument '(.+)'\.?$", "缺少参数 {0}", ""),
    (r"Missing option '(.+)'\.?$", "缺少选项 {0}", ""),
    (r"Option '(.+)' requires an argument\.?$", "选项 {0} 需要一个值", ""),
    (r"Invalid value for (.+?): '(.*)' is not one of (.+?)\.?$", "{0} 的值 '{1}' 无效，可选：{2}", ""),
    (r"Invalid value for (.+?): (.+) is not in the range x>=(\d+)\.?$", "{0} 的值 {1} 无效，应不小于 {2}", ""),
    (r"Invalid value for (.+?): (.+)$", "{0} 的值无效：{1}", ""),
    (r"Got unexpected extra arguments? \((.+)\)$", "多余的参数：{0}", ""),
    (r"No such command '(.+)'\.?$", "没有这个命令：{0}", ""),
)


def _usage(e) -> None:
    """A usage error as one paragraph with the command's --help hint, in Chinese unless --lang en."""
    import re

    english = any(a == "en" and b == "--lang" for b, a in zip(sys.argv, sys.argv[1:], strict=False))
    english = english or "--lang=en" in sys.argv
    message = e.format_message()
    command = e.ctx.command_path if e.ctx else "flexcalc"
    if english:
        sys.stderr.write(f"flexcalc: usage error: {message}\nSee: {command} --help\n")
        return
    for pattern, zh, extra in _ZH:
        m = re.match(pattern, message)
        if m:
            groups = [g or "" for g in m.groups()]
            hint = next((g for g in groups[1:] if g), "") if extra else ""
            message = zh.format(*groups) + (extra.format(groups[0], hint) if hint else "")
            break
    sys.stderr.write(f"flexcalc: 用法错误：{message}\n帮助：{command} --help\n")
