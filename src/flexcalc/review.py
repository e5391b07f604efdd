"""How current the data is at the as-of date: a document past its validity, or reviewed long ago."""

from __future__ import annotations

from datetime import date

from flexcalc.text import T, t

_MEMO: dict[tuple, tuple] = {}


def document_warnings(doc, as_of: date) -> list[T]:
    """Warnings an official must see before trusting the answer (memoised per document and date)."""
    key = (id(doc), as_of)
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is doc:
        return hit[1]
    out: list[T] = []
    from flexcalc.catalogue import official

    zh = doc.number or doc.title
    en = (doc.number_en if doc.number else doc.title_en) or zh
    name = T(zh, official(zh, en, "en") or zh)  # English with the Chinese official term beside it
    if doc.valid_until is not None and as_of > doc.valid_until.value:
        out.append(
            t(
                "{n}已于 {u} 失效，数据中没有后续文件：各项措施均不在有效期，请向经办部门确认是否有新文件",
                "{n} expired on {u} and the data holds no successor: every measure is not in force; "
                "ask the office whether a new document applies",
                n=name,
                u=doc.valid_until.value,
            )
        )
    max_age = getattr(doc, "review_max_age_days", None)
    if doc.reviewed_on is not None and max_age and (as_of - doc.reviewed_on).days > max_age:
        out.append(
            t(
                "{n}的数据最后核对于 {r}，距评估日已超过 {k} 天：标准可能已有变化，请核实",
                "the data of {n} was last reviewed on {r}, more than {k} days before the as-of date: "
                "figures may have changed since; confirm them",
                n=name,
                r=doc.reviewed_on,
                k=max_age,
            )
        )
    if len(_MEMO) > 1000:
        _MEMO.clear()
    _MEMO[key] = (doc, out)
    return out
