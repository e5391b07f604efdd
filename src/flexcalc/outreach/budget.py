"""The budget: summary.json (the issue's keys, exactly) and the terminal table, by city and measure."""

from __future__ import annotations

from decimal import Decimal

from flexcalc.catalogue import MEASURE_IDS, MEASURE_SHORT, TOTAL_SHORT, name
from flexcalc.text import shown


def summary(c, stamp: dict, records: int, errors: int, city_order: list[str]) -> dict:
    """{as_of, data_sha256, records, errors, cities: {CITY: {people, measures: {MEASURE: {ready,
    floor, one_step, needs_info, eligible, amount_yuan, ceiling_yuan}}}}}; a ceiling is null where
    some person's has no cap in the rule (or too many facts are missing to bound it)."""
    cities: dict = {}
    for cid in sorted(c.people, key=lambda x: (city_order.index(x) if x in city_order else len(city_order), x)):
        measures = {}
        for mid in MEASURE_IDS:
            b = c.budget.get((cid, mid))
            if b is None:
                continue
            ready, floor, one_step, needs_info, eligible, amount, ceiling, uncapped = b
            measures[mid] = {
                "ready": ready,
                "floor": floor,
                "one_step": one_step,
                "needs_info": needs_info,
                "eligible": eligible,
                "amount_yuan": _round(amount),
                "ceiling_yuan": None if uncapped else _round(ceiling),
            }
        cities[cid] = {"people": c.people[cid][0], "measures": measures}
    return {
        "as_of": stamp["as_of"],
        "data_sha256": stamp["data_sha256"],
        "records": records,
        "errors": errors,
        "cities": cities,
    }


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def dumps(obj, indent: int = 0) -> str:
    """JSON text with Decimal amounts written exactly as their digits (no float on the way)."""
    import json

    pad = "  " * (indent + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {dumps(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(obj, (list, tuple)):
        if not obj:
            return "[]"
        return "[\n" + ",\n".join(pad + dumps(v, indent + 1) for v in obj) + "\n" + "  " * indent + "]"
    if isinstance(obj, Decimal):
        return format(obj, "f")
    return json.dumps(obj, ensure_ascii=False)


HEAD = {
    "zh": ("措施", "可直接", "金额可增", "差一步", "金额合计（元）", "最高（元）"),
    "en": ("measure", "ready", "floor", "one step", "amount (yuan)", "ceiling (yuan)"),
}


def table(c, doc: dict, lang: str, data):
    """Per city: people ready / floor / one step and the money per measure, then the totals kept
    apart (cash, tax relief, loan limits), then the registry columns worth adding first."""
    from rich import box
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text

    en = lang == "en"
    sha = doc["data_sha256"][:12]
    intro = (
        f"as of {doc['as_of']} · data {sha}… · {doc['records']:,} records read, {doc['errors']:,} in error"
        if en
        else f"评估日 {doc['as_of']} · 数据 {sha}… · 读取 {doc['records']:,} 条，有误 {doc['errors']:,} 条"
    )
    parts: list[RenderableType] = []
    for cid, city in doc["cities"].items():
        people = c.people[cid]
        known = data.cities.get(cid)
        title = shown((known.name_en if en else known.name) if known else cid)
        head = (
            f"{title} ({cid}): {city['people']:,} {'person' if city['people'] == 1 else 'people'}, "
            f"{people[4]:,} with a notice"
            if en
            else f"{title}（{cid}）：{city['people']:,} 人，其中 {people[4]:,} 人有告知单"
        )
        tab = Table(*HEAD[lang], box=box.SIMPLE_HEAD, pad_edge=False, title=head, title_justify="left")
        for i in range(1, 6):
            tab.columns[i].justify = "right"
            tab.columns[i].no_wrap = True
        tab.columns[0].overflow = "fold"
        for mid, m in city["measures"].items():
            if not (m["ready"] or m["floor"] or m["one_step"]):
                continue
            ceiling = m["ceiling_yuan"]
            tab.add_row(
                name(MEASURE_SHORT, mid, lang),
                f"{m['ready']:,}",
                f"{m['floor']:,}",
                f"{m['one_step']:,}",
                _yuan(m["amount_yuan"]),
                ("no cap" if en else "无上限") if ceiling is None else _yuan(ceiling),
            )
        tab.add_section()
        for key, value in zip(TOTAL_SHORT, people[1:4], strict=True):
            tab.add_row(name(TOTAL_SHORT, key, lang), "", "", "", _yuan(value), "")
        parts += [tab, Text("")]
    top = top_missing(c, 8)
    if top:
        tab = Table(
            "missing field" if en else "缺少的字段",
            "people waiting" if en else "待补充人数",
            "it alone settles" if en else "补此一项即可",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            title="registry columns to add first" if en else "建议优先补充的登记字段",
            title_justify="left",
        )
        for i in (1, 2):
            tab.columns[i].justify = "right"
        for path, (waiting, settles) in top:
            tab.add_row(shown(path), f"{waiting:,}", f"{settles:,}")
        parts.append(tab)
    parts.append(Text(intro))  # last: a sample of the table's head stays the same when the data changes
    return Group(*parts)


def top_missing(c, n: int) -> list[tuple[str, list[int]]]:
    """The missing facts that would settle the most people alone, then the most waiting on them."""
    return sorted(c.missing.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))[:n]


def _yuan(amount) -> str:
    return f"{amount:,.2f}" if amount else "—"
