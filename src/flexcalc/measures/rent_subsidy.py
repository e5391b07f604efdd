"""房租/场地补贴 (rent_subsidy): incubator rent, site subsidy by the year, free space."""

from __future__ import annotations

from flexcalc.measures.declare import Ask, Measure
from flexcalc.measures.shapes.common import NoFigure
from flexcalc.measures.shapes.rent import IncubatorRent, YearlyRate
from flexcalc.models.rules import NotOffered

MEASURE = Measure(
    id="rent_subsidy",
    order=30,
    name=("房租/场地补贴", "Rent / site subsidy"),
    short=("房租补贴", "Rent subsidy"),
    kind="cash",
    beneficiary="person",
    period="lease",
    for_business=True,  # rules.md "No business": ineligible when the profile shows none
    fields={
        "max_area_m2": ("补贴面积上限", "Area cap", "㎡", "m²"),
        "max_rate_yuan_per_m2_per_day": ("补贴标准上限", "Rate cap", "元/㎡/天", "yuan/m²/day"),
        "max_days": ("补贴天数上限", "Days cap", "天", "days"),
        "max_days_extended": ("延长孵化后天数上限", "Days cap when extended", "天", "days"),
        "min_months_operating": ("正常经营满", "Operating at least", "个月", "months"),
        "yearly_rate": ("年补贴标准", "Yearly rate", "元/年", "yuan/year"),
    },
    questions={
        "business.premises.lease_start": Ask(
            "场地租赁从哪天开始？",
            "On what date does the lease of the premises start?",
            after="business.premises.state_owned",
        ),
        "business.premises.lease_end": Ask(
            "场地租赁到哪天结束（不含当天）？",
            "On what date does the lease end (the day after the last day)?",
            after="business.premises.lease_start",
        ),
        "business.premises.area_m2": Ask(
            "租用面积多少平方米？",
            "What floor area is rented, in m²?",
            after="business.premises.lease_end",
        ),
        "business.premises.rent_yuan_per_m2_per_day": Ask(
            "实际租金每平方米每天多少元？",
            "What rent is actually paid, in yuan per m² per day?",
            after="business.premises.area_m2",
        ),
        "business.incubation_extended": Ask(
            "是否已批准延长孵化期？",
            "Has an extension of the incubation been approved?",
            after="business.premises.rent_yuan_per_m2_per_day",
        ),
    },
)

Rule = NotOffered | IncubatorRent | YearlyRate | NoFigure
