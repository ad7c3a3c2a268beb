"""Options: each one declared once, and told the same way to the library, [tool.cleaner] and the command line."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cleaner
from cleaner import cli
from cleaner.options import SPECS, Options
from conftest import DIRTY

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")

# Each option told on the command line, and in a configuration file, and the value both give.
SAMPLES = {
    "keep_title": (["--keep-title"], "keep-title = true", True),
    "keep_comments": (["--keep-comments"], "keep-comments = true", True),
    "lang": (["--lang", "DE"], "lang = 'DE'", "de"),
    "select": (["--select", "LK,AD"], "select = 'LK,AD'", ("LK", "AD")),
    "ignore": (["--ignore", "CM", "--ignore", "NL"], "ignore = ['CM', 'NL']", ("CM", "NL")),
    "rule_files": (["--rules", "/packs/a.toml"], "rules = ['/packs/a.toml']", ("/packs/a.toml",)),
    "builtin_rules": (["--no-builtin-rules"], "builtin-rules = false", False),
    "max_chars": (["--max-chars", "0"], "max-chars = 0", None),
    "max_lines": (["--max-lines", "50"], "max-lines = 50", 50),
    "regex_timeout": (["--regex-timeout", "0.5"], "regex-timeout = 0.5", 0.5),
    "time_budget": (["--time-budget", "30"], "time-budget = 30", 30.0),
    "min_prose_kept": (["--min-prose-kept", "0"], "min-prose-kept = 0", 0.0),
    "profile": (["--profile", "/p/sites.profile"], "profile = '/p/sites.profile'", "/p/sites.profile"),
}


def options_of_a_run(monkeypatch, folder: Path, *args: str) -> Options:
    """The Options a command line run cleans with (the run stops as its cleaner is made)."""
    seen = []

    def made(options):
        seen.append(options)
        raise ValueError("stop")

    monkeypatch.setattr(cleaner, "default_cleaner", made)
    (folder / "a.txt").write_text(DIRTY)
    result = CliRunner().invoke(cli.app, [*args, str(folder / "a.txt")])
    assert (result.exit_code, result.stderr) == (2, "cleaner: stop\n")
    return seen[0]


@pytest.mark.parametrize("name", SPECS)
def test_every_option_is_a_flag_and_a_configuration_key(monkeypatch, tmp_path, name):
    flags, line, value = SAMPLES[name]
    assert value != Options.__dataclass_fields__[name].default
    (tmp_path / "by-flag").mkdir()
    assert getattr(options_of_a_run(monkeypatch, tmp_path / "by-flag", *flags), name) == value
    (tmp_path / "by-file").mkdir()
    (tmp_path / "by-file" / ".cleaner.toml").write_text(line + "\n")
    assert getattr(options_of_a_run(monkeypatch, tmp_path / "by-file"), name) == value


@pytest.mark.parametrize("name", SPECS)
def test_every_option_is_in_the_readme(name):
    described = README[README.index("Options (`Cleaner(...)`"):]
    configured = README[README.index("[tool.cleaner]\nselect"):]
    assert f"`{name}`" in described[:described.index("\n\n")]
    assert re.search(rf"^{SPECS[name].key} = ", configured[:configured.index("```")], re.M)


def test_the_flags_help_says_what_each_option_does():
    shown = " ".join(CliRunner().invoke(cli.app, ["--help"], terminal_width=1000).stdout.split())
    for spec in SPECS.values():
        assert f"--{spec.key}" in shown and spec.help in shown


def test_options_are_given_as_one_value_or_as_keywords_alike():
    options = Options(select=["AD", "SH"], keep_title=True)
    assert cleaner.Cleaner(options).options == cleaner.Cleaner(select=("AD", "SH"), keep_title=True).options
    assert cleaner.Cleaner(options, keep_title=False).options == dataclasses.replace(options, keep_title=False)
    assert cleaner.clean(DIRTY, options) == cleaner.clean(DIRTY, select=["AD", "SH"], keep_title=True)


def test_any_list_of_ids_keys_one_shared_cleaner():
    assert cleaner.clean(DIRTY, select={"LK"}) == cleaner.clean(DIRTY, select=["LK"])
    shared = cleaner.default_cleaner(select=["AD", "SH"])
    assert cleaner.default_cleaner(select={"SH", "AD"}) is shared
    assert cleaner.default_cleaner(Options(select=("AD", "SH"))) is shared
    assert cleaner.default_cleaner() is not shared


def test_an_unknown_option_is_one_error_naming_it():
    for make in (lambda: Options.of(colour=1), lambda: cleaner.Cleaner(colour=1),
                 lambda: cleaner.clean(DIRTY, colour=1), lambda: cleaner.clean_html("<p>x</p>", colour=1), lambda: cleaner.clean_batch([DIRTY], colour=1)):
        with pytest.raises(TypeError, match=r"^unknown option 'colour' \(options: keep_title, .*, profile\)$"):
            make()


def test_zero_on_the_command_line_is_no_limit(monkeypatch, tmp_path):
    options = options_of_a_run(monkeypatch, tmp_path, "--regex-timeout", "0", "--time-budget", "0", "--max-lines", "0")
    assert (options.regex_timeout, options.time_budget, options.max_lines) == (None, None, None)

