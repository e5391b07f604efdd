"""What the commands share: options, reading input, and the one place errors become exit codes."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path

import typer

from flexcalc.cli.help import LANG_ENV, h
from flexcalc.errors import FlexcalcError, OutputError, ProfileError, UsageError


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class View(str, Enum):
    """--format of the commands that print either a table for people or JSON for programs."""

    table = "table"
    json = "json"


def _lang(ctx, param, value):
    """A command's --lang; without one, the group's --lang, then FLEXCALC_LANG, then zh."""
    import os

    if value is None:
        root = ctx.find_root()
        value = root.params.get("lang") if root is not ctx else None
    if value is None:
        env = os.environ.get(LANG_ENV, "")
        if env.strip().lower() in ("zh", "en"):
            value = env.strip().lower()
        elif env.strip():
            raise UsageError(f"{LANG_ENV}={env!r}: expected zh or en.", f"{LANG_ENV}={env!r}：应为 zh 或 en。")
        else:
            value = "zh"
    return getattr(value, "value", value)  # typer turns the text into Lang (str() of a Lang is "Lang.en")


ViewOption = typer.Option(
    View.table, "--format", "-f", help=h("table for people, json for programs.", "table 给人看，json 给程序读。")
)

DataOption = typer.Option(
    None,
    "--data",
    envvar="FLEXCALC_DATA",
    metavar="FILE",
    help=h(
        "Another cities TOML instead of the packaged data/cities.toml.",
        "改用另一个城市数据 TOML 文件（默认为随程序打包的 data/cities.toml）。",
    ),
)
LangOption = typer.Option(
    None,
    "--lang",
    callback=_lang,
    help=h(
        "Language of the words: zh (default) or en; also flexcalc --lang or FLEXCALC_LANG.",
        "显示语言：zh（默认）或 en；也可用 flexcalc --lang 或 FLEXCALC_LANG。",
    ),
)
AsOfOption = typer.Option(
    None,
    "--as-of",
    metavar="YYYY-MM-DD",
    help=h("Assessment date (default: today).", "评估日（默认今天）。"),
)
AssumeOption = typer.Option(
    None,
    "--assume",
    metavar="FIELD=VALUE",
    help=h(
        "Assume a fact the profile leaves out (repeatable); a fact the profile gives always wins.",
        "假设人员信息中缺少的某项事实（可重复）；人员信息中已有的事实总是优先。",
    ),
)


def complete_city(incomplete: str) -> list[str]:
    """Shell completion of --city: the ids of the packaged cities."""
    try:
        ids = list(load_data(None).data.cities)
    except (FlexcalcError, OSError):
        return []
    return [c for c in ids if c.startswith(incomplete)]


CityOption = typer.Option(
    ...,
    "--city",
    "-c",
    metavar="CITY",
    autocompletion=complete_city,
    help=h("City id (weihai) or Chinese name (威海, 威海市).", "城市 id（weihai）或中文名（威海、威海市）。"),
)


def note(en: str, zh: str, lang: str | Lang, kind: str = "warning") -> None:
    """A warning or a note on standard error, in the run's language: flexcalc: 警告：… / flexcalc: warning: …"""
    from flexcalc.screen import say
    from flexcalc.text import shown

    lang = getattr(lang, "value", lang)
    if lang == "en":
        say(f"flexcalc: {kind}: {shown(en)}")
    else:
        say(f"flexcalc: {'警告' if kind == 'warning' else '提示'}：{shown(zh)}")


def deprecated(old: str, new: str, lang: str | Lang) -> None:
    """An old spelling still accepted (scripts depend on it), with the one to use instead."""
    note(
        f"{old} is deprecated; use {new} (the old spelling still works for now).",
        f"{old} 已过时，请改用 {new}（旧写法暂时仍可用）。",
        lang,
        "note",
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
        _say_error(prefix + shown(e.text(lang)))
        raise typer.Exit(e.exit_code) from None


def _say_error(message: str) -> None:
    """An error on standard error: wrapped at a terminal's width by the line-breaking rules (never
    mid-word), one line into a file or a pipe; a closed standard error loses only the message."""
    from flexcalc.screen import say

    if sys.stderr is None:
        return
    try:
        say(message)
    except (OSError, ValueError):
        pass


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
    from flexcalc.errors import os_why

    why_zh = os_why(e, "zh")
    return OutputError(
        f"cannot write to standard output ({why}); the output is incomplete.",
        f"无法写入标准输出（{why_zh}），输出不完整。",
    )


def stdout():
    """Standard output for a command's result; an OutputError when it is closed (`>&-`)."""
    if sys.stdout is None:
        raise OutputError("standard output is closed: the result cannot be written.", "标准输出已关闭：无法输出结果。")
    return Guarded(sys.stdout)


def echo(text: str, nl: bool = True) -> None:
    """Print a command's result text (JSON, Markdown) through the guarded standard output."""
    typer.echo(text, nl=nl, file=stdout())


def said(text: str, indent: int = 2) -> None:
    """A line of words for a person on standard output: wrapped by the line-breaking rules at a
    terminal's width (continuation lines indented), as one line into a pipe or a file."""
    out = stdout()
    if out.isatty():
        from flexcalc.linebreak import wrap
        from flexcalc.screen import width

        text = "\n".join(wrap(text, width(out), indent))
    echo(text)


def console(trim: bool = False):
    """The rich Console for a command's screens: guarded output, no markup or :emoji: codes read
    from data (which also spares a check the import of rich's 3,600 emoji names).

    `trim`: into a pipe, lines without rich's padding to the width, for output printed piece
    by piece (the interview's); whole screens get that from screen.emit."""
    from rich.console import Console

    from flexcalc.screen import width

    out = stdout()
    if trim and not out.isatty():
        from flexcalc.screen import _TrimLines

        out = _TrimLines(out)
    return Console(file=out, markup=False, emoji=False, highlight=False, width=width())


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


def write_atomically(path: Path, data: bytes) -> None:
    """`data` at `path` whole or not at all: written to a temporary file beside it, flushed to disk,
    then renamed over it (an existing file keeps its permissions). OSError leaves `path` as it was."""
    import os
    import tempfile

    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
    """The bytes of a file, or of standard input for '-', with a name for messages; a profile
    past the record limit (flexcalc.limits) is refused before it is read whole (exit 3)."""
    from flexcalc import limits

    limit = limits.record_bytes()
    where = "<stdin>" if path == "-" else path
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
            return limits.read_bounded(sys.stdin.buffer, limit), "<stdin>"
        return limits.read_path(path, limit), path
    except limits.TooLarge:
        en, zh = limits.size_words(limit)
        raise ProfileError(
            f"{where}: the profile is larger than the record limit of {en} (set {limits.ENV_VAR} to raise it).",
            zh=f"{where}：人员信息超过记录大小上限 {zh}（可用 {limits.ENV_VAR} 放宽）。",
        ) from None
    except OSError as e:
        why = e.strerror or e
        from flexcalc.errors import os_why

        why_zh = os_why(e, "zh")
        raise ProfileError(
            f"{where}: cannot read the profile ({why}).", zh=f"{where}：无法读取人员信息文件（{why_zh}）。"
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
    help=h(
        "Encoding of the profile file: utf-8, utf-8-sig or gb18030 (default: UTF-8, else GB18030 with a warning).",
        "人员信息文件的编码：utf-8、utf-8-sig 或 gb18030（默认 UTF-8，否则按 GB18030 读取并警告）。",
    ),
)


def load_data(path: Path | None):
    from flexcalc.data import load

    return load(path)


def city_of(chosen, person, data, name: str, lang: str | Lang):
    """The city to check a profile against: --city when given (a warning when the profile names
    another), else the profile's own `city`; UsageError when there is neither."""
    from flexcalc.data import resolve_city
    from flexcalc.text import shown

    own = person.city
    if chosen is None:
        if not own:
            raise UsageError(
                f'{name}: no city: give --city (e.g. --city weihai), or a "city" in the profile.',
                f"{name}：未指定城市：请给出 --city（例如 --city weihai），或在人员信息中填写 city。",
            )
        try:
            return resolve_city(data, own)
        except UsageError as e:
            raise UsageError(f"{name}: the profile's city: {e}", f"{name}：人员信息中的城市：{e.text('zh')}") from None
    try:
        theirs = resolve_city(data, own)[0] if own else chosen[0]
    except UsageError:
        theirs = None
    if theirs != chosen[0]:
        note(
            f"{name}: the profile's city is {shown(own)!r}; checked against {chosen[0]}, as --city asks.",
            f"{name}：人员信息中的城市是 {shown(own)!r}，已按 --city 指定的 {chosen[0]} 核验。",
            lang,
        )
    return chosen


def one_person(profile: str, city: str | None, as_of: str | None, lang, data, assume, encoding=None):
    """What check, explain and advise read first, in order (each error before the next read):
    the assumptions, the as-of date, the data, --city, the profile, its city. Returns
    (assumptions, day, loaded, person, city id, city, run) with run(profile, day) the result
    with the assumptions applied."""
    from flexcalc import assume as assumed
    from flexcalc.data import resolve_city
    from flexcalc.pipeline import evaluate
    from flexcalc.profile_io import parse_profile

    assumptions = assumed.parse(assume)
    day = parse_as_of(as_of)
    loaded = load_data(data)
    chosen = resolve_city(loaded.data, city) if city is not None else None  # exit 2 before reading
    raw, name = read_input(profile, lang)
    person = parse_profile(decode(raw, name, encoding, lang), name)
    city_id, city_data = city_of(chosen, person, loaded.data, name, lang)

    def run(p, d):
        return assumed.evaluate(p, assumptions, lambda q: evaluate(q, city_id, city_data, d, loaded.data))

    return assumptions, day, loaded, person, city_id, city_data, run


def city_at(city: str, as_of: str | None, data: Path | None):
    """What --city, --as-of and --data name: (date, loaded data, city id, City)."""
    from flexcalc.data import resolve_city

    day = parse_as_of(as_of)
    loaded = load_data(data)
    city_id, city_data = resolve_city(loaded.data, city)
    return day, loaded, city_id, city_data
