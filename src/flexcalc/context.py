"""The facts a rule asks about a profile at the as-of date, each as a three-valued Check."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from flexcalc.catalogue import group_list
from flexcalc.dates import add_months, whole_months
from flexcalc.models.profile import Profile
from flexcalc.models.result import Check, Outcome
from flexcalc.models.rules import GroupPath, Who
from flexcalc.text import T, t

FLEXIBLE_FORMS = frozenset({"individual_business", "part_time", "platform", "other_flexible"})
BUSINESS_KINDS = frozenset({"individual_business", "micro_enterprise"})
BUSINESS_KIND = {"individual": "individual_business", "micro_enterprise": "micro_enterprise"}
ACTIVITY_NAMES = {
    "individual_business": ("个体经营", "individual business"),
    "micro_enterprise": ("创办小微企业", "micro-enterprise"),
    "platform": ("平台就业", "platform work"),
    "part_time": ("非全日制就业", "part-time work"),
    "other_flexible": ("其他灵活就业", "other flexible work"),
}
FORM_WORDS = {k: T(*v) for k, v in ACTIVITY_NAMES.items()} | {"none": T("未就业", "not working")}


def business_state(b, as_of: date) -> str:
    """rules.md "Planned business": a profile's `business` at `as_of`, one of none (no
    `business`), registered (`registered_on` on or before `as_of`), planned (`planned: true`
    without a registration, or a `registered_on` after `as_of`), or either (a `business` with
    neither fact: registered or planned, unknown which). `planned: false` without a date is a
    registered business whose date is not given. Both engines read this one predicate."""
    if b is None:
        return "none"
    if b.registered_on is not None:
        return "registered" if b.registered_on <= as_of else "planned"
    if b.planned is None:
        return "either"
    return "planned" if b.planned else "registered"


def planned_text(registered_later: bool, months: int | None) -> T:
    """The words of a planned business (rules.md "Planned business"): registered after the as-of
    date, or being set up; the measure opens once registered (and after `months` of operation)."""
    zh, en = (
        ("营业执照登记日晚于评估日，评估日时仍在筹备", "registered after the as-of date: still being set up then")
        if registered_later
        else ("经营主体正在筹备、尚未登记", "the business is being set up, not registered yet")
    )
    if months:
        zh += "；本项在登记并正常经营满 {n} 个月后可申请"
        en += "; this measure opens once it is registered and has operated {n} months"
    else:
        zh += "；本项在经营主体登记后可申请"
        en += "; this measure opens once the business is registered"
    return t(zh, en, n=months)


class Ctx:
    """A profile seen at one date, with the derived facts the rules share."""

    __slots__ = ("p", "as_of", "groups", "retirement", "_months_operating", "quiet")

    def __init__(self, profile: Profile, as_of: date, retirement=None, quiet: bool = False):
        # quiet: a completion evaluated only for its status and amounts (engines.missing): no words
        self.quiet = quiet
        self.p = profile
        self.as_of = as_of
        self.groups = None if profile.groups is None else frozenset(profile.groups)
        self.retirement = retirement
        self._months_operating: int | None = None

    # --- groups -------------------------------------------------------------------

    def who(self, who: Who) -> Check:
        """Whether one of the data's group paths holds (OR of ANDs)."""
        return self.who_paths(who.value)

    def who_paths(self, paths: list[GroupPath]) -> Check:
        """Whether one of `paths` holds; unknown facts are named in `missing`.

        Memoised on the facts the paths read (groups, and hukou, certificate or graduation
        date only where a path asks): batch asks the same few questions millions of times.
        """
        ids = tuple(map(id, paths))
        plan = _PLANS.get(ids)
        if plan is None:
            plan = _PLANS[ids] = (tuple(paths), *_facts_read(paths))  # the entry keeps the ids alive
        p = self.p
        key = (
            ids,
            None if self.groups is None else self.groups & plan[4],
            p.rural_hukou if plan[1] else None,
            p.holds_employment_certificate if plan[2] else None,
            None if not plan[3] or p.graduated_on is None else self._graduated_within(plan[3]),
        )
        check = _WHO.get(key)
        if check is None:
            if len(_WHO) >= MEMO_LIMIT:
                _WHO.clear()
            check = _WHO[key] = self._who_paths(paths)
        return check

    def _graduated_within(self, months: tuple[int, ...]) -> tuple[bool, ...]:
        """For each window, whether the as-of date falls within it of leaving school."""
        grad = self.p.graduated_on
        assert grad is not None  # asked only once graduated_on is known
        return tuple(self.as_of < add_months(grad, m) for m in months)

    def _who_paths(self, paths: list[GroupPath]) -> Check:
        unknown: list[str] = []
        for path in paths:
            ok, missing = self._path(_compiled(path))
            if ok:
                return Check(True, _words(path, "身份符合：{}", "qualifying group: {}"))
            if ok is None:
                unknown.extend(m for m in missing if m not in unknown)
        if unknown:
            return Check(None, _options(paths, "身份待确认，需为：{}", "group to confirm, one of: {}"), tuple(unknown))
        return Check(False, _options(paths, "身份不符，需为：{}", "not in a qualifying group: {}"))

    def _path(self, c: _Compiled) -> tuple[bool | None, list[str]]:
        p, missing = self.p, []
        ok: bool | None = True
        if c.all_of or c.any_of:
            if self.groups is None:
                ok, missing = None, ["groups"]
            elif not c.all_of <= self.groups or (c.any_of and not c.any_of & self.groups):
                return False, []
        path = c.path
        for flag, want, field in (
            (p.rural_hukou, path.rural_hukou, "rural_hukou"),
            (p.holds_employment_certificate, path.employment_certificate, "holds_employment_certificate"),
        ):
            if want is None:
                continue
            if flag is None:
                ok, missing = None, missing + [field]
            elif flag != want:
                return False, []
        if path.graduated_within_months is not None:
            if p.graduated_on is None:
                ok, missing = None, missing + ["graduated_on"]
            elif self.as_of >= add_months(p.graduated_on, path.graduated_within_months):
                return False, []
        return ok, missing

    def near_retirement(self, months: int) -> Check:
        return near_retirement(self, months)

    def has_group(self, code: str) -> bool | None:
        return None if self.groups is None else code in self.groups

    # --- work and business --------------------------------------------------------

    def works_as(self, kinds: Iterable[str]) -> Check:
        """Whether the person's work is one of `kinds` (business.type, employment.form); memoised."""
        p = self.p
        b = p.business
        form = p.employment.form if p.employment else None
        btype = b.type if b else None
        state = 0 if b is None else 1 if b.registered_on is None else 2  # none, unregistered, registered
        platform_group = self.has_group("platform_worker") if form is None else None
        key = (tuple(kinds), form, btype, state, platform_group)
        check = _WORKS.get(key)
        if check is None:
            check = _WORKS[key] = self._works_as(key[0], form, btype, state, platform_group)
        return check

    def _works_as(self, kinds: tuple[str, ...], form, btype, state: int, platform_group) -> Check:
        """rules.md "Activity": the form wins over a group; a registered business of unknown type
        qualifies where every type would."""
        names = "、".join(ACTIVITY_NAMES[k][0] for k in kinds)
        names_en = ", ".join(ACTIVITY_NAMES[k][1] for k in kinds)
        yes = Check(True, T(f"从事{names}", f"works in: {names_en}"))
        wanted = set(kinds)
        if form in wanted or BUSINESS_KIND.get(btype) in wanted:
            return yes
        if btype is None and form in BUSINESS_KINDS:
            btype = form  # rules.md "Form decides the kind of business": the type is known
        elif btype is None and state and BUSINESS_KINDS <= wanted:
            return yes  # rules.md: a business object is a business; of unknown type, every type qualifies
        if platform_group and "platform" in wanted:
            # the form is absent: the platform_worker group is fair evidence (rules.md)
            return Check(
                True, T(f"从事{names}（按人员类别推定）", f"works in: {names_en} (by group)"), soft=("employment.form",)
            )
        unknown = []
        if btype is None and (state or form is None) and BUSINESS_KINDS & wanted:
            unknown.append("business.type")
        if form is None:
            unknown.append("employment.form")
            if platform_group is None and "platform" in wanted:
                unknown.append("groups")  # platform_worker would stand in for the absent form
        if btype is None and state == 0 and form is None and BUSINESS_KINDS <= wanted:
            unknown.append("business.registered_on")  # a registered business of any type would do
        if unknown:
            return Check(
                None, T(f"未知是否从事{names}", f"unknown whether the person works in: {names_en}"), tuple(unknown)
            )
        return Check(False, T(f"未从事{names}", f"does not work in: {names_en}"))

    def business_state(self) -> str:
        """The person's business at the as-of date (see business_state)."""
        return business_state(self.p.business, self.as_of)

    def planned_check(self, months: int | None = None) -> Check:
        """Why a measure for a registered business fails for a planned one (rules.md)."""
        # the words hold no date, only whether one is given
        reg = self.p.business.registered_on if self.p.business else None
        return Check(False, planned_text(reg is not None, months))

    def runs_no_business(self) -> bool:
        """rules.md "No business": the form is given, is not a business form, and there is no `business`."""
        p = self.p
        form = p.employment.form if p.employment else None
        return p.business is None and form is not None and form not in BUSINESS_KINDS

    def no_business_check(self) -> Check:
        form = self.p.employment.form if self.p.employment else None
        assert form is not None  # asked only when runs_no_business(): the form is known
        return Check(
            False,
            t(
                "档案显示未经营任何经营主体（工作形式：{f}），本项为创业经营者所设",
                "the profile shows no business (form of work: {f}); this measure is for a business",
                f=FORM_WORDS.get(form, T(form, form)),
            ),
        )

    def flexible_worker(self) -> Check:
        """灵活就业 per rules.md: a flexible employment form or an individual business."""
        return self.works_as(("individual_business", "part_time", "platform", "other_flexible"))

    def months_operating(self) -> int | None:
        """Whole months from business registration to the as-of date (None if unknown)."""
        reg = self.p.business.registered_on if self.p.business else None
        if reg is None:
            return None
        return whole_months(reg, self.as_of)

    def operating_at_least(self, months: int) -> Check:
        """正常经营满 N 个月: months operating ≥ N."""
        if self.business_state() == "planned":
            return self.planned_check(months)
        m = self.months_operating()
        if m is None:
            return Check(
                None, t("需营业执照登记日期", "business registration date needed"), ("business.registered_on",)
            )
        if m < 0:
            return Check(
                False,
                t(
                    "营业执照登记日 {d} 晚于评估日",
                    "business registered {d}, after the as-of date",
                    d=self.p.business.registered_on if self.p.business else None,
                ),
            )
        sign = "≥" if m >= months else "<"
        return Check(
            m >= months, t("正常经营 {m} 个月 " + sign + " {n}", "operating {m} months " + sign + " {n}", m=m, n=months)
        )

    # --- plain facts --------------------------------------------------------------

    def flag(self, path: str, value: bool | None, want: bool, zh: str, en: str) -> Check:
        """A yes/no fact of the profile that must equal `want`."""
        if value is None:
            return Check(None, T(f"待确认：{zh}", f"to confirm: {en}"), (path,))
        if value == want:
            return Check(True, T(zh, en))
        return Check(False, T(f"不符：{zh}", f"not met: {en}"))

    def need(self, pairs: Iterable[tuple[str, object]]) -> list[str]:
        """The field paths among `pairs` whose value is absent."""
        return [path for path, value in pairs if value is None]


class _Compiled:
    """A group path with its group sets precomputed (data objects live for the process)."""

    __slots__ = ("path", "all_of", "any_of")

    def __init__(self, path: GroupPath):
        self.path = path
        self.all_of = frozenset(path.all_of)
        self.any_of = frozenset(path.any_of)


_COMPILED: dict[int, tuple[GroupPath, _Compiled]] = {}
# Checks are never changed once made, so equal facts may share one. Bounded: cleared when full.
MEMO_LIMIT = 20_000
_PLANS: dict[tuple, tuple] = {}
_WHO: dict[tuple, Check] = {}
_WORKS: dict[tuple, Check] = {}


def _facts_read(paths: list[GroupPath]) -> tuple[bool, bool, tuple[int, ...], frozenset]:
    """What the paths read: rural_hukou? the employment certificate? the graduation windows
    (a Check's words hold no date, only in or out of the window), and which group codes."""
    return (
        any(p.rural_hukou is not None for p in paths),
        any(p.employment_certificate is not None for p in paths),
        tuple(sorted({p.graduated_within_months for p in paths if p.graduated_within_months is not None})),
        frozenset(g for p in paths for g in (*p.all_of, *p.any_of)),
    )


_WORDS: dict[tuple, tuple[tuple, T]] = {}


def _compiled(path: GroupPath) -> _Compiled:
    hit = _COMPILED.get(id(path))
    if hit is None or hit[0] is not path:
        hit = _COMPILED[id(path)] = (path, _Compiled(path))
    return hit[1]


def _words(path: GroupPath, zh: str, en: str) -> T:
    return _options([path], zh, en)


def _options(paths: list[GroupPath], zh: str, en: str) -> T:
    """The paths in words, memoised on the (long-lived) data objects themselves."""
    objs = tuple(paths)
    key = (tuple(map(id, objs)), zh)
    hit = _WORDS.get(key)
    if hit is None or any(a is not b for a, b in zip(hit[0], objs, strict=True)):
        descs = [describe_path(p) for p in paths]
        text = T(zh.format(" / ".join(d.zh for d in descs)), en.format(" / ".join(d.en for d in descs)))
        hit = _WORDS[key] = (objs, text)
    return hit[1]


def describe_path(path: GroupPath) -> T:
    """A group path in words: 高校毕业生（离校 24 个月内）且 农村户籍."""
    zh: list[str] = []
    en: list[str] = []
    if path.all_of:
        zh.append(group_list(path.all_of, "zh"))
        en.append(group_list(path.all_of, "en"))
    if path.any_of:
        zh.append("（" + group_list(path.any_of, "zh").replace("、", "或") + "）")
        en.append("(" + " or ".join(group_list([g], "en") for g in path.any_of) + ")")
    if path.graduated_within_months:
        zh.append(f"离校 {path.graduated_within_months} 个月内")
        en.append(f"left school within {path.graduated_within_months} months")
    if path.rural_hukou is not None:
        zh.append("农村户籍" if path.rural_hukou else "非农村户籍")
        en.append("rural hukou" if path.rural_hukou else "non-rural hukou")
    if path.employment_certificate:
        zh.append("持《就业创业证》或《就业失业登记证》")
        en.append("holds an employment certificate")
    return T("且".join(zh) or "不限", " and ".join(en) or "anyone")


def decide(checks: list[Check]) -> Outcome:
    """Three-valued AND: any unmet → ineligible; else any unknown → needs_info; else eligible.

    `missing` names the facts of the unknown checks, and the facts a met check presumed."""
    unknown = False
    for c in checks:
        if c.ok is False:
            return Outcome("ineligible", checks=checks)
        if c.ok is None:
            unknown = True
    if not unknown:
        return Outcome("eligible", checks=checks)
    missing: list[str] = []
    for c in checks:
        if c.ok is None:
            missing.extend(m for m in c.missing if m not in missing)
    if missing:
        for c in checks:
            missing.extend(m for m in c.soft if m not in missing)
        return Outcome("needs_info", checks=checks, missing=missing)
    return Outcome("eligible", checks=checks)


def money_sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def near_retirement(ctx: Ctx, months: int) -> Check:
    """Within `months` before the statutory retirement date (rules.md, with the 2025 raise).

    An absent gender or original retirement age is asked only when its possible values
    (men 60; women 50 or 55) disagree (rules.md "Absent facts")."""
    p = ctx.p
    if p.birth_date is None:
        return Check(None, t("需出生日期", "birth date needed"), ("birth_date",))
    male_age = ctx.retirement.male_original_age.value
    ages: tuple[int, ...]
    if p.original_retirement_age is not None:
        ages = (p.original_retirement_age,)
    elif p.gender == "male":
        ages = (male_age,)
    elif p.gender == "female":
        ages = (50, 55)
    else:
        ages = (male_age, 50, 55)
    answers = {age: _within(ctx, p.birth_date, age, months) for age in ages}
    if len({ok for ok, _ in answers.values()}) > 1:
        missing = tuple(f for f, v in (("gender", p.gender), ("original_retirement_age", None)) if v is None)
        return Check(
            None,
            t("需性别与原法定退休年龄", "gender and original retirement age needed"),
            missing if p.gender is None else ("original_retirement_age",),
        )
    ok, retire = next(iter(answers.values()))
    shown: object = retire
    words = ("距法定退休年龄 {n} 个月内（退休日 {r}）", "within {n} months of statutory retirement ({r})")
    if not ok:
        words = ("不在距法定退休年龄 {n} 个月内（退休日 {r}）", "not within {n} months of statutory retirement ({r})")
        if len(answers) > 1:
            shown = " / ".join(str(r) for _, r in answers.values())
    return Check(ok, t(*words, n=months, r=shown))


def _within(ctx: Ctx, birth: date, age: int, months: int) -> tuple[bool, date]:
    retire = ctx.retirement.retirement_date(birth, age, ctx.as_of)
    return add_months(retire, -months) <= ctx.as_of < retire, retire
