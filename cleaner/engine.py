"""Apply rules to lines: which lines a rule drops, which spans it trims, where a section starts.

Rules are grouped by kind and zone once, when a :class:`RuleIndex` is built. Most lines match no
rule at all, so every group also gets one combined prefilter pattern (the alternation of its
rules' patterns): a line the prefilter rejects is never tried rule by rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import SupportsFloat

import regex

from .rules import Rule, count_words

# Patterns with back-references or named groups cannot be merged into one alternation safely.
_UNMERGEABLE = regex.compile(r"\\[1-9]|\(\?P?<(?![=!])[A-Za-z_]|\(\?P=|\\g<")


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that fired on a line; ``text`` is the trimmed line for span rules."""

    line: int
    rule: Rule
    text: str | None = None


class _Group:
    """Rules of one kind and zone, with a prefilter that rejects lines none of them can match."""

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        mergeable = [r for r in rules if not _UNMERGEABLE.search(r.pattern.pattern)]
        self.prefilter = None
        if rules and len(mergeable) == len(rules):
            parts = [f"(?{_inline_flags(r.pattern.flags)}:{r.pattern.pattern})" for r in rules]
            self.prefilter = regex.compile("|".join(parts))

    def first_match(self, text: str, timeout: SupportsFloat | None) -> Rule | None:
        try:
            if self.prefilter is not None and self.prefilter.search(text, timeout=timeout) is None:
                return None
        except TimeoutError:
            pass  # the rules one by one say which of them runs too long (RuleTimeout names it)
        words = count_words(text)  # once per line, not once per rule with a max_words
        for rule in self.rules:
            if rule.matches(text, timeout, words):
                return rule
        return None


def _inline_flags(flags: int) -> str:
    return "".join(letter for letter, flag in (("i", regex.I), ("m", regex.M), ("x", regex.X)) if flags & flag)


class RuleIndex:
    """The selected rules of one run, grouped for matching."""

    def __init__(self, rules: Iterable[Rule]):
        self.rules = tuple(rules)
        self._groups = {
            (kind, zone): _Group([r for r in self.rules if r.kind == kind and r.zone == zone])
            for kind in ("line", "span", "section") for zone in ("any", "head", "tail")
        }

    def for_languages(self, languages: tuple[str, ...]) -> RuleIndex:
        return RuleIndex(r for r in self.rules if r.language == "*" or r.language in languages)

    def line_hits(self, texts: list[str], zones: list[str], timeout: SupportsFloat | None = None) -> list[Hit]:
        """Lines that a ``line`` or ``span`` rule applies to, given each line's zone."""
        hits = []
        for i, (text, zone) in enumerate(zip(texts, zones)):
            if not text:
                continue
            rule = self._match("line", zone, text, timeout)
            if rule is not None:
                hits.append(Hit(i, rule))
                continue
            rule = self._match("span", zone, text, timeout)
            if rule is not None:
                hits.append(Hit(i, rule, rule.trim(text, timeout)))
        return hits

    def section_starts(self, texts: list[str], zones: list[str], timeout: SupportsFloat | None = None) -> list[Hit]:
        return [Hit(i, rule) for i, (text, zone) in enumerate(zip(texts, zones))
                if text and (rule := self._match("section", zone, text, timeout)) is not None]

    def _match(self, kind: str, zone: str, text: str, timeout: SupportsFloat | None) -> Rule | None:
        rule = self._groups[(kind, "any")].first_match(text, timeout)
        if rule is None and zone != "any":
            rule = self._groups[(kind, zone)].first_match(text, timeout)
        return rule
