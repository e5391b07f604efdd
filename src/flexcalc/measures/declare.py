"""What a measure says of itself, once: every registry of measures is derived from these.

A measure is one module under flexcalc/measures/ holding `MEASURE = Measure(...)` and `Rule`,
the union of the rule shapes its data may use (see registry.py, which finds them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

Words = tuple[str, str]  # (zh, en)
FieldWords = tuple[str, str, str, str]  # (zh, en, unit zh, unit en): a figure of the data in the policy view


class Ask(NamedTuple):
    """The question for a profile fact, and where the interview asks it: right after `after`, the
    path of another question (a shared one in questions.SHARED, or a measure's); several after
    one are asked in the measures' order. A question after one never asked is asked last."""

    zh: str
    en: str
    after: str


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
    # The words of the fields only this measure's rule shapes have (catalogue.FIELD_NAMES adds
    # them to the words of the fields several measures share).
    fields: dict[str, FieldWords] = field(default_factory=dict)
    # The questions for profile facts only this measure reads: contract path → Ask
    # (questions.WORDING adds them to the questions of the facts several measures read).
    questions: dict[str, Ask] = field(default_factory=dict)
