"""Checking a cities data file: every problem at once, each with its TOML key path."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flexcalc.catalogue import GROUP_NAMES, MEASURE_IDS
from flexcalc.toml import parse_toml, table, tomllib


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, where it is (TOML key path) and what is wrong."""

    path: str
    message: str
    zh: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" and self.zh else self.message


@dataclass
class Report:
    """The problems of one data file and what it holds."""

    source: str
    sha256: str | None = None
    problems: list[Problem] = field(default_factory=list)
    cities: int = 0
    measures_offered: int = 0
    measures_not_offered: int = 0
    figures: int = 0
    entitlements: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            "schema": "flexcalc.validate/1",
            "file": self.source,
            "sha256": self.sha256,
            "ok": self.ok,
            "problems": [{"path": p.path, "message": p.text(lang)} for p in self.problems],
            "summary": {
                "cities": self.cities,
                "measures_offered": self.measures_offered,
                "measures_not_offered": self.measures_not_offered,
                "figures": self.figures,
                "entitlements": self.entitlements,
            },
        }


def check_file(path: str | Path) -> Report:
    """Read and check a cities TOML file; an unreadable file is a problem, not a crash."""
    from flexcalc import limits

    try:
        raw = limits.read_path(path, limits.DATA_BYTES)
    except limits.TooLarge:
        en, zh = limits.size_words(limits.DATA_BYTES)
        return Report(str(path), problems=[Problem("(file)", f"larger than {en}", f"超过 {zh}")])
    except OSError as e:
        why = e.strerror or e
        from flexcalc.errors import os_why

        why_zh = os_why(e, "zh")
        return Report(
            str(path), problems=[Problem("(file)", f"cannot read the file ({why})", f"无法读取文件（{why_zh}）")]
        )
    return check_bytes(raw, str(path))


def check_bytes(raw: bytes, source: str) -> Report:
    """Check the bytes of a cities file: syntax, schema, then what the schema cannot see."""
    report = Report(source, hashlib.sha256(raw).hexdigest())
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        report.problems.append(
            Problem("(file)", f"not UTF-8 text ({e.reason} at byte {e.start})", f"不是 UTF-8 文本（第 {e.start} 字节）")
        )
        return report
    try:
        doc = parse_toml(text)
    except tomllib.TOMLDecodeError as e:
        where = re.search(r"line (\d+), column (\d+)", str(e))
        path = f"(line {where.group(1)}, column {where.group(2)})" if where else "(syntax)"
        report.problems.append(Problem(path, f"not valid TOML: {e}", f"TOML 格式错误：{e}"))
        return report
    report.problems = problems_of(doc) + _future_reviews(doc, date.today())
    _summarise(doc, report)
    return report


def problems_of(doc: dict, err=None) -> list[Problem]:
    """Every problem of a parsed data file, in file order; `err` is the schema's error, if known."""
    problems = (_schema(doc) if err is None else _schema_problems(err, doc)) + _semantics(doc)
    problems = list(dict.fromkeys(problems))
    order = {f"cities.{cid}": i for i, cid in enumerate(doc.get("cities") or {})}
    return sorted(problems, key=lambda p: order.get(".".join(p.path.split(".")[:2]), -1))


# --- schema ---------------------------------------------------------------------------


def _schema(doc: dict) -> list[Problem]:
    from pydantic import ValidationError

    from flexcalc.models.cities import CitiesData
    from flexcalc.models.fields import adapter
    from flexcalc.timeline import link

    try:
        data = adapter(CitiesData).validate_python(doc)
    except ValidationError as err:
        return _schema_problems(err, doc)
    return [Problem(path, en, zh) for path, en, zh in link(data, doc)]  # references resolve, national types fit


def _schema_problems(err, doc: dict) -> list[Problem]:
    from flexcalc.errors import error_loc, field_path, validation_problems

    out = []
    general = [msg for _, msg in validation_problems(err, doc, "zh")]
    for e, zh in zip(err.errors(include_url=False), general, strict=True):
        loc = error_loc(e)
        if e["type"] in ("enum", "literal_error") and {"all_of", "any_of"} & set(map(str, loc)):
            continue  # unknown group codes: reported by _groups, with a shorter message
        en, own_zh = _message(e, loc)
        out.append(Problem(field_path(loc, doc), en, own_zh or zh))
    return out


def _message(e: dict, loc: tuple) -> tuple[str, str | None]:
    """The pydantic error in the words of the data file: (en, zh), zh None for the general wording."""
    kind, last = _KIND.get(e["type"], e["type"]), str(loc[-1]) if loc else ""
    parent = str(loc[-2]) if len(loc) > 1 else ""
    if kind == "missing" and parent == "measures" and last in MEASURE_IDS:
        return (
            f"measure {last} is not defined: every city defines every measure"
            ' (rule = "not_offered" with a note when the document has none)',
            f'未定义措施 {last}：每个城市都须定义每项措施（文件没有的写 rule = "not_offered" 并加 note）',
        )
    if kind == "extra_forbidden" and parent == "measures":
        known = ", ".join(MEASURE_IDS)
        return f"unknown measure id {last!r}; the measures are: {known}", f"未知措施 {last!r}；措施有：{known}"
    if kind == "missing" and last == "clause":
        return (
            'not cited: no clause (add clause = "…", the clause of the document it comes from)',
            '未注明出处：缺少 clause（填写它出自文件的哪一条，clause = "…"）',
        )
    if kind == "missing" and last == "department":
        return (
            'no department: name the office that handles the measure (department = "…")',
            '缺少 department：填写办理该措施的部门（department = "…"）',
        )
    if kind == "string_too_short" and last in ("clause", "department"):
        return f"{last} is empty", f"{last} 为空"
    if kind in ("model_type", "dict_type") and str(e.get("ctx", {}).get("class_name")) in _cited_names():
        return (
            'figure without its source: write it as { value = …, clause = "…" }',
            '数字未注明出处：应写成 { value = …, clause = "…" }',
        )
    if kind == "missing":
        return "required field is missing", None
    if kind == "extra_forbidden":
        keys = ", ".join(_allowed_keys(loc[:-1]))
        return f"unknown key {last!r}; the keys allowed here are: {keys}", f"未知的键 {last!r}；此处可用的键：{keys}"
    return e["msg"], None


def _allowed_keys(loc: tuple) -> list[str]:
    """The keys of the data-file table at `loc` (a pydantic location), following the models."""
    import dataclasses
    import typing

    from flexcalc.models.cities import CitiesData
    from flexcalc.models.fields import model_fields

    tp: object = CitiesData
    for item in loc:
        tp = _inner(tp)
        if dataclasses.is_dataclass(tp) and item in model_fields(tp):
            tp = model_fields(tp)[item].annotation
        elif typing.get_origin(tp) in (list, dict):
            tp = typing.get_args(tp)[-1]
        elif isinstance(tp, list):  # a tagged union: the tag names the member
            tp = next((m for m in tp if item in (m.__name__, *_rule_tags(m))), None)
        if tp is None:
            return []
    tp = _inner(tp)
    return [k.rstrip("_") for k in model_fields(tp)] if dataclasses.is_dataclass(tp) else []  # from_ is "from"


def _inner(tp):
    """Annotated and Optional unwrapped; a union of several models as the list of them."""
    import types
    import typing

    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        return _inner(members[0]) if len(members) == 1 else members
    return tp


def _rule_tags(cls) -> tuple:
    """The `rule = "…"` tag of a measure rule model."""
    import typing

    from flexcalc.models.fields import model_fields

    rule = model_fields(cls).get("rule")
    return typing.get_args(_inner(rule.annotation)) if rule else ()


# The models are dataclasses: pydantic names their errors like a function's arguments.
_KIND = {
    "missing_keyword_only_argument": "missing",
    "missing_argument": "missing",
    "unexpected_keyword_argument": "extra_forbidden",
    "dataclass_type": "model_type",
    "dataclass_exact_type": "model_type",
}


def _cited_names() -> set[str]:
    """Class names of every kind of cited figure (Cited and its subclasses: Money, Day…)."""
    from flexcalc.models.rules import Cited

    names, todo = set(), [Cited]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


# --- what the schema cannot see -------------------------------------------------------


def _semantics(doc: dict) -> list[Problem]:
    from flexcalc.timeline import raw_problems

    out = [Problem(path, en, zh) for path, en, zh in raw_problems(doc)]  # dated entries: order, overlap, cited
    out += _groups(doc, "")
    out += _blank_sources(doc, "")
    out += _translations(doc, "")
    cities = doc.get("cities")
    if not isinstance(cities, dict):
        return out
    for cid, city in cities.items():
        out += _city_id(cid)
        if isinstance(city, dict):
            out += _city(f"cities.{cid}", cid, city)
    out += _aliases(cities)
    return out


CITY_ID = re.compile(r"[a-z][a-z0-9_]{0,31}")


def _city_id(cid: str) -> list[Problem]:
    """A city id is what --city and a record's `city` select it by: lower-case ASCII, as written."""
    if CITY_ID.fullmatch(cid):
        return []
    return [
        Problem(
            f"cities.{cid}",
            f"the city id {cid!r} cannot be selected with --city: write it in lower-case ASCII letters,"
            " digits and _, starting with a letter, at most 32 characters (e.g. weihai)",
            f"城市 id {cid!r} 无法用 --city 选中：应由小写英文字母、数字和 _ 组成，以字母开头，"
            "最多 32 个字符（如 weihai）",
        )
    ]


def _future_reviews(doc: dict, today: date) -> list[Problem]:
    """A document's data cannot have been checked after today (`validate` only: a run on a clock
    a day behind must not stop every check)."""
    out = []
    for cid, city in table(doc.get("cities")).items():
        reviewed = _date_of(table(table(city).get("document")).get("reviewed_on"))
        if reviewed and reviewed > today:
            out.append(
                Problem(
                    f"cities.{cid}.document.reviewed_on",
                    f"reviewed_on {reviewed} is after today ({today}): give the day the data was checked",
                    f"reviewed_on {reviewed} 晚于今天（{today}）：请填写核对数据的日期",
                )
            )
    return out


def _city(at: str, cid: str, city: dict) -> list[Problem]:
    out = _date_order(city.get("document"), f"{at}.document")
    measures = table(city.get("measures"))
    for mid, rule in measures.items():
        if not isinstance(rule, dict):
            continue
        out += _date_order(rule, f"{at}.measures.{mid}")
        for key in ("data_key", "minimum_base_key"):
            named = rule.get(key)
            own = f"{at}.measures.{mid}."
            if isinstance(named, str) and not named.startswith(own):
                out.append(
                    Problem(
                        f"{at}.measures.{mid}.{key}",
                        f"names {named!r}, which is not a key of this measure",
                        f"{named!r} 不是本措施下的键",
                    )
                )
    ids: dict[str, int] = {}
    for i, ent in enumerate(_list(city.get("entitlements"))):
        eid = ent.get("id") if isinstance(ent, dict) else None
        if isinstance(eid, str):
            if eid in ids:
                out.append(
                    Problem(
                        f"{at}.entitlements[{i}].id",
                        f"duplicate entitlement id {eid!r} (also entitlements[{ids[eid]}])",
                        f"entitlement id {eid!r} 重复（另见 entitlements[{ids[eid]}]）",
                    )
                )
            ids.setdefault(eid, i)
    for i, rule in enumerate(_list(city.get("non_combinable"))):
        for k, mid in enumerate(_list(rule.get("measures") if isinstance(rule, dict) else None)):
            target = measures.get(mid) if isinstance(mid, str) else None
            if isinstance(target, dict) and target.get("rule") == "not_offered":
                out.append(
                    Problem(
                        f"{at}.non_combinable[{i}].measures[{k}]",
                        f"{mid} is not offered in this city, so it cannot be excluded in favour of another",
                        f"{mid} 本市未设，不能列为不可兼得",
                    )
                )
    return out


def _date_of(value) -> date | None:
    if isinstance(value, dict):
        value = value.get("value")
    return value if isinstance(value, date) else None


def _date_order(node, at: str) -> list[Problem]:
    """x_from ≤ x_until for every such pair, and issued_on ≤ valid_until."""
    if not isinstance(node, dict):
        return []
    pairs = [(k, k[: -len("_from")] + "_until") for k in node if k.endswith("_from")]
    pairs += [("issued_on", "valid_until"), ("issued_on", "reviewed_on")]
    out = []
    for lo_key, hi_key in pairs:
        lo, hi = _date_of(node.get(lo_key)), _date_of(node.get(hi_key))
        if lo and hi and lo > hi:
            out.append(
                Problem(f"{at}.{hi_key}", f"{hi_key} {hi} is before {lo_key} {lo}", f"{hi_key} {hi} 早于 {lo_key} {lo}")
            )
    return out


def _groups(node, at: str) -> list[Problem]:
    """Every code in an all_of / any_of list is a known group."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{at}.{key}" if at else str(key)
            if key in ("all_of", "any_of") and isinstance(value, list):
                for i, code in enumerate(value):
                    if code not in GROUP_NAMES:
                        out.append(
                            Problem(f"{here}[{i}]", f"unknown group code {code!r}", f"未知人员类别代码 {code!r}")
                        )
            else:
                out += _groups(value, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            out += _groups(item, f"{at}[{i}]")
    return out


def _blank_sources(node, at: str) -> list[Problem]:
    """A clause or department of spaces only passes the schema but cites nothing."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{at}.{key}" if at else str(key)
            if key in ("clause", "department") and isinstance(value, str) and value and not value.strip():
                out.append(Problem(here, f"{key} is blank", f"{key} 只有空白"))
            else:
                out += _blank_sources(value, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            out += _blank_sources(item, f"{at}[{i}]")
    return out


def _aliases(cities: dict) -> list[Problem]:
    """A name given to --city must lead to one city only."""
    owner: dict[str, str] = {}
    out = []
    for cid, city in cities.items():
        if not isinstance(city, dict):
            continue
        names = [(f"cities.{cid}", cid.lower()), (f"cities.{cid}.name", city.get("name"))]
        names += [(f"cities.{cid}.aliases[{i}]", a) for i, a in enumerate(_list(city.get("aliases")))]
        for path, label in names:
            if not isinstance(label, str):
                continue
            if path.endswith("]") and (not label.strip() or label != label.strip() or not label.isprintable()):
                out.append(
                    Problem(
                        path,
                        f"the alias {label!r} cannot be given to --city (empty, spaces around it or control characters)",
                        f"别名 {label!r} 无法用于 --city（为空、两端有空白或含控制字符）",
                    )
                )
                continue
            other = owner.setdefault(label, cid)
            if other != cid:
                out.append(
                    Problem(
                        path,
                        f"{label!r} also names the city {other!r}: --city {label} would be ambiguous",
                        f"{label!r} 也是城市 {other!r} 的名称：--city {label} 会有歧义",
                    )
                )
    return out


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _summarise(doc: dict, report: Report) -> None:
    cities = table(doc.get("cities"))
    report.cities = len(cities)
    for city in cities.values():
        measures = city.get("measures") if isinstance(city, dict) else None
        for rule in (measures or {}).values() if isinstance(measures, dict) else ():
            offered = not (isinstance(rule, dict) and rule.get("rule") == "not_offered")
            report.measures_offered += offered
            report.measures_not_offered += not offered
        report.entitlements += len(_list(city.get("entitlements") if isinstance(city, dict) else None))
    report.figures = _count_figures(doc)


def _count_figures(node) -> int:
    if isinstance(node, dict):
        own = 1 if "value" in node and "clause" in node else 0
        return own + sum(_count_figures(v) for v in node.values())
    if isinstance(node, list):
        return sum(_count_figures(v) for v in node)
    return 0


# Strings of the data a person reads: each in Chinese needs its English form `<key>_en`.
TRANSLATED = ("title", "issuer", "number", "province", "department", "document", "note", "value")
_CJK = re.compile(r"[\u3400-\u9fff]")
WORDS_FIGURES = {"base_cap_named"}  # figures that are words, not numbers (models.rules.Words)


def _translations(node, at: str) -> list[Problem]:
    """Every Chinese string a screen shows has an English form beside it: a missing one is a
    problem of the data (exit 4), never a silent fallback to Chinese in English mode."""
    from flexcalc.catalogue import clause_words

    out: list[Problem] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            out += _translations(item, f"{at}[{i}]")
        return out
    if not isinstance(node, dict):
        return out
    for key, value in node.items():
        here = f"{at}.{key}" if at else str(key)
        if isinstance(value, (dict, list)):
            out += _translations(value, here)
            continue
        if not isinstance(value, str) or not _CJK.search(value):
            continue
        english = node.get(f"{key}_en")
        if key == "clause":
            needed = _CJK.search(clause_words(value, "en") or "") is not None
        elif key == "value":  # words the text names (a Words figure); any other value is a number or date
            needed = at.rsplit(".", 1)[-1] in WORDS_FIGURES
        else:
            needed = key in TRANSLATED
        if needed and not (isinstance(english, str) and english.strip()):
            out.append(
                Problem(
                    f"{here}_en",
                    f"no English form of {key} {value[:24]!r}: add {key}_en (every word a person reads exists in both languages)",
                    f"缺少 {key} “{value[:24]}”的英文：请加 {key}_en（每段给人看的文字都要有中英两种）",
                )
            )
        elif isinstance(english, str) and _CJK.search(english) and key != "clause":
            out.append(Problem(f"{here}_en", f"{key}_en is not English", f"{key}_en 不是英文"))
    return out
