"""公益性岗位补贴 (public_welfare_post_subsidy): hours × the hourly minimum wage, paid to the employer."""

from __future__ import annotations

from flexcalc.measures.declare import Measure
from flexcalc.measures.shapes.hourly_wage import HourlyWage
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="public_welfare_post_subsidy",
    order=100,
    name=("公益性岗位补贴", "Public-welfare post subsidy"),
    short=("公益岗补贴", "Welfare post"),
    kind="cash",
    beneficiary="employer",
    period="annual",
)

Rule = NotOffered | HourlyWage
