"""The house reads data → rules → engines → outputs → CLI (issue 18, item 8): no import cycles
between modules (imports inside functions count too), and no package imports a later layer."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# Layers in order: a module may import its own layer and those before it.
LAYERS: tuple[tuple[str, ...], ...] = (
    # words, dates, numbers and the contract's vocabulary
    ("text", "dates", "catalogue", "grammar", "limits", "errors", "linebreak", "toml", "cache", "notes"),
    ("models",),  # the typed data: profiles, rules' schemas, figures, results
    ("data", "timeline", "validate", "review", "registry", "measures"),  # the policy data and its checks
    ("context", "rules"),  # the rule language and each shape's program
    ("relevance", "engines", "pipeline", "changes", "policy", "advice"),  # engines
    # input and output, and what commands build on them
    ("profile_io", "questions", "assume", "audit", "screen", "output", "batch", "outreach", "interview", "spark"),
    ("cli", "__main__"),
)
# Known exceptions, each with its reason; the list only shrinks.
ALLOWED = {
    # the shapes' schema classes build and run their programs (measures → rules, engines) until the
    # programs are looked up by rule type in flexcalc.rules
    ("measures", "rules"),
    ("measures", "engines"),
    ("measures", "context"),
    ("registry", "measures"),
    # each measure's module declares its names and kind (flexcalc.measures); the vocabulary, the
    # errors' words and the cities' schema read them through the registry
    ("catalogue", "registry"),
    ("errors", "registry"),
    ("models", "registry"),
}


def _modules() -> dict[str, Path]:
    out = {}
    for f in (SRC / "flexcalc").rglob("*.py"):
        parts = f.relative_to(SRC).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


def _imports(path: Path, mods: dict[str, Path]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found |= {n for n in names if n in mods}
    return found


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {m: _imports(p, mods) - {m} for m, p in mods.items()}


def _layer(module: str) -> tuple[int, str]:
    head = module.split(".")[1] if "." in module else ""
    for i, names in enumerate(LAYERS):
        if head in names:
            return i, head
    return -1, head  # flexcalc itself (__init__: the version)


def test_no_module_imports_itself_through_others():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == []


def test_every_package_is_in_a_layer_and_imports_no_later_one():
    bad = []
    for module, deps in _graph().items():
        layer, head = _layer(module)
        assert layer >= 0 or module == "flexcalc", f"{module}: in no layer of {__file__}"
        for d in deps:
            other, its = _layer(d)
            if other > layer and (head, its) not in ALLOWED:
                bad.append(f"{module} → {d}")
    assert bad == []
