"""A small on-disk cache of compiled objects (validated data, the profile validator).

Building pydantic schemas costs more than the rest of a `check`, so what was built once is
pickled under a key made of its inputs and a fingerprint of this package's code.
FLEXCALC_CACHE=0 turns the cache off; FLEXCALC_CACHE_DIR moves it. It can never fail a run.

A pickle runs code when loaded, so an entry is loaded only when nobody else can have written
it (issue 22 item 23): the directory is this user's and writable by no one else, the entry is
a regular file of this user's that no one else can write, and it carries the HMAC-SHA256 of
its bytes under this user's private key (`key` in the directory, mode 0600). Nothing is
followed through a symbolic link, files are created with O_EXCL | O_NOFOLLOW under random
names, and anything that does not pass is a miss.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

MAGIC = b"flexcalc-cache/2\n"
DIGEST = 32  # bytes of HMAC-SHA256
KEY_FILE = "key"
_FINGERPRINT: list[str] = []
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


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


def _dir() -> Path | None:
    if os.environ.get("FLEXCALC_CACHE", "1") == "0" or os.name != "posix":
        return None  # the owner and mode checks are POSIX ones: elsewhere no cache (only slower)
    base = os.environ.get("FLEXCALC_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "flexcalc"
    )
    return Path(base)


def _file(kind: str, key: str) -> Path | None:
    base = _dir()
    return None if base is None else base / f"{kind}-{key[:32]}-{_fingerprint()}.pickle"


def _ours(st, private: bool = False) -> bool:
    """Owned by this user and writable by no one else (nor readable, when `private`)."""
    import stat

    return st.st_uid == os.geteuid() and not stat.S_IMODE(st.st_mode) & (0o077 if private else 0o022)


def _open_dir(base: Path, create: bool) -> int | None:
    """A descriptor of the cache directory when it is ours and private to writes, else None."""
    import stat

    if create:
        os.makedirs(base, mode=0o700, exist_ok=True)
    fd = os.open(base, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    st = os.fstat(fd)
    if stat.S_ISDIR(st.st_mode) and _ours(st):
        return fd
    os.close(fd)
    return None


def _read(dir_fd: int, name: str, private: bool = False) -> bytes | None:
    """The bytes of a regular file of ours in the directory (no link followed), else None."""
    import stat

    fd = os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=dir_fd)
    try:
        st = os.fstat(fd)
        if not (stat.S_ISREG(st.st_mode) and _ours(st, private)):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


def _write(dir_fd: int, name: str, data: bytes) -> None:
    """`data` under `name`, atomically: a new private file under a random name, then renamed."""
    tmp = f".{name}.{os.urandom(8).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=dir_fd)
    try:
        with os.fdopen(fd, "wb", closefd=False) as fh:
            fh.write(data)
    except BaseException:
        os.close(fd)
        os.unlink(tmp, dir_fd=dir_fd)
        raise
    os.close(fd)
    os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)


def _key(dir_fd: int, create: bool) -> bytes | None:
    """This user's private key for the digests; a key others could read is not one."""
    try:
        key = _read(dir_fd, KEY_FILE, private=True)
    except FileNotFoundError:
        key = None
        if not create:
            return None
    if key is not None and len(key) == DIGEST:
        return key
    if not create:
        return None
    key = os.urandom(DIGEST)  # a new key: every entry signed with the old one becomes a miss
    _write(dir_fd, KEY_FILE, key)
    return key


def _digest(key: bytes, name: str, body: bytes) -> bytes:
    import hmac

    return hmac.digest(key, name.encode() + b"\0" + body, "sha256")


def get(kind: str, key: str = ""):
    """The cached object, or None on a miss (absent, stale, unreadable, not provably ours)."""
    path = _file(kind, key)
    if path is None:
        return None
    try:
        dir_fd = _open_dir(path.parent, create=False)
    except OSError:
        return None
    if dir_fd is None:
        return None
    try:
        raw = _read(dir_fd, path.name)
        secret = _key(dir_fd, create=False) if raw else None
        if not raw or secret is None or not raw.startswith(MAGIC):
            return None
        head = len(MAGIC) + DIGEST
        import hmac

        if len(raw) <= head or not hmac.compare_digest(raw[len(MAGIC) : head], _digest(secret, path.name, raw[head:])):
            return None
        import pickle

        return pickle.loads(raw[head:])
    except Exception:  # noqa: BLE001 - a broken cache entry is only a miss
        return None
    finally:
        os.close(dir_fd)


def put(kind: str, key: str, obj) -> None:
    """Store `obj`; any failure (read-only home, unpicklable object, a directory not ours) is ignored."""
    path = _file(kind, key)
    if path is None:
        return
    try:
        import pickle

        body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        dir_fd = _open_dir(path.parent, create=True)
        if dir_fd is None:
            return
        try:
            secret = _key(dir_fd, create=True)
            assert secret is not None
            _write(dir_fd, path.name, MAGIC + _digest(secret, path.name, body) + body)
        finally:
            os.close(dir_fd)
    except Exception:  # noqa: BLE001 - the cache is an optimisation; it must never fail a run
        pass
