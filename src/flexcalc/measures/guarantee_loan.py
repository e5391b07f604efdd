"""创业担保贷款 (guarantee_loan): the loan limit, min(requested, cap)."""

from __future__ import annotations

from flexcalc.measures.declare import Ask, Measure
from flexcalc.measures.shapes.capped_loan import CappedLoan
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="guarantee_loan",
    order=20,
    name=("创业担保贷款", "Start-up guarantee loan"),
    short=("担保贷款", "Guarantee loan"),
    kind="loan",
    beneficiary="person",
    period="loan_term",
    fields={
        "cap": ("个人额度上限", "Cap per person", "元", "yuan"),
        "term_years": ("贷款期限", "Loan term", "年", "years"),
        "partnership_cap": ("合伙创业额度上限", "Partnership cap", "元", "yuan"),
        "partnership_per_partner": ("合伙创业每人额度", "Partnership, per head", "元", "yuan"),
        "partnership_max": ("合伙创业额度最高", "Partnership ceiling", "元", "yuan"),
        "counter_guarantee_waived": ("免除反担保", "No counter-guarantee", "", ""),
        "counter_guarantee_waived_up_to": ("免反担保的贷款额度", "Waiver up to", "元", "yuan"),
        "counter_guarantee_waived_second_time": ("二次创业者免反担保", "Waiver: second-timers", "", ""),
    },
    questions={
        "business.planned": Ask(
            "是否正在筹备创业（尚未登记营业执照）？",
            "Is the person setting up a business that is not registered yet?",
            after="business.registered_on",
        ),
        "loan.requested_yuan": Ask(
            "打算申请多少元创业担保贷款？",
            "How much guarantee loan does the person ask for, in yuan?",
            after="business.tax_due_yuan",
        ),
        "business.partners": Ask(
            "合伙创业共几人？独自创业填 1。",
            "How many partners started the business? 1 if alone.",
            after="loan.requested_yuan",
        ),
        "business.second_time": Ask(
            "是否经营稳定守信的二次创业者？",
            "Is the person a second-time entrepreneur with a stable, trustworthy record?",
            after="business.partners",
        ),
    },
)

Rule = NotOffered | CappedLoan
