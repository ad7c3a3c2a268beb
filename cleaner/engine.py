"""Apply rules to lines: which lines a rule drops, which spans it trims, where a section starts.

For each line and kind, the rule that applies is the first one, in pack order, that the line's
zone admits, whose ``max_words`` the line does not exceed, and whose pattern matches (rules of
zone ``any`` before those of the line's own zone). Trying every rule with its own regex call
costs a call per rule and line, and each call given a timeout pays for a clock read; so the rules
are split by shape:

- *anchored* rules (every alternative starts with ``^``) can only match at the start of a line.
  All those a line can meet are merged into one alternation tried once with ``match()``: the
  alternative that wins is the first matching rule, since an alternation tries its branches in
  order. Most lines match none, and one call rules them all out.
- the other rules are tried one by one, and only those that come before the merged winner of
  their kind. Merged, unanchored rules would be tried at every position of the line together,
  which is slower than letting the regex engine scan for each one on its own. A rule that cannot
  match without one of a few literal strings (an ``@``, an agency's name, "all rights reserved")
  is tried only in lines that hold one of them; each string is looked for once in the whole
  document, not line by line. An anchored rule that needs one of one or two such strings
  ("cookie", "--") is tried alone as well: merged, every line would pay for it.

The merged patterns depend on the line's zone and on which ``max_words`` limits its word count
passes; they are built on first use and kept.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import SupportsFloat

import regex

from .rules import ZONES, Rule, cut_out

KINDS = ("line", "span", "section")  # the order of the merged alternation
RECENT_LINES = 20_000  # lines of earlier documents whose rules an index remembers (then it starts afresh)
WORD_BANDS = (16, 45)  # most lines are short; a longer one escapes more of the rules with a max_words
# Patterns with back-references, named groups or flags set for the whole pattern (which would
# apply to the whole alternation) cannot be merged into one alternation safely.
_UNMERGEABLE = regex.compile(r"\\[1-9]|\(\?P?<(?![=!])[A-Za-z_]|\(\?P=|\\g<|\(\?[A-Za-z]+\)")


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that fired on a line; for span rules, ``text`` is the trimmed line and ``spans`` what was cut."""

    line: int
    rule: Rule
    text: str | None = None
    spans: tuple[tuple[int, int], ...] = ()


# What one line meets: (line or span rule, trimmed text or None, cuts) or None; section rule or None.
LineMatch = tuple[tuple[Rule, str | None, tuple[tuple[int, int], ...]] | None, Rule | None]


def anchored(rule: Rule) -> bool:
    """Whether the rule can only match at the start of a line: each top-level alternative starts with ``^``."""
    pattern = rule.pattern.pattern
    if rule.pattern.flags & (regex.MULTILINE | regex.VERBOSE) or _UNMERGEABLE.search(pattern):
        return False
    return all(branch.startswith("^") for branch in _top_level_branches(pattern))


def merged(rule: Rule) -> bool:
    """Whether the rule goes into the merged alternation of anchored rules, rather than tried alone.

    One that needs one of at most two strings of two characters or more ("cookie", "--") is
    tried alone: one find each in the whole document rules out most lines, where merged every
    line would pay for it (and the costly ones read far into the line: ``^(?=.*cookie)``).
    """
    if not anchored(rule):
        return False
    needs = required_strings(rule.pattern.pattern, rule.pattern.flags)
    return needs is None or len(needs[0]) > 2 or min(map(len, needs[0])) < 2


def _top_level_branches(pattern: str) -> list[str]:
    """The pattern split at the ``|`` that are outside groups and character classes."""
    branches, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i + 1)  # a "]" first in a class is a literal
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    return branches + [pattern[start:]]


_PROPERTY = regex.compile(r"\\\\|\\[pP]\{[^}]*\}")  # \p{Lu}, \P{L} (an escaped backslash is skipped)
# Under IGNORECASE (version 0: simple case folding) ASCII letters also match these three.
_ASCII_FOLD = {"\u0130": "i", "\u017f": "s", "\u212a": "k"}


def fold(text: str) -> str:
    """The text as a case-insensitive rule's required strings are looked for in it: each
    character's lower case, or its ASCII partner (so the text keeps its length)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    for odd, partner in _ASCII_FOLD.items():  # str.replace: translate() is slow on a whole document
        text = text.replace(odd, partner)
    return text.lower()


@functools.cache
def required_strings(pattern: str, flags: int) -> tuple[tuple[str, ...], bool] | None:
    """Literal strings one of which every match of the pattern holds, and whether to look for them
    in :func:`fold` of the line (for a case-insensitive pattern); None if unknown.

    Read from the parse tree of Python's own ``re`` (private, so any surprise means None): a
    literal run, a repeat at least once, a group or a lookaround that must succeed is required;
    an alternation requires what each branch requires. Patterns ``re`` cannot parse,
    case-insensitive parts of case-sensitive patterns, and case-insensitive strings that are not
    ASCII get None. ``re`` has no ``\\p{...}``: any class will do in its place, since only literals
    are looked for.
    """
    if flags & (regex.VERBOSE | regex.FULLCASE | regex.VERSION1):
        return None
    try:
        from re import _constants, _parser

        tree = _parser.parse(_PROPERTY.sub(lambda m: m[0] if m[0] == "\\\\" else r"\w", pattern))
        if tree.state.flags & re.VERBOSE:
            return None
        folded = bool(flags & regex.IGNORECASE or tree.state.flags & re.IGNORECASE)
        found = _required_in(tree.data, _constants, folded)
    except Exception:  # noqa: BLE001 - an unusual pattern only goes without this shortcut
        return None
    if not found or (folded and not all(s.isascii() for s in found)):
        return None
    found = {s.lower() if folded else s for s in found}
    # A string that holds another of them adds no line: it is not looked for.
    return tuple(sorted(s for s in found if not any(other != s and other in s for other in found))), folded


def _required_in(items, c, folded: bool) -> set[str] | None:
    """What a sequence of parse items requires: its best literal run or required item."""
    best: set[str] | None = None
    run = ""
    for op, value in [*items, (None, None)]:
        if op is c.LITERAL:
            run += chr(value)
            continue
        for candidate in ({run} if run else None, _required_of(op, value, c, folded) if op is not None else None):
            if candidate and (best is None or min(map(len, candidate)) > min(map(len, best))):
                best = candidate
        run = ""
    return best


def _required_of(op, value, c, folded: bool) -> set[str] | None:
    if op is c.SUBPATTERN:
        _, add_flags, _, items = value
        if add_flags & re.VERBOSE or (add_flags & re.IGNORECASE and not folded):
            return None
        return _required_in(items, c, folded)
    if op is c.ASSERT:  # (?=...), (?<=...): what it looks for is in the line as well
        return _required_in(value[1], c, folded)
    if op is c.BRANCH:
        branches = [_required_in(branch, c, folded) for branch in value[1]]
        return set().union(*branches) if all(branches) else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and value[0] >= 1:
        return _required_in(value[2], c, folded)
    return None


def _inline_flags(flags: int) -> str:
    return "".join(letter for letter, flag in (("i", regex.I), ("m", regex.M), ("x", regex.X)) if flags & flag)


class _Candidates:
    """The rules of every kind that lines of one zone and word-count band may meet, ready to try.

    A band admits every rule whose ``max_words`` some line of the band passes; each line's own
    count is checked again against the rule that would fire.
    """

    def __init__(self, by_kind: dict[str, tuple[Rule, ...]]):
        self.by_kind = by_kind
        # The rules tried alone: (place, rule, its id() if it has required strings)
        self.alone = {kind: [(k, r, id(r) if required_strings(r.pattern.pattern, r.pattern.flags) else None)
                             for k, r in enumerate(rules) if not merged(r)]
                      for kind, rules in by_kind.items()}
        # Whether a kind has a rule tried alone on every line: else only a line holding a required string tries them.
        self.unkeyed = {kind: any(key is None for _, _, key in alone) for kind, alone in self.alone.items()}
        self._merged: dict[int, regex.Pattern | None] = {}

    def anchored_winners(self, text: str, timeout: SupportsFloat | None) -> dict[str, int]:
        """For each kind, the place in its list of the first merged rule that matches, where one does."""
        winners: dict[str, int] = {}
        first = 0
        while first < len(KINDS) and (pattern := self._merged_from(first)) is not None:
            try:
                match = pattern.match(text, timeout=timeout)
            except TimeoutError:
                return self._anchored_one_by_one(text, timeout)
            if match is None:
                break
            kind, place = match.lastgroup.split("_")
            winners[kind] = int(place)
            first = KINDS.index(kind) + 1
        return winners

    def _anchored_one_by_one(self, text: str, timeout: SupportsFloat | None) -> dict[str, int]:
        """:meth:`anchored_winners` rule by rule: slower, but a rule that runs too long is named
        (:class:`~cleaner.rules.RuleTimeout`) instead of the merged pattern."""
        return {kind: place for kind in KINDS
                if (place := next((k for k, r in enumerate(self.by_kind[kind])
                                   if merged(r) and r.matches(text, timeout)), None)) is not None}

    def first(self, kind: str, winners: dict[str, int], text: str, holds: frozenset[int], words: int,
              timeout: SupportsFloat | None) -> Rule | None:
        """The first rule of a kind that fires on the line.

        That is a rule tried alone before the merged winner, or the winner; should the winner's
        ``max_words`` not admit the line, the kind's rules are tried one by one instead. A rule with
        required strings is tried only if the line holds one (``holds``: such rules' ``id()``).
        """
        winner = winners.get(kind)
        if winner is not None and not _admits(self.by_kind[kind][winner], words):
            return next((r for r in self.by_kind[kind] if r.matches(text, timeout, words)), None)
        if holds or self.unkeyed[kind]:
            for k, rule, key in self.alone[kind]:
                if winner is not None and k > winner:
                    break
                if (key is None or key in holds) and rule.matches(text, timeout, words):
                    return rule
        return self.by_kind[kind][winner] if winner is not None else None

    def _merged_from(self, first: int) -> regex.Pattern | None:
        """One alternation of the merged rules of ``KINDS[first:]``, in order; None if there are none."""
        if first not in self._merged:
            branches = [f"(?P<{kind}_{k}>(?{_inline_flags(r.pattern.flags)}:{r.pattern.pattern}))"
                        for kind in KINDS[first:] for k, r in enumerate(self.by_kind[kind]) if merged(r)]
            self._merged[first] = regex.compile("|".join(branches)) if branches else None
        return self._merged[first]


def _lines_holding(text: str, string: str, ends: list[int]) -> set[int]:
    """The lines of ``text`` (``ends``: one past each line's end) where ``string`` starts."""
    lines = set()
    at = text.find(string)
    while at != -1:
        line = bisect.bisect_right(ends, at)
        lines.add(line)
        at = text.find(string, ends[line])
    return lines


def _admits(rule: Rule, words: int) -> bool:
    return rule.max_words is None or words <= rule.max_words


class RuleIndex:
    """The selected rules of one run, grouped for matching."""

    def __init__(self, rules: Iterable[Rule]):
        self.rules = tuple(rules)
        self._bands: dict[tuple[str, int], _Candidates] = {}
        self._shared: dict[tuple, _Candidates] = {}
        self._needs = [(r, needs) for r in self.rules
                       if not merged(r) and (needs := required_strings(r.pattern.pattern, r.pattern.flags))]
        self._recent: dict[tuple[str, str], LineMatch] = {}
        # A zone no rule is for meets the rules of zone "any" alone: its lines are matched (and kept) as such.
        self._zone = {zone: zone if any(r.zone == zone for r in self.rules) else "any" for zone in ZONES}

    def for_languages(self, languages: tuple[str, ...]) -> RuleIndex:
        return RuleIndex(r for r in self.rules if r.language == "*" or r.language in languages)

    def match(self, texts: list[str], zones: list[str], words: list[int],
              timeout: SupportsFloat | None = None) -> tuple[list[Hit], list[Hit]]:
        """The lines a ``line`` or ``span`` rule applies to, and the lines a ``section`` starts at.

        ``words`` are the lines' word counts as ``max_words`` counts them (:func:`rules.count_words`).
        What a line meets depends on its text and zone alone (a zone no rule is for is zone
        ``any``: English rules are all for ``any``), so each pair is matched once: the
        index keeps what up to RECENT_LINES lines met, over calls (the verifying pass of
        :meth:`~cleaner.pipeline.Cleaner.explain` meets mostly the lines of the first again, and a
        site's menus, footers and prompts come back on each of its pages: of 2,400 corpus pages in
        a row, a third of a page's lines were on an earlier one).
        """
        zones = [self._zone[zone] for zone in zones]
        recent = self._recent
        known: dict[tuple[str, str], LineMatch] = {}
        first: dict[tuple[str, str], int] = {}
        for i, key in enumerate(zip(texts, zones)):
            if key not in known:
                if key in recent:
                    known[key] = recent[key]
                else:
                    first.setdefault(key, i)
        fresh = list(first.values())
        if len(recent) + len(fresh) > RECENT_LINES:  # full: start afresh (a new dict: another thread may read it)
            self._recent = {}
            recent = self._recent if len(fresh) <= RECENT_LINES else {}  # a document too large is not kept
        holding = self._holding([texts[i] for i in fresh])
        nothing: frozenset[int] = frozenset()
        for j, i in enumerate(fresh):
            key = (texts[i], zones[i])
            known[key] = recent[key] = self._match_line(texts[i], zones[i], words[i], holding.get(j, nothing), timeout)
        hits, headers = [], []
        for i, key in enumerate(zip(texts, zones)):
            line, section = known[key]
            if line is not None:
                hits.append(Hit(i, *line))
            if section is not None:
                headers.append(Hit(i, section))
        return hits, headers

    def _match_line(self, text: str, zone: str, n: int, holds: frozenset[int],
                    timeout: SupportsFloat | None) -> LineMatch:
        """What one line meets: its line or span rule (with the trimmed text and the cuts), its section rule."""
        if not text:
            return None, None
        candidates = self._candidates(zone, bisect.bisect_left(WORD_BANDS, n))
        winners = candidates.anchored_winners(text, timeout)
        line = None
        if (rule := candidates.first("line", winners, text, holds, n, timeout)) is not None:
            line = (rule, None, ())
        elif (rule := candidates.first("span", winners, text, holds, n, timeout)) is not None:
            spans = rule.spans(text, timeout)
            line = (rule, cut_out(text, spans), spans)
        return line, candidates.first("section", winners, text, holds, n, timeout)

    def _holding(self, texts: list[str]) -> dict[int, frozenset[int]]:
        """For each line that holds a required string of a rule tried alone, those rules' ``id()``.

        Each string is looked for once in the whole document (folded, or not), jumping to the next
        line at each find, rather than in every line.
        """
        if not self._needs:
            return {}
        raw = "\n".join(texts)
        folded = fold(raw)
        ends = list(itertools.accumulate(len(t) + 1 for t in texts))  # one past each line's "\n"
        lines_of: dict[tuple[str, bool], set[int]] = {}
        found: dict[int, set[int]] = {}
        for rule, (strings, in_folded) in self._needs:
            for string in strings:
                if (string, in_folded) not in lines_of:
                    lines_of[(string, in_folded)] = _lines_holding(folded if in_folded else raw, string, ends)
                for line in lines_of[(string, in_folded)]:
                    found.setdefault(line, set()).add(id(rule))
        return {line: frozenset(rules) for line, rules in found.items()}

    def _candidates(self, zone: str, band: int) -> _Candidates:
        """The rules of a zone and word-count band; bands with the same rules share them (built once)."""
        if (zone, band) not in self._bands:
            least = WORD_BANDS[band - 1] + 1 if band else 0
            zones = ("any",) if zone == "any" else ("any", zone)
            by_kind = {kind: tuple(r for z in zones for r in self.rules if r.kind == kind and r.zone == z
                                   and (r.max_words is None or r.max_words >= least)) for kind in KINDS}
            key = tuple(tuple(map(id, rules)) for rules in by_kind.values())
            if key not in self._shared:
                self._shared[key] = _Candidates(by_kind)
            self._bands[(zone, band)] = self._shared[key]
        return self._bands[(zone, band)]
