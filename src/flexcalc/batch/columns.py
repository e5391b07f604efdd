"""CSV cells to profile values, typed by the Profile model's fields; blank cells are absent."""

from __future__ import annotations

import types
import typing
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from flexcalc import grammar
from flexcalc.grammar import CellError
from flexcalc.models.fields import is_model, model_fields
from flexcalc.text import T, t

__all__ = ["CellError", "columns_problem", "convert", "plan", "row_object", "header_problem"]


def _strip(annotation: Any) -> Any:
    """The type inside Optional[...] / Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def kind_of(annotation: Any, name: str = "") -> str:
    """bool / int / money / number / date / code / json / text for a field's annotation (the
    cell grammar of flexcalc.grammar); `name` is the field's own name (money ends in _yuan)."""
    tp = _strip(annotation)
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        values = typing.get_args(tp)
        return "int" if all(isinstance(v, int) and not isinstance(v, bool) for v in values) else "code"
    if origin in (list, dict) or (isinstance(tp, type) and is_model(tp)):
        return "json"
    if tp is bool:
        return "bool"
    if tp is int:
        return "int"
    if tp in (Decimal, float):
        return "money" if name.endswith("_yuan") else "number"
    if tp is date:
        return "date"
    return "text"


@lru_cache(maxsize=64)
def plan(header: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """For each column: the key path into the profile object and how to read its cells."""
    from flexcalc.models.profile import Profile

    out = []
    for name in header:
        keys = tuple(name.split("."))
        model: Any = Profile
        kind = "text"  # an unknown column keeps its text; validation then names it
        for i, key in enumerate(keys):
            if model is None:
                break
            if model is Profile and key == "extra":
                kind = "json" if len(keys) == 1 else "text"
                break
            field = model_fields(model).get(key)
            if field is None:
                break
            inner = _strip(field.annotation)
            if isinstance(inner, type) and is_model(inner) and i < len(keys) - 1:
                model = inner
                continue
            kind = "groups" if model is Profile and key == "groups" else kind_of(field.annotation, key)
            model = None
        out.append((keys, kind))
    return tuple(out)


def convert(kind: str, cell: str, path: str = "") -> Any:
    """One non-blank cell as a JSON value (flexcalc.grammar's cell grammar); CellError says what
    was expected. Text, and a code that is not one of the field's labels, is kept for validation."""
    if kind == "text":
        return cell
    if len(cell) > 1000:  # no value of a typed field is that long; validation names the field
        return cell if kind != "json" else _json(cell.strip())
    if kind == "date":
        return grammar.cell_date(cell)
    if kind in ("money", "number"):
        return grammar.cell_number(cell, kind == "money")
    if kind == "int":
        return grammar.cell_int(cell)
    if kind == "bool":
        return grammar.cell_bool(cell)
    if kind == "code":
        return grammar.cell_code(path, cell)
    s = cell.strip()
    if kind == "groups":
        return _json(s) if s.startswith("[") else grammar.cell_groups(s)
    return _json(s)


def _json(s: str) -> Any:
    from flexcalc.profile_io import RecordProblems, _load

    try:
        return _load(s)
    except RecordProblems as e:
        _, en, zh = e.triples[0]
        raise CellError(T(zh, en)) from None


def row_object(header: tuple[str, ...], row: list[str]) -> tuple[dict, list[tuple[str, str]]]:
    """The profile object of one CSV row, and the (path, message) of cells that could not be read."""
    obj: dict = {}
    problems: list[tuple[str, Any]] = []
    for (keys, kind), cell in zip(plan(header), row, strict=False):
        if not cell or cell.isspace():
            continue
        try:
            value = convert(kind, cell, ".".join(keys))
        except CellError as e:
            problems.append((".".join(keys), e.args[0]))
            continue
        node = obj
        for key in keys[:-1]:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                problems.append(
                    (
                        ".".join(keys),
                        t("此列与表头的另一列冲突", "this column conflicts with another column of the header"),
                    )
                )
                break
        else:
            node[keys[-1]] = value
    if len(row) < len(header) or (len(row) > len(header) and any(c.strip() for c in row[len(header) :])):
        problems.append(
            (
                "(row)",
                t("本行 {n} 格，表头有 {h} 列", "{n} cells but the header has {h} columns", n=len(row), h=len(header)),
            )
        )
    return obj, problems


def columns_problem(names: list[str], kind: str) -> tuple[str, str] | None:
    """Why columns cannot be read together (English, Chinese), or None: a name given twice, or one
    column inside another (`business` beside `business.type`, `extra` beside `extra.x`), where
    the last would silently win."""
    from flexcalc.text import shown

    seen = {name for name in names if name}
    if len(seen) < sum(1 for name in names if name):
        twice = next(n for i, n in enumerate(names) if n and n in names[:i])
        return (
            f"the {kind} header names the column {shown(twice)!r} twice; one of them would be lost.",
            f"{kind} 表头中列 {shown(twice)!r} 出现了两次，其中一列会丢失。",
        )
    for name in names:
        parts = name.split(".")
        for n in range(1, len(parts)):
            outer = ".".join(parts[:n])
            if outer in seen:
                return (
                    f"the {kind} columns {shown(outer)!r} and {shown(name)!r} both give {shown(name)!r}; "
                    "one would be lost (keep one of them).",
                    f"{kind} 的列 {shown(outer)!r} 与 {shown(name)!r} 都给出 {shown(name)!r}，其中一列会丢失（只保留一列）。",
                )
    return None


def header_problem(header: list[str]) -> tuple[str, str] | None:
    """Why a CSV header cannot be used (English, Chinese), or None: a refusal before any record."""
    from flexcalc.text import shown

    problem = columns_problem(header, "CSV")
    if problem:
        return problem
    from flexcalc.models.profile import Profile

    known = model_fields(Profile)
    if not any(name.split(".")[0] in known for name in header):
        first = shown(",".join(header)[:60])
        return (
            f"the CSV header ({first!r}) names no profile field: is the input CSV? "
            "(give --input-format jsonl or json for JSON input)",
            f"CSV 表头（{first!r}）中没有任何人员信息字段：输入是 CSV 吗？（JSON 输入请用 --input-format jsonl 或 json）",
        )
    return None
