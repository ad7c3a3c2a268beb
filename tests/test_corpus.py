"""Corpora: files and records are cleaned in parallel, in order, read only a few ahead; a failure is reported
and the run goes on; a file over the size limit passes through undecoded."""

from __future__ import annotations

import json

import pytest

import cleaner
from cleaner import corpus
from conftest import BODY, CLEAN, DIRTY, jsonl, run
from test_jsonl import RECORD


def test_parallel_run_gives_the_same_output_in_the_same_order(tmp_path):
    texts = [DIRTY, CLEAN, BODY[2] + "\nShare this:\n", DIRTY.replace("\n", "\r\n")]
    for n, text in enumerate(texts):
        (tmp_path / f"{n}.txt").write_bytes(text.encode())
    (tmp_path / "9.jsonl").write_text(jsonl(*({"id": n, "text": t} for n, t in enumerate(texts))))
    serial = run(str(tmp_path))
    parallel = run("--jobs", "2", str(tmp_path))
    assert parallel.exit_code == serial.exit_code == 0
    assert parallel.stdout_bytes == serial.stdout_bytes
    assert serial.stdout_bytes.startswith((CLEAN + CLEAN).encode())


def test_units_are_read_only_a_few_ahead_of_the_output():
    """Memory stays flat: the run pulls units as it writes pieces, never the whole input first."""
    read = []

    def units():
        for n in range(1, 10_000):
            read.append(n)
            yield corpus.Unit(0, "x", n, b'{"text": "Short line."}\n')

    job = corpus.Job()
    next(corpus.clean_all(units(), job, workers=1))
    assert len(read) == 1
    read.clear()
    parallel = corpus.clean_all(units(), job, workers=2)
    next(parallel)
    assert len(read) <= corpus.READ_AHEAD * 2
    parallel.close()


def test_a_failure_inside_the_cleaner_is_reported_and_the_run_goes_on(monkeypatch):
    def broken(text, *args, **options):
        raise RuntimeError("boom")

    monkeypatch.setattr(cleaner.Cleaner, "explain", broken)
    piece = corpus.Job().clean(corpus.Unit(0, "pages.jsonl", 3, jsonl(RECORD).encode()))
    assert piece.error == "pages.jsonl:3: cleaner failed: RuntimeError: boom"
    assert piece.fixed == piece.raw


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(DIRTY)
    result = run(str(tmp_path))
    assert (result.exit_code, result.stderr) == (0, "")


def test_progress_bar_passes_pieces_through_unchanged():
    pieces = [corpus.Piece(0, "x", 0, b"abc"), corpus.Piece(1, "y", 0, b"de")]
    assert list(corpus.with_progress(iter(pieces), total=5)) == pieces


@pytest.mark.parametrize("args", [("--jsonl",), ("--jsonl", "--jobs", "2")])
def test_stdin_jsonl_streams_in_order(args):
    records = [{"id": n, "text": text} for n, text in enumerate([DIRTY, BODY[1], DIRTY])]
    result = run(*args, input=jsonl(*records))
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [0, 1, 2]


def test_a_file_over_the_size_limit_however_it_decodes_is_passed_through_undecoded():
    """Bytes over four times max_chars are over it in any UTF-8: not decoded (one emoji would make
    Python store the whole text at 4 bytes a character), passed through with a warning."""
    data = ("Advertisement\n" + BODY[0] + "\n").encode() * 4 + "\U0001f600\n".encode()
    limit = len(data) // 4 - 1
    piece = corpus.Job(cleaner.Options(max_chars=limit)).clean(corpus.Unit(0, "big.txt", 0, data))
    assert (piece.output, piece.changed, piece.error) == (data, False, None)
    assert piece.result.warning == f"over the size limit: {len(data):,} bytes, over {limit:,} characters (max_chars)"
    under = corpus.Job(cleaner.Options(max_chars=len(data))).clean(corpus.Unit(0, "big.txt", 0, data))
    assert under.changed and b"Advertisement" not in under.output
