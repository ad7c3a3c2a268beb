"""Rewrite a file atomically, or not at all.

The new content goes to a temporary file in the same folder, is flushed to disk, and replaces
the old file in one ``os.replace``: a reader sees the old file or the new one, never half of
each, and a crash leaves the old file intact. A file whose content would not change is left
alone (same bytes, same modification time), and an empty result is not written over a
non-empty file unless the caller allows it: an article cleaned down to nothing is more likely a
wrong rule than a page that was all chrome. The new file keeps the old one's mode, owner and
group (as far as this process may set them), and a read-only file is not rewritten unless the
caller forces it: its owner made it so (root, who may write anything, would otherwise).
"""

from __future__ import annotations

import filecmp
import os
import stat
import tempfile
from pathlib import Path
from types import TracebackType


class EmptyResult(ValueError):
    """The new content is empty and the file is not: refused unless empty files are allowed."""


class ReadOnly(PermissionError):
    """The file is read-only (no write permission for anyone): refused unless forced."""


class Rewrite:
    """Write a file's new content through a temporary file; on success, replace the file if it changed.

        with Rewrite(path) as target:
            target.write(data)
        target.changed  # whether the file was replaced

    The content may be written in pieces, so a large file is rewritten without holding it in
    memory. If the block raises, the file is left as it was. A path that does not exist yet is
    created (with its folders).
    """

    def __init__(self, path: str | os.PathLike, *, allow_empty: bool = False, force: bool = False):
        self.path = Path(os.path.realpath(path))  # rewrite a symlink's target, keep the link
        self.allow_empty = allow_empty
        self.force = force
        self.changed = False
        self._file = None

    def __enter__(self) -> Rewrite:
        if not self.force and self.path.exists() and _read_only(self.path):
            raise ReadOnly(f"{self.path}: read-only")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        self._file = os.fdopen(descriptor, "wb")
        self._temporary = Path(name)
        return self

    def write(self, data: bytes) -> None:
        self._file.write(data)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            if kind is None:
                self._commit()
        finally:
            self._file.close()
            self._temporary.unlink(missing_ok=True)

    def _commit(self) -> None:
        if self.path.exists():
            old = self.path.stat()
            if self._temporary.stat().st_size == 0 and old.st_size > 0 and not self.allow_empty:
                raise EmptyResult("would become empty")
            if filecmp.cmp(self._temporary, self.path, shallow=False):
                return
            _keep_owner(self._temporary, old)
            os.chmod(self._temporary, stat.S_IMODE(old.st_mode))
        else:
            os.chmod(self._temporary, 0o666 & ~_umask())
        os.replace(self._temporary, self.path)
        self.changed = True
        _sync_folder(self.path.parent)


def _read_only(path: Path) -> bool:
    return not os.access(path, os.W_OK) or not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def _keep_owner(path: Path, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group; a process that may not (not root, not in
    the group) leaves them as they come, its own."""
    for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
        try:
            os.chown(path, uid, gid)
            return
        except OSError:
            continue


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened, the rename stands as is."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
