"""Streaming readers: JSONL, a JSON array and CSV, in UTF-8, UTF-8 with BOM or GB18030.

Encoding is decided line by line, never for the whole file: a line that is valid UTF-8 is
UTF-8 (so one stray byte cannot turn a file of valid records into mojibake); a line that is
not, but is valid GB18030 (what spreadsheets in China save), is read as GB18030 and its line
number kept for a warning; anything else is that record's error. `--encoding` fixes it instead.
Lines end at LF or CRLF (at a lone CR only in an input without LF: see Source). Nothing the
readers cannot split into records is dropped:
it becomes a "bad" record in its place, or a refusal (exit 2) before anything is written.
No line is read whole past the record limit (flexcalc.limits): a longer JSONL line or JSON
array element is that record's error and is skipped in bounded pieces; in a CSV it ends the reading.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterator
from typing import BinaryIO

from flexcalc import limits
from flexcalc.errors import UsageError
from flexcalc.text import T, t

BOM = codecs.BOM_UTF8
SAMPLE = 1 << 16
# One record as the reader hands it on: (input line, kind, payload).
#   "raw": the bytes of one JSONL line (decoded by the worker)
#   "text": the JSON text of one array element
#   "row": the cells of one CSV row (the header travels with each chunk)
#   "json": JSON bytes written from a Parquet row's dict (no duplicate key), "cells": the
#           (path, message) pairs of a Parquet row's unreadable cells and its id (batch/parquet_read.py)
#   "bad": a message (T) for input the reader itself could not split into records


def normalise_encoding(name: str) -> str:
    """The codec for --encoding (flexcalc.grammar.TEXT_ENCODINGS); utf-8 always drops a leading BOM."""
    from flexcalc.grammar import text_encoding

    return text_encoding(name)


BOM_GB18030 = b"\x84\x31\x95\x33"  # U+FEFF in GB18030: what spreadsheets put before a GB18030 file
BOM_UTF16 = (b"\xff\xfe", b"\xfe\xff")


class TooLong:
    """A line longer than the record limit, in place of its bytes: how much of it was seen, and
    whether the reading stopped there (a line past SKIP_FACTOR times the limit is not skipped)."""

    def __init__(self, limit: int, stopped: bool, element: bool = False):
        self.limit = limit
        self.stopped = stopped
        self.element = element  # a JSON array's element, not a line

    def message(self) -> T:
        en, zh = limits.size_words(self.limit)
        rest_en = " (the rest of the input is not read)" if self.stopped else ""
        rest_zh = "（其余输入未读取）" if self.stopped else ""
        return t(
            ("此数组元素" if self.element else "本行")
            + "超过记录大小上限 {size_zh}{rest_zh}；请检查输入，或用 --max-record-bytes 放宽上限",
            ("the array element" if self.element else "the line")
            + " is longer than the record limit of {size_en}{rest_en}; check the input, or raise --max-record-bytes",
            size_zh=zh,
            size_en=en,
            rest_zh=rest_zh,
            rest_en=rest_en,
        )


class LineTooLong(Exception):
    """Raised by the JSON-array and CSV readers, which cannot resynchronise after a TooLong line."""

    def __init__(self, number: int, line: TooLong):
        super().__init__(number)
        self.number = number
        self.line = line


SKIP_FACTOR = 64  # an over-long JSONL line is skipped up to 64 times the limit, then reading stops


class Source:
    """A binary input with its encoding and how far it has been read (for progress and Ctrl-C).

    Lines end at LF (a CR before it is part of the ending); a CR elsewhere is data, so a stray
    CR can never split a record, and line numbers are what `wc -l` counts. Only a file with no
    LF at all (old Mac line endings) has its lines end at CR. A byte-order mark at the start of
    a line (the first, or where files were concatenated) is dropped."""

    def __init__(self, stream: BinaryIO, encoding: str | None, limit: int = limits.RECORD_BYTES):
        self.stream = stream
        self.encoding = normalise_encoding(encoding) if encoding else None  # None: line by line
        self.limit = limit  # bytes a line may hold (the record limit)
        self.bytes_read = 0
        self.blank = 0
        self.fallback: list[int] = []  # lines read as GB18030 (by the readers of JSON and CSV)
        head = _peek(stream, 4)
        if head.startswith(BOM_UTF16):
            raise UsageError(
                "the input is UTF-16 (Excel's 'Unicode text'); save it as 'CSV UTF-8' or give UTF-8 or GB18030.",
                "输入是 UTF-16 编码（Excel 的“Unicode 文本”）；请另存为“CSV UTF-8”，或用 UTF-8、GB18030 编码。",
            )
        if head.startswith(BOM_GB18030) and self.encoding in (None, "gb18030"):
            self.encoding = "gb18030"  # the file says what it is: no line-by-line guess, no warning
        self._bom = BOM_GB18030 if self.encoding == "gb18030" else BOM

    def pieces(self, size: int) -> Iterator[tuple[bytes, bool]]:
        """(bytes, ends a line) pieces of at most `size` bytes: a longer line comes in several."""
        readline = self.stream.readline
        ends = True
        while raw := readline(size):
            self.bytes_read += len(raw)
            ends = len(raw) < size or raw.endswith(b"\n")  # shorter than asked: the end of the input
            yield raw, ends
        if not ends:
            yield b"", True

    def lines(self) -> Iterator[tuple[int, bytes | TooLong]]:
        """(line number, bytes without the line ending) for every line; a BOM starting a line dropped;
        a TooLong in place of a line past the limit (the reading ends after one that `stopped`)."""
        number = 0
        seen = 0  # bytes of an over-long line skipped so far
        bom = self._bom
        for raw, ends in self.pieces(self.limit + 5):  # a BOM and CRLF besides the limit
            if seen or not ends:
                seen += len(raw)
                if not ends and seen <= SKIP_FACTOR * self.limit:
                    continue
                number += 1
                yield number, TooLong(self.limit, not ends)
                if not ends:
                    return
                seen = 0
                continue
            for part in _split(raw, number == 0):
                number += 1
                yield number, part[len(bom) :] if part.startswith(bom) else part

    def text(self, size: int = SAMPLE) -> Iterator[str]:
        """The decoded input in pieces of about `size` bytes, each line ending in LF (the JSON reader's:
        a one-line array of any length is read in pieces; its bound is the element limit)."""
        number = 0
        partial = None  # the incremental decoder of a line longer than one piece
        bom = self._bom
        for raw, ends in self.pieces(size):
            if number == 0 and partial is None and raw.startswith(bom):
                raw = raw[len(bom) :]
            if partial is None and ends:
                for part in _split(raw, number == 0):
                    number += 1
                    yield self.decode(number, part) + "\n"
                continue
            if partial is None:
                partial = codecs.getincrementaldecoder(self.encoding or "utf-8")("surrogateescape")
            yield partial.decode(_body(raw) if ends else raw, final=ends) + ("\n" if ends else "")
            if ends:
                number += 1
                partial = None

    def decode(self, number: int, raw: bytes) -> str:
        """One line as text; undecodable bytes become surrogates, which the worker reports."""
        if self.encoding is not None:
            return raw.decode(self.encoding, "surrogateescape")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "surrogateescape")
        self.fallback.append(number)
        return text


def _peek(stream, n: int) -> bytes:
    """The first n bytes of a buffered stream without consuming them (b"" when it cannot say)."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return b""
    try:
        return peek(n)[:n]
    except (OSError, ValueError):
        return b""


def _body(raw: bytes) -> bytes:
    """A line without its LF or CRLF."""
    return raw[:-2] if raw.endswith(b"\r\n") else raw[:-1] if raw.endswith(b"\n") else raw


def _split(raw: bytes, first: bool) -> tuple[bytes, ...]:
    """The lines of one whole line read: itself, unless it is the whole input and holds no LF
    (old Mac line endings: then lines end at CR). Elsewhere a CR is data, never a line end."""
    if first and b"\r" in raw and not raw.endswith(b"\n"):
        return tuple((raw[:-1] if raw.endswith(b"\r") else raw).split(b"\r"))
    return (_body(raw),)


def jsonl(src: Source) -> Iterator[tuple[int, str, object]]:
    """One record per non-blank line, as bytes; the worker decodes and validates it."""
    for number, line in src.lines():
        if isinstance(line, TooLong):
            yield number, "bad", line.message()
            continue
        if not line or line.isspace():
            src.blank += 1
            continue
        yield number, "raw", line


class _Text:
    """The decoded input as read(n) chunks of text, lines joined with LF (for the JSON reader)."""

    def __init__(self, src: Source):
        self.pieces = src.text()

    def read(self, size: int) -> str:
        out: list[str] = []
        n = 0
        for text in self.pieces:
            out.append(text)
            n += len(text)
            if n >= size:
                break
        return "".join(out)


def json_array(src: Source, limit: int | None = None) -> Iterator[tuple[int, str, object]]:
    """The elements of one top-level JSON array, streamed: each element's text is handed on, in
    place, valid or not (the worker reports it); an element longer than the record limit, or one
    after a missing comma, is that element's error and the reading goes on. Only input that
    cannot be split into elements (a bracket never closed, text that starts no value) ends it."""
    limit = limit or src.limit
    stream = _Text(src)
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

    def value_end() -> int | str:
        """Where the bracketed or quoted value at pos ends, found in linear time (brackets inside
        strings and escapes skipped): its end index when it is within the limit; else "skipped"
        once past it (read a chunk at a time, nothing kept), or "lost" when the input ends first
        or the value runs past SKIP_FACTOR times the limit."""
        nonlocal buf, pos, line
        depth, quoted, i, skipped = 0, False, pos, 0
        while True:
            m = (_IN_STRING if quoted else _OUTSIDE).search(buf, i)
            if m is None or (m.group() == "\\" and m.end() >= len(buf)):
                cut = m.start() if m is not None else len(buf)
                if skipped or cut - pos > limit:  # too long to keep: drop what was scanned
                    skipped += cut - pos
                    line += buf.count("\n", pos, cut)
                    pos = cut  # more() keeps buf[pos:]: an escape cut at the chunk's end stays whole
                    if skipped > SKIP_FACTOR * limit:
                        return "lost"
                offset = pos
                if not more():
                    return "lost"
                i = cut - offset
                continue
            tok, i = m.group(), m.end()
            if quoted:
                if tok == "\\":
                    i += 1  # the escaped character
                    continue
                quoted = False
                if depth:
                    continue
            elif tok == '"':
                quoted = True
                continue
            else:
                depth += 1 if tok in "[{" else -1
                if depth:
                    continue
            if skipped or i - pos > limit:
                line += buf.count("\n", pos, i)
                pos = i
                return "skipped"
            return i

    skip_ws()
    if pos >= len(buf):
        return
    if buf[pos] != "[":
        yield line, "bad", _NOT_ARRAY
        return
    pos += 1
    expect_value: bool | None = True
    while True:
        skip_ws()
        if pos >= len(buf):
            yield line, "bad", _NOT_CLOSED
            return
        if buf[pos] == "]":
            pos += 1
            skip_ws()
            if pos < len(buf):  # `[…] […]` or anything else after the array: never dropped
                yield line, "bad", _AFTER_ARRAY
            return
        comma_missing = False
        if expect_value is False:
            if buf[pos] == ",":
                pos += 1
                expect_value = None  # a value must follow a comma
                continue
            if buf[pos] not in '{["':
                yield line, "bad", _no_comma(buf[pos])
                return
            comma_missing = True  # `[{…} {…}]`: this element is refused in place, the rest read
        end: int | str | None = None
        while True:
            try:
                _, end = decoder.raw_decode(buf, pos)
                if end < len(buf) or eof or not more():  # a number at the buffer's end may go on
                    break
            except (RecursionError, json.JSONDecodeError):
                if len(buf) - pos <= limit and not eof and more():
                    continue
                if buf[pos] not in '{["':
                    yield line, "bad", _NOT_VALUE
                    return
                first = line
                end = value_end()  # invalid (the worker says how), too long, or never closed
                if end == "lost":
                    yield first, "bad", _NOT_CLOSED if eof else TooLong(limit, True, True).message()
                    return
                if end == "skipped":
                    yield first, "bad", _MISSING_COMMA if comma_missing else TooLong(limit, False, True).message()
                    end = None
                break
        if isinstance(end, int):
            text = buf[pos:end]
            if comma_missing:
                yield line, "bad", _MISSING_COMMA
            elif end - pos > limit:  # whole in the buffer, but past the limit all the same
                yield line, "bad", TooLong(limit, False, True).message()
            else:
                yield line, "text", text
            line += text.count("\n")
            pos = end
        expect_value = False


_OUTSIDE = re.compile(r'["\[\]{}]')
_IN_STRING = re.compile(r'["\\]')


_NOT_ARRAY = t(
    "JSON 输入应为一个人员信息对象的数组（每行一个请用 --input-format jsonl）",
    "a JSON input must be one array of profile objects (use --input-format jsonl for one a line)",
)
_MISSING_COMMA = t(
    "此元素前缺少 ','（本元素未读取，其余照常读取）",
    "a ',' is missing before this element (it is not read; the rest are)",
)
_NOT_VALUE = t(
    "数组元素不是有效的 JSON 值（其余输入未读取）",
    "an array element is not a valid JSON value (the rest of the input is not read)",
)


def _no_comma(got: str) -> T:
    from flexcalc.text import shown

    return t(
        "数组元素之间应为 ',' 或 ']'，实际是 {got}（其余输入未读取）",
        "expected ',' or ']' between array elements, got {got} (the rest of the input is not read)",
        got=repr(shown(got)),
    )


_NOT_CLOSED = t("JSON 数组没有结束（输入提前结束）", "the JSON array is not closed (input ends early)")
_AFTER_ARRAY = t(
    "JSON 数组结束后还有内容（第二个数组？），未读取；请只给一个数组",
    "more input after the end of the JSON array (a second array?); it is not read — give one array",
)


def csv_rows(src: Source) -> tuple[list[str], Iterator[tuple[int, str, object]]]:
    """The header (dotted field paths) and the rows of a CSV; blank rows are skipped and counted."""
    from flexcalc.batch.columns import header_problem

    counted = {"bytes": 0}  # bytes of the row being read: a record past the limit ends the reading

    def text_lines() -> Iterator[str]:
        for number, raw in src.lines():
            if isinstance(raw, TooLong):
                raise LineTooLong(number, raw)
            counted["bytes"] += len(raw) + 1
            if counted["bytes"] > 2 * src.limit:  # quoted cells over many lines: still one record
                raise LineTooLong(number, TooLong(src.limit, True))
            yield src.decode(number, raw) + "\n"

    csv.field_size_limit(src.limit)
    reader = csv.reader(text_lines(), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return [], iter(())
    except LineTooLong as e:
        en, zh = limits.size_words(e.line.limit)
        raise UsageError(
            f"the CSV header is longer than the record limit of {en}: is the input CSV?",
            f"CSV 表头超过记录大小上限 {zh}：输入是 CSV 吗？",
        ) from None
    except csv.Error as e:
        raise UsageError(
            f"the CSV header cannot be read ({e}): is the input CSV? (give --input-format jsonl or json for JSON)",
            f"无法读取 CSV 表头（{e}）：输入是 CSV 吗？（JSON 输入请用 --input-format jsonl 或 json）",
        ) from None
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    header = [h.strip() for h in header]
    problem = header_problem(header)
    if problem:
        raise UsageError(*problem)

    def rows() -> Iterator[tuple[int, str, object]]:
        last = reader.line_num
        while True:
            counted["bytes"] = 0
            try:
                row = next(reader)
            except StopIteration:
                return
            except LineTooLong as e:
                yield last + 1, "bad", TooLong(e.line.limit, True).message()
                return
            except csv.Error as e:
                start, last = last + 1, reader.line_num
                yield start, "bad", _csv_problem(str(e), start, last, src.limit)
                if "field larger" in str(e):
                    return
                continue
            start, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                src.blank += 1
                continue
            yield start, "row", row

    return header, rows()


def _csv_problem(error: str, start: int, end: int, limit: int) -> T:
    if "unexpected end of data" in error:
        return t(
            "本行有一个引号未闭合的单元格：第 {a}–{b} 行被读成了一个单元格",
            "a quoted cell opened in this row is never closed: lines {a}–{b} were read as one cell",
            a=start,
            b=end,
        )
    if "field larger" in error:
        en, zh = limits.size_words(limit)
        return t(
            "单元格超过记录大小上限 {size_zh}（引号未闭合？）；其余输入未读取",
            "a cell longer than the record limit of {size_en} (an unclosed quote?); the rest of the input is not read",
            size_zh=zh,
            size_en=en,
        )
    if "new-line character" in error:  # a stray CR (a line ends only at LF: see Source)
        return t(
            "有单元格在引号外含有回车符（CR）：请给该单元格加引号，或删去回车符",
            "a cell holds a carriage return (CR) outside quotes: quote the cell or remove the CR",
        )
    if "NUL" in error:
        return t(
            "本行含有 NUL 字符（\\x00）：文件损坏或不是文本？",
            "the row holds a NUL character (\\x00): a damaged or binary file?",
        )
    return t("不是有效的 CSV 行（{e}）", "not a valid CSV row ({e})", e=error)
