"""The budgeted search of relevance.prune: whether, with the other missing facts filled in some
way, two values of a fact give different outcomes.

A probe is the outcome of the rule once the facts it asks next are filled too (`_complete`).
The probes of one measure's searches are shared, keyed by the sample values filled in, and a
remembered probe still costs its evaluations in the budget, so sharing changes no verdict.
Where the parts of the profile can notice reads, a probe is remembered by the values of the
facts it read only (see Probes).
"""

from __future__ import annotations

import itertools
from typing import Any

from flexcalc import relevance

BUDGET = 48  # evaluations spent at most on proving one fact cannot matter; past it, it is asked
COMBINATIONS = 16  # value combinations of the other missing facts tried at most


def key(out) -> tuple:
    """What a probe compares: status and amounts."""
    return out.status, out.amount, out.amount_min


def higher(got: tuple, base: tuple) -> bool:
    return got[0] == "eligible" and got[1] is not None and base[1] is not None and got[1] > base[1]


class _OutOfBudget(Exception):
    pass


class _Budget:
    """The rule's evaluation, counted: a fact whose search runs out of budget is kept (asked)."""

    def __init__(self, evaluate):
        self.evaluate = evaluate
        self.left = BUDGET

    def __call__(self, profile):
        self.left -= 1
        if self.left < 0:
            raise _OutOfBudget
        return self.evaluate(profile)

    def charge(self, n: int) -> None:
        """Count `n` evaluations remembered from another search as if made again."""
        self.left -= n
        if self.left < 0:
            raise _OutOfBudget


class _Counted:
    """An evaluation that counts its calls."""

    def __init__(self, evaluate):
        self.evaluate = evaluate
        self.n = 0

    def __call__(self, profile):
        self.n += 1
        return self.evaluate(profile)


def together(evaluate, profile, day, f, partners, rest, raising, probes: Probes) -> bool:
    """Whether, with the other missing facts filled in some way, two values of `f` differ.

    The facts named with `f` by one condition are tried in every combination; the rest are
    filled with their first values, then with their last ones."""
    if not partners and not rest:
        return False
    try:
        return _search(_Budget(evaluate), profile, day, f, partners, rest, raising, probes)
    except _OutOfBudget:
        return True


def _search(evaluate, profile, day, f, partners, rest, raising, probes: Probes) -> bool:
    samples, fill = relevance.samples, relevance.fill
    shared = probes.shared or not any(_nested(a, b) for a, b in itertools.combinations([*partners, *rest, f], 2))
    picks = itertools.product(*(enumerate(samples(o, day)) for o in partners))
    for combo in itertools.islice(picks, COMBINATIONS):
        filled = profile
        for o, (_, v) in zip(partners, combo, strict=True):
            filled = fill(filled, o, v)
        chosen = [(o, i) for o, (i, _) in zip(partners, combo, strict=True)]
        for end in (0, -1) if rest else (0,):
            base = filled
            for o in rest:
                base = fill(base, o, samples(o, day)[end])
            fills = [*chosen, *((o, end % len(samples(o, day))) for o in rest)]
            seen = key(probes.complete(evaluate, lambda b=base: b, day, fills, f, shared))  # f still unknown
            for i, value in enumerate(samples(f, day)):
                probe = lambda b=base, v=value: fill(b, f, v)  # noqa: E731 - built only if not remembered
                got = key(probes.complete(evaluate, probe, day, [*fills, (f, i)], None, shared))
                if got != seen and (not raising or higher(got, seen) or higher(seen, got)):
                    return True
    return False


def _nested(a: str, b: str) -> bool:
    """Whether one of two field paths lies inside the other (or they are the same)."""
    return a == b or b.startswith((a + ".", a + "[")) or a.startswith((b + ".", b + "["))


class Probes:
    """The probes of one measure's searches: the profile with sample values (path, index) of
    `fields` filled in, each completed (`_complete`), remembered by the values filled in.

    When no field lies in a list or inside another, the parts holding them notice which fields
    the evaluations read: a probe is then remembered by the values of those fields only (absent
    for one not filled) and by which absent parts the fills made, and serves every profile of
    the searches equal there (the rules are pure, and the profiles differ nowhere else; a part a
    probe lacks holds nothing but absent fields). A remembered probe still costs its evaluations
    in the budget, so no verdict changes."""

    def __init__(self, profile, fields: list[str]):
        self.watch = _watchable(profile, fields)
        self.shared = self.watch is not None  # watched probes are keyed by values, not by fills
        self.made = _absent_parts(profile, self.watch) if self.watch is not None else ()
        self.by_fills: dict[tuple, tuple] = {}
        self.tables: dict[tuple[str, ...], dict[tuple, list]] = {}

    def complete(self, evaluate, probe, day, fills, keep_absent, shared: bool = True):
        """The outcome of _complete of the profile `probe()`, charged to `evaluate`'s budget."""
        if self.watch is not None:
            return self._watched(evaluate, probe, day, dict(fills), keep_absent)
        k = (frozenset(fills), keep_absent)
        hit = self.by_fills.get(k) if shared else None
        if hit is not None:
            evaluate.charge(hit[1])
            return hit[0]
        counted = _Counted(evaluate)
        out = _complete(counted, probe(), day, keep_absent=keep_absent)[0]
        if shared:
            self.by_fills[k] = (out, counted.n)
        return out

    def _watched(self, evaluate, probe, day, filled: dict, keep_absent):
        assert self.watch is not None
        made = tuple(any(p.startswith(part + ".") for p in filled) for part in self.made)
        for paths, table in self.tables.items():
            for kept, asked, out, n in table.get((made, *(filled.get(p) for p in paths)), ()):
                if kept == keep_absent or (kept not in asked and keep_absent not in asked):
                    evaluate.charge(n)
                    return out
        counted = _Counted(evaluate)
        _READ.clear()
        out, asked = _complete(counted, _watched(probe(), self.watch), day, keep_absent=keep_absent)
        paths = tuple(sorted(_READ))
        _READ.clear()
        table = self.tables.setdefault(paths, {})
        table.setdefault((made, *(filled.get(p) for p in paths)), []).append((keep_absent, asked, out, counted.n))
        return out


def _complete(evaluate, profile, day, rounds: int = 3, keep_absent: str | None = None):
    """The outcome once facts the rule asks next (behind those filled) are filled with a first
    value, and the facts asked on the way."""
    samples, fill, absent = relevance.samples, relevance.fill, relevance.absent
    out = evaluate(profile)
    asked: set[str] = set()
    for _ in range(rounds):
        if out.status != "needs_info":
            return out, asked
        asked.update(out.missing)
        todo = [
            m
            for m in out.missing
            if m != keep_absent and not m.startswith("data:") and absent(profile, m) and samples(m, day)
        ]
        if not todo:
            return out, asked
        for m in todo:
            profile = fill(profile, m, samples(m, day)[0])
        out = evaluate(profile)
    return out, asked


# --- noticing which fields are read ---------------------------------------------------------

_READ: set[str] = set()  # the watched fields read by the probe under way
_WATCHES: dict[tuple[type, str, frozenset], type] = {}


class _Watch:
    """Mixed into a model class: a read of one of `_fields` is noted in _READ (as its path)."""

    _fields: dict[str, str] = {}

    def __getattribute__(self, name: str):
        path = type(self)._fields.get(name)
        if path is not None:
            _READ.add(path)
        return object.__getattribute__(self, name)


def _watchable(profile, fields: list[str]) -> dict[str, dict[str, str]] | None:
    """{part path: {attribute: field path}} when every field is a plain attribute of a part of the
    profile (social_insurance, business.premises…) and none lies inside another; else None."""
    if any("[" in f or "." not in f for f in fields) or any(
        _nested(a, b) for a, b in itertools.combinations(fields, 2)
    ):
        return None  # the profile's own fields are not watched: every read of the profile would pay
    watch: dict[str, dict[str, str]] = {}
    for f in fields:
        parent, _, name = f.rpartition(".")
        watch.setdefault(parent, {})[name] = f
    return watch


def _absent_parts(profile, watch: dict[str, dict[str, str]]) -> tuple[str, ...]:
    """The parts holding watched fields (and the parts above them) absent from the profile: a
    probe has one exactly when a value is filled in below it."""
    out: set[str] = set()
    for parent in watch:
        node, path = profile, ""
        for part in parent.split("."):
            path = f"{path}.{part}" if path else part
            node = getattr(node, part, None) if node is not None else None
            if node is None:
                out.add(path)
    return tuple(sorted(out))


def _watched(profile, watch: dict[str, dict[str, str]]):
    """The profile with each watched part it has replaced by a copy that notices reads of its fields."""
    for parent, names in sorted(watch.items(), key=lambda x: -len(x[0])):  # inner parts first
        node = profile
        for part in parent.split("."):
            node = getattr(node, part)
            if node is None:
                break
        if node is None:
            continue
        k = (type(node), parent, frozenset(names))
        cls = _WATCHES.get(k)
        if cls is None:
            cls = _WATCHES[k] = type(type(node).__name__, (_Watch, type(node)), {"_fields": dict(names)})
        copy: Any = object.__new__(cls)
        copy.__dict__.update(node.__dict__)
        profile = relevance.fill(profile, parent, copy)
    return profile
