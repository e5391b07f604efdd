"""The measures, found once: each module of flexcalc/measures/ that declares a MEASURE.

Every list of measures the program keeps (catalogue.MEASURE_IDS and the names, the cities
model's table of rules, the rule tags of error paths, field words, interview questions) is
derived from here, so adding a measure is adding its module, its data and its cases."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType

from flexcalc.measures.declare import Measure


@cache
def modules() -> dict[str, ModuleType]:
    """Measure id → its module, in the measures' order."""
    import flexcalc.measures as package

    found: list[tuple[int, str, ModuleType]] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        declared = getattr(module, "MEASURE", None)
        if isinstance(declared, Measure):
            found.append((declared.order, declared.id, module))
    found.sort(key=lambda item: item[:2])
    return {mid: module for _, mid, module in found}


def declared(mid: str) -> Measure:
    """The declaration of one measure."""
    return modules()[mid].MEASURE


def measures() -> list[Measure]:
    """Every declaration, in order."""
    return [m.MEASURE for m in modules().values()]


def rule_union(mid: str):
    """The union of rule shapes a measure's data may use."""
    return modules()[mid].Rule


def shapes(mid: str) -> tuple[type, ...]:
    """The rule shapes a measure's data may use."""
    import typing

    return typing.get_args(rule_union(mid))


def tag(shape: type) -> str:
    """The `rule = "…"` tag that names a rule shape in the data file."""
    import typing

    from flexcalc.models.fields import model_fields

    return typing.get_args(model_fields(shape)["rule"].annotation)[0]


@cache
def rule_tags() -> frozenset[str]:
    """Every rule shape's tag, over all measures."""
    return frozenset(tag(shape) for mid in modules() for shape in shapes(mid))
