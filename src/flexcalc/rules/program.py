"""A rule shape's program: its checks, the person's own window, and what an eligible answer adds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flexcalc.rules.lang import Check, Cmp, Expr, Fact, Min


@dataclass(frozen=True, eq=False)
class Step:
    """One thing an eligible answer adds, in order, where `when` holds (None: always):
    note (a T), notes (a list of T), check (a Check), stop (a note, and the answer is not_in_force)."""

    kind: str
    value: Any
    when: Expr | None = None


@dataclass(frozen=True, eq=False)
class Program:
    """rules.md "Order of statuses": `checks` (a Kleene AND: a known failure is ineligible), then
    `windows` (a condition that holds: the person's window has passed, not_in_force with its note;
    unknown: the answer waits on the checks' facts), then, when eligible, `steps` and the amount.

    `raise_if` (rules.md "Certain floor"): facts whose absence may leave an eligible amount a
    floor. The amount expression gives the certain amount when they are absent (e.g. through
    `lang.FirstTrue` or `When(Given(f), …)`); the engine names the absent ones and
    engines.missing keeps those some value of which changes the amount (by definition).
    `raise_when`: (cond, x) pairs: where cond holds, the absent facts x rests on (scalar.asked:
    those its unknown parts read) are named too, after `raise_if` (a floor that only some
    profiles leave: a lease longer than the 730 days, a higher tier still unknown)."""

    checks: tuple[Check, ...]
    windows: tuple[tuple[Expr, Expr], ...] = ()
    steps: tuple[Step, ...] = ()
    amount: Expr | None = None
    amount_min: Expr | None = None
    formula: Expr | None = None
    raise_if: tuple[Fact, ...] = ()
    raise_when: tuple[tuple[Expr, Expr], ...] = ()

    def nodes(self) -> Iterator[Expr]:
        return iter(self._nodes)

    @cached_property
    def _nodes(self) -> tuple[Expr, ...]:
        # once per program (built per rule view and date): engines.missing reads the nodes for
        # every answer it settles, and for every value of every absent fact it tries
        return tuple(self._walk())

    def _walk(self) -> Iterator[Expr]:
        roots: list[Expr] = [*self.checks, *(x for w in self.windows for x in w)]
        for s in self.steps:
            roots += [x for x in (s.value, s.when) if isinstance(x, Expr)]
        roots += [x for x in (self.amount, self.amount_min, self.formula) if x is not None]
        roots += self.raise_if
        roots += [x for pair in self.raise_when for x in pair]
        # each node once, in the order a full walk first meets it: a subtree met again (a shape's
        # choice read by the `when` of every check) is all met already, so it is not walked again
        seen: set[int] = set()
        stack = list(reversed(roots))
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            yield node
            stack.extend(reversed(node.kids()))

    def facts(self) -> dict[str, Fact]:
        """path → the Fact the program reads (the first one met, for its kind and domain)."""
        return dict(self._facts)

    @cached_property
    def _facts(self) -> dict[str, Fact]:
        out: dict[str, Fact] = {}
        for node in self._nodes:
            for f in node.facts() if not node.kids() else ():
                out.setdefault(f.path, f)
        return out

    @cached_property
    def comparison_reads(self) -> tuple[frozenset[str], ...]:
        """Per comparison (in `comparisons`' order), the paths of the facts under it."""
        return tuple(frozenset(f.path for f in node.facts()) for node in self.comparisons)

    @cached_property
    def comparisons(self) -> tuple[Cmp | Min, ...]:
        """The nodes that set thresholds (engines.missing's values for dates and numbers)."""
        return tuple(n for n in self._nodes if isinstance(n, (Cmp, Min)))
