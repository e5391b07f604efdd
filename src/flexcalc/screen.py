"""Putting rich renderables on a screen or into a pipe: word-wrapped, hanging indents, no padding."""

from __future__ import annotations

import sys
from typing import IO, cast

from rich.console import Console, RenderableType
from rich.text import Text

from flexcalc import linebreak

linebreak.install()  # every rich Text on our screens breaks lines by the Chinese and English rules

MIN_WIDTH = 50  # narrower than this (COLUMNS=20, COLUMNS=0) a table would cut amounts: lay out at 50


def width(stream=None) -> int:
    """The width to lay screens out at: COLUMNS, else the terminal's, else 80; never under MIN_WIDTH."""
    import os

    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit():
        columns = int(env)
    else:
        try:
            columns = os.get_terminal_size((stream or sys.stdout).fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 80
    return max(columns, MIN_WIDTH)


def emit(renderable: RenderableType, console: Console | None = None) -> None:
    """Print to a terminal as rich lays it out; into a pipe or file, the same lines without the
    spaces rich pads every table line with up to the width."""
    console = console or Console(highlight=False, width=width())
    if console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as cap:
        console.print(renderable)
    console.file.write("\n".join(line.rstrip() for line in cap.get().split("\n")))
    console.file.flush()


def hanging(text: Text | str, width: int, indent: int = 2) -> Text:
    """`text` wrapped to `width` cells, every line after the first indented by `indent` cells,
    so a long name never wraps back to column 0 and looks like a new row."""
    text = Text(text) if isinstance(text, str) else text
    probe = Console(width=max(width, 4), legacy_windows=False)
    lines = text.wrap(probe, max(width, 4))
    if len(lines) <= 1:
        return text
    first = lines[0]
    rest = text[len(first.plain) :]
    rest = rest[len(rest.plain) - len(rest.plain.lstrip()) :]
    rest_lines = rest.wrap(probe, max(width - indent, 4))
    out = Text()
    for i, line in enumerate([first, *rest_lines]):
        line = line.copy()
        line.rstrip()
        if i:
            out.append("\n" + " " * indent)
        out.append_text(line)
    return out


def say(message: str, indent: int = 2) -> None:
    """A message on standard error: wrapped at word boundaries to a terminal's width (with a
    hanging indent), one line when standard error is a file or a pipe."""
    stream = sys.stderr
    if not stream.isatty():
        stream.write(message + "\n")
        stream.flush()
        return
    console = Console(file=stream, highlight=False, width=width(stream))
    console.print(hanging(message, console.width, indent), markup=False, highlight=False)


class Packed:
    """Items packed into lines of the width given; an item is never split across two lines
    (unless it alone is wider than the line), continuation lines indented by `indent`."""

    def __init__(self, items: list[str], sep: str = "   ", style: str = "", indent: int = 0):
        self.items, self.sep, self.style, self.indent = items, sep, style, indent

    def __rich_console__(self, console, options):
        from rich.cells import cell_len

        lines: list[str] = []
        for item in self.items:
            if lines and cell_len(lines[-1]) + cell_len(self.sep) + cell_len(item) <= options.max_width:
                lines[-1] += self.sep + item
            else:
                lines.append((" " * self.indent if lines else "") + item)
        yield Text("\n".join(lines), style=self.style, overflow="fold")


class _TrimLines:
    """A text stream that drops the spaces before each newline (rich pads table lines to the width)."""

    def __init__(self, stream):
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.stream.write("\n".join(line.rstrip(" ") for line in lines) + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending)
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False


def out_console() -> Console:
    """A console on standard output: rich's own on a terminal; into a pipe, lines without padding
    (for output printed piece by piece, such as the interview's)."""
    if sys.stdout.isatty():
        return Console(highlight=False, width=width())
    return Console(highlight=False, file=cast(IO[str], _TrimLines(sys.stdout)), width=width())
