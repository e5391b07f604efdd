"""Yes/no facts of the profile a rule may require to be true, and a clause in both languages."""

from __future__ import annotations

from flexcalc.catalogue import clause_words
from flexcalc.rules.lang import Check, Const, Fact, eq
from flexcalc.text import T

# By contract field path: the words of the fact (measures.shapes.common.ProfileFlag lists them).
FLAG_WORDS: dict[str, tuple[str, str]] = {
    "local_hukou": ("本市户籍", "local hukou"),
    "employment.registered": ("已办理灵活就业/就业登记", "employment registered"),
    "business.first_business": ("首次创业", "first business"),
    "business.in_community": ("在社区经营", "operates in a community"),
    "business.in_incubator": ("入驻创业孵化基地（园区）", "in a recognised incubator"),
    "business.premises.state_owned": ("承租国有房产", "premises owned by the state"),
}

_FLAGS: dict[str, Check] = {}


def flag(path: str) -> Check:
    """A yes/no fact of the profile that must be true (context.Ctx.flag's words), one per path."""
    hit = _FLAGS.get(path)
    if hit is None:
        zh, en = FLAG_WORDS[path]
        hit = _FLAGS[path] = Check(
            eq(Fact(path, "bool", (True, False)), True),
            Const(T(zh, en)),
            Const(T(f"不符：{zh}", f"not met: {en}")),
            Const(T(f"待确认：{zh}", f"to confirm: {en}")),
        )
    return hit


_CLAUSES: dict[str, T] = {}


def clause(text: str) -> T:
    """A clause in Chinese and English (memoised: clause_words runs regexes; the data has a few)."""
    hit = _CLAUSES.get(text)
    if hit is None:
        if len(_CLAUSES) >= 1024:
            _CLAUSES.clear()
        hit = _CLAUSES[text] = T(text, clause_words(text, "en") or text)
    return hit
