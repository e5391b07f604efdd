"""The contract's profile as typed Parquet columns, dotted like CSV: schema and a writer.

Column types come from the Profile model: bool, int64, date32, decimal128(18, 6) for money and
other quantities (exact, never float), string; `groups` list<string>; `training`
list<struct<occupation, cost_yuan, days, start>>; `extra` JSON text.
"""

from __future__ import annotations

import typing
from datetime import date
from decimal import Decimal
from typing import Any

import orjson

from flexcalc.batch.parquet import pyarrow
from flexcalc.models.fields import is_model, model_fields

NUMBER = (18, 6)


def _arrow_type(annotation: Any):
    pa = pyarrow()
    tp = _strip(annotation)
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        values = typing.get_args(tp)
        return pa.int64() if all(isinstance(v, int) and not isinstance(v, bool) for v in values) else pa.string()
    if origin is list:
        (item,) = typing.get_args(tp)
        return pa.list_(_arrow_type(item))
    if origin is dict:
        return pa.string()  # extra: JSON text
    if isinstance(tp, type) and is_model(tp):
        return pa.struct([(k, _arrow_type(f.annotation)) for k, f in model_fields(tp).items()])
    return {bool: pa.bool_(), int: pa.int64(), Decimal: pa.decimal128(*NUMBER), date: pa.date32()}.get(tp, pa.string())


def _strip(annotation: Any) -> Any:
    from flexcalc.batch.columns import _strip as strip

    return strip(annotation)


def profile_schema():
    """Dotted column per scalar field of the profile; lists keep their item type."""
    from flexcalc.models.profile import Profile

    pa = pyarrow()
    fields = []

    def walk(model, prefix: str) -> None:
        for key, f in model_fields(model).items():
            inner = _strip(f.annotation)
            if isinstance(inner, type) and is_model(inner):
                walk(inner, f"{prefix}{key}.")
            else:
                fields.append((prefix + key, _arrow_type(f.annotation)))

    walk(Profile, "")
    return pa.schema(fields)


def _cell(value: Any, kind) -> Any:
    pa = pyarrow()
    if value is None:
        return None
    if pa.types.is_decimal(kind) and isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return Decimal(str(value))
    if pa.types.is_date32(kind) and isinstance(value, str):
        return date.fromisoformat(value)
    if pa.types.is_list(kind) and isinstance(value, list):
        return [_cell(v, kind.value_type) for v in value]
    if pa.types.is_struct(kind) and isinstance(value, dict):
        return {f.name: _cell(value.get(f.name), f.type) for f in kind}
    if pa.types.is_string(kind) and isinstance(value, dict):
        return orjson.dumps(value).decode()
    return value


def _get(obj: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def profiles_table(profiles: list[dict], schema=None):
    """A table of profile objects (contract JSON), one row each, typed by `profile_schema()`."""
    pa = pyarrow()
    schema = schema or profile_schema()
    arrays = [pa.array([_cell(_get(p, f.name), f.type) for p in profiles], type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)
