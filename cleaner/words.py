"""The word lists the heuristics read (``words.toml``): data, like the rule packs, not Python."""

from __future__ import annotations

import tomllib
from importlib import resources

import regex

_LISTS = tomllib.loads((resources.files("cleaner") / "words.toml").read_text(encoding="utf-8"))


def alternation(name: str) -> str:
    """A pattern matching any word of list ``name`` in any language, for a larger pattern."""
    words = dict.fromkeys(word for by_language in _LISTS[name].values() for word in by_language)
    return f"(?:{'|'.join(map(regex.escape, words))})"
