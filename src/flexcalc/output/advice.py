"""What `advise` found, as JSON (flexcalc.advice/1), Markdown or a table for people. Computes nothing."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from flexcalc.advice.engine import Advice, Advised, Change, Opened
from flexcalc.assume import shown_assumption
from flexcalc.catalogue import MEASURE_NAMES, MEASURE_SHORT, STATUS_NAMES, name
from flexcalc.output.serialise import _money
from flexcalc.output.table import STATUS_STYLE, header
from flexcalc.screen import emit
from flexcalc.text import shown, yuan

SCHEMA = "flexcalc.advice/1"

WORDS = {
    "title": ("可以做什么来多享受", "What would raise the benefits"),
    "horizon": ("不做任何改变时，何时有变化", "What changes, and when, with the facts unchanged"),
    "until": ("查看至 {d}", "looked ahead to {d}"),
    "action": ("步骤", "Step"),
    "opens": ("打开或提高的措施", "Opens or raises"),
    "gain": ("增加（元）", "Adds (yuan)"),
    "date": ("日期", "Date"),
    "measure": ("措施", "Measure"),
    "change": ("变化", "Change"),
    "why": ("原因", "Why"),
    "none_actions": ("没有能增加享受的步骤（按所给事实）", "No step adds anything (on the facts given)"),
    "none_horizon": ("此期间各项结果不变", "Nothing changes in this period"),
    "from": ("自 {d} 起", "from {d}"),
    "if": ("前提（档案未载）：{f}", "if (the profile does not say): {f}"),
    "needs": ("待补：{f}", "still needed: {f}"),
    "dept": ("办理：{d}", "where: {d}"),
    "floor": ("至少", "at least"),
    "no_figure": ("按规定", "no figure"),
    "loan": ("（贷款额度，不计入增加）", "(a loan limit, not counted as added)"),
}


def w(key: str, lang: str, **params) -> str:
    zh, en = WORDS[key]
    return (en if lang == "en" else zh).format(**params)


def _amount(status: str, amount, amount_min, floor: bool, lang: str) -> str:
    if status != "eligible":
        return name(STATUS_NAMES, status, lang)
    if amount is None:
        return w("no_figure", lang)
    if amount_min is not None and amount_min != amount:
        return f"{yuan(amount_min)}–{yuan(amount)}"
    return (w("floor", lang) + " " if floor else "") + yuan(amount)


def opened_text(o: Opened, lang: str) -> str:
    """一次性创业补贴 5,000.00 自 2026-12-30."""
    text = f"{name(MEASURE_SHORT, o.measure, lang)} {_amount(o.status, o.amount, o.amount_min, o.floor, lang)}"
    text += " " + w("from", lang, d=o.day.isoformat())
    if o.kind == "loan" and o.status == "eligible":
        text += w("loan", lang)
    if o.status == "needs_info" and o.missing:
        text += "；" if lang == "zh" else "; "
        text += w("needs", lang, f=", ".join(shown(m) for m in o.missing))
    return text


def change_text(c: Change, lang: str) -> str:
    b, a = c.before, c.after
    return (
        _amount(b.status, b.amount, b.amount_min, b.amount_is_floor, lang)
        + " → "
        + _amount(a.status, a.amount, a.amount_min, a.amount_is_floor, lang)
    )


def why_text(c: Change, lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(x.render(lang) for x in c.why)


# --- JSON -------------------------------------------------------------------------------------


def advice_dict(adv: Advice, lang: str, stamp: dict) -> dict:
    return {
        "schema": SCHEMA,
        "city": adv.city,
        "as_of": adv.as_of.isoformat(),
        "until": adv.until.isoformat(),
        "profile_id": adv.profile_id,
        "actions": [_action_dict(a, lang) for a in adv.actions],
        "horizon": [_change_dict(c, lang) for c in adv.horizon],
        "audit": stamp,
    }


def _action_dict(a: Advised, lang: str) -> dict:
    return {
        "id": a.action.id,
        "name": a.action.words(lang),
        "facts": a.facts,
        "grows": [{"fact": g.fact, "from": g.from_, "per_month": 1} for g in a.action.grows],
        "if": a.unknown,
        "department": a.action.department_words(lang),
        "basis": a.action.basis_en if lang == "en" else a.action.basis,
        "opens": [
            {
                "measure": o.measure,
                "from": o.day.isoformat(),
                "status": o.status,
                "amount_yuan": _money(o.amount),
                "amount_min_yuan": _money(o.amount_min),
                "amount_is_floor": o.floor,
                "missing": o.missing,
                "gain_yuan": _money(o.gain),
                "clause": o.clause,
            }
            for o in a.opens
        ],
        "gain_yuan": _money(a.gain),
    }


def _change_dict(c: Change, lang: str) -> dict:
    return {
        "date": c.day.isoformat(),
        "measure": c.measure,
        "status_before": c.before.status,
        "status_after": c.after.status,
        "amount_yuan_before": _money(c.before.amount),
        "amount_yuan_after": _money(c.after.amount),
        "why": why_text(c, lang),
    }


# --- Markdown ---------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return shown(text).replace("|", "\\|").replace("\n", " ")


def advice_markdown(adv: Advice, lang: str, stamp: dict) -> str:
    city = adv.city_name_en if lang == "en" else adv.city_name
    lines = [f"# {w('title', lang)} — {city}", ""]
    lines.append(
        f"{adv.as_of.isoformat()} · {_cell(adv.profile_id or '—')} · {w('until', lang, d=adv.until.isoformat())}"
    )
    for text in adv.assumed:
        lines += ["", "**" + shown_assumption(text, lang) + "**"]
    lines += ["", f"| {w('action', lang)} | {w('opens', lang)} | {w('gain', lang)} |", "|---|---|---:|"]
    for a in adv.actions:
        parts = [a.action.words(lang), w("dept", lang, d=a.action.department_words(lang))]
        if a.unknown:
            parts.append(w("if", lang, f=", ".join(a.unknown)))
        step = "<br>".join(_cell(p) for p in parts)
        opens = "<br>".join(_cell(opened_text(o, lang)) for o in a.opens)
        lines.append(f"| {step} | {opens} | {yuan(a.gain)} |")
    if not adv.actions:
        lines.append(f"| {w('none_actions', lang)} | | |")
    lines += ["", f"## {w('horizon', lang)}", ""]
    lines += [
        f"| {w('date', lang)} | {w('measure', lang)} | {w('change', lang)} | {w('why', lang)} |",
        "|---|---|---|---|",
    ]
    for c in adv.horizon:
        lines.append(
            f"| {c.day.isoformat()} | {name(MEASURE_NAMES, c.measure, lang)} | {_cell(change_text(c, lang))} | {_cell(why_text(c, lang))} |"
        )
    if not adv.horizon:
        lines.append(f"| | {w('none_horizon', lang)} | | |")
    audit = f"flexcalc {stamp['flexcalc_version']} · data sha256 {stamp['data_sha256'][:12]} · as of {stamp['as_of']}"
    lines += ["", f"<sub>{audit}</sub>", ""]
    return "\n".join(lines)


# --- table ------------------------------------------------------------------------------------


def actions_table(adv: Advice, lang: str, limit: int | None = None) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD, title=w("title", lang), title_justify="left", expand=False, pad_edge=False, leading=1
    )
    table.add_column(w("action", lang), ratio=3, overflow="fold")
    table.add_column(w("opens", lang), ratio=4, overflow="fold")
    table.add_column(w("gain", lang), justify="right", no_wrap=True)
    for a in adv.actions[:limit]:
        step = Text(a.action.words(lang), style="bold")
        step.append("\n" + w("dept", lang, d=a.action.department_words(lang)), style="dim")
        if a.unknown:
            step.append("\n" + w("if", lang, f=", ".join(a.unknown)), style="yellow")
        opens = Text("\n".join(opened_text(o, lang) for o in a.opens))
        table.add_row(step, opens, yuan(a.gain))
    if not adv.actions:
        table.add_row(Text(w("none_actions", lang), style="dim"), "", "")
    return table


def horizon_table(adv: Advice, lang: str, limit: int | None = None) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD, title=w("horizon", lang), title_justify="left", expand=False, pad_edge=False, leading=1
    )
    table.add_column(w("date", lang), no_wrap=True)
    table.add_column(w("measure", lang), ratio=2, overflow="fold")
    table.add_column(w("change", lang), ratio=2, overflow="fold")
    table.add_column(w("why", lang), ratio=3, overflow="fold")
    for c in adv.horizon[:limit]:
        change = Text(change_text(c, lang), style=STATUS_STYLE[c.after.status])
        table.add_row(c.day.isoformat(), name(MEASURE_SHORT, c.measure, lang), change, why_text(c, lang))
    if not adv.horizon:
        table.add_row("", Text(w("none_horizon", lang), style="dim"), "", "")
    return table


def print_advice(adv: Advice, lang: str, console: Console) -> None:
    until = Text(w("until", lang, d=adv.until.isoformat()), style="dim")
    emit(Group(header(adv.result, lang), Text(""), actions_table(adv, lang), horizon_table(adv, lang), until), console)


def print_summary(adv: Advice, lang: str, console: Console, top: int = 3) -> None:
    """The top actions and the next horizon dates (the end of interview and explain)."""
    emit(Group(Text(""), actions_table(adv, lang, top), horizon_table(adv, lang, top)), console)
