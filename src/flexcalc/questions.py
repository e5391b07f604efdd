"""What to ask the person for a `needs_info` result: one plain question per missing profile field (zh / en)."""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from flexcalc.catalogue import CHOICE_LABELS

# The questions for the facts several measures read (the person, hukou, groups, the business,
# dates), kept here in one place, in the order they are asked: facts that decide many measures
# first. A fact only one measure reads has its question in that measure's declaration
# (measures/<id>.py, `questions=`), which says after which question it is asked; WORDING below
# is both, in asking order. `{n}` is the number of a training course (1-based).
SHARED: dict[str, tuple[str, str]] = {
    "employment.form": ("目前从事哪种工作？", "What is the person's current form of work?"),
    "business.type": (
        "经营的是个体工商户还是小微企业？",
        "Is the business an individual business (个体工商户) or a micro-enterprise (小微企业)?",
    ),
    "groups": ("属于哪些人员类别？", "Which groups does the person belong to?"),
    "graduated_on": ("高校毕业（离校）日期是哪天？", "On what date did the person leave college?"),
    "holds_employment_certificate": (
        "是否持有《就业创业证》或《就业失业登记证》？",
        "Does the person hold an employment certificate (《就业创业证》 or 《就业失业登记证》)?",
    ),
    "local_hukou": ("是否本市户籍？", "Does the person have local hukou (本市户籍)?"),
    "rural_hukou": ("是否农村户籍？", "Is the person's hukou rural (农村户籍)?"),
    "unemployment_registered_on": ("办理失业登记是哪天？", "On what date did the person register as unemployed?"),
    "employment.registered": (
        "是否已办理灵活就业登记（就业登记）？",
        "Has the person registered the (flexible) employment?",
    ),
    "business.registered_on": ("营业执照登记日期是哪天？", "On what date was the business licence registered?"),
    "business.first_business": ("这是本人第一次创业吗？", "Is this the first business the person has started?"),
    "business.employee_pension_months": (
        "为经营主体缴纳职工养老保险满几个月？",
        "For how many months has employee pension insurance been paid for the business?",
    ),
    "business.in_community": ("是否在社区内经营？", "Does the business operate in a residential community?"),
    "business.in_incubator": (
        "是否入驻认定的创业孵化基地（园区）？",
        "Is the business in a recognised incubator (创业孵化基地/园区)?",
    ),
    "business.premises.state_owned": ("经营场所是国有房产吗？", "Are the premises owned by the state?"),
    "birth_date": ("出生日期是哪天？", "What is the person's date of birth?"),
    "gender": ("性别？", "Gender?"),
    "original_retirement_age": (
        "原法定退休年龄（2025年改革前）是几岁？女职工按岗位为50或55岁。",
        "Statutory retirement age before the 2025 reform? Women: 50 or 55 by post.",
    ),
    "social_insurance.months": ("以上缴费覆盖几个月？", "How many months do those contributions cover?"),
    "training": ("参加过哪些职业培训？", "Which vocational training courses has the person taken?"),
    "training[].start": ("第{n}项培训哪天开始？", "Course {n}: on what date did it start?"),
}


def asking_order(shared: dict[str, tuple[str, str]], measures) -> dict[str, tuple[str, str]]:
    """Every question in the order it is asked: each shared one followed by the measures'
    questions asked after it (in the measures' order, each followed by those after it in turn);
    a measure's question after one that is never asked comes last. The first wording of a path wins."""
    after: dict[str | None, list[tuple[str, tuple[str, str]]]] = {}
    for measure in measures:
        for path, ask in measure.questions.items():
            after.setdefault(ask.after, []).append((path, (ask.zh, ask.en)))
    out: dict[str, tuple[str, str]] = {}

    def place(path: str, words: tuple[str, str]) -> None:
        if path in out:
            return
        out[path] = words
        for follower, its_words in after.pop(path, ()):
            place(follower, its_words)

    for path, words in shared.items():
        place(path, words)
    while after:  # anchored to a question that is never asked: last, in the measures' order
        for path, words in after.pop(next(iter(after))):
            place(path, words)
    return out


def _wording() -> dict[str, tuple[str, str]]:
    from flexcalc import registry

    return asking_order(SHARED, registry.measures())


WORDING = _wording()
ORDER = {key: i for i, key in enumerate(WORDING)}
_INDEX = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Question:
    """One question: the profile field it fills, its words, the kind of answer, and why it is asked."""

    field: str
    text: str
    kind: str  # date · bool · number · count · choice · groups · courses · text
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for choice and groups
    minimum: int | None = None  # least value of a count
    measures: tuple[str, ...] = ()  # measure ids whose result waits on the answer


def questions_for(result, lang: str = "zh", groups: list[str] | None = None, floors: bool = True) -> list[Question]:
    """The questions for every missing profile field of a result, deduplicated, in asking order.

    Figures the data file lacks (`data:…`) are never asked; `floors=False` leaves out the facts
    that could only raise a certain floor. `groups` narrows the group choices
    (e.g. to the codes a city's rules mention); any code stays a valid answer."""
    needed: dict[str, list[str]] = {}
    for m in result.measures:
        if m.amount_is_floor and not floors:
            continue
        for path in m.missing:
            if not path.startswith("data:"):
                needed.setdefault(path, []).append(m.id)
    fields = sorted(needed, key=order_key)
    return [question(f, lang, tuple(dict.fromkeys(needed[f])), groups) for f in fields]


def order_key(path: str) -> tuple[int, int, int]:
    """Catalogue order, then course number; unknown fields last."""
    key = pattern(path)
    idx = _INDEX.search(path)
    course = int(idx.group(1)) if idx else -1
    if key.startswith("training[]"):  # all questions of one course together
        return ORDER["training[].occupation"], course, ORDER.get(key, len(ORDER))
    return ORDER.get(key, len(ORDER)), course, 0


def pattern(path: str) -> str:
    """`training[0].days` → `training[].days`: the catalogue key of a field path."""
    return _INDEX.sub("[]", path)


def question(path: str, lang: str = "zh", measures: tuple[str, ...] = (), groups: list[str] | None = None) -> Question:
    """The question for one field path, worded in zh or en, its kind read from the Profile model."""
    kind, choices, minimum = field_kind(pattern(path))
    idx = _INDEX.search(path)
    words = WORDING.get(pattern(path))
    if words is None:
        text = _fallback(path, lang)
    else:
        text = (words[1] if lang == "en" else words[0]).format(n=int(idx.group(1)) + 1 if idx else "")
    labels = CHOICE_LABELS.get(pattern(path), {})
    if kind == "groups" and groups is not None:
        choices = tuple(c for c in choices if c in groups)
    shown = tuple((c, _label(labels.get(c), lang, c)) for c in choices)
    return Question(path, text, kind, shown, minimum, measures)


def _label(pair: tuple[str, str] | None, lang: str, default: str) -> str:
    if pair is None:
        return default
    return pair[1] if lang == "en" else pair[0]


def _fallback(path: str, lang: str) -> str:
    """A field without wording in the catalogue: its description from the model."""
    desc = _leaf(pattern(path))[1] or path
    return f"Please give: {desc}" if lang == "en" else f"请提供：{desc}"


@cache
def field_kind(key: str) -> tuple[str, tuple[str, ...], int | None]:
    """(kind, allowed values, least count) of a field, read from the Profile model's annotation."""
    annotation = _leaf(key)[0]
    base, metadata = _unwrap(annotation)
    minimum = next((m.ge for meta in metadata for m in _constraints(meta) if hasattr(m, "ge")), None)
    if get_origin(base) is list:
        (item,) = get_args(base)
        if isinstance(item, type) and issubclass(item, Enum):
            return "groups", tuple(e.value for e in item), None
        if get_origin(item) is Literal:
            return "groups", tuple(get_args(item)), None
        return "courses", (), None
    if get_origin(base) is Literal:
        return "choice", tuple(str(v) for v in get_args(base)), None
    if base is bool:
        return "bool", (), None
    if base is date:
        return "date", (), None
    if base is int:
        return "count", (), minimum if minimum is not None else 0
    if base is Decimal:
        return "number", (), None
    return "text", (), None


@cache
def field_bound(key: str):
    """The largest value a number or count field takes (its `le` in the Profile model), or None."""
    _, metadata = _unwrap(_leaf(key)[0])
    return next((m.le for meta in metadata for m in _constraints(meta) if getattr(m, "le", None) is not None), None)


def _leaf(key: str):
    """(annotation, description) of a dotted field path of the Profile."""
    from flexcalc.models.fields import model_fields
    from flexcalc.models.profile import Profile

    model: Any = Profile
    info: Any = None
    for part in key.split("."):
        info = model_fields(model)[part.removesuffix("[]")]
        base, _ = _unwrap(info.annotation)
        if part.endswith("[]"):
            base = get_args(base)[0]
        model = base
    return info.annotation, info.description


def _unwrap(annotation):
    """Strip `| None` and `Annotated[...]`: the base type and its constraint metadata."""
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    metadata: tuple = ()
    if get_origin(annotation) is Annotated:
        annotation, *rest = get_args(annotation)
        metadata = tuple(rest)
    return annotation, metadata


def _constraints(meta) -> list:
    return list(getattr(meta, "metadata", None) or [meta])
