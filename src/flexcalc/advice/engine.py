"""Actions and horizon of one profile: the rule engine run at the dates the rules' thresholds give.

The horizon: every threshold date of every measure (changes.thresholds) up to 36 months on, or
the day after the document lapses; at each, the results of the day before and of the day are
compared, and each measure whose status or amount differs is one entry, with the thresholds of
that day as the reason. An action: its facts applied (catalogue.apply), then the first date at
which each measure is better than without it, among the as-of date, the thresholds of the changed
profile and the days its grown facts reach the rules' own counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flexcalc import changes, pipeline
from flexcalc.advice import catalogue
from flexcalc.context import Ctx
from flexcalc.models.result import MeasureResult, Result
from flexcalc.text import T

ONE_DAY = timedelta(days=1)
RANK = {"eligible": 2, "needs_info": 1}
GAIN_KINDS = ("cash", "tax_relief")  # a loan's limit is not money received: listed, not added


@dataclass
class Opened:
    """A measure an action opens or raises, from its first day."""

    measure: str
    day: date
    status: str
    amount: Decimal | None
    amount_min: Decimal | None
    floor: bool
    missing: list[str]
    gain: Decimal
    kind: str
    clause: str | None = None  # the measure's clause: what makes the step count


@dataclass
class Advised:
    """One action open to the person, with what it adds."""

    action: catalogue.Action
    facts: dict[str, object]
    unknown: list[str]  # facts not given the action rests on (it is open "if")
    opens: list[Opened]
    gain: Decimal


@dataclass
class Change:
    """One date at which a measure's status or amount changes with the facts unchanged."""

    day: date
    measure: str
    before: MeasureResult
    after: MeasureResult
    why: list[T]


@dataclass
class Advice:
    """What `advise` answers for one profile in one city at one date."""

    city: str
    city_name: str
    city_name_en: str
    as_of: date
    profile_id: str | None
    result: Result
    actions: list[Advised]
    horizon: list[Change]
    until: date
    assumed: list[str] = field(default_factory=list)


Run = Callable[[object, date], Result]


def advise(profile, city_id: str, city, as_of: date, data, run: Run | None = None) -> Advice:
    """The actions (ranked by what they add) and the horizon of a profile."""
    if run is None:

        def run(p, day):
            return pipeline.evaluate(p, city_id, city, day, data)

    # The profile is kept in the entry: a key by id() alone would meet a later profile at the
    # address of a freed one (the changed profiles of an action are made and dropped day by day).
    memo: dict[tuple[int, date], tuple[object, Result]] = {}

    def at(p, day: date) -> Result:
        key = (id(p), day)
        hit = memo.get(key)
        if hit is None or hit[0] is not p:
            hit = memo[key] = (p, run(p, day))
        return hit[1]

    until = changes.horizon_end(as_of, city.document)
    now = at(profile, as_of)
    horizon = _horizon(profile, city, as_of, until, data, at)
    advised = [a for a in (_action(a, profile, city, as_of, until, data, at) for a in catalogue.load().actions) if a]
    order = {a.id: i for i, a in enumerate(catalogue.load().actions)}
    advised.sort(key=lambda a: (-a.gain, -len(a.opens), order[a.action.id]))
    return Advice(city_id, city.name, city.name_en, as_of, profile.id, now, advised, horizon, until, list(now.assumed))


def _thresholds(profile, city, as_of: date, until: date, data) -> dict[date, list[tuple[str, changes.Threshold]]]:
    ctx = Ctx(profile, as_of, data.retirement)
    days: dict[date, list[tuple[str, changes.Threshold]]] = {}
    for mid, rule in pipeline._rules(city):
        for th in changes.thresholds(rule, ctx, city.document, until, mid):
            days.setdefault(th.day, []).append((mid, th))
    return days


def _key(m: MeasureResult) -> tuple:
    """What a person sees change: the status and the amount (a range whose ends agree is one sum)."""
    low = None if m.amount_min == m.amount else m.amount_min
    return (m.status, m.amount, low, m.amount_is_floor)


def _horizon(profile, city, as_of: date, until: date, data, at) -> list[Change]:
    out: list[Change] = []
    for day, ths in sorted(_thresholds(profile, city, as_of, until, data).items()):
        before, after = at(profile, day - ONE_DAY), at(profile, day)
        for b, a in zip(before.measures, after.measures, strict=True):
            if _key(b) != _key(a):
                own = [th.why for mid, th in ths if mid == a.id]
                out.append(Change(day, a.id, b, a, _unique(own or [th.why for _, th in ths])))
    return out


def _unique(whys: list[T]) -> list[T]:
    seen, out = set(), []
    for w in whys:
        k = w.render("zh")
        if k not in seen:
            seen.add(k)
            out.append(w)
    return out


def better(a: MeasureResult, b: MeasureResult) -> bool:
    """Whether `a` is better for the person than `b`: a better status, or more of the same."""
    ra, rb = RANK.get(a.status, 0), RANK.get(b.status, 0)
    if ra != rb:
        return ra > rb
    return ra == 2 and a.amount is not None and b.amount is not None and a.amount > b.amount


def _action(action, profile, city, as_of: date, until: date, data, at) -> Advised | None:
    state, unknown = catalogue.open_for(action, profile)
    if state is False:
        return None
    changed_now = catalogue.apply(action, profile, as_of, as_of)
    days = {as_of} | set(_thresholds(changed_now, city, as_of, until, data))
    for g in action.grows:
        for _, rule in pipeline._rules(city):
            days |= set(changes.counter_days(rule, g.fact, g.from_, as_of, until))
    opened: dict[str, Opened] = {}
    for day in sorted(d for d in days if d <= until):
        changed = catalogue.apply(action, profile, as_of, day) if action.grows else changed_now
        base, got = at(profile, day), at(changed, day)
        for b, a in zip(base.measures, got.measures, strict=True):
            if a.id in opened or not better(a, b):
                continue
            gain = Decimal(0)
            if a.kind in GAIN_KINDS and a.status == "eligible" and a.amount is not None:
                gain = a.amount - (b.amount if b.status == "eligible" and b.amount is not None else Decimal(0))
            opened[a.id] = Opened(
                a.id, day, a.status, a.amount, a.amount_min, a.amount_is_floor, list(a.missing), gain, a.kind, a.clause
            )
    if not opened:
        return None
    opens = sorted(opened.values(), key=lambda o: (o.day, -o.gain, o.measure))
    return Advised(
        action,
        catalogue.shown_facts(action, profile, as_of),
        unknown,
        opens,
        sum((o.gain for o in opens), Decimal(0)),
    )
