"""Reform impact: which figures a new cities file changes, and reform.json (before and after per
city and measure, gainers and losers, every person whose status or amount changed)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from flexcalc.catalogue import MEASURE_IDS
from flexcalc.outreach.budget import dumps
from flexcalc.outreach.files import _cannot

TEXT_KEYS = frozenset({"quote", "note", "note_en"})  # the words around a figure, not the figure


def figures_changed(before_path: str, after_path: str) -> list[dict]:
    """Every value that differs between two cities files, as {path, before, after}, the words
    around the figures (quote, note) left out."""
    from flexcalc.toml import parse_toml

    a = parse_toml(Path(before_path).read_text(encoding="utf-8-sig"))
    b = parse_toml(Path(after_path).read_text(encoding="utf-8-sig"))
    out: list[dict] = []
    _diff(a, b, "", out)
    return out


def _diff(a: Any, b: Any, path: str, out: list[dict]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in [*a, *(k for k in b if k not in a)]:
            if k in TEXT_KEYS:
                continue
            _diff(a.get(k), b.get(k), f"{path}.{k}" if path else k, out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append({"path": path, "before": _plain(a), "after": _plain(b)})


def _plain(v: Any) -> Any:
    """A TOML value as JSON can hold it (dates as ISO text, Decimals exact)."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def _refs(table: Any) -> set[str]:
    """The national figures a city's measure table refers to or restates (`ref`, `follows`)."""
    found: set[str] = set()
    if isinstance(table, dict):
        for k, v in table.items():
            if k in ("ref", "follows") and isinstance(v, str):
                found.add(v)
            else:
                found |= _refs(v)
    elif isinstance(table, list):
        for v in table:
            found |= _refs(v)
    return found


def by_measure(changed: list[dict], after_path: str) -> dict[tuple[str, str], list[str]]:
    """For each (city, measure), the changed paths that can move it: its own table, the national
    figures it refers to, its city's document and non-combination rules, the retirement ages."""
    from flexcalc.toml import parse_toml

    doc = parse_toml(Path(after_path).read_text(encoding="utf-8-sig"))
    out: dict[tuple[str, str], list[str]] = {}
    for cid, city in (doc.get("cities") or {}).items():
        measures = (city.get("measures") or {}) if isinstance(city, dict) else {}
        for mid in MEASURE_IDS:
            own = f"cities.{cid}.measures.{mid}"
            refs = _refs(measures.get(mid))
            paths = []
            for c in changed:
                p = c["path"]
                if (
                    p == own
                    or p.startswith((own + ".", own + "["))
                    or any(p == r or p.startswith((r + ".", r + "[")) for r in refs)
                    or p.startswith(f"cities.{cid}.")
                    and not p.startswith(f"cities.{cid}.measures.")
                    or p.startswith("retirement")
                ):
                    paths.append(p)
            out[(cid, mid)] = paths
    return out


def write(
    c, out: Path, stamp: dict, after_sha: str, changed: list[dict], records: int, errors: int, after_path: str
) -> dict:
    """reform.json, written whole; its head (everything but the list of changes) is returned."""
    figures = by_measure(changed, after_path)
    cities: dict = {}
    for (cid, mid), agg in sorted(c.reform.items(), key=lambda kv: (kv[0][0], MEASURE_IDS.index(kv[0][1]))):
        before, after, e0, e1, gainers, losers = agg
        cities.setdefault(cid, {"measures": {}})["measures"][mid] = {
            "amount_yuan_before": before.quantize(Decimal("0.01")),
            "amount_yuan_after": after.quantize(Decimal("0.01")),
            "eligible_before": e0,
            "eligible_after": e1,
            "gainers": gainers,
            "losers": losers,
            "figures": figures.get((cid, mid), []),
        }
    head = {
        "as_of": stamp["as_of"],
        "data_sha256_before": stamp["data_sha256"],
        "data_sha256_after": after_sha,
        "records": records,
        "errors": errors,
        "reform_errors": c.reform_errors,
        "figures_changed": changed,
        "cities": cities,
    }
    path = out / "reform.json"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            text = dumps(head)
            f.write(text[: text.rindex("}")].rstrip() + ',\n  "changes": [')
            first = True
            for line, pid, cid, mid, s0, s1, a0, a1 in c.change_rows():
                row = {
                    "line": line,
                    "profile_id": pid,
                    "city": cid,
                    "measure": mid,
                    "status_before": s0,
                    "status_after": s1,
                    "amount_yuan_before": Decimal(a0) if a0 else None,
                    "amount_yuan_after": Decimal(a1) if a1 else None,
                    "figures": figures.get((cid, mid), []),
                }
                f.write(("\n    " if first else ",\n    ") + _line(row))
                first = False
            f.write("\n  ]\n}\n" if not first else "]\n}\n")
        os.replace(tmp, path)
    except OSError as e:
        raise _cannot(path, e) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return head


def _line(row: dict) -> str:
    """One change on one line (amounts exact)."""
    parts = []
    for k, v in row.items():
        value = format(v, "f") if isinstance(v, Decimal) else json.dumps(v, ensure_ascii=False)
        parts.append(f'"{k}": {value}')
    return "{" + ", ".join(parts) + "}"
