"""The compare table: measures as rows, cities as columns, totals at the bottom. Computes nothing."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from flexcalc.assume import shown_assumption
from flexcalc.catalogue import MEASURE_IDS, MEASURE_SHORT, STATUS_NAMES, TOTAL_SHORT, label, name
from flexcalc.models.result import Result
from flexcalc.output.table import STATUS_STYLE
from flexcalc.screen import Packed, emit
from flexcalc.text import yuan

GAP = 2  # the divider and one space between columns

# One line a cell: an amount means eligible; a symbol for every other status (the legend says which).
SYMBOLS = {"ineligible": "✗", "needs_info": "?", "not_in_force": "⊘", "not_offered": "—"}


def _cell(r: Result, mid: str, lang: str) -> Text:
    """An amount (a range on one line), ✓ for eligible with no figure, (…) when not combinable."""
    m = next(x for x in r.measures if x.id == mid)
    style = STATUS_STYLE[m.status]
    if m.status in SYMBOLS:
        return Text(SYMBOLS[m.status], style=style)
    if m.amount is None:
        text = "✓"
    elif m.amount_min is not None and m.amount_min != m.amount:  # a range the tax due collapsed is one sum
        text = f"{yuan(m.amount_min)}–{yuan(m.amount)}"  # one line: a range is never wrapped
    else:
        text = yuan(m.amount)
    return Text(f"({text})" if m.status == "excluded" else text, style=style)


def _row_label(r: Result, mid: str, lang: str) -> str:
    """A measure's short name; `*` when it is paid to someone else (the legend says who)."""
    m = next(x for x in r.measures if x.id == mid)
    return name(MEASURE_SHORT, mid, lang) + ("*" if m.beneficiary != "person" else "")


def legend(lang: str) -> Packed:
    """What the symbols of the cells mean, in the statuses' own words."""
    zh = lang == "zh"
    items = [
        ("1,000.00", "符合，金额（元）" if zh else "eligible, amount in yuan"),
        ("✓", "符合，文件未定金额（按规定）" if zh else "eligible, no figure in the document"),
        ("(…)", "不可兼得，未计入合计" if zh else "not combinable, left out of the totals"),
    ]
    items += [(sym, name(STATUS_NAMES, status, lang)) for status, sym in SYMBOLS.items()]
    items.append(
        ("*", "发给平台企业或用人单位，不计入现金合计" if zh else "paid to the platform or the employer, not in cash")
    )
    return Packed([f"{sym} {words}" for sym, words in items], style="dim")


def _width(cells: list[Text], head: str) -> int:
    return max(cell_len(head), *(cell_len(line) for c in cells for line in c.plain.split("\n")))


def _page(results: list[Result], lang: str, label_w: int, widths: list[int]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 0, 0, GAP - 1))
    table.add_column(label("measure", lang), width=label_w, no_wrap=True)
    for r, w in zip(results, widths, strict=True):
        table.add_column(r.city_name_en if lang == "en" else r.city_name, justify="right", width=w, no_wrap=True)
    for mid in MEASURE_IDS:
        table.add_row(_row_label(results[0], mid, lang), *(_cell(r, mid, lang) for r in results))
    table.add_section()
    for key in results[0].totals:
        table.add_row(
            Text(name(TOTAL_SHORT, key, lang), style="bold"),
            *(Text(yuan(r.totals[key]), style="bold") for r in results),
        )
    return table


class Pages:
    """The measures × cities table, cut into pages of as many city columns as the width holds."""

    def __init__(self, results: list[Result], lang: str):
        self.results, self.lang = results, lang

    def __rich_console__(self, console, options):
        lang, results = self.lang, self.results
        rows = [_row_label(results[0], m, lang) for m in MEASURE_IDS] + [
            name(TOTAL_SHORT, k, lang) for k in TOTAL_SHORT
        ]
        label_w = max(cell_len(label("measure", lang)), *(cell_len(x) for x in rows))
        widths = []
        for r in results:
            cells = [_cell(r, mid, lang) for mid in MEASURE_IDS] + [Text(yuan(v)) for v in r.totals.values()]
            widths.append(_width(cells, r.city_name_en if lang == "en" else r.city_name))
        page: list[int] = []
        used = label_w
        for i, w in enumerate(widths):
            if page and used + GAP + w > options.max_width:
                yield _page([results[j] for j in page], lang, label_w, [widths[j] for j in page])
                yield Text("")
                page, used = [], label_w
            page.append(i)
            used += GAP + w
        yield _page([results[j] for j in page], lang, label_w, [widths[j] for j in page])


def compare_table(results: list[Result], lang: str = "zh") -> Group:
    """One column per city (pages of them when they do not fit); cash, tax and loan totals last."""
    first = results[0]
    who = " ".join(x for x in (first.profile_id, first.profile_name) if x) or "—"
    head = Text.assemble(
        (label("cities", lang), "bold"), f"  {label('as_of', lang)} {first.as_of}  {label('profile', lang)} {who}"
    )
    for a in first.assumed:  # the same facts are assumed for every city
        head.append("\n" + shown_assumption(a, lang), style="bold yellow")
    docs = Table.grid(padding=(0, 1))
    docs.add_column(no_wrap=True, style="dim")
    docs.add_column(overflow="fold", style="dim")
    for r in results:
        docs.add_row(r.city_name_en if lang == "en" else r.city_name, r.measures[0].words("document", lang))
        for w in r.warnings:  # an expired document or stale data, under the city it concerns
            docs.add_row("", Text("⚠ " + w.render(lang), style="bold red"))
    return Group(head, Text(""), Pages(results, lang), Text(""), legend(lang), Text(""), docs)


def print_compare(results: list[Result], lang: str, console: Console | None = None) -> None:
    emit(compare_table(results, lang), console)
