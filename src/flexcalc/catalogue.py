"""One catalogue of the names people read: measures, groups, statuses, kinds (zh / en)."""

from __future__ import annotations

from typing import TYPE_CHECKING

# The measures' ids, names and short names come from their declarations (flexcalc.registry):
# MEASURE_IDS, MEASURE_NAMES and MEASURE_SHORT below are derived on first use.
if TYPE_CHECKING:
    MEASURE_IDS: tuple[str, ...]
    MEASURE_NAMES: dict[str, tuple[str, str]]
    MEASURE_SHORT: dict[str, tuple[str, str]]
    FIELD_NAMES: dict[str, tuple[str, str, str, str]]


def __getattr__(key: str):
    """The registries derived from the measures' declarations, built once when first asked for."""
    from flexcalc import registry

    if key == "MEASURE_IDS":
        value: object = tuple(m.id for m in registry.measures())
    elif key == "MEASURE_NAMES":
        value = {m.id: m.name for m in registry.measures()}
    elif key == "MEASURE_SHORT":
        value = {m.id: m.short for m in registry.measures()}
    elif key == "FIELD_NAMES":
        value = dict(_FIELD_NAMES)
        for m in registry.measures():
            value.update(m.fields)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {key!r}")
    globals()[key] = value
    return value


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


TOTAL_SHORT: dict[str, tuple[str, str]] = {
    "cash_yuan": ("现金合计", "Cash"),
    "tax_relief_yuan": ("税费减免", "Tax relief"),
    "loan_limit_yuan": ("贷款额度", "Loan limit"),
}

BENEFICIARY_NAMES: dict[str, tuple[str, str]] = {
    "person": ("本人", "the person"),
    "platform": ("平台企业", "the platform"),
    "employer": ("用人单位", "the employer"),
}

PERIOD_NAMES: dict[str, tuple[str, str]] = {
    "one_time": ("一次性", "one-time"),
    "tax_year": ("每纳税年度", "per tax year"),
    "loan_term": ("贷款期内", "over the loan term"),
    "lease": ("按租期", "for the lease"),
    "per_training": ("每次培训", "per training"),
    "contribution_period": ("按缴费期", "for the contribution period"),
    "annual": ("每年", "per year"),
}

# What people read in the tables, the explain view, the policy view and the notice.
LABELS: dict[str, tuple[str, str]] = {
    "measure": ("措施", "Measure"),
    "status": ("状态", "Status"),
    "amount": ("金额（元）", "Amount (yuan)"),
    "clause": ("条款", "Clause"),
    "reason": ("依据", "Reason"),
    "as_of": ("评估日", "as of"),
    "profile": ("人员", "person"),
    "city": ("城市", "City"),
    "document": ("文件", "Document"),
    "no_figure": ("按规定", "as prescribed"),
    "no_figure_reason": ("文件未定金额，以经办部门核定为准", "no figure in the document: the office sets it"),
    "not_offered_reason": ("本市文件未设此项", "not in this city's document"),
    "entitlements": ("其他支持（非现金）", "Other support (non-cash)"),
    "department": ("办理部门", "Apply at"),
    "apply": ("办理", "apply at"),
    "clause_short": ("条款", "clause"),
    "missing": ("待补充", "Missing"),
    "formula": ("计算", "formula"),
    "notes": ("说明", "note"),
    "paid_to": ("发给", "paid to"),
    "totals": ("合计", "Totals"),
    "explain_hint": (
        "每项的全部条件、计算公式与办理部门：flexcalc explain（或 check --explain）",
        "every condition, formula and office: flexcalc explain (or check --explain)",
    ),
    "issuer": ("发文机关", "Issued by"),
    "number": ("文号", "Number"),
    "issued_on": ("发文日期", "Issued on"),
    "validity": ("有效期", "In force"),
    "open_start": ("文件未载明", "not stated"),
    "open_end": ("未设截止", "no end date"),
    "in_force": ("评估日 {d} 在有效期内", "in force on {d}"),
    "out_of_force": (
        "评估日 {d} 不在文件有效期内，各项措施均为“不在有效期”",
        "{d} is outside the document's validity: every measure is “not in force”",
    ),
    "no_validity": ("文件未载明有效期，按一直有效处理", "the document states no validity: treated as in force"),
    "figures": ("标准与条件", "Figures and conditions"),
    "groups": ("适用人群", "Eligible groups"),
    "anyone": ("不限身份", "anyone"),
    "requires": ("须满足", "Requires"),
    "non_combinable": ("不可兼得", "Not combinable"),
    "reading": ("解读", "Reading"),
    "source": ("出处", "Source"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "notice_title": ("灵活就业支持政策告知单", "Notice of flexible-employment support"),
    "notice_person": ("人员信息", "Person"),
    "notice_qualifies": ("可申请的措施", "Measures you qualify for"),
    "notice_excluded": ("不可兼得、未计入合计的措施", "Not combinable: left out of the totals"),
    "notice_pending": ("还需补充的材料或信息", "Still needed"),
    "notice_none": ("（无）", "(none)"),
    "notice_visit": ("请携带身份证件及相关材料到上列办理部门申请。", "Bring your ID and papers to the offices listed."),
    "notice_audit": ("核算依据", "Audit"),
    "version": ("程序版本", "flexcalc version"),
    "data_sha256": ("数据文件 SHA-256", "data file SHA-256"),
    "name": ("姓名", "Name"),
    "id": ("编号", "ID"),
    "cities": ("城市比较", "Cities compared"),
    "none_in_force": ("评估日无有效数字", "none in force at the as-of date"),
    "timeline": ("历次标准", "History"),
    "unverified": ("未核实", "not verified"),
    "warnings": ("提示", "Warning"),
    "expired": (
        "{n}已于 {u} 失效，数据中没有后续文件：以下各项均不在有效期，请向经办部门确认是否有新文件",
        "{n} expired on {u} and the data holds no successor: every measure below is not in force; "
        "ask the office whether a new document applies",
    ),
    "stale": (
        "{n}的数据最后核对于 {r}，距评估日已超过 {k} 天：标准可能已有变化，请核实",
        "the data of {n} was last reviewed on {r}, more than {k} days before the as-of date: "
        "figures may have changed since; confirm them",
    ),
}

# The words of the rule fields several measures' shapes share (policy view, explain), with the
# unit of a bare number, kept here in one place. A field only one measure's shapes have is worded
# in that measure's declaration (measures/<id>.py, `fields=`): FIELD_NAMES is these and those.
_FIELD_NAMES: dict[str, tuple[str, str, str, str]] = {
    "who": ("适用人群", "Eligible groups", "", ""),
    "activity": ("从业形式", "Kind of work", "", ""),
    "max_months": ("补贴月数上限", "Months cap", "个月", "months"),
    "min_months": ("正常经营满", "Operating at least", "个月", "months"),
    "advance_after_months": ("可先行申领：经营满", "Advance after", "个月", "months"),
    "advance_share": ("先行申领比例", "Advance share", "", ""),
    "amount": ("补贴金额", "Amount", "元", "yuan"),
    "registered_on_or_after": ("登记日不早于", "Registered on or after", "", ""),
    "min_pension_months": ("职工养老保险缴费满", "Employee pension for", "个月", "months"),
    "unemployment_registered_first": ("须先办理失业登记", "Unemployed first", "", ""),
    "unemployment_registered": ("须登记失业", "Registered unemployed", "", ""),
    "require_true": ("须满足", "Requires", "", ""),
    "needs_training": ("须参加培训", "Training required", "", ""),
}


def label(key: str, lang: str, **params) -> str:
    """A label of LABELS in the given language, with its {parameters} filled in."""
    text = name(LABELS, key, lang)
    return text.format(**params) if params else text


# --- words of the data in English ---------------------------------------------------------

_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CLAUSE_WORDS = {"文末": "end of the text", "文首": "head of the text", "正文": "body", "附件": "annex"}


def _numeral(text: str) -> str:
    """一 → 1, 十二 → 12, 二十三 → 23 (the numbers clauses use)."""
    if "十" not in text:
        return "".join(str(_DIGITS[c]) for c in text)
    tens, _, ones = text.partition("十")
    return str((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0))


def clause_words(clause: str | None, lang: str, english: str | None = None) -> str | None:
    """A clause as printed: as written in Chinese; in English the data's own English form, else
    its numbers in figures: 三（三） → 3(3), （十二） → (12), 第一条 → art. 1, 11、12 → 11, 12."""
    if clause is None or lang != "en":
        return clause
    if english:
        return english
    import re

    text = _CLAUSE_WORDS.get(clause, clause)
    text = re.sub(r"第([一二三四五六七八九十]+)条", lambda m: f"art. {_numeral(m.group(1))}", text)
    text = re.sub(r"[一二三四五六七八九十]+", lambda m: _numeral(m.group(0)), text)
    return text.replace("（", "(").replace("）", ")").replace("、", ", ")


def words(obj, key: str, lang: str) -> str | None:
    """A human-facing string of the data in `lang`: `key`, or `key_en` in English (validate makes
    sure every Chinese string has one, so this never falls back to Chinese silently)."""
    text = getattr(obj, key, None)
    if lang != "en" or text is None:
        return text
    return getattr(obj, f"{key}_en", None) or text


def official(zh: str | None, en: str | None, lang: str) -> str | None:
    """A department or document title in English with the Chinese official term beside it."""
    if zh is None or lang != "en" or not en or en == zh:
        return zh
    return f"{en} ({zh})"


def pair(obj, key: str):
    """A data string and its English form as one bilingual message (text.T)."""
    from flexcalc.text import T

    zh = getattr(obj, key)
    return T(zh, getattr(obj, f"{key}_en", None) or zh)


def clause_pair(obj):
    """An object's clause, as printed in Chinese and in English."""
    from flexcalc.text import T

    return T(obj.clause, clause_words(obj.clause, "en", getattr(obj, "clause_en", None)) or obj.clause)


# Answers offered for the fields with a fixed set of values.
CHOICE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "employment.form": {
        "individual_business": ("个体经营", "individual business"),
        "micro_enterprise": ("创办小微企业", "runs a micro-enterprise"),
        "part_time": ("非全日制就业", "part-time work"),
        "platform": ("平台就业（外卖、网约车等）", "platform work (delivery, ride-hailing…)"),
        "other_flexible": ("其他灵活就业", "other flexible work"),
        "none": ("未就业", "not working"),
    },
    "business.type": {
        "individual": ("个体工商户", "individual business"),
        "micro_enterprise": ("小微企业", "micro-enterprise"),
    },
    "gender": {"male": ("男", "male"), "female": ("女", "female")},
    "original_retirement_age": {"50": ("50 岁", "50"), "55": ("55 岁", "55"), "60": ("60 岁", "60")},
    "groups": GROUP_NAMES,
}
