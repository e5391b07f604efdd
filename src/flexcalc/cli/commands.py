"""The commands of the CLI, in the order `--help` lists them, and which one a command line names."""

from __future__ import annotations

# name → (module under flexcalc.cli, function), in the order `--help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "check"),
    "batch": ("batch", "batch"),
    "outreach": ("outreach", "outreach"),
    "explain": ("check", "explain"),
    "advise": ("advise", "advise"),
    "compare": ("compare", "compare"),
    "policy": ("policy", "policy"),
    "cities": ("cities", "cities"),
    "schema": ("schema", "schema"),
    "interview": ("interview", "interview"),
    "validate": ("validate", "validate"),
}

# The options of the group itself that take a value (so `flexcalc --lang en check` finds `check`).
_ROOT_VALUED = ("--lang",)


def first_command(args: list[str]) -> str | None:
    """The command a command line names: its first word that is neither an option nor an option's value."""
    it = iter(args)
    for a in it:
        if a in _ROOT_VALUED:
            next(it, None)
        elif not a.startswith("-"):
            return a
    return None
