"""Issue 22 item 20: one rule for an amount of nothing (rules.md "Amount of nothing").

An amount is rounded half up to 0.01 once, at the end; an amount that is 0.00 as shown is
nothing, whether it was 0 or 0.001 before rounding: `ineligible`, with the reason. The guarantee
loan (Weihai clause 7: min(requested, cap), 300,000 individual from 2023-10-01, 600,000 for a
partnership) asked for 0 asked the partners, who cannot change min(0, cap); asked for 0.001 it
was eligible for 0.00.
"""

from __future__ import annotations

import json

import pytest

VETERAN = {
    "id": "v",
    "city": "weihai",
    "groups": ["veteran"],
    "employment": {"form": "individual_business", "registered": True},
    "business": {"type": "individual", "registered_on": "2023-01-10"},
}


def loan(invoke, profile_file, requested):
    path = profile_file(dict(VETERAN, loan={"requested_yuan": requested}))
    r = invoke("check", path, "--as-of", "2024-06-30", "--format", "json", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    return next(m for m in json.loads(r.stdout)["measures"] if m["id"] == "guarantee_loan")


@pytest.mark.parametrize("requested", [0, 0.001, 0.004])
def test_a_loan_of_nothing_is_ineligible_and_asks_nothing(invoke, profile_file, requested):
    m = loan(invoke, profile_file, requested)
    assert (m["status"], m["amount_yuan"], m["missing"]) == ("ineligible", None, [])
    assert any("nothing to lend" in r for r in m["reasons"]), m["reasons"]


@pytest.mark.parametrize(("requested", "amount"), [(0.005, 0.01), (0.01, 0.01), (1, 1.0), (150_000, 150_000.0)])
def test_a_loan_of_something_is_eligible_without_the_partners(invoke, profile_file, requested, amount):
    # min(requested, 300,000): the partners (600,000 for a partnership) change nothing below the cap
    m = loan(invoke, profile_file, requested)
    assert (m["status"], m["amount_yuan"], m["missing"], m["amount_is_floor"]) == ("eligible", amount, [], False)


def test_above_the_individual_cap_the_partners_are_asked(invoke, profile_file):
    m = loan(invoke, profile_file, 400_000)
    assert (m["status"], m["amount_yuan"], m["amount_is_floor"]) == ("eligible", 300_000.0, True)
    assert m["missing"] == ["business.partners"]


def test_an_amount_that_rounds_to_nothing_is_nothing_in_every_measure():
    from decimal import Decimal

    from flexcalc.models.result import Outcome
    from flexcalc.pipeline import nothing_paid

    for amount, status in (
        (Decimal("0.004"), "ineligible"),
        (Decimal("0.005"), "eligible"),
        (Decimal(0), "ineligible"),
    ):
        assert nothing_paid(Outcome("eligible", amount=amount)).status == status, amount
