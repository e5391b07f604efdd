"""The rule language and its two engines (issue 18): Kleene logic, exact money, dates, `missing`
by definition (the vector engine against the scalar one: tests/test_vector_engine.py)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from fractions import Fraction

from flexcalc import relevance
from flexcalc.context import Ctx
from flexcalc.engines import scalar
from flexcalc.models.profile import profile_validator
from flexcalc.pipeline import evaluate
from flexcalc.rules import lang as L


class _P:
    """A stand-in profile: only what the nodes below read."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def _env(as_of=date(2024, 6, 30), **facts) -> L.Env:
    ctx = Ctx.__new__(Ctx)
    ctx.p, ctx.as_of = _P(**facts), as_of
    return L.Env(ctx)


def test_kleene_and_or_not():
    t, f, u = L.Const(True), L.Const(False), L.Fact("rural_hukou", "bool", (True, False))
    env = _env(rural_hukou=None)
    assert L.And(u, f)(env) is False and L.And(u, t)(env) is L.UNKNOWN
    assert L.Or(u, t)(env) is True and L.Or(u, f)(env) is L.UNKNOWN
    assert L.Not(u)(env) is L.UNKNOWN


def test_money_is_exact_and_rounded_half_up_once():
    # rules.md money rule: 33,128.4 × 4/10 × 7,856.75/11,624 = 8,956.695 exactly → 8,956.70
    x = Fraction("33128.4") * Fraction(4, 10) * Fraction("7856.75") / 11624
    assert x == Fraction("8956.695")
    assert str(L.to_yuan(x)) == "8956.70"


def test_a_comparison_with_the_as_of_date_says_when_it_flips():
    # a graduate window of 24 months from 2023-06-30 closes on 2025-06-30 (as-of < graduated + 24)
    grad = L.Fact("graduated_on", "date")
    inside = L.lt(L.AsOf(), L.AddMonths(grad, 24))
    env = _env(graduated_on=date(2023, 6, 30))
    assert inside(env) is True and inside.flips(env) == date(2025, 6, 30)


def test_thresholds_of_an_absent_date_lie_on_each_side():
    grad = L.Fact("graduated_on", "date")
    got = L.lt(L.AsOf(), L.AddMonths(grad, 24)).thresholds(_env(graduated_on=None))
    assert got == {"graduated_on": {date(2022, 6, 29), date(2022, 6, 30), date(2022, 7, 1)}}


def test_xining_tax_relief_missing_by_definition(data):
    # Xining 9: the certificate holder in an individual business; with neither the certificate
    # nor the business's facts known, both could change the answer and are asked; and with no
    # `business`, `planned: true` would settle it (rules.md "Planned business": ineligible), so it
    # is asked too ("absent" is a value of a business fact when there is no business)
    city = data.cities["xining"]
    p = profile_validator().validate_json(b'{"id": "x", "employment": {"form": "individual_business"}}')
    m = next(m for m in evaluate(p, "xining", city, date(2024, 6, 30), data).measures if m.id == "tax_deduction")
    assert m.status == "needs_info"
    assert m.missing == ["holds_employment_certificate", "business.registered_on", "business.planned"]


def test_a_single_check_never_imports_numpy():
    code = (
        "import sys, flexcalc.pipeline, flexcalc.engines.scalar, flexcalc.engines.missing;"
        "assert 'numpy' not in sys.modules, 'numpy imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_floor_keeps_only_the_facts_that_can_change_its_amount():
    # rules.md "Certain floor" (a guarantee loan's partnership cap, rules.md guarantee_loan): with
    # business.partners absent the certain amount is the individual cap; partners may raise it, so
    # it is named; a second floor fact that no value of which moves the amount is dropped.
    from flexcalc.engines import missing
    from flexcalc.rules.program import Program

    partners = L.Fact("business.partners", "int")
    second = L.Fact("business.second_time", "bool", (True, False))
    cap = L.When(L.And(L.Given(partners), L.Cmp(">=", partners, L.Const(2))), Fraction(400000), Fraction(200000))
    program = Program(checks=(), amount=cap, raise_if=(partners, second))

    def outcome(p):
        return scalar.run(program, Ctx(p, date(2024, 6, 30)))

    base = profile_validator().validate_json(b'{"id": "x"}')
    got = outcome(base)
    assert (got.status, str(got.amount), got.raise_if) == (
        "eligible",
        "200000.00",
        ["business.partners", "business.second_time"],
    )
    settled = missing.settle(outcome, program, Ctx(base, date(2024, 6, 30)), got)
    assert settled.raise_if == ["business.partners"]
    two = relevance.fill(base, "business.partners", 2)
    assert str(outcome(two).amount) == "400000.00" and outcome(two).raise_if == ["business.second_time"]


def test_missing_tries_a_threshold_whose_other_side_is_also_absent():
    # rules.md "Absent facts": f is asked when two completions differing only in f differ. The
    # comparison is Xining's "unemployment registered before the business" (the one NotAfter
    # works around) between two absent dates, here with a plain <=, and the business open 6 months.
    # At 2024-06-30, unemployment U, business R and the certificate C all absent:
    #   (U <= R or C) and R + 6 months <= 2024-06-30.
    # R = 2023-12-30 (operating 6 months), C false: U = 2023-12-29 eligible, U = 2024-06-30 not, so
    # U is asked; C is asked (R = 2023-12-30, U = 2024-06-30: C true eligible, false not); R is
    # asked (C true: R = 2023-12-30 eligible, R = 2024-06-30 not). All three are kept. Without the
    # other side's thresholds U was tried only at the as-of date and the next day, after every R
    # that passes the 6 months, so U was dropped.
    from flexcalc.engines import missing
    from flexcalc.rules.program import Program

    u = L.Fact("unemployment_registered_on", "date")
    r = L.Fact("business.registered_on", "date")
    c = L.Fact("holds_employment_certificate", "bool", (True, False))
    none = L.Const(None)
    program = Program(
        checks=(
            L.Check(L.Or(L.le(u, r), L.eq(c, True)), none, none, none),
            L.Check(L.le(L.AddMonths(r, 6), L.AsOf()), none, none, none),
        ),
        amount=L.Const(Fraction(1000)),
    )
    day = date(2024, 6, 30)

    def outcome(p):
        return scalar.run(program, Ctx(p, day))

    base = profile_validator().validate_json(b'{"id": "x", "business": {"type": "individual"}}')
    got = outcome(base)
    assert (got.status, got.missing) == (
        "needs_info",
        ["unemployment_registered_on", "business.registered_on", "holds_employment_certificate"],
    )
    settled = missing.settle(outcome, program, Ctx(base, day), got)
    assert settled.missing == ["unemployment_registered_on", "business.registered_on", "holds_employment_certificate"]
    # the completions named above
    at = {"business.registered_on": date(2023, 12, 30), "holds_employment_certificate": False}
    for fact, value in at.items():
        base = relevance.fill(base, fact, value)
    assert outcome(relevance.fill(base, "unemployment_registered_on", date(2023, 12, 29))).status == "eligible"
    assert outcome(relevance.fill(base, "unemployment_registered_on", day)).status == "ineligible"
