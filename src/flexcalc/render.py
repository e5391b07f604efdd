"""Rich tables for people. Renders what the pipeline decided; computes nothing."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from flexcalc.catalogue import KIND_NAMES, MEASURE_NAMES, STATUS_NAMES, TOTAL_NAMES, name
from flexcalc.models.result import Result
from flexcalc.serialize import reasons
from flexcalc.text import yuan

STATUS_STYLE = {
    "eligible": "bold green",
    "ineligible": "red",
    "needs_info": "yellow",
    "not_in_force": "magenta",
    "not_offered": "dim",
    "excluded": "cyan",
}

LABELS = {
    "measure": ("措施", "Measure"),
    "status": ("状态", "Status"),
    "amount": ("金额（元）", "Amount (yuan)"),
    "clause": ("条款", "Clause"),
    "detail": ("说明 / 办理部门", "Why / where to apply"),
    "as_of": ("评估日", "as of"),
    "profile": ("人员", "person"),
    "no_figure": ("按规定", "as prescribed"),
    "entitlements": ("其他支持（非现金）", "Other support (non-cash)"),
    "department": ("办理：", "Apply at: "),
    "missing": ("待补充：", "Missing: "),
}


def label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return en if lang == "en" else zh


def result_table(r: Result, lang: str = "zh") -> Group:
    """The check result as a header, a table of measures, totals and entitlements."""
    city = r.city_name_en if lang == "en" else r.city_name
    who = r.profile_id or r.profile_name or "—"
    doc = r.measures[0].document
    head = Text.assemble(
        (f"{city}", "bold"), f"  {label('as_of', lang)} {r.as_of}  {label('profile', lang)} {who}\n", (doc, "dim")
    )
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=True, pad_edge=False)
    table.add_column(label("measure", lang), ratio=3, overflow="fold")
    table.add_column(label("status", lang), ratio=2, no_wrap=False)
    table.add_column(label("amount", lang), justify="right", ratio=2, overflow="fold")
    table.add_column(label("clause", lang), ratio=1, overflow="fold")
    table.add_column(label("detail", lang), ratio=6, overflow="fold")
    for m in r.measures:
        amount = ""
        if m.amount is not None:
            amount = yuan(m.amount)
            if m.amount_min is not None:
                amount = f"{yuan(m.amount_min)}–{amount}"
        elif m.status == "eligible":
            amount = label("no_figure", lang)
        detail = "\n".join(reasons(m, lang))
        if m.missing:
            detail += "\n" + label("missing", lang) + ", ".join(m.missing)
        if m.department and m.status in ("eligible", "needs_info", "excluded"):
            detail += "\n" + label("department", lang) + m.department
        table.add_row(
            name(MEASURE_NAMES, m.id, lang),
            Text(name(STATUS_NAMES, m.status, lang), style=STATUS_STYLE[m.status]),
            amount,
            m.clause or "—",
            detail,
        )
    totals = Table(box=None, show_header=False, pad_edge=False)
    totals.add_column(justify="left")
    totals.add_column(justify="right", style="bold")
    for key, value in r.totals.items():
        totals.add_row(name(TOTAL_NAMES, key, lang), yuan(value))
    parts = [head, table, totals]
    if r.entitlements:
        ent = Text(label("entitlements", lang) + "\n", style="bold")
        for e in r.entitlements:
            ent.append(f"• {e.name_en if lang == 'en' else e.name}（{e.clause}）\n", style="")
        parts.append(ent)
    return Group(*parts)


def print_result(r: Result, lang: str, console: Console | None = None) -> None:
    (console or Console()).print(result_table(r, lang))


__all__ = ["result_table", "print_result", "KIND_NAMES"]
