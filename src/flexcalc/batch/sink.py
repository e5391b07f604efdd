"""Where batch output goes: whole records written straight to the file, and a count of them.

Output is written chunk by chunk with the operating system's write(), not through a buffer,
so that when it fails (disk full, a quota, an I/O error) the number of records that reached
the output completely is known — and a file we opened is cut back to its last whole record.
"""

from __future__ import annotations

import errno
import os
from bisect import bisect_right
from typing import BinaryIO


class WriteFailed(Exception):
    """The output stopped taking bytes: after how many whole records, and why."""

    def __init__(self, records: int, last_line: int, why: str, cut: bool):
        super().__init__(why)
        self.records = records
        self.last_line = last_line
        self.why = why
        self.cut = cut  # the file was cut back to its last whole record


class Sink:
    """A binary output that counts the records it has written completely."""

    def __init__(self, out: BinaryIO, owned: bool = False):
        self.out = out
        self.owned = owned  # a file this run opened (may be cut back on failure)
        self.records = 0
        self.last_line = 0
        self.offset = 0  # bytes written, all of them whole records (or the CSV header)
        try:
            out.flush()
            self.fd: int | None = out.fileno()
        except (OSError, ValueError, AttributeError):
            self.fd = None  # an in-memory stream (tests): plain writes

    def header(self, data: bytes) -> None:
        """Bytes before the first record (the CSV header line)."""
        self._write(data, [len(data)], [0], count=False)

    def write(self, data: bytes, ends: list[int], lines: list[int]) -> None:
        """The bytes of len(ends) records; ends[i] is where record i ends, lines[i] its input line."""
        self._write(data, ends, lines, count=True)

    def _write(self, data: bytes, ends: list[int], lines: list[int], count: bool) -> None:
        done = 0
        try:
            if self.fd is None:
                self.out.write(data)
                done = len(data)
            else:
                view = memoryview(data)
                while done < len(data):
                    done += os.write(self.fd, view[done:])
        except OSError as e:
            if e.errno == errno.EPIPE:
                raise BrokenPipeError(*e.args) from None
            whole = bisect_right(ends, done) if count else 0
            if whole:
                self.records += whole
                self.last_line = lines[whole - 1]
                self.offset += ends[whole - 1]
            raise WriteFailed(self.records, self.last_line, e.strerror or str(e), self._cut()) from None
        if count and ends:
            self.records += len(ends)
            self.last_line = lines[-1]
        self.offset += len(data)

    def _cut(self) -> bool:
        """Cut a file we opened back to its last whole record; False where that cannot be done."""
        if not self.owned or self.fd is None:
            return False
        try:
            os.ftruncate(self.fd, self.offset)
        except OSError:
            return False
        return True

    def flush(self) -> None:
        if self.fd is None:
            self.out.flush()
