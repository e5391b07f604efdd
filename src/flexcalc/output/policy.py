"""The policy view of one city: document, validity, each measure's figures with clauses, entitlements."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from flexcalc.catalogue import label
from flexcalc.output.table import Fit, cite
from flexcalc.screen import emit, hanging

LABEL_WIDTH = {"zh": 18, "en": 22}  # figure labels wrap within it, so every measure's figures line up


def _grid(width: int | None = None) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", width=width, overflow="fold")
    grid.add_column(overflow="fold")
    return grid


def _document(p: dict, lang: str) -> Group:
    doc = p["document"]
    city = p["city_name_en"] if lang == "en" else p["city_name"]
    head = Text.assemble((city, "bold"), "  ", (doc["title"], "bold"))
    grid = _grid()
    for key in ("number", "issuer", "issued_on"):
        if doc[key]:
            grid.add_row(label(key, lang), doc[key])
    grid.add_row(label("validity", lang), doc["validity"])
    if doc["note"]:
        grid.add_row(label("notes", lang), Text(doc["note"], style="dim"))
    parts: list[RenderableType] = [head, grid]
    if p["warning"]:
        style = "bold red" if not doc["in_force"] else "yellow"
        parts.append(Text(("⚠ " if not doc["in_force"] else "") + p["warning"], style=style))
    else:
        parts.append(Text(label("in_force", lang, d=p["as_of"]), style="green"))
    for w in p.get("warnings", []):
        parts.append(Text("⚠ " + w, style="bold red"))
    return Group(*parts)


def _hang(title: Text) -> Fit:
    """A measure's title line, wrapped under its name (after "1. "), never back to column 0."""
    return Fit(lambda width: hanging(title, width, 3))


def _measure(i: int, m: dict, lang: str) -> Group:
    title = Text.assemble((f"{i}. {m['name']}", "bold"), "  ", (m["kind_name"], "dim"))
    if m["beneficiary"] != "person":
        title.append(f" · {label('paid_to', lang)} {m['beneficiary_name']}", style="dim")
    if not m["offered"]:
        title.append("  " + label("not_offered_reason", lang), style="dim")
        body = Text(m["note"] or "", style="dim")
        return Group(_hang(title), Padding(body, (0, 0, 1, 3)))
    title.append(f"  {label('clause_short', lang)} {m['clause_text']}", style="cyan")
    grid = _grid(LABEL_WIDTH[lang])
    grid.add_row(label("groups", lang), "\n".join(m["groups"]))
    for f in m["figures"]:
        if f["field"] == "who":
            continue
        text = Text(f["text"])
        source = f["clause_text"] if not f["document"] else f"{f['document']} · {f['clause_text']}"
        if source != m["clause_text"]:
            text.append(f"  [{source}]", style="cyan")
        if not f.get("verified", True):
            text.append(
                f" ({label('unverified', lang)})" if lang == "en" else f"（{label('unverified', lang)}）",
                style="yellow",
            )
        grid.add_row(f["label"], text)
        if f.get("timeline") and (len(f["timeline"]) > 1 or f["timeline"][0]["layer"] != "city"):
            grid.add_row("", _timeline(f["timeline"], lang))
        if f["note"]:
            colon = ": " if lang == "en" else "："
            grid.add_row("", Text(f"{label('reading', lang)}{colon}{f['note']}", style="dim"))
    if m["note"]:
        grid.add_row(label("notes", lang), Text(m["note"], style="dim"))
    grid.add_row(label("department", lang), m["department"])
    return Group(_hang(title), Padding(grid, (0, 0, 1, 3)))


def _timeline(entries: list[dict], lang: str) -> Table:
    """A figure's history: ▶ marks the entry in force at the as-of date."""
    rows = Table.grid(padding=(0, 1))
    rows.add_column(no_wrap=True, width=1)
    rows.add_column(no_wrap=True)
    rows.add_column(overflow="fold")
    for e in entries:
        since = e["from"] or "…"
        until = f"{'–' if lang == 'en' else '～'}{e['until']}" if e["until"] else ""
        text = Text(e["text"] or "", style="bold" if e["in_force"] else "")
        text.append(f"  [{e['source']}]", style="cyan")
        if not e["verified"]:
            text.append(
                f" ({label('unverified', lang)})" if lang == "en" else f"（{label('unverified', lang)}）",
                style="yellow",
            )
        rows.add_row("▶" if e["in_force"] else "", f"{since}{until}", text)
    return rows


def policy_view(p: dict, lang: str = "zh") -> Group:
    """The whole policy of a city as printed for an official at the window."""
    parts: list[RenderableType] = [_document(p, lang), Text("")]
    parts += [_measure(i, m, lang) for i, m in enumerate(p["measures"], 1)]
    if p["non_combinable"]:
        parts.append(Text(label("non_combinable", lang), style="bold"))
        for nc in p["non_combinable"]:
            sep = " / " if lang == "en" else "、"
            parts.append(Padding(Text(sep.join(nc["names"]) + cite(nc["clause_text"], lang)), (0, 0, 0, 3)))
        parts.append(Text(""))
    if p["entitlements"]:
        parts.append(Text(label("entitlements", lang), style="bold"))
        items = Table.grid(padding=(0, 1))
        items.add_column(width=1)
        items.add_column(overflow="fold")
        for e in p["entitlements"]:
            when = ""
            if e.get("until"):  # rules.md: a right with a deadline shows its last day; past ones say so
                zh, en = (
                    ("（已过期：截至 {d}）", " (past: until {d})")
                    if not e["current"]
                    else ("（截至 {d}）", " (until {d})")
                )
                when = (en if lang == "en" else zh).format(d=e["until"])
            items.add_row("•", e["name"] + when + cite(e["clause_text"], lang))
        parts.append(items)
    return Group(*parts)


def print_policy(p: dict, lang: str, console: Console | None = None) -> None:
    emit(policy_view(p, lang), console)
