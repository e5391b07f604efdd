"""The worker processes and the signals of a batch run: the one place both are handled.

Signals. SIGINT (Ctrl-C) and SIGTERM (`timeout`, schedulers, `kill`) are handled alike, by the
parent only (the workers ignore both). The first stops the reading at once — a read blocked on
a stalled FIFO or pipe too (`watched` input polls) — and the records already read and the
chunks already with the workers are evaluated and written, in order. A second stops at once:
what is in flight is dropped and the workers are killed. A third is not caught. Either way the
output holds whole records only, and the run exits 128 + the first signal's number (130, 143).

Workers die with the parent, even under SIGKILL: PR_SET_PDEATHSIG on Linux, elsewhere a thread
that watches the parent's pid. Every failure of the pool itself (no /dev/shm for its locks, no
thread or process under `ulimit -v`) kills the workers instead of waiting on them — never a
hang — and the run goes on in this process with a warning, from the first chunk not written.
A worker that dies (the OOM killer, a signal of its own) stops the run: exit 1, whole records.

Who writes the output is the caller's `take(records, result)`, always in this process and in
input order; this module only decides where each chunk is evaluated.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from flexcalc.text import T, t

POLL = 0.1  # seconds between looks at the stop flag while waiting on a worker or on input


class Interrupted(Exception):
    """Raised where the run waits (input, a worker) once a signal has asked it to stop."""


class Stop:
    """The run's signal state: how many stop signals arrived, and the first one's number."""

    def __init__(self):
        self.count = 0
        self.signum = 0
        self.previous: dict[int, object] = {}
        self.depth = 0

    @property
    def hit(self) -> bool:
        return self.count > 0

    @property
    def forced(self) -> bool:
        return self.count > 1

    def __enter__(self) -> Stop:
        global _ACTIVE
        self.depth += 1
        if self.depth > 1:  # already active: the command's, around the runner's
            return self
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                self.previous[sig] = signal.signal(sig, self._handle)
            except (ValueError, OSError):  # not the main thread (some test runners): no handler
                pass
        _ACTIVE = self
        return self

    def _handle(self, signum, frame) -> None:
        self.count += 1
        if self.count == 1:
            self.signum = signum
        else:  # a third signal of that kind is the default action: the user insists
            signal.signal(signum, signal.SIG_DFL)

    def __exit__(self, *exc) -> None:
        global _ACTIVE
        self.depth -= 1
        if self.depth:
            return
        _ACTIVE = None
        if self.hit:
            # The run was stopped and its output is in place: the process is only ending now. A
            # further signal must not turn exit 130/143 into a KeyboardInterrupt or, once the
            # interpreter has reset its handlers, a death by signal; a signal that insisted (the
            # second) has left the default action for a third.
            for sig in self.previous:
                if not self.forced:
                    try:
                        signal.signal(sig, signal.SIG_IGN)
                    except (ValueError, OSError):
                        pass
            return
        for sig, handler in self.previous.items():
            try:
                signal.signal(sig, handler)  # type: ignore[arg-type]
            except (ValueError, OSError, TypeError):
                pass


_ACTIVE: Stop | None = None


def current() -> Stop | None:
    """The signal state a command entered around the run (the runner then uses it), if any."""
    return _ACTIVE


def stopping() -> bool:
    return _ACTIVE is not None and _ACTIVE.hit


# --- input that a signal can interrupt ---------------------------------------------------


class _Watched:
    """A raw binary reader on a pipe, FIFO or terminal that waits in short polls, so that a stop
    signal ends a blocked read at once (a plain read() would be restarted after the handler)."""

    def __init__(self, fd: int):
        self.fd = fd

    def readinto(self, buffer) -> int:
        while True:
            if stopping():
                raise Interrupted
            ready, _, _ = select.select([self.fd], [], [], POLL)
            if ready:
                return os.readv(self.fd, [buffer])

    def readable(self) -> bool:
        return True


def watched(stream):
    """`stream` itself for a regular file (reads never stall); else a buffered reader on its
    descriptor that a stop signal interrupts."""
    import io
    import stat

    if not hasattr(select, "select") or sys.platform == "win32":
        return stream
    try:
        fd = stream.fileno()
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return stream
    except (OSError, ValueError, AttributeError):
        return stream
    raw = io.RawIOBase()
    raw.readinto = _Watched(fd).readinto  # type: ignore[method-assign]
    raw.readable = lambda: True  # type: ignore[method-assign]
    return io.BufferedReader(raw, 1 << 16)


# --- where chunks are evaluated ------------------------------------------------------------


class Serial:
    """Chunks evaluated here, one after the other."""

    def __init__(self, settings, header, take: Callable):
        import gc

        from flexcalc.batch.worker import Worker

        self.worker = (settings.worker or Worker)(settings)
        self.header = header
        self.take = take
        gc.freeze()  # the data lives for the run: keep it out of every collection

    def submit(self, records: list, stop: Stop) -> None:
        if not stop.forced:
            self.take(records, self.worker.chunk(self.header, records))

    def drain(self, stop: Stop) -> None:
        pass


class Parallel:
    """Chunks evaluated by n worker processes, at most 2n in flight, taken back in order."""

    def __init__(self, settings, header, take: Callable, n: int):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods and sys.platform == "linux" else "spawn")
        self.header = header
        self.take = take
        self.limit = 2 * n  # enough to keep every worker busy, few enough for flat memory
        self.window: deque = deque()
        self.taken = 0  # chunks whose results came back
        # The pool's manager thread can die of "can't start new thread" (`ulimit -v`): that is
        # noticed below and the run goes on in this process, so its traceback is kept, not printed.
        self.thread_error: Exception | None = None
        self.excepthook = threading.excepthook
        threading.excepthook = self._thread_died
        self.pool = ProcessPoolExecutor(n, mp_context=ctx, initializer=_init, initargs=(settings, os.getpid()))

    def submit(self, records: list, stop: Stop) -> None:
        from flexcalc.batch import worker

        try:
            future = self.pool.submit(worker.run, (self.header, records))
        except BrokenProcessPool:
            raise
        except Exception as e:  # noqa: BLE001 - can't start new thread, a lost lock: not the records' fault
            self.window.append((records, None))
            raise PoolFailed(e) from None
        self.window.append((records, future))
        while len(self.window) >= self.limit or (self.window and self.window[0][1].done()):
            self._take_first(stop)

    def drain(self, stop: Stop) -> None:
        while self.window:
            self._take_first(stop)

    def _take_first(self, stop: Stop) -> None:
        records, future = self.window[0]
        while True:
            if stop.forced:
                raise Interrupted
            try:
                result = future.result(timeout=POLL)
                break
            except FutureTimeout:
                manager = getattr(self.pool, "_executor_manager_thread", None)
                if manager is not None and not manager.is_alive() and not future.done():
                    raise PoolFailed(self.thread_error or RuntimeError("the pool's thread has stopped")) from None
            except BrokenProcessPool:
                raise
            except Exception as e:  # noqa: BLE001 - a worker out of memory sending its result back
                raise PoolFailed(e) from None
        self.window.popleft()
        self.taken += 1
        self.take(records, result)

    def _thread_died(self, args) -> None:
        if args.exc_value is not None and isinstance(args.exc_value, Exception):
            self.thread_error = args.exc_value
        else:
            self.excepthook(args)

    def pending(self) -> list[list]:
        """The chunks sent and not yet taken, in order (to go on with in this process)."""
        return [records for records, _ in self.window]

    def close(self, kill: bool = False) -> None:
        """Stop the workers: after their work (a run that ended), or at once (kill)."""
        for _, future in self.window:
            if future is not None:
                future.cancel()
        if kill:
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                try:
                    process.kill()  # SIGKILL: the workers ignore SIGINT and SIGTERM
                except (OSError, AttributeError):
                    pass
            # The queue's feeder thread may be blocked writing chunks into a full pipe no worker
            # reads any more (the pool closes that pipe's read end itself once it sees the
            # workers dead): the interpreter's exit must not wait for it. And the pool's manager
            # thread may be blocked reading a result a killed worker had half written: closing
            # our copy of that pipe's write end ends the read (EOF) instead of a hang.
            calls = getattr(self.pool, "_call_queue", None)
            results = getattr(self.pool, "_result_queue", None)
            for close in (
                getattr(calls, "cancel_join_thread", None),
                getattr(getattr(results, "_writer", None), "close", None),
            ):
                try:
                    if close is not None:
                        close()
                except OSError:
                    pass
        try:
            self.pool.shutdown(wait=not kill, cancel_futures=True)
        except Exception:  # noqa: BLE001 - a pool that never started may not shut down cleanly
            pass
        threading.excepthook = self.excepthook


def run(
    settings, header, items: Iterator, take: Callable, jobs: int, stop: Stop, chunk: int, warn: Callable[[T], None]
) -> T | None:
    """Evaluate `items` chunk by chunk and hand each result to `take`, in order; None, or why
    the run stopped early other than a signal (a worker died), in words."""
    it = iter(items)
    engine: Parallel | None = None
    if jobs > 1:
        try:
            engine = Parallel(settings, header, take, jobs)
        except Exception as e:  # noqa: BLE001 - no /dev/shm, no memory for a lock
            warn(_fallback_words(e))
    ended = False
    failed: BaseException | None = None
    try:
        try:
            _feed(engine or Serial(settings, header, take), it, stop, chunk)
        except BrokenProcessPool as e:
            if engine is None or engine.taken:
                return _died(e)
            failed = e  # no worker ever answered: they could not start (`ulimit -v`)
        except MemoryError:
            return _no_memory()
        except PoolFailed as e:
            failed = e.error
        if failed is not None:
            assert engine is not None
            queued = engine.pending()
            engine.close(kill=True)
            warn(_fallback_words(failed))
            engine = None
            try:
                serial = Serial(settings, header, take)
                for records in queued:
                    serial.submit(records, stop)
                _feed(serial, it, stop, chunk)
            except MemoryError:
                return _no_memory()
        ended = True
    finally:
        if engine is not None:
            engine.close(kill=stop.forced or not ended)
    return None


class PoolFailed(Exception):
    """The pool itself failed (not a worker's death): the run goes on in this process."""

    def __init__(self, error: Exception):
        super().__init__(error)
        self.error = error


def _feed(engine: Serial | Parallel, it: Iterator, stop: Stop, chunk: int) -> None:
    """Read records into chunks and submit them; on a signal, submit what was read and drain."""
    records: list = []
    try:
        try:
            while not stop.hit:
                try:
                    records.append(next(it))
                except StopIteration:
                    break
                if len(records) >= chunk:
                    batch, records = records, []
                    engine.submit(batch, stop)
        except Interrupted:
            if stop.forced:
                return
        if records and not stop.forced:
            engine.submit(records, stop)
        engine.drain(stop)
    except Interrupted:  # a second signal while waiting on a worker: drop what is in flight
        return


def _fallback_words(e: BaseException) -> T:
    return t(
        "无法使用工作进程（{e}），改为单进程继续",
        "the worker processes cannot run ({e}); going on in one process",
        e=f"{type(e).__name__}: {e}" if str(e) else type(e).__name__,
    )


def _no_memory() -> T:
    return t("内存不足（ulimit -v 或系统内存）", "out of memory (ulimit -v, or the machine's memory)")


def _died(e: BaseException) -> T:
    return t("有工作进程意外终止（内存不足或被终止）", "a worker process died ({e})", e=str(e))


# --- in each worker process ------------------------------------------------------------


def _init(settings, parent: int) -> None:
    """Worker-process initializer: die with the parent, then build the Worker (batch/worker.py)."""
    from flexcalc.batch import worker

    _die_with(parent)
    worker.init(settings)


def _die_with(parent: int) -> None:
    """Make this process end when `parent` does, even when the parent is killed with SIGKILL."""
    if sys.platform == "linux":
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
                if os.getppid() != parent:  # the parent died before the call
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="flexcalc-parent-watch", daemon=True).start()
