"""`missing` by definition (rules.md "Absent facts"), derived from a rule program, no search.

An absent fact f is in `missing` when two completions of the absent facts that differ only in f
give a different status or amount. The values tried come from the program: a bool's or enum's
whole domain; for `groups`, one representative subset per realizable combination of the group
predicates the program reads; for dates and numbers, each side of every threshold a comparison
sets (the other side known), the as-of date for a date, 0 for money (amount of nothing).
Completions are every combination of those values (exhaustive: no budget); and, for a threshold
whose other side is itself absent, for each value v of an absent fact q, every combination with
q = v and the other dates and numbers also on each side of the thresholds set with q = v (a box;
two completions differing only in f are compared within each box). The answers are memoised per
program and known facts.

With no `business` object, whether there is a business is itself unknown, with rules of its own
(rules.md "No business", "Planned business"), and a completion that filled any business fact
would make one, so no completion would reach them. Our reading of the definition: "absent" is
also tried for the facts that state the business (`business.planned`, `business.registered_on`;
rules.md: registered when a date is given, planned when planned is true); a completion that
leaves them all absent has no business and fills no business fact. It keeps `employment.form`
asked of a business measure and `business.planned` beside an absent `business.registered_on`,
and never asks `business.type` only because answering it would say there is a business.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from flexcalc.context import Ctx
from flexcalc.models.result import Outcome
from flexcalc.relevance import absent, facts_key, fill
from flexcalc.rules import predicates as P
from flexcalc.rules.lang import Env, Fact, HasAll, HasAny, Native
from flexcalc.rules.program import Program

# Facts the shared rules read around every business measure (pipeline.outcome: No business,
# Planned business): their kinds, where the program itself does not read them.
SHARED = {f.path: f for f in (P.FORM, P.PLANNED, P.REGISTERED, P.BUSINESS_TYPE)}
_MEMO: dict[tuple, tuple] = {}
MEMO_LIMIT = 20_000


def settle(again: Callable[[Any], Outcome], program: Program, ctx, out: Outcome, business: bool = False) -> Outcome:
    """Keep in a needs_info answer's `missing` the facts the definition keeps (a lone one stays);
    in an eligible floor's `raise_if`, those some value of which changes the amount (rules.md
    "Certain floor": a floor none of whose facts can change it is the amount, not a floor)."""
    floor = out.status == "eligible" and bool(out.raise_if)
    if not floor and (out.status != "needs_info" or len(out.missing) < 2):
        return out
    facts = program.facts()
    named = list(out.raise_if if floor else out.missing)
    tried = [p for p in named if absent(ctx.p, p) and (p in facts or p in SHARED)]
    no_business = ctx.p.business is None
    key = (
        id(program),
        ctx.as_of,
        floor,
        no_business,
        tuple(named),
        tuple(_hashable(f.ev(Env(ctx))) for f in facts.values()),
    )
    hit = _MEMO.get(key)
    if hit is None or hit[0] is not program:
        if len(_MEMO) >= MEMO_LIMIT:
            _MEMO.clear()
        kept = _kept(again, program, ctx, tried, facts, no_business)
        hit = _MEMO[key] = (program, [p for p in named if p not in tried or p in kept])
    if floor:
        out.raise_if = list(hit[1])
    elif hit[1]:
        out.missing = list(hit[1])
    return out


def _hashable(v: Any) -> Any:
    """A fact's value as part of a memo key (a list of courses as a tuple of their facts)."""
    if isinstance(v, list):
        return tuple(facts_key(x) if hasattr(x, "__dict__") else x for x in v)
    return v


ABSENT = object()  # a state fact of the business left absent
STATE = (P.PLANNED.path, P.REGISTERED.path)  # rules.md: a business is registered (a date) or planned


def _kept(again, program: Program, ctx, tried: list[str], facts: dict[str, Fact], no_business: bool) -> set[str]:
    env = Env(ctx)
    kinds = {p: facts.get(p) or SHARED[p] for p in tried}
    base = {p: candidates(p, kinds[p], program, env) for p in tried}
    tried = [p for p in tried if base[p]]
    boxes = [(None, base)] + _other_side(program, ctx, tried, kinds, base)
    state = [i for i, p in enumerate(tried) if p in STATE] if no_business else []
    values = {p: list(base[p]) for p in tried}  # every value tried; a completion is indices into them
    for _, box in boxes:
        for p in tried:
            values[p] += [v for v in box[p] if v not in values[p]]
    for i in state:
        values[tried[i]].append(ABSENT)
    results: dict[tuple, tuple] = {}
    profiles: dict[tuple, Any] = {(False, ()): ctx.p, (True, ()): ctx.p}

    def filled(none: bool, combo: tuple) -> Any:
        """The profile of a completion, filled from the longest prefix already made."""
        n = len(combo)
        while (none, combo[:n]) not in profiles:
            n -= 1
        profile = profiles[(none, combo[:n])]
        for j in range(n, len(combo)):
            p, v = tried[j], values[tried[j]][combo[j]]
            if v is not ABSENT and not (none and p.startswith("business.")):
                profile = fill(profile, p, v)
            profiles[(none, combo[: j + 1])] = profile
        return profile

    def result(combo: tuple) -> tuple:
        """The status and amounts of one completion (indices into `values`), each evaluated once."""
        got = results.get(combo)
        if got is None:
            # the business's state facts all left absent: no business, so no business fact is filled
            none = bool(state) and all(values[tried[i]][combo[i]] is ABSENT for i in state)
            o = again(filled(none, combo))
            got = results[combo] = (o.status, o.amount, o.amount_min)
        return got

    # each box's completions: indices into `values` per fact (ABSENT too for a state fact not fixed)
    grids = [
        [
            [values[p].index(v) for v in box[p]] + ([len(values[p]) - 1] if i in state and p != q else [])
            for i, p in enumerate(tried)
        ]
        for q, box in boxes
    ]
    # f is kept when, for some values of the others, two values of f disagree (within one box): the
    # others' values are tried in a fixed shuffled order and f stops at its first witness (every
    # combination is still evaluated for a fact that is not kept, so the answer is the exhaustive one)
    kept = set()
    for i, p in enumerate(tried):
        for axes in grids:
            rests = list(itertools.product(*(a for j, a in enumerate(axes) if j != i)))
            if any(
                any(
                    result(rest[:i] + (v,) + rest[i:]) != result(rest[:i] + (axes[i][0],) + rest[i:])
                    for v in axes[i][1:]
                )
                for rest in _spread(rests)
            ):
                kept.add(p)
                break
    return kept | {p for p in base if not base[p]}


def _spread(items: list) -> Iterator:
    """Every item once, in an order that jumps across the list (a witness is found sooner than in
    product order, where neighbours differ in one fact; the order never changes the answer)."""
    n = len(items)
    step = max(1, round(n * 0.618))
    while math.gcd(step, n) != 1:
        step += 1
    return (items[(j * step) % n] for j in range(n))


def _other_side(program: Program, ctx, tried: list[str], kinds: dict[str, Fact], base: dict[str, list]) -> list:
    """A threshold whose other side is itself absent: for each value v of an absent fact q, the
    completions with q = v also try every other date or number on each side of the thresholds the
    program sets for it there (the box (q, values))."""
    numeric = [p for p in tried if kinds[p].kind in NUMERIC]
    boxes = []
    for q in tried if numeric else ():
        # a new threshold for p can only come from a comparison that reads both q and p (any other
        # sets the same thresholds with q filled as without, and those are in `base` already)
        heads = {q, *(q.rsplit(".", n)[0] for n in range(1, q.count(".") + 1))}
        comps = [
            (node, reads)
            for node, reads in zip(program.comparisons, program.comparison_reads, strict=True)
            if heads & reads and any(p in reads for p in numeric if p != q)
        ]
        for v in base[q] if comps else ():
            filled = Env(Ctx(fill(ctx.p, q, v), ctx.as_of, ctx.retirement))
            box = {p: [v] if p == q else base[p] for p in tried}
            for p in numeric:
                found: set = set()
                for node, reads in comps if p != q else ():
                    if p in reads:
                        found |= node.thresholds(filled).get(p, set())
                got = set(_values(kinds[p].kind, found))
                if got - set(base[p]):
                    box[p] = sorted(got | set(base[p]))
            if any(box[p] is not base[p] for p in numeric if p != q):
                boxes.append((q, box))
    return boxes


NUMERIC = ("date", "int", "money")


def thresholds(path: str, program: Program, env: Env) -> set:
    """Each side of every threshold the program's comparisons set for one absent fact under `env`."""
    every = env.memo.get((thresholds, program))  # every fact's, once per Env (each node gives all of them)
    if every is None:
        every = env.memo[(thresholds, program)] = {}
        for node in program.comparisons:
            for p, values in node.thresholds(env).items():
                every.setdefault(p, set()).update(values)
    return set(every.get(path, ()))


def candidates(path: str, fact: Fact, program: Program, env: Env) -> list:
    """The values tried for one absent fact (see the module's docstring)."""
    if fact.kind in ("bool", "enum", "list"):
        return list(fact.domain)
    if fact.kind == "groups":
        return groups(program)
    found = thresholds(path, program, env)
    if fact.kind == "date":
        found |= {env.as_of, env.as_of + timedelta(days=1)}
    elif fact.kind == "money":
        found.add(Fraction(0))
    return _values(fact.kind, found)


def _values(kind: str, found: set) -> list:
    """Threshold values as the fact's kind has them, in order (dates in the years the data allows)."""
    if kind == "date":
        return sorted(v for v in found if isinstance(v, date) and date(1900, 1, 1) <= v <= date(2100, 12, 31))
    if kind == "money":
        return [Decimal(v.numerator) / Decimal(v.denominator) for v in sorted(found)]
    return sorted(found)


def groups(program: Program) -> list[list[str]]:
    """One subset of group codes per realizable combination of the program's group predicates."""
    sets: list[frozenset] = []
    for node in program.nodes():
        if isinstance(node, (HasAll, HasAny)) and node.codes not in sets:
            sets.append(node.codes)
        elif isinstance(node, Native):
            sets += [frozenset(f.domain) for f in node.reads if f.kind == "groups" and f.domain]
    classes: dict[tuple, str] = {}
    for code in sorted(set().union(*sets)) if sets else ():
        classes.setdefault(tuple(code in s for s in sets), code)
    reps = list(classes.values())
    return [list(c) for n in range(len(reps) + 1) for c in itertools.combinations(reps, n)]
