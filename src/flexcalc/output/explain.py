"""The explain view: every condition of every measure with ✓/✗/?, the formula, clause and department."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from flexcalc.catalogue import clause_words, label
from flexcalc.models.result import MeasureResult, Result
from flexcalc.output.serialise import MARK
from flexcalc.output.table import (
    entitlements_list,
    header,
    header_row,
    measure_line,
    paid_to,
    totals_line,
    totals_table,
)
from flexcalc.screen import emit

MARK_STYLE = {True: "green", False: "red", None: "yellow"}


def measure_trace(m: MeasureResult, lang: str) -> RenderableType:
    """The conditions (mark, text), then the working (label, text) of one measure."""
    conditions = Table.grid(padding=(0, 1))
    conditions.add_column(no_wrap=True)
    conditions.add_column(overflow="fold")
    for c in m.checks:
        text = Text(c.text.render(lang))
        if c.missing:
            colon = ": " if lang == "en" else "："
            text.append(f"  [{label('missing', lang)}{colon}{', '.join(c.missing)}]", style="yellow")
        conditions.add_row(Text(MARK[c.ok], style=MARK_STYLE[c.ok]), text)
    working = Table.grid(padding=(0, 1))
    working.add_column(no_wrap=True, style="dim")
    working.add_column(overflow="fold")
    if m.formula is not None and m.status in ("eligible", "excluded"):
        working.add_row(label("formula", lang), Text(m.formula.render(lang), style="bold"))
    for n in m.notes:
        working.add_row(label("notes", lang), Text(n.render(lang), style="dim"))
    if m.status != "not_offered":
        if m.beneficiary != "person":
            working.add_row(label("paid_to", lang), paid_to(m, lang))
        if m.clause:
            working.add_row(label("clause_short", lang), clause_words(m.clause, lang))
        if m.department:
            working.add_row(label("apply", lang), m.words("department", lang))
    return Group(conditions, working) if m.checks else working


def explain_view(r: Result, lang: str = "zh") -> Group:
    """Header, then each measure's line and its full trace, then totals and entitlements."""
    parts: list[RenderableType] = [header(r, lang), totals_line(r, lang), header_row(lang)]
    for m in r.measures:
        parts += [measure_line(m, lang, bold=True), Padding(measure_trace(m, lang), (0, 0, 1, 2))]
    parts.append(totals_table(r, lang))
    if r.entitlements:
        parts += [Text(""), entitlements_list(r, lang)]
    return Group(*parts)


def print_explain(r: Result, lang: str, console: Console | None = None) -> None:
    emit(explain_view(r, lang), console)
