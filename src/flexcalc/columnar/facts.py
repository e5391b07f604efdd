"""The facts of a chunk of validated profiles as columns (lists by row), built on first use."""

from __future__ import annotations

from datetime import date
from typing import Any

from flexcalc.catalogue import GROUP_NAMES

BIT = {code: 1 << i for i, code in enumerate(GROUP_NAMES)}  # groups as a bitmask (22 codes)


class Facts:
    """The facts of one chunk by row: a profile field by dotted path, the group mask, course counts."""

    def __init__(self, profiles: list, retirement=None):
        self.profiles = profiles
        self.retirement = retirement  # the data's retirement rules (near-retirement checks)
        self.n = len(profiles)
        self._cols: dict[Any, Any] = {}  # memo: a path's values, derived columns

    def values(self, path: str) -> list:
        """The field at `path` of every profile (None where absent); a parent path's values first."""
        key = "=" + path
        hit = self._cols.get(key)
        if hit is None:
            head, _, name = path.rpartition(".")
            rows = self.values(head) if head else self.profiles
            hit = self._cols[key] = [None if r is None else getattr(r, name) for r in rows]
        return hit

    def masks(self) -> list:
        """The groups as a bitmask, None where `groups` is absent (unknown)."""
        hit = self._cols.get("#groups")
        if hit is None:
            hit = self._cols["#groups"] = [
                None if g is None else sum(BIT[c] for c in set(g)) for g in self.values("groups")
            ]
        return hit

    def persons(self, cutoffs: tuple[date, ...]) -> list:
        """What group paths read of each row: groups mask, rural hukou, certificate, and per
        graduation window (its first date in `cutoffs`) whether the person left school within it."""
        key = ("#persons", cutoffs)
        hit = self._cols.get(key)
        if hit is None:
            within = [None if g is None else tuple(g >= c for c in cutoffs) for g in self.values("graduated_on")]
            hit = self._cols[key] = list(
                zip(
                    self.masks(),
                    self.values("rural_hukou"),
                    self.values("holds_employment_certificate"),
                    within,
                    strict=True,
                )
            )
        return hit

    def courses(self) -> list:
        """Number of training courses, None where `training` is absent (an empty list is 0: the
        search for `missing` tries values only for an absent field, so the two differ there)."""
        hit = self._cols.get("#courses")
        if hit is None:
            hit = self._cols["#courses"] = [None if t is None else len(t) for t in self.values("training")]
        return hit
