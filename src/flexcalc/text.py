"""Bilingual messages: built once by the rules, worded at output in zh or en."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple


class T(NamedTuple):
    """A message in Chinese and English with its parameters, formatted on demand."""

    zh: str
    en: str
    params: dict[str, Any] = {}

    def render(self, lang: str = "zh") -> str:
        template = self.en if lang == "en" else self.zh
        if not self.params:
            return template
        return template.format(**{k: _fmt(v, lang) for k, v in self.params.items()})


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
    if exp == -2:
        return f"{value:,.2f}"
    if exp >= 0 or value == value.to_integral_value():
        return f"{value.to_integral_value():,}"
    return format(value, ",f")
