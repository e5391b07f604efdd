"""The rule language: expression objects over three-valued facts, evaluated by either engine.

A value is known or UNKNOWN (an absent fact, or anything computed from one where the answer
depends on it). And/Or/Not are Kleene's; comparisons, arithmetic and date functions are UNKNOWN
when an operand is. Money is a Fraction (exact; rounded half up once, by the engine, at the end).
Every node can say which facts it reads (`facts`) and, for a comparison with a known side, which
values of an absent fact fall on each side of the threshold (`toward`): `missing` is derived from
that (engines/missing.py), and a comparison with the as-of date says when it flips (`flips`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from flexcalc.dates import add_months, month_index, whole_months
from flexcalc.text import T


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value: use the Kleene nodes")


UNKNOWN: Any = _Unknown()
CENT = Fraction(1, 100)
_MISS: Any = object()  # not in an Env's memo


class Env:
    """What an expression is evaluated against: the profile (through its Ctx) and the as-of date."""

    __slots__ = ("ctx", "as_of", "memo")

    def __init__(self, ctx):
        self.ctx = ctx
        self.as_of: date = ctx.as_of
        self.memo: dict[Any, Any] = {}


class Expr:
    """A node of a rule. `ev` gives its value under an Env (UNKNOWN where it depends on an absent fact)."""

    __slots__ = ()

    def ev(self, env: Env) -> Any:
        raise NotImplementedError

    def kids(self) -> tuple[Expr, ...]:
        return ()

    def facts(self) -> Iterator[Fact]:
        """Every Fact this node reads, depth first (repeats included)."""
        for k in self.kids():
            yield from k.facts()

    def toward(self, target: Any, env: Env) -> dict[str, set]:
        """Values of the absent facts under this node that put it on each side of `target`."""
        return {}

    def __call__(self, env: Env) -> Any:
        """The value, memoised per Env (a node read by several checks is computed once)."""
        # keyed by the node itself (nodes hash by identity): it stays alive while the Env does
        v = env.memo.get(self, _MISS)
        if v is _MISS:
            v = env.memo[self] = self.ev(env)
        return v


def lift(x: Any) -> Expr:
    return x if isinstance(x, Expr) else Const(x)


def known(*values: Any) -> bool:
    return all(v is not UNKNOWN for v in values)


@dataclass(frozen=True, eq=False)
class Const(Expr):
    value: Any

    def ev(self, env: Env) -> Any:
        return self.value


@dataclass(frozen=True, eq=False)
class AsOf(Expr):
    """The as-of date (a rule is built once per as-of date; this keeps the date's role visible)."""

    def ev(self, env: Env) -> Any:
        return env.as_of


@dataclass(frozen=True, eq=False)
class Fact(Expr):
    """A profile field by its contract path. kind: bool, enum, date, money, int, groups, object.
    `domain`: the values of a bool/enum. `asked`: False where the rule gives absence a meaning
    of its own (a ceiling when the tax due is not given): such a fact is never in `missing`."""

    path: str
    kind: str
    domain: tuple = ()
    asked: bool = True
    steps: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.path.split(".")))

    def ev(self, env: Env) -> Any:
        node: Any = env.ctx.p
        for name in self.steps:
            node = getattr(node, name, None)
            if node is None:
                return UNKNOWN
        if self.kind == "money":
            return Fraction(node)
        if self.kind == "groups":
            return frozenset(node)
        if self.kind == "object":
            return True  # present (its fields are facts of their own): read through Given
        return node  # "raw": the value as the profile holds it (a Decimal shown as given)

    def facts(self) -> Iterator[Fact]:
        yield self

    def toward(self, target: Any, env: Env) -> dict[str, set]:
        if self.ev(env) is not UNKNOWN or target is UNKNOWN:
            return {}
        if self.kind == "date":
            return {self.path: {target - timedelta(days=1), target, target + timedelta(days=1)}}
        if self.kind == "int":
            return {self.path: {v for v in (target - 1, target, target + 1) if v >= 0}}
        if self.kind == "money":
            return {self.path: {v for v in (target - CENT, target, target + CENT) if v >= 0} | {Fraction(0)}}
        return {}


@dataclass(frozen=True, eq=False)
class Given(Expr):
    """Whether a fact is in the profile (always known): for a rule that gives absence its own meaning."""

    fact: Fact

    def kids(self) -> tuple[Expr, ...]:
        return (self.fact,)

    def ev(self, env: Env) -> Any:
        return self.fact(env) is not UNKNOWN


@dataclass(frozen=True, eq=False)
class Not(Expr):
    x: Expr

    def kids(self) -> tuple[Expr, ...]:
        return (self.x,)

    def ev(self, env: Env) -> Any:
        v = self.x(env)
        return UNKNOWN if v is UNKNOWN else not v


@dataclass(frozen=True, eq=False, init=False)
class And(Expr):
    xs: tuple[Expr, ...]

    def __init__(self, *xs: Expr):
        object.__setattr__(self, "xs", tuple(xs))

    def kids(self) -> tuple[Expr, ...]:
        return self.xs

    def ev(self, env: Env) -> Any:
        out: Any = True
        for x in self.xs:
            v = x(env)
            if v is False:
                return False
            if v is UNKNOWN:
                out = UNKNOWN
        return out


@dataclass(frozen=True, eq=False, init=False)
class Or(Expr):
    xs: tuple[Expr, ...]

    def __init__(self, *xs: Expr):
        object.__setattr__(self, "xs", tuple(xs))

    def kids(self) -> tuple[Expr, ...]:
        return self.xs

    def ev(self, env: Env) -> Any:
        out: Any = False
        for x in self.xs:
            v = x(env)
            if v is True:
                return True
            if v is UNKNOWN:
                out = UNKNOWN
        return out


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}


@dataclass(frozen=True, eq=False)
class Cmp(Expr):
    """a OP b. With the as-of date on one side, `flips` gives the first later day it changes."""

    op: str
    a: Expr
    b: Expr

    def kids(self) -> tuple[Expr, ...]:
        return (self.a, self.b)

    def ev(self, env: Env) -> Any:
        a, b = self.a(env), self.b(env)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        return _OPS[self.op](a, b)

    def thresholds(self, env: Env) -> dict[str, set]:
        """Candidate values of absent facts: each side of the threshold the other side sets."""
        out: dict[str, set] = {}
        for side, other in ((self.a, self.b), (self.b, self.a)):
            for k, vs in side.toward(other(env), env).items():
                out.setdefault(k, set()).update(vs)
        return out

    def flips(self, env: Env) -> date | None:
        """The first day after as-of at which this comparison's value changes, if one side is the as-of date."""
        for side, other in ((self.a, self.b), (self.b, self.a)):
            if isinstance(side, AsOf):
                day = other(env)
                if isinstance(day, date) and day > env.as_of:
                    before = self(env)
                    for d in (day, day + timedelta(days=1)):
                        if _OPS[self.op](*((d, day) if side is self.a else (day, d))) != before:
                            return d
        return None


def lt(a: Any, b: Any) -> Cmp:
    return Cmp("<", lift(a), lift(b))


def le(a: Any, b: Any) -> Cmp:
    return Cmp("<=", lift(a), lift(b))


def gt(a: Any, b: Any) -> Cmp:
    return Cmp(">", lift(a), lift(b))


def ge(a: Any, b: Any) -> Cmp:
    return Cmp(">=", lift(a), lift(b))


def eq(a: Any, b: Any) -> Cmp:
    return Cmp("==", lift(a), lift(b))


@dataclass(frozen=True, eq=False)
class HasAll(Expr):
    """Every code of `codes` is among the person's groups."""

    groups: Fact
    codes: frozenset

    def kids(self) -> tuple[Expr, ...]:
        return (self.groups,)

    def ev(self, env: Env) -> Any:
        g = self.groups(env)
        return UNKNOWN if g is UNKNOWN else self.codes <= g


@dataclass(frozen=True, eq=False)
class HasAny(Expr):
    """One code of `codes` is among the person's groups."""

    groups: Fact
    codes: frozenset

    def kids(self) -> tuple[Expr, ...]:
        return (self.groups,)

    def ev(self, env: Env) -> Any:
        g = self.groups(env)
        return UNKNOWN if g is UNKNOWN else bool(self.codes & g)


@dataclass(frozen=True, eq=False)
class MonthIndex(Expr):
    """A date's month as one integer (dates.month_index)."""

    x: Expr

    def kids(self) -> tuple[Expr, ...]:
        return (self.x,)

    def ev(self, env: Env) -> Any:
        d = self.x(env)
        return UNKNOWN if d is UNKNOWN else month_index(d)

    def toward(self, target: Any, env: Env) -> dict[str, set]:
        if not isinstance(target, int):
            return {}
        out: dict[str, set] = {}
        for k in (target, target + 1):  # the first days of the month and of the next one
            y, m = divmod(k, 12)
            for path, vs in self.x.toward(date(y, m + 1, 1), env).items():
                out.setdefault(path, set()).update(vs)
        return out


@dataclass(frozen=True, eq=False)
class AddMonths(Expr):
    """The same day n months later (dates.add_months)."""

    x: Expr
    n: int

    def kids(self) -> tuple[Expr, ...]:
        return (self.x,)

    def ev(self, env: Env) -> Any:
        d = self.x(env)
        return UNKNOWN if d is UNKNOWN else add_months(d, self.n)

    def toward(self, target: Any, env: Env) -> dict[str, set]:
        return self.x.toward(add_months(target, -self.n), env) if isinstance(target, date) else {}


@dataclass(frozen=True, eq=False)
class WholeMonths(Expr):
    """Whole calendar months from a to b (rules.md; dates.whole_months)."""

    a: Expr
    b: Expr

    def kids(self) -> tuple[Expr, ...]:
        return (self.a, self.b)

    def ev(self, env: Env) -> Any:
        a, b = self.a(env), self.b(env)
        return UNKNOWN if not known(a, b) else whole_months(a, b)

    def toward(self, target: Any, env: Env) -> dict[str, set]:
        if not isinstance(target, int):
            return {}
        a, b = self.a(env), self.b(env)
        if b is not UNKNOWN:
            return self.a.toward(add_months(b, -target), env)
        if a is not UNKNOWN:
            return self.b.toward(add_months(a, target), env)
        # both absent (a lease): b is tried at the as-of date (engines.missing), so a is tried `target`
        # months before it — else no span of a whole month or more would ever be tried
        return self.a.toward(add_months(env.as_of, -target), env)


@dataclass(frozen=True, eq=False)
class In(Expr):
    """An enum's value is one of `values` (UNKNOWN when the fact is absent)."""

    x: Expr
    values: frozenset

    def kids(self) -> tuple[Expr, ...]:
        return (self.x,)

    def ev(self, env: Env) -> Any:
        v = self.x(env)
        return UNKNOWN if v is UNKNOWN else v in self.values


def isin(x: Expr, values: Any) -> In:
    return In(x, frozenset(values))


@dataclass(frozen=True, eq=False)
class RetirementDay(Expr):
    """The day a person born on `birth` reaches the statutory retirement age from `age` (None: the
    data's age for men), by the law in force at the as-of date (rules.md "Law in force at D": the
    data's retirement table, Retirement.retirement_date, read from the Env's context)."""

    birth: Expr
    age: int | None = None

    def kids(self) -> tuple[Expr, ...]:
        return (self.birth,)

    def years(self, env: Env) -> int:
        return env.ctx.retirement.male_original_age.value if self.age is None else self.age

    def ev(self, env: Env) -> Any:
        b = self.birth(env)
        return UNKNOWN if b is UNKNOWN else env.ctx.retirement.retirement_date(b, self.years(env), env.as_of)

    def toward(self, target: Any, env: Env) -> dict[str, set]:
        """Births whose retirement day is `target` (one per delay the reform can add), each side."""
        if not isinstance(target, date):
            return {}
        table, age = env.ctx.retirement, self.years(env)
        steps = table.steps.value if env.as_of >= table.steps.in_force_from else ()
        most = max((s.max_delay_months for s in steps if s.original_age == age), default=0)
        out: dict[str, set] = {}
        for delay in range(most + 1):
            birth = add_months(target, -(12 * age + delay))
            if table.retirement_date(birth, age, env.as_of) == add_months(birth, 12 * age + delay):
                for path, vs in self.birth.toward(birth, env).items():
                    out.setdefault(path, set()).update(vs)
        return out


@dataclass(frozen=True, eq=False)
class Asks(Expr):
    """x, whose unknown value asks the absent facts of the first of `tiers` that has one (where
    the facts x reads are not those worth asking, or not in that order)."""

    x: Expr
    tiers: tuple[tuple[Fact, ...], ...]

    def kids(self) -> tuple[Expr, ...]:
        return (self.x,)

    def ev(self, env: Env) -> Any:
        return self.x(env)

    def asks(self, env: Env) -> list[str]:
        for tier in self.tiers:
            got = [f.path for f in tier if f.asked and f(env) is UNKNOWN]
            if got:
                return got
        return []


@dataclass(frozen=True, eq=False)
class AlsoAsks(Expr):
    """x's value; unknown, it asks x's absent facts, then those `more` rests on (scalar.asked)."""

    x: Expr
    more: Expr

    def kids(self) -> tuple[Expr, ...]:
        return (self.x, self.more)

    def ev(self, env: Env) -> Any:
        return self.x(env)


@dataclass(frozen=True, eq=False)
class AbsentOf(Expr):
    """The paths of those of `of` that are absent, in order (always known): a Check's `asks`."""

    of: tuple[Fact, ...]

    def kids(self) -> tuple[Expr, ...]:
        return self.of

    def ev(self, env: Env) -> Any:
        return tuple(f.path for f in self.of if f(env) is UNKNOWN)


@dataclass(frozen=True, eq=False)
class Is(Expr):
    """Whether x is known to be `value`, or, with `value` UNKNOWN, whether x is unknown (always known)."""

    x: Expr
    value: Any

    def kids(self) -> tuple[Expr, ...]:
        return (self.x,)

    def ev(self, env: Env) -> Any:
        v = self.x(env)
        if self.value is UNKNOWN:
            return v is UNKNOWN
        return v is not UNKNOWN and v == self.value


@dataclass(frozen=True, eq=False, init=False)
class Add(Expr):
    xs: tuple[Expr, ...]

    def __init__(self, *xs: Any):
        object.__setattr__(self, "xs", tuple(map(lift, xs)))

    def kids(self) -> tuple[Expr, ...]:
        return self.xs

    def ev(self, env: Env) -> Any:
        vs = [x(env) for x in self.xs]
        return UNKNOWN if not known(*vs) else sum(vs[1:], vs[0])

    def toward(self, target: Any, env: Env) -> dict[str, set]:
        vs = [x(env) for x in self.xs]
        open_ = [i for i, v in enumerate(vs) if v is UNKNOWN]
        if len(open_) != 1 or target is UNKNOWN:
            return {}
        rest = sum((v for i, v in enumerate(vs) if i != open_[0]), 0)
        return self.xs[open_[0]].toward(target - rest, env)


@dataclass(frozen=True, eq=False)
class Mul(Expr):
    a: Expr
    b: Expr

    def kids(self) -> tuple[Expr, ...]:
        return (self.a, self.b)

    def ev(self, env: Env) -> Any:
        a, b = self.a(env), self.b(env)
        return UNKNOWN if not known(a, b) else a * b


@dataclass(frozen=True, eq=False, init=False)
class Min(Expr):
    """The least of its operands; an absent money fact among them may be 0 or above all the others."""

    xs: tuple[Expr, ...]

    def __init__(self, *xs: Any):
        object.__setattr__(self, "xs", tuple(map(lift, xs)))

    def kids(self) -> tuple[Expr, ...]:
        return self.xs

    def ev(self, env: Env) -> Any:
        vs = [x(env) for x in self.xs]
        return UNKNOWN if not known(*vs) else min(vs)

    def thresholds(self, env: Env) -> dict[str, set]:
        vs = [x(env) for x in self.xs]
        out: dict[str, set] = {}
        for i, x in enumerate(self.xs):
            for j, v in enumerate(vs):
                if j != i and v is not UNKNOWN:
                    for k, got in x.toward(v, env).items():
                        out.setdefault(k, set()).update(got)
        return out


@dataclass(frozen=True, eq=False, init=False)
class Call(Expr):
    """A named pure function of known values (dates.months_of_year_in_window, the words of a sum…)."""

    fn: Callable[..., Any]
    xs: tuple[Expr, ...]

    def __init__(self, fn: Callable[..., Any], *xs: Any):
        object.__setattr__(self, "fn", fn)
        object.__setattr__(self, "xs", tuple(map(lift, xs)))

    def kids(self) -> tuple[Expr, ...]:
        return self.xs

    def ev(self, env: Env) -> Any:
        vs = [x(env) for x in self.xs]
        return UNKNOWN if not known(*vs) else self.fn(*vs)


@dataclass(frozen=True, eq=False)
class When(Expr):
    """then if cond, else otherwise; UNKNOWN when cond is (unless both sides agree)."""

    cond: Expr
    then: Expr
    otherwise: Expr

    def __post_init__(self) -> None:
        object.__setattr__(self, "then", lift(self.then))
        object.__setattr__(self, "otherwise", lift(self.otherwise))

    def kids(self) -> tuple[Expr, ...]:
        return (self.cond, self.then, self.otherwise)

    def ev(self, env: Env) -> Any:
        c = self.cond(env)
        if c is UNKNOWN:
            a, b = self.then(env), self.otherwise(env)
            return a if a is not UNKNOWN and a == b else UNKNOWN
        return self.then(env) if c else self.otherwise(env)


@dataclass(frozen=True, eq=False, init=False)
class FirstOf(Expr):
    """The value of the first (cond, value) whose cond holds; UNKNOWN once a cond before it is unknown."""

    cases: tuple[tuple[Expr, Expr], ...]
    default: Expr

    def __init__(self, *cases: tuple[Expr, Any], default: Any = UNKNOWN):
        object.__setattr__(self, "cases", tuple((c, lift(v)) for c, v in cases))
        object.__setattr__(self, "default", lift(default))

    def kids(self) -> tuple[Expr, ...]:
        return (*(x for case in self.cases for x in case), self.default)

    def ev(self, env: Env) -> Any:
        for cond, value in self.cases:
            c = cond(env)
            if c is UNKNOWN:
                return UNKNOWN
            if c:
                return value(env)
        return self.default(env)


class FirstTrue(Expr):
    """The constant paired with the first condition that holds (earlier unknown ones skipped);
    `default` where none holds (always known, unless the value is UNKNOWN)."""

    __slots__ = ("cases", "default")

    def __init__(self, cases: tuple[tuple[Expr, Any], ...], default: Any = UNKNOWN):
        self.cases = cases
        self.default = default

    def kids(self) -> tuple[Expr, ...]:
        return tuple(c for c, _ in self.cases)

    def ev(self, env: Env) -> Any:
        for cond, value in self.cases:
            if cond(env) is True:
                return value
        return self.default


@dataclass(frozen=True, eq=False)
class Template(Expr):
    """Words with named slots, in zh and en: evaluates to a text.T (UNKNOWN slots stay None)."""

    zh: str
    en: str
    slots: dict[str, Expr] = field(default_factory=dict)

    def kids(self) -> tuple[Expr, ...]:
        return tuple(self.slots.values())

    def ev(self, env: Env) -> Any:
        if not self.slots:
            return T(self.zh, self.en)
        params = {}
        for k, x in self.slots.items():
            v = x(env)
            params[k] = None if v is UNKNOWN else _shown(v)
        return T(self.zh, self.en, params)


def words(zh: str, en: str, **slots: Any) -> Template:
    return Template(zh, en, {k: lift(v) for k, v in slots.items()})


def _shown(v: Any) -> Any:
    """A value as the words print it: money as a Decimal of fen."""
    if isinstance(v, Fraction):
        return to_yuan(v)
    return v


def to_yuan(v: Fraction) -> Decimal:
    """Half up to 0.01 yuan, once (rules.md money rule); exact from the Fraction."""
    fen, rest = divmod(v * 100, 1)
    if rest >= Fraction(1, 2):
        fen += 1
    return Decimal(int(fen)).scaleb(-2)


@dataclass(frozen=True, eq=False)
class Check(Expr):
    """A condition with its words for each outcome. Unknown: it asks the absent facts its unknown
    parts read (engines.scalar.asked); `soft`: facts a met check presumed (asked where the measure waits)."""

    cond: Expr
    yes: Expr
    no: Expr
    unknown: Expr
    soft: Expr = field(default_factory=lambda: Const(()))
    # the facts an unknown check asks, where not those it reads (an Expr: per profile, e.g. a course's start)
    asks: tuple[str, ...] | Expr | None = None
    when: Expr | None = None  # the check is part of the rule only where this holds (None: always)

    def kids(self) -> tuple[Expr, ...]:
        extra = tuple(x for x in (self.asks, self.when) if isinstance(x, Expr))
        return (self.cond, self.yes, self.no, self.unknown, self.soft, *extra)

    def ev(self, env: Env) -> Any:
        return self.cond(env)


@dataclass(frozen=True, eq=False)
class Native(Expr):
    """A predicate still written in Python (context.Ctx), with the facts it reads declared:
    its value and words come from the Check it returns. Phase 2 expresses these in the language."""

    fn: Callable[[Any], Any]
    reads: tuple[Fact, ...]

    def facts(self) -> Iterator[Fact]:
        yield from self.reads

    def ev(self, env: Env) -> Any:
        c = self.fn(env.ctx)
        return UNKNOWN if c.ok is None else c.ok


def walk(x: Expr) -> Iterator[Expr]:
    """Every node under x, x first."""
    yield x
    for k in x.kids():
        yield from walk(k)
