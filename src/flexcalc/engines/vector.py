"""The vector engine: a rule program compiled to numpy column operations over a chunk.

Imported only by bulk commands (numpy costs ~55 ms of start-up: a single check never loads it).
Every column is a value array and a `known` mask (three-valued facts); dates are day ordinals,
months month indices, money int64 in fen × a denominator carried with the column (exact: a
limit × 7/12 is kept in twelfths of a fen, rounded half up once, at the end). Nodes the engine
does not vectorise (Call, Native, templates, facts read as given) are computed row by row through
the scalar engine's Env, and their results become columns again. Rows whose money would leave
int64 are flagged `overflow`, for the scalar engine. Out: status codes, amount and lower end in
fen, the floor flag and the facts that make it one, and the absent facts each row's unknown checks
ask, as bitmasks (`missing` by definition is settled per row by engines.missing until it is
vectorised too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

from flexcalc.context import Ctx
from flexcalc.rules import lang as L
from flexcalc.rules.program import Program

STATUSES = ("eligible", "ineligible", "needs_info", "not_in_force")
ELIGIBLE, INELIGIBLE, NEEDS_INFO, NOT_IN_FORCE = range(4)
LIMIT = 2**62  # every money value stays below it: a sum of two never wraps an int64
DENOMINATOR_LIMIT = 10**8  # a chunk's money denominator (fen × d); finer rows go to the scalar engine


@dataclass
class Col:
    """A column: kind bool / num / money / obj, values, known mask, money's denominator."""

    kind: str
    v: Any
    k: Any
    d: int = 1
    py: str | None = None  # the scalar engine's type of a num / money value: int, date, Fraction (None: not known)


class Chunk:
    """The rows of one chunk: their contexts (for row-wise nodes) and columns memoised by node."""

    def __init__(self, ctxs: list[Ctx]):
        self.ctxs = ctxs
        self.n = len(ctxs)
        self.as_of = ctxs[0].as_of if ctxs else date.today()
        self.memo: dict[int, Col] = {}
        self.asked: dict[int, Any] = {}
        self.facts: dict[Any, list] = {}  # path (profile nodes), (path, kind) (Fact.ev's values)
        self.seeded: set[int] = set()  # nodes whose values are in the rows' Env memos
        self.nodes: dict[int, L.Expr] = {}  # the nodes of `memo`, by id (_Memo)
        self.envs = [L.Env(c) for c in ctxs]
        for i, env in enumerate(self.envs):
            env.memo = _Memo(self, i)
        self.overflow = np.zeros(self.n, dtype=bool)


def col(x: L.Expr, ch: Chunk) -> Col:
    hit = ch.memo.get(id(x))
    if hit is None:
        hit = ch.memo[id(x)] = _col(x, ch)
        ch.nodes[id(x)] = x
    return hit


_OWN: dict[type, bool] = {}


def _own(x: L.Expr) -> bool:
    """The node computes as the language's class it is (a rule module's subclass may change `ev`:
    then only the scalar engine knows it, and it runs row by row)."""
    t = type(x)
    hit = _OWN.get(t)
    if hit is None:
        base: Any = next((c for c in t.__mro__ if c.__module__ == L.__name__), L.Expr)
        hit = _OWN[t] = base is not L.Expr and t.ev is base.ev
    return hit


def _col(x: L.Expr, ch: Chunk) -> Col:
    n = ch.n
    if not _own(x):
        return _rows(x, ch)
    yes = np.ones(n, dtype=bool)
    if isinstance(x, (L.Const, L.AsOf)):
        return _const(x.value if isinstance(x, L.Const) else ch.as_of, n)
    if isinstance(x, L.Fact) and x.kind in ("bool", "date", "int", "money"):
        return _fact(x, ch)
    if isinstance(x, L.Fact) and x.kind == "object":  # present (its fields are facts of their own)
        k = np.array([v is not L.UNKNOWN for v in values(x, ch)], dtype=bool)
        return Col("bool", k.copy(), k)
    if isinstance(x, L.Fact):  # enum, groups, lists and values as given: as objects
        return _objects(x, ch)
    if isinstance(x, L.In) and isinstance(x.x, L.Fact) and x.x.kind in ("enum", "bool") and x.x.domain:
        codes, k = _enum(x.x, ch)
        wanted = [i for i, v in enumerate(x.x.domain) if v in x.values]
        return Col("bool", np.isin(codes, wanted), k)
    if isinstance(x, (L.Asks, L.AlsoAsks)):
        return col(x.x, ch)
    if isinstance(x, L.Is):
        return _is(x, ch)
    if isinstance(x, L.AddMonths):
        a = col(x.x, ch)
        return Col("num", np.where(a.k, add_months(a.v, x.n), 0), a.k, py="date")
    if isinstance(x, L.WholeMonths):
        a, b = col(x.a, ch), col(x.b, ch)
        k = a.k & b.k
        return Col("num", np.where(k, whole_months(np.where(k, a.v, b.v), b.v), 0), k, py="int")
    if isinstance(x, L.RetirementDay):
        return _retirement(x, ch)
    if isinstance(x, L.Given):
        return Col("bool", col(x.fact, ch).k.copy(), yes)
    if isinstance(x, L.Not):
        a = col(x.x, ch)
        return Col("bool", ~a.v, a.k)
    if isinstance(x, (L.And, L.Or)):
        cols = [col(k, ch) for k in x.xs]
        decisive = isinstance(x, L.Or)
        hit = np.zeros(n, dtype=bool)
        for c in cols:
            hit |= c.k & (c.v == decisive)
        known = hit | np.logical_and.reduce([c.k for c in cols]) if cols else yes
        return Col("bool", np.where(hit, decisive, not decisive), known)
    if isinstance(x, L.Cmp):
        return _cmp(x, ch)
    if isinstance(x, (L.HasAll, L.HasAny)):
        return _groups(x, ch)
    if isinstance(x, L.MonthIndex):
        a = col(x.x, ch)
        y, m = _ym(a.v)
        return Col("num", y * 12 + m - 1, a.k, py="int")
    if isinstance(x, (L.Add, L.Min)):
        cols = [col(k, ch) for k in x.xs]
        if any(c.kind not in ("num", "money") for c in cols):
            return _rows(x, ch)
        vs, d, kind = _unify(cols, ch)
        out = vs[0]
        for v in vs[1:]:
            out = _add(out, v, ch) if isinstance(x, L.Add) else np.minimum(out, v)
        return Col(kind, out, np.logical_and.reduce([c.k for c in cols]), d, _same(cols))
    if isinstance(x, L.Mul):
        return _product(x, ch)
    if isinstance(x, L.When):
        c = col(x.cond, ch)
        picked = _pick(c.k & c.v, col(x.then, ch), col(x.otherwise, ch), ch)
        if picked is None:
            return _rows(x, ch)
        a, b, out = picked
        same = a.k & b.k & _equal(a, b)
        out.k = (c.k & np.where(c.v, a.k, b.k)) | (~c.k & same)
        return out
    if isinstance(x, L.FirstOf):
        return _first_of(x, ch)
    if isinstance(x, L.FirstTrue):
        return _first_true(x, ch)
    if isinstance(x, L.Call) and x.fn is Fraction and len(x.xs) == 1:  # exact money of a number
        a = col(x.xs[0], ch)
        if a.kind in ("num", "money"):
            return _as_money(a, ch)
    if isinstance(x, L.Call):
        return _call(x, ch)
    return _rows(x, ch)  # Native, Template and nodes of a rule's own: row by row


def _const(value: Any, n: int) -> Col:
    yes = np.ones(n, dtype=bool)
    if value is L.UNKNOWN or value is None:  # open (a figure the data does not set), or no amount
        return Col("bool", ~yes, ~yes, py="void")
    if isinstance(value, bool):
        return Col("bool", np.full(n, value), yes)
    if isinstance(value, date):
        return Col("num", np.full(n, value.toordinal(), dtype=np.int64), yes, py="date")
    if isinstance(value, int) and abs(value) < LIMIT:
        return Col("num", np.full(n, value, dtype=np.int64), yes, py="int")
    if isinstance(value, Fraction) or (isinstance(value, Decimal) and value.is_finite()):
        f = Fraction(value) * 100
        if f.denominator <= DENOMINATOR_LIMIT and abs(f.numerator) < LIMIT:
            py = "Fraction" if isinstance(value, Fraction) else None
            return Col("money", np.full(n, f.numerator, dtype=np.int64), yes, f.denominator, py)
    out = np.empty(n, dtype=object)
    out.fill(value)
    return Col("obj", out, yes)


def values(x: L.Fact, ch: Chunk) -> list:
    """A fact's scalar value per row (Fact.ev), memoised per chunk by path and kind: the facts a
    program reads under several nodes (money and as given, Given) are read from the profiles once."""
    key = (x.path, x.kind)
    hit = ch.facts.get(key)
    if hit is None:
        nodes = ch.facts.get(x.path)
        if nodes is None:
            nodes = ch.facts[x.path] = [_read(x.steps, c.p) for c in ch.ctxs]
        if x.kind == "money":
            hit = [v if v is L.UNKNOWN else Fraction(v) for v in nodes]
        elif x.kind == "groups":
            hit = [v if v is L.UNKNOWN else frozenset(v) for v in nodes]
        elif x.kind == "object":
            hit = [v if v is L.UNKNOWN else True for v in nodes]
        else:
            hit = nodes
        ch.facts[key] = hit
    return hit


def _read(steps: tuple[str, ...], node: Any) -> Any:
    for name in steps:
        node = getattr(node, name, None)
        if node is None:
            return L.UNKNOWN
    return node


def _fact(x: L.Fact, ch: Chunk) -> Col:
    raw = values(x, ch)
    k = np.array([r is not L.UNKNOWN for r in raw], dtype=bool)
    if x.kind == "bool":
        return Col("bool", np.array([r is True for r in raw], dtype=bool), k)
    if x.kind == "date":
        return Col(
            "num", np.array([r.toordinal() if r is not L.UNKNOWN else 0 for r in raw], dtype=np.int64), k, py="date"
        )
    if x.kind == "int":
        return _ints(raw, k, ch)
    out = _money(values(L.Fact(x.path, "raw"), ch), k, ch)  # the Decimals as given: no Fraction a row
    out.py = "Fraction"  # Fact.ev's money
    return out


def _objects(x: L.Fact, ch: Chunk) -> Col:
    raw = values(x, ch)
    return Col("obj", _array(raw), np.array([r is not L.UNKNOWN for r in raw], dtype=bool))


def _array(values: list) -> Any:
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = v
    return out


def _ints(raw: list, k: Any, ch: Chunk) -> Col:
    big = np.array([r is not L.UNKNOWN and abs(r) >= LIMIT for r in raw], dtype=bool)
    ch.overflow |= big
    return Col(
        "num", np.array([0 if r is L.UNKNOWN or abs(r) >= LIMIT else r for r in raw], dtype=np.int64), k, py="int"
    )


def _money(values: list, k: Any, ch: Chunk) -> Col:
    """Values in yuan (UNKNOWN, Fraction, Decimal, int) → int64 fen × d, d the least common
    denominator of the rows, kept at most DENOMINATOR_LIMIT: a row finer than that, or too big,
    goes to the scalar engine (overflow) and leaves the other rows exact."""
    scaled = [None if v is L.UNKNOWN else _fen_ratio(v) for v in values]
    d = 1
    for den in sorted({s[1] for s in scaled if s is not None}):
        if lcm(d, den) <= DENOMINATOR_LIMIT:
            d = lcm(d, den)
    nums = []
    big = np.zeros(len(values), dtype=bool)
    for i, s in enumerate(scaled):
        v = 0 if s is None or d % s[1] else s[0] * (d // s[1])
        if s is not None and (d % s[1] or abs(v) >= LIMIT):
            big[i], v = True, 0
        nums.append(v)
    ch.overflow |= big
    return Col("money", np.array(nums, dtype=np.int64), k, d)


def _fen_ratio(v: Any) -> tuple[int, int]:
    """A sum in yuan as (numerator, denominator) of fen, exact; whole fen of a Decimal without Fraction."""
    if isinstance(v, Decimal) and v.is_finite():
        fen = v.scaleb(2)
        if fen == fen.to_integral_value():
            return int(fen), 1
    f = Fraction(v) * 100
    return f.numerator, f.denominator


def _mul(a: Any, b: Any, ch: Chunk) -> Any:
    """a × b over int64 columns; a row whose product would reach LIMIT is flagged (and is 0)."""
    b = np.broadcast_to(np.asarray(b, dtype=np.int64), np.shape(a))
    bb = np.abs(b)
    big = (bb > 0) & (np.abs(a) > LIMIT // np.maximum(bb, 1))
    ch.overflow |= big
    return np.where(big, 0, a) * np.where(big, 0, b)


def _times(v: Any, factor: int, ch: Chunk) -> Any:
    """v × a (Python) integer factor, guarded."""
    if factor == 1:
        return v
    if factor >= LIMIT:
        ch.overflow |= v != 0
        return np.zeros_like(v)
    return _mul(v, factor, ch)


def _add(a: Any, b: Any, ch: Chunk) -> Any:
    out = a + b  # both below LIMIT = 2**62: no wrap
    big = np.abs(out) >= LIMIT
    ch.overflow |= big
    return np.where(big, 0, out)


def _money_col(c: Col, ch: Chunk) -> Col:
    """A number of yuan as money (fen); money as it is."""
    return c if c.kind == "money" else Col("money", _times(c.v, 100, ch), c.k, 1)


def _as_money(c: Col, ch: Chunk) -> Col:
    m = _money_col(c, ch)
    return Col("money", m.v, m.k, m.d, "Fraction")


def _unify(cols: list[Col], ch: Chunk) -> tuple[list, int, str]:
    """Values on one scale: numbers stay numbers; with money among them, all in fen × a common d."""
    if all(c.kind == "num" for c in cols):
        return [c.v for c in cols], 1, "num"
    cols = [_money_col(c, ch) for c in cols]
    d = lcm(*(c.d for c in cols))
    return [_times(c.v, d // c.d, ch) for c in cols], d, "money"


def _product(x: L.Mul, ch: Chunk) -> Col:
    """a × b: numbers, money × a number, or money × money (yuan², in fen: d × d' × 100)."""
    a, b = col(x.a, ch), col(x.b, ch)
    k = a.k & b.k
    if a.kind == "num" and b.kind == "num":
        return Col("num", _mul(a.v, b.v, ch), k, py=_same([a, b]))
    if {a.kind, b.kind} == {"num", "money"}:
        m, c = (a, b) if a.kind == "money" else (b, a)
        return Col("money", _mul(m.v, c.v, ch), k, m.d, "Fraction" if (m.py, c.py) == ("Fraction", "int") else None)
    if a.kind == "money" and b.kind == "money":
        d = a.d * b.d * 100
        if d < LIMIT:
            return Col("money", _mul(a.v, b.v, ch), k, d, _same([a, b]))
    return _rows(x, ch)


def _cmp(x: L.Cmp, ch: Chunk) -> Col:
    a, b = col(x.a, ch), col(x.b, ch)
    k = a.k & b.k
    if a.kind in ("num", "money") and b.kind in ("num", "money"):
        (av, bv), _, _ = _unify([a, b], ch)
        return Col("bool", L._OPS[x.op](av, bv), k)
    if a.kind == b.kind == "bool":
        return Col("bool", L._OPS[x.op](a.v, b.v), k)
    if a.kind != "obj" and b.kind != "obj":
        return _rows(x, ch)
    op = L._OPS[x.op]
    av, bv = _values(a), _values(b)
    return Col("bool", np.array([bool(k[i] and op(av[i], bv[i])) for i in range(ch.n)], dtype=bool), k)


def _values(c: Col) -> Any:
    """Python values of a column for a row-wise comparison with objects (bools and numbers as they are)."""
    return c.v if c.kind == "obj" else c.v.tolist()


def _equal(a: Col, b: Col) -> Any:
    if a.kind == "obj" or b.kind == "obj":
        av, bv = _values(a), _values(b)
        return np.array([x == y for x, y in zip(av, bv, strict=True)], dtype=bool)
    return a.v == b.v  # on one scale already (_pick)


def _pick(mask: Any, a: Col, b: Col, ch: Chunk) -> tuple[Col, Col, Col] | None:
    """where(mask, a, b) on one scale: (a, b as scaled, the result with a's known where mask
    and b's elsewhere); None where the kinds do not mix (then the node runs row by row)."""
    if _void(a):
        a = Col(b.kind, np.zeros_like(b.v), a.k, b.d, b.py)
    elif _void(b):
        b = Col(a.kind, np.zeros_like(a.v), b.k, a.d, a.py)
    py = _same([a, b])
    if a.kind in ("num", "money") and b.kind in ("num", "money"):
        (av, bv), d, kind = _unify([a, b], ch)
        a, b = Col(kind, av, a.k, d), Col(kind, bv, b.k, d)
    elif a.kind != b.kind:
        return None
    return a, b, Col(a.kind, np.where(mask, a.v, b.v), np.where(mask, a.k, b.k), a.d, py)


def _void(c: Col) -> bool:
    """A column known nowhere (a constant UNKNOWN): it takes the kind of what it is paired with."""
    return not c.k.any()


def _first_of(x: L.FirstOf, ch: Chunk) -> Col:
    """The value of the first case whose condition holds; unknown once a condition before it is."""
    out = col(x.default, ch)
    for cond, value in reversed(x.cases):
        c = col(cond, ch)
        picked = _pick(c.k & c.v, col(value, ch), out, ch)
        if picked is None:
            return _rows(x, ch)
        out = picked[2]
        out.k = out.k & c.k
    return out


def _first_true(x: L.FirstTrue, ch: Chunk) -> Col:
    """The constant of the first condition known to hold (unknown ones skipped), else the default."""
    out = _const(x.default, ch.n)
    for cond, value in reversed(x.cases):
        c = col(cond, ch)
        picked = _pick(c.k & c.v, _const(value, ch.n), out, ch)
        if picked is None:
            return _rows(x, ch)
        out = picked[2]
    return out


def _is(x: L.Is, ch: Chunk) -> Col:
    """x is known to be the value (or, for UNKNOWN, x is unknown): always known."""
    a = col(x.x, ch)
    yes = np.ones(ch.n, dtype=bool)
    if x.value is L.UNKNOWN:
        return Col("bool", ~a.k, yes)
    picked = _pick(yes, a, _const(x.value, ch.n), ch)
    if picked is None:
        return _rows(x, ch)
    av, bv, _ = picked
    return Col("bool", a.k & _equal(av, bv), yes)


def _ym(ordinals: Any) -> tuple[Any, Any]:
    days = (ordinals - date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    months = days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    return 1970 + months // 12, months % 12 + 1


def _groups(x: L.HasAll | L.HasAny, ch: Chunk) -> Col:
    """Group membership as one bitmask per row over the codes the predicate names."""
    codes = sorted(x.codes)
    g = values(x.groups, ch)
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
        raw = values(x, ch)
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
        return Col("num", b.v, b.k, py="date")
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
    return Col("num", np.where(b.k, add_months(births, age * 12 + delay), 0), b.k, py="date")


def _rows(x: L.Expr, ch: Chunk) -> Col:
    """A node the engine does not vectorise: its scalar value per row, made a column again. The
    nodes under it are computed as columns first and their values put in each row's Env memo, so
    the scalar engine reads them instead of evaluating the subtree again."""
    seed(x, ch)
    return _column([_value(x, e) for e in ch.envs], ch)


def seed(x: L.Expr, ch: Chunk) -> None:
    """Compute the nodes under x as columns, for the rows' Env memos to read (_Memo)."""
    if id(x) not in ch.seeded:
        ch.seeded.add(id(x))
        for kid in x.kids():
            col(kid, ch)


class _Memo(dict):
    """A row's Env memo (Expr.__call__'s) that also reads the chunk's columns: a node the vector
    engine has computed gives the scalar engine its value for the row, in the scalar engine's type
    (int, date, Fraction, bools and objects as they are), instead of evaluating its subtree again."""

    __slots__ = ("ch", "i")

    def __init__(self, ch: Chunk, i: int):
        super().__init__()
        self.ch, self.i = ch, i

    def get(self, node: Any, default: Any = None) -> Any:
        hit = dict.get(self, node, _NONE)
        if hit is _NONE and id(node) in self.ch.nodes:
            hit = _python(self.ch.memo[id(node)], self.i)
            if hit is not _NONE:
                self[node] = hit
        return default if hit is _NONE else hit


_NONE = object()


def _python(c: Col, i: int) -> Any:
    """Row i of a column as the scalar engine has it (UNKNOWN where not known), or _NONE where its type is not known."""
    if c.kind == "obj":
        return c.v[i] if c.k[i] else L.UNKNOWN
    if c.kind == "bool":
        if c.py == "void":  # (None, UNKNOWN: not said which)
            return _NONE
        return bool(c.v[i]) if c.k[i] else L.UNKNOWN
    if c.kind == "num" and c.py in ("int", "date"):
        if not c.k[i]:
            return L.UNKNOWN
        return int(c.v[i]) if c.py == "int" else date.fromordinal(int(c.v[i]))
    if c.kind == "money" and c.py == "Fraction":
        return Fraction(int(c.v[i]), c.d * 100) if c.k[i] else L.UNKNOWN
    return _NONE


def _same(cols: list[Col]) -> str | None:
    """The scalar type that columns share (void ones aside), else None."""
    pys = {c.py for c in cols if c.k.any()}
    return pys.pop() if len(pys) == 1 else None


def _column(raw: list, ch: Chunk) -> Col:
    """Scalar values (UNKNOWN where absent) as a column of the kind they share."""
    k = np.array([r is not L.UNKNOWN for r in raw], dtype=bool)
    present = [r for r in raw if r is not L.UNKNOWN]
    if present and all(isinstance(r, bool) for r in present):
        return Col("bool", np.array([r is True for r in raw], dtype=bool), k)
    if present and all(isinstance(r, (Fraction, Decimal)) for r in present):
        out = _money(raw, k, ch)
        out.py = "Fraction" if all(isinstance(r, Fraction) for r in present) else None
        return out
    if present and all(isinstance(r, int) and not isinstance(r, bool) for r in present):
        return _ints(raw, k, ch)
    if present and all(isinstance(r, date) for r in present):
        return Col(
            "num", np.array([r.toordinal() if r is not L.UNKNOWN else 0 for r in raw], dtype=np.int64), k, py="date"
        )
    if not present:  # known nowhere: takes the kind of what it meets (_pick)
        return Col("bool", np.zeros(ch.n, dtype=bool), k, py="void")
    return Col("obj", _array(raw), k)


def _call(x: L.Call, ch: Chunk) -> Col:
    """A Call row by row, its function run once per distinct arguments (a pure function of known
    values: the household limit's spans of one registration month are the same for every row of
    it). An argument that is another Call's object column (a list of spans) is read from that
    column, so rows that share the object share the call (keyed by identity: the chunk's memo
    keeps the objects alive); other unhashable arguments (a profile's courses) are not memoised."""
    inner = {j: col(a, ch) for j, a in enumerate(x.xs) if isinstance(a, L.Call)}
    inner = {j: c for j, c in inner.items() if c.kind == "obj"}
    read = {j: values(a, ch) for j, a in enumerate(x.xs) if isinstance(a, L.Fact)}
    seed(x, ch)
    seen: dict = {}
    raw = []
    for i, env in enumerate(ch.envs):
        args = tuple(
            (inner[j].v[i] if inner[j].k[i] else L.UNKNOWN)
            if j in inner
            else read[j][i]
            if j in read
            else _value(a, env)
            for j, a in enumerate(x.xs)
        )
        if any(v is L.UNKNOWN for v in args):
            raw.append(L.UNKNOWN)
            continue
        key = tuple(("id", id(v)) if j in inner else v for j, v in enumerate(args))
        try:
            hit = seen.get(key, seen)
        except TypeError:  # unhashable: called as it is
            raw.append(_value(x, env))
            continue
        if hit is seen:
            try:
                hit = x.fn(*args)
            except (ValueError, TypeError, ArithmeticError):  # as _value
                hit = L.UNKNOWN
            seen[key] = hit
        raw.append(hit)
    return _column(raw, ch)


def _value(x: L.Expr, env: L.Env) -> Any:
    """A node's scalar value; where its function fails (a row the scalar engine would never ask:
    no course this year for the longest course's days), UNKNOWN, which a row that needs it never is."""
    try:
        return x(env)
    except (ValueError, TypeError, ArithmeticError):
        return L.UNKNOWN


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


def _bit(path: str, bits: dict[str, int]) -> int:
    return 1 << bits.setdefault(path, len(bits))


def asked(x: L.Expr, ch: Chunk, bits: dict[str, int]) -> Any:
    """Per row, the absent facts an unknown node rests on (scalar.asked), as a bitmask (`bits`: path → bit, grown)."""
    hit = ch.asked.get(id(x))
    if hit is None:
        hit = ch.asked[id(x)] = _asked(x, ch, bits)
    return hit


def _asked(x: L.Expr, ch: Chunk, bits: dict[str, int]) -> Any:
    n = ch.n
    out = np.zeros(n, dtype=np.int64)
    if isinstance(x, L.Check):
        c = _cond(x, ch)
        if isinstance(x.cond, L.Native):
            for i, ctx in enumerate(ch.ctxs):
                for m in x.cond.fn(ctx).missing:
                    out[i] |= _bit(m, bits)
            return out
        if isinstance(x.asks, L.AbsentOf):  # those of the facts that are absent
            for f in x.asks.of:
                out |= np.where(col(f, ch).k, 0, _bit(f.path, bits))
            return np.where(c.k, 0, out)
        if isinstance(x.asks, L.Expr):  # the facts asked depend on the row (a course's start): row by row
            for i, env in enumerate(ch.envs):
                if not c.k[i]:
                    for m in x.asks(env):
                        out[i] |= _bit(m, bits)
            return out
        if x.asks is not None:
            mask = 0
            for m in x.asks:
                mask |= _bit(m, bits)
            return np.where(c.k, 0, mask)
        return asked(x.cond, ch, bits)
    c = col(x, ch)
    if isinstance(x, L.Asks):
        for tier in x.tiers:
            got = np.zeros(n, dtype=np.int64)
            for f in tier:
                if f.asked:
                    got |= np.where(col(f, ch).k, 0, _bit(f.path, bits))
            out = np.where(out == 0, got, out)
        return np.where(c.k, 0, out)
    if isinstance(x, L.Native):
        for i, ctx in enumerate(ch.ctxs):
            if not c.k[i]:
                for m in x.fn(ctx).missing:
                    out[i] |= _bit(m, bits)
        return out
    if isinstance(x, L.Fact):
        return np.where(c.k, 0, _bit(x.path, bits)) if x.asked else out
    for kid in x.kids():
        out |= asked(kid, ch, bits)
    return np.where(c.k, 0, out)


def _fen(c: Col, rows: Any, ch: Chunk) -> Any:
    """Money in fen, half up once (amounts are ≥ 0); -1 where not wanted or unknown."""
    fen = np.full(ch.n, -1, dtype=np.int64)
    if c.kind == "num":
        c = _money_col(c, ch)
    if c.kind != "money" or c.d >= LIMIT:
        ch.overflow |= rows & c.k
        return fen
    ok = rows & c.k
    q, r = np.divmod(c.v[ok], c.d)
    fen[ok] = q + (2 * r >= c.d)
    return fen


def run(program: Program, ctxs: list[Ctx]) -> dict[str, Any]:
    """rules.md "Order of statuses" over columns, as engines.scalar.run: status (codes of
    STATUSES), amount_fen and amount_min_fen (-1: none), asked (the absent facts of the unknown
    checks of a needs_info row) and raise_if (of an eligible amount that may be a floor), both
    bitmasks over `facts`, floor (raise_if names a fact), overflow (rows for the scalar engine)."""
    ch = Chunk(ctxs)
    n = ch.n
    bits: dict[str, int] = {}
    failed, unknown = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    ask = np.zeros(n, dtype=np.int64)
    for check in program.checks:
        c = _cond(check, ch)
        failed |= c.k & ~c.v
        if not c.k.all():
            unknown |= ~c.k
            ask |= np.where(c.k, 0, asked(check, ch, bits))
    # context.decide: unknown checks that ask nothing leave the answer eligible
    status = np.where(failed, INELIGIBLE, np.where(unknown & (ask != 0), NEEDS_INFO, ELIGIBLE)).astype(np.int8)
    going = ~failed  # rows the windows, then the steps, still decide
    for cond, _ in program.windows:
        w = col(cond, ch)
        status[going & w.k & w.v] = NOT_IN_FORCE
        going &= w.k & ~w.v  # unknown: the answer stays as the checks left it, with nothing added
    going &= status == ELIGIBLE
    for step in program.steps:
        if step.kind == "stop":
            s = col(step.when, ch) if step.when is not None else Col("bool", np.ones(n, bool), np.ones(n, bool))
            stop = going & s.k & s.v
            status[stop] = NOT_IN_FORCE
            going &= ~stop
    fen = np.full(n, -1, dtype=np.int64)
    low = fen.copy()
    if program.amount is not None and going.any():
        fen = _fen(col(program.amount, ch), going, ch)
    if program.amount_min is not None and going.any():
        low = _fen(col(program.amount_min, ch), going, ch)
    floor = np.zeros(n, dtype=np.int64)
    counted = going & (fen >= 0)
    if counted.any():
        for f in program.raise_if:
            floor |= np.where(col(f, ch).k, 0, _bit(f.path, bits))
        for cond, x in program.raise_when:
            w = col(cond, ch)
            floor |= np.where(w.k & w.v, asked(x, ch, bits), 0)
    floor[~counted] = 0
    ask[status != NEEDS_INFO] = 0
    return {
        "status": status,
        "amount_fen": fen,
        "amount_min_fen": low,
        "asked": ask,
        "raise_if": floor,
        "floor": floor != 0,
        "facts": list(bits),
        "overflow": ch.overflow.copy(),
    }
