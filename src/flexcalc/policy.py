"""A city's policy as data: the document, each measure's cited figures, groups and department, entitlements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum

from flexcalc.catalogue import (
    BENEFICIARY_NAMES,
    FIELD_NAMES,
    KIND_NAMES,
    MEASURE_IDS,
    MEASURE_NAMES,
    PERIOD_NAMES,
    clause_words,
    label,
    name,
    official,
    words,
)
from flexcalc.context import ACTIVITY_NAMES, describe_path
from flexcalc.measures.shapes.common import FLAG_WORDS
from flexcalc.models.fields import is_model, model_fields
from flexcalc.models.figures import Timeline
from flexcalc.models.rules import Cited, GroupPath, NotOffered
from flexcalc.review import document_warnings
from flexcalc.text import number
from flexcalc.timeline import source_text

SCHEMA = "flexcalc.policy/1"
# Fields every rule has (shown apart) and data-file keys that are no figure of the document.
SKIP = {"rule", "clause", "department", "note", "department_en", "note_en", "minimum_base_key", "data_key"}


def describe_city(city_id: str, city, as_of: date, lang: str = "zh") -> dict:
    """The city's document and rules, worded in `lang`, ready for JSON or a table."""
    doc = city.document
    in_force = doc.in_force(as_of)
    warning = None
    if not in_force:
        warning = label("out_of_force", lang, d=as_of.isoformat())
    elif doc.valid_from is None and doc.valid_until is None:
        warning = label("no_validity", lang)
    return {
        "schema": SCHEMA,
        "city": city_id,
        "city_name": city.name,
        "city_name_en": city.name_en,
        "province": words(city, "province", lang),
        "as_of": as_of.isoformat(),
        "document": {
            "title": official(doc.title, doc.title_en, lang),
            "number": official(doc.number, doc.number_en, lang),
            "issuer": official(doc.issuer, doc.issuer_en, lang),
            "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
            "valid_from": _cited(doc.valid_from),
            "valid_until": _cited(doc.valid_until),
            "validity": _validity(doc, lang),
            "in_force": in_force,
            "reviewed_on": doc.reviewed_on.isoformat() if doc.reviewed_on else None,
            "note": words(doc, "note", lang),
        },
        "warning": warning,
        "warnings": [w.render(lang) for w in document_warnings(doc, as_of)],
        "measures": [_measure(mid, getattr(city.measures, mid), lang, as_of) for mid in MEASURE_IDS],
        "non_combinable": [
            {
                "measures": list(nc.measures),
                "names": [name(MEASURE_NAMES, m, lang) for m in nc.measures],
                "clause": nc.clause,
                "clause_text": clause_words(nc.clause, lang, nc.clause_en),
                "quote": nc.quote,
            }
            for nc in city.non_combinable
        ],
        "entitlements": [
            {
                "id": e.id,
                "name": e.name_en if lang == "en" else e.name,
                "clause": e.clause,
                "clause_text": clause_words(e.clause, lang, e.clause_en),
                "quote": e.quote,
                "until": e.until.isoformat() if e.until else None,
                "current": e.current(as_of),
            }
            for e in city.entitlements
        ],
    }


def _measure(mid: str, rule, lang: str, as_of: date) -> dict:
    from flexcalc.pipeline import MODULES

    measure = MODULES[mid].MEASURE
    out = {
        "id": mid,
        "name": name(MEASURE_NAMES, mid, lang),
        "kind": measure.kind,
        "kind_name": name(KIND_NAMES, measure.kind, lang),
        "beneficiary": measure.beneficiary,
        "beneficiary_name": name(BENEFICIARY_NAMES, measure.beneficiary, lang),
        "period": measure.period,
        "period_name": name(PERIOD_NAMES, measure.period, lang),
        "offered": not isinstance(rule, NotOffered),
        "clause": getattr(rule, "clause", None),
        "clause_text": clause_words(getattr(rule, "clause", None), lang),
        "department": official(getattr(rule, "department", None), getattr(rule, "department_en", None), lang),
        "note": words(rule, "note", lang),
        "groups": [],
        "figures": [],
    }
    if isinstance(rule, NotOffered):
        return out
    for field in model_fields(type(rule)):
        value = getattr(rule, field)
        if field in SKIP or value is None or value == [] or value is False:
            continue
        timeline = value if isinstance(value, Timeline) else None
        if timeline is not None:
            value = timeline.at(as_of)  # the entry in force at the as-of date (None: none is)
        cited = value if isinstance(value, Cited) else None
        raw = cited.value if cited else value
        out["groups"] += _groups(raw, lang)
        figure = {
            "field": field,
            "label": _field_label(field, lang),
            "value": _jsonable(raw),
            "text": _entry_text(field, cited, lang) if cited else _text(field, raw, lang),
            "clause": cited.clause if cited else rule.clause,
            "clause_text": clause_words(cited.clause, lang, cited.clause_en)
            if cited
            else clause_words(rule.clause, lang),
            "quote": cited.quote if cited else None,
            "note": words(cited, "note", lang) if cited else None,
            "document": official(cited.document, cited.document_en, lang) if cited else None,
            "verified": cited.verified if cited else True,
        }
        if timeline is not None:
            figure["timeline"] = [_entry(field, e, e is value, lang) for e in timeline.history()]
            if value is None:
                figure["text"] = label("none_in_force", lang)
        out["figures"].append(figure)
    if not out["groups"]:
        out["groups"] = [label("anyone", lang)]
    return out


def _entry_text(field: str, entry, lang: str) -> str:
    """A figure's value in words, a range lo～hi where the entry gives one."""
    low = getattr(entry, "value_min", None)
    if low is not None:
        dash = "–" if lang == "en" else "～"
        return f"{number(Decimal(low))}{dash}{_text(field, entry.value, lang)}"
    if isinstance(entry.value, str):  # words the text names (Words): their English form
        return words(entry, "value", lang) or entry.value
    return _text(field, entry.value, lang)


def _entry(field: str, e, in_force: bool, lang: str) -> dict:
    """One step of a figure's timeline: from, until, value, source, and whether it is in force."""
    old = e.restates if e.layer != "city" else None
    return {
        "from": e.from_.isoformat() if e.from_ else None,
        "until": e.until.isoformat() if e.until else None,
        "value": _jsonable(e.value) if not isinstance(e.value, list) else None,
        "value_min": _jsonable(getattr(e, "value_min", None)),
        "text": _entry_text(field, e, lang) if not isinstance(e.value, list) else "",
        "source": source_text(e).render(lang),
        "document": e.document,
        "clause": e.clause,
        "layer": e.layer,
        "verified": e.verified,
        "in_force": in_force,
        "restates": None if old is None else {"clause": old.clause, "value": _jsonable(getattr(old, "value", None))},
        "data_path": e.path,
    }


def _field_label(field: str, lang: str) -> str:
    words = FIELD_NAMES.get(field)
    if words is None:
        return field.replace("_", " ")
    return words[1] if lang == "en" else words[0]


def _unit(field: str, lang: str) -> str:
    words = FIELD_NAMES.get(field)
    unit = (words[3] if lang == "en" else words[2]) if words else ""
    return f" {unit}" if unit else ""


def _groups(raw, lang: str) -> list[str]:
    """Who qualifies, from group paths, tiers with groups, or categories."""
    if not isinstance(raw, list):
        return []
    out = []
    for item in raw:
        if isinstance(item, GroupPath) and not hasattr(item, "amount_yuan"):
            out.append(describe_path(item).render(lang))
        elif hasattr(item, "label_en") and hasattr(item, "components"):
            out.append(item.label_en if lang == "en" else item.label)
    return out


def _text(field: str, raw, lang: str) -> str:
    """A figure in words: 14,400 元, 2019-01-01, 是, a list of groups or tiers."""
    sep = "; " if lang == "en" else "；"
    unit = _unit(field, lang)
    if isinstance(raw, bool):
        return label("yes" if raw else "no", lang)
    if isinstance(raw, (int, Decimal)):
        return f"{number(Decimal(raw))}{unit}"
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, str):
        return raw
    if isinstance(raw, list):
        if len(raw) == 1 and hasattr(raw[0], "amount_yuan") and not _has_path(raw[0]):
            return f"{number(raw[0].amount_yuan)}{unit}"  # one sum for everyone
        items = [_item(field, x, lang, unit) for x in raw]
        return "\n".join(items) if raw and is_model(raw[0]) else sep.join(items)
    return str(raw)


def _item(field: str, x, lang: str, unit: str) -> str:
    en = lang == "en"
    if isinstance(x, str) and x in ACTIVITY_NAMES:
        return ACTIVITY_NAMES[x][1 if en else 0]
    if isinstance(x, str) and x in FLAG_WORDS:
        return FLAG_WORDS[x][1 if en else 0]
    if hasattr(x, "amount_yuan"):  # an amount tier: its group path (or everyone else) and the sum
        who = describe_path(x).render(lang)
        if not _has_path(x):
            who = "others" if en else "其他"
        return f"{who}: {number(x.amount_yuan)}{unit}" if en else f"{who}：{number(x.amount_yuan)}{unit}"
    if hasattr(x, "components"):  # a social-insurance category
        from flexcalc.measures.shapes.share_of_paid import COMPONENT_NAMES

        parts = "+".join(COMPONENT_NAMES[c][1 if en else 0] for c in x.components)
        share = f"{x.share_min}{'–' if en else '～'}{x.share}" if x.share_min else x.share
        months = ""
        if x.max_months:
            total = x.max_months + (x.extension_months or 0)
            months = f", up to {total} months" if en else f"，最长 {total} 个月"
        who = x.label_en if en else x.label
        return f"{who}: {parts} × {share}{months}" if en else f"{who}：{parts} × {share}{months}"
    if isinstance(x, GroupPath):
        return describe_path(x).render(lang)
    return str(x)


def _has_path(tier) -> bool:
    return bool(tier.all_of or tier.any_of or tier.graduated_within_months or tier.rural_hukou is not None)


def _validity(doc, lang: str) -> str:
    lo = doc.valid_from.value.isoformat() if doc.valid_from else label("open_start", lang)
    hi = doc.valid_until.value.isoformat() if doc.valid_until else label("open_end", lang)
    return f"{lo} ~ {hi}"


def _cited(c) -> dict | None:
    if c is None:
        return None
    return {"value": _jsonable(c.value), "clause": c.clause, "quote": c.quote, "note": c.note, "document": c.document}


def _jsonable(v):
    if is_model(v):
        return _jsonable({k: getattr(v, k) for k in model_fields(type(v))})
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items() if x is not None}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Enum):
        return v.value
    return v
