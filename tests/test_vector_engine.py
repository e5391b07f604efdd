"""The vector engine against the scalar one (issue 18 "Done when"): every rule program of every
city, at dates on both sides of the dated changes, on generated and sparse profiles, row by row —
status, amount in fen, lower end, floor flag and facts, and the facts the unknown checks ask."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from decimal import Decimal

import orjson
import pytest
from tests.generated import dropped, generated

from flexcalc.catalogue import GROUP_NAMES
from flexcalc.context import Ctx
from flexcalc.engines import scalar
from flexcalc.models import profile as contract
from flexcalc.models.profile import profile_validator
from flexcalc.models.rules import NotOffered
from flexcalc.pipeline import _rules
from flexcalc.timeline import view

vector = pytest.importorskip("flexcalc.engines.vector")

# both sides of the dated changes: Xining's document ends 2023-09-30 … the national caps of
# 2023-10-01 (财金〔2023〕75号), the tax years, and the figures dated 2026-05-08
DATES = (
    date(2021, 6, 30),
    date(2023, 9, 30),
    date(2023, 10, 1),
    date(2024, 6, 30),
    date(2026, 5, 7),
    date(2026, 5, 8),
    date(2026, 6, 30),
)
N = 120  # generated profiles, each also sparse twice (the whole file: about 12 s on this machine, 2 cores shared)


@pytest.fixture(scope="module")
def profiles():
    validate = profile_validator().validate_json
    rng = random.Random(18)
    out = []
    for p in generated(N, seed=18):
        out.append(validate(orjson.dumps(p)))
        out.append(validate(orjson.dumps(dropped(p, rng, 0.3))))
        out.append(validate(orjson.dumps(dropped(p, rng, 0.6))))
    return out


def programs(data, as_of: date):
    """(city, measure, program) of every measure in the rule language at a date."""
    for city_id, city in data.cities.items():
        for mid, rule in _rules(city):
            if isinstance(rule, NotOffered):
                continue
            now = view(rule, as_of)
            if hasattr(now, "program") and not getattr(now, "absent", None):
                yield city_id, mid, now.program(as_of)


def _fen(amount: Decimal | None) -> int:
    """The scalar engine's amount (already half up to 0.01) in fen; -1 for none."""
    return -1 if amount is None else int(amount * 100)


def _names(got: dict, key: str, i: int) -> set[str]:
    bits = int(got[key][i])
    return {f for b, f in enumerate(got["facts"]) if bits >> b & 1}


def differences(program, ctxs: list[Ctx]) -> tuple[list[tuple], Counter]:
    """Rows where the engines disagree (overflow rows left to the scalar engine), and the statuses seen."""
    got = vector.run(program, ctxs)
    bad, seen = [], Counter()
    for i, ctx in enumerate(ctxs):
        if got["overflow"][i]:
            continue
        want = scalar.run(program, ctx)
        seen[want.status] += 1
        status = vector.STATUSES[got["status"][i]]
        eligible = want.status == "eligible"
        ask = {m for c in want.checks if c.ok is None for m in c.missing} if want.status == "needs_info" else set()
        floor = set(want.raise_if) if eligible and want.amount is not None else set()
        pairs = {
            "status": (status, want.status),
            "amount": (int(got["amount_fen"][i]), _fen(want.amount) if eligible else -1),
            "amount_min": (int(got["amount_min_fen"][i]), _fen(want.amount_min) if eligible else -1),
            "asked": (_names(got, "asked", i), ask),
            "raise_if": (_names(got, "raise_if", i), floor),
            "floor": (bool(got["floor"][i]), bool(floor)),
        }
        bad += [(ctx.p.id, k, v, w) for k, (v, w) in pairs.items() if v != w]
    return bad, seen


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_vector_engine_equals_scalar_engine(data, profiles, as_of):
    ctxs = [Ctx(p, as_of, data.retirement) for p in profiles]
    seen: Counter = Counter()
    ran = 0
    for city_id, mid, program in programs(data, as_of):
        bad, statuses = differences(program, ctxs)
        assert not bad, (city_id, mid, len(bad), bad[:5])
        seen += statuses
        ran += 1
    assert ran >= 29  # every city's programs (34 measures at most; a document not yet in force still runs)
    assert {"eligible", "ineligible", "needs_info", "not_in_force"} <= set(seen)  # each branch reached


def _profile(text: bytes):
    return profile_validator().validate_json(text)


def test_a_half_fen_rounds_up_once_and_extreme_money_goes_to_the_scalar_engine(data):
    # 大连 公益性岗位补贴: hours × the hourly minimum wage, 21 yuan from 2024-05-01 (辽宁省最低工资标准):
    # 100.005 h × 21 = 2,100.105 yuan exactly → 2,100.11 (half up, once); 120 h × 21 = 2,520.00.
    # 8,783.123456789012345678 h (within the contract's 8,784) needs 10⁻¹⁸ of a fen: that row is
    # flagged overflow for the scalar engine, and the other rows of the chunk stay exact.
    as_of = date(2024, 6, 30)
    program = view(data.cities["dalian"].measures.public_welfare_post_subsidy, as_of).program(as_of)
    hours = (b"100.005", b"8783.123456789012345678", b"120")
    ps = [
        _profile(b'{"id": "h", "employment": {"form": "part_time", "public_welfare_post_hours": %s}}' % h)
        for h in hours
    ]
    ctxs = [Ctx(p, as_of, data.retirement) for p in ps]
    got = vector.run(program, ctxs)
    assert got["overflow"].tolist() == [False, True, False]
    assert got["amount_fen"][[0, 2]].tolist() == [210011, 252000]
    assert [str(scalar.run(program, c).amount) for c in ctxs] == ["2100.11", "184445.59", "2520.00"]
    assert differences(program, ctxs)[0] == []


# the contract's bounds (models/profile.py) by field; other numbers are money (MONEY_MAX)
BOUNDS = {
    "area_m2": contract.AREA_MAX,
    "rent_yuan_per_m2_per_day": contract.RENT_MAX,
    "public_welfare_post_hours": contract.HOURS_MAX,
    "partners": contract.PEOPLE_MAX,
    "months": contract.MONTHS_MAX,
    "employee_pension_months": contract.MONTHS_MAX,
    "subsidised_months_before": contract.MONTHS_MAX,
    "days": contract.DAYS_MAX,
}
WHOLE = {"partners", "months", "employee_pension_months", "subsidised_months_before", "days"}


def _extreme(x, rng: random.Random, key: str | None = None):
    """Every number of a profile at its contract bound, near it, or with 17 decimals (valid input)."""
    if isinstance(x, dict):
        return {k: _extreme(v, rng, k) for k, v in x.items()}
    if isinstance(x, list):
        return [_extreme(v, rng) for v in x]
    if isinstance(x, bool) or not isinstance(x, (int, float)) or key == "original_retirement_age":
        return x
    top, r = BOUNDS.get(key or "", contract.MONEY_MAX), rng.random()
    if r < 0.4 or key in WHOLE:
        return top if r < 0.6 else rng.randrange(top)
    if r < 0.7:
        return orjson.Fragment(b"%d.99" % (top - 1))
    return orjson.Fragment(b"%d.%017d" % (rng.randrange(top), rng.randrange(10**17)))


def test_extreme_valid_numbers_are_exact_or_left_to_the_scalar_engine(data):
    # no wrapped int64: at the contract's bounds every row the vector engine answers agrees with
    # the scalar engine, and the rows it cannot hold exactly (17 decimals) are flagged overflow
    rng = random.Random(5)
    validate = profile_validator().validate_json
    ps = [validate(orjson.dumps(dict(_extreme(p, rng), id=p["id"]))) for p in generated(60, seed=5)]
    overflow = 0
    for as_of in (date(2023, 9, 30), date(2024, 6, 30)):
        ctxs = [Ctx(p, as_of, data.retirement) for p in ps]
        for city_id, mid, program in programs(data, as_of):
            bad, _ = differences(program, ctxs)
            assert not bad, (city_id, mid, len(bad), bad[:5])
            overflow += int(vector.run(program, ctxs)["overflow"].sum())
    assert overflow > 0


def test_vector_engine_on_the_worked_cases(data):
    # the hand-worked profiles of tests/cases (odd combinations the generator rarely makes), at their own dates
    from tests.test_worked_cases import CASES

    validate = profile_validator().validate_json
    by_day: dict[tuple, list] = {}
    for case in CASES:
        p = validate(orjson.dumps(dict(case["profile"], id=case["name"])))
        by_day.setdefault((case["as_of"], case["city"]), []).append(p)
    for (day, city), ps in by_day.items():
        as_of = date.fromisoformat(day)
        ctxs = [Ctx(p, as_of, data.retirement) for p in ps]
        for city_id, mid, program in programs(data, as_of):
            if city_id == city:  # the case's own city
                bad, _ = differences(program, ctxs)
                assert not bad, (day, city_id, mid, bad[:5])


def _branches():
    """Programs that reach the engine's less common branches (each compared on the sample)."""
    from fractions import Fraction

    from flexcalc.rules import lang as L
    from flexcalc.rules import predicates as P
    from flexcalc.rules.program import Program, Step

    note = L.Const(None)
    rural = L.eq(P.RURAL, True)
    cert = L.eq(P.CERTIFICATE, True)
    grad = L.HasAny(P.GROUPS, frozenset({"college_graduate"}))
    others = L.HasAny(P.GROUPS, frozenset(GROUP_NAMES) - {"college_graduate"})
    premium = L.Fact("employment.platform_accident_premium_yuan", "money")
    tax = L.Fact("business.tax_due_yuan", "money", asked=False)

    def check(cond):
        return L.Check(cond, note, note, note)

    def form_given():
        return check(L.Not(L.eq(P.FORM, "none")))

    yield (
        "window unknown: eligible, nothing added",
        {"eligible", "ineligible", "not_in_force"},
        Program(checks=(form_given(),), windows=((cert, note),), amount=L.Const(Fraction(100))),
    )
    yield (
        "unknown asking nothing: eligible",
        {"eligible", "ineligible"},
        Program(checks=(check(L.gt(tax, 15000)),), amount=L.Const(Fraction(1))),
    )
    yield (
        "first tier that surely holds",
        {"eligible"},
        Program(checks=(), amount=L.FirstTrue(((grad, Fraction(3)), (others, Fraction(2))), Fraction(1))),
    )
    yield (
        "first of: unknown once a condition before is",
        {"eligible"},
        Program(checks=(), amount=L.FirstOf((rural, Fraction(5)), (cert, Fraction(7)), default=Fraction(9))),
    )

    class Below(L.Cmp):  # a rule's own node: a subclass whose value is not its base's
        def ev(self, env):
            v = super().ev(env)
            return L.UNKNOWN if v is L.UNKNOWN else not v

    yield (
        "a rule's own subclass runs row by row",
        {"eligible", "ineligible", "needs_info"},
        Program(checks=(check(Below(">=", premium, L.Const(Fraction(100)))),), amount=L.Const(Fraction(1))),
    )
    yield (
        "when unknown whose sides agree",
        {"eligible"},
        Program(checks=(), amount=L.When(rural, Fraction(7), L.When(cert, Fraction(7), Fraction(9)))),
    )
    yield (
        "stop steps",
        {"ineligible", "needs_info", "not_in_force"},
        Program(
            checks=(form_given(),), steps=(Step("stop", note, rural), Step("stop", note)), amount=L.Const(Fraction(1))
        ),
    )
    yield (
        "enum objects in When and Is; half a fen up",
        {"eligible", "ineligible"},
        Program(
            checks=(check(L.Is(P.FORM, "platform")),),
            amount=L.When(L.eq(P.GENDER, "male"), L.Add(premium, Fraction(1, 200)), L.Min(premium, Fraction(50))),
            amount_min=L.Mul(premium, L.Const(Fraction(1, 3))),
            raise_if=(P.GRADUATED, P.RURAL),
            raise_when=((L.Not(L.Given(P.CERTIFICATE)), L.And(cert, rural)),),
        ),
    )


@pytest.mark.parametrize("name,statuses,program", list(_branches()), ids=lambda x: x if isinstance(x, str) else "")
def test_vector_engine_branches(data, profiles, name, statuses, program):
    ctxs = [Ctx(p, date(2024, 6, 30), data.retirement) for p in profiles]
    bad, seen = differences(program, ctxs)
    assert not bad, (name, len(bad), bad[:5])
    assert statuses <= set(seen), seen  # the sample reaches these outcomes


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_a_quiet_evaluation_decides_as_the_full_one(data, profiles, as_of):
    # engines.missing compares completions evaluated quiet (no words, stopping at the first failing
    # check: rules.md "Order of statuses", a known failure is ineligible); what they compare —
    # status, amounts, the floor's facts — must be the full evaluation's, on every program
    compared = 0
    for _, _, program in programs(data, as_of):
        for p in profiles:
            full = scalar.run(program, Ctx(p, as_of, data.retirement))
            quiet = scalar.run(program, Ctx(p, as_of, data.retirement, quiet=True))
            got = (quiet.status, quiet.amount, quiet.amount_min, quiet.raise_if)
            assert got == (full.status, full.amount, full.amount_min, full.raise_if), program
            if full.status == "needs_info":
                # the unknown checks' facts, in order; a met check's presumed (soft) facts, which
                # decide adds after them, are words the quiet run leaves out
                assert quiet.missing and quiet.missing == full.missing[: len(quiet.missing)]
            compared += 1
    assert compared > 5_000
