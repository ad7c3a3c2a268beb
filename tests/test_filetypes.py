"""What a file is: each kind cleaned its own way or skipped, stdin named with --stdin-filename, HTML never rewritten as text."""

from __future__ import annotations

from conftest import BODY, DIRTY, MARKDOWN, PAGE, run, tree


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
