"""The command line: one module per command, each thin (parse, call, render, map errors)."""

from __future__ import annotations

import sys
from importlib import import_module

import typer

from flexcalc import __version__

# name → (module under flexcalc.cli, function), in the order `--help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "check"),
    "batch": ("batch", "batch"),
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
    (build_app(first) if first in COMMANDS else build_app())()
