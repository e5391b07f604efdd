"""Building blocks of the data file: cited figures, group paths, rule bases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from flexcalc.models.profile import GroupCode


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Cited(_Data):
    """A figure with its source: the clause it comes from and, if needed, a reading note.

    Each kind of figure is a subclass that adds `value` with its type (a plain subclass
    rather than a generic: pydantic builds a generic's schema at import, and named
    classes pickle for the data cache)."""

    clause: str = Field(min_length=1, description="clause of the city's document (or of `document`)")
    quote: str | None = Field(None, description="the words of the text the figure is read from")
    note: str | None = Field(None, description="how an ambiguous text was read")
    document: str | None = Field(None, description="another document, when the figure is not in the city's own")


class GroupPath(_Data):
    """One way to qualify: every condition listed here must hold (an AND)."""

    all_of: list[GroupCode] = Field(default_factory=list, description="groups the person must all belong to")
    any_of: list[GroupCode] = Field(default_factory=list, description="groups of which one is enough")
    rural_hukou: bool | None = Field(None, description="农村户籍 must be this value")
    graduated_within_months: int | None = Field(
        None, gt=0, description="as-of date before graduated_on + this many months"
    )
    employment_certificate: bool | None = Field(None, description="must hold 《就业创业证》/《就业失业登记证》")


# Concrete, named kinds of cited figure (named classes also pickle, see data.py's cache).


class Who(Cited):
    """Who qualifies: group paths, any one of which is enough."""

    value: list[GroupPath]


class Money(Cited):
    """An amount in yuan, or a rate in yuan."""

    value: Decimal


class Number(Cited):
    """A quantity that is not money (an area, say)."""

    value: Decimal


class Count(Cited):
    """A whole number: months, days, years."""

    value: int


class Day(Cited):
    """A date."""

    value: date


class Flag(Cited):
    """A yes/no reading of the text."""

    value: bool


class Words(Cited):
    """Something the text names without a figure."""

    value: str


Months = Count
Rate = Money


class RuleBase(_Data):
    """What every offered measure states: its clause and the department to visit."""

    clause: str = Field(min_length=1, description="clause of the document that grants the measure")
    department: str = Field(min_length=1, description="牵头/责任单位 named in the clause")
    note: str | None = Field(None, description="how the clause was read, where it is open")


class NotOffered(_Data):
    """The city's document has no such measure."""

    rule: Literal["not_offered"]
    note: str = Field(min_length=1, description="why: what the document does and does not say")
