"""Which files a run reads: folders walked like ruff and black (.gitignore, hidden and virtual-environment folders, --exclude)."""

from __future__ import annotations

import subprocess
import sys

from cleaner import walk
from conftest import DIRTY, PAGE, run, tree


def test_folders_stand_for_their_files_of_known_kinds_in_sorted_order(tmp_path):
    for name in ("b/one.md", "a.txt", "c.jsonl", ".git/x.txt", "d.html", "b/two.txt", "e.py", "LICENSE"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    found, skipped = walk.Walk().expand([str(tmp_path), "-"])
    assert [item.path for item in found] == [str(tmp_path / name) for name in (
        "a.txt", "c.jsonl", "d.html", "b/one.md", "b/two.txt")] + ["-"]
    assert [item.kind for item in found] == ["text", "jsonl", "html", "markdown", "text", None]
    assert skipped == []


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
