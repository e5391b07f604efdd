"""What the commands share: options, reading input, and the one place errors become exit codes."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path

import typer

from flexcalc.errors import FlexcalcError, OutputError, ProfileError, UsageError


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class View(str, Enum):
    """--format of the commands that print either a table for people or JSON for programs."""

    table = "table"
    json = "json"


ViewOption = typer.Option(View.table, "--format", "-f", help="table for people, json for programs.")

DataOption = typer.Option(
    None, "--data", envvar="FLEXCALC_DATA", help="Another cities TOML instead of the packaged data/cities.toml."
)
LangOption = typer.Option(Lang.zh, "--lang", help="Language of the human text: zh (default) or en.")
AsOfOption = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Assessment date (default: today).")
AssumeOption = typer.Option(
    None,
    "--assume",
    metavar="FIELD=VALUE",
    help="Assume a fact the profile leaves out (repeatable); a fact the profile gives always wins.",
)


@contextmanager
def exit_codes(lang: str | Lang = "zh"):
    """Turn a FlexcalcError into its one-paragraph message (zh or en) and documented exit code.

    The one place errors reach a person: the message is shown() (a file name or a field path
    may come from hostile input), and standard output is flushed here so that a full disk is
    an error with its exit code, not a lost result with exit 0."""
    lang = getattr(lang, "value", lang)
    try:
        yield
        if sys.stdout is not None:
            Guarded(sys.stdout).flush()
    except BrokenPipeError:  # `flexcalc … | head`: the reader has gone, stop quietly
        silence_stdout()
        raise typer.Exit(141) from None
    except FlexcalcError as e:
        from flexcalc.text import shown

        if isinstance(e, OutputError):
            silence_stdout()
        prefix = "flexcalc: 错误：" if lang == "zh" and e.zh else "flexcalc: error: "
        typer.echo(prefix + shown(e.text(lang)), err=True)
        raise typer.Exit(e.exit_code) from None


# --- the one writer of standard output ----------------------------------------------------


class Guarded:
    """Standard output whose write and flush failures become an OutputError (exit 2)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        try:
            return self.stream.write(text)
        except OSError as e:
            raise _output_error(e) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as e:
            raise _output_error(e) from None

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def _output_error(e: OSError) -> OSError | OutputError:
    import errno

    if e.errno == errno.EPIPE or isinstance(e, BrokenPipeError):
        return BrokenPipeError(*e.args)
    why = e.strerror or str(e)
    return OutputError(
        f"cannot write to standard output ({why}); the output is incomplete.",
        f"无法写入标准输出（{why}），输出不完整。",
    )


def stdout():
    """Standard output for a command's result; an OutputError when it is closed (`>&-`)."""
    if sys.stdout is None:
        raise OutputError("standard output is closed: the result cannot be written.", "标准输出已关闭：无法输出结果。")
    return Guarded(sys.stdout)


def echo(text: str, nl: bool = True) -> None:
    """Print a command's result text (JSON, Markdown) through the guarded standard output."""
    typer.echo(text, nl=nl, file=stdout())


def console(trim: bool = False):
    """The rich Console for a command's screens: guarded output, no markup or :emoji: codes read
    from data (which also spares a check the import of rich's 3,600 emoji names).

    `trim`: into a pipe, lines without rich's padding to the width, for output printed piece
    by piece (the interview's); whole screens get that from screen.emit."""
    from rich.console import Console

    out = stdout()
    if trim and not out.isatty():
        from flexcalc.screen import _TrimLines

        out = _TrimLines(out)
    return Console(file=out, markup=False, emoji=False, highlight=False)


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    import os

    try:
        if sys.stdout is not None:
            try:
                sys.stdout.buffer.flush()
            except (OSError, ValueError, AttributeError):
                pass
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
    except (OSError, ValueError):
        pass


def parse_as_of(text: str | None) -> date:
    from flexcalc.grammar import as_of
    from flexcalc.models.profile import EARLIEST, LATEST

    if text is None:
        return date.today()
    day = as_of(text)
    if day is None or not EARLIEST <= day <= LATEST:
        raise UsageError(
            f"--as-of {text!r}: expected a date as YYYY-MM-DD between {EARLIEST} and {LATEST}.",
            f"--as-of {text!r}：应为 {EARLIEST} 至 {LATEST} 之间的有效日期，格式 YYYY-MM-DD。",
        )
    return day


def read_input(path: str, lang: str | Lang = "zh") -> tuple[bytes, str]:
    """The bytes of a file, or of standard input for '-', with a name for messages."""
    try:
        if path == "-":
            if sys.stdin is None:
                raise OSError(0, "standard input is closed")
            if sys.stdin.isatty():  # a person at a terminal: say why nothing happens yet
                zh = getattr(lang, "value", lang) == "zh"
                sys.stderr.write(
                    "正在从标准输入读取人员信息……（输入完毕按 Ctrl-D）\n"
                    if zh
                    else "reading profile from standard input… (Ctrl-D to end)\n"
                )
                sys.stderr.flush()
            return sys.stdin.buffer.read(), "<stdin>"
        return Path(path).read_bytes(), path
    except OSError as e:
        why = e.strerror or e
        where = "<stdin>" if path == "-" else path
        raise ProfileError(
            f"{where}: cannot read the profile ({why}).", zh=f"{where}：无法读取人员信息文件（{why}）。"
        ) from None


GB18030_BOM = b"\x84\x31\x95\x33"


def decode(raw: bytes, name: str, encoding: str | None = None, lang: str | Lang = "zh") -> str:
    """The text of a profile file: in --encoding when given, else UTF-8 (with or without a BOM),
    else GB18030 when it starts with GB18030's BOM or is valid GB18030 (said on stderr)."""
    from flexcalc.grammar import text_encoding

    codec = text_encoding(encoding) if encoding else None
    if codec is None and raw.startswith(GB18030_BOM):
        codec = "gb18030"
    try:
        text = raw.decode(codec or "utf-8-sig")
    except UnicodeDecodeError as e:
        if codec is None:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                pass
            else:
                en = getattr(lang, "value", lang) == "en"
                typer.echo(
                    f"flexcalc: warning: {name} is not UTF-8; read as GB18030 (give --encoding to say so)"
                    if en
                    else f"flexcalc：警告：{name} 不是 UTF-8 文本，已按 GB18030 读取（可用 --encoding 指定）",
                    err=True,
                )
                return text
        enc = "UTF-8" if codec in (None, "utf-8-sig") else codec.upper()
        raise ProfileError(
            f"{name}: not {enc} text (invalid byte at offset {e.start}).",
            zh=f"{name}：不是 {enc} 文本（第 {e.start} 字节无效）。",
        ) from None
    return text.removeprefix("\ufeff")


EncodingOption = typer.Option(
    None,
    "--encoding",
    metavar="ENCODING",
    help="Encoding of the profile file: utf-8, utf-8-sig or gb18030 (default: UTF-8, else GB18030 with a warning).",
)


def load_data(path: Path | None):
    from flexcalc.data import load

    return load(path)


def city_at(city: str, as_of: str | None, data: Path | None):
    """What --city, --as-of and --data name: (date, loaded data, city id, City)."""
    from flexcalc.data import resolve_city

    day = parse_as_of(as_of)
    loaded = load_data(data)
    city_id, city_data = resolve_city(loaded.data, city)
    return day, loaded, city_id, city_data
