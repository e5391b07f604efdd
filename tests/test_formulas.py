"""Every worked case: the explained formula's substituted numbers give exactly the amount in the result."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from flexcalc.data import load
from test_worked_cases import CASES, run_case

ROOT = Path(__file__).resolve().parents[1]
CENT = Decimal("0.01")


def _figures():
    """(case, measure) for every measure a worked case makes eligible with an amount: the formula
    tests run on these only, so each one asserts (a case with no amount has no formula to check)."""
    with pytest.MonkeyPatch.context() as mp:  # collection runs before conftest's private cache is set
        mp.setenv("FLEXCALC_CACHE", "0")
        data = load(ROOT / "data" / "cities.toml").data
    for case in CASES:
        for m in run_case(case, data).measures:
            if m.status == "eligible" and m.amount is not None:
                yield pytest.param(m, id=f"{case['name']}:{m.id}")


FIGURES = list(_figures())

# --- a tiny calculator for the formulas' arithmetic ---------------------------------------

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
TOKEN = re.compile(rf"\s*(?:(?P<num>{NUMBER})|(?P<fn>min|max)|(?P<op>[()+\-×*/,]))")


def _tokens(expr: str) -> list[str]:
    """Numbers, min/max, operators; words, units and （comments） are dropped."""
    expr = re.sub(r"（[^（）]*）", " ", expr)  # Chinese-bracket comments hold no arithmetic
    out, pos = [], 0
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if m and m.group(0).strip():
            out.append(m.group("num") or m.group("fn") or m.group("op"))
            pos = m.end()
        else:
            pos += 1  # a word or unit: 元, ㎡, 元/㎡/天 (its / is dropped with it below)
    return out


def _clean(expr: str) -> str:
    """Remove units that contain operators (元/㎡/天, 元/年, 元/小时) before tokenising."""
    return re.sub(r"元/[^\s×*+,)=]*|/㎡|个月|小时|天|㎡|元", " ", expr)


class _Parser:
    def __init__(self, tokens: list[str]):
        self.toks, self.i = tokens, 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, want=None):
        tok = self.peek()
        assert tok is not None and (want is None or tok == want), f"expected {want!r}, got {tok!r} in {self.toks}"
        self.i += 1
        return tok

    def expr(self) -> Decimal:
        value = self.term()
        while self.peek() in ("+", "-"):
            value = value + self.term() if self.take() == "+" else value - self.term()
        return value

    def term(self) -> Decimal:
        value = self.atom()
        while self.peek() in ("×", "*", "/"):
            value = value * self.atom() if self.take() in ("×", "*") else value / self.atom()
        return value

    def atom(self) -> Decimal:
        tok = self.take()
        if tok in ("min", "max"):
            self.take("(")
            args = [self.expr()]
            while self.peek() == ",":
                self.take()
                args.append(self.expr())
            self.take(")")
            return min(args) if tok == "min" else max(args)
        if tok == "(":
            value = self.expr()
            self.take(")")
            return value
        return Decimal(tok.replace(",", ""))


def calc(expr: str) -> Decimal:
    p = _Parser(_tokens(_clean(expr)))
    value = p.expr()
    assert p.peek() is None, f"unparsed {p.toks[p.i :]} in {expr!r}"
    return value


def stated(formula: str) -> Decimal:
    """The number after the last '=': the amount the formula states."""
    m = re.match(rf"\s*({NUMBER})", formula.rsplit("=", 1)[1])
    assert m, f"no amount after the last '=' in {formula!r}"
    return Decimal(m.group(1).replace(",", ""))


def side(formula: str, upper: bool) -> str:
    """A range share written lo～hi: the upper or lower end."""
    return re.sub(r"(\S+)～(\S+)", lambda m: m.group(2 if upper else 1), formula)


# --- the checks --------------------------------------------------------------------------


def test_there_are_worked_figures():
    assert len(FIGURES) > 100, "tests/cases/*.json makes few measures eligible with an amount"


@pytest.mark.parametrize("m", FIGURES)
def test_formula_states_the_amount(m):
    assert m.formula is not None, f"{m.id}: eligible with an amount but no formula"
    for lang in ("zh", "en"):
        text = m.formula.render(lang)
        assert stated(text) == m.amount, f"{m.id} [{lang}]: {text!r} states {stated(text)}, result {m.amount}"


@pytest.mark.parametrize("m", FIGURES)
def test_formula_numbers_give_the_amount(m):
    text = m.formula.render("zh")
    parts = side(text, upper=True).split("=")
    # each step of a chain (a = b × c = d) gives the number the next one starts from
    for left, right in zip(parts[:-2], parts[1:-1], strict=False):
        assert calc(left) == Decimal(re.search(NUMBER, right).group(0).replace(",", "")), f"{m.id}: {text!r}"
    got = calc(parts[-2]).quantize(CENT, rounding=ROUND_HALF_UP)
    assert got == m.amount, f"{m.id}: {text!r} computes {got}, result {m.amount}"
    if m.amount_min is not None:
        low = side(text, upper=False).split("=")[-2]
        assert calc(low).quantize(CENT, rounding=ROUND_HALF_UP) == m.amount_min, f"{m.id}: {text!r}"


def test_calculator_reads_the_formula_shapes():
    assert calc("min(40, 30) ㎡ × min(1.2, 1.00) 元/㎡/天 × min(365, 730) 天 ") == Decimal("10950.00")
    assert calc("min(申请 150,000, 上限 200,000（个人创业）) ") == 150000
    assert calc("8,000 元/年 × min(12, 24) 个月 / 12 ") == 8000
    assert calc("（养老+医疗+失业）4800 + 1600 + 0 ") == 6400
    assert stated("14,400 × 5/12 = 6,000.00 元（扣减上限）") == 6000


@pytest.mark.parametrize("m", FIGURES)
def test_formula_has_one_number_style(m):
    """Issue 10: thousands separators on every number of 1,000 or more (4,800 + 1,600, never 4800 + 1,600)."""
    for lang in ("zh", "en"):
        text = m.formula.render(lang)
        bare = re.findall(r"(?<![\d,.])\d{4,}(?![\d-])", text)
        assert not bare, f"{m.id} [{lang}]: {text!r} has {bare} without a thousands separator"
