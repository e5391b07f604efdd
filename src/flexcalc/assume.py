"""`--assume FIELD=VALUE`: defaults for facts a registry does not hold (rules.md "Assumptions").

A value is read as the CSV reader reads that column and validated by the profile model itself;
a fact the profile gives always wins. A measure whose result changes without an assumption
says in its reasons that it used it; the audit stamp lists every assumption of the run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flexcalc.text import t

NOT_ASSUMABLE = frozenset({"id", "name", "city", "extra"})


@dataclass(frozen=True)
class Assumption:
    """One assumed fact: its field path, the validated value, and the text as the run gave it."""

    path: str
    value: object
    text: str


def parse(items: list[str] | None) -> list[Assumption]:
    """The assumptions of the command line; UsageError (exit 2) naming the field when one is bad."""
    from flexcalc.errors import UsageError

    out: list[Assumption] = []
    for item in items or []:
        path, sep, raw = item.partition("=")
        path = path.strip()
        if not sep or not path:
            raise UsageError(
                f"--assume {item!r}: expected FIELD=VALUE, e.g. receiving_unemployment_insurance=false.",
                zh=f"--assume {item!r}：应为 字段=值，例如 receiving_unemployment_insurance=false。",
            )
        if path in NOT_ASSUMABLE or any(a.path == path for a in out):
            why = "is not a fact" if path in NOT_ASSUMABLE else "is assumed twice"
            raise UsageError(f"--assume {path}: {why}.", zh=f"--assume {path}：不能假设（{why}）。")
        out.append(Assumption(path, _validated(path, raw), f"{path}={raw.strip()}"))
    return out


def _validated(path: str, raw: str):
    """The value at `path` of a profile holding only this fact, as the profile model reads it."""
    from pydantic import ValidationError

    from flexcalc.batch.columns import CellError, convert, plan
    from flexcalc.errors import UsageError, validation_problems
    from flexcalc.models.profile import profile_validator
    from flexcalc.relevance import absent

    ((keys, kind),) = plan((path,))
    try:
        value = convert(kind, raw, path) if raw.strip() else raw
    except CellError as e:
        why = e.args[0]
        raise UsageError(f"--assume {path}: {why.render('en')}.", zh=f"--assume {path}：{why.render('zh')}。") from None
    obj: dict = {}
    node = obj
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    node[keys[-1]] = value
    try:
        profile = profile_validator().validate_json(json.dumps(obj, ensure_ascii=False))
    except ValidationError as e:
        shown = "; ".join(f"{p}: {m}" for p, m in validation_problems(e, obj))
        shown_zh = "；".join(f"{p}：{m}" for p, m in validation_problems(e, obj, "zh"))
        raise UsageError(f"--assume {path}={raw}: {shown}.", zh=f"--assume {path}={raw}：{shown_zh}。") from None
    if absent(profile, path):
        raise UsageError(f"--assume {path}: not a field of the profile.", zh=f"--assume {path}：不是人员信息的字段。")
    node = profile
    for key in keys:
        node = getattr(node, key)
    return node


def evaluate(profile, assumptions: list[Assumption], run):
    """`run(profile)` with the assumptions the profile leaves open filled in, each noted in the
    reasons of the measures whose result it changes."""
    from flexcalc.relevance import absent, fill

    used = [a for a in assumptions if absent(profile, a.path)]
    if not used:
        return run(profile)
    result = _run(profile, used, run, fill)
    result.assumed = [a.text for a in used]
    return result


def shown_assumption(text: str, lang: str) -> str:
    """An assumption as the outputs for people show it: 按假设：FIELD = VALUE / assumed: FIELD = VALUE."""
    path, _, value = text.partition("=")
    if lang == "en":
        return f"assumed: {path} = {value} (the profile does not say)"
    return f"按假设：{path} = {value}（档案未载此项）"


def _run(profile, used: list[Assumption], run, fill):
    full = profile
    for a in used:
        full = fill(full, a.path, a.value)
    result = run(full)
    for a in used:
        without = profile
        for b in used:
            if b is not a:
                without = fill(without, b.path, b.value)
        other = run(without)
        for m, o in zip(result.measures, other.measures, strict=True):
            if (m.status, m.amount, m.amount_min, m.missing) != (o.status, o.amount, o.amount_min, o.missing):
                m.notes = [*m.notes, _note(a)]
    return result


def _note(a: Assumption):
    return t("按假设：{a}（档案未载此项）", "assumed: {a} (the profile does not say)", a=a.text)


def stamp_entry(assumptions: list[Assumption]) -> list[str]:
    """The assumptions as the audit stamp lists them."""
    return [a.text for a in assumptions]
