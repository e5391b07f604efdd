"""The pipeline's own words about a measure: not offered, not in force, no figure, a certain floor."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flexcalc.text import T, t

_NOT_OFFERED: dict[tuple, T] = {}


def not_offered_text(rule) -> T:
    """The words of a measure the city does not offer (memoised: the same for every profile)."""
    words = (rule.note, rule.note_en)
    text = _NOT_OFFERED.get(words)
    if text is None:
        if len(_NOT_OFFERED) >= 1_000:
            _NOT_OFFERED.clear()
        text = _NOT_OFFERED[words] = T(
            f"本市文件未设此项：{rule.note}", f"not in this city's document: {rule.note_en or rule.note}"
        )
    return text


def floor_text(amount: Decimal, fields: list[str]) -> T:
    """The words of a certain floor (rules.md "Certain floor")."""
    return t(
        "至少 {x} 元；补充以下信息后可能更多：{f}",
        "at least {x} yuan; more if known: {f}",
        x=amount,
        f=", ".join(fields),
    )


def validity_text(doc, day: date) -> T:
    lo = doc.valid_from.value if doc.valid_from else "—"
    hi = doc.valid_until.value if doc.valid_until else "—"
    return t(
        "评估日 {d} 不在文件有效期（{a} 至 {b}）内",
        "as-of date {d} is outside the document's validity ({a} to {b})",
        d=day,
        a=lo,
        b=hi,
    )


def no_figure_text(rule, day: date) -> T:
    """A figure the rule needs has no entry in force at the date (e.g. a national rule's period ended)."""
    from flexcalc.catalogue import FIELD_NAMES

    names = [FIELD_NAMES.get(n, (n, n))[:2] for n in rule.absent]
    return t(
        "评估日 {d} 没有有效的{z}（数据中该数字的各期均不覆盖此日）",
        "no {e} is in force at the as-of date {d} (no dated entry of the data covers it)",
        d=day,
        z="、".join(z for z, _ in names),
        e=", ".join(e.lower() for _, e in names),
    )
