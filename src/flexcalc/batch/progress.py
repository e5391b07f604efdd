"""The batch progress bar on standard error (a terminal only): records done of the total, the
rate and the time left.

The total is the input's line count when that is cheap to know (a regular JSONL or CSV file of
at most COUNT_BYTES: one pass at disk speed before the run), Parquet's row count from its footer;
otherwise it is estimated as the run goes, from the bytes read per record so far and the file's
size ("~"); standard input has none (records, rate and time elapsed).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

COUNT_BYTES = 256 << 20  # lines counted up front up to this size (about 0.1 s); larger: estimated


def count_records(path: str, fmt_in: str) -> tuple[int | None, int | None]:
    """(records, bytes) of the input when known without reading it as records; (None, size)
    where only the size is known; (None, None) for standard input or a FIFO."""
    if path == "-":
        return None, None
    try:
        st = os.stat(path)
    except OSError:
        return None, None
    import stat

    if not stat.S_ISREG(st.st_mode) or not st.st_size:
        return None, None
    if fmt_in == "parquet":
        try:
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows, st.st_size
        except Exception:  # noqa: BLE001 - the run itself will say what is wrong with the file
            return None, st.st_size
    if fmt_in not in ("jsonl", "csv") or st.st_size > COUNT_BYTES:
        return None, st.st_size
    lines = 0
    last = b"\n"
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return None, st.st_size
    lines += last != b"\n"  # a last line without its newline
    return max(lines - (fmt_in == "csv"), 0), st.st_size  # a CSV's header is no record


class Bar:
    """Started at the first finished chunk (after the fork), so the workers do not inherit it."""

    def __init__(self, records: int | None, size: int | None, lang: str = "zh"):
        self.known = records  # the exact count, when it was cheap to know
        self.size = size  # the file's size, to estimate the count from when it was not
        self.lang = lang
        self.bar: Any = None
        self.task: Any = None
        self.start = 0.0

    def update(self, done_bytes: int, records: int) -> None:
        if self.bar is None:
            self.start = time.perf_counter()
            self.bar = self._build()
            self.bar.start()
            self.task = self.bar.add_task("batch", total=self.known, records=0, rate="…", total_text="")
        total = self.known
        if total is None and self.size and done_bytes and records:
            total = max(records, round(records * self.size / done_bytes))  # ~ from bytes a record so far
        elapsed = time.perf_counter() - self.start
        rate = f"{records / elapsed:,.0f}" if elapsed > 0.5 else "…"
        shown = "" if total is None else ("/" if self.known is not None else "/~") + f"{total:,}"
        self.bar.update(self.task, completed=records, total=total, records=records, rate=rate, total_text=shown)

    def _build(self):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        zh = self.lang == "zh"
        counts = TextColumn(
            "{task.fields[records]:,}{task.fields[total_text]} "
            + ("条 · {task.fields[rate]} 条/秒" if zh else "records · {task.fields[rate]}/s")
        )
        if self.known is None and not self.size:  # standard input: nothing to measure against
            columns = [counts, TextColumn("用时" if zh else "elapsed"), TimeElapsedColumn()]
        else:
            columns = [
                BarColumn(bar_width=16),
                TaskProgressColumn(),
                counts,
                TextColumn("剩余" if zh else "left"),
                TimeRemainingColumn(),
            ]
        return Progress(*columns, console=Console(stderr=True), transient=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def start(path: str, lang: str = "zh", fmt_in: str = "jsonl") -> Bar | None:
    """A bar when standard error is a terminal, else None."""
    try:
        if sys.stderr is None or not sys.stderr.isatty():
            return None
    except (ValueError, OSError):
        return None
    records, size = count_records(path, fmt_in)
    return Bar(records, size, lang)
