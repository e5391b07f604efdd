"""Parquet input for batch: each Arrow record batch turned into profiles' JSON, column by column.

One profile a row; columns are the contract's dotted field paths (`business.premises.area_m2`),
as in CSV, typed (bool, int, date, decimal or float, string; `groups` a list of strings,
`training` a list of structs). A string column of a typed field is read as CSV reads its cell.
Each row becomes a dict, written by orjson (so no duplicate key), and goes through the same
strict validation as JSONL. A cell that cannot be read makes its row an error, in place.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

import orjson

from flexcalc.batch.parquet import BATCH_ROWS, pyarrow
from flexcalc.errors import UsageError
from flexcalc.text import t

DAY_MIN, DAY_MAX = -719_162, 2_932_896  # 0001-01-01 and 9999-12-31 in days from 1970-01-01
SLICE = 512  # rows whose dicts exist at once: memory stays bounded by this, not by the input's batches
CONFLICT = t("此列与另一列冲突", "this column conflicts with another column")
NOT_FINITE = t("应为有限的数（不是 NaN 或无穷大）", "should be a finite number (not NaN or infinity)")
OUT_OF_RANGE = t(
    "取值超出可读范围（日期须在 0001-01-01 至 9999-12-31 之间）",
    "a value out of the readable range (a date must be from 0001-01-01 to 9999-12-31)",
)


class Column(NamedTuple):
    """How one Parquet column fills the profile object."""

    keys: tuple[str, ...]  # the key path into the profile object
    kind: str  # the CSV kind of the field (columns.kind_of)
    text: bool  # a string column: cells read as CSV reads them
    nested: bool  # a struct or list of structs: nulls inside are absent fields
    decimal: bool  # a decimal column of scale >= 0: its numbers written by Arrow, not Decimal objects
    date: bool  # a date32 column: its dates written by Arrow as YYYY-MM-DD text (as orjson writes a date)
    floating: bool  # a float column: NaN and ±inf are no JSON number (orjson would write null: absent)


def plan(names: list[str], types: list) -> list[Column]:
    """Per column: its key path, the field's kind, and how its Arrow type is read."""
    from flexcalc.batch.columns import plan as kinds

    pa = pyarrow()

    def nested(tp) -> bool:
        return pa.types.is_struct(tp) or (pa.types.is_list(tp) or pa.types.is_large_list(tp)) and nested(tp.value_type)

    return [
        Column(
            keys,
            kind,
            pa.types.is_string(tp) or pa.types.is_large_string(tp),
            nested(tp),
            pa.types.is_decimal(tp) and tp.scale >= 0,
            pa.types.is_date32(tp),
            pa.types.is_floating(tp),
        )
        for (keys, kind), tp in zip(kinds(tuple(names)), types, strict=True)
    ]


def _numbers(column) -> list:
    """A decimal column as JSON number fragments, as `_default` writes a Decimal (1755.350000 → 1755.35)."""
    import pyarrow.compute as pc

    pa = pyarrow()
    text = pc.cast(column, pa.string())
    if column.type.scale > 0:  # every number has a point: drop the zeros of the scale, then a bare point
        text = pc.replace_substring_regex(text, r"\.?0+$", "")
    fragment = orjson.Fragment
    return [None if v is None else fragment(v) for v in text.to_pylist()]


def _default(value):
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError("not a finite number")
        # a decimal column's scale pads with zeros (1755.350000): write the number as JSON would
        text = format(value.normalize(), "f") if value else "0"
        return orjson.Fragment(text)
    raise TypeError(f"a {type(value).__name__} value has no JSON form")


def _clean(value, path: str, bad: list):
    """Nulls inside structs are absent fields; lists and scalars pass through; the path of a
    float that is no finite number is added to `bad`."""
    if isinstance(value, dict):
        return {k: _clean(v, f"{path}.{k}", bad) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v, f"{path}[{i}]", bad) for i, v in enumerate(value)]
    if type(value) is float and not math.isfinite(value):
        bad.append((path, NOT_FINITE))
    return value


def _finite(values: list, path: str, problems: dict) -> list:
    """A float column's values; NaN or ±inf is its row's error (JSON has no such number)."""
    for i, value in enumerate(values):
        if value is not None and not math.isfinite(value):
            problems.setdefault(i, []).append((path, NOT_FINITE))
    return values


def _nested(value, path: str, i: int, problems: dict):
    bad: list = []
    value = _clean(value, path, bad)
    if bad:
        problems.setdefault(i, []).extend(bad)
    return value


def _dates(column, path: str, problems: dict) -> list:
    """A date32 column as ISO text; one with a day Python cannot hold is read value by value."""
    import pyarrow.compute as pc

    pa = pyarrow()
    low, high = pc.min_max(column.cast(pa.int32())).values()
    if low.is_valid and not (DAY_MIN <= low.as_py() and high.as_py() <= DAY_MAX):
        return _values(column, path, problems)
    return pc.cast(column, pa.string()).to_pylist()


def _values(column, path: str, problems: dict) -> list:
    """The column as Python values; a value Python cannot hold (a date past 9999) is its row's error."""
    try:
        return column.to_pylist()
    except (OverflowError, ValueError):
        pass
    out: list = []
    for i in range(len(column)):
        try:
            out.append(column[i].as_py())
        except (OverflowError, ValueError):
            problems.setdefault(i, []).append((path, OUT_OF_RANGE))
            out.append(None)
    return out


def _cells(kind: str, path: str, values: list, problems: dict) -> list:
    """String cells of a typed field read as CSV reads them; blank cells are absent."""
    from flexcalc.batch.columns import CellError, convert

    out: list = []
    for i, value in enumerate(values):
        if value is None or not value.strip():
            out.append(None)
            continue
        try:
            out.append(convert(kind, value, path))
        except CellError as e:
            problems.setdefault(i, []).append((path, e.args[0]))
            out.append(None)
    return out


def _place(objs: list[dict], keys: tuple[str, ...], path: str, values: list, problems: dict) -> None:
    """Each row's non-null value put at its key path (nested objects made as needed)."""
    if len(keys) == 1:
        key = keys[0]
        for obj, value in zip(objs, values, strict=True):
            if value is not None:
                obj[key] = value
        return
    head, last = keys[:-1], keys[-1]
    if len(head) == 1:  # the common case (`business.type`): one parent object
        _place_under(objs, head[0], last, path, values, problems)
        return
    for i, value in enumerate(values):
        if value is None:
            continue
        node: Any = objs[i]
        for key in head:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                problems.setdefault(i, []).append((path, CONFLICT))
                break
        else:
            node[last] = value


def _place_under(objs: list[dict], parent: str, key: str, path: str, values: list, problems: dict) -> None:
    """`_place` for a path of two keys, without the general walk."""
    for obj, value in zip(objs, values, strict=True):
        if value is not None:
            node = obj.get(parent)
            if node is None:
                node = obj[parent] = {}
            elif type(node) is not dict:
                i = next(j for j, o in enumerate(objs) if o is obj)
                problems.setdefault(i, []).append((path, CONFLICT))
                continue
            node[key] = value


def batch_records(batch, columns: list[Column], first: int) -> list[tuple[int, str, object]]:
    """(row number, kind, payload) per row: "json" bytes, or "cells" (problems, profile id)."""
    objs: list[dict] = [{} for _ in range(batch.num_rows)]
    problems: dict[int, list] = {}
    for col, array in zip(columns, batch.columns, strict=True):
        path = ".".join(col.keys)
        if col.decimal:
            values = _numbers(array)
        elif col.date:
            values = _dates(array, path, problems)
        else:
            values = _values(array, path, problems)
        if col.text and col.kind != "text":
            values = _cells(col.kind, path, values, problems)
        elif col.nested:
            values = [None if v is None else _nested(v, path, i, problems) for i, v in enumerate(values)]
        elif col.floating:
            values = _finite(values, path, problems)
        _place(objs, col.keys, path, values, problems)
    out: list[tuple[int, str, object]] = []
    for i, obj in enumerate(objs, start=first):
        bad = problems.get(i - first)
        if bad:
            pid = obj.get("id")
            out.append((i, "cells", (bad, pid if isinstance(pid, str) else None)))
            continue
        try:
            out.append((i, "json", orjson.dumps(obj, default=_default)))
        except TypeError as e:
            out.append((i, "bad", t("某个值无法写成 JSON（{e}）", "a value has no JSON form ({e})", e=str(e))))
    return out


def records(stream, src=None) -> Iterator[tuple[int, str, object]]:
    """(row number, kind, payload) per row of a Parquet file, read a batch at a time."""
    pa = pyarrow()
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(stream)
    except (pa.ArrowException, OSError) as e:
        raise UsageError(
            f"the input is not a readable Parquet file ({e}).", zh=f"输入不是可读取的 Parquet 文件（{e}）。"
        ) from None
    from flexcalc.batch.columns import columns_problem

    problem = columns_problem(pf.schema_arrow.names, "Parquet")
    if problem:
        raise UsageError(*problem)
    columns = plan(pf.schema_arrow.names, pf.schema_arrow.types)
    number = 1
    for batch in pf.iter_batches(batch_size=BATCH_ROWS):
        for start in range(0, batch.num_rows, SLICE):
            part = batch.slice(start, SLICE)
            yield from batch_records(part, columns, number)
            number += part.num_rows
        if src is not None:
            src.bytes_read = stream.tell() if hasattr(stream, "tell") else 0
