"""What cleaning a document gave: the clean text, and each removal as a typed verdict.

A :class:`Removal` says which line went (or, for a trim, which part of it), by which
:class:`Reason`, and for the rules' removals the :class:`~cleaner.rules.Rule` itself. The pipeline
makes them; the guard, the Markdown and HTML modes, the review page and the command line read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .rules import Rule


class Reason(StrEnum):
    """The kind of a removal; its value is the JSON output's ``reason`` (and compares equal to it)."""

    RULE = "rule"  # a line rule matched the line
    TRIM = "trim"  # a span rule cut part of the line off
    SECTION = "section"  # the line is a section's header, or under one
    TEMPLATE = "template"  # the site's profile knows the line as its template
    TITLE = "title"  # the headline, reported as the title
    HEURISTIC = "heuristic"  # the line's body probability is under its threshold
    HEADING = "heading"  # Markdown only: a heading everything under which went


@dataclass(frozen=True, slots=True)
class Removal:
    """One line (or, for a trim, part of one) that the cleaner took out, and why."""

    line: int  # 1-based line number in the input
    text: str  # what was removed: the line; for a trim, the end it cut off (or the whole line: see ``spans``)
    reason: Reason
    rule: Rule | None = None  # the rule, for rule, trim and section removals
    score: float | None = None  # the line's body probability
    detail: str = ""  # the heuristic terms that weighed most, the section's header line, or the template's evidence
    spans: tuple[tuple[int, int], ...] = ()  # a trim's cuts: (start, end) offsets in the line, in order

    @property
    def key(self) -> str:
        """What :meth:`Result.counts` counts the removal under: its rule's id, or its reason."""
        return self.rule.id if self.rule else self.reason.value

    @property
    def label(self) -> str | None:
        """The rule as the output names it, ``LK101 also-read-link``; None for removals without one."""
        return self.rule.label if self.rule else None

    def describe(self) -> str:
        """One line for humans: ``12: LK101 also-read-link`` or ``40: heuristic p=0.08 (...)``."""
        if self.reason is Reason.HEURISTIC:
            return f"heuristic p={self.score:.2f} ({self.detail})"
        if self.reason is Reason.TITLE:
            return "title"
        if self.reason is Reason.TEMPLATE:
            return f"template: {self.detail}"
        if self.reason is Reason.SECTION:
            return f"{self.label} (section from {self.detail})"
        return self.label or self.reason.value

    def as_json(self) -> dict[str, object]:
        """The removal as the JSON output writes it: line, text, reason, rule (its label), score, detail."""
        return {"line": self.line, "text": self.text, "reason": self.reason.value, "rule": self.label,
                "score": self.score, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Result:
    """What cleaning one document gave: the body, its title and language, and every removal.

    ``warning`` is set when the document came back unchanged because cleaning it could not be
    trusted: ``"over the size limit: ..."``, ``"rule XX123 timed out (the regex_timeout safety net, 1 s)"``,
    ``"time budget of 10 s ran out"``, ``"still changing after 4 passes"``, or the over-pruning
    guard's reason. Nothing is removed then, and the text is the input as it was.
    """

    text: str
    title: str | None
    language: str
    removed: tuple[Removal, ...]
    warning: str | None = None

    def _repr_html_(self) -> str:
        """A notebook shows a result as its review page (:mod:`cleaner.report`)."""
        from .report import result_html  # imported here: the report module imports this one

        return result_html(self)

    def counts(self) -> dict[str, int]:
        """Removed lines per rule id (heuristic, title and section keys for the rest)."""
        counts: dict[str, int] = {}
        for removal in self.removed:
            counts[removal.key] = counts.get(removal.key, 0) + 1
        return counts
