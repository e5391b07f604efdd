"""`flexcalc batch`: many profiles in (JSONL, JSON array, CSV), one result each out, in order."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer

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
    silence_stdout,
    stdout,
)
from flexcalc.cli.help import Example, describe, h
from flexcalc.screen import emit, say


class InputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    parquet = "parquet"


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class Detail(str, Enum):
    full = "full"
    codes = "codes"


@describe(
    "batch",
    zh="批量核验：每条记录一个结果，按输入顺序输出。",
    examples=[
        Example(
            "flexcalc batch examples/registry.jsonl --as-of 2026-06-30 -o results.jsonl",
            "JSONL in, one JSONL result a record:",
            "输入 JSONL，每条记录输出一行 JSONL 结果：",
        ),
        Example(
            "flexcalc batch examples/registry.csv -c 威海 --format csv --excel -o out.csv",
            "A CSV for Excel, every record in Weihai:",
            "所有记录按威海核验，输出 Excel 可读的 CSV：",
        ),
        Example(
            "flexcalc batch examples/registry.jsonl --as-of 2023-06-30 --summary-only",
            "Who qualifies for what, by city and measure:",
            "按城市和措施汇总谁符合什么：",
        ),
    ],
    exits=(0, 1, 2, 3, 4, 130, 141, 143),
)
def batch(
    input: str = typer.Argument(
        ..., metavar="INPUT", help=h("Profiles file, or - for standard input.", "人员信息文件；- 表示标准输入。")
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
            "jsonl, json (one array), csv or parquet; default from the file name, else jsonl.",
            "jsonl、json（一个数组）、csv 或 parquet；默认按文件扩展名判断，否则为 jsonl。",
        ),
    ),
    fmt: OutputFormat = typer.Option(
        OutputFormat.jsonl,
        "--format",
        "-f",
        help=h(
            "jsonl (one result a line), csv, or parquet (a row per measure).",
            "jsonl（每行一个结果）、csv，或 parquet（每项措施一行）。",
        ),
    ),
    detail: Detail = typer.Option(
        Detail.full,
        "--detail",
        help=h(
            "full: the result objects with reasons in words; codes: a reason code and its values per measure.",
            "full：完整结果，理由为文字；codes：每项措施一个理由代码及其取值。",
        ),
    ),
    templates: str | None = typer.Option(
        None,
        "--templates",
        metavar="FILE",
        help=h(
            "With --detail codes: write the reason templates here (default: OUTPUT.templates.json).",
            "与 --detail codes 一起用：理由模板写到此文件（默认 OUTPUT.templates.json）。",
        ),
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help=h("Output file (default: standard output).", "输出文件（默认标准输出）。"),
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
    excel: bool = typer.Option(
        False,
        "--excel",
        help=h(
            "Start the CSV output with a BOM so Excel reads it as UTF-8.",
            "CSV 输出以 BOM 开头，以便 Excel 按 UTF-8 读取。",
        ),
    ),
    max_record: int | None = typer.Option(
        None,
        "--max-record-bytes",
        metavar="BYTES",
        min=1024,
        max=1 << 30,
        envvar="FLEXCALC_MAX_RECORD_BYTES",
        help=h(
            "Refuse a record longer than this, without reading it whole (default 1048576, 1 MiB).",
            "超过此字节数的记录不予读取并报错（默认 1048576，即 1 MiB）。",
        ),
    ),
    summary_only: bool = typer.Option(
        False,
        "--summary-only",
        help=h(
            "Print only the summary table (who qualifies for what, by city and measure).",
            "只输出汇总表（按城市和措施统计谁符合什么）。",
        ),
    ),
    lang: Lang = LangOption,
    data: Path | None = DataOption,
    assume: list[str] | None = AssumeOption,
) -> None:
    """Screen many profiles at once: one result per record, in input order."""
    with exit_codes(lang):
        from flexcalc import limits
        from flexcalc.assume import parse as parse_assumptions
        from flexcalc.batch import pool, readers, runner, summary, target
        from flexcalc.batch.sink import WriteFailed
        from flexcalc.batch.worker import Settings
        from flexcalc.data import resolve_city
        from flexcalc.errors import ProfileError, UsageError

        if excel and fmt is not OutputFormat.csv:
            raise UsageError("--excel applies to --format csv only.", "--excel 只用于 --format csv。")
        if detail is Detail.codes and fmt is OutputFormat.csv:
            raise UsageError(
                "--detail codes applies to --format jsonl and parquet (CSV has no reasons).",
                "--detail codes 只用于 --format jsonl 和 parquet（CSV 不含理由）。",
            )
        if templates and detail is not Detail.codes:
            raise UsageError("--templates applies to --detail codes only.", "--templates 只用于 --detail codes。")
        day = parse_as_of(as_of)
        loaded = load_data(data)
        city_id = resolve_city(loaded.data, city)[0] if city else None
        fmt_in = input_format.value if input_format else _guess(input)
        if not summary_only:  # issue 22 #1: never write over the input, nor one output over another
            codes = detail is Detail.codes and fmt is not OutputFormat.parquet
            target.refuse_overlap(
                input, {"-o": output, "--templates": _templates_path(templates, output) if codes else None}
            )
        settings = Settings(
            data=loaded.data,
            data_sha256=loaded.sha256,
            as_of=day,
            lang=lang.value,
            city=city_id,
            fmt="none" if summary_only else fmt.value,
            detail=detail.value,
            assumptions=parse_assumptions(assume),
        )
        if "parquet" in (fmt_in, settings.fmt):
            from flexcalc.batch.parquet import pyarrow

            pyarrow()  # a usage error now, before any output, when the extra is not installed
        try:
            stream = _open_input(input, fmt_in)
        except limits.TooLarge as e:
            en, zh = limits.size_words(e.limit)
            raise ProfileError(
                f"<stdin>: Parquet on standard input is held in memory, and this is larger than {en}; "
                "give the file by name.",
                zh=f"<stdin>：标准输入的 Parquet 需整个读入内存，而它超过 {zh}；请直接给出文件名。",
            ) from None
        except OSError as e:
            where = "<stdin>" if input == "-" else input
            why = e.strerror or e
            from flexcalc.errors import os_why

            why_zh = os_why(e, "zh")
            raise ProfileError(
                f"{where}: cannot read the input ({why}).", zh=f"{where}：无法读取输入（{why_zh}）。"
            ) from None
        with stream, pool.Stop() as stop:  # signals counted until the output is under its final name
            src = readers.Source(
                pool.watched(stream), "utf-8" if fmt_in == "parquet" else encoding, limits.record_bytes(max_record)
            )
            settings.encoding = src.encoding
            progress = _progress(input, lang.value)
            dest: target.Target | None = None  # -o: written beside its final name, renamed at the end
            try:
                raw_out: Any = None
                out: Any = None  # the counting sink, or the Parquet sink that writes into it
                if not summary_only:
                    dest, raw_out = target.open_output(output, settings.fmt == "parquet", stdout)
                    out = raw_out
                    if settings.fmt == "parquet":
                        from flexcalc.audit import stamp
                        from flexcalc.batch.parquet import Sink

                        out = Sink(raw_out.out, stamp(loaded, day))
                try:
                    outcome = runner.run(
                        src,
                        out,
                        settings,
                        fmt_in,
                        jobs or runner.default_jobs(),
                        excel,
                        progress and progress.update,
                        stop,
                    )
                    if out is not raw_out:  # the Parquet sink: close the file with its metadata
                        runner.finish(out, outcome.tally.templates)
                    elif detail is Detail.codes and not summary_only:
                        _write_templates(templates, output, outcome.tally.templates, loaded, day)
                except BrokenPipeError:  # `flexcalc batch … | head`: the reader has gone, stop quietly
                    silence_stdout()
                    raise typer.Exit(141) from None
                except WriteFailed as e:
                    if settings.fmt != "parquet":  # the whole records so far, under the final name
                        target.keep(dest, output)
                        dest = None
                    elif out is not raw_out:  # a torn Parquet file holds no record: dropped
                        out.abandon()
                    raise _write_failed(e, output) from None
                target.keep(dest, output)
                dest = None
            finally:
                if dest is not None:  # an error before any result: the final name keeps what it held
                    dest.discard()
                if progress:
                    progress.stop()
        for line in summary.warnings(outcome, src, lang.value):
            say(line)
        if summary_only:
            emit(summary.table(outcome, lang.value, loaded.data), console())
        else:
            say(summary.line(outcome, lang.value))
        if outcome.interrupted:
            say(summary.interrupted(outcome, lang.value))
            raise typer.Exit(outcome.exit_code)
        if outcome.tally.invalid:
            raise typer.Exit(3)


def _write_failed(e, output: str | None):
    """The one-paragraph message of a failed output: how many records reached it whole."""
    from flexcalc.errors import OutputError

    target = output if output not in (None, "-") else "standard output"
    target_zh = output if output not in (None, "-") else "标准输出"
    cut = " (the file was cut back to that record)" if e.cut else ""
    cut_zh = "（文件已截断到该条记录）" if e.cut else ""
    if not e.records:
        return OutputError(
            f"cannot write to {target} ({e.why}): no record was written completely; rerun the whole input.",
            f"无法写入 {target_zh}（{e.why}）：没有任何记录完整写入；请重新运行全部输入。",
        )
    return OutputError(
        f"cannot write to {target} ({e.why}): {e.records} records were written completely, through input line "
        f"{e.last_line}{cut}; rerun the input after line {e.last_line} to finish.",
        f"无法写入 {target_zh}（{e.why}）：已完整写入 {e.records} 条记录（至输入第 {e.last_line} 行）{cut_zh}；"
        f"请从输入第 {e.last_line} 行之后重新运行以完成。",
    )


def _guess(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".csv": "csv", ".json": "json", ".parquet": "parquet", ".pq": "parquet"}.get(suffix, "jsonl")


def _open_input(path: str, fmt_in: str):
    """The input as a buffered binary stream (a 64 KB buffer: the encoding is detected on its peek).

    Parquet is read from its footer, so standard input is read into memory first."""
    if path == "-":
        if sys.stdin is None:
            raise OSError(0, "standard input is closed")
        if fmt_in == "parquet":
            import io

            from flexcalc.limits import STDIN_PARQUET_BYTES, read_bounded

            return io.BufferedReader(io.BytesIO(read_bounded(sys.stdin.buffer, STDIN_PARQUET_BYTES)))
        return sys.stdin.buffer
    return open(path, "rb", buffering=1 << 16)  # noqa: SIM115


def _templates_path(path: str | None, output: str | None) -> str | None:
    """Where --detail codes writes its reason templates: --templates, else beside -o, else nowhere."""
    if path is None and output not in (None, "-"):
        return f"{output}.templates.json"
    return path


def _write_templates(path: str | None, output: str | None, table: dict, loaded, day) -> None:
    """The reason templates of a --detail codes run, beside its output (or where --templates says)."""
    from flexcalc.audit import stamp
    from flexcalc.batch.codes import table_document
    from flexcalc.batch.target import write_whole

    path = _templates_path(path, output)
    if path is None:
        return
    write_whole(path, table_document(table, stamp(loaded, day)), "--templates")


class _Bar:
    """Progress on standard error, started at the first finished chunk (after the fork): bytes read
    of the file's size with the percentage, records and records/s, and the time left."""

    def __init__(self, total: int | None, lang: str = "zh"):
        self.total = total
        self.lang = lang
        self.bar: Any = None  # a rich Progress, built at the first update
        self.task: Any = None
        self.start = 0.0

    def update(self, done_bytes: int, records: int) -> None:
        import time

        if self.bar is None:
            self.start = time.perf_counter()
            self.bar = self._build()
            self.bar.start()
            self.task = self.bar.add_task("batch", total=self.total, records=0, rate="")
        elapsed = time.perf_counter() - self.start
        rate = f"{records / elapsed:,.0f}" if elapsed > 0.5 else "…"
        self.bar.update(self.task, completed=done_bytes, records=records, rate=rate)

    def _build(self):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        zh = self.lang == "zh"
        counts = TextColumn(
            "{task.fields[records]:,} "
            + ("条 · {task.fields[rate]} 条/秒" if zh else "records · {task.fields[rate]}/s")
        )
        if self.total is None:  # standard input: no size to measure against
            columns = [counts, TextColumn("用时" if zh else "elapsed"), TimeElapsedColumn()]
        else:
            left = TextColumn("剩余" if zh else "left")
            columns = [
                BarColumn(bar_width=16),
                TaskProgressColumn(),
                DownloadColumn(),
                counts,
                left,
                TimeRemainingColumn(),
            ]
        return Progress(*columns, console=Console(stderr=True), transient=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _progress(path: str, lang: str = "zh") -> _Bar | None:
    if not sys.stderr.isatty():
        return None
    total = None
    if path != "-":
        try:
            total = Path(path).stat().st_size or None
        except OSError:
            total = None
    return _Bar(total, lang)
