"""One small error hierarchy; the CLI maps each class to its documented exit code."""

from __future__ import annotations

from typing import Any


class FlexcalcError(Exception):
    """An error a user can act on, with the exit code the contract gives it."""

    exit_code = 1


class UsageError(FlexcalcError):
    """Bad option or unknown city (exit 2)."""

    exit_code = 2


class ProfileError(FlexcalcError):
    """Invalid profile input (exit 3); `problems` keeps (field path, message) pairs for batch."""

    exit_code = 3

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.problems = problems or [("", message)]


class DataError(FlexcalcError):
    """Invalid cities configuration (exit 4)."""

    exit_code = 4


def field_path(loc: tuple, data: Any) -> str:
    """A pydantic error location as a field path of the input (`business.premises.area_m2`,
    `training[0].days`), dropping the union tags pydantic adds that are not keys of the input."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int) and isinstance(node, list):
            parts.append(f"[{item}]")
            node = node[item] if item < len(node) else None
        elif isinstance(node, dict) and item in node:
            parts.append(("." if parts else "") + str(item))
            node = node[item]
        elif isinstance(node, dict) or node is None:
            if isinstance(node, dict) and not _is_tag(item):
                parts.append(("." if parts else "") + str(item))
                node = None
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def _is_tag(item: Any) -> bool:
    """Discriminated unions add the tag and generic names (`Cited[int]`) to locations."""
    return isinstance(item, str) and ("[" in item or item in _TAGS)


_TAGS = {
    "not_offered",
    "household_limit",
    "capped_loan",
    "incubator_rent",
    "yearly_rate",
    "no_figure",
    "per_occupation",
    "daily_once_per_year",
    "operating_subsidy",
    "share_of_paid",
    "premium_capped",
    "hourly_wage",
    "function-after",
    "function-before",
    "function-wrap",
}


def validation_problems(err, data: Any) -> list[tuple[str, str]]:
    """(field path, message) for each error of a pydantic ValidationError."""
    out = []
    for e in err.errors(include_url=False):
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = 'unknown field (not in the contract; free-form data goes in "extra")'
        elif e["type"] == "missing":
            msg = "required field is missing"
        out.append((field_path(tuple(e["loc"]), data), msg))
    return out
