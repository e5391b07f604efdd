"""Building blocks of the data file: cited figures, group paths, rule bases."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from flexcalc.models.fields import FORBID, Field, model
from flexcalc.models.profile import GroupCode

# Bounds of each kind of figure: no document sets more, and Decimal sums of them never overflow.
MAX_YUAN = 100_000_000  # a sum of money (cap, amount, limit)
MAX_RATE = 10_000  # yuan per hour, per day or per m² a day
MAX_AREA_M2 = 100_000
MAX_MONTHS = 600  # 50 years
MAX_DAYS = 3_660  # 10 years
MAX_YEARS = 50
FIRST_DAY, LAST_DAY = date(1949, 10, 1), date(2100, 12, 31)


@model
class Cited:
    """A figure with its source: the clause it comes from and, if needed, a reading note.

    Each kind of figure is a subclass that adds `value` with its type (named classes also
    pickle for the data cache)."""

    __pydantic_config__ = FORBID
    if TYPE_CHECKING:  # each subclass's own field, with its type
        value: Any
    clause: Annotated[str, Field(min_length=1, description="clause of the city's document (or of `document`)")]
    quote: Annotated[str | None, Field(description="the words of the text the figure is read from")] = None
    note: Annotated[str | None, Field(description="how an ambiguous text was read")] = None
    document: Annotated[str | None, Field(description="another document, when the figure is not in the city's own")] = (
        None
    )
    note_en: Annotated[str | None, Field(description="the note in English")] = None
    document_en: Annotated[str | None, Field(description="the other document's name in English")] = None
    clause_en: Annotated[str | None, Field(description="the clause in English, where it is words, not numbers")] = None
    from_: Annotated[
        date | None,
        Field(
            alias="from",
            ge=FIRST_DAY,
            le=LAST_DAY,
            description="first day in force (a dated entry); none = the document's start",
        ),
    ] = None
    until: Annotated[
        date | None,
        Field(ge=FIRST_DAY, le=LAST_DAY, description="last day in force, inclusive; none = until the next entry"),
    ] = None
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
        from flexcalc.models.figures import figure_schema

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
        int | None, Field(gt=0, le=MAX_MONTHS, description="as-of date before graduated_on + this many months")
    ] = None
    employment_certificate: Annotated[bool | None, Field(description="must hold 《就业创业证》/《就业失业登记证》")] = (
        None
    )

    def has_conditions(self) -> bool:
        """Whether the path asks anything of the person (no conditions = everyone)."""
        return bool(self.all_of or self.any_of) or any(
            v is not None for v in (self.rural_hukou, self.graduated_within_months, self.employment_certificate)
        )


@model
class Who(Cited):
    """Who qualifies: group paths, any one of which is enough."""

    value: list[GroupPath]


@model
class Money(Cited):
    """A sum in yuan: 0 to MAX_YUAN, in fen at most."""

    value: Annotated[Decimal, Field(ge=0, le=MAX_YUAN, decimal_places=2, allow_inf_nan=False)]
    value_min: Annotated[
        Decimal | None,
        Field(
            ge=0,
            le=MAX_YUAN,
            decimal_places=2,
            allow_inf_nan=False,
            description="the certain lower end where the rule allows a range (a provincial uplift not in the data)",
        ),
    ] = None


@model
class Rate(Cited):
    """Yuan per unit (an hour's wage, a day's allowance, rent per m² a day): 0 to MAX_RATE."""

    value: Annotated[Decimal, Field(ge=0, le=MAX_RATE, decimal_places=4, allow_inf_nan=False)]


@model
class Area(Cited):
    """A floor area in m²."""

    value: Annotated[Decimal, Field(ge=0, le=MAX_AREA_M2, decimal_places=2, allow_inf_nan=False)]


@model
class Months(Cited):
    """A number of months."""

    value: Annotated[int, Field(ge=0, le=MAX_MONTHS)]


@model
class Days(Cited):
    """A number of days."""

    value: Annotated[int, Field(ge=0, le=MAX_DAYS)]


@model
class Years(Cited):
    """A number of years."""

    value: Annotated[int, Field(ge=0, le=MAX_YEARS)]


@model
class Day(Cited):
    """A date, from the founding of the PRC to 2100."""

    value: Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]


@model
class Flag(Cited):
    """A yes/no reading of the text."""

    value: bool


@model
class Words(Cited):
    """Something the text names without a figure."""

    value: str
    value_en: str | None = None


@model
class RuleBase:
    """What every offered measure states: its clause and the department to visit."""

    __pydantic_config__ = FORBID
    clause: Annotated[str, Field(min_length=1, description="clause of the document that grants the measure")]
    department: Annotated[str, Field(min_length=1, description="牵头/责任单位 named in the clause")]
    note: Annotated[str | None, Field(description="how the clause was read, where it is open")] = None
    department_en: Annotated[str | None, Field(description="the department in English")] = None
    note_en: Annotated[str | None, Field(description="the note in English")] = None


@model
class NotOffered:
    """The city's document has no such measure."""

    __pydantic_config__ = FORBID
    rule: Literal["not_offered"]
    note: Annotated[str, Field(min_length=1, description="why: what the document does and does not say")]
    note_en: Annotated[str | None, Field(description="the note in English")] = None
