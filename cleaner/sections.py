"""The ``section`` kind: what goes with a section rule's header line.

The engine finds a section's header as it finds any rule's line; this module decides what follows
it out, by the rule's ``until`` (rules.UNTIL): everything to the end, the lines up to the next body
paragraph, or the one paragraph under it (an author's bio, a newsletter's pitch). A rule with
``confirm`` takes its section only where enough of those rules fire in the CONFIRM_WINDOW lines
below the header (a comment thread is told by its shape, not by one marker); a header whose
section is not confirmed, or whose section to the end would start above the main body region,
goes alone. What reads as a paragraph or as body is the pipeline's to say (its scores): it
passes the three questions in.
"""

from __future__ import annotations

from collections.abc import Callable

from .document import ends_with
from .engine import Hit
from .rules import Rule

SECTION_END_WORDS = 10  # a section cut "to the next body paragraph" stops at a kept line this long
PARAGRAPH_WINDOW = 3  # a section "to its paragraph" finds it within this many lines of its header
CONFIRM_WINDOW = 30  # lines after a section header in which its confirming rules must fire


def lines_taken(texts: list[str], headers: list[Hit], hits: dict[int, Hit], start: int,
                is_paragraph: Callable[[int], bool], is_body_paragraph: Callable[[int], bool],
                reads_as_body: Callable[[int], bool]) -> dict[int, tuple[Rule, int]]:
    """Every line a section takes, with its rule and header line: each header, and what its section drops.

    ``headers`` are the section rules' hits, ``hits`` the line and span rules' (by line), ``start``
    the first line of the main body region. ``is_paragraph(k)``: line ``k`` is kept and long enough
    to end a section (SECTION_END_WORDS); ``is_body_paragraph(k)``: and it scores as body;
    ``reads_as_body(k)``: a section's own paragraph that is the article's, not chrome.
    """
    taken: dict[int, tuple[Rule, int]] = {}
    evidence = {**{h.line: h for h in headers}, **hits}
    for header in headers:
        rule = header.rule
        taken.setdefault(header.line, (rule, header.line))
        if not _confirmed(rule, header.line, evidence) or (rule.until == "end" and header.line < start):
            continue
        for k in _lines_under(rule, header.line, texts, is_paragraph, is_body_paragraph, reads_as_body):
            taken.setdefault(k, (rule, header.line))
    return taken


def _lines_under(rule: Rule, header: int, texts: list[str], is_paragraph: Callable[[int], bool],
                 is_body_paragraph: Callable[[int], bool], reads_as_body: Callable[[int], bool]) -> range:
    """The lines below ``header`` that its section takes, by the rule's ``until``.

    ``end``: all of them. ``body``: up to the next body paragraph. ``paragraph``: up to and
    including the first paragraph of sentences within PARAGRAPH_WINDOW lines (an author's bio, a
    newsletter's pitch; not a headline). Where that paragraph reads as body, or a body paragraph
    follows it, the text under the header is the article's own, and the section takes nothing.
    """
    n = len(texts)
    if rule.until == "end":
        return range(header + 1, n)
    if rule.until == "body":
        end = next((k for k in range(header + 1, n) if is_body_paragraph(k)), n)
        return range(header + 1, end)
    last = next((k for k in range(header + 1, min(n, header + 1 + PARAGRAPH_WINDOW))
                 if is_paragraph(k) and ends_with(texts[k])), None)
    if last is None or reads_as_body(last) or (last + 1 < n and is_body_paragraph(last + 1)):
        return range(0)
    return range(header + 1, last + 1)


def _confirmed(rule: Rule, line: int, hits: dict[int, Hit]) -> bool:
    """Whether enough of the rule's confirming rules fire in the lines below its header.

    ``hits`` holds line, span and section-header hits: a comment signature is both a header (the
    thread may start there) and the evidence for the signature above it.
    """
    if not rule.confirm:
        return True
    below = (hits[k].rule.id for k in range(line + 1, line + 1 + CONFIRM_WINDOW) if k in hits)
    return sum(rule_id.startswith(rule.confirm) for rule_id in below) >= rule.confirm_count
