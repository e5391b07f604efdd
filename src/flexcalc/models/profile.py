"""The person's profile (contract.md): validated strictly at the boundary.

Plain frozen dataclasses (see models/fields.py); pydantic reads the `Field(...)` metadata in
the annotations when it builds the validator, which is cached.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from flexcalc.catalogue import GROUP_NAMES
from flexcalc.grammar import JSON_DATE, JSON_NUMBER
from flexcalc.models.fields import STRICT_FORBID, Field, model

# A Literal rather than an Enum: the compiled validator then pickles (see profile_validator).
# Built from the catalogue at run time; a type checker sees a plain string.
if TYPE_CHECKING:
    GroupCode = str
else:
    GroupCode = Literal[tuple(GROUP_NAMES)]
# Bounds by kind of number: far beyond any real person, close enough that no arithmetic on them
# can overflow a Decimal context or a date (graduated_on + 2 years stays a date). They are input
# validation, not policy figures: a value outside them is a typo or an attack, never a fact.
MONEY_MAX = 100_000_000  # yuan: 1亿, above any tax bill, loan, premium or course an individual has
RENT_MAX = 10_000  # yuan per m² per day
AREA_MAX = 1_000_000  # m² (one square kilometre)
HOURS_MAX = 8_784  # hours in a (leap) year
MONTHS_MAX = 1_200  # a hundred years
DAYS_MAX = 3_660  # ten years of training
PEOPLE_MAX = 10_000  # partners in one start-up
ITEMS_MAX = 100  # groups or training courses in one profile
TEXT_MAX = 1_000  # characters of an id, name, city or occupation
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

WorkForm = Literal["individual_business", "micro_enterprise", "part_time", "platform", "other_flexible", "none"]


# The statutory retirement ages before the 2025 reform the contract admits (one place for all readers).
OriginalAge = Literal[50, 55, 60]
ORIGINAL_AGES: tuple[int, ...] = get_args(OriginalAge)


@model
class Employment:
    """Current work (就业情况)."""

    __pydantic_config__ = STRICT_FORBID
    form: Annotated[WorkForm | None, Field(description="current form of work")] = None
    registered: Annotated[bool | None, Field(description="has done 灵活就业登记 / 就业登记")] = None
    platform_accident_premium_yuan: Annotated[
        Decimal | None,
        Field(
            ge=0,
            le=MONEY_MAX,
            allow_inf_nan=False,
            description="accident-insurance premium a platform paid for this worker this year",
        ),
        JSON_NUMBER,
    ] = None
    public_welfare_post_hours: Annotated[
        Decimal | None,
        Field(
            ge=0,
            le=HOURS_MAX,
            allow_inf_nan=False,
            description="hours in a part-time public-welfare post (公益性岗位) this year",
        ),
        JSON_NUMBER,
    ] = None


@model
class Premises:
    """Rented business premises (经营场所)."""

    __pydantic_config__ = STRICT_FORBID
    area_m2: Annotated[
        Decimal | None, Field(ge=0, le=AREA_MAX, allow_inf_nan=False, description="rented floor area, m²"), JSON_NUMBER
    ] = None
    rent_yuan_per_m2_per_day: Annotated[
        Decimal | None,
        Field(ge=0, le=RENT_MAX, allow_inf_nan=False, description="rent actually paid, yuan per m² per day"),
        JSON_NUMBER,
    ] = None
    lease_start: Annotated[date | None, Field(ge=EARLIEST, le=LATEST, description="lease start"), JSON_DATE] = None
    lease_end: Annotated[date | None, Field(ge=EARLIEST, le=LATEST, description="lease end (exclusive)"), JSON_DATE] = (
        None
    )
    state_owned: Annotated[bool | None, Field(description="premises owned by the state (国有房产)")] = None


@model
class Business:
    """The business the person runs (创业主体)."""

    __pydantic_config__ = STRICT_FORBID
    type: Annotated[
        Literal["individual", "micro_enterprise"] | None,
        Field(description="individual (个体工商户) or micro_enterprise (小微企业)"),
    ] = None
    registered_on: Annotated[
        date | None, Field(ge=EARLIEST, le=LATEST, description="business licence registration date"), JSON_DATE
    ] = None
    planned: Annotated[bool | None, Field(description="a business being set up, not yet registered (筹备创业)")] = None
    first_business: Annotated[bool | None, Field(description="first business this person started (首次创业)")] = None
    partners: Annotated[
        int | None, Field(ge=1, le=PEOPLE_MAX, description="people in a partnership start-up; 1 = alone")
    ] = None
    in_community: Annotated[bool | None, Field(description="operates in a residential community (社区)")] = None
    in_incubator: Annotated[bool | None, Field(description="in a recognised incubator (创业孵化基地/园区)")] = None
    incubation_extended: Annotated[bool | None, Field(description="incubation extension approved")] = None
    second_time: Annotated[
        bool | None, Field(description="second-time entrepreneur, stable and trustworthy (二次创业)")
    ] = None
    employee_pension_months: Annotated[
        int | None, Field(ge=0, le=MONTHS_MAX, description="months of 职工养老保险 paid for the business")
    ] = None
    tax_due_yuan: Annotated[
        Decimal | None,
        Field(ge=0, le=MONEY_MAX, allow_inf_nan=False, description="taxes due for the as-of tax year, before relief"),
        JSON_NUMBER,
    ] = None
    premises: Premises | None = None


@model
class SocialInsurance:
    """Contributions actually paid in the period assessed (社会保险缴费)."""

    __pydantic_config__ = STRICT_FORBID
    pension_yuan: Annotated[
        Decimal | None,
        Field(ge=0, le=MONEY_MAX, allow_inf_nan=False, description="pension contributions paid"),
        JSON_NUMBER,
    ] = None
    medical_yuan: Annotated[
        Decimal | None,
        Field(ge=0, le=MONEY_MAX, allow_inf_nan=False, description="medical-insurance contributions paid"),
        JSON_NUMBER,
    ] = None
    unemployment_yuan: Annotated[
        Decimal | None,
        Field(ge=0, le=MONEY_MAX, allow_inf_nan=False, description="unemployment-insurance contributions paid"),
        JSON_NUMBER,
    ] = None
    monthly_base_yuan: Annotated[
        Decimal | None,
        Field(ge=0, le=MONEY_MAX, allow_inf_nan=False, description="contribution base chosen, per month"),
        JSON_NUMBER,
    ] = None
    at_minimum_base: Annotated[bool | None, Field(description="paid at the lowest allowed base")] = None
    months: Annotated[int | None, Field(ge=0, le=MONTHS_MAX, description="months the payments cover")] = None
    subsidised_months_before: Annotated[
        int | None, Field(ge=0, le=MONTHS_MAX, description="months of this subsidy already received")
    ] = None


@model
class Training:
    """One vocational training course (职业培训)."""

    __pydantic_config__ = STRICT_FORBID
    occupation: Annotated[str | None, Field(max_length=TEXT_MAX, description="occupation (职业/工种) trained for")] = (
        None
    )
    cost_yuan: Annotated[
        Decimal | None, Field(ge=0, le=MONEY_MAX, allow_inf_nan=False, description="cost of the course"), JSON_NUMBER
    ] = None
    days: Annotated[int | None, Field(ge=0, le=DAYS_MAX, description="days of training")] = None
    start: Annotated[date | None, Field(ge=EARLIEST, le=LATEST, description="first day of the course"), JSON_DATE] = (
        None
    )


@model
class Loan:
    """The guarantee loan asked for (创业担保贷款)."""

    __pydantic_config__ = STRICT_FORBID
    requested_yuan: Annotated[
        Decimal | None, Field(ge=0, le=MONEY_MAX, allow_inf_nan=False, description="amount asked for"), JSON_NUMBER
    ] = None


@model
class Profile:
    """A person's profile: every field optional unless a rule needs it."""

    __pydantic_config__ = STRICT_FORBID
    id: Annotated[
        str | None, Field(max_length=TEXT_MAX, description="echoed into the result; batch rows are matched by it")
    ] = None
    name: Annotated[str | None, Field(max_length=TEXT_MAX, description="echoed")] = None
    city: Annotated[str | None, Field(max_length=TEXT_MAX, description="used by batch when --city is not given")] = None
    birth_date: Annotated[date | None, Field(ge=EARLIEST, le=LATEST), JSON_DATE] = None
    gender: Literal["male", "female"] | None = None
    original_retirement_age: Annotated[
        OriginalAge | None, Field(description="statutory retirement age before the 2025 reform")
    ] = None
    local_hukou: Annotated[bool | None, Field(description="本市户籍")] = None
    rural_hukou: Annotated[bool | None, Field(description="农村户籍")] = None
    groups: Annotated[
        list[GroupCode] | None, Field(max_length=ITEMS_MAX, description="identity categories (group codes)")
    ] = None
    graduated_on: Annotated[
        date | None, Field(ge=EARLIEST, le=LATEST, description="date of leaving college (高校毕业)"), JSON_DATE
    ] = None
    holds_employment_certificate: Annotated[
        bool | None, Field(description="holds 《就业创业证》 or 《就业失业登记证》")
    ] = None
    unemployment_registered_on: Annotated[
        date | None, Field(ge=EARLIEST, le=LATEST, description="date of 失业登记"), JSON_DATE
    ] = None
    receiving_unemployment_insurance: Annotated[bool | None, Field(description="currently drawing 失业保险金")] = None
    employment: Employment | None = None
    business: Business | None = None
    social_insurance: SocialInsurance | None = None
    training: Annotated[list[Training] | None, Field(max_length=ITEMS_MAX)] = None
    loan: Loan | None = None
    extra: Annotated[dict[str, Any] | None, Field(description="free-form; never read by the rules")] = None


def profile_adapter():
    """The pydantic TypeAdapter of Profile (builds the schema)."""
    from flexcalc.models.fields import adapter

    return adapter(Profile)


def profile_validator():
    """The compiled validator of Profile, from the cache when this code built it before."""
    from flexcalc import cache

    validator = cache.get("profile-validator")
    if validator is None:
        validator = profile_adapter().validator
        cache.put("profile-validator", "", validator)
    return validator
