"""`flexcalc outreach`: a registry in, the people each department must reach out (政策找人)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from flexcalc.cli.batch import InputFormat
from flexcalc.cli.common import (
    AsOfOption,
    AssumeOption,
    DataOption,
    Lang,
    LangOption,
    console,
    exit_codes,
    load_data,
    parse_as_of,
)
from flexcalc.cli.help import Example, describe, h
from flexcalc.screen import emit, say


class WorklistFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"


class Notices(str, Enum):
    none = "none"
    md = "md"
    html = "html"
    both = "both"


KEEP_MAX = 50  # registry columns carried at most


@describe(
    "outreach",
    zh="政策找人：按部门列出要联系的人、告知书、预算、报告，以及政策调整的影响。",
    examples=[
        Example(
            "flexcalc outreach examples/registry.jsonl --as-of 2026-06-30 --out outreach",
            "Worklists, notices, the budget and a report into a folder:",
            "工作清单、告知书、预算和报告写入一个目录：",
        ),
        Example(
            "flexcalc outreach examples/registry.csv -c 威海 --out weihai --excel",
            "Every record in Weihai, worklists for Excel:",
            "所有记录按威海计算，工作清单供 Excel 打开：",
        ),
    ],
    exits=(0, 1, 2, 3, 4, 130, 143),
)
def outreach(
    registry: str = typer.Argument(
        ...,
        metavar="REGISTRY",
        help=h(
            "Registry file (as batch reads), or - for standard input.", "人员登记文件（格式同 batch）；- 表示标准输入。"
        ),
    ),
    out: Path = typer.Option(
        ...,
        "--out",
        "-o",
        metavar="DIR",
        help=h("Directory for the worklists, notices, summary and report.", "工作清单、告知书、汇总和报告的输出目录。"),
    ),
    city: str | None = typer.Option(
        None,
        "--city",
        "-c",
        metavar="CITY",
        help=h(
            "City for every record (id or Chinese name); else each record's `city` field.",
            "所有记录使用的城市（id 或中文名）；不给则用每条记录的 city 字段。",
        ),
    ),
    as_of: str | None = AsOfOption,
    input_format: InputFormat | None = typer.Option(
        None,
        "--input-format",
        "-i",
        help=h(
            "jsonl, json (one array), csv or parquet; default from the file name.",
            "jsonl、json（一个数组）、csv 或 parquet；默认按文件扩展名判断。",
        ),
    ),
    fmt: WorklistFormat = typer.Option(
        WorklistFormat.csv, "--format", "-f", help=h("Worklists as csv or parquet.", "工作清单格式：csv 或 parquet。")
    ),
    excel: bool = typer.Option(
        False,
        "--excel",
        help=h(
            "Start each CSV worklist with a BOM so Excel reads it as UTF-8.",
            "每份 CSV 工作清单以 BOM 开头，以便 Excel 按 UTF-8 读取。",
        ),
    ),
    keep: str | None = typer.Option(
        None,
        "--keep",
        metavar="COL,…",
        help=h(
            "Registry columns (keys of `extra`, or name) to carry into every worklist row.",
            "带入工作清单每一行的登记字段（extra 中的键，或 name）。",
        ),
    ),
    notices: Notices = typer.Option(
        Notices.html,
        "--notices",
        help=h(
            "Notices to write: none, md, html (default) or both.",
            "要写的告知书：none、md、html（默认）或 both。",
        ),
    ),
    reform: Path | None = typer.Option(
        None,
        "--reform",
        metavar="NEW.toml",
        help=h(
            "Another cities file: the same registry under it too (reform.json).",
            "另一份城市数据：同一登记按它再算一遍（reform.json）。",
        ),
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help=h(
            "Use a non-empty --out, replacing a previous run's outputs in it.",
            "允许使用非空的 --out 目录，替换其中上次运行的输出。",
        ),
    ),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help=h("Worker processes (default: the cores).", "工作进程数（默认为 CPU 核数）。"),
    ),
    encoding: str | None = typer.Option(
        None,
        "--encoding",
        metavar="ENCODING",
        help=h(
            "Input encoding: utf-8, utf-8-sig or gb18030 (default: detected).",
            "输入编码：utf-8、utf-8-sig 或 gb18030（默认自动识别）。",
        ),
    ),
    lang: Lang = LangOption,
    data: Path | None = DataOption,
    assume: list[str] | None = AssumeOption,
) -> None:
    """Who to reach: worklists per department, notices, the budget, a report, a reform's impact."""
    with exit_codes(lang):
        from flexcalc.assume import parse as parse_assumptions
        from flexcalc.audit import stamp
        from flexcalc.batch import readers, runner
        from flexcalc.cli.batch import _guess, _open_input, _progress
        from flexcalc.data import resolve_city
        from flexcalc.errors import DataError, ProfileError, UsageError
        from flexcalc.outreach import files, run
        from flexcalc.outreach.worker import OutreachSettings, OutreachWorker

        if excel and fmt is not WorklistFormat.csv:
            raise UsageError("--excel applies to --format csv only.", "--excel 只用于 --format csv。")
        kept = _keep(keep)
        day = parse_as_of(as_of)
        loaded = load_data(data)
        after = load_data(reform) if reform is not None else None
        if after is not None and set(after.data.cities) != set(loaded.data.cities):
            raise DataError(
                f"--reform {reform}: it must hold the same cities as the current data "
                f"({', '.join(sorted(loaded.data.cities))}).",
                f"--reform {reform}：应包含与现行数据相同的城市（{'、'.join(sorted(loaded.data.cities))}）。",
            )
        city_id = resolve_city(loaded.data, city)[0] if city else None
        fmt_in = input_format.value if input_format else _guess(registry)
        if "parquet" in (fmt_in, fmt.value):
            from flexcalc.batch.parquet import pyarrow

            pyarrow()  # a usage error now, before any output, when the extra is not installed
        assumptions = parse_assumptions(assume)
        audit = stamp(loaded, day, assumptions)
        files.prepare(out, force)
        settings = OutreachSettings(
            data=loaded.data,
            data_sha256=loaded.sha256,
            as_of=day,
            lang=lang.value,
            city=city_id,
            fmt="none",
            assumptions=assumptions,
            worker=OutreachWorker,
            out_dir=str(out),
            notices={"none": (), "md": ("md",), "html": ("html",), "both": ("md", "html")}[notices.value],
            keep=kept,
            reform=after.data if after is not None else None,
            stamp=audit,
        )
        try:
            stream = _open_input(registry, fmt_in)
        except OSError as e:
            where = "<stdin>" if registry == "-" else registry
            why = e.strerror or e
            from flexcalc.errors import os_why

            why_zh = os_why(e, "zh")
            raise ProfileError(
                f"{where}: cannot read the input ({why}).", zh=f"{where}：无法读取输入（{why_zh}）。"
            ) from None
        from flexcalc.batch import pool

        with stream, pool.Stop():  # signals counted from before DIR is touched (batch/pool.py)
            src = readers.Source(stream, "utf-8" if fmt_in == "parquet" else encoding)
            settings.encoding = src.encoding
            progress = _progress(registry, lang.value, fmt_in)
            try:
                done = run.run(
                    src,
                    settings,
                    fmt_in,
                    jobs or runner.default_jobs(),
                    fmt.value,
                    excel,
                    after,
                    loaded,
                    progress and progress.update,
                )
            finally:
                if progress:
                    progress.stop()
        if done.interrupted:
            say(run.interrupted_line(done, lang.value))
            raise typer.Exit(done.outcome.exit_code)  # 1, 130 or 143 (SIGTERM), as batch
        emit(done.table, console())
        say(run.summary_line(done, lang.value, out))
        if done.outcome.tally.invalid:
            raise typer.Exit(3)


def _keep(text: str | None) -> tuple[str, ...]:
    """--keep a,b,extra.c → ("a", "b", "c"): distinct, never one of the worklist's own columns."""
    from flexcalc.errors import UsageError
    from flexcalc.outreach.collect import COLUMNS

    if not text:
        return ()
    out: list[str] = []
    for raw in text.split(","):
        col = raw.strip().removeprefix("extra.")
        if not col or col in COLUMNS or len(col) > 100 or not col.isprintable():
            raise UsageError(
                f"--keep {raw.strip()!r}: expected registry column names (keys of `extra`, or name), "
                f"separated by commas, none of {', '.join(COLUMNS)}.",
                f"--keep {raw.strip()!r}：应为以逗号分隔的登记字段名（extra 中的键或 name），且不能是 {'、'.join(COLUMNS)}。",
            )
        if col not in out:
            out.append(col)
    if len(out) > KEEP_MAX:
        raise UsageError(f"--keep: at most {KEEP_MAX} columns.", f"--keep：最多 {KEEP_MAX} 个字段。")
    return tuple(out)
