"""A figure of the data file: one cited value, dated entries, or a reference to a national figure.

The types and the pydantic schema every figure field uses (models.rules.Cited); which entry a rule
reads at a date, and the linking to the national layer, are flexcalc.timeline's.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from flexcalc.models.fields import FORBID, Field, model

NATIONAL = "national."


@model
class Ref:
    """A city figure that is the national (or provincial) one: the city's clause refers to it."""

    __pydantic_config__ = FORBID
    ref: Annotated[str, Field(pattern=r"^national(\.[A-Za-z0-9_]+)+$", description="TOML path of the national figure")]
    clause: Annotated[str, Field(min_length=1, description="the city's clause that refers to the national rule")]
    quote: str | None = None
    note: str | None = None
    document: str | None = None
    note_en: str | None = None
    document_en: str | None = None
    clause_en: str | None = None


class Timeline:
    """A figure's entries in date order, and the national or provincial entries that supply or supersede it."""

    def __init__(self, cls, own=(), ref: Ref | None = None):
        self.cls = cls
        self.own = tuple(own)
        self.ref = ref
        self.follows = ref.ref if ref else next((e.follows for e in reversed(self.own) if e.follows), None)
        self.start: date | None = None  # when the city's own figure starts (superseding entries start later)
        self.higher: tuple[tuple, ...] = ()  # the province's entries, then the national ones

    def at(self, day: date):
        """The entry in force at `day` (None when no entry covers it)."""
        own = pick(self.own, day)
        if not self.follows:
            return own
        for layer in self.higher:
            hit = pick(layer, day)
            if hit is None:
                continue
            if self.ref or (hit.from_ is not None and (self.start is None or hit.from_ > self.start)):
                return hit
            break
        return own

    def history(self) -> list:
        """Every entry that applies at some date, in date order (the timeline `policy` shows)."""
        layers = (self.own, *self.higher)
        days = {date(1900, 1, 1)} | {e.from_ for layer in layers for e in layer if e.from_}
        days |= {e.until + _ONE_DAY for layer in layers for e in layer if e.until and e.until < date.max}
        seen, out = set(), []
        for day in sorted(days):
            hit = self.at(day)
            if hit is not None and id(hit) not in seen:
                seen.add(id(hit))
                out.append(hit)
        return out


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


def pick(entries: tuple, day: date):
    """The last entry started on or before `day`, unless it ended before it."""
    found = None
    for e in entries:
        if e.from_ is None or e.from_ <= day:
            found = e
        else:
            break
    if found is None or (found.until is not None and day > found.until):
        return None
    return found


def figure_schema(cls, source, handler):
    """pydantic core schema of a figure: one cited value, dated entries, or a reference.

    The plain dataclass schema is built for a twin subclass without this hook (built for the
    class itself, pydantic would reuse it, hook-less, wherever the class appears again)."""
    from pydantic_core import core_schema as cs

    one = cs.no_info_after_validator_function(_as(cls), handler.generate_schema(_twin(cls)))
    many = cs.no_info_after_validator_function(lambda es: Timeline(cls, es), cs.list_schema(one, min_length=1))
    ref = cs.no_info_after_validator_function(lambda r: Timeline(cls, ref=r), handler.generate_schema(Ref))
    return cs.tagged_union_schema({"figure": one, "entries": many, "reference": ref}, discriminator=_shape)


_TWINS: dict[type, type] = {}


def _twin(cls) -> type:
    twin = _TWINS.get(cls)
    if twin is None:
        twin = _TWINS[cls] = type(cls.__name__, (cls,), {"__get_pydantic_core_schema__": None})
    return twin


def _as(cls):
    def convert(obj):
        obj.__class__ = cls  # the twin adds nothing: the object is an instance of the class itself
        return obj

    return convert


def _shape(value) -> str:
    if isinstance(value, list):
        return "entries"
    if isinstance(value, dict) and "ref" in value:
        return "reference"
    return "figure"
