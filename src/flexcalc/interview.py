"""The interview: ask only what the city's rules still need, check each answer, re-evaluate after each."""

from __future__ import annotations

import copy
import json
import re
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from flexcalc.catalogue import GROUP_NAMES, MEASURE_NAMES, STATUS_NAMES, name
from flexcalc.models.fields import is_model, model_fields
from flexcalc.models.profile import MONEY_MAX, MONTHS_MAX
from flexcalc.questions import Question, question, questions_for

SKIP = {"skip", "跳过", "?", "？", "不知道", "unknown"}
QUIT = {"quit", "exit", "q", "退出", "结束"}
NONE = {"无", "没有", "都不是", "none", "no", "0", "-"}
YES = {"是", "是的", "对", "有", "y", "yes", "true", "1"}
NO = {"否", "不是", "不", "没有", "无", "n", "no", "false", "0"}
_SPLIT = re.compile(r"[,，、;；\s]+")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_UNITS = re.compile(r"(元|㎡|m2|m²|平方米|平米|天|个月|月|小时|岁)$")

# Facts that never make a measure needs_info but can change an amount; asked last, and only when
# setting them to the sample value would change some result (so irrelevant ones are skipped).
REFINE: tuple[tuple[str, object], ...] = (
    ("business.tax_due_yuan", 1),  # not 0: an amount of 0 is no longer an amount (rules.md)
    ("loan.requested_yuan", 1),
    ("business.partners", 2),
    ("social_insurance.months", MONTHS_MAX),  # the most the profile model accepts
    ("social_insurance.monthly_base_yuan", MONEY_MAX),
)

HINTS = {
    "date": ("日期 YYYY-MM-DD", "date YYYY-MM-DD"),
    "bool": ("是/否", "yes/no"),
    "number": ("数字", "a number"),
    "count": ("整数 ≥ {m}", "a whole number ≥ {m}"),
    "choice": ("编号", "number or code"),
    "groups": ("编号或代码，可多个，逗号隔开；都不是填“无”", "numbers or codes, comma-separated; 'none' if none"),
    "courses": (
        "各项培训的职业（工种），逗号隔开，或只填项数；没有填“无”",
        "occupations, comma-separated, or a count; 'none'",
    ),
    "text": ("文字", "text"),
}
WORDS = {
    "intro": (
        "{city} 问询　评估日 {d}",
        "{city} interview, as of {d}",
    ),
    "keys": (
        "只问本市规则还需要的事实。skip 跳过（留待补充）· quit 结束 · Ctrl-D 结束并保存",
        "Only the facts this city's rules still need. skip: leave unknown · quit: stop · Ctrl-D: stop and save",
    ),
    "for": ("用于：", "for: "),
    "skipped": ("已跳过，留待补充", "skipped, left unknown"),
    "progress": ("当前结果：", "so far: "),
    "summary": ("共回答 {a} 题，跳过 {s} 题。", "{a} answered, {s} skipped."),
    "stopped": ("问询提前结束，已记录的回答保留。", "Interview ended early; the answers given are kept."),
    "saved": ("已保存：{p}", "saved: {p}"),
    "resumed": (
        "从已有的 {p} 继续：其中已有 {n} 项事实，只问其余的（用 --force 则重新开始并覆盖）。",
        "continuing from the existing {p}: it holds {n} facts; asking only the rest (--force starts afresh and replaces it).",
    ),
    "not_saved": ("未保存（用 -o 文件名 保存回答）。", "not saved (use -o FILE to keep the answers)."),
}


class AnswerError(ValueError):
    """An answer that cannot be used; the message says what is expected."""


def word(key: str, lang: str, **params) -> str:
    zh, en = WORDS[key]
    return (en if lang == "en" else zh).format(**params)


def _err(lang: str, zh: str, en: str) -> AnswerError:
    return AnswerError(en if lang == "en" else zh)


def _q(text: str) -> str:
    """An answer quoted in a message, cut to a length a message can hold."""
    return text if len(text) <= 40 else text[:40] + "…"


def parse_answer(q: Question, text: str, lang: str = "zh"):
    """The JSON value for a typed answer, or AnswerError saying what is expected."""
    text = text.strip()
    low = text.lower()
    if not text:
        raise _err(lang, "请输入回答，或输入 skip 跳过", "please answer, or type skip")
    if q.kind == "bool":
        if low in YES or low in NO:
            return low in YES
        raise _err(lang, "请回答 是 或 否", "please answer yes or no")
    if q.kind == "date":
        return _date(text, lang)
    if q.kind in ("number", "count"):
        return _number(q, text, lang)
    if q.kind == "choice":
        value = _choice(q, text, lang)
        return int(value) if value.isdecimal() and len(value) <= 3 else value
    if q.kind == "groups":
        return _groups(q, text, lang)
    if q.kind == "courses":
        return _courses(text, lang)
    return text


def _date(text: str, lang: str) -> str:
    m = _DATE.match(text)
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2100:
        raise _err(
            lang, f"“{_q(text)}”不是有效日期，请按 YYYY-MM-DD 填写", f"{_q(text)!r} is not a valid date; use YYYY-MM-DD"
        )
    return day.isoformat()


# A number as a person types it: digits, at most one point; no exponent (1e5000), no digits of
# other scripts (²) — and few enough digits that no arithmetic on it can take long (1e999999999
# once did). Twelve digits are far above every bound of the profile, which then says how far.
_DECIMAL = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,12})?", re.ASCII)
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def _number(q: Question, text: str, lang: str):
    cleaned = _UNITS.sub("", text.replace(",", "").replace("，", "").strip()).strip().translate(_FULLWIDTH)
    negative = cleaned.startswith("-") and _DECIMAL.fullmatch(cleaned[1:]) is not None
    if negative:
        raise _err(lang, "不能是负数", "must not be negative")
    if _DECIMAL.fullmatch(cleaned) is None:
        raise _err(
            lang,
            f"“{_q(text)}”不是数字（请直接写出数字，如 1500）",
            f"{_q(text)!r} is not a number (write it out, e.g. 1500)",
        )
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # the pattern above admits only what Decimal reads; kept for safety
        raise _err(lang, f"“{_q(text)}”不是数字", f"{_q(text)!r} is not a number") from None
    if q.kind == "count":
        least = q.minimum or 0
        if value != value.to_integral_value() or value < least:
            raise _err(lang, f"请填不小于 {least} 的整数", f"please give a whole number ≥ {least}")
        return int(value)
    if value < 0:
        raise _err(lang, "不能是负数", "must not be negative")
    return int(value) if value == value.to_integral_value() else float(value)


def _pick(q: Question, token: str) -> str | None:
    """A choice by its number in the list shown, its code, or its label."""
    low = token.lower()
    if token.isdecimal() and len(token) <= 3 and 1 <= int(token) <= len(q.choices):  # not ² (a digit, not decimal)
        return q.choices[int(token) - 1][0]
    for value, label in q.choices:
        if low in (value.lower(), label.lower()):
            return value
    # the label in the other language too: an official may type 退役军人 in an English session
    from flexcalc.catalogue import CHOICE_LABELS
    from flexcalc.questions import pattern

    words = GROUP_NAMES if q.kind == "groups" else CHOICE_LABELS.get(pattern(q.field), {})
    for value, _ in q.choices:
        if any(low == w.lower() for w in words.get(value, ())):
            return value
    return None


def _choice(q: Question, text: str, lang: str) -> str:
    value = _pick(q, text)
    if value is None:
        raise _err(
            lang,
            f"“{_q(text)}”不在选项中，请填编号 1–{len(q.choices)}",
            f"{_q(text)!r} is not one of the options 1–{len(q.choices)}",
        )
    return value


def _groups(q: Question, text: str, lang: str) -> list[str]:
    if text.lower() in NONE:
        return []
    codes: list[str] = []
    for token in filter(None, _SPLIT.split(text)):
        code = _pick(q, token)
        if code is None and token.lower() in GROUP_NAMES:
            code = token.lower()
        if code is None:
            raise _err(lang, f"“{_q(token)}”不是人员类别的编号或代码", f"{_q(token)!r} is not a group number or code")
        if code not in codes:
            codes.append(code)
    return codes


def _courses(text: str, lang: str) -> list[dict]:
    if text.lower() in NONE:
        return []
    if text.isdecimal():
        if len(text) > 2 or not 1 <= int(text) <= 30:
            raise _err(lang, "项数应在 1–30 之间", "give between 1 and 30 courses")
        return [{} for _ in range(int(text))]
    return [{"occupation": o} for o in filter(None, (s.strip() for s in re.split(r"[,，、;；]+", text)))]


def set_path(obj: dict, path: str, value) -> None:
    """Set `business.premises.area_m2` or `training[0].days` in a profile dict."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    node = obj
    for part, nxt in zip(parts, parts[1:], strict=False):
        key = int(part[1:-1]) if part.startswith("[") else part
        if isinstance(key, str) and not isinstance(node.get(key), (dict, list)):
            node[key] = [] if nxt.startswith("[") else {}
        node = node[key]
    last = parts[-1]
    node[int(last[1:-1]) if last.startswith("[") else last] = value


def get_path(obj: dict, path: str):
    node: Any = obj
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            i = int(part[1:-1])
            node = node[i] if isinstance(node, list) and i < len(node) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def to_profile(answers: dict, lang: str = "zh"):
    """The Profile for the answers so far; AnswerError with the field path when one is refused."""
    from pydantic import ValidationError

    from flexcalc.errors import validation_problems
    from flexcalc.models.profile import profile_validator

    try:
        return profile_validator().validate_json(json.dumps(answers, ensure_ascii=False))
    except ValidationError as e:
        shown = "; ".join(f"{p}: {m}" for p, m in validation_problems(e, answers, lang))
        raise _err(lang, f"回答不被接受：{shown}", f"answer refused: {shown}") from None


def city_groups(city) -> list[str]:
    """The group codes a city's rules mention (platform work counts platform_worker), catalogue order."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, Enum):
            node = node.value
        if isinstance(node, str):
            if node in GROUP_NAMES:
                found.add(node)
            elif node == "platform":
                found.add("platform_worker")
        elif is_model(node):
            for key in model_fields(type(node)):
                walk(getattr(node, key))
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)

    walk(city.measures)
    return [code for code in GROUP_NAMES if code in found]


def _signature(result) -> list[tuple]:
    return [(m.status, m.amount, m.amount_min) for m in result.measures]


class Session:
    """An interview in progress: the answers so far, what was asked, the current result."""

    def __init__(self, city_id: str, city, as_of: date, data, lang: str = "zh", start: dict | None = None):
        self.city_id, self.city, self.as_of, self.data, self.lang = city_id, city, as_of, data, lang
        self.answers: dict = copy.deepcopy(start) if start else {}
        self.answered: list[str] = []
        self.skipped: list[str] = []
        self.groups = city_groups(city)
        self.profile = to_profile(self.answers, lang)
        self.result = self._evaluate(self.profile)

    def _evaluate(self, profile):
        from flexcalc.pipeline import evaluate

        return evaluate(profile, self.city_id, self.city, self.as_of, self.data)

    @property
    def done(self) -> set[str]:
        return set(self.answered) | set(self.skipped)

    def next_question(self) -> Question | None:
        """In order of value: a fact a measure waits on; a fact that would change an amount; a
        fact that could raise a floor (it may be moot by then, e.g. partners once a loan amount
        under the individual cap is asked)."""
        done = self.done
        for q in questions_for(self.result, self.lang, self.groups, floors=False):
            if q.field not in done:
                return q
        refine = self._refinement(done)
        if refine is not None:
            return refine
        for q in questions_for(self.result, self.lang, self.groups):
            if q.field not in done:
                return q
        return None

    def _refinement(self, done: set[str]) -> Question | None:
        courses = self.answers.get("training") or []
        candidates = list(REFINE) + [(f"training[{i}].cost_yuan", 1) for i in range(len(courses))]
        base = _signature(self.result)
        for path, sample in candidates:
            if path in done or get_path(self.answers, path) is not None:
                continue
            trial = copy.deepcopy(self.answers)
            set_path(trial, path, sample)
            changed = _signature(self._evaluate(to_profile(trial)))
            # an amount the person already has would change (not a status: a business.* sample must
            # not stand in for a business the person does not run)
            ids = tuple(
                m.id
                for m, a, b in zip(self.result.measures, base, changed, strict=True)
                if a != b and a[0] == b[0] == "eligible"
            )
            if ids:
                return question(path, self.lang, ids, self.groups)
        return None

    def answer(self, q: Question, text: str) -> None:
        """Take a typed answer; AnswerError (nothing changed) when it cannot be used."""
        value = parse_answer(q, text, self.lang)
        trial = copy.deepcopy(self.answers)
        set_path(trial, q.field, value)
        self.profile = to_profile(trial, self.lang)
        self.answers = trial
        self.answered.append(q.field)
        self.result = self._evaluate(self.profile)

    def skip(self, q: Question) -> None:
        self.skipped.append(q.field)


class ScriptedAnswerError(Exception):
    """An answer from a script (standard input is not a terminal) that cannot be used: the run
    stops there, since asking again would take the next line and put every later answer on the
    wrong question."""

    def __init__(self, line: int, number: int, q: Question, answer: str, why: str):
        super().__init__(why)
        self.line, self.number, self.q, self.answer, self.why = line, number, q, answer, why


def converse(session: Session, console, lang: str, max_questions: int = 200, scripted: bool | None = None) -> str:
    """Ask until nothing is left: 'done', or 'eof' / 'quit' when the person stopped early.

    `scripted` (default: standard input is not a terminal): answers are echoed so the transcript
    reads, and the first one that cannot be used raises ScriptedAnswerError instead of being
    asked again."""
    from rich.text import Text

    from flexcalc.text import shown

    if scripted is None:
        scripted = not sys.stdin.isatty()
    line = 0
    for number in range(1, max_questions + 1):
        q = session.next_question()
        if q is None:
            return "done"
        show_question(console, q, number, lang)
        hint = HINTS[q.kind][1 if lang == "en" else 0].format(m=q.minimum or 0)
        while True:
            try:
                text = ask(console, Text.assemble("   ", (hint, "dim"), " › "))
            except EOFError:
                console.print()
                return "eof"
            line += 1
            if scripted:
                console.print(shown(text), markup=False, highlight=False)
            low = text.strip().lower()
            if low in QUIT:
                return "quit"
            if low in SKIP:
                session.skip(q)
                console.print(Text("   " + word("skipped", lang), style="dim"))
                break
            try:
                session.answer(q, text)
            except AnswerError as e:
                if scripted:
                    raise ScriptedAnswerError(line, number, q, text, str(e)) from None
                console.print(Text(f"   ✗ {shown(str(e))}", style="red"))
                continue
            break
        show_progress(console, session, lang)
    return "done"


def ask(console, prompt) -> str:
    """One answer: from a terminal as rich reads it; from a script, one line of at most
    limits.ANSWER_CHARS characters (a longer one is a usage error, exit 2, never read whole)."""
    if sys.stdin.isatty():
        return _terminal_line(console, prompt)
    from flexcalc import limits
    from flexcalc.errors import UsageError

    console.print(prompt, end="")
    try:
        line = limits.read_line(sys.stdin, limits.ANSWER_CHARS)
    except limits.TooLarge:
        console.print()
        n = limits.ANSWER_CHARS
        raise UsageError(
            f"an answer on standard input is longer than {n:,} characters: is the input a file of answers?",
            f"标准输入中的一个回答超过 {n:,} 个字符：输入是回答文件吗？",
        ) from None
    if not line:
        raise EOFError
    return line[:-1] if line.endswith("\n") else line


def show_question(console, q: Question, number: int, lang: str) -> None:
    """The question with its number, the field it fills, why it is asked and the options."""
    from rich.columns import Columns
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right", style="bold cyan")
    grid.add_column(overflow="fold")
    grid.add_row(f"{number}.", Text.assemble((q.text, "bold"), (f"  {q.field}", "dim")))
    if q.measures:
        why = (", " if lang == "en" else "、").join(name(MEASURE_NAMES, m, lang) for m in q.measures)
        grid.add_row("", Text(word("for", lang) + why, style="dim"))
    if q.choices:
        items = [Text.assemble((f"{i:>2} ", "cyan"), label) for i, (_, label) in enumerate(q.choices, 1)]
        grid.add_row("", Columns(items, padding=(0, 3)))
    console.print(grid)


def show_progress(console, session: Session, lang: str) -> None:
    from rich.text import Text

    counts: dict[str, int] = {}
    for m in session.result.measures:
        counts[m.status] = counts.get(m.status, 0) + 1
    parts = [f"{name(STATUS_NAMES, s, lang)} {n}" for s, n in counts.items() if s != "not_offered"]
    console.print(Text("   " + word("progress", lang) + " · ".join(parts), style="dim"))


_TYPED: list[str] = []  # what was typed past the line returned (lines pasted at once)


def _terminal_line(console, prompt) -> str:
    """A line typed at the terminal, as input() reads it, but a Ctrl-C is never lost: input()
    blocks in read(), and a SIGINT that lands just before that read starts (the moment the
    prompt appears) interrupts nothing. Here the signal also writes to a pipe select() watches,
    so the handler's KeyboardInterrupt is raised as soon as select() returns."""
    import codecs
    import os
    import select
    import signal
    import threading

    if os.name != "posix" or threading.current_thread() is not threading.main_thread():
        return console.input(prompt)
    console.print(prompt, end="")
    console.file.flush()
    fd = sys.stdin.fileno()
    decoder = codecs.getincrementaldecoder(sys.stdin.encoding or "utf-8")("replace")
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    old = signal.set_wakeup_fd(wake_w)
    try:
        while "\n" not in "".join(_TYPED):
            ready, _, _ = select.select([fd, wake_r], [], [])
            if wake_r in ready:
                os.read(wake_r, 64)  # the handler (interview's _Stop) raises at the next instruction
                continue
            chunk = os.read(fd, 4096)
            if not chunk:  # Ctrl-D: the end, or (after some text) that text as the line
                typed = "".join(_TYPED) + decoder.decode(b"", final=True)
                _TYPED.clear()
                if not typed:
                    raise EOFError
                return typed
            _TYPED.append(decoder.decode(chunk))
    finally:
        signal.set_wakeup_fd(old)
        os.close(wake_r)
        os.close(wake_w)
    line, rest = "".join(_TYPED).split("\n", 1)
    _TYPED[:] = [rest] if rest else []
    return line
