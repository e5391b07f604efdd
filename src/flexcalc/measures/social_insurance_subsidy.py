"""灵活就业社会保险补贴 (social_insurance_subsidy): a share of the contributions paid."""

from __future__ import annotations

from flexcalc.measures.declare import Ask, Measure
from flexcalc.measures.shapes.common import NoFigure
from flexcalc.measures.shapes.share_of_paid import ShareOfPaid
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="social_insurance_subsidy",
    order=80,
    name=("灵活就业社会保险补贴", "Social-insurance subsidy for flexible work"),
    short=("社保补贴", "Social insurance"),
    kind="cash",
    beneficiary="person",
    period="contribution_period",
    fields={
        "categories": ("补贴对象与比例", "Who and what share", "", ""),
        "require_minimum_base": ("按最低缴费基数计算", "At the minimum base", "", ""),
        "base_cap_named": ("缴费基数上限", "Contribution base cap", "", ""),
        "average_wage_yuan": (
            "上年度平均工资（基数上限）",
            "Previous year's average wage (base cap)",
            "元/年",
            "yuan/year",
        ),
    },
    questions={
        "social_insurance.pension_yuan": Ask(
            "实际缴纳的基本养老保险费共多少元？",
            "How much pension contribution was actually paid, in yuan?",
            after="original_retirement_age",
        ),
        "social_insurance.medical_yuan": Ask(
            "实际缴纳的基本医疗保险费共多少元？",
            "How much medical-insurance contribution was actually paid, in yuan?",
            after="social_insurance.pension_yuan",
        ),
        "social_insurance.unemployment_yuan": Ask(
            "实际缴纳的失业保险费共多少元？",
            "How much unemployment-insurance contribution was actually paid, in yuan?",
            after="social_insurance.medical_yuan",
        ),
        "social_insurance.at_minimum_base": Ask(
            "是否按最低缴费基数缴费？",
            "Were the contributions paid at the lowest allowed base?",
            after="social_insurance.unemployment_yuan",
        ),
        "social_insurance.subsidised_months_before": Ask(
            "此前已领过几个月的灵活就业社保补贴？没有填 0。",
            "For how many months has this social-insurance subsidy already been received? 0 if none.",
            after="social_insurance.at_minimum_base",
        ),
        "social_insurance.monthly_base_yuan": Ask(
            "每月缴费基数多少元？",
            "What monthly contribution base was chosen, in yuan?",
            after="social_insurance.months",
        ),
    },
)

Rule = NotOffered | ShareOfPaid | NoFigure
