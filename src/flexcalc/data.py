"""Finding, reading and validating the cities data file (exit 4 on any problem)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flexcalc.errors import DataError, UsageError
from flexcalc.toml import _tomllib, parse_toml

ENV_VAR = "FLEXCALC_DATA"


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
