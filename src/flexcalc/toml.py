"""TOML as the data file reads it: tomllib (tomli before 3.11) imported on first use, floats as
Decimal, nesting and integer lengths bounded."""

from __future__ import annotations

import sys


def _tomllib():
    """tomllib (tomli before 3.11), imported on first use: a check reads the cached data, not TOML."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


def __getattr__(name: str):
    """`from flexcalc.toml import tomllib` (validate.py, tests) without importing it at start-up."""
    if name == "tomllib":
        return _tomllib()
    raise AttributeError(name)


TOML_NESTING_MAX = 32  # a cities file nests four or five levels; deeper is never valid data


def parse_toml(text: str) -> dict:
    """The TOML document (floats as Decimal); nesting too deep to follow is a TOMLDecodeError too."""
    from decimal import Decimal

    tomllib = _tomllib()
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except RecursionError:  # tomllib recurses once a level: thousands of [[[ exhaust the stack
        doc = None
    except tomllib.TOMLDecodeError:
        raise
    except ValueError:  # int() of more digits than Python converts (sys.get_int_max_str_digits)
        raise tomllib.TOMLDecodeError(_long_integer(text)) from None
    if doc is None or _depth(doc) > TOML_NESTING_MAX:
        raise tomllib.TOMLDecodeError(f"nested more than {TOML_NESTING_MAX} levels deep")
    return doc


def _long_integer(text: str) -> str:
    """Where the integer too long to read is (the words of a TOMLDecodeError)."""
    import re

    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
    m = re.search("[0-9][0-9_]{" + str(limit) + ",}", text)
    at = ""
    if m:
        line = text.count("\n", 0, m.start()) + 1
        at = f" (at line {line}, column {m.start() - text.rfind(chr(10), 0, m.start())})"
    return f"an integer of more than {limit:,} digits{at}: no figure has that many"


def table(value) -> dict:
    """A parsed TOML table, or an empty one when the value is anything else (bad data is reported apart)."""
    return value if isinstance(value, dict) else {}


def _depth(doc) -> int:
    """How deep tables and arrays nest (without recursion)."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > TOML_NESTING_MAX:
            return deepest
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return deepest
