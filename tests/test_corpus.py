"""Corpora: JSONL records stream through with their other fields untouched; folders and many files
are cleaned in parallel, in order; bad records and files are reported and skipped or passed."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import cleaner
from cleaner import cli, corpus, walk
from test_cli import BODY, CLEAN, DIRTY

runner = CliRunner()


def run(*args: str, input: bytes | str | None = None):
    return runner.invoke(cli.app, list(args), input=input)


def jsonl(*records: object) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


RECORD = {"id": 7, "url": "https://example.com/a?b=c", "score": 0.125, "big": 12345678901234567890,
          "tags": ["city", "é"], "meta": {"nested": [1, None, True]}, "text": DIRTY}


def test_record_gets_clean_text_and_a_cleaner_entry_and_keeps_every_other_field():
    result = run("--jsonl", input=jsonl(RECORD))
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    expected = cleaner.explain(DIRTY)
    assert record["text"] == CLEAN
    assert record["cleaner"] == {"version": cleaner.__version__, "language": expected.language,
                                 "title": expected.title, "removed": expected.counts(), "warning": None}
    assert {k: v for k, v in record.items() if k not in ("text", "cleaner")} == {
        k: v for k, v in RECORD.items() if k != "text"}
    assert list(record) == list(RECORD) + ["cleaner"]


def test_jsonl_files_are_recognised_by_name_and_text_field_is_chosen(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_text(jsonl({"content": DIRTY}, {"content": BODY[0]}))
    result = run("--text-field", "content", str(path))
    assert [json.loads(line)["content"] for line in result.stdout.splitlines()] == [CLEAN, cleaner.clean(BODY[0])]


BAD = [
    (b"not json\n", "not valid JSON"),
    (b"[1, 2]\n", "not a JSON object"),
    (b'{"body": "x"}\n', "no 'text' field"),
    (b'{"text": 3}\n', "the 'text' field is not a string"),
    (b'{"text": "caf\xe9"}\n', "not UTF-8 (byte 0xe9)"),
]


def test_bad_records_are_reported_with_file_and_line_and_skipped(tmp_path):
    path = tmp_path / "pages.jsonl"
    good = jsonl(RECORD).encode()
    path.write_bytes(good + b"".join(line for line, _ in BAD) + good)
    result = run(str(path))
    assert result.exit_code == 2
    reports = result.stderr.splitlines()
    assert len(reports) == len(BAD)
    for n, ((_, problem), report) in enumerate(zip(BAD, reports, strict=True), start=2):
        assert report.startswith(f"{path}:{n}: {problem}")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [7, 7]


def test_bad_records_can_pass_through_as_they_were():
    good = jsonl(RECORD).encode()
    result = run("--jsonl", "--on-error", "pass", input=good + BAD[0][0] + good)
    lines = result.stdout_bytes.splitlines(keepends=True)
    assert result.exit_code == 2
    assert lines[1] == BAD[0][0]
    assert [json.loads(lines[i])["text"] for i in (0, 2)] == [CLEAN, CLEAN]


def test_blank_lines_and_crlf_endings_are_kept():
    lines = jsonl(RECORD).encode().replace(b"\n", b"\r\n") + b"\r\n"
    result = run("--jsonl", input=lines)
    assert result.exit_code == 0
    assert result.stdout_bytes.endswith(b"}\r\n\r\n")


def test_in_place_rewrites_changed_records_and_keeps_the_other_lines_byte_for_byte(tmp_path):
    path = tmp_path / "pages.jsonl"
    clean_line = b'{"text":   "' + json.dumps(BODY[0])[1:-1].encode() + b'", "id": 2}\n'
    original = jsonl(RECORD).encode() + clean_line + BAD[0][0]
    path.write_bytes(original)
    result = run("--in-place", str(path))
    assert result.exit_code == 2  # the bad record is reported, and kept
    lines = path.read_bytes().splitlines(keepends=True)
    assert json.loads(lines[0])["text"] == CLEAN
    assert lines[1:] == [clean_line, BAD[0][0]]
    rewritten = path.read_bytes()
    assert run("--in-place", str(path)).exit_code == 2
    assert path.read_bytes() == rewritten  # cleaning a clean corpus changes nothing


def test_folders_stand_for_their_files_of_known_kinds_in_sorted_order(tmp_path):
    for name in ("b/one.md", "a.txt", "c.jsonl", ".git/x.txt", "d.html", "b/two.txt", "e.py", "LICENSE"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    found, skipped = walk.Walk().expand([str(tmp_path), "-"])
    assert [item.path for item in found] == [str(tmp_path / name) for name in (
        "a.txt", "c.jsonl", "d.html", "b/one.md", "b/two.txt")] + ["-"]
    assert [item.kind for item in found] == ["text", "jsonl", "html", "markdown", "text", None]
    assert skipped == []


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
