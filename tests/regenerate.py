"""Everything in the repository that shows what the commands print, generated from the commands:
the CLI reference (docs/cli.md, docs/cli.zh.md), every screen (docs/screens/*.txt) and the
README's samples. After changing a command, an option or a screen, run from the repository root:

    python tests/regenerate.py

and read the diff. tests/test_cli_reference.py and tests/test_screens.py fail when a file is stale.

A screen is rendered in-process at 80 × 30, as a person at a terminal sees it: standard output
and standard error are one terminal (TERM=dumb: no colours), standard input is a pipe (the
interview's scripted answers) unless the screen says it is a terminal. Run times are replaced
by fixed figures so that a screen is the same on every machine.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ROOT / "docs" / "screens"
WIDTH, HEIGHT = 80, 30
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Screen:
    """One screen: its file name, the command line (without --lang), what standard input holds."""

    name: str
    command: str
    stdin: str | None = None
    stdin_tty: bool = False
    stderr_tty: bool = True
    both: bool = True  # rendered in zh and en (name.zh.txt, name.en.txt); else one file with no --lang


# The README's script (answers from a pipe are echoed). A wrong answer at a terminal is asked again
# (tests/test_interview_terminal.py drives that through a pseudo-terminal); from a script the first
# one ends the run with exit 2 and nothing written (the interview-script-error screen).
INTERVIEW = "1\n退役军人\n2021-03-01\n6\n电子商务师\n8000\nskip\n1\n"

LIST: tuple[Screen, ...] = (
    Screen("check-urumqi", "flexcalc check --city urumqi --as-of 2023-06-30 examples/urumqi_incubator.json"),
    Screen("check-xining", "flexcalc check --city xining --as-of 2023-06-30 examples/xining_partnership.json"),
    Screen(
        "check-lianyungang",
        "flexcalc check --city lianyungang --as-of 2023-06-30 examples/lianyungang_graduate.json",
    ),
    Screen("check-dalian", "flexcalc check --city dalian --as-of 2023-12-31 examples/dalian_graduate.json"),
    Screen("check-weihai", "flexcalc check --city weihai --as-of 2026-06-30 examples/weihai_startup.json"),
    Screen(
        "check-assumed",
        "flexcalc check --city lianyungang --as-of 2023-06-30 --assume business.in_incubator=true "
        "examples/lianyungang_graduate.json",
    ),
    Screen("explain", "flexcalc explain --city weihai --as-of 2026-06-30 examples/weihai_startup.json"),
    Screen("notice", "flexcalc check --city weihai --as-of 2026-06-30 --format markdown examples/weihai_startup.json"),
    Screen("advise", "flexcalc advise --city weihai --as-of 2026-06-30 examples/advise/weihai_planned.json"),
    Screen("advise-window", "flexcalc advise --city lianyungang --as-of 2023-06-30 examples/lianyungang_graduate.json"),
    Screen("compare", "flexcalc compare --as-of 2026-06-30 examples/weihai_startup.json"),
    Screen("compare-2023", "flexcalc compare --as-of 2023-06-30 examples/urumqi_incubator.json"),
    Screen("policy-urumqi", "flexcalc policy --city urumqi --as-of 2023-06-30"),
    Screen("policy-xining", "flexcalc policy --city xining --as-of 2023-06-30"),
    Screen("policy-xining-lapsed", "flexcalc policy --city xining --as-of 2026-06-30"),
    Screen("policy-lianyungang", "flexcalc policy --city lianyungang --as-of 2023-06-30"),
    Screen("policy-dalian", "flexcalc policy --city dalian --as-of 2023-12-31"),
    Screen("policy-weihai", "flexcalc policy --city weihai --as-of 2026-06-30"),
    Screen("cities", "flexcalc cities"),
    Screen("schema", "flexcalc schema"),
    Screen("validate", "flexcalc validate"),
    Screen("batch", "flexcalc batch examples/registry.jsonl --as-of 2023-06-30 -o results.jsonl", stderr_tty=False),
    Screen(
        "batch-summary", "flexcalc batch examples/registry.jsonl --as-of 2023-06-30 --summary-only", stderr_tty=False
    ),
    Screen(
        "outreach",
        "flexcalc outreach examples/registry.jsonl --as-of 2026-06-30 --out outreach --force",
        stderr_tty=False,
    ),
    Screen("interview", "flexcalc interview --city weihai --as-of 2021-09-30", stdin=INTERVIEW),
    Screen(
        "interview-script-error",
        "flexcalc interview --city weihai --as-of 2021-09-30 -o p.json",
        stdin="1\n退役军人\n2021-02-30\n",
    ),
    Screen(
        "stdin-at-a-terminal",
        "flexcalc check --city weihai --as-of 2026-06-30 -",
        stdin="{}\n",
        stdin_tty=True,
    ),
    Screen("usage-error", "flexcalc check --cty weihai examples/weihai_startup.json"),
    Screen("no-such-command", "flexcalc chek --city weihai examples/weihai_startup.json"),
    Screen("unknown-city", "flexcalc check --city beijing examples/weihai_startup.json"),
    Screen("help", "flexcalc --help"),
    Screen("help-check", "flexcalc check --help"),
)

# Run times differ from run to run: the figures a screen shows instead.
_TIMES = (
    (re.compile(r"\b\d+\.\d+ s\b"), "0.05 s"),
    (re.compile(r"\d+\.\d+ 秒"), "0.05 秒"),
    (re.compile(r"[\d,]+ profiles/s"), "100 profiles/s"),
    (re.compile(r"每秒 [\d,]+ 条"), "每秒 100 条"),
)


def normalise(text: str) -> str:
    for pattern, fixed in _TIMES:
        text = pattern.sub(fixed, text)
    return text


class _Stream(io.TextIOWrapper):
    """A text stream over a shared buffer that says whether it is a terminal."""

    def __init__(self, buffer, tty: bool):
        super().__init__(buffer, encoding="utf-8", errors="backslashreplace", write_through=True)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


class _Shared(io.BytesIO):
    """One buffer for both output streams (a terminal interleaves them); closing it keeps the bytes."""

    def close(self) -> None:
        pass


@contextmanager
def _terminal(stdin: str | None, stdin_tty: bool, stderr_tty: bool):
    shared = _Shared()
    saved = sys.stdin, sys.stdout, sys.stderr
    env = {k: os.environ.get(k) for k in ("COLUMNS", "LINES", "TERM", "FLEXCALC_LANG", "FLEXCALC_DATA", "NO_COLOR")}
    os.environ.update(COLUMNS=str(WIDTH), LINES=str(HEIGHT), TERM="dumb", NO_COLOR="1")
    os.environ.pop("FLEXCALC_LANG", None)
    os.environ.pop("FLEXCALC_DATA", None)
    sys.stdin = _Stream(io.BytesIO((stdin or "").encode()), stdin_tty)
    sys.stdout = _Stream(shared, True)
    sys.stderr = _Stream(shared, stderr_tty)
    try:
        yield shared
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdin, sys.stdout, sys.stderr = saved
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run(args: list[str], stdin: str | None = None, stdin_tty: bool = False, stderr_tty: bool = True) -> tuple[str, int]:
    """What a terminal shows for `flexcalc ARGS` (trailing spaces dropped), and the exit code."""
    import typer

    from flexcalc.cli import build_app

    command = typer.main.get_command(build_app())
    with _terminal(stdin, stdin_tty, stderr_tty) as shared:
        try:
            command.main(args=args, prog_name="flexcalc")
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
    text = shared.getvalue().decode("utf-8", "replace")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines), code


def screen_text(s: Screen, lang: str | None) -> str:
    """The screen file's text: the command, what the terminal shows, the exit code."""
    command = s.command + (f" --lang {lang}" if lang else "")
    args = shlex.split(command)[1:]
    shown, code = run(args, s.stdin, s.stdin_tty, s.stderr_tty)
    head = (
        f"$ {command}" if s.stdin is None or s.stdin_tty else f"$ printf {shlex.quote(_escaped(s.stdin))} | {command}"
    )
    return normalise(f"{head}\n{shown}\n[exit {code}]\n")


def _escaped(text: str) -> str:
    return text.replace("\n", "\\n")


def screens() -> dict[str, str]:
    """Every screen file's name and text, rendered from a copy of examples/ (what they write stays there)."""
    out: dict[str, str] = {}
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "examples", Path(tmp) / "examples")
        os.chdir(tmp)
        try:
            for s in LIST:
                for lang in LANGS if s.both else (None,):
                    out[f"{s.name}.{lang}.txt" if lang else f"{s.name}.txt"] = screen_text(s, lang)
        finally:
            os.chdir(here)
    return out


# --- the CLI reference ------------------------------------------------------------------------

REFERENCE = {"en": ROOT / "docs" / "cli.md", "zh": ROOT / "docs" / "cli.zh.md"}
_TITLE = {
    "en": (
        "# flexcalc command reference\n\n"
        "Every command's `--help`, as `flexcalc COMMAND --help --lang en` prints it at 80 columns. "
        "Generated from the commands by `python tests/regenerate.py`; `tests/test_cli_reference.py` "
        "fails when it is stale. 中文版：[cli.zh.md](cli.zh.md).\n"
    ),
    "zh": (
        "# flexcalc 命令参考\n\n"
        "各命令的 `--help`，即 80 列终端上 `flexcalc 命令 --help` 的输出。由 `python tests/regenerate.py` "
        "从命令生成；与命令不一致时 `tests/test_cli_reference.py` 失败。English: [cli.md](cli.md).\n"
    ),
}


def reference(lang: str) -> str:
    """The reference in one language: the group's help, then each command's."""
    import typer

    from flexcalc.cli import build_app
    from flexcalc.cli.help import render

    group = typer.main.get_command(build_app())
    root = typer.Context(group, info_name="flexcalc")
    parts = [_TITLE[lang], f"## flexcalc\n\n```\n{render(group, root, lang, WIDTH)}```\n"]
    for name, command in group.commands.items():
        ctx = typer.Context(command, info_name=name, parent=root)
        parts.append(f"## flexcalc {name}\n\n```\n{render(command, ctx, lang, WIDTH)}```\n")
    return "\n".join(parts)


def write() -> list[str]:
    """Regenerate every file; the names of those that changed."""
    changed = []
    for lang, path in REFERENCE.items():
        text = reference(lang)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(str(path.relative_to(ROOT)))
    fresh = screens()
    for old in SCREENS.glob("*.txt"):
        if old.name not in fresh:
            old.unlink()
            changed.append(f"{old.relative_to(ROOT)} (removed)")
    for name, text in fresh.items():
        path = SCREENS / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(str(path.relative_to(ROOT)))
    sys.path.insert(0, str(ROOT / "tests"))
    import readme_commands

    before = readme_commands.README.read_text(encoding="utf-8")
    readme_commands.refresh()
    if readme_commands.README.read_text(encoding="utf-8") != before:
        changed.append("README.md")
    return changed


if __name__ == "__main__":
    for name in write():
        print(f"regenerated {name}")
