"""Issue 22 item 23: the on-disk cache never runs what someone else wrote, nor writes through links.

An entry is used only from a directory owned by this user that nobody else can write, only
if it is a regular file of ours and carries the keyed digest (HMAC-SHA256) of its bytes made
with this user's private key; anything else is a miss. Files are created O_EXCL | O_NOFOLLOW.
"""

from __future__ import annotations

import os
import pickle
import stat

import pytest

from flexcalc import cache


class _Boom:
    """A pickle that, when loaded, creates a file: what a replaced entry could do (os.system…)."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.fixture
def where(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("FLEXCALC_CACHE_DIR", str(d))
    monkeypatch.setenv("FLEXCALC_CACHE", "1")
    return d


def _entries(d):
    return sorted(p for p in d.iterdir() if p.name.startswith("thing-"))


def test_a_stored_object_comes_back(where):
    cache.put("thing", "k1", {"a": [1, 2]})
    assert cache.get("thing", "k1") == {"a": [1, 2]}
    (entry,) = _entries(where)
    assert stat.S_IMODE(entry.stat().st_mode) & 0o077 == 0  # private to the user


def test_a_replaced_entry_never_runs(where, tmp_path):
    cache.put("thing", "k1", {"a": 1})
    (entry,) = _entries(where)
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(_Boom(str(marker))))  # the attacker's bytes under the entry's name
    assert cache.get("thing", "k1") is None
    assert not marker.exists()


def test_an_entry_with_another_digest_is_a_miss(where, tmp_path):
    cache.put("thing", "k1", {"a": 1})
    (entry,) = _entries(where)
    raw = entry.read_bytes()
    marker = tmp_path / "ran"
    evil = pickle.dumps(_Boom(str(marker)))
    entry.write_bytes(raw[: len(raw) - len(pickle.dumps({"a": 1}))] + evil)  # the header kept, the body swapped
    assert cache.get("thing", "k1") is None
    assert not marker.exists()


@pytest.mark.parametrize("garbage", [b"", b"garbage", b"flexcalc-cache", b"\x80\x05N."])
def test_a_broken_entry_is_a_miss(where, garbage):
    cache.put("thing", "k1", 1)
    (entry,) = _entries(where)
    entry.write_bytes(garbage)
    assert cache.get("thing", "k1") is None
    cache.put("thing", "k1", 2)  # and is replaced by the next put
    assert cache.get("thing", "k1") == 2


def test_a_directory_others_can_write_is_not_used(where, tmp_path):
    cache.put("thing", "k1", 1)
    os.chmod(where, 0o777)
    assert cache.get("thing", "k1") is None
    cache.put("thing", "k2", 2)
    assert not [p for p in where.iterdir() if p.name.startswith("thing-k2")]


def test_an_entry_others_can_write_is_not_used(where):
    cache.put("thing", "k1", 1)
    (entry,) = _entries(where)
    os.chmod(entry, 0o666)
    assert cache.get("thing", "k1") is None


def test_an_entry_that_is_a_symlink_is_not_followed(where, tmp_path):
    cache.put("thing", "k1", 1)
    (entry,) = _entries(where)
    other = tmp_path / "elsewhere"
    other.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(other)
    assert cache.get("thing", "k1") is None


def test_the_temporary_file_is_not_written_through_a_symlink(where, tmp_path):
    cache.put("thing", "k0", 0)  # the directory exists
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    path = cache._file("thing", "k1")
    assert path is not None
    for name in (f"{path.name}.{os.getpid()}.tmp", path.with_suffix(f".{os.getpid()}.tmp").name):
        (where / name).symlink_to(victim)  # the names a put once used, planted before it
    cache.put("thing", "k1", 1)
    assert victim.read_text() == "keep me"
    assert cache.get("thing", "k1") == 1


def test_a_directory_symlink_is_not_followed(tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv("FLEXCALC_CACHE_DIR", str(link))
    cache.put("thing", "k1", 1)
    assert cache.get("thing", "k1") is None
    assert list(real.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_directory_of_another_user_is_not_used(where):
    cache.put("thing", "k1", 1)
    os.chown(where, 65534, 65534)  # e.g. sudo keeping HOME: the cache belongs to the invoking user
    assert cache.get("thing", "k1") is None


def test_a_key_others_can_read_is_replaced_not_trusted(where):
    cache.put("thing", "k1", 1)
    key = where / "key"
    os.chmod(key, 0o644)
    assert cache.get("thing", "k1") is None
