"""The compare table: measures as rows, cities as columns, totals at the bottom. Computes nothing."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from flexcalc.catalogue import MEASURE_IDS, MEASURE_SHORT, STATUS_NAMES, TOTAL_SHORT, label, name
from flexcalc.models.result import Result
from flexcalc.render import STATUS_STYLE, amount_text
from flexcalc.text import yuan

AMOUNT_WIDTH = 10  # 150,000.00


def _cell(r: Result, mid: str, lang: str) -> Text:
    m = next(x for x in r.measures if x.id == mid)
    style = STATUS_STYLE[m.status]
    if m.status == "not_offered":
        return Text("—", style="dim")
    amount = amount_text(m, lang)
    status = Text(name(STATUS_NAMES, m.status, lang), style=style)
    return Text.assemble(amount, "\n", status) if amount else status


def compare_table(results: list[Result], lang: str = "zh") -> Group:
    """One column per city; each cell the amount over the status; cash, tax and loan totals last."""
    first = results[0]
    who = " ".join(x for x in (first.profile_id, first.profile_name) if x) or "—"
    head = Text.assemble(
        (label("cities", lang), "bold"), f"  {label('as_of', lang)} {first.as_of}  {label('profile', lang)} {who}"
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True)
    table.add_column(label("measure", lang), overflow="fold", ratio=1)
    for r in results:
        city = r.city_name_en if lang == "en" else r.city_name
        table.add_column(city, justify="right", width=max(AMOUNT_WIDTH, cell_len(city)))
    for mid in MEASURE_IDS:
        table.add_row(name(MEASURE_SHORT, mid, lang), *(_cell(r, mid, lang) for r in results))
    table.add_section()
    for key in first.totals:
        table.add_row(
            Text(name(TOTAL_SHORT, key, lang), style="bold"),
            *(Text(yuan(r.totals[key]), style="bold") for r in results),
        )
    docs = Table.grid(padding=(0, 1))
    docs.add_column(no_wrap=True, style="dim")
    docs.add_column(overflow="fold", style="dim")
    for r in results:
        docs.add_row(r.city_name_en if lang == "en" else r.city_name, r.measures[0].document)
    return Group(head, Text(""), table, Text(""), docs)


def print_compare(results: list[Result], lang: str, console: Console | None = None) -> None:
    (console or Console()).print(compare_table(results, lang))
