"""Which files a run reads: folders walked as ruff and black walk them.

A folder stands for the files under it that the cleaner cleans (:mod:`cleaner.filetypes`), in
sorted order, less what is excluded: what ``.gitignore`` files ignore (those in the folder and
below, and those above it up to the repository's root), hidden files and folders, virtual
environments (any folder holding a ``pyvenv.cfg``) and the ``exclude`` globs (gitignore syntax,
matched against paths relative to the folder walked). Only regular files are read: a FIFO, a
socket or a device found in a folder is skipped with a notice (reading one could hang the run).

A file named on the command line is always read, as the user asked, unless ``force_exclude``
(for hooks, which name every file they are given): then the ``exclude`` globs apply to it too.
Stdin is always read; named (``--stdin-filename``) as a file the cleaner does not clean, or
excluded, it passes through as it is.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from . import filetypes

STDIN = "-"
DEFAULT_EXCLUDE = (".*", "__pycache__", "__pypackages__", "_build", "buck-out", "dist", "node_modules",
                   "site-packages", "venv")
_KINDS_OF_SPECIAL = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                     (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a folder"))


@dataclass(frozen=True, slots=True)
class Input:
    """One input of a run: a file (or ``-``), what kind it is (None: decide from its content),
    whether it was named on the command line or found in a folder, and its path relative to the
    folder it was found in (a named file: its name)."""

    path: str
    kind: str | None
    named: bool = True
    relative: str = ""


@dataclass(frozen=True, slots=True)
class Skip:
    """A file the run passes over, why (``html``, ``a FIFO``, ``not text, ...``), and what to do instead."""

    path: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Walk:
    """The files a run reads, and those it skips with a notice."""

    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    _spec: pathspec.GitIgnoreSpec = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_spec", pathspec.GitIgnoreSpec.from_lines([*self.exclude, *self.extend_exclude]))

    def expand(self, paths: Iterable[str], stdin_filename: str | None = None) -> tuple[list[Input], list[Skip]]:
        """The inputs as named, each folder replaced by its files; and the files skipped."""
        inputs: list[Input] = []
        skipped: list[Skip] = []
        for path in paths:
            if path == STDIN:
                inputs.append(self._stdin(stdin_filename))
            elif os.path.isdir(path):
                self._walk(path, inputs, skipped)
            elif self._excluded(path):
                continue
            elif filetypes.by_name(path) is None:
                skipped.append(Skip(path, f"not {filetypes.SUPPORTED}"))
            else:
                inputs.append(Input(path, filetypes.by_name(path), relative=os.path.basename(path)))
        return inputs, skipped

    def _stdin(self, name: str | None) -> Input:
        if name is None:
            return Input(STDIN, None, relative=STDIN)
        kind = filetypes.by_name(name)
        if kind is None or self._excluded(name):
            kind = filetypes.VERBATIM
        return Input(STDIN, kind, relative=os.path.basename(name))

    def _excluded(self, named: str) -> bool:
        return self.force_exclude and self._spec.match_file(_relative(named))

    def _walk(self, top: str, inputs: list[Input], skipped: list[Skip]) -> None:
        top_path = Path(os.path.abspath(top))
        ignores = _gitignores_above(top_path)
        for root, folders, names in os.walk(top):
            here = Path(os.path.abspath(root))
            if (here / ".gitignore").is_file():
                ignores = [*ignores, (here, _read_gitignore(here / ".gitignore"))]

            def excluded(name: str, folder: bool) -> bool:
                path, slash = here / name, "/" if folder else ""
                return self._spec.match_file(path.relative_to(top_path).as_posix() + slash) or any(
                    spec.match_file(path.relative_to(base).as_posix() + slash)
                    for base, spec in ignores if path.is_relative_to(base))

            folders[:] = sorted(f for f in folders
                                if not excluded(f, True) and not (here / f / "pyvenv.cfg").exists())
            for name in sorted(names):
                path = os.path.join(root, name)
                if not filetypes.walked(name) or excluded(name, False):
                    continue
                special = special_file(path)
                if special:
                    skipped.append(Skip(path, special))
                else:
                    inputs.append(Input(path, filetypes.by_name(name), named=False,
                                        relative=os.path.relpath(path, top)))


def special_file(path: str) -> str | None:
    """What a path is when it is not a regular file (``a FIFO``); None for a regular file or one that
    cannot be looked at (reading it will say why)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return next((what for test, what in _KINDS_OF_SPECIAL if test(mode)), None)


def _relative(path: str) -> str:
    """A named file's path as the exclude globs see it: relative to the current folder."""
    relative = os.path.relpath(os.path.abspath(path))
    return relative if not relative.startswith("..") else os.path.abspath(path).lstrip("/")


def _read_gitignore(path: Path) -> pathspec.GitIgnoreSpec:
    try:
        return pathspec.GitIgnoreSpec.from_lines(path.read_text("utf-8", errors="replace").splitlines())
    except OSError:
        return pathspec.GitIgnoreSpec.from_lines([])


def _gitignores_above(top: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
    """The .gitignore files of the folders above ``top``, up to its repository's root (if it is in one)."""
    above = []
    for folder in top.parents:
        if (folder / ".gitignore").is_file():
            above.append((folder, _read_gitignore(folder / ".gitignore")))
        if (folder / ".git").exists():
            return above[::-1]
    return []
