"""The end-of-run summary: records, valid, invalid, and who qualifies for what, by city and measure."""

from __future__ import annotations

from flexcalc.batch.runner import Outcome
from flexcalc.catalogue import MEASURE_IDS, MEASURE_SHORT, TOTAL_SHORT, name
from flexcalc.text import shown


def line(o: Outcome, lang: str = "en", dated: bool = True) -> str:
    """One line: records, valid, invalid, blank lines, the as-of date (when `dated`: the
    default, today, which the command line does not show), elapsed time and throughput."""
    t = o.tally
    rate = t.records / o.elapsed if o.elapsed > 0 else 0.0
    valid = t.records - t.invalid
    if lang == "zh":
        blank = f"，跳过空行 {o.blank:,}" if o.blank else ""
        day = f"评估日 {o.as_of}，" if o.as_of and dated else ""
        return (
            f"flexcalc batch：{day}共 {t.records:,} 条记录（有效 {valid:,}，无效 {t.invalid:,}{blank}），"
            f"用时 {o.elapsed:.2f} 秒，每秒 {rate:,.0f} 条"
        )
    blank = f"; {o.blank:,} blank line{'s' if o.blank != 1 else ''} skipped" if o.blank else ""
    day = f" as of {o.as_of}," if o.as_of and dated else ""
    return (
        f"flexcalc batch: {t.records:,} record{'s' if t.records != 1 else ''} "
        f"({valid:,} valid, {t.invalid:,} invalid{blank}){day} "
        f"in {o.elapsed:.2f} s, {rate:,.0f} profiles/s"
    )


def documents(o: Outcome, data, lang: str) -> list[str]:
    """Per city of the run, what its document says at the as-of date that a person must see
    first (lapsed, or its data not reviewed for too long): "Xining xining (147 records): …"."""
    from flexcalc.review import document_warnings

    out: list[str] = []
    if o.as_of is None:
        return out
    for cid, (records, *_) in sorted(o.tally.by_city.items()):
        city = data.cities[cid]
        label = shown(city.name_en if lang == "en" else city.name)
        count = f"{records:,} record{'s' if records != 1 else ''}" if lang == "en" else f"{records:,} 条记录"
        for words in document_warnings(city.document, o.as_of):
            sep = ": " if lang == "en" else "："
            out.append(f"{label} {cid} ({count}){sep}{words.render(lang)}")
    return out


def document(o: Outcome, data, stamp: dict, lang: str) -> dict:
    """The summary as data (`--summary FILE.json`, `--summary-only --format jsonl`): the counts and
    sums of the table, each city's document warnings, the missing fields, the audit stamp."""
    from decimal import Decimal

    from flexcalc.review import document_warnings

    def yuan(value) -> Decimal:
        return Decimal(value).quantize(Decimal("0.01"))

    t = o.tally
    cities = {}
    for cid, (records, cash, tax, loan) in sorted(t.by_city.items()):
        measures = {}
        for mid in MEASURE_IDS:
            count, amount = t.eligible.get((cid, mid), (0, 0))
            waiting = t.waiting.get((cid, mid), 0)
            if count or waiting:
                measures[mid] = {"eligible": count, "amount_yuan": yuan(amount), "needs_info": waiting}
        warnings = document_warnings(data.cities[cid].document, o.as_of) if o.as_of else []
        cities[cid] = {
            "records": records,
            "warnings": [w.render(lang) for w in warnings],
            "measures": measures,
            "totals": dict(zip(TOTAL_SHORT, (yuan(cash), yuan(tax), yuan(loan)), strict=True)),
        }
    return {
        "schema": "flexcalc.batch-summary/1",
        "as_of": o.as_of.isoformat() if o.as_of else None,
        "records": t.records,
        "valid": t.records - t.invalid,
        "invalid": t.invalid,
        "blank_lines": o.blank,
        "complete": not o.interrupted,
        "last_line": o.last_line,
        "cities": cities,
        "missing": dict(sorted(t.missing.items(), key=lambda kv: (-kv[1], kv[0]))),
        "audit": stamp,
    }


def dumps(doc, pretty: bool = True) -> bytes:
    """The summary document as JSON text (one line unless `pretty`), amounts written exactly."""
    return (_json(doc, 0 if pretty else None) + "\n").encode("utf-8")


def _json(obj, indent: int | None) -> str:
    import json
    from decimal import Decimal

    if isinstance(obj, Decimal):
        return str(obj)  # its digits: no float on the way
    if not isinstance(obj, (dict, list)) or not obj:
        return json.dumps(obj, ensure_ascii=False)
    inner = None if indent is None else indent + 1
    pad, end, sep = ("", "", ",") if indent is None else ("\n" + "  " * (indent + 1), "\n" + "  " * indent, ",")
    if isinstance(obj, dict):
        items = [
            f"{pad}{json.dumps(str(k), ensure_ascii=False)}:{'' if indent is None else ' '}{_json(v, inner)}"
            for k, v in obj.items()
        ]
        return "{" + sep.join(items) + end + "}"
    return "[" + sep.join(pad + _json(v, inner) for v in obj) + end + "]"


def rows(o: Outcome, data, lang: str) -> list[list[str]]:
    """The summary as CSV rows (`--summary-only --format csv`): one per city and measure, and
    one per city and total (measure `cash_yuan`, `tax_relief_yuan`, `loan_limit_yuan`)."""
    doc = document(o, data, {}, lang)
    out = [["city", "records", "measure", "eligible", "share", "amount_yuan", "needs_info", "warnings"]]
    for cid, c in doc["cities"].items():
        warn = " | ".join(c["warnings"])
        for mid, m in c["measures"].items():
            share = f"{m['eligible'] / c['records']:.4f}"
            out.append(
                [
                    cid,
                    str(c["records"]),
                    mid,
                    str(m["eligible"]),
                    share,
                    str(m["amount_yuan"]),
                    str(m["needs_info"]),
                    warn,
                ]
            )
        for key, value in c["totals"].items():
            out.append([cid, str(c["records"]), key, "", "", str(value), "", warn])
    return out


def warnings(o: Outcome, src, lang: str) -> list[str]:
    """What a person should check: how the run itself went (no worker processes), and records
    decoded as GB18030."""
    prefix = "flexcalc batch: warning: " if lang == "en" else "flexcalc batch：警告："
    notes = [prefix + note for note in o.notes]
    lines = sorted(src.fallback[:10] + o.tally.fallback_lines)[:10]
    count = len(src.fallback) + o.tally.fallback
    if not count:
        return notes
    shown = ", ".join(map(str, lines)) + (", …" if count > len(lines) else "")
    if lang == "en":
        return notes + [
            f"flexcalc batch: warning: {count} line{'s' if count != 1 else ''} not valid UTF-8 "
            f"{'were' if count != 1 else 'was'} read as GB18030 (line {shown}); check them, or give --encoding"
        ]
    return notes + [
        f"flexcalc batch：警告：{count} 行不是有效的 UTF-8，已按 GB18030 读取（第 {shown} 行）；请核对，或用 --encoding 指定编码"
    ]


def interrupted(o: Outcome, lang: str = "en", output: str | None = None) -> str:
    """Where a run cut short stopped, what `output` (-o) holds now, and how to finish it."""
    n, last = o.tally.records, o.last_line
    where = shown(output) if output not in (None, "-") else None
    if lang == "zh":
        why = f"已停止：{o.failure}" if o.failure else "已中断"
        into = f"（已存入 {where}）" if where else ""
        return (
            f"flexcalc batch：{why} — 已写出 {n:,} 条记录{into}，至输入第 {last} 行；"
            f"输出只含完整记录（从第 {last} 行之后重新运行即可补完）。"
        )
    why = f"stopped: {o.failure}" if o.failure else "interrupted"
    into = f" (kept in {where})" if where else ""
    return (
        f"flexcalc batch: {why} — {n:,} records written{into}, through input line {last}; "
        f"the output holds whole records only (rerun the input after line {last} to finish)."
    )


def table(o: Outcome, lang: str, data):
    """A rich table by city and measure: eligible people and the amounts they qualify for."""
    from rich import box
    from rich.table import Table

    en = lang == "en"
    t = o.tally
    tab = Table(
        "城市" if not en else "city",
        "措施" if not en else "measure",
        "符合人数" if not en else "eligible",
        "占比" if not en else "share",
        "金额合计（元）" if not en else "amount (yuan)",
        "待补充" if not en else "needs info",
        box=box.SIMPLE_HEAD,  # no vertical rules: at 80 columns every measure's name fits on its line
        show_edge=False,
        pad_edge=False,
    )
    for col in (1, 2, 3, 4, 5):  # a measure's name on one line: wrapped, it reads as two measures
        tab.columns[col].justify = "right" if col > 1 else "left"
        tab.columns[col].no_wrap = True
    tab.columns[0].overflow = "fold"  # the city's name wraps under itself, never cut with an ellipsis
    for cid, (records, cash, tax, loan) in sorted(t.by_city.items()):
        city = data.cities[cid]
        label = f"{shown(city.name_en if en else city.name)}\n{cid}\n{records:,} " + (
            ("record" if records == 1 else "records") if en else "人"
        )
        rows = []
        for mid in MEASURE_IDS:
            count, amount = t.eligible.get((cid, mid), (0, 0))
            waiting = t.waiting.get((cid, mid), 0)
            if count or waiting:
                # no figure (按规定) adds nothing: a dash, not a misleading 0.00
                rows.append(
                    (
                        name(MEASURE_SHORT, mid, lang),
                        f"{count:,}",
                        f"{count / records:.1%}",
                        _yuan(amount),
                        f"{waiting / records:.1%}" if waiting else "—",
                    )
                )
        for key, value in zip(TOTAL_SHORT, (cash, tax, loan), strict=True):
            rows.append((name(TOTAL_SHORT, key, lang), "", "", _yuan(value), ""))
        for i, row in enumerate(rows):
            tab.add_row(label if i == 0 else "", *row, end_section=i == len(rows) - 1)
    from rich.console import Group, RenderableType

    from flexcalc.output.table import indented

    day = (f"as of {o.as_of}" if en else f"评估日：{o.as_of}") if o.as_of else ""
    parts: list[RenderableType] = [indented(line(o, lang, dated=False), style="", indent=0)]
    if day:  # (its own line: the report's line stays within 80 columns)
        parts.append(indented(day, style="", indent=0))
    parts.append(tab)
    for words in documents(o, data, lang):  # a lapsed document: why its city shows only "—"
        parts.append(indented("⚠ " + words, style="", indent=2))
    if t.missing:
        parts.append(missing_table(o, lang))
    return Group(*parts)


def missing_table(o: Outcome, lang: str):
    """Per missing field, how many records it left needs_info: the columns worth adding to a registry."""
    from rich.table import Table

    en = lang == "en"
    t = o.tally
    valid = max(t.records - t.invalid, 1)
    tab = Table(
        "缺少的信息（字段）" if not en else "missing field",
        "待补充的人数" if not en else "records left needs_info",
        "占比" if not en else "share",
        title="补充这些字段可减少“待补充”" if not en else "fields that would settle needs_info",
        title_justify="left",
    )
    for col in (1, 2):
        tab.columns[col].justify = "right"
        tab.columns[col].no_wrap = True
    tab.columns[0].overflow = "fold"
    for path, count in sorted(t.missing.items(), key=lambda kv: (-kv[1], kv[0])):
        tab.add_row(shown(path), f"{count:,}", f"{count / valid:.1%}")
    return tab


def _yuan(amount) -> str:
    return f"{amount:,.2f}" if amount else "—"
