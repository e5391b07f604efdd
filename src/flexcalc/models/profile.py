"""The person's profile (contract.md): validated strictly at the boundary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from flexcalc.catalogue import GROUP_NAMES

# A Literal rather than an Enum: the compiled validator then pickles (see profile_validator).
GroupCode = Literal[tuple(GROUP_NAMES)]  # type: ignore[valid-type]

Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False, description="yuan, ≥ 0")]
Count = Annotated[int, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Employment(_Strict):
    """Current work (就业情况)."""

    form: (
        Literal["individual_business", "micro_enterprise", "part_time", "platform", "other_flexible", "none"] | None
    ) = Field(None, description="current form of work")
    registered: bool | None = Field(None, description="has done 灵活就业登记 / 就业登记")
    platform_accident_premium_yuan: Money | None = Field(
        None, description="accident-insurance premium a platform paid for this worker this year"
    )
    public_welfare_post_hours: Annotated[Decimal, Field(ge=0, allow_inf_nan=False)] | None = Field(
        None, description="hours in a part-time public-welfare post (公益性岗位) this year"
    )


class Premises(_Strict):
    """Rented business premises (经营场所)."""

    area_m2: Annotated[Decimal, Field(ge=0, allow_inf_nan=False)] | None = Field(
        None, description="rented floor area, m²"
    )
    rent_yuan_per_m2_per_day: Money | None = Field(None, description="rent actually paid, yuan per m² per day")
    lease_start: date | None = Field(None, description="lease start")
    lease_end: date | None = Field(None, description="lease end (exclusive)")
    state_owned: bool | None = Field(None, description="premises owned by the state (国有房产)")


class Business(_Strict):
    """The business the person runs (创业主体)."""

    type: Literal["individual", "micro_enterprise"] | None = Field(
        None, description="individual (个体工商户) or micro_enterprise (小微企业)"
    )
    registered_on: date | None = Field(None, description="business licence registration date")
    first_business: bool | None = Field(None, description="first business this person started (首次创业)")
    partners: Annotated[int, Field(ge=1)] | None = Field(
        None, description="people in a partnership start-up; 1 = alone"
    )
    in_community: bool | None = Field(None, description="operates in a residential community (社区)")
    in_incubator: bool | None = Field(None, description="in a recognised incubator (创业孵化基地/园区)")
    incubation_extended: bool | None = Field(None, description="incubation extension approved")
    second_time: bool | None = Field(None, description="second-time entrepreneur, stable and trustworthy (二次创业)")
    employee_pension_months: Count | None = Field(None, description="months of 职工养老保险 paid for the business")
    tax_due_yuan: Money | None = Field(None, description="taxes due for the as-of tax year, before relief")
    premises: Premises | None = None


class SocialInsurance(_Strict):
    """Contributions actually paid in the period assessed (社会保险缴费)."""

    pension_yuan: Money | None = Field(None, description="pension contributions paid")
    medical_yuan: Money | None = Field(None, description="medical-insurance contributions paid")
    unemployment_yuan: Money | None = Field(None, description="unemployment-insurance contributions paid")
    monthly_base_yuan: Money | None = Field(None, description="contribution base chosen, per month")
    at_minimum_base: bool | None = Field(None, description="paid at the lowest allowed base")
    months: Count | None = Field(None, description="months the payments cover")
    subsidised_months_before: Count | None = Field(None, description="months of this subsidy already received")


class Training(_Strict):
    """One vocational training course (职业培训)."""

    occupation: str | None = Field(None, description="occupation (职业/工种) trained for")
    cost_yuan: Money | None = Field(None, description="cost of the course")
    days: Count | None = Field(None, description="days of training")
    start: date | None = Field(None, description="first day of the course")


class Loan(_Strict):
    """The guarantee loan asked for (创业担保贷款)."""

    requested_yuan: Money | None = Field(None, description="amount asked for")


class Profile(_Strict):
    """A person's profile: every field optional unless a rule needs it."""

    id: str | None = Field(None, description="echoed into the result; batch rows are matched by it")
    name: str | None = Field(None, description="echoed")
    city: str | None = Field(None, description="used by batch when --city is not given")
    birth_date: date | None = None
    gender: Literal["male", "female"] | None = None
    original_retirement_age: Literal[50, 55, 60] | None = Field(
        None, description="statutory retirement age before the 2025 reform"
    )
    local_hukou: bool | None = Field(None, description="本市户籍")
    rural_hukou: bool | None = Field(None, description="农村户籍")
    groups: list[GroupCode] | None = Field(None, description="identity categories (group codes)")
    graduated_on: date | None = Field(None, description="date of leaving college (高校毕业)")
    holds_employment_certificate: bool | None = Field(None, description="holds 《就业创业证》 or 《就业失业登记证》")
    unemployment_registered_on: date | None = Field(None, description="date of 失业登记")
    receiving_unemployment_insurance: bool | None = Field(None, description="currently drawing 失业保险金")
    employment: Employment | None = None
    business: Business | None = None
    social_insurance: SocialInsurance | None = None
    training: list[Training] | None = None
    loan: Loan | None = None
    extra: dict[str, Any] | None = Field(None, description="free-form; never read by the rules")


def profile_validator():
    """The compiled validator of Profile, from the cache when this code built it before."""
    from flexcalc import cache

    validator = cache.get("profile-validator")
    if validator is None:
        validator = Profile.__pydantic_validator__  # builds the deferred schema
        cache.put("profile-validator", "", validator)
    return validator
