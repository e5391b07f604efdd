"""The input grammar: which written forms of a date, a number, a yes/no and a code each input accepts.

One place for every reader (docs/contract.md "Input grammar"; tests/test_input_grammar.py holds
the input → value / error tables any other decoder must pass):

- JSON (profiles, JSONL, JSON arrays; Parquet rows go through it too) is strict: a date is a
  string `YYYY-MM-DD`; money and every other number is a JSON number (not `"100"`, `" 100 "`,
  `"１００"`, `"100_000"`); a count is a JSON integer; yes/no is `true` / `false`.
- A CSV cell (also an `--assume` value and a string cell of Parquet) admits what Excel and
  officials write where it is unambiguous: a date `2025-03-15`, `2025/3/15`, `2025-3-15`,
  `2025.3.15` or `2025年3月15日` (the year first, four digits; Excel's ` 0:00` after it); a
  number with thousands grouped by commas in threes (`150,000`, `1,500,000.50`), money with
  `¥` / `￥` before it or `元` after it; yes/no as true/false, yes/no, y/n, t/f, 1/0, 是/否;
  a code as the contract writes it or as the interview shows it (`退役军人`, `个体经营`).
  Not: `0` or `1719705600` as a date, `15/3/2025`, `20240630`, `1.5E+05`, `１００`, `1,50,000`,
  a fraction of more than 15 significant digits (no JSON number carries it exactly).
- `--as-of` is `YYYY-MM-DD` only; `--encoding` is one of TEXT_ENCODINGS.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal

# --- JSON ----------------------------------------------------------------------------------

# The patterns, compiled on first use: `check` imports this module (its cached validator calls
# json_date and json_number) but reads no CSV cell, and compiling them all costs it ~0.7 ms.
_PATTERNS = {
    "cell_date": r"([0-9]{4})(?:-([0-9]{1,2})-([0-9]{1,2})|/([0-9]{1,2})/([0-9]{1,2})|\.([0-9]{1,2})\.([0-9]{1,2})"
    r"|年([0-9]{1,2})月([0-9]{1,2})日)(?: 0?0:00(?::00)?)?",
    "cell_number": r"([+-]?)(?:([0-9]{1,3}(?:,[0-9]{3})+)|([0-9]+))(?:\.([0-9]+))?",
    "cell_int": r"([+-]?)(?:([0-9]{1,3}(?:,[0-9]{3})+)|([0-9]+))",
    "group_separators": r"[;；、,，]",
}
_COMPILED: dict[str, re.Pattern] = {}


def _rx(name: str) -> re.Pattern:
    hit = _COMPILED.get(name)
    if hit is None:
        hit = _COMPILED[name] = re.compile(_PATTERNS[name])
    return hit


class _Before:
    """Annotation metadata: `fn` runs on the JSON value before pydantic's own validation of the
    field (its bounds included). pydantic is imported only when a schema is built."""

    def __init__(self, fn):
        self.fn = fn

    def __get_pydantic_core_schema__(self, source, handler):
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.fn, handler(source))


def _refuse(en: str, zh: str, value) -> Exception:
    from pydantic_core import PydanticCustomError

    got = _echo(value)
    return PydanticCustomError("input_grammar", en + ", got {got}", {"got": got, "zh": f"{zh}，实际是 {got}"})


def _iso(text: str) -> bool:
    """Whether text is written YYYY-MM-DD in ASCII digits (the day's validity is date's to say)."""
    digits = text[:4] + text[5:7] + text[8:]
    return len(text) == 10 and text[4] == text[7] == "-" and digits.isascii() and digits.isdigit()


def json_date(value):
    """A JSON date: the string YYYY-MM-DD of a real day (no timestamp, no week date, no time)."""
    if value is None:
        return None
    if isinstance(value, str) and _iso(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _refuse(
                "should be a valid date as YYYY-MM-DD (no such day)",
                "应为有效日期，格式 YYYY-MM-DD（该日不存在）",
                value,
            ) from None
    raise _refuse("should be a date as the string YYYY-MM-DD", "应为日期字符串，格式 YYYY-MM-DD", value)


def json_number(value):
    """A JSON number (an int or a float, never a string or true/false), as a Decimal."""
    if value is None:
        return None
    kind = type(value)
    if kind is int:
        return Decimal(value)
    if kind is float:
        return Decimal(repr(value))  # the number as written (pydantic reads JSON numbers as floats)
    raise _refuse(
        "should be a JSON number such as 100 or 0.5 (not a string)",
        "应为 JSON 数字，如 100 或 0.5（不要加引号）",
        value,
    )


JSON_DATE = _Before(json_date)
JSON_NUMBER = _Before(json_number)


def _echo(value, limit: int = 40) -> str:
    """The bad value as the message quotes it: short, with control characters escaped."""
    from flexcalc.text import shown

    text = repr(value) if not isinstance(value, str) else repr(value[:limit] + ("…" if len(value) > limit else ""))
    if isinstance(value, bool) or value is None:
        text = {True: "true", False: "false", None: "null"}[value]
    return shown(text)


# --- CSV cells ---------------------------------------------------------------------------

YES = frozenset({"true", "yes", "y", "t", "1", "是"})
NO = frozenset({"false", "no", "n", "f", "0", "否"})
DATE_FORMS = "YYYY-MM-DD, YYYY/M/D, YYYY.M.D 或 YYYY年M月D日"
DATE_FORMS_EN = "YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日"


class CellError(ValueError):
    """A cell that is not in the grammar of its field; args[0] is the message (flexcalc.text.T)."""


def _cell_error(zh: str, en: str, cell: str) -> CellError:
    from flexcalc.text import t

    return CellError(t(zh + "，实际是 {got}", en + ", got {got}", got=_echo(cell)))


def cell_date(cell: str) -> str:
    """A date cell as YYYY-MM-DD."""
    s = cell.strip()
    m = _rx("cell_date").fullmatch(s)
    if m:
        year, *parts = m.groups()
        month, day = next((parts[i], parts[i + 1]) for i in range(0, len(parts), 2) if parts[i] is not None)
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            pass
    raise _cell_error(f"应为日期（{DATE_FORMS}）", f"expected a date ({DATE_FORMS_EN})", cell)


def _amount(s: str, money: bool) -> str:
    if money:
        s = s.removeprefix("¥").removeprefix("￥").removesuffix("元").strip()
    return s


def cell_number(cell: str, money: bool = False) -> int | float:
    """A number cell as a JSON number: 150,000 → 150000; ¥ and 元 around money."""
    s = _amount(cell.strip(), money)
    m = _rx("cell_number").fullmatch(s)
    if m is None:
        form = "如 150000、150,000 或 1,500.50" + ("（可带 ¥ 或 元）" if money else "")
        form_en = "such as 150000, 150,000 or 1,500.50" + (" (¥ or 元 allowed)" if money else "")
        raise _cell_error(f"应为数字，{form}", f"expected a number {form_en}", cell)
    sign, grouped, plain, frac = m.groups()
    digits = (grouped or "").replace(",", "") or plain
    if frac is None:
        return int(sign + digits)
    text = f"{sign}{digits}.{frac}"
    number = float(text)  # a JSON number (the profile reads it back as the Decimal of its repr)
    if not math.isfinite(number) or Decimal(repr(number)) != Decimal(text):
        raise _cell_error(  # more digits than a JSON number carries exactly: refused, never rounded
            "应为最多 15 位有效数字的数", "expected a number of at most 15 significant digits", cell
        )
    return number


def cell_int(cell: str) -> int:
    """A count cell: digits, thousands optionally grouped (10,000)."""
    m = _rx("cell_int").fullmatch(cell.strip())
    if m is None:
        raise _cell_error("应为整数，如 12 或 10,000", "expected a whole number such as 12 or 10,000", cell)
    sign, grouped, plain = m.groups()
    return int(sign + ((grouped or "").replace(",", "") or plain))


def cell_bool(cell: str) -> bool:
    """A yes/no cell."""
    low = cell.strip().lower()
    if low in YES:
        return True
    if low in NO:
        return False
    raise _cell_error(
        "应为 是/否（或 true/false、yes/no、1/0）", "expected yes or no (true/false, yes/no, 1/0, 是/否)", cell
    )


def labels(path: str) -> dict[str, str]:
    """Written form → code for a field with a fixed set of values: the code itself and the
    interview's labels in both languages (`个体经营`, `individual business`), case-insensitive."""
    return _labels(path)


_LABELS: dict[str, dict[str, str]] = {}


def _labels(path: str) -> dict[str, str]:
    hit = _LABELS.get(path)
    if hit is None:
        from flexcalc.catalogue import CHOICE_LABELS

        hit = {}
        for code, pair in CHOICE_LABELS.get(path, {}).items():
            for label in (code, *pair):
                for form in (label, label.split("（")[0], label.split(" (")[0]):  # 平台就业（外卖…） → 平台就业
                    hit.setdefault(form.strip().lower(), code)
        _LABELS[path] = hit
    return hit


def cell_code(path: str, cell: str):
    """A code cell: the code or one of its labels; anything else is kept for validation to name."""
    s = cell.strip()
    return labels(path).get(s.lower(), cell)


def cell_groups(cell: str) -> list[str]:
    """Group codes or labels separated by ; ； 、 or commas."""
    table = labels("groups")
    return [table.get(g.strip().lower(), g.strip()) for g in _rx("group_separators").split(cell) if g.strip()]


# --- the command line -----------------------------------------------------------------------


def as_of(text: str) -> date | None:
    """--as-of: YYYY-MM-DD only (not 20240630, 2024-W26-7 or 2024-06-30T00:00); None if not one."""
    if not _iso(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# What --encoding accepts: the text encodings of the documented list (any spelling Python's
# codec registry gives the same codec), GBK and GB2312 read as GB18030, their superset.
TEXT_ENCODINGS = {"utf-8": "utf-8-sig", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030", "gbk": "gb18030"}
TEXT_ENCODINGS["gb2312"] = "gb18030"
TEXT_ENCODINGS["cp936"] = "gb18030"


def encoding(name: str) -> str | None:
    """The codec --encoding `name` reads with (UTF-8 always drops a leading BOM), or None."""
    import codecs

    try:
        codec = codecs.lookup(name.strip()).name
    except (LookupError, ValueError):
        return None
    return TEXT_ENCODINGS.get(codec)


def text_encoding(name: str) -> str:
    """The codec of --encoding `name`, or a UsageError (exit 2) naming the encodings read."""
    codec = encoding(name)
    if codec is None:
        from flexcalc.errors import UsageError
        from flexcalc.text import shown

        raise UsageError(
            f"--encoding {shown(name)!r}: not a text encoding flexcalc reads (use utf-8, utf-8-sig or gb18030;"
            " gbk and gb2312 are read as gb18030).",
            f"--encoding {shown(name)!r}：不是可读取的文本编码（可用 utf-8、utf-8-sig 或 gb18030；"
            "gbk 与 gb2312 按 gb18030 读取）。",
        )
    return codec
