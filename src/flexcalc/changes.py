"""When a measure's answer can change with the facts unchanged: thresholds, deadline, changes_on.

A rule compares dates in a few ways only, and each is read here from the rule's own data, beside
the predicate that makes the comparison (context.py and the shapes):

- the document's validity (`valid_from`, `valid_until`: pipeline, not_in_force);
- a dated or national figure's entries (`timeline`: the entry in force at the date read);
- a group path's `graduated_within_months` (Ctx.who_paths: as_of < graduated_on + N months);
- a business registered after the as-of date (context.business_state: planned until then);
- months of operation (`min_months`, `advance_after_months`, `min_months_operating`:
  Ctx.operating_at_least, whole months from registration);
- the near-retirement window of a category (`near_retirement_months`: context.near_retirement,
  by the retirement law in force at the date, so the 2025 reform's start is one too);
- the tax year, for shapes that read the as-of year (`BY_YEAR`: the 36-month window's months in
  the year, the year of a course, the year of contributions).

API (read by outreach and advise):

- `thresholds(rule, ctx, doc, until)` → `[Threshold(day, kind, why)]`: every first day in
  (as_of, until] of a new state, sorted; `kind` is "opens" (a condition comes to hold),
  "closes" (one stops holding) or "moves" (a figure or the tax year changes);
- `stamp(result, profile, city, data)` sets on each measure of a Result
  `MeasureResult.changes_on` (the first such day: its status or amount may change then) and
  `MeasureResult.deadline` (the last day an eligible or needs_info measure stays so, when a
  closing date ends it: the document's end, the tax window's last tax year, or a window the
  engine confirms ends it). Batch results are not stamped (they do not carry these fields).
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import NamedTuple

from flexcalc.context import Ctx
from flexcalc.dates import add_months, month_index, whole_months
from flexcalc.models.figures import Timeline
from flexcalc.models.result import MeasureResult
from flexcalc.models.rules import NotOffered
from flexcalc.text import T, t
from flexcalc.timeline import timeline_fields, view

ONE_DAY = timedelta(days=1)
LOOK_AHEAD_MONTHS = 60  # how far `stamp` looks for a deadline (the longest window is 36 months + a tax year)
_RESULT_FIELDS = tuple(f.name for f in dataclasses.fields(MeasureResult))
OPERATING = ("min_months", "advance_after_months", "min_months_operating")  # compared with months operating
# Shapes whose answer depends on the tax year of the as-of date (their class names).
BY_YEAR = frozenset({"DailyOncePerYear", "ShareOfPaid"})  # the tax window has its own (_tax_years)


class Threshold(NamedTuple):
    """The first day of a new state of one of a rule's date conditions."""

    day: date
    kind: str  # opens / closes / moves
    why: T
    sure: bool = False  # a close that surely ends the measure (no engine run needed)


def thresholds(rule, ctx: Ctx, doc, until: date, mid: str | None = None) -> list[Threshold]:
    """Every date in (as_of, until] at which one of the rule's date conditions changes state."""
    out: list[Threshold] = []
    as_of = ctx.as_of
    if doc.valid_from is not None and doc.valid_from.value > as_of:
        out.append(
            Threshold(
                doc.valid_from.value,
                "opens",
                t("文件自 {d} 起施行", "the document in force from {d}", d=doc.valid_from.value),
            )
        )
    if doc.valid_until is not None and doc.valid_until.value >= as_of:
        end = doc.valid_until.value
        out.append(
            Threshold(end + ONE_DAY, "closes", t("文件有效期至 {d} 届满", "the document lapses after {d}", d=end), True)
        )
    if rule is None or isinstance(rule, NotOffered):
        return _within(out, as_of, until)
    out += _figures(rule, mid)
    parts = _parts(view(rule, as_of))
    p = ctx.p
    if p.graduated_on is not None:
        for months in parts.windows:
            day = _first(lambda d, m=months: not d < add_months(p.graduated_on, m), add_months(p.graduated_on, months))
            out.append(
                Threshold(
                    day, "closes", t("离校满 {n} 个月（{d}）", "{n} months since leaving school ({d})", n=months, d=day)
                )
            )
    reg = p.business.registered_on if p.business else None
    if reg is not None:
        if reg > as_of:
            out.append(Threshold(reg, "opens", t("营业执照登记日 {d}", "business registered on {d}", d=reg)))
        for months in parts.operating:
            day = _first(lambda d, m=months: whole_months(reg, d) >= m, add_months(reg, months))
            out.append(
                Threshold(
                    day, "opens", t("正常经营满 {n} 个月（{d}）", "{n} months of operation ({d})", n=months, d=day)
                )
            )
        if parts.window is not None:
            out += _tax_years(reg, parts.window, as_of, until)
    if parts.by_year:
        for year in range(as_of.year + 1, until.year + 1):
            out.append(Threshold(date(year, 1, 1), "moves", t("{y} 年度开始", "the {y} year begins", y=year)))
    if parts.near and p.birth_date is not None and ctx.retirement is not None:
        out += _retirement(ctx, parts.near, until)
    return _within(out, as_of, until)


def _within(out: list[Threshold], as_of: date, until: date) -> list[Threshold]:
    """The thresholds in (as_of, until], by date (equal words are merged where they are shown)."""
    return sorted((th for th in out if as_of < th.day <= until), key=lambda x: (x.day, x.kind))


def _first(holds, guess: date) -> date:
    """The first day a monotone condition holds, near the guess (month ends move it a few days)."""
    day = guess - timedelta(days=4)
    while not holds(day):
        day += ONE_DAY
    while holds(day - ONE_DAY):
        day -= ONE_DAY
    return day


def _tax_years(reg: date, count: int, as_of: date, until: date) -> list[Threshold]:
    """The window's months in each tax year: each new year of the window, and the year after it."""
    last = month_index(reg) + count - 1
    last_year, last_month = divmod(last, 12)
    out = []
    for year in range(as_of.year + 1, min(last_year + 1, until.year) + 1):
        if year <= last_year:
            out.append(Threshold(date(year, 1, 1), "moves", t("{y} 纳税年度开始", "the {y} tax year begins", y=year)))
        else:
            out.append(
                Threshold(
                    date(year, 1, 1),
                    "closes",
                    t(
                        "{n} 个月扣减期已于 {y}年{m}月 届满，{z} 纳税年度起不再扣减",
                        "the {n}-month window ended in {y}-{m:02d}: no relief from the {z} tax year",
                        n=count,
                        y=last_year,
                        m=last_month + 1,
                        z=year,
                    ),
                    True,
                )
            )
    return out


def _retirement(ctx: Ctx, months_list: tuple[int, ...], until: date) -> list[Threshold]:
    """The near-retirement window's start and end for each possible original age, under the law in
    force at the as-of date and, if later, from the reform's start."""
    p, ret = ctx.p, ctx.retirement
    laws = [ctx.as_of]
    start = ret.steps.in_force_from
    if ctx.as_of < start <= until:
        laws.append(start)
    if p.original_retirement_age is not None:
        ages: tuple[int, ...] = (p.original_retirement_age,)
    elif p.gender == "male":
        ages = (ret.male_original_age.value,)
    elif p.gender == "female":
        ages = (50, 55)
    else:
        ages = (ret.male_original_age.value, 50, 55)
    out = []
    if len(laws) > 1:
        out.append(
            Threshold(
                start,
                "moves",
                t("延迟法定退休年龄改革自 {d} 起施行", "the retirement-age reform applies from {d}", d=start),
            )
        )
    for law in laws:
        for age in ages:
            retire = ret.retirement_date(p.birth_date, age, law)
            for months in months_list:
                opens = add_months(retire, -months)
                out.append(
                    Threshold(
                        opens,
                        "opens",
                        t(
                            "距法定退休年龄 {n} 个月起（退休日 {r}）",
                            "{n} months before retirement ({r})",
                            n=months,
                            r=retire,
                        ),
                    )
                )
            out.append(
                Threshold(retire, "closes", t("达到法定退休年龄（{r}）", "statutory retirement age ({r})", r=retire))
            )
    return out


_FIGURES: dict[tuple[int, str | None], tuple] = {}


def _figures(rule, mid: str | None) -> list[Threshold]:
    """The start and the day after the end of every entry of the rule's dated or national figures
    (the same for every profile: made once per rule)."""
    hit = _FIGURES.get((id(rule), mid))
    if hit is None or hit[0] is not rule:
        from flexcalc import registry

        fields = registry.modules()[mid].MEASURE.fields if mid else {}
        out = []
        for name, tl, _ in timeline_fields(rule):
            words = fields.get(name)
            f = T(words[0], words[1]) if words else T("所用数额", "a figure")
            for entry in _entries(tl):
                for day in (entry.from_, entry.until + ONE_DAY if entry.until and entry.until < date.max else None):
                    if day is not None:
                        out.append(
                            Threshold(day, "moves", t("{f}自 {d} 起变更", "{f}: a new figure from {d}", f=f, d=day))
                        )
        if len(_FIGURES) > 1000:
            _FIGURES.clear()
        hit = _FIGURES[(id(rule), mid)] = (rule, out)
    return list(hit[1])


def _entries(tl: Timeline) -> list:
    return [e for layer in (tl.own, *tl.higher) for e in layer]


class _Parts(NamedTuple):
    windows: tuple[int, ...]  # graduated_within_months of every group path
    operating: tuple[int, ...]  # months-of-operation thresholds
    window: int | None  # the tax window's months
    near: tuple[int, ...]  # near-retirement windows
    by_year: bool


_PARTS: dict[int, tuple] = {}
# Facts a step can make grow by one a month, and the rule fields that count them (the shapes'
# comparisons: pension_months in rules/operating_subsidy.py).
COUNTED = {"business.employee_pension_months": ("min_pension_months",)}


def counter_days(rule, fact: str, start: int, as_of: date, until: date) -> list[date]:
    """The days a fact growing by one a month from `start` at `as_of` reaches each count the rule reads."""
    if isinstance(rule, NotOffered):
        return []
    now = view(rule, as_of)
    out = []
    for name in COUNTED.get(fact, ()):
        need = getattr(now, name, None)
        if need is not None and need.value > start:
            day = add_months(as_of, need.value - start)
            if day <= until:
                out.append(day)
    return out


def _parts(rule) -> _Parts:
    """What of a rule compares dates, found once per (long-lived) rule object."""
    hit = _PARTS.get(id(rule))
    if hit is None or hit[0] is not rule:
        windows: set[int] = set()
        near: set[int] = set()
        for obj in _walk(rule, 0):
            m = getattr(obj, "graduated_within_months", None)
            if isinstance(m, int):
                windows.add(m)
            n = getattr(obj, "near_retirement_months", None)
            if isinstance(n, int):
                near.add(n)
        operating = tuple(sorted({getattr(rule, f).value for f in OPERATING if getattr(rule, f, None) is not None}))
        window = getattr(rule, "window_months", None)
        parts = _Parts(
            tuple(sorted(windows)),
            operating,
            window.value if window is not None else None,
            tuple(sorted(near)),
            type(rule).__name__ in BY_YEAR,
        )
        if len(_PARTS) > 10_000:
            _PARTS.clear()
        hit = _PARTS[id(rule)] = (rule, parts)
    return hit[1]


def _walk(obj, depth: int):
    """Every data object inside a rule (its fields, their values and lists)."""
    if depth > 8:
        return
    if isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _walk(x, depth + 1)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        yield obj
        for f in dataclasses.fields(obj):
            yield from _walk(getattr(obj, f.name, None), depth + 1)
    elif isinstance(obj, Timeline):
        for e in _entries(obj):
            yield from _walk(e, depth + 1)


def horizon_end(as_of: date, doc, months: int = 36) -> date:
    """The last day a horizon looks at: 36 months on, or the day after the document lapses."""
    end = add_months(as_of, months)
    if doc.valid_until is not None and doc.valid_until.value >= as_of:
        end = min(end, doc.valid_until.value + ONE_DAY)
    return end


def stamp(result, profile, city, data, only=None) -> None:
    """Give the measures of a result (those `only(m)` selects, default all) their `changes_on`
    and `deadline` (see the module docstring). Each is replaced by a copy: the bulk path
    shares one MeasureResult between rows with equal facts, and these dates are the row's own."""
    from flexcalc import pipeline

    ctx = Ctx(profile, result.as_of, data.retirement)
    doc = city.document
    until = add_months(result.as_of, LOOK_AHEAD_MONTHS)
    rules = dict(pipeline._rules(city))
    for i, m in enumerate(result.measures):
        if only is not None and not only(m):
            continue
        rule = rules.get(m.id)
        ths = thresholds(rule, ctx, doc, until, m.id)
        if not ths:
            continue
        reachable = m.status in ("eligible", "needs_info")
        c = MeasureResult(*[getattr(m, f) for f in _RESULT_FIELDS])  # faster than dataclasses.replace
        c.changes_on = ths[0].day
        c.deadline = _deadline(m, rule, ths, profile, doc, data) if reachable else None
        result.measures[i] = c


def _deadline(m, rule, ths: list[Threshold], profile, doc, data) -> date | None:
    """The day before the first close that ends the measure: sure ones at once, the others (a
    window another path may outlast) by the rule's status on the day (no search for `missing`)."""
    from flexcalc import pipeline

    tried = 0
    for th in ths:
        if th.kind != "closes":
            continue
        if th.sure:
            return th.day - ONE_DAY
        if tried >= 3:
            return None
        tried += 1
        status = "not_in_force"
        now = view(rule, th.day)
        if doc.in_force(th.day) and not getattr(now, "absent", None):
            ctx = Ctx(profile, th.day, data.retirement)
            status = pipeline.outcome(pipeline.MODULES[m.id], now, ctx).status
        if status not in ("eligible", "needs_info"):
            return th.day - ONE_DAY
    return None
