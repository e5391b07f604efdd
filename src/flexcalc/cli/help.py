"""--help in the language asked for: usage, arguments, options with real placeholders, examples, exit codes.

Each command declares its words once, in its own module: its one-line summary in Chinese
(`describe`, the English is the function's docstring), examples that run from the repository
root, and its exit codes; each option's help is written in both languages with `h(en, zh)`.
The same text is printed by `--help` and written to docs/cli.md and docs/cli.zh.md
(`python -m flexcalc.cli.reference --write`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# English option help → its Chinese (filled by h() as the command modules are imported).
HELP_ZH: dict[str, str] = {
    "Show this message and exit.": "显示本帮助并退出。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本（可复制或自行安装）。"
    ),
}

# What each exit code means, in the words of the contract (docs/contract.md, "Exit codes").
EXIT_WORDS: dict[int, tuple[str, str]] = {
    0: ("已完成计算（无论是否符合）", "computed (whatever the eligibility)"),
    1: (
        "批量运行因工作进程意外退出或内存不足而中止（输出只含完整记录）",
        "a batch run stopped early: a worker process died, or out of memory",
    ),
    2: (
        "用法错误：选项、日期或城市有误，或输出无法写入",
        "usage error: a bad option, date or city, or an output that cannot be written",
    ),
    3: (
        "人员信息无效（批量：至少一条记录无效，其余照常输出）",
        "invalid profile (batch: at least one record invalid, the others written)",
    ),
    4: ("城市数据文件无效", "invalid cities data"),
    130: ("被 Ctrl-C 中断（已完成的部分保留）", "interrupted with Ctrl-C (what was finished is kept)"),
    141: ("读取输出的程序已关闭管道（如 | head）", "the program reading the output closed the pipe (| head)"),
    143: (
        "被 SIGTERM 终止（timeout、调度程序），处理同 Ctrl-C",
        "stopped by SIGTERM (timeout, a scheduler), as Ctrl-C",
    ),
}


@dataclass(frozen=True)
class Example:
    """A command line that runs from the repository root, with what it shows."""

    command: str
    en: str
    zh: str
    exit: int = 0


@dataclass(frozen=True)
class Doc:
    """A command's words beyond its options: summary in Chinese, examples, exit codes."""

    zh: str
    examples: tuple[Example, ...]
    exits: tuple[int, ...]
    more_en: str = ""
    more_zh: str = ""


DOCS: dict[str, Doc] = {}


def h(en: str, zh: str) -> str:
    """An option's help in English (what typer is given) with its Chinese beside it."""
    HELP_ZH[en] = zh
    return en


def describe(name: str, zh: str, examples: list[Example], exits: tuple[int, ...], more_en: str = "", more_zh: str = ""):
    """Register the words of command `name` (a decorator on its function)."""

    def register(fn):
        DOCS[name] = Doc(zh, tuple(examples), exits, more_en, more_zh)
        return fn

    return register


# --- rendering -------------------------------------------------------------------------------

WORDS = {
    "usage": ("用法：", "Usage: "),
    "options_word": ("[选项]", "[OPTIONS]"),
    "arguments": ("参数：", "Arguments:"),
    "options": ("选项：", "Options:"),
    "commands": ("命令：", "Commands:"),
    "examples": ("示例：", "Examples:"),
    "exit_codes": ("退出码：", "Exit codes:"),
    "env": ("（环境变量 {}）", " (environment: {})"),
    "default": ("（默认 {}）", " (default: {})"),
    "required": ("（必填）", " (required)"),
    "more": ("各命令的选项：flexcalc 命令 --help", "A command's options: flexcalc COMMAND --help"),
    "command_word": ("命令 [参数]...", "COMMAND [ARGS]..."),
}


def _w(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return en if lang == "en" else zh


def summary(command, lang: str) -> str:
    """A command's one-line summary in the language asked for."""
    doc = DOCS.get(command.name or "")
    if lang == "zh" and doc:
        return doc.zh
    return (command.help or "").strip().split("\n\n")[0].replace("\n", " ")


def option_help(param, lang: str) -> str:
    text = (param.help or "").strip()
    return HELP_ZH.get(text, text) if lang == "zh" else text


def metavar(param) -> str:
    """The placeholder of an option's value: its metavar, or its choices (table|json); '' for a flag."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    choices = getattr(param.type, "choices", None)
    if choices:
        hidden = HIDDEN_CHOICES.get(param.name or "", ())
        return "|".join(str(getattr(c, "value", c)) for c in choices if str(getattr(c, "value", c)) not in hidden)
    return param.metavar or param.name.upper()


# Values an option still accepts but no longer shows (deprecated spellings): param name → values.
HIDDEN_CHOICES: dict[str, tuple[str, ...]] = {"fmt": ("text",)}


def _names(param, short: bool = True) -> str:
    opts = [o for o in param.opts if not o.startswith("--")] + [o for o in param.opts if o.startswith("--")]
    text = ", ".join(opts) if short else next((o for o in param.opts if o.startswith("--")), param.opts[0])
    mv = metavar(param)
    return f"{text} {mv}" if mv else text


def _default(param) -> str | None:
    if param.required or getattr(param, "is_flag", False) or param.default in (None, (), []):
        return None
    value = getattr(param.default, "value", param.default)
    return None if isinstance(value, bool) else str(value)


def _before_stop(text: str, extra: str) -> str:
    """`extra` put before the full stop that ends `text`: … notice (default: table)."""
    if text.endswith((".", "。")):
        return text[:-1] + extra + text[-1]
    return text + extra


def _rows(rows: list[tuple[str, str]], width: int, left: int = 2) -> list[str]:
    """Two columns: a name, and its text wrapped beside it (under it when the name is long)."""
    from flexcalc.linebreak import wrap

    col = min(max((len(a) for a, _ in rows), default=0) + left + 2, 28)
    out: list[str] = []
    for name, text in rows:
        lines = wrap(text, max(width - col, 20)) if text else [""]
        if len(name) + left + 2 > col:
            out.append(" " * left + name)
            out += [" " * col + line for line in lines if line]
        else:
            out.append((" " * left + name).ljust(col) + lines[0])
            out += [" " * col + line for line in lines[1:]]
    return [line.rstrip() for line in out]


def _command_lines(command: str, width: int) -> list[str]:
    """An example command at indent 4; too long, it goes on with a shell continuation (` \\`)."""
    from rich.cells import cell_len

    if cell_len(command) + 4 <= width:
        return ["    " + command]
    lines, line = [], "    "
    for word in command.split(" "):
        if line.strip() and cell_len(line) + 1 + cell_len(word) + 2 > width:
            lines.append(line + " \\")
            line = "      " + word
        else:
            line += (" " if line.strip() else "") + word
    return [*lines, line]


def render(command, ctx, lang: str, width: int) -> str:
    """The --help of a command or of the group, as lines of at most `width` cells."""
    from flexcalc.linebreak import wrap

    width = max(width, 40)
    group = hasattr(command, "commands")
    path = ctx.command_path
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    required = "".join(f" {_names(p, short=False)}" for p in options if p.required)
    usage = f"{path}{required} {_w('options_word', lang)}"
    usage += f" {_w('command_word', lang)}" if group else "".join(f" {a.metavar or a.name.upper()}" for a in arguments)
    out = wrap(_w("usage", lang) + usage, width, len(_w("usage", lang)))
    doc = DOCS.get("flexcalc" if group else command.name or "")
    out.append("")
    out += wrap(
        summary(command, lang) if not group else (doc.zh if doc and lang == "zh" else command.help or ""), width
    )
    more = (doc.more_en if lang == "en" else doc.more_zh) if doc else ""
    if more:
        out.append("")
        for paragraph in more.split("\n"):
            out += wrap(paragraph, width)
    if arguments:
        out += ["", _w("arguments", lang)]
        out += _rows([(a.metavar or a.name.upper(), option_help(a, lang)) for a in arguments], width)
    rows = []
    for p in options:
        text = option_help(p, lang)
        default = _default(p)
        if default is not None and "default" not in text and "默认" not in text:
            text = _before_stop(text, _w("default", lang).format(default))
        if p.envvar:
            text = _before_stop(text, _w("env", lang).format(p.envvar))
        if p.required:
            text = _before_stop(text, _w("required", lang))
        rows.append((_names(p), text))
    out += ["", _w("options", lang), *_rows(rows, width)]
    if group:
        listed = [(name, summary(cmd, lang)) for name, cmd in command.commands.items() if not cmd.hidden]
        out += ["", _w("commands", lang), *_rows(listed, width)]
    if doc and doc.examples:
        out += ["", _w("examples", lang)]
        for ex in doc.examples:
            out += ["  " + line for line in wrap(ex.en if lang == "en" else ex.zh, width - 2, 2)]
            out += _command_lines(ex.command, width)
    if doc and doc.exits:
        out += ["", _w("exit_codes", lang)]
        out += _rows([(str(c), EXIT_WORDS[c][1 if lang == "en" else 0]) for c in doc.exits], width)
    if group:
        out += ["", _w("more", lang)]
    return "\n".join(out) + "\n"


def help_lang(ctx: Any) -> str:
    """The language of a --help: the command line's --lang (wherever it stands), else FLEXCALC_LANG."""
    return lang_of(ctx.meta.get("flexcalc.args", []))


LANG_ENV = "FLEXCALC_LANG"


def lang_of(args) -> str:
    """The language a command line asks for before it is parsed (for --help and usage errors):
    its last --lang, else FLEXCALC_LANG, else Chinese."""
    import os

    chosen = None
    words = list(args)
    for i, a in enumerate(words):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(words):
            chosen = words[i + 1]
        elif a.startswith("--lang="):
            chosen = a[len("--lang=") :]
    if chosen in ("zh", "en"):
        return chosen
    env = os.environ.get(LANG_ENV, "").strip().lower()
    return env if env in ("zh", "en") else "zh"
