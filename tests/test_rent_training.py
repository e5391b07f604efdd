"""Urumqi 三（五）incubator rent, Dalian（四）site subsidy by the year and Urumqi 三（八）training
subsidy per occupation, in the rule language (rules/rent.py, rules/per_occupation.py): values
worked by hand from the clauses, on the shipped data."""

from __future__ import annotations

import json
from datetime import date

from flexcalc.context import Ctx
from flexcalc.data import resolve_city
from flexcalc.engines import scalar
from flexcalc.pipeline import evaluate
from flexcalc.profile_io import parse_profile
from flexcalc.rules.lang import Check, Const, Fact, eq
from flexcalc.rules.program import Program


def measure(data, city: str, as_of: str, profile: dict, mid: str):
    cid, c = resolve_city(data, city)
    result = evaluate(parse_profile(json.dumps(profile), "p"), cid, c, date.fromisoformat(as_of), data)
    return next(m for m in result.measures if m.id == mid)


def test_raise_when_names_the_floor_facts_only_where_its_condition_holds():
    # Program.raise_when: (cond, x): the absent facts x reads are named as raising the floor when cond holds
    flag = Fact("business.incubation_extended", "bool", (True, False))
    for cond, named in ((Const(True), ["business.incubation_extended"]), (Const(False), [])):
        program = Program(
            checks=(Check(Const(True), Const(None), Const(None), Const(None)),),
            amount=Const(100),
            raise_when=((cond, eq(flag, True)),),
        )
        out = scalar.run(program, Ctx(parse_profile("{}", "p"), date(2024, 6, 30)))
        assert (out.status, out.raise_if) == ("eligible", named)
