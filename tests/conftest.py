"""Shared test helpers: the seed articles read byte for byte, the check that ties output to removals, and the
command line, file trees and JSONL records the tests of several modules build."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from typer.testing import CliRunner

from cleaner import cli
from cleaner.document import split_lines
from cleaner.rules import cut_out
from cleaner.verdicts import Reason

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"
REGRESSION = ROOT / "samples" / "regression"
STOPWORDS = frozenset({"the", "of", "and", "a", "in"})  # a few English stop words, for measuring lines
OLD = (1_600_000_000, 1_600_000_000)  # an mtime that any rewrite would change

# A short article and its chrome, and the same text as a Markdown file and an HTML page
BODY = [
    "The city council voted on Tuesday to expand the bicycle lane network across the northern districts, "
    "after months of debate about parking and safety.",
    "Officials said the first new lanes would open next spring, and that the work would be paid for with "
    "money left over from last year's road budget.",
    "Residents who had campaigned for the plan welcomed the decision, although several shop owners warned "
    "that losing parking spaces could hurt their business.",
    "The mayor promised to review the effects of the new lanes after one year and to publish the figures "
    "on the city's website for everyone to see.",
]
CHROME = ["Advertisement", "Share this:", "Sign up for our newsletter"]
# body and chrome interleaved: the chrome is on lines 2, 4 and 6
DIRTY = "\n".join(line for pair in zip(BODY, CHROME + [None], strict=True) for line in pair if line) + "\n"
CLEAN = "\n".join(BODY) + "\n"
MARKDOWN = ("# Bike lanes\n\n" + BODY[0] + "\n\nAdvertisement\n\n| a | b |\n|---|---|\n| Share this: | x |\n\n"
            "```\nAdvertisement\n```\n\n- " + BODY[1] + "\n- Share this:\n\n" + BODY[2] + "\n")
MARKDOWN_CLEAN = ("# Bike lanes\n\n" + BODY[0] + "\n\n| a | b |\n|---|---|\n| Share this: | x |\n\n"
                  "```\nAdvertisement\n```\n\n- " + BODY[1] + "\n\n" + BODY[2] + "\n")
PAGE = ("<!doctype html><html><head><title>Bike lanes | City News</title></head><body><article>"
        + "".join(f"<p>{line}</p>" for line in BODY) + "<p>Share this:</p></article></body></html>")

runner = CliRunner()


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


def run(*args: str, input: bytes | str | None = None):
    """The command line run in this process, as the tests of several modules drive it."""
    return runner.invoke(cli.app, list(args), input=input)


def tree(root, files: dict[str, str | bytes]) -> None:
    """Files written under a folder, subfolders made as needed."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())


def jsonl(*records: object) -> str:
    """Records as JSONL text, one per line."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def aged(path: Path, content: bytes) -> Path:
    """A file written with an old mtime, so that any rewrite shows."""
    path.write_bytes(content)
    os.utime(path, OLD)
    return path
