"""Start-up stays light: a `check` imports only what one profile against one city needs.

Not a timed test (bench/startup.py measures, on a quiet machine): it fails when a module that
only batch, validation or a cache miss needs finds its way into the import chain of `check`,
which is how start-up regressed before (issue 12: `check` ≤ 1.6x the bare typer+rich+pydantic).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Run `flexcalc check` in this interpreter and print, on exit, every module it imported (not those
# loaded before it starts, such as coverage's when the suite runs under --cov).
PROBE = """
import atexit, json, sys
before = set(sys.modules)
atexit.register(lambda: sys.stderr.write("\\nMODULES " + json.dumps(sorted(set(sys.modules) - before)) + "\\n"))
sys.argv = ["flexcalc", *sys.argv[1:]]
from flexcalc.cli import main
main()
"""

# Never on the way of a check whose data is cached: the bulk paths, the Parquet/JSON engines,
# pydantic's model layer (the cached validator needs only pydantic_core), TOML parsing and
# validation of the data (a cache miss), the other commands' modules, rich's emoji names.
NOT_IMPORTED = (
    "flexcalc.batch",
    "flexcalc.engines.bulk",
    "flexcalc.spark",
    "flexcalc.validate",
    "flexcalc.interview",
    "flexcalc.policy",
    "flexcalc.cli.batch",
    "flexcalc.cli.compare",
    "flexcalc.cli.policy",
    "pyarrow",
    "orjson",
    "pydantic.main",
    "pydantic.type_adapter",
    "tomllib",
    "tomli",
    "rich._emoji_codes",
)


def imported(*args: str, cache_dir) -> list[str]:
    env = {**os.environ, "FLEXCALC_CACHE_DIR": str(cache_dir), "FLEXCALC_CACHE": "1"}
    env.pop("FLEXCALC_DATA", None)
    cmd = [sys.executable, "-c", PROBE, *args]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stderr.splitlines() if x.startswith("MODULES "))
    return json.loads(line.removeprefix("MODULES "))


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_check_imports_only_what_it_needs(tmp_path, fmt):
    check = ("check", "--city", "weihai", "--as-of", "2026-06-30", "--format", fmt, "examples/weihai_startup.json")
    first = imported(*check, cache_dir=tmp_path)  # a cold cache: the data is read and validated
    assert "flexcalc.validate" in first  # so the probe does see what a cache miss imports
    warm = imported(*check, cache_dir=tmp_path)
    heavy = sorted(m for m in warm if m.startswith(NOT_IMPORTED))
    assert heavy == []
    assert "flexcalc.pipeline" in warm and "pydantic_core" in warm  # the probe ran a real check
