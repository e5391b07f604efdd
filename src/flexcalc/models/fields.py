"""The models are stdlib dataclasses; pydantic validates them only when a schema is needed.

A `check` must start fast, and importing pydantic's model layer and building ~45 model
classes cost more than the rest of it. So the model classes are plain frozen dataclasses
whose string annotations carry pydantic metadata (`Field(...)`, discriminators); pydantic
reads them only here, when an adapter is built (on a cache miss, for `flexcalc schema`, and
for commands that introspect fields). The compiled validators are cached (see cache.py).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from functools import cache

# Every model class: keyword-only (so optional base fields may precede required ones).
# Not frozen, no generated eq/repr: each costs ~0.25 ms a class at start-up. Nothing assigns to
# a model object once built (rules read them; the data is shared, memoised by id).
if typing.TYPE_CHECKING:
    from typing_extensions import dataclass_transform

    _C = typing.TypeVar("_C", bound=type)

    @dataclass_transform(kw_only_default=True, eq_default=False)
    def model(cls: _C) -> _C: ...

else:
    model = dataclass(kw_only=True, eq=False, repr=False)

# The models import `Field` from here: their annotations are strings that pydantic evaluates only
# when it builds an adapter, so pydantic's own Field is imported then, not at start-up.
if typing.TYPE_CHECKING:
    from pydantic import Field
else:

    def Field(*args, **kwargs):
        """pydantic.Field, imported on first use."""
        from pydantic import Field as field

        return field(*args, **kwargs)


FORBID = {"extra": "forbid"}
STRICT_FORBID = {"extra": "forbid", "strict": True}


def reject(key: tuple, message: str, zh: str) -> None:
    """Fail validation from a model's __post_init__, at `key` below the model (a TOML key path).

    For rules that tie fields together, which Field constraints cannot state."""
    from pydantic_core import PydanticCustomError

    raise PydanticCustomError("data_rule", message, {"key": key, "zh": zh})


@cache
def adapter(tp):
    """A pydantic TypeAdapter of a model (builds its schema: slow, so cached per process)."""
    from pydantic import TypeAdapter

    return TypeAdapter(tp)


def is_model(obj) -> bool:
    """Whether obj is a model instance or class."""
    return dataclasses.is_dataclass(obj)


@dataclass(frozen=True)
class FieldMeta:
    """What a command needs to know of a model field."""

    annotation: object
    description: str | None


def model_fields(cls: typing.Any) -> dict[str, FieldMeta]:
    """The fields of a model class in order, with annotations resolved and descriptions."""
    return _model_fields(cls)


@cache
def _model_fields(cls) -> dict[str, FieldMeta]:
    hints = typing.get_type_hints(cls, include_extras=True)
    out = {}
    for f in dataclasses.fields(cls):
        ann = hints[f.name]
        out[f.name] = FieldMeta(_optional_outside(ann), _description(ann))
    return out


def _optional_outside(ann):
    """`Annotated[X | None, meta]` as `Annotated[X, meta] | None`, the shape pydantic's FieldInfo gives."""
    if typing.get_origin(ann) is not typing.Annotated:
        return ann
    inner, *meta = typing.get_args(ann)
    args = typing.get_args(inner)
    if typing.get_origin(inner) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return typing.Annotated[tuple([rest[0], *meta])] | None
    return ann


def _description(ann) -> str | None:
    for arg in (ann, *typing.get_args(ann)):
        if typing.get_origin(arg) is typing.Annotated:
            for meta in typing.get_args(arg)[1:]:
                desc = getattr(meta, "description", None)
                if desc:
                    return desc
    return None
