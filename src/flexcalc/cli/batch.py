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
    fmt: OutputFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help=h(
            "jsonl (one result a line; the default), csv, or parquet (a row per measure). With "
            "--summary-only: the summary as JSON (jsonl) or CSV instead of the table.",
            "jsonl（每行一个结果，默认）、csv，或 parquet（每项措施一行）。与 --summary-only 一起用："
            "汇总以 JSON（jsonl）或 CSV 输出，而非表格。",
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
    summary_file: str | None = typer.Option(
        None,
        "--summary",
        metavar="FILE",
        help=h(
            "Also write the summary as JSON to FILE: the counts and sums, each city's document "
            "warnings, the audit stamp (written also when the run is cut short).",
            "另将汇总以 JSON 写入 FILE：计数与金额合计、各城市文件的提示、审计信息（运行中断时也写）。",
        ),
    ),
    quiet: bool = typer.Option(
        False,
        "--quiet",
        "-q",
        help=h(
            "No one-line report at the end (warnings and errors are still shown). Without a "
            "terminal on standard output or error it is left out anyway.",
            "结束时不输出一行统计（警告和错误仍显示）。标准输出和标准错误都不是终端时本就不输出。",
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

        given, fmt = fmt, fmt or OutputFormat.jsonl
        _refuse_formats(given, summary_only, output)
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
        codes = detail is Detail.codes and fmt is not OutputFormat.parquet and not summary_only
        outputs = {"-o": output, "--templates": _templates_path(templates, output) if codes else None}
        target.refuse_overlap(input, {**outputs, "--summary": summary_file})  # never over the input, nor each other
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
            progress = _progress(input, lang.value, fmt_in)
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
        if not summary_only or given is not None:  # (the table shows them itself)
            prefix = "flexcalc batch: warning: " if lang is Lang.en else "flexcalc batch：警告："
            for line in summary.documents(outcome, loaded.data, lang.value):
                say(prefix + line)
        doc: dict = {}
        if summary_file or summary_only:
            from flexcalc.audit import stamp

            doc = summary.document(outcome, loaded.data, stamp(loaded, day, settings.assumptions), lang.value)
            if summary_file:
                target.write_whole(summary_file, summary.dumps(doc), "--summary")
        if summary_only:
            _summary_out(outcome, doc, given, output, excel, lang.value, loaded.data)
        elif not quiet and (_tty(sys.stderr) or _tty(sys.stdout)):
            say(summary.line(outcome, lang.value, dated=as_of is None))  # the date: when it was today's
        if outcome.interrupted:
            say(summary.interrupted(outcome, lang.value, output))
            raise typer.Exit(outcome.exit_code)
        if outcome.tally.invalid:
            raise typer.Exit(3)


def _tty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):
        return False


def _refuse_formats(given, summary_only: bool, output: str | None) -> None:
    """Usage errors before any work: a summary as Parquet; Parquet's binary onto a terminal."""
    from flexcalc.errors import UsageError

    if summary_only and given is OutputFormat.parquet:
        raise UsageError(
            "--summary-only gives a table, or with --format jsonl or csv the summary as data; not Parquet.",
            "--summary-only 输出表格，或用 --format jsonl、csv 输出汇总数据；不能是 Parquet。",
        )
    if not summary_only and given is OutputFormat.parquet and output in (None, "-") and _tty(sys.stdout):
        raise UsageError(
            "--format parquet is binary and standard output is a terminal: give -o FILE, or redirect it.",
            "--format parquet 是二进制格式，而标准输出是终端：请用 -o 指定文件，或重定向输出。",
        )


def _summary_out(outcome, doc: dict, given, output: str | None, excel: bool, lang: str, data) -> None:
    """--summary-only: the table, or the summary as JSON or CSV, on standard output or into -o."""
    import io

    from flexcalc.batch import summary
    from flexcalc.batch.target import write_whole

    if given is None and output in (None, "-"):  # the table, on a screen
        emit(summary.table(outcome, lang, data), console())
        return
    if given is None:  # the table into -o: at 80 columns, no colour
        from rich.console import Console

        buf = io.StringIO()
        plain = Console(file=buf, width=80, markup=False, emoji=False, highlight=False)
        emit(summary.table(outcome, lang, data), plain)
        body = (buf.getvalue().rstrip("\n") + "\n").encode("utf-8")
    elif given is OutputFormat.csv:
        import csv

        from flexcalc.outreach.files import cell

        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(
            [cell(c) for c in row] for row in summary.rows(outcome, data, lang)
        )
        body = (b"\xef\xbb\xbf" if excel else b"") + buf.getvalue().encode("utf-8")
    else:
        body = summary.dumps(doc, pretty=False)
    if output not in (None, "-"):
        write_whole(output, body, "-o")
        return
    out = stdout()
    out.flush()
    out.buffer.write(body)
    out.buffer.flush()


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


def _progress(path: str, lang: str = "zh", fmt_in: str = "jsonl"):
    """The progress bar (batch/progress.py), or None when standard error is not a terminal."""
    from flexcalc.batch import progress

    return progress.start(path, lang, fmt_in)
