"""`flexcalc schema`: the JSON Schema of the profile, its descriptions in the --lang chosen."""

from __future__ import annotations

from flexcalc.cli.common import Lang, LangOption, echo, exit_codes
from flexcalc.cli.help import Example, describe


@describe(
    "schema",
    zh="输出人员信息的 JSON Schema（人员信息格式），各字段说明用所选语言。",
    examples=[
        Example("flexcalc schema", "The profile's fields, described in Chinese:", "人员信息的各字段，中文说明："),
        Example("flexcalc schema --lang en > profile.schema.json", "In English, into a file:", "英文说明，写入文件："),
    ],
    exits=(0, 141),
)
def schema(lang: Lang = LangOption) -> None:
    """Print the JSON Schema of the profile."""
    import json

    from flexcalc.models.profile import profile_adapter

    with exit_codes(lang):
        out = profile_adapter().json_schema()
        if lang is Lang.zh:
            _describe(out, out, "")
        echo(json.dumps(out, ensure_ascii=False, indent=2))


def _describe(root: dict, node: dict, prefix: str) -> None:
    """Put the Chinese question of each field (questions.WORDING) in its description."""
    from flexcalc.questions import WORDING

    for key, sub in node.get("properties", {}).items():
        path = prefix + key
        if path in WORDING:
            sub["description"] = WORDING[path][0]
        for ref in [sub.get("$ref")] + [a.get("$ref") for a in sub.get("anyOf", [])]:
            if ref and ref.startswith("#/$defs/"):
                _describe(root, root["$defs"][ref.split("/")[-1]], path + ".")
