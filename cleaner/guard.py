"""The over-pruning guard: a document that would lose most of its prose is kept whole, and flagged.

Chrome is short lines, labels and link runs; an article is prose. So the guard does not look at
the share of all words that survive (a full page rightly loses most of its words to menus), but
at the share of the document's *prose* that survives: lines of a sentence's length that read
like body on their own (their line score). Comment sections (rules of category ``CM``; see
``keep_comments``) and the headline are left out of the count: taking them is by design.

The threshold comes from the shared corpus (``benchmarks/prose_kept.py``; README, Guarantees):
under it are a page whose whole story, a photo caption, a rule took, and a few where taking most
of the prose was right (a short article among its site's teaser prose). Losing a story weighs
more than keeping a page's chrome.
"""

from __future__ import annotations

from collections.abc import Mapping

from .rules import COMMENTS
from .scoring import SENTENCE_WORDS
from .verdicts import Reason, Removal

MIN_PROSE_KEPT = 0.25  # the default share of a document's prose words that must survive
MIN_PROSE_WORDS = 40  # below this much prose (about two sentences), the guard does not judge


def prose_share(words: list[int], scores: list[float], removals: Mapping[int, Removal]) -> float | None:
    """The share of the prose words that survive, or None when there is too little prose to judge.

    ``words`` and ``scores`` are each content line's word count and line score, ``removals`` the
    removed content lines (a trimmed line counts as kept).
    """
    total = kept = 0
    for k, (n, score) in enumerate(zip(words, scores)):
        removal = removals.get(k)
        if n < SENTENCE_WORDS or score <= 0 or (removal and (removal.reason is Reason.TITLE or
                                                             (removal.rule and removal.rule.category == COMMENTS))):
            continue
        total += n
        kept += n if removal is None or removal.reason is Reason.TRIM else 0
    return kept / total if total >= MIN_PROSE_WORDS else None


def over_pruned(words: list[int], scores: list[float], removals: Mapping[int, Removal], min_kept: float) -> str | None:
    """The warning when less than ``min_kept`` of the prose would survive; None when the cleaning stands."""
    share = prose_share(words, scores, removals)
    if share is None or share >= min_kept:
        return None
    return f"over-pruning guard: {share:.0%} of its prose would remain (under {min_kept:.0%})"
