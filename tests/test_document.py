"""split_lines and assemble: kept lines byte-identical, the input's own line endings and separators;
ends_with: where a line ends a sentence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Line, assemble, ends_with, split_lines


def keep_only(text: str, *drop: str, edits: dict[str, str] | None = None) -> str:
    """Assemble ``text`` without the content lines whose text is in ``drop``, with ``edits`` by line text."""
    lines = split_lines(text)
    kept = [line.text not in drop for line in lines]
    by_index = {i: edits[line.text] for i, line in enumerate(lines) if edits and line.text in edits}
    return assemble(text, lines, kept, by_index)


def test_split_keeps_each_line_ending():
    assert split_lines("a\r\nb\rc\nd") == [Line("a", "\r\n"), Line("b", "\r"), Line("c", "\n"), Line("d", "")]


def test_split_of_newlines_alone_ends_as_the_text_does():
    assert split_lines("a\n\nb\n") == [Line("a", "\n"), Line("", "\n"), Line("b", "\n")]
    assert split_lines("a\nb") == [Line("a", "\n"), Line("b", "")]


def test_split_on_cr_lf_and_crlf_only():
    text = "form\x0cfeed\x0bvertical\x1cfile\x85next\u2028line\u2029para"
    assert split_lines(text) == [Line(text, "")]


def test_split_of_empty_and_blank_text():
    assert split_lines("") == []
    assert split_lines("\n") == [Line("", "\n")]
    assert split_lines("\n\r\n") == [Line("", "\n"), Line("", "\r\n")]
    assert Line(" \t\u00a0", "\n").blank
    assert not Line(" x ", "\n").blank


def test_unchanged_input_is_returned_as_is():
    text = "Title\r\n\r\n\r\nBody one.\n  \nBody two.\r"
    lines = split_lines(text)
    assert assemble(text, lines, [True] * len(lines), {}) is text


def test_blank_lines_are_not_judged():
    text = "A\n\n\nB\n"
    lines = split_lines(text)
    kept = [True, False, False, True]  # the blank lines' verdicts do not matter
    assert assemble(text, lines, kept, {}) is text


@pytest.mark.parametrize(
    ("text", "drop", "expected"),
    [
        ("A\n\nB\n\nC\n", "B", "A\n\nC\n"),
        ("A\nB\nC\n", "B", "A\nC\n"),
        ("A\r\n\r\nB\r\n\r\nC\r\n", "B", "A\r\n\r\nC\r\n"),
        ("A\rB\rC\r", "B", "A\rC\r"),
        ("A\r\rB\r\rC", "B", "A\r\rC"),
        # removed lines and the blank lines around them collapse into one separator
        ("A\n\n\nB\n\n\n\nC", "B", "A\n\nC"),
        ("A\n\nB\n\nB\n\nC\n", "B", "A\n\nC\n"),
        ("A\n \t\nB\n\nC\n", "B", "A\n \t\nC\n"),
        # where nothing was removed in between, the input's own blank lines stay as they were
        ("A\n\n\nC\n\nB\n", "B", "A\n\n\nC\n"),
        # no leading or trailing blank line
        ("B\n\nA\n\nC\n", "B", "A\n\nC\n"),
        ("A\n\nC\n\nB\n\n\n", "B", "A\n\nC\n"),
        ("\n\nB\n\nA\n", "B", "A\n"),
        # a trailing newline only where the input had one
        ("A\n\nB", "B", "A"),
        ("A\n\nB\n", "B", "A\n"),
        ("B\nA", "B", "A"),
        ("A\nB\n   ", "B", "A"),
        # mixed endings: each kept line keeps its own
        ("A\r\nB\nC\rD\n", "B", "A\r\nC\rD\n"),
        # nothing left
        ("B\n\nB\n", "B", ""),
    ],
)
def test_assemble_after_removing_lines(text, drop, expected):
    assert keep_only(text, drop) == expected


def test_kept_lines_are_byte_identical():
    text = "  Indented line \u00a0\t\n\nB\n\n\ufeffBOM and trailing spaces   \r\n"
    assert keep_only(text, "B") == "  Indented line \u00a0\t\n\n\ufeffBOM and trailing spaces   \r\n"


def test_edits_replace_a_line_and_keep_its_ending():
    text = "Body. (Yonhap)\r\n\r\nTop 10 Stories\r\n"
    assert keep_only(text, "Top 10 Stories", edits={"Body. (Yonhap)": "Body."}) == "Body.\r\n"
    assert keep_only(text, edits={"Body. (Yonhap)": "Body."}) == "Body.\r\n\r\nTop 10 Stories\r\n"


line_text = st.one_of(st.sampled_from(["", " ", "\t"]), st.text(st.characters(exclude_characters="\r\n"), max_size=12))
line_ending = st.sampled_from(["\n", "\r\n", "\r"])
documents = st.builds(lambda rows, last: "".join(t + e for t, e in rows) + last,
                      st.lists(st.tuples(line_text, line_ending), max_size=12), line_text)


@settings(derandomize=True, deadline=None, max_examples=300)
@given(st.text(st.sampled_from("ab \t\r\n\x00\x0b\x85\u2028é😀"), max_size=40))
def test_split_round_trips(text):
    lines = split_lines(text)
    assert "".join(line.text + line.ending for line in lines) == text
    assert all("\r" not in line.text and "\n" not in line.text for line in lines)
    assert all(line.ending for line in lines[:-1])


@settings(derandomize=True, deadline=None, max_examples=300)
@given(documents, st.data())
def test_assemble_keeps_an_ordered_subsequence(text, data):
    lines = split_lines(text)
    kept = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    out = assemble(text, lines, kept, {})
    content = [line for line in lines if not line.blank]
    survivors = [line.text for line, keep in zip(lines, kept) if keep and not line.blank]
    assert [line.text for line in split_lines(out) if not line.blank] == survivors
    if len(survivors) == len(content):
        assert out == text
    elif survivors:
        out_lines = split_lines(out)
        assert not out_lines[0].blank and not out_lines[-1].blank
        assert bool(out_lines[-1].ending) == bool(lines[-1].ending)
    else:
        assert out == ""


@pytest.mark.parametrize(("line", "ends"), [
    ("The vote passed.", True),
    ('She said: "It passed."  ', True),
    ("(It passed.)", True),
    ("Il a dit : « C'est fini. »", True),
    ("Was it fair?", True),
    ("投票通过了。", True),
    ("Read more", False),
    ("Tags: politics, vote", False),
    ("He was 5 ft. 10", False),
])
def test_ends_with_tells_a_line_that_ends_a_sentence(line, ends):
    assert ends_with(line) is ends


def test_ends_with_takes_other_marks():
    assert ends_with("Posted in: ", (":",)) and not ends_with("Posted in: news", (":",))
