"""Batch under faults (issue 22 #1-#5): its own input as -o, two runs on one -o, SIGINT twice,
SIGTERM, SIGKILL of the parent, a stalled FIFO, a closed stderr, no /dev/shm, `ulimit -v`, a
full disk.
Each asserts whole records in input order, no worker left behind and the documented exit code."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups")
linux = pytest.mark.skipif(sys.platform != "linux", reason="/proc, RLIMIT_AS and PR_SET_PDEATHSIG as on Linux")
PROFILE = {"city": "weihai", "groups": ["veteran"], "employment": {"form": "individual_business"}}


def registry(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps({**PROFILE, "id": f"p{i}"}) + "\n" for i in range(n)), encoding="utf-8")
    return path


def start(args, tmp_path, **kw) -> subprocess.Popen:
    env = dict(os.environ, COLUMNS="80", PYTHONFAULTHANDLER="1")
    cmd = [sys.executable, "-m", "flexcalc", "batch", *map(str, args), "--as-of", "2024-06-30", "--lang", "en"]
    return subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True, env=env, **kw)


def whole(path: Path) -> list[str]:
    """The profile ids of a JSONL output, which must hold whole records only."""
    data = path.read_bytes()
    assert not data or data.endswith(b"\n")
    return [json.loads(x)["profile_id"] for x in data.splitlines()]


def parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part"))


def wait_for(test, seconds=30.0) -> None:
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def workers(pid: int) -> list[int]:
    """The pids of `pid`'s child processes (its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- #1 -o never the input or another output ---------------------------------------------


@pytest.mark.parametrize("how", ["same", "relative", "symlink", "templates"])
def test_an_output_naming_the_input_or_another_output_is_refused(invoke, tmp_path, monkeypatch, how):
    """`batch in.jsonl -o in.jsonl` emptied the input and exited 0: now exit 2, the file intact."""
    src = registry(tmp_path / "in.jsonl", 3)
    before = src.read_bytes()
    monkeypatch.chdir(tmp_path)
    args = {
        "same": [src, "-o", src],
        "relative": [src, "-o", "./in.jsonl"],
        "symlink": [src, "-o", "link.jsonl"],
        "templates": [src, "--detail", "codes", "-o", "out.jsonl", "--templates", "out.jsonl"],
    }[how]
    (tmp_path / "link.jsonl").symlink_to(src)
    r = invoke("batch", *args, "--lang", "en")
    assert r.exit_code == 2, r.stderr
    assert "writing it would destroy it" in r.stderr
    assert ("that is the file of -o" if how == "templates" else "that is the input") in r.stderr
    assert src.read_bytes() == before
    assert not (tmp_path / "out.jsonl").exists()


# --- #2 results beside -o, renamed into place ----------------------------------------------


def test_two_runs_on_one_output_leave_one_whole_file(tmp_path):
    """Two runs writing the same -o left 4,997 lines for 5,000, six of them corrupt."""
    src = registry(tmp_path / "in.jsonl", 5000)
    out = tmp_path / "out.jsonl"
    runs = [start([src, "-j", "1", "-o", out], tmp_path) for _ in range(2)]
    for p in runs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert whole(out) == [f"p{i}" for i in range(5000)]
    assert parts(tmp_path) == []


def test_a_run_that_fails_before_any_result_leaves_the_output_as_it_was(invoke, tmp_path):
    """A CSV whose header passes the record limit is refused (exit 2) after -o was opened."""
    src = tmp_path / "in.csv"
    src.write_text("x" * 5000 + "\n1\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("yesterday's results\n", encoding="utf-8")
    r = invoke("batch", src, "--max-record-bytes", "1024", "-o", out, "--lang", "en")
    assert r.exit_code == 2, r.stderr
    assert out.read_text(encoding="utf-8") == "yesterday's results\n"
    assert parts(tmp_path) == []


# --- #3 signals --------------------------------------------------------------------------


def _started(tmp_path, n=200_000, jobs="2"):
    """A long run, once it has written its first records (to the temporary file beside -o)."""
    src = registry(tmp_path / "in.jsonl", n)
    out = tmp_path / "out.jsonl"
    proc = start([src, "-j", jobs, "-o", out], tmp_path)
    wait_for(lambda: any(p.stat().st_size > 50_000 for p in parts(tmp_path)))
    return proc, out


@posix
@pytest.mark.parametrize(
    "signum, code, jobs", [(signal.SIGINT, 130, "1"), (signal.SIGINT, 130, "2"), (signal.SIGTERM, 143, "2")]
)
def test_sigint_and_sigterm_stop_alike_with_whole_records(tmp_path, signum, code, jobs):
    """Ctrl-C (to the whole process group, as a terminal sends it) and SIGTERM (`timeout`, a
    scheduler): the records so far, whole and in order, under the final name, and where to resume."""
    proc, out = _started(tmp_path, jobs=jobs)
    os.killpg(proc.pid, signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    ids = whole(out)
    assert 0 < len(ids) < 200_000 and ids == [f"p{i}" for i in range(len(ids))]
    assert f"interrupted — {len(ids):,} records written (kept in {out}), through input line {len(ids)}" in err
    assert parts(tmp_path) == []


@posix
@pytest.mark.parametrize("gap", [0.01, 0.05, 0.2])
def test_a_second_ctrl_c_stops_at_once_and_never_hangs(tmp_path, gap):
    """A second Ctrl-C 0.01-0.2 s after the first hung `--jobs 2` about half the time."""
    proc, out = _started(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)
    time.sleep(gap)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGABRT)
        print(proc.communicate()[1])
        raise
    assert proc.returncode == 130, err
    ids = whole(out)
    assert ids == [f"p{i}" for i in range(len(ids))]
    assert "Traceback" not in err


@linux
def test_workers_die_with_a_killed_parent(tmp_path):
    """SIGKILL of the parent (a scheduler, the OOM killer) left both workers alive for good."""
    proc, _ = _started(tmp_path)
    children = workers(proc.pid)
    assert len(children) >= 2
    proc.kill()
    proc.communicate(timeout=10)
    wait_for(lambda: not any(alive(c) for c in children), seconds=10)


@posix
def test_ctrl_c_on_a_stalled_fifo_stops_at_once_and_writes_what_was_read(tmp_path):
    """Reading a FIFO whose writer stalls, the first Ctrl-C was ignored and the records read lost."""
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    out = tmp_path / "out.jsonl"
    proc = start([fifo, "-j", "1", "-o", out], tmp_path)
    done = threading.Event()

    def writer():
        with open(fifo, "w", encoding="utf-8") as f:
            f.write("".join(json.dumps({**PROFILE, "id": f"p{i}"}) + "\n" for i in range(10)))
            f.flush()
            done.wait(30)  # stalls, the FIFO open

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    wait_for(lambda: bool(parts(tmp_path)))
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=10)
    finally:
        done.set()
    assert proc.returncode == 130, err
    assert whole(out) == [f"p{i}" for i in range(10)]


# --- #4 stderr closed ----------------------------------------------------------------------


@posix
def test_a_closed_stderr_loses_messages_not_results(tmp_path):
    src = registry(tmp_path / "in.jsonl", 20)
    out = tmp_path / "out.jsonl"
    base = [sys.executable, "-m", "flexcalc", "batch"]
    r = subprocess.run([*base, src, "-o", out, "--as-of", "2024-06-30"], preexec_fn=lambda: os.close(2), timeout=60)
    assert r.returncode == 0
    assert whole(out) == [f"p{i}" for i in range(20)]
    r = subprocess.run([*base, "--no-such-option", src], preexec_fn=lambda: os.close(2), timeout=60)
    assert r.returncode == 2


# --- #5 no /dev/shm, no threads: one process, with a warning --------------------------------


def test_no_semaphores_falls_back_to_one_process(invoke, tmp_path, monkeypatch):
    """Without /dev/shm the pool's locks cannot be made: the default --jobs crashed after -o was
    truncated. Now the run goes on in this process and says so."""
    import multiprocessing.synchronize as sync

    def no_shm(*args, **kw):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(sync.SemLock, "__init__", no_shm)
    src = registry(tmp_path / "in.jsonl", 1200)
    out = tmp_path / "out.jsonl"
    r = invoke("batch", src, "-j", "2", "-o", out, "--as-of", "2024-06-30", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert "the worker processes cannot run (FileNotFoundError" in r.stderr
    assert "going on in one process" in r.stderr
    assert whole(out) == [f"p{i}" for i in range(1200)]


def test_a_pool_that_fails_mid_run_goes_on_in_one_process(invoke, tmp_path, monkeypatch):
    """ "can't start new thread" inside the parallel path (`ulimit -v`) hung the run."""
    from concurrent.futures import ProcessPoolExecutor

    calls = {"n": 0}
    submit = ProcessPoolExecutor.submit

    def failing(self, *args, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("can't start new thread")
        return submit(self, *args, **kw)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", failing)
    src = registry(tmp_path / "in.jsonl", 2600)
    out = tmp_path / "out.jsonl"
    r = invoke("batch", src, "-j", "2", "-o", out, "--as-of", "2024-06-30", "--lang", "en")
    assert r.exit_code == 0, r.stderr
    assert "can't start new thread" in r.stderr
    assert whole(out) == [f"p{i}" for i in range(2600)]


@linux
def test_under_ulimit_v_the_run_ends_with_whole_records(tmp_path):
    """Under a tight address-space limit the run completes (in one process if it must) or stops
    with its message — never a hang, never a traceback, never a torn record."""
    import resource

    src = registry(tmp_path / "in.jsonl", 3000)
    out = tmp_path / "out.jsonl"
    for limit in (40 << 20, 48 << 20, 56 << 20, 64 << 20, 96 << 20):  # start-up fails … the pool runs

        def tight(limit=limit):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        out.unlink(missing_ok=True)
        proc = start([src, "-j", "2", "-o", out], tmp_path, preexec_fn=tight)
        _, err = proc.communicate(timeout=60)
        assert "Traceback" not in err, (limit, err)
        # CPython itself may abort under the limit ("Cannot recover from MemoryErrors", SIGABRT) or
        # crash where an allocation it does not check fails (seen in CI: "Fatal Python error:
        # Segmentation fault", SIGSEGV, in plain Python code): outside our code, but the output
        # must still hold whole records only (checked below)
        aborted = proc.returncode in (-6, -11) and "Fatal Python error" in err
        assert proc.returncode in (0, 1) or aborted, err
        if proc.returncode == 0:
            assert whole(out) == [f"p{i}" for i in range(3000)]
        else:
            # the parent ran out, or a worker did and died (exit 1 either way, contract.md)
            assert aborted or "out of memory" in err or "a worker process died" in err or "工作进程意外终止" in err, err
            if out.exists():
                ids = whole(out)
                assert ids == [f"p{i}" for i in range(len(ids))]


@posix
def test_outreach_stops_on_sigterm_as_batch_does(tmp_path):
    """outreach runs the same runner: SIGTERM is exit 143 there too (it was 130 for every signal)."""
    src = registry(tmp_path / "in.jsonl", 100_000)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "flexcalc", "outreach", src, "--out", out, "--as-of", "2024-06-30", "-j", "1"]
    proc = subprocess.Popen([*map(str, cmd), "--lang", "en"], stderr=subprocess.PIPE, text=True, start_new_session=True)
    wait_for(lambda: out.exists())
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert "Traceback" not in err and "interrupted" in err


@linux
def test_a_full_disk_keeps_the_whole_records_under_the_final_name(tmp_path):
    """A real full file system (a 64 KiB tmpfs; needs root, else skipped — tests/test_io_failures.py
    covers the same through /dev/full and a write seam): exit 2, the records that fit, whole."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)]).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        src = registry(tmp_path / "in.jsonl", 3000)
        out = disk / "out.jsonl"
        proc = start([src, "-j", "2", "-o", out], tmp_path)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 2, err
        ids = whole(out)
        assert 0 < len(ids) < 3000 and ids == [f"p{i}" for i in range(len(ids))]
        assert f"{len(ids)} records were written completely, through input line {len(ids)}" in err
        assert parts(disk) == []
    finally:
        subprocess.run(["umount", str(disk)])
