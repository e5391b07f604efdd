"""Building blocks of the data file: cited figures, group paths, rule bases."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal

from flexcalc.models.fields import FORBID, model
from flexcalc.models.profile import GroupCode

if TYPE_CHECKING:  # pydantic reads Field in the annotations only when it builds a schema
    from pydantic import Field


@model
class Cited:
    """A figure with its source: the clause it comes from and, if needed, a reading note.

    Each kind of figure is a subclass that adds `value` with its type (named classes also
    pickle for the data cache)."""

    __pydantic_config__ = FORBID
    clause: Annotated[str, Field(min_length=1, description="clause of the city's document (or of `document`)")]
    quote: Annotated[str | None, Field(description="the words of the text the figure is read from")] = None
    note: Annotated[str | None, Field(description="how an ambiguous text was read")] = None
    document: Annotated[str | None, Field(description="another document, when the figure is not in the city's own")] = (
        None
    )
    from_: Annotated[
        date | None, Field(alias="from", description="first day in force (a dated entry); none = the document's start")
    ] = None
    until: Annotated[date | None, Field(description="last day in force, inclusive; none = until the next entry")] = None
    verified: Annotated[
        bool, Field(description="false: found only in a secondary source; results that use it say so")
    ] = True
    follows: Annotated[
        str | None,
        Field(description="TOML path of a national figure this one restates: its later entries supersede this one"),
    ] = None

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        """A figure is one cited value, a list of dated entries, or a reference to a national figure."""
        from flexcalc.timeline import figure_schema

        return figure_schema(cls, source, handler)


@model
class GroupPath:
    """One way to qualify: every condition listed here must hold (an AND)."""

    __pydantic_config__ = FORBID
    all_of: Annotated[list[GroupCode], Field(description="groups the person must all belong to")] = field(
        default_factory=list
    )
    any_of: Annotated[list[GroupCode], Field(description="groups of which one is enough")] = field(default_factory=list)
    rural_hukou: Annotated[bool | None, Field(description="农村户籍 must be this value")] = None
    graduated_within_months: Annotated[
        int | None, Field(gt=0, description="as-of date before graduated_on + this many months")
    ] = None
    employment_certificate: Annotated[bool | None, Field(description="must hold 《就业创业证》/《就业失业登记证》")] = (
        None
    )


@model
class Who(Cited):
    """Who qualifies: group paths, any one of which is enough."""

    value: list[GroupPath]


@model
class Money(Cited):
    """An amount in yuan, or a rate in yuan."""

    value: Decimal
    value_min: Annotated[
        Decimal | None,
        Field(description="the certain lower end where the rule allows a range (a provincial uplift not in the data)"),
    ] = None


@model
class Number(Cited):
    """A quantity that is not money (an area, say)."""

    value: Decimal


@model
class Count(Cited):
    """A whole number: months, days, years."""

    value: int


@model
class Day(Cited):
    """A date."""

    value: date


@model
class Flag(Cited):
    """A yes/no reading of the text."""

    value: bool


@model
class Words(Cited):
    """Something the text names without a figure."""

    value: str


Months = Count
Rate = Money


@model
class RuleBase:
    """What every offered measure states: its clause and the department to visit."""

    __pydantic_config__ = FORBID
    clause: Annotated[str, Field(min_length=1, description="clause of the document that grants the measure")]
    department: Annotated[str, Field(min_length=1, description="牵头/责任单位 named in the clause")]
    note: Annotated[str | None, Field(description="how the clause was read, where it is open")] = None


@model
class NotOffered:
    """The city's document has no such measure."""

    __pydantic_config__ = FORBID
    rule: Literal["not_offered"]
    note: Annotated[str, Field(min_length=1, description="why: what the document does and does not say")]
