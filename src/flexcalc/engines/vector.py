"""The vector engine (skeleton): a rule program compiled to numpy column operations over a chunk.

Imported only by bulk commands (numpy costs ~55 ms of start-up: a single check never loads it).
Every column is a value array and a `known` mask (three-valued facts); dates are day ordinals,
months month indices, money int64 in fen × a denominator carried with the column (exact: a
limit × 7/12 is kept in twelfths of a fen, rounded half up once, at the end). Nodes the engine
does not vectorise yet (Call, Native, templates) are computed row by row through the scalar
engine's Env, and their results become columns again. Rows whose money would leave int64 are
flagged `overflow`, for the scalar engine. Out: status codes, amount in fen, and the absent
facts each row's unknown checks ask, as bitmasks (`missing` by definition is settled per row
by engines.missing until it is vectorised too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

from flexcalc.context import Ctx
from flexcalc.rules import lang as L
from flexcalc.rules.program import Program

STATUSES = ("eligible", "ineligible", "needs_info", "not_in_force")
ELIGIBLE, INELIGIBLE, NEEDS_INFO, NOT_IN_FORCE = range(4)
LIMIT = 2**62


@dataclass
class Col:
    """A column: kind bool / num / money / obj, values, known mask, money's denominator."""

    kind: str
    v: Any
    k: Any
    d: int = 1


class Chunk:
    """The rows of one chunk: their contexts (for row-wise nodes) and columns memoised by node."""

    def __init__(self, ctxs: list[Ctx]):
        self.ctxs = ctxs
        self.n = len(ctxs)
        self.as_of = ctxs[0].as_of if ctxs else date.today()
        self.memo: dict[int, Col] = {}
        self.envs = [L.Env(c) for c in ctxs]
        self.overflow = np.zeros(self.n, dtype=bool)


def col(x: L.Expr, ch: Chunk) -> Col:
    hit = ch.memo.get(id(x))
    if hit is None:
        hit = ch.memo[id(x)] = _col(x, ch)
    return hit


def _col(x: L.Expr, ch: Chunk) -> Col:
    n = ch.n
    yes = np.ones(n, dtype=bool)
    if isinstance(x, L.Const) or isinstance(x, L.AsOf):
        return _const(x.value if isinstance(x, L.Const) else ch.as_of, n)
    if isinstance(x, L.Fact) and x.kind in ("bool", "date", "int", "money"):
        return _fact(x, ch)
    if isinstance(x, L.Fact) and x.kind == "object":
        k = np.array([x.ev(e) is not L.UNKNOWN for e in ch.envs], dtype=bool)
        return Col("bool", k.copy(), k)
    if isinstance(x, L.In) and isinstance(x.x, L.Fact) and x.x.kind in ("enum", "bool") and x.x.domain:
        codes, k = _enum(x.x, ch)
        wanted = [i for i, v in enumerate(x.x.domain) if v in x.values]
        return Col("bool", np.isin(codes, wanted), k)
    if isinstance(x, L.Asks):
        return col(x.x, ch)
    if isinstance(x, L.AddMonths):
        a = col(x.x, ch)
        return Col("num", np.where(a.k, add_months(a.v, x.n), 0), a.k)
    if isinstance(x, L.WholeMonths):
        a, b = col(x.a, ch), col(x.b, ch)
        k = a.k & b.k
        return Col("num", np.where(k, whole_months(np.where(k, a.v, b.v), b.v), 0), k)
    if isinstance(x, L.RetirementDay):
        return _retirement(x, ch)
    if isinstance(x, L.Given):
        return Col("bool", col(x.fact, ch).k.copy(), yes)
    if isinstance(x, L.Not):
        a = col(x.x, ch)
        return Col("bool", ~a.v, a.k)
    if isinstance(x, (L.And, L.Or)):
        cols = [col(k, ch) for k in x.xs]
        decisive = False if isinstance(x, L.And) else True
        hit = np.zeros(n, dtype=bool)
        for c in cols:
            hit |= c.k & (c.v == decisive)
        known = hit | np.logical_and.reduce([c.k for c in cols]) if cols else yes
        return Col("bool", np.where(hit, decisive, not decisive), known)
    if isinstance(x, L.Cmp):
        a, b = col(x.a, ch), col(x.b, ch)
        av, bv = _common(a, b)
        return Col("bool", L._OPS[x.op](av, bv), a.k & b.k)
    if isinstance(x, (L.HasAll, L.HasAny)):
        return _groups(x, ch)
    if isinstance(x, L.MonthIndex):
        a = col(x.x, ch)
        y, m = _ym(a.v)
        return Col("num", y * 12 + m - 1, a.k)
    if isinstance(x, L.Add):
        cols = [col(k, ch) for k in x.xs]
        d = lcm(*(c.d for c in cols))
        v = sum(c.v * (d // c.d) for c in cols)
        return _guard(Col(cols[0].kind, v, np.logical_and.reduce([c.k for c in cols]), d), ch)
    if isinstance(x, L.Min):
        cols = [col(k, ch) for k in x.xs]
        d = lcm(*(c.d for c in cols))
        v = np.minimum.reduce([c.v * (d // c.d) for c in cols])
        return Col(cols[0].kind, v, np.logical_and.reduce([c.k for c in cols]), d)
    if isinstance(x, L.When):
        c, a, b = col(x.cond, ch), col(x.then, ch), col(x.otherwise, ch)
        if a.kind == "obj" or b.kind == "obj":
            return _rows(x, ch)
        av, bv = _common(a, b)
        d = lcm(a.d, b.d) if a.kind == "money" else 1
        same = a.k & b.k & (av == bv)
        known = (c.k & np.where(c.v, a.k, b.k)) | (~c.k & same)
        return Col(a.kind, np.where(c.v, av, bv), known, d)
    return _rows(x, ch)  # Call, Native, Template, FirstTrue, AddMonths…: row by row for now


def _const(value: Any, n: int) -> Col:
    yes = np.ones(n, dtype=bool)
    if value is L.UNKNOWN:  # a condition the data leaves open (a figure it does not set)
        return Col("bool", ~yes, ~yes)
    if isinstance(value, bool):
        return Col("bool", np.full(n, value), yes)
    if isinstance(value, date):
        return Col("num", np.full(n, value.toordinal(), dtype=np.int64), yes)
    if isinstance(value, int):
        return Col("num", np.full(n, value, dtype=np.int64), yes)
    if isinstance(value, Fraction):
        f = value * 100
        return Col("money", np.full(n, f.numerator, dtype=np.int64), yes, f.denominator)
    return Col("obj", np.array([value] * n, dtype=object), yes)


def _fact(x: L.Fact, ch: Chunk) -> Col:
    raw = [x.ev(e) for e in ch.envs]
    k = np.array([r is not L.UNKNOWN for r in raw], dtype=bool)
    if x.kind == "bool":
        return Col("bool", np.array([r is True for r in raw], dtype=bool), k)
    if x.kind == "date":
        return Col("num", np.array([r.toordinal() if r is not L.UNKNOWN else 0 for r in raw], dtype=np.int64), k)
    if x.kind == "int":
        return Col("num", np.array([r if r is not L.UNKNOWN else 0 for r in raw], dtype=np.int64), k)
    return _money([r if r is not L.UNKNOWN else Fraction(0) for r in raw], k, ch)


def _money(values: list, k: Any, ch: Chunk) -> Col:
    """Fractions of yuan → int64 fen × d (d: the chunk's common denominator); too big → overflow rows."""
    scaled = [Fraction(v) * 100 for v in values]
    d = lcm(1, *(s.denominator for s in scaled))
    nums = [s.numerator * (d // s.denominator) for s in scaled]
    big = np.array([abs(v) >= LIMIT for v in nums], dtype=bool)
    ch.overflow |= big
    return Col("money", np.array([0 if abs(v) >= LIMIT else v for v in nums], dtype=np.int64), k, d)


def _guard(c: Col, ch: Chunk) -> Col:
    if c.kind == "money":
        ch.overflow |= np.abs(c.v) >= LIMIT // 4
    return c


def _common(a: Col, b: Col) -> tuple[Any, Any]:
    if a.kind == "money" and b.kind == "money" and a.d != b.d:
        d = lcm(a.d, b.d)
        return a.v * (d // a.d), b.v * (d // b.d)
    return a.v, b.v


def _ym(ordinals: Any) -> tuple[Any, Any]:
    days = (ordinals - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    months = days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    return 1970 + months // 12, months % 12 + 1


_CODES: dict[frozenset, int] = {}


def _groups(x: L.HasAll | L.HasAny, ch: Chunk) -> Col:
    """Group membership as one bitmask per row over the codes the predicate names."""
    codes = sorted(x.codes)
    g = [x.groups.ev(e) for e in ch.envs]
    k = np.array([v is not L.UNKNOWN for v in g], dtype=bool)
    bits = np.array(
        [0 if v is L.UNKNOWN else sum(1 << i for i, c in enumerate(codes) if c in v) for v in g], dtype=np.int64
    )
    full = (1 << len(codes)) - 1
    v = bits == full if isinstance(x, L.HasAll) else bits != 0
    return Col("bool", v, k)


def _enum(x: L.Fact, ch: Chunk) -> tuple[Any, Any]:
    """An enum fact as codes over its domain (-1: absent or outside it), memoised per chunk."""
    key = -id(x)  # beside the node's own column (ids are positive)
    hit = ch.memo.get(key)
    if hit is None:
        index = {v: i for i, v in enumerate(x.domain)}
        raw = [x.ev(e) for e in ch.envs]
        codes = np.array([-1 if r is L.UNKNOWN else index.get(r, -1) for r in raw], dtype=np.int64)
        hit = ch.memo[key] = Col("num", codes, np.array([r is not L.UNKNOWN for r in raw], dtype=bool))
    return hit.v, hit.k


_EPOCH = date(1970, 1, 1).toordinal()


def _ymd(ordinals: Any) -> tuple[Any, Any, Any]:
    """Day ordinals → year, month (1–12), day (1–31)."""
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    m = months.astype(np.int64)
    return 1970 + m // 12, m % 12 + 1, day


def add_months(ordinals: Any, n: Any) -> Any:
    """dates.add_months over a column (n a number or a column): the same day, clipped to the month's end."""
    y, m, d = _ymd(ordinals)
    index = (y - 1970) * 12 + m - 1 + n
    first = index.astype("datetime64[M]").astype("datetime64[D]")
    last = ((index + 1).astype("datetime64[M]").astype("datetime64[D]") - first).astype(np.int64)
    return first.astype(np.int64) + _EPOCH + np.minimum(d, last) - 1


def whole_months(start: Any, end: Any) -> Any:
    """dates.whole_months over columns: -1 when end is before start."""
    ys, ms, _ = _ymd(start)
    ye, me, _ = _ymd(end)
    months = (ye - ys) * 12 + me - ms
    months = np.where(add_months(start, months) > end, months - 1, months)
    return np.where(end < start, -1, months)


def _retirement(x: L.RetirementDay, ch: Chunk) -> Col:
    """Retirement.retirement_date over a column of births (the steps in force at the as-of date)."""
    b = col(x.birth, ch)
    if not ch.ctxs:
        return Col("num", b.v, b.k)
    table = ch.ctxs[0].retirement
    age = table.male_original_age.value if x.age is None else x.age
    births = np.where(b.k, b.v, _EPOCH)
    y, m, _ = _ymd(births)
    index = y * 12 + m - 1
    delay = np.zeros(ch.n, dtype=np.int64)
    for step in table.steps.value if ch.as_of >= table.steps.in_force_from else ():
        if step.original_age == age:
            after = index - (step.from_birth_month.year * 12 + step.from_birth_month.month - 1)
            delay = np.where(after >= 0, np.minimum(step.max_delay_months, after // step.every_months + 1), delay)
    return Col("num", np.where(b.k, add_months(births, age * 12 + delay), 0), b.k)


def _rows(x: L.Expr, ch: Chunk) -> Col:
    """A node the engine does not vectorise: its scalar value per row, made a column again."""
    raw = [x(e) for e in ch.envs]
    k = np.array([r is not L.UNKNOWN for r in raw], dtype=bool)
    present = [r for r in raw if r is not L.UNKNOWN]
    if present and all(isinstance(r, bool) for r in present):
        return Col("bool", np.array([r is True for r in raw], dtype=bool), k)
    if present and all(isinstance(r, Fraction) for r in present):
        return _money([r if r is not L.UNKNOWN else Fraction(0) for r in raw], k, ch)
    if present and all(isinstance(r, int) for r in present):
        return Col("num", np.array([r if r is not L.UNKNOWN else 0 for r in raw], dtype=np.int64), k)
    if present and all(isinstance(r, date) for r in present):
        return Col("num", np.array([r.toordinal() if r is not L.UNKNOWN else 0 for r in raw], dtype=np.int64), k)
    return Col("obj", np.array(raw, dtype=object), k)


def _cond(check: L.Check, ch: Chunk) -> Col:
    c = _held(check, ch)
    if check.when is None:
        return c
    w = col(check.when, ch)
    part = w.k & w.v  # the rows where the check is part of the rule; elsewhere it is met
    return Col("bool", np.where(part, c.v, True), np.where(part, c.k, True))


def _held(check: L.Check, ch: Chunk) -> Col:
    if isinstance(check.cond, L.Native):
        oks = [check.cond.fn(c).ok for c in ch.ctxs]
        return Col("bool", np.array([o is True for o in oks], dtype=bool), np.array([o is not None for o in oks]))
    return col(check.cond, ch)


def asked(x: L.Expr, ch: Chunk, bits: dict[str, int]) -> Any:
    """Per row, the absent facts an unknown node rests on, as a bitmask (`bits`: path → bit, grown)."""
    c = _cond(x, ch) if isinstance(x, L.Check) else col(x, ch)
    out = np.zeros(ch.n, dtype=np.int64)
    if isinstance(x, L.Check):
        if isinstance(x.cond, L.Native):
            for i, ctx in enumerate(ch.ctxs):
                for m in x.cond.fn(ctx).missing:
                    out[i] |= 1 << bits.setdefault(m, len(bits))
            return out
        if isinstance(x.asks, L.Expr):  # the facts asked depend on the row (a course's start): row by row
            for i, env in enumerate(ch.envs):
                if not c.k[i]:
                    for m in x.asks(env):
                        out[i] |= 1 << bits.setdefault(m, len(bits))
            return out
        if x.asks is not None:
            mask = sum(1 << bits.setdefault(m, len(bits)) for m in x.asks)
            return np.where(c.k, 0, mask)
        return asked(x.cond, ch, bits)
    if isinstance(x, L.Asks):
        out = np.zeros(ch.n, dtype=np.int64)
        for tier in x.tiers:
            got = np.zeros(ch.n, dtype=np.int64)
            for f in tier:
                if f.asked:
                    got |= np.where(~col(f, ch).k, 1 << bits.setdefault(f.path, len(bits)), 0)
            out = np.where(out == 0, got, out)
        return np.where(c.k, 0, out)
    if isinstance(x, L.Fact):
        if x.asked:
            out |= np.where(~c.k, 1 << bits.setdefault(x.path, len(bits)), 0)
        return out
    for kid in x.kids():
        out |= asked(kid, ch, bits)
    return np.where(c.k, 0, out)


def run(program: Program, ctxs: list[Ctx]) -> dict[str, Any]:
    """status (codes of STATUSES), amount_fen (-1: none), asked (bitmask over `facts`), overflow
    (rows for the scalar engine)."""
    ch = Chunk(ctxs)
    n = ch.n
    conds = [_cond(c, ch) for c in program.checks]
    failed = np.logical_or.reduce([c.k & ~c.v for c in conds]) if conds else np.zeros(n, dtype=bool)
    unknown = np.logical_or.reduce([~c.k for c in conds]) if conds else np.zeros(n, dtype=bool)
    status = np.where(failed, INELIGIBLE, np.where(unknown, NEEDS_INFO, ELIGIBLE)).astype(np.int8)
    open_ = ~failed
    for cond, _ in program.windows:
        w = col(cond, ch)
        closed = open_ & w.k & w.v
        status[closed] = NOT_IN_FORCE
        open_ &= w.k & ~w.v
    eligible = status == ELIGIBLE
    for step in program.steps:
        if step.kind == "stop" and step.when is not None:
            s = col(step.when, ch)
            status[eligible & s.k & s.v] = NOT_IN_FORCE
    eligible = status == ELIGIBLE
    fen = np.full(n, -1, dtype=np.int64)
    if program.amount is not None and eligible.any():
        a = col(program.amount, ch)
        ok = eligible & a.k
        fen[ok] = (2 * a.v[ok] + a.d) // (2 * a.d)  # half up, once (amounts are ≥ 0)
    bits: dict[str, int] = {}
    ask = np.zeros(n, dtype=np.int64)
    for c, check in zip(conds, program.checks, strict=True):
        ask |= np.where(c.k, 0, asked(check, ch, bits))
    ask[status != NEEDS_INFO] = 0
    return {"status": status, "amount_fen": fen, "asked": ask, "facts": list(bits), "overflow": ch.overflow.copy()}
