"""Streaming readers: JSONL, a JSON array and CSV, in UTF-8, UTF-8 with BOM or GB18030."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from typing import BinaryIO

from flexcalc.errors import UsageError
from flexcalc.text import t

BOM = codecs.BOM_UTF8
SAMPLE = 1 << 16
# One record as the reader hands it on: (input line, kind, payload).
#   "raw": the bytes of one JSONL line (decoded by the worker)
#   "text": the JSON text of one array element
#   "row": the cells of one CSV row (the header travels with each chunk)
#   "bad": a message for input the reader itself could not split into records


def detect_encoding(sample: bytes) -> str:
    """utf-8-sig with a BOM, utf-8 when the sample decodes, else gb18030 (Excel in China)."""
    if sample.startswith(BOM):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(sample) - 3:
            return "utf-8"  # the sample cut a character in two
        return "gb18030"
    return "utf-8"


def normalise_encoding(name: str) -> str:
    """The codec for --encoding; utf-8 always accepts (and drops) a leading BOM."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise UsageError(
            f"--encoding {name!r}: unknown encoding (use utf-8, utf-8-sig or gb18030).",
            f"--encoding {name!r}：未知编码（请用 utf-8、utf-8-sig 或 gb18030）。",
        ) from None
    return "utf-8-sig" if codec in ("utf-8", "utf-8-sig") else codec


class Source:
    """A binary input with its encoding and how far it has been read (for progress and Ctrl-C)."""

    def __init__(self, stream: BinaryIO, encoding: str | None):
        self.stream = stream
        self.pushback = stream.peek(SAMPLE)[:SAMPLE] if hasattr(stream, "peek") else b""
        self.encoding = normalise_encoding(encoding) if encoding else detect_encoding(self.pushback)
        self.bytes_read = 0
        self.blank = 0

    def text(self) -> io.TextIOWrapper:
        """The input as text; undecodable bytes become surrogates so one bad record stays one error."""
        return io.TextIOWrapper(_Counting(self), encoding=self.encoding, errors="surrogateescape", newline="")


class _Counting(io.RawIOBase):
    def __init__(self, src: Source):
        self.src = src

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        data = self.src.stream.read(len(buf))
        n = len(data)
        buf[:n] = data
        self.src.bytes_read += n
        return n


def jsonl(src: Source) -> Iterator[tuple[int, str, object]]:
    """One record per non-blank line, as bytes; the worker decodes and validates it."""
    stream = src.stream
    first = True
    for number, line in enumerate(stream, 1):
        src.bytes_read += len(line)
        if first:
            first = False
            if line.startswith(BOM):
                line = line[3:]
        if line.isspace() or not line:
            src.blank += 1
            continue
        yield number, "raw", line


def json_array(src: Source, limit: int = 1 << 24) -> Iterator[tuple[int, str, object]]:
    """The elements of one top-level JSON array, streamed: each element's text is handed on."""
    stream = src.text()
    decoder = json.JSONDecoder()
    buf, pos, line, eof = "", 0, 1, False

    def more() -> bool:
        nonlocal buf, pos, eof
        chunk = stream.read(SAMPLE)
        if not chunk:
            eof = True
            return False
        buf = buf[pos:] + chunk
        pos = 0
        return True

    def skip_ws() -> None:
        nonlocal pos, line
        while True:
            n = len(buf)
            while pos < n and buf[pos] in " \t\r\n\ufeff":
                line += buf[pos] == "\n"
                pos += 1
            if pos < n or not more():
                return

    skip_ws()
    if pos >= len(buf):
        return
    if buf[pos] != "[":
        yield (
            line,
            "bad",
            t(
                "JSON 输入应为一个人员信息对象的数组（每行一个请用 --input-format jsonl）",
                "a JSON input must be one array of profile objects (use --input-format jsonl for one a line)",
            ),
        )
        return
    pos += 1
    expect_value = True
    while True:
        skip_ws()
        if pos >= len(buf):
            yield line, "bad", t("JSON 数组没有结束（输入提前结束）", "the JSON array is not closed (input ends early)")
            return
        if buf[pos] == "]":
            return
        if expect_value is False:
            if buf[pos] != ",":
                yield (
                    line,
                    "bad",
                    t(
                        "数组元素之间应为 ',' 或 ']'，实际是 {c}",
                        "expected ',' or ']' between array elements, got {c}",
                        c=repr(buf[pos]),
                    ),
                )
                return
            pos += 1
            expect_value = None  # a value must follow a comma
            continue
        while True:
            try:
                _, end = decoder.raw_decode(buf, pos)
                if end < len(buf) or eof or not more():  # a number at the buffer's end may go on
                    break
            except json.JSONDecodeError as e:
                if eof or len(buf) - pos > limit or not more():
                    yield (
                        line,
                        "bad",
                        t(
                            "不是有效的 JSON（{m}），其后的输入未读取",
                            "not valid JSON: {m} (the rest of the input is not read)",
                            m=e.msg,
                        ),
                    )
                    return
        text = buf[pos:end]
        yield line, "text", text
        line += text.count("\n")
        pos = end
        expect_value = False


def csv_rows(src: Source) -> tuple[list[str], Iterator[tuple[int, str, object]]]:
    """The header (dotted field paths) and the rows of a CSV; blank rows are skipped and counted."""
    stream = src.text()
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        return [], iter(())
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    header = [h.strip() for h in header]

    def rows() -> Iterator[tuple[int, str, object]]:
        last = reader.line_num
        for row in reader:
            start, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                src.blank += 1
                continue
            yield start, "row", row

    return header, rows()
