"""The ordered parallel runner: chunks in, bounded in flight, output in input order, Ctrl-C safe."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice

from flexcalc.batch import readers
from flexcalc.batch.sink import Sink, WriteFailed
from flexcalc.batch.worker import CSV_HEADER, Settings, Tally

CHUNK = 500  # records a job: large enough to pay for the pickling, small enough for Ctrl-C


@dataclass
class Outcome:
    """How a run went: the counts, the time, and whether Ctrl-C cut it short."""

    tally: Tally
    blank: int
    elapsed: float
    interrupted: bool = False
    last_line: int = 0  # input line of the last record written
    failure: str | None = None  # why the run stopped early other than Ctrl-C (a worker died)


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


def chunks(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class _Interrupt:
    """SIGINT sets a flag; the loop stops between chunks, so only whole lines are written."""

    def __init__(self):
        self.hit = False
        self.previous = None

    def __enter__(self):
        try:
            self.previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread (e.g. some test runners): no handler
            self.previous = None
        return self

    def _handle(self, signum, frame):
        if self.hit:  # a second Ctrl-C: stop at once
            raise KeyboardInterrupt
        self.hit = True

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        return False


def run(
    src: readers.Source,
    out,
    settings: Settings,
    input_format: str,
    jobs: int,
    excel: bool = False,
    progress=None,
) -> Outcome:
    """Evaluate every record of `src` and write the results to `out` in input order.

    A failing output raises sink.WriteFailed with the number of records written completely."""
    start = time.perf_counter()
    header, items = records(src, input_format)
    settings.header = header or ()
    tally = Tally()
    if out is not None and settings.fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(CSV_HEADER)
        out.header((b"\xef\xbb\xbf" if excel else b"") + buf.getvalue().encode("utf-8"))
    outcome = Outcome(tally, 0, 0.0)

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

    with _Interrupt() as stop:
        if jobs <= 1:
            _serial(settings, header, chunks(items), take, stop)
        else:
            try:
                _parallel(settings, header, chunks(items), take, stop, jobs)
            except BrokenProcessPool as e:  # a worker was killed (out of memory, a signal)
                outcome.failure = f"a worker process died ({e})"
        outcome.interrupted = stop.hit or outcome.failure is not None
    if out is not None:
        out.flush()
    outcome.blank = src.blank
    outcome.elapsed = time.perf_counter() - start
    return outcome


def _write_whole(out, data: bytes) -> None:
    """A Parquet sink: its file is readable only once closed, so a failure leaves no whole record."""
    try:
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


def _serial(settings, header, jobs: Iterator[list], take, stop) -> None:
    import gc

    from flexcalc.batch.worker import Worker

    worker = (settings.worker or Worker)(settings)
    gc.freeze()  # the data lives for the run: keep it out of every collection
    for batch in jobs:
        take(batch, worker.chunk(header, batch))
        if stop.hit:
            return


def _parallel(settings, header, jobs: Iterator[list], take, stop, n: int) -> None:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from flexcalc.batch import worker

    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods and sys.platform == "linux" else "spawn")
    window: deque = deque()
    limit = 2 * n  # jobs in flight: enough to keep every worker busy, few enough for flat memory
    with ProcessPoolExecutor(n, mp_context=ctx, initializer=worker.init, initargs=(settings,)) as pool:
        try:
            for batch in jobs:
                window.append((batch, pool.submit(worker.run, (header, batch))))
                while len(window) >= limit or (window and window[0][1].done()):
                    batch_done, fut = window.popleft()
                    take(batch_done, fut.result())
                    if stop.hit:
                        return
            while window:
                batch_done, fut = window.popleft()
                take(batch_done, fut.result())
                if stop.hit:
                    return
        finally:
            for _, fut in window:
                fut.cancel()
