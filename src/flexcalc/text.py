"""Bilingual messages: built once by the rules, worded at output in zh or en."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, NamedTuple


class T(NamedTuple):
    """A message in Chinese and English with its parameters, formatted on demand."""

    zh: str
    en: str
    params: dict[str, Any] = {}

    def render(self, lang: str = "zh") -> str:
        template = self.en if lang == "en" else self.zh
        text = template.format(**{k: _fmt(v, lang) for k, v in self.params.items()}) if self.params else template
        return text.replace("～", "–") if lang == "en" else text  # a range in English: 20,000–24,000


def t(zh: str, en: str, **params: Any) -> T:
    """Shorthand for a message with named parameters."""
    return T(zh, en, params)


def yuan(value: Decimal) -> str:
    """Money as people read it: 10,950.00."""
    return f"{value:,.2f}"


def number(value: Decimal) -> str:
    """A number as the messages print it: 14,400, 1.2, 10,950.00."""
    return _num(value)


def _fmt(value: Any, lang: str) -> Any:
    if isinstance(value, T):
        return value.render(lang)
    if isinstance(value, Decimal):
        return _num(value)
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], T):
        return ("; " if lang == "en" else "；").join(v.render(lang) for v in value)
    return value


def _num(value: Decimal) -> str:
    """Cents as money (10,950.00), whole numbers with separators (14,400), others as given (1.2)."""
    exp = value.as_tuple().exponent
    if not isinstance(exp, int):  # NaN or infinity: bounded inputs never give one
        return str(value)
    if exp == -2:
        return f"{value:,.2f}"
    if exp >= 0 or value == value.to_integral_value():
        return f"{value.to_integral_value():,}"
    return format(value, ",f")


# --- untrusted text on a screen --------------------------------------------------------
# Every string that comes from a profile, a CSV cell or a data file passes through shown()
# before a person sees it (tables, explain, compare, the Markdown notice, interview, error
# messages): control characters (C0, DEL, C1 — ESC starts every CSI/OSC sequence), Unicode
# format characters (bidi overrides and isolates, zero-width marks), line/paragraph separators,
# lone surrogates, private-use characters, blank letters (Hangul fillers) and combining marks
# with no letter under them (or stacked past two) become a visible escape such as \x1b or
# \u202e. JSON output needs no such care: the JSON encoders escape control characters themselves.


def _unsafe(ch: str) -> bool:
    import unicodedata

    category = unicodedata.category(ch)
    return (category in _UNSAFE and ch not in _KEEP) or ch in _BLANK_LETTERS


_UNSAFE = frozenset(("Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Cn"))  # Co: private use, a glyph of any font's choosing
_KEEP = frozenset("\u200d")  # zero-width joiner: inside emoji sequences, harmless
# Letters that print as nothing (Hangul fillers): a name made of them looks blank or shifts columns.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
# Characters that are safe whatever surrounds them (no marks, no format or blank characters).
_PLAIN = re.compile(
    "[\x20-\x7e\u00a1-\u00ac\u00ae-\u00ff\u2010-\u2027\u2030-\u205e\u3001-\u303f\u3400-\u4dbf"
    "\u4e00-\u9fff\uff01-\uff9f]*"
)
_MARKS = 2  # combining marks kept on one base character (é, ệ); more stack over the lines around


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(value: str) -> str:
    """Untrusted text made harmless on a terminal: unsafe characters as visible escapes (\\x1b);
    a combining mark with no letter under it, or past the second on one letter, too."""
    if _PLAIN.fullmatch(value):  # the common case: printable ASCII, Chinese, their punctuation
        return value
    import unicodedata

    out: list[str] = []
    marks = _MARKS + 1  # at the start there is no base for a mark
    for ch in value:
        if _unsafe(ch):
            out.append(_escape(ch))
            marks = _MARKS + 1
        elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Mc"):
            marks += 1
            out.append(_escape(ch) if marks > _MARKS or ch == "\u034f" else ch)
        else:
            out.append(ch)
            marks = _MARKS + 1 if ch.isspace() else 0
    return "".join(out)


def display(obj):
    """A copy of a result (or any nest of dataclasses, lists, dicts, messages) with every string shown()."""
    import dataclasses

    if isinstance(obj, str):
        return shown(obj)
    if isinstance(obj, T):
        return T(obj.zh, obj.en, {k: display(v) for k, v in obj.params.items()})
    if isinstance(obj, (list, tuple)):
        return type(obj)(display(x) for x in obj)
    if isinstance(obj, dict):
        return {display(k): display(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: display(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        return dataclasses.replace(obj, **changes)
    return obj


# `_` between two letters or digits cannot open or close emphasis (CommonMark): in_incubator stays
_MARKUP = re.compile(r"([\\`*\[\]<>|#!~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")


def markdown_safe(value: str) -> str:
    """Untrusted text inside Markdown (a table cell or a line): shown(), then every character
    that could start markup, a link, an image, an HTML tag or a table cell backslash-escaped."""
    return _MARKUP.sub(r"\\\1", shown(value)).replace("\n", " ")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: str) -> str:
    """Untrusted text for a CSV cell: a leading = + - @ TAB or CR (what a spreadsheet runs as a
    formula) gets an apostrophe before it (OWASP's CSV-injection rule)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
