"""What the pipeline produces: plain dataclasses, cheap to build in batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flexcalc.text import T


@dataclass(slots=True)
class Check:
    """One condition of a rule: met (True), not met (False) or unknown (None)."""

    ok: bool | None
    text: T
    missing: tuple[str, ...] = ()
    # Absent facts a decided check rests on by presumption (a group standing in for the form):
    # a value of them could still change it, so they are asked where the measure waits anyway.
    soft: tuple[str, ...] = ()


@dataclass(slots=True)
class Outcome:
    """What a rule decided, before the pipeline adds the measure's identity."""

    status: str
    amount: Decimal | None = None
    amount_min: Decimal | None = None
    checks: list[Check] = field(default_factory=list)
    notes: list[T] = field(default_factory=list)
    formula: T | None = None
    missing: list[str] = field(default_factory=list)
    # Facts that could raise an eligible amount (rules.md "Certain floor"): the amount is a floor.
    raise_if: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MeasureResult:
    """One measure's answer for one profile, with its clause and department."""

    id: str
    kind: str
    beneficiary: str
    period: str
    status: str
    amount: Decimal | None
    amount_min: Decimal | None
    amount_is_floor: bool
    document: str
    clause: str | None
    department: str | None
    checks: list[Check]
    notes: list[T]
    formula: T | None
    missing: list[str]
    figures: tuple = ()  # the dated or national figures in force, as `source.figures` cites them (dicts)
    document_en: str | None = None  # the document's title in English
    department_en: str | None = None  # the department in English
    # Set by changes.stamp (check's callers that look ahead: outreach, advise), never by batch:
    deadline: date | None = None  # the last day an eligible or needs_info answer stays so
    changes_on: date | None = None  # the first day after as-of its status or amount may change

    def words(self, key: str, lang: str) -> str | None:
        """The document or department as a person reads it: in English with the Chinese beside."""
        from flexcalc.catalogue import official

        return official(getattr(self, key), getattr(self, f"{key}_en"), lang)


@dataclass(slots=True)
class Entitlement:
    """A non-cash right the city's document grants (licence exemption, fee waiver…)."""

    id: str
    name: str
    name_en: str
    document: str
    clause: str


@dataclass(slots=True)
class Result:
    """All measures of one city for one profile at one date."""

    city: str
    city_name: str
    city_name_en: str
    as_of: date
    profile_id: str | None
    profile_name: str | None
    measures: list[MeasureResult]
    entitlements: list[Entitlement]
    totals: dict[str, Decimal]
    # Lower ends of the totals where a counted amount is a range (cash_min_yuan, …), else empty.
    totals_min: dict[str, Decimal] = field(default_factory=dict)
    # The document expired, or its data was reviewed long before the as-of date (review.py).
    warnings: list[T] = field(default_factory=list)
    # The --assume FIELD=VALUE texts the result rests on (facts the profile left out), for every
    # output for people to show.
    assumed: list[str] = field(default_factory=list)
