"""`flexcalc cities`: the cities the loaded data covers, with their documents."""

from __future__ import annotations

from pathlib import Path

import typer

from flexcalc.cli.common import (
    DataOption,
    Lang,
    LangOption,
    View,
    ViewOption,
    console,
    deprecated,
    echo,
    exit_codes,
    load_data,
)
from flexcalc.cli.help import Example, describe, h


def validity(start: str | None, end: str | None, lang: str) -> str:
    """A document's validity in words: always in force, from a date, or a date range."""
    zh = lang == "zh"
    if start and end:
        return f"{start} 至 {end}" if zh else f"{start} to {end}"
    if start:
        return f"自 {start} 起" if zh else f"from {start}"
    if end:
        return f"至 {end} 止" if zh else f"until {end}"
    return "文件未载明日期：一直有效" if zh else "no dates in the text: always in force"


@describe(
    "cities",
    zh="列出数据中的城市及其政策文件（城市与文件）。",
    examples=[
        Example("flexcalc cities", "Ids, names, documents and their validity:", "城市 id、名称、文件及有效期："),
        Example("flexcalc cities --format json", "The same for programs:", "同样的内容，供程序读取："),
    ],
    exits=(0, 2, 4, 141),
)
def cities(
    fmt: View = ViewOption,
    as_json: bool = typer.Option(
        False, "--json", hidden=True, help=h("Deprecated: --format json.", "已过时：请用 --format json。")
    ),
    lang: Lang = LangOption,
    data: Path | None = DataOption,
) -> None:
    """List the cities and their policy documents."""
    with exit_codes(lang):
        if as_json:
            deprecated("--json", "--format json", lang)
            fmt = View.json
        loaded = load_data(data)
        rows = []
        for cid, c in loaded.data.cities.items():
            doc = c.document
            rows.append(
                {
                    "id": cid,
                    "name": c.name,
                    "name_en": c.name_en,
                    "document": doc.title,
                    "document_en": doc.title_en,
                    "number_en": doc.number_en,
                    "number": doc.number,
                    "valid_from": doc.valid_from.value.isoformat() if doc.valid_from else None,
                    "valid_until": doc.valid_until.value.isoformat() if doc.valid_until else None,
                }
            )
        if fmt is View.json:
            import json

            echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        from flexcalc.screen import emit
        from flexcalc.text import display

        emit(_table(display(rows), lang.value), console())


def _table(rows: list[dict], lang: str):
    """One block a city: id and name, then the document and its validity under them (never cut)."""
    from rich.table import Table

    from flexcalc.catalogue import label, official

    zh = lang == "zh"
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold", padding=(0, 2, 0, 0))
    table.add_column("id", no_wrap=True)
    table.add_column(label("city", lang), no_wrap=True)
    table.add_column(f"{label('document', lang)} · {label('validity', lang)}", overflow="fold")
    for i, r in enumerate(rows):
        if i:
            table.add_row()
        city = r["name"] if zh else f"{r['name_en']} {r['name']}"
        title = official(r["document"], r["document_en"], lang) or ""
        number = official(r["number"], r["number_en"], lang)
        title = f"{title}\n{number}" if number and not zh else f"{title} {number or ''}".strip()
        table.add_row(r["id"], city, f"{title}\n{validity(r['valid_from'], r['valid_until'], lang)}")
    return table
