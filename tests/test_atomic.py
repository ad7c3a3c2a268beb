"""Rewriting a file atomically, or not at all."""

from __future__ import annotations

import os
import stat

import pytest

from cleaner import atomic
from conftest import OLD, aged


def test_unchanged_content_leaves_the_file_untouched(tmp_path):
    path = aged(tmp_path / "a.txt", b"same\r\n")
    with atomic.Rewrite(path) as target:
        target.write(b"same\r\n")
    assert not target.changed
    assert (path.read_bytes(), path.stat().st_mtime) == (b"same\r\n", OLD[1])
    assert os.listdir(tmp_path) == ["a.txt"]


def test_changed_content_replaces_the_file_and_keeps_its_mode(tmp_path):
    path = aged(tmp_path / "a.txt", b"old")
    path.chmod(0o640)
    with atomic.Rewrite(path) as target:
        target.write(b"new ")
        target.write(b"content")
    assert target.changed
    assert path.read_bytes() == b"new content"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["a.txt"]


def test_empty_content_is_refused_unless_allowed(tmp_path):
    path = aged(tmp_path / "a.txt", b"old")
    with pytest.raises(atomic.EmptyResult), atomic.Rewrite(path):
        pass
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["a.txt"]
    with atomic.Rewrite(path, allow_empty=True):
        pass
    assert path.read_bytes() == b""


def test_an_error_while_writing_leaves_the_file_as_it_was(tmp_path):
    path = aged(tmp_path / "a.txt", b"old")
    with pytest.raises(RuntimeError), atomic.Rewrite(path) as target:
        target.write(b"half")
        raise RuntimeError
    assert (path.read_bytes(), path.stat().st_mtime) == (b"old", OLD[1])
    assert os.listdir(tmp_path) == ["a.txt"]


def test_a_symlink_stays_a_link_to_the_rewritten_file(tmp_path):
    real = aged(tmp_path / "real.txt", b"old")
    (tmp_path / "link.txt").symlink_to(real)
    with atomic.Rewrite(tmp_path / "link.txt") as target:
        target.write(b"new")
    assert (tmp_path / "link.txt").is_symlink() and real.read_bytes() == b"new"
