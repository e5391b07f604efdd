"""The outreach notice (申兑指南): one person, one A4 page — what they qualify for and how much,
what to bring or answer, where to apply, by when, under which clause, with the audit stamp."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from flexcalc.catalogue import KIND_NAMES, MEASURE_NAMES, name
from flexcalc.output.table import cite
from flexcalc.outreach import ceiling as ceil
from flexcalc.outreach.files import create_atomic, file_stem, safe_dir
from flexcalc.outreach.groups import FLOOR, ONE_STEP, READY, ask, deadline
from flexcalc.text import markdown_safe, shown, yuan

W: dict[str, tuple[str, str]] = {
    "title": ("灵活就业支持政策申兑告知单", "Flexible-employment support: what you can claim"),
    "lead": (
        "根据登记信息，您可能享受以下支持政策。请按各项所列部门与期限办理。",
        "From the registry's records you may be entitled to the support below. "
        "Apply at the office listed for each item, by the date given.",
    ),
    "name": ("姓名", "Name"),
    "id": ("编号", "ID"),
    "city": ("城市", "City"),
    "as_of": ("核算日期", "Assessed on"),
    "document": ("政策文件", "Policy document"),
    READY: ("经核实符合条件", "You qualify"),
    FLOOR: ("符合条件，金额可能更高", "You qualify, and may get more"),
    ONE_STEP: ("还差一两项信息", "One or two facts away"),
    "measure": ("政策", "Support"),
    "amount": ("金额（元）", "Amount (yuan)"),
    "by": ("办理期限", "By"),
    "where": ("受理部门", "Where to apply"),
    "clause": ("依据条款", "Clause"),
    "asks": ("请准备或回答", "Bring or answer"),
    "none_due": ("—", "—"),
    "at_least": ("至少 {a}，最高 {c}", "at least {a}, up to {c}"),
    "up_to": ("最高 {c}", "up to {c}"),
    "no_figure": ("按规定", "as prescribed"),
    "no_cap": ("按实际计算（文件未设上限）", "as paid (no cap in the document)"),
    "unknown": ("视补充的信息而定", "depends on your answers"),
    "bring": (
        "办理时请携带身份证件及相关证明材料；对核算结果有疑问，请向受理部门咨询。",
        "Bring your ID and the papers that prove the facts above; ask the office if anything looks wrong.",
    ),
    "audit": ("核算依据", "Audit stamp"),
    "version": ("程序版本", "flexcalc version"),
    "data": ("数据文件 SHA-256", "data file SHA-256"),
    "assumed": ("本次核算假定", "assumed for this run"),
}


def word(key: str, lang: str, **params) -> str:
    zh, en = W[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text


@dataclass
class Item:
    """One measure on a notice, as words (already safe for neither format: escaped at rendering)."""

    group: str
    measure: str
    amount: str
    by: str
    where: str
    clause: str
    asks: list[str]


_STATIC: dict[tuple, tuple[str, str, str]] = {}


def _static(city: str, m, lang: str) -> tuple[str, str, str]:
    """A measure's title, department and clause in words: the same for every person of a city."""
    key = (city, m.id, lang, m.department, m.clause, m.document)
    hit = _STATIC.get(key)
    if hit is None:
        title = name(MEASURE_NAMES, m.id, lang)
        if m.kind in ("loan", "tax_relief"):
            kind = name(KIND_NAMES, m.kind, lang)
            title += f" ({kind})" if lang == "en" else f"（{kind}）"
        where = m.words("department", lang) or "—"
        clause = cite(m.clause, lang).strip().removeprefix("(").removesuffix(")") if m.clause else "—"
        if len(_STATIC) > 10_000:
            _STATIC.clear()
        hit = _STATIC[key] = (title, where, clause)
    return hit


def items(city: str, reached: list, lang: str) -> list[Item]:
    """The measures of a notice in words: ready first, then floors, then one step."""
    order = {READY: 0, FLOOR: 1, ONE_STEP: 2}
    out = []
    for g, m, top in sorted(reached, key=lambda x: order[x[0]]):
        title, where, clause = _static(city, m, lang)
        due = deadline(m)
        asks = [] if g == READY else [ask(f, lang) for f in m.missing if not f.startswith("data:")]
        by = due.isoformat() if due is not None else word("none_due", lang)
        out.append(Item(g, title, amount_words(g, m, top, lang), by, where, clause, asks))
    return out


def amount_words(g: str, m, top: ceil.Ceiling, lang: str) -> str:
    """Every amount a person reads: the sum (or range), a floor with its ceiling, a ceiling alone."""
    if g == READY:
        if m.amount is None:
            return word("no_figure", lang)
        if m.amount_min is not None and m.amount_min != m.amount:
            return f"{yuan(m.amount_min)}–{yuan(m.amount)}"
        return yuan(m.amount)
    c = _ceiling_words(top, lang)
    if g == FLOOR:
        return word("at_least", lang, a=yuan(m.amount), c=c)
    return word("up_to", lang, c=c) if top.value is not None else c


def _ceiling_words(top: ceil.Ceiling, lang: str) -> str:
    if top.value is not None:
        return yuan(top.value)
    return word({ceil.NO_CAP: "no_cap", ceil.UNKNOWN: "unknown"}.get(top.note, "no_figure"), lang)


def _head(r, lang: str) -> list[tuple[str, str]]:
    city = r.city_name_en if lang == "en" else r.city_name
    return [
        (word("name", lang), r.profile_name or "—"),
        (word("id", lang), r.profile_id or "—"),
        (word("city", lang), city),
        (word("as_of", lang), r.as_of.isoformat()),
        (word("document", lang), r.measures[0].words("document", lang) or "—"),
    ]


def _stamp(stamp: dict, lang: str) -> list[tuple[str, str]]:
    out = [
        (word("version", lang), f"flexcalc {stamp.get('flexcalc_version', '')}"),
        (word("data", lang), stamp.get("data_sha256", "")),
        (word("as_of", lang), stamp.get("as_of", "")),
    ]
    if stamp.get("assumptions"):
        out.append((word("assumed", lang), "; ".join(stamp["assumptions"])))
    return out


# --- Markdown ---------------------------------------------------------------------------

_M: dict[str, str] = {}


def md_text(value: str) -> str:
    """Untrusted text inside Markdown: control characters visible, markup characters escaped."""
    hit = _M.get(value)
    if hit is None:
        hit = markdown_safe(value)
        if len(value) < 200:
            if len(_M) > 20_000:
                _M.clear()
            _M[value] = hit
    return hit


def questions(groups: list[Item]) -> list[tuple[str, list[str]]]:
    """Each question once, with the measures its answer settles, in the order first asked."""
    out: dict[str, list[str]] = {}
    for i in groups:
        for a in i.asks:
            out.setdefault(a, []).append(i.measure)
    return list(out.items())


def _settles(measures: list[str], lang: str) -> str:
    return ("(" + ", ".join(measures) + ")") if lang == "en" else ("（" + "、".join(measures) + "）")


def markdown(r, groups: list[Item], lang: str, stamp: dict) -> str:
    out = [f"# {word('title', lang)}", "", word("lead", lang), ""]
    out += [f"- **{k}**: {md_text(v)}" if lang == "en" else f"- **{k}**：{md_text(v)}" for k, v in _head(r, lang)]
    for g in (READY, FLOOR, ONE_STEP):
        mine = [i for i in groups if i.group == g]
        if not mine:
            continue
        out += ["", f"## {word(g, lang)}", ""]
        head = [word(k, lang) for k in ("measure", "amount", "by", "where", "clause")]
        out += ["| " + " | ".join(head) + " |", "|---|---:|---|---|---|"]
        for i in mine:
            cells = [i.measure, i.amount, i.by, i.where, i.clause]
            out.append("| " + " | ".join(md_text(c) for c in cells) + " |")
    asks = questions(groups)
    if asks:
        out += ["", f"## {word('asks', lang)}", ""]
        out += [f"- {md_text(a)} {md_text(_settles(ms, lang))}" for a, ms in asks]
    out += ["", word("bring", lang), "", f"## {word('audit', lang)}", ""]
    colon = ": " if lang == "en" else "："
    out += [f"- {k}{colon}{md_text(v)}" for k, v in _stamp(stamp, lang)]
    return "\n".join(out) + "\n"


# --- HTML (printable: A4, one person a page) ---------------------------------------------

CSS = """@page { size: A4; margin: 11mm 12mm 12mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
  "SimSun", sans-serif; font-size: 9.5pt; line-height: 1.35; color: #111; margin: 0; }
.page { width: 186mm; margin: 0 auto; page-break-after: always; break-after: page; }
h1 { font-size: 15pt; margin: 0 0 2mm; border-bottom: 2px solid #333; padding-bottom: 1.5mm; }
h2 { font-size: 11pt; margin: 3mm 0 1mm; }
tr.g td { background: #e4ecf5; font-weight: 600; }
.for { color: #555; }
ol.offices { list-style: none; margin: 1.5mm 0; padding: 0; font-size: 8.8pt; }
td.office { text-align: center; }
p { margin: 1.5mm 0; }
table { border-collapse: collapse; width: 100%; margin-top: 2mm; }
tr { break-inside: avoid; }
th, td { border: 1px solid #999; padding: 0.8mm 1.4mm; vertical-align: top; text-align: left;
  overflow-wrap: break-word; }
table.items { table-layout: fixed; font-size: 8.8pt; line-height: 1.3; }
th { background: #eee; font-weight: 600; }
td.num { text-align: right; }
table.who td:first-child { width: 26mm; background: #f6f6f6; }
ul { margin: 1mm 0 1mm 5mm; padding: 0; }
.audit { font-size: 8pt; color: #444; margin-top: 4mm; border-top: 1px solid #999; padding-top: 1mm; }
.audit code { font-size: 7.5pt; overflow-wrap: anywhere; }
@media screen { body { background: #ddd; } .page { background: #fff; padding: 14mm; margin: 8mm auto;
  width: 210mm; min-height: 297mm; box-shadow: 0 0 3mm #888; } }
"""


_H: dict[str, str] = {}


COLUMNS = (
    '<colgroup><col><col style="width:40mm"><col style="width:24mm">'
    '<col style="width:22mm"><col style="width:28mm"></colgroup>'
)


def h(value: str) -> str:
    """Untrusted text inside HTML: control characters visible, markup escaped (the words every
    notice repeats memoised)."""
    hit = _H.get(value)
    if hit is None:
        hit = html.escape(shown(value), quote=True)
        if len(value) < 200:
            if len(_H) > 20_000:
                _H.clear()
            _H[value] = hit
    return hit


_FRAGMENTS: dict[tuple, str] = {}


def _fragment(key: tuple, build) -> str:
    """A piece of HTML every notice of a run (or of a city) repeats, built once."""
    hit = _FRAGMENTS.get(key)
    if hit is None:
        if len(_FRAGMENTS) > 10_000:
            _FRAGMENTS.clear()
        hit = _FRAGMENTS[key] = build()
    return hit


def page(r, groups: list[Item], lang: str, stamp: dict) -> str:
    """One person's notice as an HTML <div class=page> (one A4 page)."""
    head = _head(r, lang)
    top = _fragment(
        ("top", lang),
        lambda: (
            f'<div class="page">\n<h1>{h(word("title", lang))}</h1>\n<p>{h(word("lead", lang))}</p>\n'
            '<table class="who">'
        ),
    )
    person = "".join(f"<tr><td>{h(k)}</td><td>{h(v)}</td></tr>" for k, v in head[:2])
    place = _fragment(
        ("place", lang, r.city, r.as_of, head[4][1]),
        lambda: "".join(f"<tr><td>{h(k)}</td><td>{h(v)}</td></tr>" for k, v in head[2:]) + "</table>",
    )
    out = [top, person, place]
    out.append(
        _fragment(
            ("items", lang),
            lambda: (
                f'<table class="items">{COLUMNS}<tr>'
                + "".join(f"<th>{h(word(k, lang))}</th>" for k in ("measure", "amount", "by", "where", "clause"))
                + "</tr>"
            ),
        )
    )
    offices: dict[str, int] = {}  # each department once, under the table: the rows point to it
    for g in (READY, FLOOR, ONE_STEP):
        mine = [i for i in groups if i.group == g]
        if not mine:
            continue
        out.append(
            _fragment(("group", lang, g), lambda g=g: f'<tr class="g"><td colspan="5">{h(word(g, lang))}</td></tr>')
        )
        for i in mine:
            n = offices.setdefault(i.where, len(offices) + 1)
            out.append(
                f'<tr><td>{h(i.measure)}</td><td class="num">{h(i.amount)}</td><td>{h(i.by)}</td>'
                f'<td class="office">[{n}]</td><td>{h(i.clause)}</td></tr>'
            )
    out.append("</table>")
    out.append(f'<ol class="offices"><li><b>{h(word("where", lang))}</b></li>')
    out += [f"<li>[{n}] {h(where)}</li>" for where, n in offices.items()]
    out.append("</ol>")
    asks = questions(groups)
    if asks:
        out.append(f"<h2>{h(word('asks', lang))}</h2><ul>")
        out += [f'<li>{h(a)} <span class="for">{h(_settles(ms, lang))}</span></li>' for a, ms in asks]
        out.append("</ul>")
    out.append(
        _fragment(
            ("end", lang, tuple(_stamp(stamp, lang))),
            lambda: (
                f'<p>{h(word("bring", lang))}</p>\n<div class="audit"><b>{h(word("audit", lang))}</b>'
                + "".join(f"<br>{h(k)}: <code>{h(v)}</code>" for k, v in _stamp(stamp, lang))
                + "</div></div>"
            ),
        )
    )
    return "\n".join(out)


def document(body: str, lang: str, title: str) -> str:
    """A whole HTML file around one or more pages: no script, no network."""
    return (
        f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{h(title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


class Writer:
    """Writes each reached person's notices into notices/<city>/<id>.md and .html, whole files only."""

    def __init__(self, root: Path, formats: tuple[str, ...], lang: str, stamp: dict):
        self.root = root
        self.formats = formats
        self.lang = lang
        self.stamp = stamp
        self.made: set[str] = set()

    def write(self, line: int, profile, r, reached: list) -> None:
        folder = self.root / safe_dir(r.city)
        if r.city not in self.made:
            folder.mkdir(parents=True, exist_ok=True)
            self.made.add(r.city)
        stem, alternative = file_stem(r.profile_id, line)
        groups = items(r.city, reached, self.lang)
        if "md" in self.formats:
            stem = create_atomic(folder, stem, alternative, ".md", markdown(r, groups, self.lang, self.stamp).encode())
        if "html" in self.formats:
            text = document(page(r, groups, self.lang, self.stamp), self.lang, word("title", self.lang))
            create_atomic(folder, stem, alternative, ".html", text.encode())
