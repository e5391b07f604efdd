"""Figures that change over time: dated entries, and national figures that cities restate or refer to.

A figure of a measure in the data file has one of three shapes:

- one cited value `{value, clause, …}`: in force from its document's `valid_from` (as always);
- dated entries `[{from, until?, value, clause, document?, quote?, note?, verified?}, …]`;
- a reference `{ref = "national.…", clause, quote}`: the city's document says 按规定 and the
  national figure (or its province's, under `[provinces."<province>".…]`) applies.

A single value or entries may carry `follows = "national.…"`: the city restated a national figure,
and each later national entry (one starting after the city's figure) supersedes it from its start.
Each rule reads a figure at the date that matters for it (see `lookup_days`); `view` gives a rule
with every such figure replaced by the entry in force, so the formulas read `.value` as before.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import date

from flexcalc.catalogue import clause_pair, pair
from flexcalc.models.figures import NATIONAL, Timeline
from flexcalc.text import T, number, t
from flexcalc.toml import table

# --- linking the figures of the cities to the national layer (after validation) ---------------------


def link(data, raw: dict) -> list[tuple[str, str, str]]:
    """Turn every dated or referring figure of a measure into a Timeline; (path, en, zh) for each problem."""
    from flexcalc.catalogue import MEASURE_IDS
    from flexcalc.models.rules import NotOffered

    problems: list[tuple[str, str, str]] = []
    _RESOLVED.clear()
    for cid, city in data.cities.items():
        city.document.review_max_age_days = data.review_max_age_days  # read by review.document_warnings
        for mid in MEASURE_IDS:
            rule = getattr(city.measures, mid)
            if isinstance(rule, NotOffered):
                continue
            for f in dataclasses.fields(rule):
                value = getattr(rule, f.name)
                tl = _as_timeline(value)
                if tl is None:
                    continue
                at = f"cities.{cid}.measures.{mid}.{f.name}"
                problems += _link(tl, at, city, raw)
                setattr(rule, f.name, tl)
    problems += _elsewhere(data)
    return problems


def _as_timeline(value) -> Timeline | None:
    from flexcalc.models.rules import Cited

    if isinstance(value, Timeline):
        return value
    if isinstance(value, Cited) and (value.follows or value.from_ or value.until):
        return Timeline(type(value), (value,))
    return None


def _link(tl: Timeline, at: str, city, raw: dict) -> list:
    problems: list = []
    for i, e in enumerate(tl.own):
        _tag(e, f"{at}[{i}]" if len(tl.own) > 1 else at, "city", None)
    start = tl.own[0].from_ if tl.own else None
    if start is None and city.document.valid_from is not None:
        start = city.document.valid_from.value
    tl.start = start
    if not tl.follows or not tl.follows.startswith(NATIONAL):  # a path elsewhere: raw_problems says so
        return problems
    key = tl.follows[len(NATIONAL) :]
    restated = tl.ref or tl.own[-1]
    layers = []
    province = (raw.get("provinces") or {}).get(city.province)
    target = _walk(province, key)
    if target is not None:
        path = f'provinces."{city.province}".{key}'
        entries, found = _entries(tl.cls, target, path)
        problems += found
        layers.append(tuple(_tag(copy.copy(e), p, "province", restated) for e, p in entries))
    target = _walk(raw.get("national"), key)
    if target is None:
        where = f"{at}.ref" if tl.ref else f"{at}.follows"
        problems.append(
            (where, f"names {tl.follows}, which is not in the file", f"引用的 {tl.follows} 在数据文件中不存在")
        )
    else:
        entries, found = _entries(tl.cls, target, tl.follows)
        problems += found
        layers.append(tuple(_tag(copy.copy(e), p, "national", restated) for e, p in entries))
    tl.higher = tuple(layers)
    return problems


def _tag(entry, path: str, layer: str, restated):
    entry.path, entry.layer, entry.restates = path, layer, restated
    return entry


def _walk(node, dotted: str):
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


_RESOLVED: dict[tuple, tuple] = {}  # (class, path) → entries: a national figure is validated once, shared


def _entries(cls, raw, path: str) -> tuple[list, list]:
    """The validated entries of a national or provincial figure, each with its TOML path."""
    key = (cls, path)
    if key not in _RESOLVED:
        _RESOLVED[key] = _validate_entries(cls, raw, path)
    return _RESOLVED[key]


def _validate_entries(cls, raw, path: str) -> tuple[list, list]:
    from pydantic import ValidationError

    from flexcalc.errors import validation_problems
    from flexcalc.models.fields import adapter

    try:
        value = adapter(cls).validate_python(raw)
    except ValidationError as err:
        en = validation_problems(err, raw)
        zh = validation_problems(err, raw, "zh")
        return [], [(_join(path, p), m, z) for (p, m), (_, z) in zip(en, zh, strict=True)]
    if isinstance(value, Timeline) and value.ref is not None:
        return [], [(f"{path}.ref", "a national figure cannot refer to another", "国家层面的数字不能再引用别的数字")]
    own = value.own if isinstance(value, Timeline) else (value,)  # each entry's document: raw_problems
    return [(e, f"{path}[{i}]" if isinstance(raw, list) else path) for i, e in enumerate(own)], []


def _join(path: str, sub: str) -> str:
    if sub in ("", "(top level)"):
        return path
    return f"{path}{sub}" if sub.startswith("[") else f"{path}.{sub}"


def _elsewhere(data) -> list:
    """Dated entries are read by the measures only: documents and retirement ages keep one value."""
    out = []
    for cid, city in data.cities.items():
        for key in ("valid_from", "valid_until"):
            if isinstance(getattr(city.document, key), Timeline):
                out.append((f"cities.{cid}.document.{key}", _NOT_HERE[0], _NOT_HERE[1]))
    for key in ("male_original_age", "steps"):
        if isinstance(getattr(data.retirement, key), Timeline):
            out.append((f"retirement.{key}", _NOT_HERE[0], _NOT_HERE[1]))
    return out


_NOT_HERE = (
    "dated entries and references are for the figures of a measure; give one value here",
    "分期数字与引用只用于措施的数字；此处只能写一个值",
)


# --- checks on the raw file (validate, and load) ------------------------------------------


def raw_problems(doc: dict) -> list[tuple[str, str, str]]:
    """Dated entries in order without overlap, each cited; references naming a national figure."""
    out = []
    cities = table(doc.get("cities"))
    for cid, city in cities.items():
        measures = city.get("measures") if isinstance(city, dict) else None
        for mid, rule in (measures or {}).items() if isinstance(measures, dict) else ():
            for key, value in (rule or {}).items() if isinstance(rule, dict) else ():
                out += _figure(value, f"cities.{cid}.measures.{mid}.{key}", doc, national=False)
    out += _national(doc.get("national"), "national", doc)
    provinces = table(doc.get("provinces"))
    for name, node in provinces.items():
        out += _national(node, f'provinces."{name}"', doc)
    return out


def _national(node, at: str, doc: dict) -> list:
    if not isinstance(node, dict):
        return []
    if "value" in node or "clause" in node or "ref" in node:
        return _figure(node, at, doc, national=True)
    out = []
    for key, value in node.items():
        if isinstance(value, list):
            out += _figure(value, f"{at}.{key}", doc, national=True)
        else:
            out += _national(value, f"{at}.{key}", doc)
    return out


def _figure(value, at: str, doc: dict, national: bool) -> list:
    out = []
    if isinstance(value, dict):
        for key in ("ref", "follows"):
            named = value.get(key)
            if named is not None and (not isinstance(named, str) or not named.startswith(NATIONAL)):
                out.append(
                    (f"{at}.{key}", 'must name a national figure: "national.…"', '须引用国家层面的数字："national.…"')
                )
            elif isinstance(named, str) and _walk(doc.get("national"), named[len(NATIONAL) :]) is None:
                out.append(
                    (f"{at}.{key}", f"names {named}, which is not in the file", f"引用的 {named} 在数据文件中不存在")
                )
        if national and "ref" in value:
            out.append((f"{at}.ref", "a national figure cannot refer to another", "国家层面的数字不能再引用别的数字"))
        return out
    if not isinstance(value, list) or not value or not all(isinstance(e, dict) for e in value):
        return out
    prev = None
    for i, e in enumerate(value):
        here = f"{at}[{i}]"
        lo, hi = e.get("from"), e.get("until")
        if national and (not isinstance(e.get("clause"), str) or not e["clause"].strip()):  # cities: the schema
            out.append((f"{here}.clause", "entry not cited: give its clause", "该期数字未注明出处：缺少 clause"))
        if national and not (isinstance(e.get("document"), str) and e["document"].strip()):
            out.append((f"{here}.document", "no document: name the national rule", "未写 document：注明国家文件"))
        if i > 0 and not isinstance(lo, date):
            out.append((f"{here}.from", "only the first entry may leave out its start date", "只有第一期可以不写 from"))
        if isinstance(lo, date) and isinstance(hi, date) and hi < lo:
            out.append((f"{here}.until", f"until {hi} is before from {lo}", f"until {hi} 早于 from {lo}"))
        if prev is not None and isinstance(lo, date):
            plo, phi = prev.get("from"), prev.get("until")
            if isinstance(plo, date) and lo <= plo:
                out.append(
                    (
                        f"{here}.from",
                        f"from {lo} is not after the entry before it ({plo})",
                        f"from {lo} 不晚于上一期（{plo}）",
                    )
                )
            elif isinstance(phi, date) and lo <= phi:
                out.append(
                    (f"{here}.from", f"overlaps the entry before it (until {phi})", f"与上一期重叠（上一期至 {phi}）")
                )
        prev = e
    return out


# --- rules read at a date -----------------------------------------------------------------------

_VIEWS: dict[tuple, tuple] = {}
_FIELDS: dict[int, tuple] = {}
MEMO_LIMIT = 10_000


def timeline_fields(rule) -> tuple:
    """(name, Timeline, required) of a rule's dated or national figures, memoised on the rule."""
    hit = _FIELDS.get(id(rule))
    if hit is None or hit[0] is not rule:
        fields = tuple(
            (f.name, getattr(rule, f.name), f.default is dataclasses.MISSING)
            for f in dataclasses.fields(rule)
            if isinstance(getattr(rule, f.name), Timeline)
        )
        hit = _FIELDS[id(rule)] = (rule, fields)
    return hit[1]


def view(rule, day: date):
    """The rule as it reads at `day`: each dated figure is the entry in force at the date the rule
    looks it up for `day`. Carries `timelines`, `absent` (required figures with no entry) and
    `sources` (the entries the result cites)."""
    fields = timeline_fields(rule)
    if not fields:
        return rule
    key = (id(rule), day)
    hit = _VIEWS.get(key)
    state = tuple(map(id, vars(rule).values()))  # a rule changed in place (tests do) is a miss
    if hit is not None and hit[0] is rule and hit[2] == state:
        return hit[1]
    v = copy.copy(rule)
    v.timelines, v.absent, sources = {}, [], []
    lookup = getattr(rule, "lookup_days", None)
    for name, tl, required in fields:
        entry = tl.at(day)
        setattr(v, name, entry)
        v.timelines[name] = tl
        days = lookup(name, day) if lookup else (day,)
        used = [e for e in dict.fromkeys(tl.at(d) for d in days) if e is not None]
        sources += [(name, e) for e in used]
        if not used and required:
            v.absent.append(name)
    v.sources = tuple(sources)
    v.cited = tuple(figure_record(name, e) for name, e in sources)  # plain data: results carry it
    if len(_VIEWS) >= MEMO_LIMIT:
        _VIEWS.clear()
    _VIEWS[key] = (rule, v, state)
    return v


def figure_record(name: str, e) -> dict:
    """One entry of a figure's timeline as a result cites it (the JSON of `source.figures`)."""
    old = e.restates if e.layer != "city" else None
    return {
        "field": name,
        "value": _plain(e.value),
        "value_min": _plain(getattr(e, "value_min", None)),
        "from": e.from_.isoformat() if e.from_ else None,
        "until": e.until.isoformat() if e.until else None,
        "document": e.document,
        "clause": e.clause,
        "layer": e.layer,
        "verified": e.verified,
        "restates": None if old is None else {"clause": old.clause, "value": _plain(getattr(old, "value", None))},
    }


def _plain(v):
    """A figure's value as JSON: a number, an ISO date; None for group lists and tiers (see policy)."""
    from decimal import Decimal

    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return None
    return v


def timeline_of(rule, name: str) -> Timeline | None:
    """The full timeline of a figure of a rule view (None for a single figure)."""
    return getattr(rule, "timelines", {}).get(name)


def unverified_notes(sources, notes: list[T]) -> list[T]:
    """A line for each unverified figure the rule read but did not cite itself (cite() says so)."""
    from flexcalc.catalogue import FIELD_NAMES

    cited = {n.params.get("_entry") for n in notes if n.params}
    out = []
    for name, e in sources:
        if e.verified or e.path in cited:
            continue
        words = FIELD_NAMES.get(name, (name, name))
        out.append(
            t(
                "{f}（{s}）尚未核实：仅见于二手资料或未见原文，请经办人员确认",
                "{g} ({s}) is not verified: found only in a secondary source or not seen in the original; "
                "an official should confirm it",
                f=words[0],
                g=words[1],
                s=source_text(e),
                _entry=e.path,
            )
        )
    return out


# --- words ----------------------------------------------------------------------------------


def value_text(entry) -> str:
    """An entry's value as printed: 14,400; a range 20,000～24,000; a date."""
    from decimal import Decimal

    def one(v):
        return number(Decimal(v)) if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else str(v)

    lo = getattr(entry, "value_min", None)
    return f"{one(lo)}～{one(entry.value)}" if lo is not None else one(entry.value)


def source_text(entry) -> T:
    """Where an entry comes from: its document and clause, or the city's own clause (memoised on
    those words: clause_pair runs regexes)."""
    words = (entry.document, getattr(entry, "document_en", None), entry.clause, getattr(entry, "clause_en", None))
    hit = _SOURCES.get(words)
    if hit is None:
        if len(_SOURCES) >= MEMO_LIMIT:
            _SOURCES.clear()
        if entry.document:
            hit = t("{d} {c}", "{d}, {c}", d=pair(entry, "document"), c=clause_pair(entry))
        else:
            hit = t("本市文件 {c}", "clause {c} of the city's document", c=clause_pair(entry))
        _SOURCES[words] = hit
    return hit


_SOURCES: dict[tuple, T] = {}


def cite(entry, what: T) -> T | None:
    """The reason line naming the entry used: value, since when, source, what it replaced, how sure."""
    if entry is None or not hasattr(entry, "layer"):
        return None
    since = entry.from_.isoformat() if entry.from_ else None
    zh = "{w}：{v}（{s}{f}）"
    en = "{w}: {v} ({s}{f})"
    params = {"w": what, "v": value_text(entry), "s": source_text(entry), "_entry": entry.path}
    params["f"] = t("，自 {d} 起", ", from {d}", d=since) if since else ""
    old = entry.restates if entry.layer != "city" else None
    if old is not None and hasattr(old, "value"):
        zh += "；取代本市文件 {c} 所写的 {o}"
        en += "; supersedes {o} in clause {c} of the city's document"
        params.update(c=clause_pair(old), o=value_text(old))
    elif old is not None:
        zh += "；本市文件 {c} 援引此规定"
        en += "; clause {c} of the city's document refers to it"
        params["c"] = clause_pair(old)
    if not entry.verified:
        zh += "；此数仅见于二手资料，尚未核实，请经办人员确认"
        en += "; found only in a secondary source, not verified: an official should confirm it"
    return T(zh, en, params)
