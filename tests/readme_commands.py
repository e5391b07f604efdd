"""The README's shell commands and samples, read from the file (used by test_readme.py and to refresh
the samples: `python tests/readme_commands.py --write`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MORE = re.compile(r"^… \((\d+) more lines: (\S+)\)$")
# set-up and optional-extra lines are not run: they install things or need a cluster
NOT_RUN = ("python3 -m venv", "pip install", "pip wheel", "spark-submit", "    --input")


def blocks(text: str) -> list[tuple[str, str]]:
    """(info string, body) of every fenced block."""
    return re.findall(r"^```(\w*)\n(.*?)^```", text, re.M | re.S)


def commands(text: str) -> list[tuple[str, int]]:
    """The shell commands of the sh blocks after the set-up, each with its expected exit code
    (`# exit N` at the end of a line; 0 otherwise)."""
    out = []
    for info, body in blocks(text)[2:]:
        if info != "sh":
            continue
        for line in body.splitlines():
            if not line.strip() or line.startswith(NOT_RUN):
                continue
            m = re.search(r"#\s*exit (\d+)\s*$", line)
            out.append((line, int(m.group(1)) if m else 0))
    return out


def samples(text: str) -> list[tuple[str, list[str], int | None]]:
    """(command, shown lines, hidden line count or None) of every block that starts with `$ flexcalc`
    or `$ printf … | flexcalc` (the interview's scripted answers)."""
    out = []
    for _, body in blocks(text):
        lines = body.rstrip("\n").split("\n")
        if not re.match(r"\$ (printf '[^']*' \| )?flexcalc ", lines[0]):
            continue
        more = MORE.match(lines[-1])
        shown = lines[1:-1] if more else lines[1:]
        out.append((lines[0][2:], shown, int(more.group(1)) if more else None))
    return out


def env() -> dict[str, str]:
    e = dict(os.environ, COLUMNS="80", LINES="30", TERM="dumb")
    e["PATH"] = str(Path(sys.executable).parent) + os.pathsep + e.get("PATH", "")
    e.pop("FLEXCALC_DATA", None)
    return e


def run(command: str, cwd: Path, environ: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=environ, capture_output=True, text=True, timeout=120)


def scratch(tmp: Path) -> Path:
    """A copy of what the commands read (examples/, data/) in `tmp`, so what they write stays out of the tree."""
    import shutil

    for folder in ("examples", "data"):
        shutil.copytree(ROOT / folder, tmp / folder)
    return tmp


def refresh() -> None:
    """Rewrite every `$ flexcalc` sample with what the command prints now (same number of lines shown),
    each run in a scratch copy of examples/ and data/ (a sample may write files: outreach --out)."""
    import tempfile

    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        where = scratch(Path(tmp))
        _refresh(text, where)


def _refresh(text: str, where: Path) -> None:
    for command, shown, hidden in samples(text):
        out = run(command, where, env()).stdout.rstrip("\n").split("\n")
        old = "\n".join([f"$ {command}", *shown]) + "\n"
        if hidden is None:
            new = "\n".join([f"$ {command}", *out]) + "\n"
        else:
            keep = out[: len(shown)]
            rest = len(out) - len(keep)
            tail = MORE.match(text[text.index(old) + len(old) :].split("\n", 1)[0])
            new = "\n".join([f"$ {command}", *keep]) + "\n"
            text = text.replace(old + tail.group(0), new + f"… ({rest} more lines: {tail.group(2)})", 1)
            continue
        text = text.replace(old, new, 1)
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__" and "--write" in sys.argv:
    refresh()


def split(command: str) -> tuple[list[str], str | None, str | None, str | None]:
    """A README line as (flexcalc arguments, stdin file, stdout file, printf text piped in)."""
    import shlex

    piped = None
    if "|" in command:
        left, command = command.split("|", 1)
        words = shlex.split(left)
        assert words[0] == "printf", left
        piped = words[1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
    words = shlex.split(command, comments=True)
    stdin = stdout = None
    args: list[str] = []
    it = iter(words)
    for w in it:
        if w == "<":
            stdin = next(it)
        elif w == ">":
            stdout = next(it)
        else:
            args.append(w)
    assert args[0] == "flexcalc", command
    return args[1:], stdin, stdout, piped
