"""Shared fixtures: the packaged data, a CLI runner at a fixed terminal width, profile files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from flexcalc.cli import app
from flexcalc.data import load

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 100

# Hypothesis profiles (tests/test_properties.py): "flexcalc", the default, keeps the property
# suite to a few tens of seconds on two cores; `--hypothesis-profile=long` searches deeper.
settings.register_profile("flexcalc", max_examples=100, deadline=None, print_blob=True)
settings.register_profile("long", max_examples=3000, deadline=None, print_blob=True)
settings.load_profile("flexcalc")


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Keep the validated-data cache of the test run out of the user's home."""
    mp = pytest.MonkeyPatch()
    mp.setenv("FLEXCALC_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def data():
    return load(ROOT / "data" / "cities.toml").data


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("FLEXCALC_DATA", raising=False)
    return CliRunner()


@pytest.fixture
def invoke(runner):
    """Run the CLI; returns the click Result (stdout in .stdout, stderr in .stderr)."""

    def run(*args, input=None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return run


@pytest.fixture
def profile_file(tmp_path):
    """Write a profile dict (or raw text) to a file and return its path."""

    def write(profile, name="profile.json"):
        path = tmp_path / name
        path.write_text(
            profile if isinstance(profile, str) else json.dumps(profile, ensure_ascii=False), encoding="utf-8"
        )
        return path

    return write
