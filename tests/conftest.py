"""Shared test helpers: the seed articles read byte for byte, and the check that ties output to removals."""

from __future__ import annotations

import re
from pathlib import Path

from cleaner.document import split_lines
from cleaner.rules import cut_out
from cleaner.verdicts import Reason

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"
REGRESSION = ROOT / "samples" / "regression"


def read_exact(path: Path) -> str:
    """A file's text with its own line endings (no newline translation)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def sample_pairs(folder: Path) -> list[tuple[str, str, str]]:
    """(name, input, expected output) for every sample in a folder (NAME.txt, NAME.expected.txt), by name."""
    inputs = sorted(p for p in folder.glob("*.txt") if not p.name.endswith(".expected.txt"))
    return [(p.stem, read_exact(p), read_exact(p.with_suffix(".expected.txt"))) for p in inputs]


def seed_pairs() -> list[tuple[str, str, str]]:
    """The five seed articles (samples/seeds/README.md)."""
    return sample_pairs(SEEDS)


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of a text, split on \\r\\n, \\r and \\n only, without their endings."""
    return [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def check_output_against_removals(text: str, result) -> None:
    """The output is the input's content lines in order, less the removed ones, one removal per line;
    a trimmed line differs from its input line by exactly the spans its removal reports. A byte
    order mark is kept at the start, out of the lines' way (README, Guarantees)."""
    lines = split_lines(text.removeprefix("\ufeff"))
    removals = {r.line: r for r in result.removed}
    assert len(removals) == len(result.removed), "a line removed twice"
    expected = []
    for number, line in enumerate(lines, start=1):
        removal = removals.get(number)
        if removal is None:
            expected += [] if line.blank else [line.text]
        elif removal.reason is Reason.TRIM:
            kept = cut_out(line.text, removal.spans)
            cut_end = line.text[len(kept):] if line.text.startswith(kept) else line.text
            assert removal.text == cut_end, f"line {number}: trim reports {removal.text!r}"
            expected.append(kept)
        else:
            assert removal.text == line.text, f"line {number}: removal reports {removal.text!r}"
    out = result.text.removeprefix("\ufeff") if text.startswith("\ufeff") else result.text
    assert paragraphs(out) == expected
