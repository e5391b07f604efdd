"""The printable notice (`check --format markdown`): what an official hands over. Computes nothing."""

from __future__ import annotations

from flexcalc.assume import shown_assumption
from flexcalc.catalogue import MEASURE_NAMES, STATUS_NAMES, TOTAL_NAMES, clause_words, label, name
from flexcalc.models.result import MeasureResult, Result
from flexcalc.output.table import amount_text, cite, paid_to
from flexcalc.text import markdown_safe, yuan


def _cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell: no markup, link, image, HTML or cell border."""
    return markdown_safe(text) if text else "—"


def _qualifying(measures: list[MeasureResult], lang: str) -> list[str]:
    lines = [
        f"| {label('measure', lang)} | {label('amount', lang)} | {label('clause', lang)} | {label('department', lang)} |",
        "|---|---:|---|---|",
    ]
    for m in measures:
        amount = amount_text(m, lang).replace("\n", "")
        lines.append(
            f"| {_cell(name(MEASURE_NAMES, m.id, lang))} | {amount} | {_cell(clause_words(m.clause, lang))} | {_cell(m.words('department', lang))} |"
        )
    lines.append("")
    colon = ": " if lang == "en" else "："
    for m in measures:
        notes = [n.render(lang) for n in m.notes]
        if m.formula is not None:
            working = m.formula.render(lang)
        else:
            working = notes.pop(0) if notes else label("no_figure_reason", lang)
        if m.beneficiary != "person":
            working += ("; " if lang == "en" else "；") + paid_to(m, lang)
        lines.append(f"- **{name(MEASURE_NAMES, m.id, lang)}**{colon}{working}")
        lines += [f"  - {n}" for n in notes]
    return lines


def notice(r: Result, lang: str = "zh", stamp: dict | None = None) -> str:
    """The check result as a Markdown notice: person, measures and amounts, clauses, where to go, what is missing."""
    en = lang == "en"
    colon = ": " if en else "："
    city = r.city_name_en if en else r.city_name
    out = [f"# {label('notice_title', lang)}", ""]
    out += [f"| {label('notice_person', lang)} | |", "|---|---|"]
    for key, value in (
        ("id", r.profile_id),
        ("name", r.profile_name),
        ("city", city),
        ("as_of", r.as_of.isoformat()),
        ("document", r.measures[0].words("document", lang)),
    ):
        out.append(f"| {label(key, lang)} | {_cell(value)} |")
    out.append("")
    out += [f"> ⚠ {_cell(w.render(lang))}" for w in r.warnings]  # expired document, stale data: first
    out += [f"> {_cell(shown_assumption(a, lang))}" for a in r.assumed]  # facts nobody gave
    if r.warnings or r.assumed:
        out.append("")

    eligible = [m for m in r.measures if m.status == "eligible"]
    out += [f"## {label('notice_qualifies', lang)}", ""]
    out += _qualifying(eligible, lang) if eligible else [label("notice_none", lang)]
    out += ["", f"**{label('totals', lang)}**", ""]
    for k, v in r.totals.items():
        low = r.totals_min.get(k.replace("_yuan", "_min_yuan"))
        out.append(f"- {name(TOTAL_NAMES, k, lang)}{colon}{yuan(v) if low is None else f'{yuan(low)}–{yuan(v)}'}")
    out += ["", label("notice_visit", lang), ""]

    excluded = [m for m in r.measures if m.status == "excluded"]
    if excluded:
        out += [f"## {label('notice_excluded', lang)}", ""]
        out += [f"- {name(MEASURE_NAMES, m.id, lang)}{colon}{m.notes[-1].render(lang)}" for m in excluded if m.notes]
        out.append("")

    pending = [m for m in r.measures if m.status == "needs_info"]
    out += [f"## {label('notice_pending', lang)}", ""]
    if not pending:
        out.append(label("notice_none", lang))
    for m in pending:
        asks = "; " if en else "；"
        asks = asks.join(c.text.render(lang) for c in m.checks if c.ok is None)
        fields = ", ".join(f"`{f}`" for f in m.missing)
        head = name(MEASURE_NAMES, m.id, lang) + (cite(m.clause, lang) if m.clause else "")
        out.append(f"- {head}{colon}{asks}（{fields}）" if not en else f"- {head}{colon}{asks} ({fields})")
    out.append("")

    lapsed = [m for m in r.measures if m.status == "not_in_force"]
    if lapsed:
        names = (", " if en else "、").join(name(MEASURE_NAMES, m.id, lang) for m in lapsed)
        why = lapsed[0].notes[0].render(lang) if lapsed[0].notes else ""
        out += [f"> {name(STATUS_NAMES, 'not_in_force', lang)}{colon}{names}{colon if why else ''}{why}", ""]

    if r.entitlements:
        out += [f"## {label('entitlements', lang)}", ""]
        out += [f"- {(e.name_en if en else e.name)}{cite(e.clause, lang)}" for e in r.entitlements]
        out.append("")

    if stamp:
        out += [f"## {label('notice_audit', lang)}", ""]
        out.append(f"- {label('version', lang)}{colon}flexcalc {stamp['flexcalc_version']}")
        out.append(f"- {label('data_sha256', lang)}{colon}`{stamp['data_sha256']}`")
        out.append(f"- {label('as_of', lang)}{colon}{stamp['as_of']}")
        out.append("")
    return "\n".join(out)
