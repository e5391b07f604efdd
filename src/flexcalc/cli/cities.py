"""`flexcalc cities`: the cities the loaded data covers, with their documents."""

from __future__ import annotations

from pathlib import Path

import typer

from flexcalc.cli.common import DataOption, console, echo, exit_codes, load_data


def cities(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    data: Path | None = DataOption,
) -> None:
    """List the cities and their policy documents (城市与文件)."""
    with exit_codes():
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
        from rich.table import Table

        from flexcalc.text import display

        table = Table("id", "城市", "文件", "有效期")
        for r in display(rows):
            table.add_row(
                r["id"],
                r["name"],
                f"{r['document']} {r['number'] or ''}".strip(),
                f"{r['valid_from'] or '—'} ~ {r['valid_until'] or '—'}",
            )
        console().print(table)
