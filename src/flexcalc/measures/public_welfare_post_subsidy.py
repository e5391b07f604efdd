"""公益性岗位补贴 (public_welfare_post_subsidy): hours × the hourly minimum wage, paid to the employer."""

from __future__ import annotations

from flexcalc.measures.declare import Ask, Measure
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
    fields={
        "hourly_minimum_wage": ("小时最低工资标准", "Hourly minimum wage", "元/小时", "yuan/hour"),
    },
    questions={
        "employment.public_welfare_post_hours": Ask(
            "今年在非全日制公益性岗位工作了多少小时？",
            "How many hours has the person worked in a part-time public-welfare post this year?",
            after="employment.platform_accident_premium_yuan",
        ),
    },
)

Rule = NotOffered | HourlyWage
