"""A usage error (bad option or argument) as one paragraph in the language asked for, echoing the bad value."""

from __future__ import annotations

import re
import sys


def _opts(param) -> str:
    """An option's names as a person types them: --city（-c） / --city (-c); an argument's placeholder."""
    if param is None:
        return ""
    if param.param_type_name == "argument":
        return param.metavar or (param.name or "").upper()
    longs = [o for o in param.opts if o.startswith("--")]
    shorts = [o for o in param.opts if not o.startswith("--")]
    return longs[0] if longs else shorts[0] if shorts else ""


def _choices(param, lang: str) -> str:
    from flexcalc.cli.help import metavar

    return ("、" if lang == "zh" else ", ").join(metavar(param).split("|"))


def words(e, lang: str) -> str:
    """What was wrong, in zh or en: the option or argument, the value given, what is expected."""
    zh = lang == "zh"
    kind = type(e).__name__
    message = e.format_message() if kind != "BadParameter" else e.message
    param = getattr(e, "param", None)
    name = _opts(param)
    if kind == "NoSuchOption":
        close = sorted(getattr(e, "possibilities", None) or [])
        guess = ("、" if zh else ", ").join(close)
        if zh:
            return f"没有这个选项：{e.option_name}" + (f"（是不是 {guess}？）" if guess else "")
        return f"no such option: {e.option_name}" + (f" (did you mean {guess}?)" if guess else "")
    if kind == "MissingParameter":
        if param is not None and param.param_type_name == "argument":
            return f"缺少参数 {name}" if zh else f"missing argument {name}"
        return f"缺少选项 {name}" if zh else f"missing option {name}"
    if kind == "BadParameter" and param is not None:
        return _bad_value(message, param, name, lang)
    m = re.match(r"Option '(.+)' requires an argument\.?$", message)
    if m:
        return f"选项 {m.group(1)} 需要一个值" if zh else f"option {m.group(1)} needs a value"
    m = re.match(r"Option '(.+)' does not take a value\.?$", message)
    if m:
        return f"选项 {m.group(1)} 不带值" if zh else f"option {m.group(1)} takes no value"
    m = re.match(r"No such command '(.+?)'\.?(?: Did you mean (.+)\?)?$", message)
    if m:
        from flexcalc.cli.commands import COMMANDS

        guess = ("、" if zh else ", ").join(re.findall(r"'([^']+)'", m.group(2) or ""))
        known = ("、" if zh else ", ").join(COMMANDS)
        if zh:
            return f"没有这个命令：{m.group(1)}" + (f"（是不是 {guess}？）" if guess else f"（可用：{known}）")
        return f"no such command: {m.group(1)}" + (f" (did you mean {guess}?)" if guess else f" (commands: {known})")
    m = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", message)
    if m:
        return f"多余的参数：{m.group(1)}" if zh else f"unexpected extra argument: {m.group(1)}"
    return message if not zh else f"命令行有误（{message}）"


def _bad_value(message: str, param, name: str, lang: str) -> str:
    zh = lang == "zh"
    m = re.match(r"(.+?) is not one of ", message)
    if m:
        value, choices = m.group(1), _choices(param, lang)
        return f"{name} 的值 {value} 无效，可选：{choices}" if zh else f"{name}: {value} is not one of {choices}"
    m = re.match(r"(.+?) is not a valid (integer|int|float|boolean|bool)(?: range)?\b", message)
    if m:
        value, what = m.group(1), m.group(2)
        expected_zh = (
            "是或否（true/false）" if what.startswith("bool") else "整数" if what.startswith("int") else "数字"
        )
        expected_en = (
            "true or false" if what.startswith("bool") else "a whole number" if what.startswith("int") else "a number"
        )
        return f"{name} 的值 {value} 无效：应为{expected_zh}" if zh else f"{name}: {value} is not {expected_en}"
    m = re.match(r"(.+?) is not in the range x>=(\S+?)\.?$", message)
    if m:
        value, least = m.groups()
        return f"{name} 的值 {value} 无效：应不小于 {least}" if zh else f"{name}: {value} is less than {least}"
    return f"{name} 的值无效（{message}）" if zh else f"{name}: {message}"


def usage(e, lang: str, args: list[str]) -> None:
    """Write the usage error and where to look for help."""
    from flexcalc.cli.commands import COMMANDS, first_command
    from flexcalc.text import shown

    named = first_command(args)
    command = e.ctx.command_path if e.ctx and e.ctx.parent else "flexcalc"
    if command == "flexcalc" and named in COMMANDS:
        command = f"flexcalc {named}"
    text = shown(words(e, lang))
    if lang == "en":
        sys.stderr.write(f"flexcalc: usage error: {text}.\nSee: {command} --help\n")
    else:
        sys.stderr.write(f"flexcalc: 用法错误：{text}。\n帮助：{command} --help\n")
    sys.stderr.flush()
