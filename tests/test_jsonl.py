"""JSONL records: the clean text spliced in, every other byte kept, bad records reported with their line."""

from __future__ import annotations

import json

import cleaner
from conftest import BODY, CLEAN, DIRTY, jsonl, run

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


def test_a_blank_line_in_jsonl_is_reported_and_kept():
    record = json.dumps({"text": DIRTY})
    result = run("--jsonl", input=record + "\n\n" + record + "\n")
    assert result.exit_code == 0
    assert result.stderr == "<stdin>:2: blank line, not a record; kept as it was\n"
    assert result.stdout.split("\n")[1] == ""
