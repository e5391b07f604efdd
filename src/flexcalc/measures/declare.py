"""What a measure says of itself, once: every registry of measures is derived from these.

A measure is one module under flexcalc/measures/ holding `MEASURE = Measure(...)` and `Rule`,
the union of the rule shapes its data may use (see registry.py, which finds them)."""

from __future__ import annotations

from dataclasses import dataclass, field

Words = tuple[str, str]  # (zh, en)


@dataclass(frozen=True)
class Measure:
    """A support measure: its contract id, its names, what it gives, to whom and for how long."""

    id: str  # the contract's measure id (result JSON, CSV columns, the data file's table)
    order: int  # its place among the measures: results list them by this number
    name: Words
    short: Words  # for narrow columns (compare, the batch summary)
    kind: str  # cash / tax_relief / loan / service (catalogue.KIND_NAMES)
    beneficiary: str  # person / platform / employer (catalogue.BENEFICIARY_NAMES)
    period: str  # catalogue.PERIOD_NAMES
    for_business: bool = False  # rules.md "No business": ineligible when the profile shows none
    # The words of this measure's own rule fields in the policy view: field → (zh, en, unit zh, unit en).
    fields: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    # Questions for profile facts only this measure reads: contract path → (zh, en), asked after
    # the shared ones (questions.WORDING).
    questions: dict[str, Words] = field(default_factory=dict)
