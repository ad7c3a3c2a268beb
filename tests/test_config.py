"""Configuration: the nearest .cleaner.toml or [tool.cleaner], checked on load, under the flags."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import cli, config
from cleaner.config import ConfigError, Settings
from cleaner.options import Options
from conftest import CLEAN, DIRTY
from test_cli import USER_PACK


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_nearest_config_is_found_from_a_subfolder(tmp_path):
    found = write(tmp_path / "pyproject.toml", "[tool.cleaner]\nlang = 'en'\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert config.find(tmp_path / "a" / "b") == found


def test_cleaner_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.cleaner]\nlang = 'en'\n")
    found = write(tmp_path / ".cleaner.toml", "lang = 'de'\n")
    assert config.find(tmp_path) == found


def test_pyproject_without_the_table_is_passed_over(tmp_path):
    found = write(tmp_path / ".cleaner.toml", "lang = 'en'\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    assert config.find(tmp_path / "sub") == found


def test_every_setting_can_be_configured(tmp_path):
    path = write(tmp_path / "pyproject.toml", """
[tool.cleaner]
select = ["LK", "AD101,NL"]
ignore = "LK102"
rules = ["packs/acme.toml"]
lang = "en"
keep-title = true
keep-comments = true
allow-empty = true
text-field = "content"
jobs = 0
on-error = "pass"
time-budget = 2.5
min-prose-kept = 0
builtin-rules = false
max-chars = 0
max-lines = 500
regex-timeout = 0.5
exclude = ["drafts/"]
extend-exclude = "*.bak.txt"
profile = "corpus/sites.profile"
site-field = "meta.link"
site-from = "^corpus/([^/]+)/"
""")
    settings = config.resolve({}, path)
    options = Options(select=("LK", "AD101", "NL"), ignore=("LK102",),
                      rule_files=(str(tmp_path / "packs" / "acme.toml"),), lang="en", keep_title=True,
                      keep_comments=True, time_budget=2.5, min_prose_kept=0.0, builtin_rules=False,
                      max_chars=None, max_lines=500, regex_timeout=0.5, profile=str(tmp_path / "corpus" / "sites.profile"))
    assert settings == Settings(options, allow_empty=True, text_field="content", jobs=0, on_error="pass",
                                exclude=("drafts/",), extend_exclude=("*.bak.txt",), site_field="meta.link",
                                site_from="^corpus/([^/]+)/")
    assert all(getattr(settings, f.name) != f.default for f in dataclasses.fields(Settings))
    assert all(getattr(options, f.name) != f.default for f in dataclasses.fields(Options))


def test_zero_is_no_limit_in_the_file(tmp_path):
    path = write(tmp_path / ".cleaner.toml", "regex-timeout = 0\ntime-budget = 0\nmax-lines = 0\n")
    options = config.resolve({}, path).options
    assert (options.regex_timeout, options.time_budget, options.max_lines) == (None, None, None)


def test_flags_win_over_the_file_and_replace_its_lists(tmp_path):
    path = write(tmp_path / ".cleaner.toml", "select = ['LK', 'AD']\nkeep-title = true\nlang = 'de'\n")
    settings = config.resolve({"select": ("NL",), "keep_title": False, "lang": None}, path)
    assert (settings.options.select, settings.options.keep_title, settings.options.lang) == (("NL",), False, "de")


@pytest.mark.parametrize("text, words", [
    ("colour = 'blue'\n", ["unknown key 'colour'", "select"]),
    ("select = 3\n", ["select must be"]),
    ("keep-title = 'yes'\n", ["keep-title must be true or false"]),
    ("lang = 'english'\n", ["lang must be an ISO 639-1 code"]),
    ("jobs = -1\n", ["jobs must be"]),
    ("on-error = 'ignore'\n", ["on-error must be one of"]),
    ("time-budget = -1\n", ["time-budget must be a number of seconds"]),
    ("min-prose-kept = 1.5\n", ["min-prose-kept must be a share"]),
    ("regex-timeout = 'soon'\n", ["regex-timeout must be a number of seconds"]),
    ("max-chars = 1.5\n", ["max-chars must be a whole number"]),
    ("exclude = [3]\n", ["exclude must be a glob"]),
    ("select = [\n", ["not valid TOML"]),
])
def test_bad_configuration_is_one_line_naming_the_file(tmp_path, text, words):
    path = write(tmp_path / ".cleaner.toml", text)
    with pytest.raises(ConfigError) as error:
        config.resolve({}, path)
    message = str(error.value)
    assert message.startswith(str(path)) and "\n" not in message
    assert all(word in message for word in words)


def test_errors_in_pyproject_name_the_table(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.cleaner]\nlang = 1\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: \[tool.cleaner\]: lang must be"):
        config.resolve({}, path)


runner = CliRunner()


def test_the_command_line_reads_the_config_next_to_its_files(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.cleaner]\nrules = 'acme.toml'\n")
    write(tmp_path / "acme.toml", USER_PACK)
    article = write(tmp_path / "articles" / "a.txt", DIRTY + "Brought to you by ACME\n")
    result = runner.invoke(cli.app, ["--explain", str(article)])
    assert "AD901 acme-sponsor: Brought to you by ACME" in result.stdout


def test_a_flag_overrides_the_config(tmp_path):
    path = write(tmp_path / ".cleaner.toml", "select = 'TK'\n")
    (tmp_path / "a.txt").write_text(DIRTY)
    configured = runner.invoke(cli.app, ["--explain", str(tmp_path / "a.txt")])
    assert ": AD" not in configured.stdout
    flagged = runner.invoke(cli.app, ["--explain", "--select", "AD", "--config", str(path), str(tmp_path / "a.txt")])
    assert ": AD" in flagged.stdout
    assert runner.invoke(cli.app, ["--select", "AD,SH,NL", str(tmp_path / "a.txt")]).stdout == CLEAN


def test_a_bad_config_stops_the_run_with_exit_2(tmp_path):
    write(tmp_path / ".cleaner.toml", "colour = 'blue'\n")
    (tmp_path / "a.txt").write_text(DIRTY)
    result = runner.invoke(cli.app, [str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{tmp_path / '.cleaner.toml'}: unknown key 'colour' (known: keep-title, "
                                          "keep-comments, lang, select, ignore, rules, builtin-rules, max-chars, "
                                          "max-lines, regex-timeout, time-budget, min-prose-kept, profile, "
                                          "allow-empty, text-field, jobs, on-error, exclude, extend-exclude, site-field, site-from)"]
    assert result.stdout == ""
