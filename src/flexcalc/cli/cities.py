"""`flexcalc cities`: the cities the loaded data covers, with their documents."""

from __future__ import annotations

from pathlib import Path

import typer

from flexcalc.cli.common import DataOption, Lang, LangOption, console, echo, exit_codes, load_data


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


def cities(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    lang: Lang = LangOption,
    data: Path | None = DataOption,
) -> None:
    """List the cities and their policy documents (城市与文件)."""
    with exit_codes(lang):
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
                    "number": doc.number,
                    "valid_from": doc.valid_from.value.isoformat() if doc.valid_from else None,
                    "valid_until": doc.valid_until.value.isoformat() if doc.valid_until else None,
                }
            )
        if as_json:
            import json

            echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        from flexcalc.screen import emit
        from flexcalc.text import display

        emit(_table(display(rows), lang.value), console())


def _table(rows: list[dict], lang: str):
    """One block a city: id and name, then the document and its validity under them (never cut)."""
    from rich.table import Table

    from flexcalc.catalogue import label

    zh = lang == "zh"
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold", padding=(0, 2, 0, 0))
    table.add_column("id", no_wrap=True)
    table.add_column(label("city", lang), no_wrap=True)
    table.add_column(f"{label('document', lang)} · {label('validity', lang)}", overflow="fold")
    for i, r in enumerate(rows):
        if i:
            table.add_row()
        city = r["name"] if zh else f"{r['name_en']} {r['name']}"
        title = f"{r['document']} {r['number'] or ''}".strip()
        table.add_row(r["id"], city, f"{title}\n{validity(r['valid_from'], r['valid_until'], lang)}")
    return table
