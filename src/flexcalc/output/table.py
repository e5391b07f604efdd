"""Rich tables for people. Renders what the pipeline decided; computes nothing."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from flexcalc.assume import shown_assumption
from flexcalc.catalogue import (
    BENEFICIARY_NAMES,
    MEASURE_NAMES,
    STATUS_NAMES,
    TOTAL_NAMES,
    TOTAL_SHORT,
    clause_words,
    label,
    name,
)
from flexcalc.models.result import MeasureResult, Result
from flexcalc.output.serialise import decisive
from flexcalc.screen import Packed, emit, hanging
from flexcalc.text import yuan

STATUS_STYLE = {
    "eligible": "bold green",
    "ineligible": "red",
    "needs_info": "yellow",
    "not_in_force": "magenta",
    "not_offered": "dim",
    "excluded": "cyan",
}


def amount_text(m: MeasureResult, lang: str) -> str:
    """The amount as printed: 10,950.00, a range lo–hi, a floor ≥ 10,000.00, 按规定 when no figure."""
    if m.amount is not None:
        if m.amount_min is not None and m.amount_min != m.amount:  # a range the tax due collapsed is one sum
            return f"{yuan(m.amount_min)}–\n{yuan(m.amount)}"
        return f"≥ {yuan(m.amount)}" if m.amount_is_floor else yuan(m.amount)
    return label("no_figure", lang) if m.status == "eligible" else ""


def cite(clause: str, lang: str) -> str:
    """A clause reference after a text: （第5条）, （三（四））, （四） as printed; (clause 5) in English."""
    if lang == "en":
        return f" (clause {clause_words(clause, lang)})"
    if clause.startswith("（"):
        return clause
    if clause.replace("、", "").isdigit():
        return f"（第{clause}条）"
    return f"（{clause}）"


def status_text(status: str, lang: str) -> Text:
    return Text(name(STATUS_NAMES, status, lang), style=STATUS_STYLE[status])


def header(r: Result, lang: str) -> Text:
    """City, as-of date, person, and the document the answer rests on."""
    city = r.city_name_en if lang == "en" else r.city_name
    who = " ".join(x for x in (r.profile_id, r.profile_name) if x) or "—"
    doc = r.measures[0].words("document", lang)
    text = Text.assemble(
        (city, "bold"),
        f"  {label('as_of', lang)} {r.as_of}  {label('profile', lang)} {who}\n",
        (doc or "", "dim"),
    )
    for w in r.warnings:  # an expired document, data reviewed long ago: before any figure
        text.append("\n⚠ " + w.render(lang), style="bold red")
    for a in r.assumed:  # a fact nobody gave: said where a person looks first
        text.append("\n" + shown_assumption(a, lang), style="bold yellow")
    return text


def totals_table(r: Result, lang: str) -> Table:
    totals = Table(box=None, show_header=False, pad_edge=False)
    totals.add_column(justify="left")
    totals.add_column(justify="right", style="bold")
    for key, value in r.totals.items():
        low = r.totals_min.get(key.replace("_yuan", "_min_yuan"))
        totals.add_row(
            name(TOTAL_NAMES, key, lang), yuan(value) if low in (None, value) else f"{yuan(low)}–{yuan(value)}"
        )
    return totals


def entitlements_list(r: Result, lang: str) -> Group:
    """The non-cash rights, one bullet each, wrapped under their own text."""
    items = Table.grid(padding=(0, 1))
    items.add_column(width=1)
    items.add_column(overflow="fold")
    for e in r.entitlements:
        items.add_row("•", (e.name_en if lang == "en" else e.name) + cite(e.clause, lang))
    return Group(Text(label("entitlements", lang), style="bold"), items)


# Fixed widths of the status, amount and clause columns; the measure name takes what is left.
# The clause column holds the longest clause of the data (三（八）, 3(8)); at 80 columns the name
# column then holds every measure's name on one line (43 cells in English), so a name never wraps
# into what reads as a reason line.
WIDTHS = {"zh": (10, 12, 8), "en": (12, 13, 6)}  # amounts: "≥ 150,000.00" for floors
GAPS = 6  # padding and divider between each of the four columns


class Fit:
    """A renderable built at print time for the width it is given (the name column, hanging indents)."""

    def __init__(self, build):
        self.build = build

    def __rich_console__(self, console, options):
        yield self.build(options.max_width)


def _name_width(lang: str, width: int) -> int:
    return max(width - sum(WIDTHS[lang]) - GAPS, 12)


def columns(lang: str, head: bool = False, width: int = 80) -> Table:
    """A measure's line (or the header): the same fixed columns in every block, so they align."""
    status_w, amount_w, clause_w = WIDTHS[lang]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, show_header=head, padding=(0, 1, 0, 0))
    table.add_column(label("measure", lang), width=_name_width(lang, width), overflow="fold")
    table.add_column(label("status", lang), width=status_w, no_wrap=True)
    table.add_column(label("amount", lang), justify="right", width=amount_w, no_wrap=True)
    table.add_column(label("clause", lang), width=clause_w, overflow="fold")
    return table


def header_row(lang: str) -> Fit:
    """The column heads and the rule under them."""
    return Fit(lambda width: columns(lang, head=True, width=width))


def measure_line(m: MeasureResult, lang: str, bold: bool = False) -> Fit:
    """One measure: name (wrapped under itself, never back to column 0), status, amount, clause."""
    style = "bold" if bold or m.status == "eligible" else ""

    def build(width: int) -> Table:
        line = columns(lang, width=width)
        title = hanging(Text(name(MEASURE_NAMES, m.id, lang), style=style), _name_width(lang, width))
        line.add_row(title, status_text(m.status, lang), amount_text(m, lang), clause_words(m.clause, lang) or "—")
        return line

    return Fit(build)


def indented(text: str, style: str = "dim", indent: int = 2, hang: int = 2) -> Fit:
    """A line under a measure, indented; its continuation lines indented further."""
    return Fit(lambda width: Padding(hanging(Text(text, style=style), width - indent, hang), (0, 0, 0, indent)))


def totals_line(r: Result, lang: str) -> Packed:
    """The totals on one line, under the header, where a person looks first."""
    unit = " 元" if lang == "zh" else " yuan"
    parts = []
    for key, value in r.totals.items():
        low = r.totals_min.get(key.replace("_yuan", "_min_yuan"))
        shown = yuan(value) if low in (None, value) else f"{yuan(low)}–{yuan(value)}"
        parts.append(f"{name(TOTAL_SHORT, key, lang)} {shown}{unit}")
    return Packed(parts, sep="  ·  ", style="bold")


# Where the person can act (apply, or bring the missing facts), the table says which office.
ACTIONABLE = frozenset({"eligible", "needs_info", "excluded"})


def paid_to(m: MeasureResult, lang: str) -> str:
    """Who receives a payment that is not the person's, and that it is not in their cash total."""
    who = name(BENEFICIARY_NAMES, m.beneficiary, lang)
    if lang == "en":
        return f"paid to {who}: not in the cash to the person"
    return f"发给{who}，不计入本人现金合计"


def result_table(r: Result, lang: str = "zh") -> Group:
    """The check result: a header and the totals, each measure with its decisive reason below it,
    the totals again, entitlements.

    The reason gets the full width (a formula fits on one line), so each measure is its own
    small table with fixed column widths rather than a row of one big table."""
    parts: list[RenderableType] = [header(r, lang), totals_line(r, lang), header_row(lang)]
    for m in r.measures:
        parts.append(measure_line(m, lang))
        reason = decisive(m, lang)
        if reason:
            parts.append(indented(reason))
        if m.beneficiary != "person" and m.status in ACTIONABLE:  # why it is not in the cash total
            parts.append(indented(paid_to(m, lang)))
        if m.department and m.status in ACTIONABLE:
            where = label("department", lang) + ("：" if lang == "zh" else ": ") + (m.words("department", lang) or "")
            parts.append(indented(where))
    parts += [Text(""), totals_table(r, lang)]
    if r.entitlements:
        parts += [Text(""), entitlements_list(r, lang)]
    parts.append(Text("\n" + label("explain_hint", lang), style="dim italic"))
    return Group(*parts)


def print_result(r: Result, lang: str, console: Console | None = None) -> None:
    emit(result_table(r, lang), console)
