"""Writing outreach files safely: whole files only (temporary name, then rename), safe names, safe cells."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from flexcalc.errors import OutputError, UsageError
from flexcalc.text import FORMULA_STARTS, formula_safe, shown

# What a run writes into DIR; `--force` removes these (and only these) before it starts.
OUTPUTS = ("worklists", "notices", "summary.json", "report.html", "reform.json", "errors.jsonl")
SPOOL = ".outreach-spool"  # the worklists' sorted runs and the reform's changes while the run goes
_UNSAFE_NAME = re.compile(r"[^\w.\-]", re.ASCII)
NAME_MAX = 80  # characters of a notice's file name taken from a record's id


def prepare(out: Path, force: bool) -> None:
    """DIR made ready: created, or refused when it holds anything (unless --force: our outputs removed)."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a directory.", f"--out {out}：不是目录。")
    if out.is_dir():
        present = [p for p in out.iterdir()]
        if present and not force:
            raise UsageError(
                f"--out {out}: the directory is not empty ({len(present)} entries); give an empty or new "
                "directory, or --force to replace a previous run's outputs in it.",
                f"--out {out}：目录非空（{len(present)} 项）；请指定空目录或新目录，或用 --force 覆盖上次运行的输出。",
            )
        for name in (*OUTPUTS, SPOOL):
            target = out / name
            try:
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                elif target.exists() or target.is_symlink():
                    target.unlink()
            except OSError as e:
                raise _cannot(target, e) from None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _cannot(out, e) from None


def _cannot(path: Path, e: OSError) -> OutputError:
    why = e.strerror or str(e)
    from flexcalc.errors import os_why

    why_zh = os_why(e, "zh")
    return OutputError(f"cannot write {path} ({why}).", f"无法写入 {path}（{why_zh}）。")


def write_atomic(path: Path, data: bytes) -> None:
    """The whole file or none of it: written under a temporary name beside it, then renamed."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise _cannot(path, e) from None


def create_atomic(folder: Path, stem: str, alternative: str, suffix: str, data: bytes) -> str:
    """A new file `stem+suffix` written whole (a hard link of a finished temporary file, so an
    existing one is never replaced); `alternative` when that name is taken. The stem used."""
    tmp = folder / f".{stem[:NAME_MAX]}{suffix}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        for name in (stem, alternative):
            try:
                os.link(tmp, folder / f"{name}{suffix}")
                return name
            except FileExistsError:
                continue
        raise OSError(17, f"{alternative}{suffix} exists")
    except OSError as e:
        raise _cannot(folder / f"{stem}{suffix}", e) from None
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass


def safe_dir(city_id: str) -> str:
    """A city id as a directory name (the data's ids are [a-z][a-z0-9_]*; any other is made so)."""
    return _UNSAFE_NAME.sub("_", city_id).lstrip(".") or "_"


def file_stem(profile_id: str | None, line: int) -> tuple[str, str]:
    """A notice's file name from the record's id (untrusted: no path, no dot file, no control
    character), and the name used when that is taken or changed: the id with its input line."""
    if not profile_id:
        return f"line-{line}", f"line-{line}"
    safe = _UNSAFE_NAME.sub("_", profile_id)[:NAME_MAX].lstrip(".") or "_"
    alternative = f"{safe}-L{line}"
    return (safe if safe == profile_id else alternative), alternative


def cell(value: str | None) -> str:
    """Untrusted text for a CSV cell: control characters visible, and a leading = + - @ TAB or CR
    (a spreadsheet formula) defused with an apostrophe (OWASP's CSV-injection advice)."""
    if not value:
        return ""
    text = shown(value)
    return "'" + text if value.startswith(FORMULA_STARTS) else formula_safe(text)
