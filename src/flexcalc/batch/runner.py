"""The ordered runner: records in, chunks to the workers, results out in input order, whole."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from flexcalc.batch import pool, readers
from flexcalc.batch.sink import Sink, WriteFailed
from flexcalc.batch.worker import CSV_HEADER, Settings, Tally

CHUNK = 500  # records a job: large enough to pay for the pickling, small enough for Ctrl-C


@dataclass
class Outcome:
    """How a run went: the counts, the time, and whether a signal or a dead worker cut it short."""

    tally: Tally
    blank: int
    elapsed: float
    interrupted: bool = False
    last_line: int = 0  # input line of the last record written
    failure: str | None = None  # why the run stopped early other than a signal (a worker died), in words
    signal: int = 0  # the signal that stopped the run (SIGINT, SIGTERM), else 0
    notes: list[str] = field(default_factory=list)  # warnings of the run itself (no worker processes)
    as_of: date | None = None  # the date every record was evaluated at

    @property
    def exit_code(self) -> int:
        """1 when a worker died, 128 + the signal's number when one stopped the run (130, 143), else 0."""
        if self.failure is not None:
            return 1
        return 128 + self.signal if self.signal else 0


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def records(src: readers.Source, input_format: str) -> tuple[tuple[str, ...] | None, Iterator]:
    if input_format == "csv":
        header, rows = readers.csv_rows(src)
        return tuple(header), rows
    if input_format == "json":
        return None, readers.json_array(src)
    if input_format == "parquet":
        from flexcalc.batch import parquet_read

        return None, parquet_read.records(src.stream, src)
    return None, readers.jsonl(src)


def run(
    src: readers.Source,
    out,
    settings: Settings,
    input_format: str,
    jobs: int,
    excel: bool = False,
    progress=None,
    stop: pool.Stop | None = None,
) -> Outcome:
    """Evaluate every record of `src` and write the results to `out` in input order.

    A failing output raises sink.WriteFailed with the number of records written completely.
    Signals and the worker processes: batch/pool.py; `stop` is the caller's when its handling of
    signals must also cover what it does after the run (rename the output into place)."""
    start = time.perf_counter()
    tally = Tally()
    outcome = Outcome(tally, 0, 0.0, as_of=settings.as_of)

    def take(job_records: list, result: tuple[bytes, Tally, list[int]]) -> None:
        data, part, ends = result
        if out is not None and data:
            if isinstance(out, Sink):
                out.write(data, ends, [r[0] for r in job_records])
            else:
                _write_whole(out, data)
        tally.merge(part)
        outcome.last_line = job_records[-1][0]
        if progress is not None:
            progress(src.bytes_read, tally.records)

    def warn(words) -> None:
        outcome.notes.append(words.render(settings.lang))

    with stop or pool.current() or pool.Stop() as stop:
        try:
            header, items = records(src, input_format)
        except pool.Interrupted:
            header, items = None, iter(())
        settings.header = header or ()
        if out is not None and settings.fmt == "csv":
            import csv
            import io

            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow(CSV_HEADER)
            out.header((b"\xef\xbb\xbf" if excel else b"") + buf.getvalue().encode("utf-8"))
        failure = pool.run(settings, header, items, take, jobs, stop, CHUNK, warn)
        outcome.failure = failure.render(settings.lang) if failure is not None else None
        outcome.signal = stop.signum
        outcome.interrupted = stop.hit or outcome.failure is not None
    if out is not None:
        if isinstance(out, Sink):
            out.flush()
        else:  # the Parquet sink's last row group
            _write_whole(out, None)
    outcome.blank = src.blank
    outcome.elapsed = time.perf_counter() - start
    return outcome


def _write_whole(out, data: bytes | None) -> None:
    """A Parquet sink (`data` None: its last flush): its file is readable only once closed, so a
    failure leaves no whole record."""
    try:
        if data is None:
            out.flush()
        else:
            out.write(data)
    except BrokenPipeError:
        raise
    except OSError as e:
        raise WriteFailed(0, 0, e.strerror or str(e), False) from None


def finish(out, templates: dict) -> None:
    """Close a Parquet sink (footer and metadata); a failure there is a WriteFailed too."""
    try:
        out.finish(templates)
    except BrokenPipeError:
        raise
    except OSError as e:
        raise WriteFailed(0, 0, e.strerror or str(e), False) from None
