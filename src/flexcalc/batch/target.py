"""Where batch output lands: never on its own input or on another output, and under its final
name only whole — written to a temporary file beside it, renamed into place when the run ends.

A run cut short (Ctrl-C, SIGTERM, a full disk, a worker that died) still renames what it has:
whole records only, and the message says so. Two runs writing the same -o each leave a whole
file (the last rename wins), never an interleaving of both. A device or a FIFO (`-o /dev/null`,
`-o /dev/stdout`) is written directly, as is a file whose folder does not let us create one.
"""

from __future__ import annotations

import errno
import os
import stat

from flexcalc.errors import UsageError


def _identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of what `path` names after following symlinks; None when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _fd_identity(fd: int) -> tuple[int, int] | None:
    """(device, inode) of an open regular file (standard input or output redirected to a file)."""
    try:
        st = os.fstat(fd)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def refuse_overlap(input_path: str, outputs: dict[str, str | None]) -> None:
    """A usage error (exit 2) when an output is the input, or two outputs are one file.

    `outputs` maps an option (-o, --templates, --summary) to its path (None or '-': standard
    output). Files are compared by device and inode after resolving symlinks; outputs that do
    not exist yet, by their resolved path."""
    seen: dict[object, str] = {}
    inp = _fd_identity(0) if input_path == "-" else _identity(input_path)
    if inp is not None and not _is_device(input_path):
        seen[inp] = "INPUT"
    for option, path in outputs.items():
        if path is None or path == "-":
            key: object = _fd_identity(1)
            shown = "standard output"
            if key is None or option != "-o":
                continue
        else:
            if _is_device(path):
                continue
            key = _identity(path) or os.path.realpath(path)
            shown = path
        other = seen.get(key)
        if other is not None:
            what_en = "the input" if other == "INPUT" else f"the file of {other}"
            what_zh = "输入文件" if other == "INPUT" else f"{other} 的文件"
            raise UsageError(
                f"{option} {shown}: that is {what_en}; writing it would destroy it. Give another file.",
                f"{option} {shown}：这就是{what_zh}，写入会将其毁掉。请换一个文件。",
            )
        seen[key] = option


def _is_device(path: str) -> bool:
    """A character device, FIFO or socket (`/dev/null`, `/dev/stdin`): never a file to protect."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


class Target:
    """An output file being written: `stream` takes the bytes; commit() puts them under the
    final name, discard() leaves the final name as it was."""

    def __init__(self, path: str, buffered: bool):
        self.path = path
        self.final = os.path.realpath(path)  # through a symlink: replace its target, keep the link
        self.tmp: str | None = None
        buffering = -1 if buffered else 0
        if not _is_device(path):
            self.tmp = self._temporary()
        name = self.tmp or path
        try:
            self.stream = open(name, "r+b" if self.tmp else "wb", buffering=buffering)  # noqa: SIM115
        except OSError as e:
            self._remove()
            raise _cannot(path, e) from None

    def _temporary(self) -> str | None:
        """A new file beside the final one, with the final one's permissions (or the umask's)."""
        folder, base = os.path.split(self.final)
        try:
            mode = os.stat(self.final).st_mode & 0o7777
        except OSError:
            mode = None
        for attempt in range(100):
            name = os.path.join(folder, f".{base}.{os.getpid()}.{attempt}.part")
            try:
                fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
            except FileExistsError:
                continue
            except OSError as e:
                if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                    return None  # the folder is closed to us: write the file itself
                raise _cannot(self.path, e) from None
            if mode is not None:
                try:
                    os.fchmod(fd, mode)
                except OSError:
                    pass
            os.close(fd)
            return name
        return None

    def commit(self) -> None:
        """Close the file (an error here is the output's: OSError) and rename it into place."""
        try:
            self.stream.flush()
            if self.tmp is not None:
                os.fsync(self.stream.fileno())
        except OSError:
            self.discard()
            raise
        self.stream.close()
        if self.tmp is not None:
            try:
                os.replace(self.tmp, self.final)
            except OSError:
                self._remove()
                raise
            self.tmp = None

    def discard(self) -> None:
        """Drop what was written: the final name keeps what it held before the run."""
        try:
            self.stream.close()
        except OSError:
            pass
        self._remove()

    def _remove(self) -> None:
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None


def open_output(output: str | None, buffered: bool, stdout) -> tuple[Target | None, object]:
    """(the Target, a counting Sink on it) for -o; (None, a Sink on standard output) without it.

    Unbuffered (whole records, counted) unless Parquet writes it (its file is whole only closed)."""
    from flexcalc.batch.sink import Sink

    if output is None or output == "-":
        return None, Sink(stdout().buffer)
    target = Target(output, buffered)
    return target, Sink(target.stream, owned=True)


def keep(target: Target | None, output: str | None) -> None:
    """Put what was written under the final name; an OSError there (a full disk at the last
    flush) is the output's error: nothing under the final name changed."""
    if target is None:
        return
    try:
        target.commit()
    except OSError as e:
        from flexcalc.errors import OutputError, os_why

        raise OutputError(
            f"cannot write to {output} ({e.strerror or e}): no record was written; {output} is as it was.",
            f"无法写入 {output}（{os_why(e, 'zh')}）：没有写入任何记录；{output} 保持原样。",
        ) from None


def write_whole(path: str, data: bytes, option: str) -> None:
    """A small file (templates, the summary) written whole under its name, or a usage error."""
    try:
        target = Target(path, buffered=True)
        target.stream.write(data)
        target.commit()
    except OSError as e:
        raise _cannot(path, e, option) from None


def _cannot(path: str, e: OSError, option: str = "-o") -> UsageError:
    from flexcalc.errors import os_why

    why = e.strerror or str(e)
    return UsageError(f"{option} {path}: cannot write ({why}).", f"{option} {path}：无法写入（{os_why(e, 'zh')}）。")
