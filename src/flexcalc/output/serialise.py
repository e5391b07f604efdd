"""The contract's JSON shape of a result (flexcalc.result/1); words in the chosen language."""

from __future__ import annotations

from decimal import Decimal

from flexcalc.catalogue import MEASURE_NAMES, label, name
from flexcalc.models.result import MeasureResult, Result

SCHEMA = "flexcalc.result/1"
MARK = {True: "✓", False: "✗", None: "?"}


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def reasons(m: MeasureResult, lang: str) -> list[str]:
    """The human reasons of a measure: the decisive checks, then the formula and notes."""
    return [x.render(lang) for x in reason_terms(m)]


def reason_terms(m: MeasureResult) -> list:
    """The messages (text.T) that `reasons` words: batch --detail codes keeps them unrendered."""
    if m.status == "eligible":
        checks = m.checks
    elif m.status == "needs_info":
        checks = [c for c in m.checks if c.ok is None]
    elif m.status == "ineligible":
        checks = [c for c in m.checks if c.ok is False]
    else:
        checks = [c for c in m.checks if c.ok is not True] if m.status == "excluded" else []
    out = [c.text for c in checks]
    if m.formula is not None and m.status in ("eligible", "excluded"):
        out.append(m.formula)
    out.extend(m.notes)
    return out


def decisive(m: MeasureResult, lang: str) -> str:
    """The one reason that decided the measure: formula, what is missing, or the failed condition."""
    sep = "; " if lang == "en" else "；"
    if m.status == "eligible":
        if m.formula is not None and m.amount_is_floor and m.notes:  # the floor's "at least …; more if …"
            return m.formula.render(lang) + sep + m.notes[-1].render(lang)
        if m.formula is not None:
            return m.formula.render(lang)
        return label("no_figure_reason", lang)
    if m.status == "needs_info":
        return sep.join(c.text.render(lang) for c in m.checks if c.ok is None)
    if m.status == "ineligible":
        return next((c.text.render(lang) for c in m.checks if c.ok is False), "")
    if m.status == "excluded":
        return m.notes[-1].render(lang) if m.notes else ""
    if m.status == "not_offered":
        return label("not_offered_reason", lang)
    return m.notes[0].render(lang) if m.notes else ""


def source_dict(m: MeasureResult) -> dict:
    """The document and clause, and each dated or national figure in force that the rule reads
    (`figures`, made once per rule and date by timeline.view), with `verified` false when any of
    them is from a secondary source only."""
    figures = [dict(f) for f in m.figures]
    return {
        "document": m.document,
        "clause": m.clause,
        "figures": figures,
        "verified": all(f["verified"] for f in figures),
    }


def measure_dict(m: MeasureResult, lang: str, explain: bool = False) -> dict:
    d = {
        "id": m.id,
        "name": name(MEASURE_NAMES, m.id, lang),
        "kind": m.kind,
        "beneficiary": m.beneficiary,
        "status": m.status,
        "amount_yuan": _money(m.amount),
        "amount_min_yuan": _money(m.amount_min),
        "amount_is_floor": m.amount_is_floor,
        "period": m.period,
        "source": source_dict(m),
        "reasons": reasons(m, lang),
        "missing": list(m.missing),
        "department": m.words("department", lang),
    }
    if explain:
        d["explain"] = {
            "conditions": [
                {"ok": c.ok, "mark": MARK[c.ok], "text": c.text.render(lang), "missing": list(c.missing)}
                for c in m.checks
            ],
            "decisive": decisive(m, lang),
            "formula": m.formula.render(lang) if m.formula else None,
            "notes": [n.render(lang) for n in m.notes],
        }
    return d


def totals_dict(r: Result) -> dict[str, float]:
    """cash_yuan, tax_relief_yuan, loan_limit_yuan, each followed by its lower end where it has one."""
    out = {}
    for key, value in r.totals.items():
        out[key] = float(value)
        low = key.replace("_yuan", "_min_yuan")
        if low in r.totals_min:
            out[low] = float(r.totals_min[low])
    return out


def result_dict(r: Result, lang: str = "zh", explain: bool = False, stamp: dict | None = None) -> dict:
    """The result object of contract.md, plus an audit stamp when given."""
    d = {
        "schema": SCHEMA,
        "city": r.city,
        "city_name": r.city_name,
        "city_name_en": r.city_name_en,
        "as_of": r.as_of.isoformat(),
        "profile_id": r.profile_id,
        "warnings": [w.render(lang) for w in r.warnings],
        "measures": [measure_dict(m, lang, explain) for m in r.measures],
        "entitlements": [
            {
                "id": e.id,
                "name": e.name_en if lang == "en" else e.name,
                "source": {"document": e.document, "clause": e.clause},
            }
            for e in r.entitlements
        ],
        "totals": totals_dict(r),
    }
    if stamp:
        d["audit"] = stamp
    return d
