"""Many documents in one run: files of every kind and JSONL records, cleaned in parallel, in order.

Every input is cut into units of work: a whole file (text, Markdown or HTML, each cleaned as its
kind, :mod:`cleaner.filetypes`), or one line (record) of a JSONL file.
Units are read lazily and cleaned in worker processes (``--jobs``), a few at a time so that the
cost of a round trip to a worker is shared; the cleaned pieces come back in input order, and only
a few units per worker are read ahead, so memory stays flat however long a JSONL file is. A unit
that cannot be cleaned (not UTF-8, not a JSON object, no text field) becomes a piece with an
error (``FILE:LINE: problem``) and the run goes on.

A JSONL record keeps every byte as it was but its text field's value, which gets the cleaned text
when it changed, and gains a ``cleaner`` entry (both spliced in, :mod:`cleaner.jsonl`): the cleaner's version, the language, the title, how many lines each rule
(or ``heuristic``, ``title``) removed, and the warning when the text was kept unchanged.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import stat
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

import cleaner

from . import filetypes, jsonl, sites, walk
from .document import split_lines
from .language import UNDETERMINED
from .markdown import explain_markdown
from .options import Options

STDIN = walk.STDIN
STDIN_NAME = "<stdin>"
READ_AHEAD = 32  # units in flight per worker
CHUNK_UNITS = 8  # units sent to a worker together, so that one round trip serves several
CHUNK_BYTES = 1 << 20  # ... unless they are this big already
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Unit:
    """One document to clean: a whole text file (``line`` 0) or the record on one line of a JSONL file."""

    file: int  # the position of its input on the command line (a name may be given twice)
    source: str  # the input's name in messages
    line: int
    data: bytes
    error: str | None = None  # set when the input could not be read at all
    kind: str = filetypes.TEXT  # how a whole file is cleaned (filetypes); a record is a record


@dataclass(frozen=True, slots=True)
class Piece:
    """A unit after cleaning: the input as read, the result, and the bytes that stand for it."""

    file: int
    source: str
    line: int
    raw: bytes
    result: cleaner.Result | None = None
    output: bytes | None = None  # the clean text, or the record with its clean text and `cleaner` entry
    changed: bool = False  # whether cleaning changed the text
    error: str | None = None  # "FILE:LINE: problem" when the unit could not be cleaned
    kind: str = filetypes.TEXT
    notice: str | None = None  # "FILE:LINE: ..." about a unit passed through as it was, not an error

    @property
    def fixed(self) -> bytes:
        """What an in-place rewrite writes: an unchanged or bad unit stays byte for byte as it was."""
        return self.output if self.changed else self.raw

    def location(self, removal: cleaner.Removal) -> int:
        """The line of the input to point at for a removal: in a JSONL file, the record's line."""
        return self.line or removal.line


def units(inputs: list[walk.Input], forced: str | None = None, stdin_name: str = STDIN_NAME) -> Iterator[Unit]:
    """The units of each input in turn, read as bytes: a JSONL file's records one by one, any
    other file whole. ``forced`` (``--jsonl``, ``--html``) is the kind of every input."""
    for index, item in enumerate(inputs):
        source = stdin_name if item.path == STDIN else item.path
        kind = forced or item.kind
        try:
            with _open(item.path) as stream:
                if kind == filetypes.JSONL:
                    yield from (Unit(index, source, number, line) for number, line in enumerate(stream, 1))
                else:
                    data = stream.read()
                    yield Unit(index, source, 0, data, kind=filetypes.of_content(kind or filetypes.TEXT, data))
        except _NotRegular as special:
            yield Unit(index, source, 0, b"", f"{source}: not a regular file ({special}); not read")
        except OSError as error:
            yield Unit(index, source, 0, b"", f"{source}: cannot read: {error.strerror or error}")


class _NotRegular(OSError):
    """A named input that is a FIFO, a socket or a device: reading it could wait for ever."""


def _open(path: str) -> BinaryIO:
    """An input opened for reading; only stdin and regular files (checked on the open file, so a
    file swapped for a FIFO in between cannot block the run)."""
    if path == STDIN:
        return contextlib.nullcontext(sys.stdin.buffer)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO does not wait for a writer
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise _NotRegular(walk.special_file(path) or "not a file")
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def total_bytes(inputs: list[walk.Input]) -> int | None:
    """The size of all inputs, for a progress bar; None when one is stdin."""
    if any(item.path == STDIN for item in inputs):
        return None
    return sum(os.path.getsize(item.path) for item in inputs if os.path.isfile(item.path))


class _Bad(ValueError):
    """A unit that cannot be cleaned; the message is the report line."""


def _decode(data: bytes, source: str, first_line: int) -> str:
    """Strict UTF-8, line endings as they are; the error names the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = first_line + data.count(b"\n", 0, error.start)
        raise _Bad(f"{source}:{line}: not UTF-8 (byte 0x{data[error.start]:02x})") from None


def _ended(output: str, text: str) -> str:
    """A file's clean text, its last kept line with the line ending it had in the input: where the
    lines after it were removed, the file still ends a line, so files written one after another
    (``cleaner a.txt b.txt``) do not run into each other."""
    if not output or output.endswith(("\n", "\r")) or text.endswith(split_lines(output)[-1].text):
        return output
    return output + ("\r\n" if "\r\n" in text else "\n" if "\n" in text else "\r")


def _ending(line: bytes) -> bytes:
    return b"\r\n" if line.endswith(b"\r\n") else b"\n" if line.endswith(b"\n") else b""


@dataclass(frozen=True, slots=True)
class Job:
    """How to clean: the Cleaner's options, the JSONL text field, and with a site profile where
    each document's site is named. Small and picklable, it goes to the workers with every chunk of
    units; each process builds its Cleaner once (:func:`cleaner.default_cleaner`)."""

    options: Options = Options()
    text_field: str = "text"
    locator: sites.Locator | None = None  # set when a profile is used
    details: bool = True  # False: heuristic removals without their detail, where no output shows it (cheaper)

    def lines(self, unit: Unit) -> tuple[str, dict[str, str]] | None:
        """A unit's site and :func:`sites.page_lines`, for learning a profile; None for what is not
        a text document of a site (an HTML page, whose text is what extraction makes of it; a bad
        unit or record; a document with no site)."""
        if unit.error or unit.kind in (filetypes.HTML, filetypes.VERBATIM):
            return None
        try:
            if not unit.line:
                site, text = self._site_of_file(unit), _decode(unit.data, unit.source, 1)
            else:
                record, text = self._parsed(unit.data[: len(unit.data) - len(_ending(unit.data))], unit, "")
                site = self._site_of_record(record)
        except _Bad:
            return None
        return (site, sites.page_lines(text)) if site else None

    def lines_of_chunk(self, units: list[Unit]) -> list[tuple[str, dict[str, str]] | None]:
        return [self.lines(unit) for unit in units]

    def _site_of_file(self, unit: Unit) -> str | None:
        return self.locator.of_path(unit.source) if self.locator and unit.source != STDIN_NAME else None

    def _site_of_record(self, record: jsonl.Record) -> str | None:
        return self.locator.of_record({m.key: m.value for m in record.members}) if self.locator else None

    def clean(self, unit: Unit) -> Piece:
        where = f"{unit.source}:{unit.line}" if unit.line else unit.source
        try:
            if unit.error:
                raise _Bad(unit.error)
            return self._record(unit, where) if unit.line else self._text(unit)
        except _Bad as bad:
            return Piece(unit.file, unit.source, unit.line, unit.data, error=str(bad), kind=unit.kind)
        except Exception as error:  # a bug met on one document must not stop a corpus run
            return Piece(unit.file, unit.source, unit.line, unit.data, kind=unit.kind,
                         error=f"{where}: cleaner failed: {type(error).__name__}: {error}")

    def clean_chunk(self, units: list[Unit]) -> list[Piece]:
        return [self.clean(unit) for unit in units]

    def _text(self, unit: Unit) -> Piece:
        """A whole file, cleaned as its kind: an HTML page's output is text, so it counts as changed
        when the cleaner removed something from the page's text."""
        if unit.kind == filetypes.VERBATIM:
            return Piece(unit.file, unit.source, 0, unit.data, output=unit.data, kind=unit.kind)
        site = self._site_of_file(unit)
        if unit.kind == filetypes.HTML:
            result = cleaner.explain_html(unit.data, self.options, site=site)
            output = result.text.encode("utf-8") + b"\n" * bool(result.text)  # new text: it ends its last line
            return Piece(unit.file, unit.source, 0, unit.data, result, output, bool(result.removed), kind=unit.kind)
        limit = self.options.max_chars
        if limit is not None and len(unit.data) > 4 * limit:  # over it however it decodes: not decoded at all
            warning = f"over the size limit: {len(unit.data):,} bytes, over {limit:,} characters (max_chars)"
            return Piece(unit.file, unit.source, 0, unit.data, cleaner.Result("", None, UNDETERMINED, (), warning),
                         unit.data, kind=unit.kind)
        text = _decode(unit.data, unit.source, 1)
        if unit.kind == filetypes.MARKDOWN:
            result = explain_markdown(text, self.options, site=site)
        else:
            result = cleaner.default_cleaner(self.options).explain(text, site=site, details=self.details)
        return Piece(unit.file, unit.source, 0, unit.data, result, _ended(result.text, text).encode("utf-8"),
                     result.text != text, kind=unit.kind)

    def _record(self, unit: Unit, where: str) -> Piece:
        ending = _ending(unit.data)
        body = unit.data[: len(unit.data) - len(ending)]
        if not body.strip():  # a blank line is not a record: it passes through, with a notice
            return Piece(unit.file, unit.source, unit.line, unit.data, output=unit.data,
                         notice=f"{where}: blank line, not a record; kept as it was")
        record, text = self._parsed(body, unit, where)
        result = cleaner.default_cleaner(self.options).explain(text, site=self._site_of_record(record),
                                                               details=self.details)
        entry = {"version": cleaner.__version__, "language": result.language, "title": result.title,
                 "removed": result.counts(), "warning": result.warning}
        changes = {self.text_field: result.text} if result.text != text else {}
        output = record.with_values({**changes, "cleaner": entry}).encode("utf-8")
        return Piece(unit.file, unit.source, unit.line, unit.data, result, output + (ending or b"\n"),
                     result.text != text)


    def _parsed(self, body: bytes, unit: Unit, where: str) -> tuple[jsonl.Record, str]:
        """A record's line read, and the text it holds; a _Bad naming ``where`` when it cannot be cleaned."""
        try:
            record = jsonl.Record.parse(_decode(body, unit.source, unit.line))
        except jsonl.NotARecord as error:
            raise _Bad(f"{where}: {error}") from None
        if self.text_field not in record:
            raise _Bad(f"{where}: no {self.text_field!r} field")
        text = record.value(self.text_field)
        if not isinstance(text, str):
            raise _Bad(f"{where}: the {self.text_field!r} field is not a string")
        return record, text


def learn(units: Iterable[Unit], job: Job, workers: int = 1) -> sites.Learner:
    """The site counts of every text document among ``units`` (a profile's first pass).

    With several workers, they read and fingerprint the pages (most of the cost) and this process
    counts them in input order: the counts, and so the profile, are those of one process.
    """
    learner = sites.Learner()
    if workers == 1:
        pages = map(job.lines, units)
    else:
        pages = _in_workers(_start_pool(workers), units, job.lines_of_chunk, workers)
    for page in pages:
        if page:
            learner.count(*page)
    return learner


def clean_all(units: Iterable[Unit], job: Job, workers: int = 1) -> Iterator[Piece]:
    """Clean units in input order, in ``workers`` processes (here, with one).

    With several, the workers are started before this returns: call it before starting any
    thread (a progress bar), so that they can be forked (:func:`_start_pool`).
    """
    if workers == 1:
        return map(job.clean, units)
    return _in_workers(_start_pool(workers), units, job.clean_chunk, workers)


def _start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of worker processes, already started.

    Forked where that is safe (Linux, and this process has no other thread yet to hold a lock at
    the fork): a forked worker starts at once with the modules and the Cleaner this process has
    loaded, where a spawned one spends most of a second importing and compiling them again.
    """
    fork = sys.platform.startswith("linux") and threading.active_count() == 1
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork" if fork else "spawn"))
    if fork:
        pool.submit(int)  # a fork pool forks all its workers at its first task: now, while it is safe
    return pool


def _in_workers(pool: ProcessPoolExecutor, units: Iterable[Unit], work: Callable[[list[Unit]], list[T]],
                workers: int) -> Iterator[T]:
    """``work`` done on chunks of units in the pool, its results in input order."""
    with pool:
        pending: deque[Future[list[T]]] = deque()
        for chunk in _chunks(units):
            pending.append(pool.submit(work, chunk))
            if len(pending) >= max(1, READ_AHEAD * workers // CHUNK_UNITS):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunks(units: Iterable[Unit]) -> Iterator[list[Unit]]:
    """Units in lists of CHUNK_UNITS, or fewer where they reach CHUNK_BYTES."""
    chunk: list[Unit] = []
    size = 0
    for unit in units:
        chunk.append(unit)
        size += len(unit.data)
        if len(chunk) >= CHUNK_UNITS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def with_progress(pieces: Iterable[Piece], total: int | None) -> Iterator[Piece]:
    """Pass pieces through while a progress bar on stderr counts the bytes they came from."""
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("cleaning", total=total)
        for piece in pieces:
            progress.advance(task, len(piece.raw))
            yield piece
