"""Which files a run touches, and how: each kind cleaned its own way or skipped, folders walked like
ruff and black (.gitignore, hidden and virtual-environment folders, --exclude), stdin named with
--stdin-filename, HTML never rewritten as text, and the closing summary."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import cleaner
from cleaner import cli
from conftest import ROOT
from test_cli import BODY, CLEAN, DIRTY

runner = CliRunner()

MARKDOWN = ("# Bike lanes\n\n" + BODY[0] + "\n\nAdvertisement\n\n| a | b |\n|---|---|\n| Share this: | x |\n\n"
            "```\nAdvertisement\n```\n\n- " + BODY[1] + "\n- Share this:\n\n" + BODY[2] + "\n")
MARKDOWN_CLEAN = ("# Bike lanes\n\n" + BODY[0] + "\n\n| a | b |\n|---|---|\n| Share this: | x |\n\n"
                  "```\nAdvertisement\n```\n\n- " + BODY[1] + "\n\n" + BODY[2] + "\n")
PAGE = ("<!doctype html><html><head><title>Bike lanes | City News</title></head><body><article>"
        + "".join(f"<p>{line}</p>" for line in BODY) + "<p>Share this:</p></article></body></html>")


def run(*args: str, input: bytes | str | None = None):
    return runner.invoke(cli.app, list(args), input=input)


def tree(root, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())


def test_markdown_is_cleaned_block_by_block_and_its_structure_kept(tmp_path):
    path = tmp_path / "article.md"
    path.write_text(MARKDOWN)
    assert run(str(path)).stdout == MARKDOWN_CLEAN
    assert run("--in-place", str(path)).exit_code == 0
    assert path.read_text() == MARKDOWN_CLEAN
    assert run("--check", str(path)).exit_code == 0  # a second pass finds nothing


def test_this_projects_readme_is_left_as_it_is():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert cleaner.clean_markdown(text) == text


def test_html_files_are_cleaned_as_html_and_never_rewritten_as_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    printed = run(str(page))
    assert printed.stdout == "\n".join(BODY) + "\n"
    refused = run("--in-place", str(page))
    assert refused.exit_code == 2 and "--output-dir" in refused.stderr.splitlines()[0]
    assert page.read_text() == PAGE
    assert run("--html", input=PAGE).stdout == printed.stdout
    sniffed = tmp_path / "page.txt"  # markup in a text file is HTML too
    sniffed.write_text(PAGE)
    assert run("--in-place", str(sniffed)).exit_code == 2 and sniffed.read_text() == PAGE


def test_output_dir_writes_every_file_under_its_own_name_and_html_as_text(tmp_path):
    tree(tmp_path / "in", {"a.txt": DIRTY, "sub/b.md": MARKDOWN, "c.html": PAGE,
                           "d.jsonl": json.dumps({"text": DIRTY}) + "\n"})
    result = run("--output-dir", str(tmp_path / "out"), str(tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a.txt", "c.txt", "d.jsonl", "sub/b.md"]
    assert (out / "a.txt").read_text() == CLEAN and (out / "sub/b.md").read_text() == MARKDOWN_CLEAN
    assert json.loads((out / "d.jsonl").read_text())["text"] == CLEAN
    assert (tmp_path / "in" / "a.txt").read_text() == DIRTY


def test_a_folder_is_walked_like_ruff_and_black(tmp_path):
    tree(tmp_path, {".gitignore": "ignored/\n*.draft.txt\n", "a.txt": DIRTY, "x.draft.txt": DIRTY,
                    "ignored/b.txt": DIRTY, ".hidden/c.txt": DIRTY, "node_modules/d.txt": DIRTY,
                    "env/pyvenv.cfg": "", "env/e.txt": DIRTY, "notes/f.txt": DIRTY, "page.html": PAGE,
                    "code.py": "print('Advertisement')\n", "LICENSE": "Advertisement\n"})
    (tmp_path / ".git").mkdir()
    result = run("--in-place", "--extend-exclude", "notes/", str(tmp_path))
    assert result.exit_code == 0
    changed = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*")
                     if p.is_file() and p.read_bytes() != (DIRTY.encode() if p.suffix == ".txt" else p.read_bytes()))
    assert changed == ["a.txt"]
    assert result.stderr.splitlines() == [
        f"Fixing {tmp_path / 'a.txt'}",
        f"{tmp_path / 'page.html'}: skipped (html: --in-place would turn it into text; --output-dir writes the text "
        "elsewhere)", "1 file cleaned, 1 skipped (html)"]


def test_exclude_in_the_configuration_and_force_exclude_for_named_files(tmp_path):
    tree(tmp_path, {"pyproject.toml": "[tool.cleaner]\nextend-exclude = ['drafts/']\n",
                    "drafts/a.txt": DIRTY, "b.txt": DIRTY})
    walked = run("--check", str(tmp_path))
    assert walked.stderr.splitlines() == [f"would clean {tmp_path / 'b.txt'}", "1 file would be cleaned"]
    named = str(tmp_path / "drafts" / "a.txt")
    assert run("--check", named).exit_code == 1  # a file named is cleaned, as asked...
    forced = subprocess.run([sys.executable, "-m", "cleaner", "--check", "--force-exclude", "drafts/a.txt"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert (forced.returncode, forced.stderr) == (0, "0 files would be cleaned\n")  # ...unless excludes are forced


def test_a_file_of_another_kind_is_skipped_with_a_notice_never_rewritten(tmp_path):
    path = tmp_path / "script.py"
    path.write_text("# Advertisement\nprint('hello')\n")
    result = run("--in-place", str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"{path}: skipped (not text (.txt), JSONL (.jsonl), Markdown (.md) or HTML (.html))")
    assert path.read_text() == "# Advertisement\nprint('hello')\n"
    assert run("-q", "--in-place", str(path)).stderr == ""


def test_stdin_filename_gives_stdin_its_kind_configuration_and_name(tmp_path):
    tree(tmp_path, {".cleaner.toml": "select = ['SH']\n"})
    markdown = run("--stdin-filename", str(tmp_path / "a.md"), input=MARKDOWN)
    assert markdown.stdout == MARKDOWN.replace("- Share this:\n", "")  # Markdown, and only SH rules
    explained = run("--explain", "--stdin-filename", "notes/a.txt", input=DIRTY)
    assert explained.stdout.startswith("notes/a.txt:2: ")
    other = run("--stdin-filename", "script.py", input="# Advertisement\n")
    assert other.stdout == "# Advertisement\n"  # not the cleaner's to change: passed through


def test_stdin_that_is_markup_is_cleaned_as_html():
    assert run(input=PAGE).stdout == "\n".join(BODY) + "\n"


def test_rules_show_and_test_use_the_packs_named_before_them(tmp_path):
    from test_cli import USER_PACK

    pack = tmp_path / "acme.toml"
    pack.write_text(USER_PACK)
    shown = runner.invoke(cli.rules_app, ["--rules", str(pack), "show", "AD901"])
    assert shown.exit_code == 0 and "Brought to you by ACME" in shown.stdout
    tested = runner.invoke(cli.rules_app, ["--rules", str(pack), "test"])
    assert tested.stdout.startswith(f"{pack}: ")


@pytest.mark.parametrize(("args", "message"), [
    (["--jobs", "-1"], "cleaner: --jobs: must be a whole number, 0 for one per CPU"),
    (["--time-budget", "soon"], "cleaner: --time-budget: must be a number of seconds, 0 for no limit"),
    (["--min-prose-kept", "2"], "cleaner: --min-prose-kept: must be a share from 0 to 1, 0 to turn the guard off"),
    (["--on-error", "ignore"], "cleaner: --on-error: must be one of 'skip', 'pass'"),
    (["--format", "xml"], "cleaner: --format: 'xml' is not one of 'text', 'json'."),
    (["--colour"], "cleaner: no such option: --colour"),
    (["rules", "show"], "cleaner rules: missing argument 'ID'."),
])
def test_usage_errors_are_one_line_in_the_projects_words(args, message):
    done = subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, text=True, input="")
    assert (done.returncode, done.stderr) == (2, message + "\n")


def test_a_blank_line_in_jsonl_is_reported_and_kept():
    record = json.dumps({"text": DIRTY})
    result = run("--jsonl", input=record + "\n\n" + record + "\n")
    assert result.exit_code == 0
    assert result.stderr == "<stdin>:2: blank line, not a record; kept as it was\n"
    assert result.stdout.split("\n")[1] == ""
