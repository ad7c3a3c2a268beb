"""Rewriting files in place from the command line, and the pre-commit hooks, run for real.

The test marked ``hook`` installs this repository with pre-commit (from PyPI, so it needs the
network and takes a minute); deselect it with ``-m "not hook"``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import cleaner
from cleaner import cli, corpus
from conftest import CLEAN, DIRTY, MARKDOWN, MARKDOWN_CLEAN, OLD, PAGE, aged
from test_cli import CLEAN_SEED, DIRTY_SEED

RECORD_LINE = b'{"id": 1E5, "n": 1.10, "text": ' + json.dumps(DIRTY).encode() + b', "k": 1, "k": 2}\n'

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_in_place_fixes_dirty_files_and_leaves_clean_ones_untouched(tmp_path):
    dirty = aged(tmp_path / "dirty.txt", DIRTY.replace("\n", "\r\n").encode())
    clean = aged(tmp_path / "clean.txt", CLEAN_SEED.encode())
    result = runner.invoke(cli.app, ["--in-place", str(dirty), str(clean)])
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", f"Fixing {dirty}\n1 file cleaned, 1 unchanged\n")
    assert dirty.read_bytes() == CLEAN.replace("\n", "\r\n").encode()
    assert (clean.read_bytes(), clean.stat().st_mtime) == (CLEAN_SEED.encode(), OLD[1])


def test_exit_non_zero_on_fix_tells_that_a_file_changed(tmp_path):
    path = aged(tmp_path / "a.txt", DIRTY.encode())
    args = ["--in-place", "--exit-non-zero-on-fix", str(path)]
    assert runner.invoke(cli.app, args).exit_code == 1
    os.utime(path, OLD)
    again = runner.invoke(cli.app, args)
    assert (again.exit_code, again.stderr, path.stat().st_mtime) == (0, "0 files cleaned, 1 unchanged\n", OLD[1])


def test_a_file_that_would_become_empty_is_not_written(tmp_path):
    path = aged(tmp_path / "ads.txt", b"Advertisement\nShare this:\n")
    result = runner.invoke(cli.app, ["--in-place", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"{path}: would become empty; not written (--allow-empty writes it)\n0 files cleaned, 1 failed\n"
    assert path.read_bytes() == b"Advertisement\nShare this:\n"
    assert runner.invoke(cli.app, ["--in-place", "--allow-empty", str(path)]).exit_code == 0
    assert path.read_bytes() == b""


def test_an_undecodable_file_is_reported_and_not_written(tmp_path):
    path = aged(tmp_path / "bad.txt", b"Advertisement\n\xff\n")
    result = runner.invoke(cli.app, ["--in-place", str(path)])
    assert (result.exit_code, result.stderr) == (2, f"{path}:2: not UTF-8 (byte 0xff)\n0 files cleaned, 1 failed\n")
    assert path.stat().st_mtime == OLD[1]


def test_a_file_that_breaks_off_while_read_is_not_rewritten(tmp_path, monkeypatch):
    record = json.dumps({"text": DIRTY}).encode() + b"\n"
    path = aged(tmp_path / "pages.jsonl", record * 2)

    def units_until_a_read_error(inputs, *kinds):
        yield corpus.Unit(0, str(path), 1, record)
        yield corpus.Unit(0, str(path), 0, b"", f"{path}: cannot read: Input/output error")

    monkeypatch.setattr(corpus, "units", units_until_a_read_error)
    result = runner.invoke(cli.app, ["--in-place", str(path)])
    assert (result.exit_code, result.stderr) == (2, f"{path}: cannot read: Input/output error\n0 files cleaned, 1 failed\n")
    assert (path.read_bytes(), path.stat().st_mtime) == (record * 2, OLD[1])
    assert os.listdir(tmp_path) == ["pages.jsonl"]


def test_hooks_are_declared_for_text_md_and_jsonl_files_never_html():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"cleaner-fix", "cleaner-check"}
    names = ("a.txt", "b/c.md", "d.jsonl", "e.markdown", "e.py", "f.html", "g.htm")
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types"] == ["text"]
        assert hook["entry"].split()[0] == "cleaner" and "--force-exclude" in hook["entry"].split()
        assert [bool(re.search(hook["files"], name)) for name in names] == [True] * 4 + [False] * 3


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
                   cwd=repo, check=True, capture_output=True)


def try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    """The real pre-commit, with this repository (its HEAD and uncommitted changes) as the hook repository."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=1800)


@pytest.mark.hook
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_hooks_fix_and_check_a_repository_of_articles(tmp_path):
    repo, home = tmp_path / "articles", tmp_path / "pre-commit-home"
    repo.mkdir()
    (repo / "dirty.txt").write_bytes(DIRTY_SEED.encode())
    (repo / "clean.txt").write_bytes(CLEAN_SEED.encode())
    others = {"README.md": (ROOT / "README.md").read_bytes(), "article.md": MARKDOWN.encode(),
              "page.html": PAGE.encode(), "pages.jsonl": RECORD_LINE, "drafts/x.txt": DIRTY.encode()}
    for name, content in others.items():
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_bytes(content)
    (repo / "pyproject.toml").write_text("[tool.cleaner]\nextend-exclude = ['drafts/']\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "articles")

    check = try_repo(repo, "cleaner-check", home)
    assert check.returncode == 1, check.stdout + check.stderr
    reported = re.findall(r"^(dirty\.txt|clean\.txt):(\d+): (.+?): (.*)$", check.stdout, re.M)
    expected = cleaner.explain(DIRTY_SEED).removed
    assert reported == [("dirty.txt", str(r.line), r.describe(), r.text) for r in expected]
    assert (repo / "dirty.txt").read_bytes() == DIRTY_SEED.encode()

    fix = try_repo(repo, "cleaner-fix", home)
    assert fix.returncode == 1, fix.stdout + fix.stderr
    fixed = set(re.findall(r"^Fixing (\S+)$", fix.stdout, re.M))
    assert fixed == {"dirty.txt", "article.md", "pages.jsonl"}
    # its last line went: the line now last keeps the newline it had
    assert (repo / "dirty.txt").read_bytes() == cleaner.clean(DIRTY_SEED).encode() + b"\n"
    assert (repo / "article.md").read_bytes() == MARKDOWN_CLEAN.encode()
    assert (repo / "pages.jsonl").read_bytes().startswith(
        RECORD_LINE.replace(json.dumps(DIRTY).encode(), json.dumps(CLEAN).encode())[:-2] + b', "cleaner": {')
    assert (repo / "clean.txt").read_bytes() == CLEAN_SEED.encode()
    for name, content in others.items():  # the README, the HTML page and the excluded draft: as they were
        if name not in fixed:
            assert (repo / name).read_bytes() == content, name
