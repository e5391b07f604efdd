"""Size limits on everything flexcalc reads, and the one bounded reader every command uses.

Nothing is read without a bound: a profile or batch record (`record_bytes()`, 1 MiB unless
FLEXCALC_MAX_RECORD_BYTES or batch's --max-record-bytes says otherwise), a cities data file
(DATA_BYTES), an interview answer (ANSWER_CHARS), the errors reported for one record
(ERRORS_PER_RECORD). A real profile is a few hundred bytes; the limits are there so that
`- < /dev/zero` or a line of a million keys is refused with its exit code, not a MemoryError.
"""

from __future__ import annotations

import os
from typing import BinaryIO

RECORD_BYTES = 1 << 20  # one profile (check) or one batch record: 1 MiB
RECORD_BYTES_MIN = 1 << 10  # a limit below 1 KiB would refuse ordinary profiles
RECORD_BYTES_MAX = 1 << 30
ENV_VAR = "FLEXCALC_MAX_RECORD_BYTES"
DATA_BYTES = 16 << 20  # a cities TOML file (the packaged one is about 70 KB)
ANSWER_CHARS = 4096  # one interview answer line (a terminal's own line limit)
ERRORS_PER_RECORD = 10  # errors listed for one record; the rest are counted ("…and N more")
STDIN_PARQUET_BYTES = 1 << 30  # Parquet read from standard input is held in memory: 1 GiB


class TooLarge(Exception):
    """Input longer than its limit (`limit` bytes or characters)."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def record_bytes(given: int | None = None) -> int:
    """The record limit: `given` (batch --max-record-bytes), else $FLEXCALC_MAX_RECORD_BYTES, else 1 MiB."""
    if given is not None:
        return given
    text = os.environ.get(ENV_VAR, "").strip()
    if not text:
        return RECORD_BYTES
    from flexcalc.errors import UsageError

    try:
        value = int(text)
    except ValueError:
        value = 0
    if not RECORD_BYTES_MIN <= value <= RECORD_BYTES_MAX:
        raise UsageError(
            f"{ENV_VAR}={text[:40]!r}: expected a whole number of bytes from {RECORD_BYTES_MIN} to {RECORD_BYTES_MAX}.",
            f"{ENV_VAR}={text[:40]!r}：应为 {RECORD_BYTES_MIN} 至 {RECORD_BYTES_MAX} 之间的整数（字节）。",
        )
    return value


def read_bounded(stream: BinaryIO, limit: int) -> bytes:
    """All of `stream`, or TooLarge as soon as it holds more than `limit` bytes."""
    parts: list[bytes] = []
    size = 0
    while True:
        part = stream.read(min(1 << 16, limit + 1 - size))
        if not part:
            return b"".join(parts)
        parts.append(part)
        size += len(part)
        if size > limit:
            raise TooLarge(limit)


def read_path(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a file (a device or FIFO too), or TooLarge past `limit` bytes."""
    with open(path, "rb") as f:
        return read_bounded(f, limit)


def read_line(stream, limit: int = ANSWER_CHARS) -> str:
    """One line of a text stream with its newline ('' at the end), or TooLarge past `limit` characters."""
    line = stream.readline(limit + 1)
    if len(line) > limit and not line.endswith("\n"):
        raise TooLarge(limit)
    return line


MORE_PATH = "(record)"  # the path of the entry that counts the errors not listed


def more(count: int) -> tuple[str, str]:
    """The last entry of an error list cut at ERRORS_PER_RECORD, English and Chinese."""
    return f"…and {count:,} more errors", f"……另有 {count:,} 处错误"


def size_words(limit: int) -> tuple[str, str]:
    """A limit in words, English and Chinese: "1 MiB (1,048,576 bytes)"."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if limit >= 1 << shift and limit % (1 << shift) == 0:
            exact = f"{limit >> shift} {unit}"
            return f"{exact} ({limit:,} bytes)", f"{exact}（{limit:,} 字节）"
    return f"{limit:,} bytes", f"{limit:,} 字节"
