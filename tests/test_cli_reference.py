"""Issue 21 §6: every command and option has words in both languages, real placeholders, examples
that run and exit codes; docs/cli.md and docs/cli.zh.md are what the commands print."""

from __future__ import annotations

import re
import shutil

import pytest
import typer

import readme_commands
import regenerate
from flexcalc.cli import COMMANDS, build_app
from flexcalc.cli.help import DOCS, EXIT_WORDS, HELP_ZH

GROUP = typer.main.get_command(build_app())
CJK = re.compile(r"[\u4e00-\u9fff]")


def _params(name: str):
    command = GROUP if name == "flexcalc" else GROUP.commands[name]
    return [p for p in command.params if not getattr(p, "hidden", False)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_reference_is_what_the_commands_print(lang):
    path = regenerate.REFERENCE[lang]
    assert path.read_text(encoding="utf-8") == regenerate.reference(lang), "run python tests/regenerate.py"


def test_every_command_is_described_in_both_languages_with_examples_and_exit_codes():
    assert list(GROUP.commands) == list(COMMANDS)
    for name in ["flexcalc", *COMMANDS]:
        doc = DOCS.get(name)
        assert doc is not None, f"{name}: no describe(...) in its module"
        assert CJK.search(doc.zh), name
        assert doc.examples and doc.exits and set(doc.exits) <= set(EXIT_WORDS), name
        assert 0 in doc.exits and (name in ("schema",) or 2 in doc.exits), name
        for ex in doc.examples:
            assert ex.command.split(" | ")[-1].startswith("flexcalc") and CJK.search(ex.zh) and ex.en, ex
    for name, command in GROUP.commands.items():
        assert command.help and not CJK.search(command.help), f"{name}: the docstring is its English summary"


@pytest.mark.parametrize("name", ["flexcalc", *COMMANDS])
def test_every_option_has_words_in_both_languages_and_a_real_placeholder(name):
    for p in _params(name):
        assert p.help, f"{name} {p.opts}: no help"
        assert p.help.strip() in HELP_ZH, f"{name} {p.opts}: no Chinese help (write it with h(en, zh))"
        assert CJK.search(HELP_ZH[p.help.strip()]), (name, p.opts)
        flag = getattr(p, "is_flag", False) or getattr(p.type, "choices", None)
        if not flag:
            assert p.metavar and p.metavar not in ("<str>", "TEXT", "STR") and "<" not in p.metavar, (name, p.opts)


def test_the_reference_lists_every_command_and_option():
    """A command or an option missing from docs/cli.md (or its Chinese) fails here."""
    for lang, path in regenerate.REFERENCE.items():
        text = path.read_text(encoding="utf-8")
        for name in COMMANDS:
            section = text.split(f"## flexcalc {name}\n", 1)[1].split("\n## ", 1)[0]
            for p in _params(name):
                for opt in p.opts if p.param_type_name == "option" else [p.metavar]:
                    assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", section), (lang, name, opt)


def test_help_is_in_chinese_when_the_language_is_chinese(invoke, monkeypatch):
    """The default, FLEXCALC_LANG, the group's --lang and the command's --lang (after --help too)."""
    zh = invoke("check", "--help").stdout
    assert "用法：flexcalc check" in zh and "示例：" in zh and "退出码：" in zh and "Assessment date" not in zh
    assert "人员信息 JSON 文件" in zh and "<str>" not in zh
    for args in (["check", "--help", "--lang", "en"], ["--lang", "en", "check", "--help"]):
        en = invoke(*args).stdout
        assert "Usage: flexcalc check" in en and "Examples:" in en and "Exit codes:" in en, args
        assert not CJK.search(en.replace("威海", "").replace("市", "")), args
    monkeypatch.setenv("FLEXCALC_LANG", "en")
    assert "Usage: flexcalc check" in invoke("check", "--help").stdout
    assert "用法：" in invoke("check", "--help", "--lang", "zh").stdout


def test_the_examples_in_the_help_run_from_the_repository_root(invoke, monkeypatch, tmp_path):
    """Each example as the shell would run it (a printf … | pipe, a > file), with its exit code."""
    shutil.copytree(regenerate.ROOT / "examples", tmp_path / "examples")
    shutil.copytree(regenerate.ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    for name, doc in DOCS.items():
        for ex in doc.examples:
            args, stdin, stdout, piped = readme_commands.split(ex.command)
            text = piped if piped is not None else (tmp_path / stdin).read_text(encoding="utf-8") if stdin else None
            r = invoke(*args, input=text)
            assert r.exit_code == ex.exit, f"{name}: {ex.command}\n{r.stderr}"


def test_shell_completion_completes_commands_options_and_cities(monkeypatch, capsys):
    def complete(words: str, cword: int) -> list[str]:
        monkeypatch.setenv("_FLEXCALC_COMPLETE", "complete_bash")
        monkeypatch.setenv("COMP_WORDS", words)
        monkeypatch.setenv("COMP_CWORD", str(cword))
        with pytest.raises(SystemExit):
            GROUP.main(args=[], prog_name="flexcalc")
        return capsys.readouterr().out.split()

    assert complete("flexcalc ch", 1) == ["check"]
    assert "--format" in complete("flexcalc check --f", 2)
    assert complete("flexcalc check --format ", 3) == ["table", "json", "markdown"]
    assert complete("flexcalc policy --city w", 3) == ["weihai"]
    monkeypatch.delenv("_FLEXCALC_COMPLETE")
    opts = {o for p in GROUP.params for o in p.opts}
    assert {"--install-completion", "--show-completion"} <= opts
