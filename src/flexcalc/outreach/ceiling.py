"""The ceiling of a floor or a one-step measure: the most it gives if every missing fact goes the
person's way, found by the engine itself on completions of the missing facts — the values
rules.md's "Absent facts" tries for each field, and for a quantity (money, hours, months, courses)
also the largest value its kind allows, where the rule's caps bind. A rule whose amount still
grows there has no cap: its ceiling is `no_cap`, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import product

from flexcalc.models.profile import Training
from flexcalc.questions import field_bound, field_kind, pattern
from flexcalc.relevance import fill, samples

COMBINATIONS_MAX = 160  # completions of one search at most (13 birth dates × 8 month counts fit); past it: unknown
NO_CAP = "no_cap"  # the amount grows without bound with a missing quantity
NO_FIGURE = "no_figure"  # the document sets no amount (按规定)
UNKNOWN = "unknown"  # too many missing facts to try every completion

# Labels of the tried values: a sample of the rules' thresholds, a quantity at its bound, at half
# of it, and (courses) one course more than at the bound.
SAMPLE, BOUND, HALF, MORE = 0, 1, 2, 3


@dataclass(slots=True)
class Ceiling:
    """The most a measure gives a person, or why there is no figure: no_cap, no_figure, unknown."""

    value: Decimal | None
    note: str = ""


def domain(path: str, day: date) -> list[tuple[int, object]]:
    """(label, value) pairs to try for one missing fact."""
    out: list[tuple[int, object]] = [(SAMPLE, v) for v in samples(path, day)]
    key = pattern(path)
    if key == "training":
        cost, days = Decimal(field_bound("training[].cost_yuan")), int(field_bound("training[].days"))
        big = _course("a", cost, days, day)
        half = _course("a", cost / 2, days // 2, day)
        other = _course("b", cost, days, day)
        return [*out, (BOUND, [big]), (HALF, [half]), (MORE, [big, other])]
    kind = field_kind(key)[0]
    bound = field_bound(key) if kind in ("number", "count") else None
    if bound is not None:
        if kind == "number":
            out += [(BOUND, Decimal(bound)), (HALF, Decimal(bound) / 2)]
        else:
            out += [(BOUND, int(bound)), (HALF, int(bound) // 2)]
    return out


def _course(occupation: str, cost: Decimal, days: int, day: date) -> Training:
    return Training(occupation=occupation, cost_yuan=cost, days=days, start=day)


class Search:
    """The completions of one person's missing facts, and the ceilings they give per measure.

    First the probes: each quantity at half its bound, at its bound (and one course more), the
    other facts at their first, qualifying sample — where the amount grows there the rule has no
    cap and nothing more is tried. Otherwise every combination of the facts' values."""

    def __init__(self, profile, facts: tuple[str, ...], day: date):
        self.profile = profile
        self.facts = facts
        self.domains = [domain(f, day) for f in facts]
        size = 1
        for d in self.domains:
            size *= max(len(d), 1)
        self.too_many = size > COMBINATIONS_MAX or any(not d for d in self.domains)
        self.pairs: list[tuple[int, int]] = []  # (lower, higher) probe positions that must not grow
        self.probe_picks: list[tuple[int, ...]] = []
        if self.too_many:
            return
        for k, d in enumerate(self.domains):
            at = {label: i for i, (label, _) in enumerate(d) if label != SAMPLE}
            for low, high in ((HALF, BOUND), (BOUND, MORE)):
                if low in at and high in at:
                    base = len(self.probe_picks)
                    for label in (low, high):
                        self.probe_picks.append(tuple(at[label] if j == k else 0 for j in range(len(self.domains))))
                    self.pairs.append((base, base + 1))

    def _profiles(self, picks: list[tuple[int, ...]]) -> list:
        out = []
        for chosen in picks:
            q = self.profile
            for f, d, i in zip(self.facts, self.domains, chosen, strict=True):
                q = fill(q, f, d[i][1])
            out.append(q)
        return out

    def probes(self) -> list:
        """The completions that test for a rule without a cap."""
        return self._profiles(self.probe_picks)

    def uncapped(self, results: list, position: int) -> bool:
        amounts = [_amount(r, position)[0] for r in results]
        return any(_higher(amounts[lo], amounts[hi]) for lo, hi in self.pairs)

    def combinations(self) -> list:
        """Every combination of the facts' values (none when there are too many)."""
        if self.too_many:
            return []
        self.picks = list(product(*[range(len(d)) for d in self.domains]))
        return self._profiles(self.picks)

    def ceiling(self, results: list, position: int, floor: Decimal | None) -> Ceiling:
        """The ceiling of the measure at `position`, from the results of `combinations()`."""
        if self.too_many:
            return Ceiling(None, UNKNOWN)
        amounts = []
        no_figure = False
        for r in results:
            amount, figureless = _amount(r, position)
            amounts.append(amount)
            no_figure = no_figure or figureless
        index = {p: i for i, p in enumerate(self.picks)}
        for k, d in enumerate(self.domains):  # the same test as the probes, with the others at every value
            at = {label: i for i, (label, _) in enumerate(d) if label != SAMPLE}
            for low, high in ((HALF, BOUND), (BOUND, MORE)):
                if low in at and high in at:
                    for p, i in index.items():
                        if p[k] == at[low] and _higher(amounts[i], amounts[index[p[:k] + (at[high],) + p[k + 1 :]]]):
                            return Ceiling(None, NO_CAP)
        found = [a for a in amounts if a is not None]
        if floor is not None:
            found.append(floor)
        if found:
            return Ceiling(max(found))
        return Ceiling(None, NO_FIGURE) if no_figure else Ceiling(Decimal(0))


def _amount(r, position: int) -> tuple[Decimal | None, bool]:
    """(the amount of an eligible measure, whether it is eligible without a figure)."""
    measures = getattr(r, "measures", None)
    if measures is None:  # the completion's evaluation failed: it says nothing
        return None, False
    m = measures[position]
    if m.status != "eligible":
        return None, False
    return m.amount, m.amount is None


def _higher(low: Decimal | None, high: Decimal | None) -> bool:
    """Whether `high` is more than `low` (nothing counts as 0)."""
    return high is not None and high > (low if low is not None else 0)


def ceilings(
    people: list[tuple[object, tuple, dict[int, tuple[tuple[str, ...], Decimal | None]]]],
    day: date,
    evaluate_many: Callable[[list], list],
) -> list[dict[int, Ceiling]]:
    """For each (profile, city, {measure position: (missing facts, floor)}), the ceilings by position.

    The completions of every person are evaluated together (two calls: the probes, then the
    combinations where no probe found a rule without a cap), and a person's measures that wait
    on the same facts share their completions."""
    out: list[dict[int, Ceiling]] = [{} for _ in people]
    searches = []
    for n, (profile, city, wanted) in enumerate(people):
        mine: dict[tuple[str, ...], Search] = {}
        for position, (facts, floor) in wanted.items():
            s = mine.get(facts)
            if s is None:
                s = mine[facts] = Search(profile, facts, day)
            searches.append((n, position, floor, city, s))
    probes = _evaluate(searches, lambda s: s.probes(), evaluate_many)
    left = []
    for item in searches:
        n, position, floor, _, s = item
        if s.pairs and s.uncapped(probes[id(s)], position):
            out[n][position] = Ceiling(None, NO_CAP)
        else:
            left.append(item)
    combos = _evaluate(left, lambda s: s.combinations(), evaluate_many)
    for n, position, floor, _, s in left:
        out[n][position] = s.ceiling(combos.get(id(s), []), position, floor)
    return out


def _evaluate(searches: list, completions: Callable, evaluate_many: Callable) -> dict[int, list]:
    """The results of each search's completions (once per search), evaluated in one call."""
    batch: list = []
    spans: dict[int, tuple[int, int]] = {}
    for _, _, _, city, s in searches:
        if id(s) in spans:
            continue
        profiles = completions(s)
        spans[id(s)] = (len(batch), len(batch) + len(profiles))
        batch.extend((q, city) for q in profiles)
    results = evaluate_many(batch) if batch else []
    return {k: results[lo:hi] for k, (lo, hi) in spans.items()}
