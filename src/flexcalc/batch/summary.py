"""The end-of-run summary: records, valid, invalid, and who qualifies for what, by city and measure."""

from __future__ import annotations

from flexcalc.batch.runner import Outcome
from flexcalc.catalogue import MEASURE_IDS, MEASURE_NAMES, name


def line(o: Outcome) -> str:
    """One line: records, valid, invalid, blank lines, elapsed time and throughput."""
    t = o.tally
    rate = t.records / o.elapsed if o.elapsed > 0 else 0.0
    blank = f"; {o.blank} blank line{'s' if o.blank != 1 else ''} skipped" if o.blank else ""
    return (
        f"flexcalc batch: {t.records} record{'s' if t.records != 1 else ''} "
        f"({t.records - t.invalid} valid, {t.invalid} invalid{blank}) "
        f"in {o.elapsed:.2f} s, {rate:,.0f} profiles/s"
    )


def interrupted(o: Outcome) -> str:
    return (
        f"flexcalc batch: interrupted — {o.tally.records} records written, through input line {o.last_line}; "
        f"the output holds whole records only (rerun the input after line {o.last_line} to finish)."
    )


def table(o: Outcome, lang: str, data):
    """A rich table by city and measure: eligible people and the amounts they qualify for."""
    from rich.table import Table

    en = lang == "en"
    t = o.tally
    tab = Table(
        "城市" if not en else "city",
        "措施" if not en else "measure",
        "符合人数" if not en else "eligible",
        "占比" if not en else "share",
        "金额合计（元）" if not en else "amount (yuan)",
        title=line(o),
        title_justify="left",
    )
    for col in (2, 3, 4):
        tab.columns[col].justify = "right"
    for cid, (records, cash, tax, loan) in sorted(t.by_city.items()):
        city = data.cities[cid]
        label = f"{city.name_en if en else city.name} ({cid})"
        first = True
        for mid in MEASURE_IDS:
            count, amount = t.eligible.get((cid, mid), (0, 0))
            if not count:
                continue
            tab.add_row(
                label if first else "",
                name(MEASURE_NAMES, mid, lang),
                f"{count:,}",
                f"{count / records:.1%}",
                f"{amount:,.2f}",
            )
            first = False
        totals = "records {r:,}: cash {c:,.2f} · tax relief {x:,.2f} · loan limit {l:,.2f}"
        if not en:
            totals = "共 {r:,} 人：现金 {c:,.2f} · 税费减免 {x:,.2f} · 贷款额度 {l:,.2f}"
        tab.add_row(
            label if first else "", totals.format(r=records, c=cash, x=tax, l=loan), "", "", "", end_section=True
        )
    return tab
