"""Turning JSON text into a validated Profile, with readable errors (exit 3)."""

from __future__ import annotations

import json

from flexcalc.errors import ProfileError, json_type, validation_problems


def parse_profile(text: str, source: str, record: str = ""):
    """A Profile from one JSON object; ProfileError names the source, record and field paths."""
    from pydantic_core import ValidationError

    from flexcalc.models.profile import profile_validator

    where = f"{source}{record}"
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise ProfileError(
            f"{where}: not valid JSON: {e.msg} at line {e.lineno} column {e.colno}.",
            zh=f"{where}：不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列：{e.msg}）。",
        ) from None
    if not isinstance(obj, dict):
        raise ProfileError(
            f"{where}: a profile must be a JSON object, got {json_type(obj)}.",
            zh=f"{where}：人员信息应为 JSON 对象（{{…}}），实际是{json_type(obj, 'zh')}。",
        )
    try:
        return profile_validator().validate_json(text)
    except ValidationError as e:
        problems = validation_problems(e, obj)
        shown = "; ".join(f"{path}: {msg}" for path, msg in problems)
        shown_zh = "；".join(f"{path}：{msg}" for path, msg in validation_problems(e, obj, "zh"))
        raise ProfileError(
            f"{where}: invalid profile — {shown}.", problems, zh=f"{where}：人员信息有误 — {shown_zh}。"
        ) from None
