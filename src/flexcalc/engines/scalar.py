"""The scalar engine: one profile through a rule program, pure Python (no numpy), with a trace.

It gives today's result objects (models.result.Outcome and Check), so every command keeps
working; `missing` is then settled by definition (engines.missing), not by a search.
"""

from __future__ import annotations

from typing import Any

from flexcalc.context import Ctx, decide
from flexcalc.models.result import Check as ResultCheck
from flexcalc.models.result import Outcome
from flexcalc.rules.lang import UNKNOWN, Asks, Check, Env, Expr, Fact, Native, to_yuan
from flexcalc.rules.program import Program
from flexcalc.text import T


def run(program: Program, ctx: Ctx, trace: list | None = None) -> Outcome:
    """rules.md "Order of statuses" over the program: known failure, the person's window, unknowns.
    A quiet ctx (a completion engines.missing tries) gets the status and amounts without words."""
    env = Env(ctx)
    quiet = getattr(ctx, "quiet", False)
    if quiet:  # a known failure decides (decide's first rule): the checks after it are not read
        seen = []
        for c in program.checks:
            if c.when is None or c.when(env) is True:
                seen.append(bare(c, env))
                if seen[-1].ok is False:
                    return Outcome("ineligible", checks=seen)
        out = decide(seen)
    else:
        out = decide([shown(c, env, trace) for c in program.checks if c.when is None or c.when(env) is True])
    if out.status == "ineligible":
        return out
    for cond, note in program.windows:
        v = cond(env)
        if v is UNKNOWN:
            return out
        if v:
            out.status, out.missing = "not_in_force", []
            if not quiet:
                out.notes.append(note(env))
            return out
    if out.status != "eligible":
        return out
    for step in program.steps:
        if (quiet and step.kind != "stop") or (step.when is not None and step.when(env) is not True):
            continue
        if step.kind == "check":
            out.checks.append(shown(step.value, env, trace))
        elif step.kind == "notes":
            out.notes.extend(step.value(env))
        else:
            if not quiet:
                out.notes.append(step.value(env))
            if step.kind == "stop":
                out.status = "not_in_force"
                return out
    out.amount = _money(program.amount, env)
    out.amount_min = _money(program.amount_min, env)
    out.formula = None if program.formula is None or quiet else program.formula(env)
    if out.amount is not None:
        out.raise_if = [f.path for f in program.raise_if if f(env) is UNKNOWN]
        for cond, x in program.raise_when:
            if cond(env) is True:
                out.raise_if.extend(p for p in asked(x, env) if p not in out.raise_if)
    if trace is not None:
        trace.append(("amount", out.amount, out.amount_min))
    return out


def _money(x: Expr | None, env: Env) -> Any:
    """An amount, exact until here, rounded half up to 0.01 once (rules.md money rule)."""
    if x is None:
        return None
    v = x(env)
    return None if v is None or v is UNKNOWN else to_yuan(v)


def shown(c: Check, env: Env, trace: list | None = None) -> ResultCheck:
    """A check as results carry it: met, not met or unknown, its words, the facts it asks."""
    out = bare(c, env)
    if not isinstance(c.cond, Native):  # a Native's Check has its words already
        words = (c.unknown if out.ok is None else c.yes if out.ok else c.no)(env)
        out = ResultCheck(out.ok, words, out.missing, tuple(c.soft(env)))
    if trace is not None:
        trace.append(("check", out.ok, out.text))
    return out


NO_WORDS = T("", "")


def bare(c: Check, env: Env) -> ResultCheck:
    """A check's value and the facts it asks, without its words (what decides the status)."""
    if isinstance(c.cond, Native):
        return c.cond.fn(env.ctx)
    v = c.cond(env)
    if v is not UNKNOWN:
        return ResultCheck(bool(v), NO_WORDS)
    if c.asks is None:
        return ResultCheck(None, NO_WORDS, tuple(asked(c.cond, env)))
    return ResultCheck(None, NO_WORDS, tuple(c.asks(env)) if isinstance(c.asks, Expr) else c.asks)


def asked(x: Expr, env: Env, out: list | None = None) -> list[str]:
    """The absent facts an unknown node rests on: those its unknown parts read, in order."""
    out = [] if out is None else out
    if x(env) is not UNKNOWN:
        return out
    if isinstance(x, Fact):
        if x.asked and x.path not in out:
            out.append(x.path)
    elif isinstance(x, Native):
        out.extend(m for m in x.fn(env.ctx).missing if m not in out)
    elif isinstance(x, Asks):
        out.extend(m for m in x.asks(env) if m not in out)
    else:
        for k in x.kids():
            asked(k, env, out)
    return out
