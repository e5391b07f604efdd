"""Issue 10: the README's commands paste and run from the repository root, and its samples are
what the commands print (at 80 columns)."""

from __future__ import annotations

import importlib.util
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

import readme_commands as readme

TEXT = readme.README.read_text(encoding="utf-8")
HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """A copy of what the commands read (examples/, data/), so what they write stays out of the tree."""
    tmp = tmp_path_factory.mktemp("readme")
    for folder in ("examples", "data"):
        shutil.copytree(readme.ROOT / folder, tmp / folder)
    return tmp


def test_no_path_outside_the_repository():
    assert "../shared" not in TEXT and "docs/contract.md" in TEXT


def test_the_first_setup_command_prints_the_first_sample():
    setup = readme.blocks(TEXT)[0][1].strip()
    first = readme.samples(TEXT)[0][0]
    assert setup.endswith("&& " + first), "the set-up's check must be the sample's command (with --as-of)"


def test_every_command_runs_from_the_repository_root(root, invoke, monkeypatch):
    """Each line as the shell would run it (arguments, < file, > file, printf … |), in-process for speed."""
    todo = [(c, code) for c, code in readme.commands(TEXT) if HAS_PYARROW or "parquet" not in c]
    assert len(todo) >= 12
    monkeypatch.chdir(root)
    for command, code in todo:
        args, stdin, stdout, piped = readme.split(command)
        text = piped if piped is not None else (root / stdin).read_text(encoding="utf-8") if stdin else None
        result = invoke(*args, input=text)
        assert result.exit_code == code, f"{command}\n{result.stderr}"
        assert result.exception is None or isinstance(result.exception, SystemExit), command
        if stdout:
            (root / stdout).write_text(result.stdout, encoding="utf-8")


def test_a_pipe_and_a_redirect_run_in_the_shell_too(root):
    """One of each through bash itself, so the in-process reading of the lines is not the only one."""
    lines = [c for c, _ in readme.commands(TEXT) if " < " in c or " | " in c][:2]
    assert lines
    env = readme.env()
    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(lambda c: (c, readme.run(c, root, env)), lines))
    for command, result in done:
        assert result.returncode == 0 and "Traceback" not in result.stderr, command


def test_samples_are_what_the_commands_print(root, invoke, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(root)
    cases = readme.samples(TEXT)
    assert len(cases) >= 3
    for command, shown, hidden in cases:
        args, _, _, piped = readme.split(command)
        out = invoke(*args, input=piped)
        assert out.exit_code == 0, out.stderr
        lines = out.stdout.rstrip("\n").split("\n")
        if hidden is None:
            assert lines == shown, f"{command}: refresh with python tests/readme_commands.py --write"
        else:
            assert lines[: len(shown)] == shown and len(lines) - len(shown) == hidden, command


def test_every_excerpt_of_a_screen_is_a_checked_sample():
    """The interview excerpt was once a plain block, and went stale (a measure missing from it)."""
    for _, body in readme.blocks(TEXT):
        last = body.rstrip("\n").split("\n")[-1]
        if readme.MORE.match(last):
            first = body.split("\n", 1)[0]
            assert any(first == f"$ {command}" for command, _, _ in readme.samples(TEXT)), first


def test_the_readme_lists_every_exit_code_of_the_contract():
    """The README's table once lacked 1, 130 and 141."""
    import re

    contract = (readme.ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    wanted = set(re.findall(r"^\| (\d+) \|", contract.split("### Exit codes", 1)[1].split("###", 1)[0], re.M))
    listed = set(re.findall(r"^\| (\d+) \|", TEXT.split("## Exit codes", 1)[1].split("\n## ", 1)[0], re.M))
    assert wanted == {"0", "1", "2", "3", "4", "130", "141", "143"} and listed == wanted


def _install_lines() -> list[tuple[str, str]]:
    import re

    out = []  # the commands of the README's and docs' shell blocks, .ci/run, and every message
    docs = [readme.README, *sorted((readme.ROOT / "docs").glob("*.md"))]
    for path in docs:
        shell = "".join(body for info, body in readme.blocks(path.read_text(encoding="utf-8")) if info == "sh")
        out += [(path.name, m) for m in re.findall(r"pip (?:install|wheel)[^\n]*", shell)]
    run = (readme.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    out += [(".ci/run", m) for m in re.findall(r"^\s*(?:python -m )?(pip (?:install|wheel)[^\n]*)", run, re.M)]
    for path in sorted((readme.ROOT / "src" / "flexcalc").rglob("*.py")):
        out += [(path.name, m) for m in re.findall(r"pip install[^\n'\"]*'[^']*'", path.read_text(encoding="utf-8"))]
    return out


def test_every_install_line_installs_this_checkout_not_the_public_flexcalc():
    """Issue 21 §1: `pip install 'flexcalc[parquet]'` fetched an unrelated package of that name."""
    import re
    import shlex

    lines = _install_lines()
    assert len(lines) >= 6
    for where, line in lines:
        command = re.split(r"&&|\|\||;|#", line)[0]
        words = [w for w in shlex.split(command) if not w.startswith("-")][2:]
        targets = [w for w in words if w not in ("dist",)]
        for target in targets:
            ok = re.match(r"(\.|dist/|pyarrow$|pip$)", target)
            assert ok, f"{where}: {line!r} installs {target!r} by name, not from the checkout"


def test_the_distribution_cannot_be_taken_for_the_public_flexcalc():
    import re

    pyproject = (readme.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    name = re.search(r'^name = "([^"]+)"', pyproject, re.M).group(1)
    assert name != "flexcalc" and name.startswith("flexcalc-")
    assert 'flexcalc = "flexcalc.cli:main"' in pyproject  # the command stays flexcalc
    assert f"distribution is named `{name}`" in TEXT and "is not this\none" in TEXT
    assert f"dist/{name.replace('-', '_')}-*.whl" in TEXT  # the Spark executors' wheel


def _readme_fields() -> set[str]:
    """The field paths the README's profile table names (`a.{x, y}` and `training[] of {…}` expanded)."""
    import re

    table = TEXT.split("The fields (see `examples/weihai_startup.json`):", 1)[1].split("\n\n", 2)[1]
    fields = set()
    for cell in re.findall(r"^\| ([^|]+) \|", table, re.M):
        for tick in re.findall(r"`([^`]+)`", cell):
            m = re.fullmatch(r"([\w.]+)\.\{([^}]+)\}", tick)
            if m:
                fields |= {f"{m.group(1)}.{k.strip()}" for k in m.group(2).split(",")}
            elif re.fullmatch(r"[\w.]+(\[\])?", tick):  # training[] of {…}: the list is the field
                fields.add(tick.removesuffix("[]"))
    return fields


def test_the_readme_profile_table_names_every_field_of_the_schema():
    """Issue 21 §7: business.planned was accepted but missing from the README's table."""
    from flexcalc.models.profile import profile_adapter
    from test_contract_doc import _schema_paths

    schema = profile_adapter().json_schema()
    assert _readme_fields() == _schema_paths(schema, schema) - {"extra"}
