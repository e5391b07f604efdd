"""The command line: one module per command, each thin (parse, call, render, map errors)."""

from __future__ import annotations

import typer

from flexcalc import __version__
from flexcalc.cli import batch, check, cities, compare, interview, policy, schema, validate

app = typer.Typer(
    name="flexcalc",
    help="灵活就业支持政策计算器 — which flexible-employment support measures a person qualifies for, how much, and under which clause.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"flexcalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """灵活就业支持政策计算器 (flexcalc)."""


app.command("check")(check.check)
app.command("batch")(batch.batch)
app.command("explain")(check.explain)
app.command("compare")(compare.compare)
app.command("policy")(policy.policy)
app.command("cities")(cities.cities)
app.command("schema")(schema.schema)
app.command("interview")(interview.interview)
app.command("validate")(validate.validate)


def main() -> None:
    app()
