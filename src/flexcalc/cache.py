"""A small on-disk cache of compiled objects (validated data, the profile validator).

Building pydantic schemas costs more than the rest of a `check`, so what was built once is
pickled under a key made of its inputs and a fingerprint of this package's code.
FLEXCALC_CACHE=0 turns the cache off; FLEXCALC_CACHE_DIR moves it. It can never fail a run.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_FINGERPRINT: list[str] = []


def _fingerprint() -> str:
    """The package version and the size and mtime of its modules: any code change is a miss."""
    if not _FINGERPRINT:
        from flexcalc import __version__

        root = os.path.dirname(os.path.abspath(__file__))
        h = hashlib.sha256(__version__.encode())
        for line in sorted(_module_stats(root)):
            h.update(line.encode())
        _FINGERPRINT.append(h.hexdigest()[:16])
    return _FINGERPRINT[0]


def _module_stats(root: str) -> list[str]:
    """`path:size:mtime` of every .py file under root (os.scandir: a third of pathlib's rglob)."""
    out, todo = [], [root]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for e in entries:
                if e.is_dir():
                    if e.name != "__pycache__":
                        todo.append(e.path)
                elif e.name.endswith(".py"):
                    st = e.stat()
                    out.append(f"{os.path.relpath(e.path, root)}:{st.st_size}:{st.st_mtime_ns}")
    return out


def _file(kind: str, key: str) -> Path | None:
    if os.environ.get("FLEXCALC_CACHE", "1") == "0":
        return None
    base = os.environ.get("FLEXCALC_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "flexcalc"
    )
    return Path(base) / f"{kind}-{key[:32]}-{_fingerprint()}.pickle"


def get(kind: str, key: str = ""):
    """The cached object, or None on a miss (absent, stale, unreadable)."""
    path = _file(kind, key)
    if path is None or not path.is_file():
        return None
    try:
        import pickle

        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - a broken cache entry is only a miss
        return None


def put(kind: str, key: str, obj) -> None:
    """Store `obj`; any failure (read-only home, unpicklable object) is ignored."""
    path = _file(kind, key)
    if path is None:
        return
    try:
        import pickle

        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - the cache is an optimisation; it must never fail a run
        pass
