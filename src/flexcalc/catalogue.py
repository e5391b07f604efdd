"""One catalogue of the names people read: measures, groups, statuses, kinds (zh / en)."""

from __future__ import annotations

MEASURE_IDS: tuple[str, ...] = (
    "tax_deduction",
    "guarantee_loan",
    "rent_subsidy",
    "training_subsidy",
    "training_living_allowance",
    "startup_subsidy",
    "community_employment_aid",
    "social_insurance_subsidy",
    "accident_insurance_subsidy",
    "public_welfare_post_subsidy",
)

MEASURE_NAMES: dict[str, tuple[str, str]] = {
    "tax_deduction": ("重点群体创业税费扣减", "Tax deduction for key groups starting a business"),
    "guarantee_loan": ("创业担保贷款", "Start-up guarantee loan"),
    "rent_subsidy": ("房租/场地补贴", "Rent / site subsidy"),
    "training_subsidy": ("职业培训补贴", "Vocational training subsidy"),
    "training_living_allowance": ("培训期间生活费补贴", "Living allowance during training"),
    "startup_subsidy": ("一次性创业补贴", "One-time start-up subsidy"),
    "community_employment_aid": ("社区就业援助金", "Community employment aid"),
    "social_insurance_subsidy": ("灵活就业社会保险补贴", "Social-insurance subsidy for flexible work"),
    "accident_insurance_subsidy": ("灵活就业意外伤害保险补贴", "Accident-insurance subsidy"),
    "public_welfare_post_subsidy": ("公益性岗位补贴", "Public-welfare post subsidy"),
}

GROUP_NAMES: dict[str, tuple[str, str]] = {
    "registered_unemployed": ("登记失业人员", "registered unemployed"),
    "employment_difficulty": ("就业困难人员", "person with employment difficulty"),
    "college_graduate": ("高校毕业生", "college graduate"),
    "student": ("在校生", "student"),
    "veteran": ("退役军人", "veteran"),
    "poverty_registered": ("建档立卡/脱贫人口", "registered poor / lifted out of poverty"),
    "disabled": ("残疾人", "person with a disability"),
    "subsistence_allowance": ("低保家庭成员", "member of a subsistence-allowance family"),
    "zero_employment_family": ("零就业家庭成员", "member of a zero-employment family"),
    "single_parent": ("单亲抚养未成年人者", "single parent of a minor"),
    "military_spouse": ("随军配偶", "military spouse"),
    "entitled_group": ("优抚对象/烈属", "entitled group / martyr's family"),
    "migrant_worker": ("农民工", "migrant worker"),
    "returnee": ("返乡入乡创业人员", "returnee starting a business"),
    "no_further_schooling": ("两后生", "school leaver not continuing study"),
    "farmer": ("从事非农产业创业的农民", "farmer starting a non-farm business"),
    "released_prisoner": ("刑满释放人员", "released prisoner"),
    "online_merchant": ("网络商户", "online merchant"),
    "laid_off": ("下岗失业/转岗职工", "laid-off / redeployed worker"),
    "overcapacity_worker": ("化解过剩产能企业职工", "worker from an overcapacity enterprise"),
    "difficult_family_graduate": ("困难/脱贫家庭高校毕业生", "graduate from a poor family"),
    "platform_worker": ("互联网平台就业人员", "platform worker"),
}

STATUS_NAMES: dict[str, tuple[str, str]] = {
    "eligible": ("符合", "eligible"),
    "ineligible": ("不符合", "ineligible"),
    "needs_info": ("待补充", "needs info"),
    "not_in_force": ("不在有效期", "not in force"),
    "not_offered": ("本市未设", "not offered"),
    "excluded": ("不可兼得", "excluded"),
}

KIND_NAMES: dict[str, tuple[str, str]] = {
    "cash": ("现金补贴", "cash"),
    "tax_relief": ("税费减免", "tax relief"),
    "loan": ("贷款额度", "loan limit"),
    "service": ("服务", "service"),
}

TOTAL_NAMES: dict[str, tuple[str, str]] = {
    "cash_yuan": ("现金补贴合计（本人）", "Cash to the person"),
    "tax_relief_yuan": ("税费减免合计", "Tax relief"),
    "loan_limit_yuan": ("可贷额度合计", "Loan limit"),
}


def name(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """The zh or en name of `key` in one of the tables above."""
    zh, en = table[key]
    return en if lang == "en" else zh


def group_list(codes, lang: str) -> str:
    """Group codes as a readable list in the given language."""
    sep = ", " if lang == "en" else "、"
    return sep.join(name(GROUP_NAMES, c, lang) for c in codes)
