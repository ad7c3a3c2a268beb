"""Heuristic scores: how body-like each line is, on its own and among its neighbours.

Two linear (logistic) scorers, in the spirit of jusText's two passes and of Kohlschütter et al.'s
shallow text features:

1. the *line* score weighs a line's own features (:mod:`cleaner.features`);
2. the *context* score weighs that line score with its neighbours' (the line before and after,
   word-weighted means over wider windows), whether the line lies in the document's main body
   region (the best-scoring contiguous run of lines, as in body-text extraction) and where it
   sits in the page.

The weights are data (``model.toml``), fitted on a public benchmark corpus by
``benchmarks/fit_model.py``. Because both scorers are linear, every verdict can be explained as a
sum of named contributions.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from importlib import resources

import numpy as np

from . import features

CONTEXT_NAMES: tuple[str, ...] = (
    "bias",
    "line_score",
    "previous_line",
    "next_line",
    "window_2",
    "window_5",
    "window_15",
    "in_main_region",
    "distance_to_region",
    "position",
    "edge_distance",
    "document_body_share",
    "line_score_x_body_share",
    "after_dropped_line",
    "before_dropped_line",
)
SENTENCE_WORDS = 8  # lines this long can hold a whole sentence (the corpus metric counts those)
EDGE_SCORE = -3.0  # what lies beyond the first and last line, for the neighbour features


@dataclass(frozen=True, slots=True)
class Model:
    line_weights: tuple[float, ...]
    context_weights: tuple[float, ...]
    threshold: float  # on a page, a short line whose body probability is below this is removed
    sentence_threshold: float  # the same for a line long enough to carry a sentence: a stronger case
    extracted_threshold: float  # in an extractor's output, the same for a short line: only a sure verdict
    extracted_share: float  # a document with this share of body-like lines is an extractor's output

    def limit(self, words: int, body_share: float) -> float:
        """The body probability a line of this many words needs to stay, in a document whose lines
        are ``body_share`` body-like.

        A document that is mostly body is an extractor's output: the extractor has judged its
        blocks already, so the heuristic does not second-guess it: a sentence-length line stays
        (only rules remove one), and a short one goes only on a verdict whose precision, measured
        on datasets the fit did not see, justifies it (README, Quality).
        """
        return float(self.limits(np.asarray(words), np.asarray(body_share)))

    def limits(self, words: np.ndarray, body_share: np.ndarray) -> np.ndarray:
        """:meth:`limit` of many lines at once."""
        long = words >= SENTENCE_WORDS
        return np.where(body_share >= self.extracted_share, np.where(long, 0.0, self.extracted_threshold),
                        np.where(long, self.sentence_threshold, self.threshold))

    @classmethod
    def load(cls) -> Model:
        data = tomllib.loads((resources.files("cleaner") / "model.toml").read_text(encoding="utf-8"))
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        line = data["line"]
        context = data["context"]
        return cls(
            line_weights=tuple(float(line.get(name, 0.0)) for name in features.NAMES),
            context_weights=tuple(float(context.get(name, 0.0)) for name in CONTEXT_NAMES),
            threshold=float(data["threshold"]),
            sentence_threshold=float(data["sentence_threshold"]),
            extracted_threshold=float(data["extracted_threshold"]),
            extracted_share=float(data["extracted_share"]),
        )


def dots(weights: tuple[float, ...], rows: np.ndarray) -> list[float]:
    """Each row's weighted sum, its terms added left to right (as the model was fitted and tested)."""
    total = np.zeros(len(rows))
    for j, weight in enumerate(weights):
        total = total + weight * rows[:, j]
    return total.tolist()


def probability(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))


def main_region(scores: list[float], words: list[int]) -> tuple[int, int]:
    """The contiguous run of lines with the largest sum of ``(p - 0.5) * words`` (Kadane).

    Returns ``(start, end)`` inclusive; ``(0, -1)`` for an empty document.
    """
    best, best_span = 0.0, (0, -1)
    total, start = 0.0, 0
    for i, (score, n) in enumerate(zip(scores, words)):
        if total <= 0:
            total, start = 0.0, i
        total += (probability(score) - 0.5) * max(n, 1)
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _window_means(scores: np.ndarray, weights: np.ndarray, radius: int) -> np.ndarray:
    """Each line's word-weighted mean score of the others within ``radius``; EDGE_SCORE where none.

    The terms are added left to right, one offset at a time, as a line-by-line loop adds them.
    """
    n = len(scores)
    terms = scores * weights
    num, den = np.zeros(n), np.zeros(n)
    for offset in range(-radius, radius + 1):
        if offset == 0 or abs(offset) >= n:
            continue
        lines, others = slice(max(0, -offset), n - max(0, offset)), slice(max(0, offset), n - max(0, -offset))
        num[lines] += terms[others]
        den[lines] += weights[others]
    return np.divide(num, den, out=np.full(n, EDGE_SCORE), where=den != 0)


def body_share(scores: list[float]) -> float:
    """The share of lines whose own score says body: high for an extractor's output, low for a page."""
    return sum(s > 0 for s in scores) / len(scores) if scores else 0.0


def context_features(scores: list[float], words: list[int], after_dropped: list[bool],
                     before_dropped: list[bool]) -> np.ndarray:
    """The context feature vector of every line, a row each, in the order of :data:`CONTEXT_NAMES`.

    The lines given are those no rule dropped; ``after_dropped``/``before_dropped`` say whether a
    dropped line stood right before/after each one (chrome next door is evidence, but bounded).
    """
    n = len(scores)
    rows = np.empty((n, len(CONTEXT_NAMES)))
    if not n:
        return rows
    start, end = main_region(scores, words)
    weights = np.array([math.log1p(w) + 0.5 for w in words])
    share = body_share(scores)
    score = np.array(scores)
    lines = np.arange(n)
    distance = np.where(lines < start, start - lines, np.where(lines > end, lines - end, 0))
    position = lines / (n - 1) if n > 1 else np.full(n, 0.5)
    rows[:, 0] = 1.0
    rows[:, 1] = score
    rows[:, 2] = np.concatenate(([EDGE_SCORE], score[:-1]))
    rows[:, 3] = np.concatenate((score[1:], [EDGE_SCORE]))
    for column, radius in zip((4, 5, 6), (2, 5, 15)):
        rows[:, column] = _window_means(score, weights, radius)
    rows[:, 7] = distance == 0
    rows[:, 8] = [math.log1p(d) for d in distance.tolist()]
    rows[:, 9] = position
    rows[:, 10] = np.minimum(position, 1.0 - position)
    rows[:, 11] = share
    rows[:, 12] = score * share
    rows[:, 13] = after_dropped
    rows[:, 14] = before_dropped
    return rows


def explain_contributions(names: tuple[str, ...], weights: tuple[float, ...], values: list[float],
                          top: int = 3) -> str:
    """The few named terms that pushed a score most, largest first, as ``name=+1.2``."""
    terms = sorted(((w * v, name) for name, w, v in zip(names, weights, values) if name != "bias" and w * v),
                   key=lambda t: -abs(t[0]))
    return ", ".join(f"{name} {value:+.2f}" for value, name in terms[:top])
