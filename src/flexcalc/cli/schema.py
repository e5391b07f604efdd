"""`flexcalc schema`: the JSON Schema of the profile."""

from __future__ import annotations

from flexcalc.cli.common import echo, exit_codes


def schema() -> None:
    """Print the JSON Schema of the profile (人员信息格式)."""
    import json

    from flexcalc.models.profile import profile_adapter

    with exit_codes():
        echo(json.dumps(profile_adapter().json_schema(), ensure_ascii=False, indent=2))
