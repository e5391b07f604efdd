"""Finding, reading and validating the cities data file (exit 4 on any problem)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from flexcalc.errors import DataError, UsageError

ENV_VAR = "FLEXCALC_DATA"


def _tomllib():
    """tomllib (tomli before 3.11), imported on first use: a check reads the cached data, not TOML."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


def __getattr__(name: str):
    """`from flexcalc.data import tomllib` (validate.py, tests) without importing it at start-up."""
    if name == "tomllib":
        return _tomllib()
    raise AttributeError(name)


@dataclass(frozen=True)
class Loaded:
    """The validated data with where it came from and its SHA-256 (the audit stamp)."""

    data: object  # CitiesData; imported lazily to keep start-up light
    path: str
    sha256: str


def default_path() -> Path:
    """The packaged data file, or data/cities.toml of a source checkout."""
    packaged = Path(__file__).parent / "data" / "cities.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "cities.toml"


def load(path: str | os.PathLike | None = None) -> Loaded:
    """Load the cities file: --data, else $FLEXCALC_DATA, else the packaged one."""
    chosen = Path(path) if path else Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else default_path()
    from flexcalc import limits

    try:
        raw = limits.read_path(chosen, limits.DATA_BYTES)
    except limits.TooLarge:
        en, zh = limits.size_words(limits.DATA_BYTES)
        raise DataError(
            f"{chosen}: the cities data file is larger than {en}: is it a cities TOML file?",
            f"{chosen}：城市数据文件超过 {zh}：它是城市数据 TOML 文件吗？",
        ) from None
    except OSError as e:
        why = e.strerror or e
        from flexcalc.errors import os_why

        why_zh = os_why(e, "zh")
        raise DataError(
            f"{chosen}: cannot read the cities data file ({why}).", f"{chosen}：无法读取城市数据文件（{why_zh}）。"
        ) from None
    return parse(raw, str(chosen))


def parse(raw: bytes, name: str) -> Loaded:
    """Validate the bytes of a cities file; every problem is reported with its TOML key path."""
    import hashlib

    from flexcalc import cache

    sha = hashlib.sha256(raw).hexdigest()
    data = cache.get("cities", sha)
    if data is None:
        data = _validate(raw, name)
        cache.put("cities", sha, data)
    return Loaded(data, name, sha)


TOML_NESTING_MAX = 32  # a cities file nests four or five levels; deeper is never valid data


def parse_toml(text: str) -> dict:
    """The TOML document (floats as Decimal); nesting too deep to follow is a TOMLDecodeError too."""
    from decimal import Decimal

    tomllib = _tomllib()
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except RecursionError:  # tomllib recurses once a level: thousands of [[[ exhaust the stack
        doc = None
    except tomllib.TOMLDecodeError:
        raise
    except ValueError:  # int() of more digits than Python converts (sys.get_int_max_str_digits)
        raise tomllib.TOMLDecodeError(_long_integer(text)) from None
    if doc is None or _depth(doc) > TOML_NESTING_MAX:
        raise tomllib.TOMLDecodeError(f"nested more than {TOML_NESTING_MAX} levels deep")
    return doc


def _long_integer(text: str) -> str:
    """Where the integer too long to read is (the words of a TOMLDecodeError)."""
    import re

    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
    m = re.search("[0-9][0-9_]{" + str(limit) + ",}", text)
    at = ""
    if m:
        line = text.count("\n", 0, m.start()) + 1
        at = f" (at line {line}, column {m.start() - text.rfind(chr(10), 0, m.start())})"
    return f"an integer of more than {limit:,} digits{at}: no figure has that many"


def table(value) -> dict:
    """A parsed TOML table, or an empty one when the value is anything else (bad data is reported apart)."""
    return value if isinstance(value, dict) else {}


def _depth(doc) -> int:
    """How deep tables and arrays nest (without recursion)."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > TOML_NESTING_MAX:
            return deepest
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return deepest


def _validate(raw: bytes, name: str):
    from pydantic import ValidationError

    from flexcalc.models.cities import CitiesData
    from flexcalc.models.fields import adapter
    from flexcalc.validate import problems_of

    tomllib = _tomllib()
    try:
        doc = parse_toml(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise DataError(
            f"{name}: not UTF-8 text ({e.reason} at byte {e.start}).", f"{name}：不是 UTF-8 文本（第 {e.start} 字节）。"
        ) from None
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"{name}: not valid TOML: {e}.", f"{name}：TOML 格式错误：{e}。") from None
    try:
        data, err = adapter(CitiesData).validate_python(doc), None
    except ValidationError as e:
        data, err = None, e
    problems = problems_of(doc, err)  # the words of `flexcalc validate`, and what the schema cannot see
    if problems:
        shown = "; ".join(f"{p.path}: {p.message}" for p in problems[:8])
        more = f" (and {len(problems) - 8} more)" if len(problems) > 8 else ""
        shown_zh = "；".join(f"{p.path}：{p.text('zh')}" for p in problems[:8])
        more_zh = f"（另有 {len(problems) - 8} 处）" if len(problems) > 8 else ""
        raise DataError(
            f"{name}: invalid cities data — {shown}{more}.", f"{name}：城市数据有误 — {shown_zh}{more_zh}。"
        ) from None
    _timelines(data, doc, name)
    return data


def _timelines(data, doc: dict, name: str) -> None:
    """Link dated and national figures; a malformed timeline is invalid data (exit 4)."""
    from flexcalc.timeline import link, raw_problems

    problems = list(dict.fromkeys(raw_problems(doc) + link(data, doc)))
    if problems:
        shown = "; ".join(f"{p}: {en}" for p, en, _ in problems[:8])
        shown_zh = "；".join(f"{p}：{zh}" for p, _, zh in problems[:8])
        raise DataError(f"{name}: invalid cities data — {shown}.", f"{name}：城市数据有误 — {shown_zh}。")


def resolve_city(data, name: str):
    """The (id, City) for an id or a Chinese name (威海, 威海市); UsageError lists the known ones."""
    key = name.strip()
    for city_id, city in data.cities.items():
        if key.lower() == city_id or key == city.name or key in city.aliases:
            return city_id, city
    known = ", ".join(f"{cid} ({c.name_en})" for cid, c in data.cities.items())
    known_zh = "、".join(f"{cid}（{c.name}）" for cid, c in data.cities.items())
    raise UsageError(f"unknown city {name!r}; known cities: {known}.", f"未知城市 {name!r}；可选城市：{known_zh}。")
