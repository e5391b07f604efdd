"""Row keys of the business shapes: every fact the rule (and the search for `missing`) reads, by value.

Every business shape is now in the rule language (rules/): none is left here; the columnar
engine falls back to the scalar one for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flexcalc.columnar.shapes import Keys

COMPILERS: dict[type, Callable[[Any, date], Keys]] = {}
