"""The facts of a chunk of validated profiles as Arrow columns, built on first use."""

from __future__ import annotations

from typing import Any

from flexcalc.catalogue import GROUP_NAMES

BIT = {code: 1 << i for i, code in enumerate(GROUP_NAMES)}  # groups as a bitmask (22 codes)


def _get(p, path: str):
    for key in path.split("."):
        p = getattr(p, key, None)
        if p is None:
            return None
    return p


class Facts:
    """Columns of one chunk: a profile field by dotted path, the group mask, course counts."""

    def __init__(self, profiles: list):
        import pyarrow as pa

        self.pa = pa
        self.profiles = profiles
        self.n = len(profiles)
        self._cols: dict[str, Any] = {}  # memo: a path's values, its Arrow column, derived columns

    def values(self, path: str) -> list:
        """The field at `path` of every profile as Python values (None where absent)."""
        key = "=" + path
        hit = self._cols.get(key)
        if hit is None:
            hit = self._cols[key] = [_get(p, path) for p in self.profiles]
        return hit

    def col(self, path: str):
        """The field at `path` of every profile as an Arrow column (null where absent)."""
        hit = self._cols.get(path)
        if hit is None:
            hit = self._cols[path] = self.pa.array(self.values(path))
        return hit

    def groups(self):
        """The groups as a uint32 bitmask, null where `groups` is absent (unknown)."""
        hit = self._cols.get("#groups")
        if hit is None:
            values = [None if p.groups is None else sum(BIT[g] for g in set(p.groups)) for p in self.profiles]
            hit = self._cols["#groups"] = self.pa.array(values, self.pa.uint32())
        return hit

    def courses(self):
        """Number of training courses, null where none is given (absent or empty)."""
        hit = self._cols.get("#courses")
        if hit is None:
            hit = self._cols["#courses"] = self.pa.array(
                [len(p.training) if p.training else None for p in self.profiles], self.pa.int64()
            )
        return hit
