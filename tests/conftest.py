"""Shared test data: where the repository is, and the seed articles read byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"


def read_exact(path: Path) -> str:
    """A file's text with its own line endings (no newline translation)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def seed_pairs() -> list[tuple[str, str, str]]:
    """(name, input, expected output) for every seed, in file order."""
    inputs = sorted(p for p in SEEDS.glob("[0-9][0-9][0-9]_*.txt") if not p.name.endswith(".expected.txt"))
    return [(p.stem, read_exact(p), read_exact(p.with_suffix(".expected.txt"))) for p in inputs]


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of a text, split on \\r\\n, \\r and \\n only, without their endings."""
    return [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()]
