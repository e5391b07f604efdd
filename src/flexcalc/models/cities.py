"""The cities data file (data/cities.toml): documents, measures, entitlements, with sources."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from flexcalc.catalogue import MEASURE_IDS
from flexcalc.dates import add_months, month_index
from flexcalc.models.fields import FORBID, Field, model
from flexcalc.models.rules import FIRST_DAY, LAST_DAY, MAX_MONTHS, Cited, Day

if TYPE_CHECKING:
    MeasureId = str
else:  # the contract's ids, from the catalogue
    MeasureId = Literal[MEASURE_IDS]


@model
class _Data:
    __pydantic_config__ = FORBID


@model
class Document(_Data):
    """The city's policy document and its period of validity."""

    title: Annotated[str, Field(min_length=1)]
    number: Annotated[str | None, Field(description="文号, when the text gives one")] = None
    issuer: Annotated[str, Field(min_length=1)]
    issued_on: Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)] | None = None
    valid_from: Annotated[Day | None, Field(description="first day in force; none = no start date in the text")] = None
    valid_until: Annotated[Day | None, Field(description="last day in force, inclusive; none = open-ended")] = None
    reviewed_on: Annotated[
        date | None,
        Field(
            ge=FIRST_DAY, le=LAST_DAY, description="when the data of this document was last checked against its sources"
        ),
    ] = None
    note: str | None = None
    title_en: str | None = None
    number_en: str | None = None
    issuer_en: str | None = None
    note_en: str | None = None

    def in_force(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from.value:
            return False
        return not (self.valid_until and day > self.valid_until.value)


def _measures_model() -> type:
    """Every measure id of the contract, each with its rule for this city: one field a declared
    measure (registry.py), annotated with the union of its rule shapes, tagged by `rule`."""
    import dataclasses

    from flexcalc import registry

    for mid in MEASURE_IDS:
        RULES[mid] = registry.rule_union(mid)
    fields = [(mid, f'Annotated[RULES["{mid}"], Field(discriminator="rule")]') for mid in MEASURE_IDS]
    cls = dataclasses.make_dataclass("Measures", fields, bases=(_Data,), kw_only=True, eq=False, repr=False)
    cls.__module__, cls.__qualname__ = __name__, "Measures"  # found by name when the data cache unpickles
    cls.__doc__ = "Every measure id of the contract, each with its rule for this city."
    return cls


RULES: dict[str, Any] = {}  # measure id → the union of its rule shapes (read by the annotations above)
if TYPE_CHECKING:

    class Measures:
        def __getattr__(self, mid: str) -> Any: ...

else:
    Measures = _measures_model()


@model
class EntitlementData(_Data):
    """A non-cash right of the document, listed with its clause."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Annotated[str, Field(min_length=1)]
    name_en: Annotated[str, Field(min_length=1)]
    clause: Annotated[str, Field(min_length=1)]
    quote: str | None = None
    clause_en: str | None = None
    until: Annotated[
        date | None, Field(description="the right's last day (its clause's 年底前); after it, not current")
    ] = None
    until_note: Annotated[str | None, Field(description="where the last day comes from")] = None

    def current(self, as_of: date) -> bool:
        """rules.md: a right with a deadline is listed as current only up to its last day."""
        return self.until is None or as_of <= self.until


@model
class NonCombinable(_Data):
    """Measures that may not both be paid: the smaller becomes `excluded`."""

    measures: Annotated[list[MeasureId], Field(min_length=2)]
    clause: Annotated[str, Field(min_length=1)]
    quote: str | None = None
    clause_en: str | None = None


@model
class City(_Data):
    """One city: its names, its document, and a rule for every measure."""

    name: Annotated[str, Field(min_length=1, description="Chinese name, e.g. 威海市")]
    name_en: Annotated[str, Field(min_length=1)]
    aliases: Annotated[list[str], Field(description="other names accepted by --city")] = field(default_factory=list)
    province: str
    province_en: str | None = None
    document: Document
    measures: Measures
    non_combinable: list[NonCombinable] = field(default_factory=list)
    entitlements: list[EntitlementData] = field(default_factory=list)


@model
class RetirementStep(_Data):
    """One row of the 2025 reform: from a birth month, +1 month per `every_months` of birth."""

    original_age: Literal[50, 55, 60]
    from_birth_month: Annotated[
        date, Field(ge=FIRST_DAY, le=LAST_DAY, description="first birth month affected (day ignored)")
    ]
    every_months: Annotated[int, Field(gt=0, le=MAX_MONTHS)]
    max_delay_months: Annotated[int, Field(gt=0, le=MAX_MONTHS)]


@model
class MaleAge(Cited):
    """Men's statutory retirement age before the 2025 reform."""

    value: Literal[60]


@model
class RetirementSteps(Cited):
    """The 2025 reform's steps, with their source."""

    value: list[RetirementStep]
    in_force_from: Annotated[date, Field(description="the reform's start (从2025年1月1日起, the quote)")]


@model
class Retirement(_Data):
    """Statutory retirement age (法定退休年龄) and its gradual raise from 2025."""

    male_original_age: MaleAge
    steps: RetirementSteps

    def retirement_date(self, birth: date, original_age: int, as_of: date) -> date:
        """The day the person reaches statutory retirement age, by the law in force at `as_of`
        (rules.md "Law in force at D": before the reform's start, the original ages)."""
        delay = 0
        for step in self.steps.value if as_of >= self.steps.in_force_from else ():
            if step.original_age == original_age:
                after = month_index(birth) - month_index(step.from_birth_month)
                if after >= 0:
                    delay = min(step.max_delay_months, after // step.every_months + 1)
        return add_months(birth, original_age * 12 + delay)


@model
class CitiesData(_Data):
    """The whole data file."""

    schema_version: Literal[1]
    review_max_age_days: Annotated[
        int | None, Field(gt=0, description="warn when a document was reviewed longer than this before the as-of date")
    ] = None
    retirement: Retirement
    national: Annotated[
        dict[str, Any],
        Field(description="figures set by national rules; cities restate (follows) or refer (ref) to them"),
    ] = field(default_factory=dict)
    provinces: Annotated[
        dict[str, dict[str, Any]],
        Field(description="a province's own figures, by province name, over the national ones"),
    ] = field(default_factory=dict)
    cities: Annotated[dict[str, City], Field(min_length=1)]
