"""The cities data file (data/cities.toml): documents, measures, entitlements, with sources."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from flexcalc.catalogue import MEASURE_IDS
from flexcalc.dates import add_months, month_index
from flexcalc.measures import (
    accident_insurance_subsidy,
    community_employment_aid,
    guarantee_loan,
    public_welfare_post_subsidy,
    rent_subsidy,
    social_insurance_subsidy,
    startup_subsidy,
    tax_deduction,
    training_living_allowance,
    training_subsidy,
)
from flexcalc.models.rules import Cited, Day

MeasureId = Literal[MEASURE_IDS]  # type: ignore[valid-type] - the contract's ids, from the catalogue


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Document(_Data):
    """The city's policy document and its period of validity."""

    title: str = Field(min_length=1)
    number: str | None = Field(None, description="文号, when the text gives one")
    issuer: str = Field(min_length=1)
    issued_on: date | None = None
    valid_from: Day | None = Field(None, description="first day in force; none = no start date in the text")
    valid_until: Day | None = Field(None, description="last day in force, inclusive; none = open-ended")
    note: str | None = None

    def in_force(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from.value:
            return False
        return not (self.valid_until and day > self.valid_until.value)


class Measures(_Data):
    """Every measure id of the contract, each with its rule for this city."""

    tax_deduction: tax_deduction.Rule
    guarantee_loan: guarantee_loan.Rule
    rent_subsidy: rent_subsidy.Rule
    training_subsidy: training_subsidy.Rule
    training_living_allowance: training_living_allowance.Rule
    startup_subsidy: startup_subsidy.Rule
    community_employment_aid: community_employment_aid.Rule
    social_insurance_subsidy: social_insurance_subsidy.Rule
    accident_insurance_subsidy: accident_insurance_subsidy.Rule
    public_welfare_post_subsidy: public_welfare_post_subsidy.Rule


class EntitlementData(_Data):
    """A non-cash right of the document, listed with its clause."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    clause: str = Field(min_length=1)
    quote: str | None = None


class NonCombinable(_Data):
    """Measures that may not both be paid: the smaller becomes `excluded`."""

    measures: list[MeasureId] = Field(min_length=2)
    clause: str = Field(min_length=1)
    quote: str | None = None


class City(_Data):
    """One city: its names, its document, and a rule for every measure."""

    name: str = Field(min_length=1, description="Chinese name, e.g. 威海市")
    name_en: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list, description="other names accepted by --city")
    province: str
    document: Document
    measures: Measures
    non_combinable: list[NonCombinable] = Field(default_factory=list)
    entitlements: list[EntitlementData] = Field(default_factory=list)


class RetirementStep(_Data):
    """One row of the 2025 reform: from a birth month, +1 month per `every_months` of birth."""

    original_age: Literal[50, 55, 60]
    from_birth_month: date = Field(description="first birth month affected (day ignored)")
    every_months: int = Field(gt=0)
    max_delay_months: int = Field(gt=0)


class MaleAge(Cited):
    """Men's statutory retirement age before the 2025 reform."""

    value: Literal[60]


class RetirementSteps(Cited):
    """The 2025 reform's steps, with their source."""

    value: list[RetirementStep]


class Retirement(_Data):
    """Statutory retirement age (法定退休年龄) and its gradual raise from 2025."""

    male_original_age: MaleAge
    steps: RetirementSteps

    def retirement_date(self, birth: date, original_age: int) -> date:
        """The day the person reaches statutory retirement age."""
        delay = 0
        for step in self.steps.value:
            if step.original_age == original_age:
                after = month_index(birth) - month_index(step.from_birth_month)
                if after >= 0:
                    delay = min(step.max_delay_months, after // step.every_months + 1)
        return add_months(birth, original_age * 12 + delay)


class CitiesData(_Data):
    """The whole data file."""

    schema_version: Literal[1]
    retirement: Retirement
    cities: dict[str, City] = Field(min_length=1)
