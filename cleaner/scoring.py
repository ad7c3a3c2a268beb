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
EXTRACTED_SHARE = 0.5  # a document with this share of body-like lines is an extractor's output
SENTENCE_WORDS = 8  # lines this long can hold a whole sentence (the corpus metric counts those)
EDGE_SCORE = -3.0  # what lies beyond the first and last line, for the neighbour features


@dataclass(frozen=True, slots=True)
class Model:
    line_weights: tuple[float, ...]
    context_weights: tuple[float, ...]
    threshold: float  # a short line whose body probability is below this is removed
    sentence_threshold: float  # the same for a line long enough to carry a sentence: a stronger case
    extracted_sentence_threshold: float  # the same in a document that is mostly body already

    def limit(self, words: int, body_share: float) -> float:
        """The body probability a line of this many words needs to stay, in a document whose lines
        are ``body_share`` body-like (an extractor's output is mostly body: be slower to cut it)."""
        if words < SENTENCE_WORDS:
            return self.threshold
        return self.extracted_sentence_threshold if body_share >= EXTRACTED_SHARE else self.sentence_threshold

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
            extracted_sentence_threshold=float(data["extracted_sentence_threshold"]),
        )


def dot(weights: tuple[float, ...], values: list[float]) -> float:
    return sum(w * v for w, v in zip(weights, values))


def dots(weights: tuple[float, ...], rows: np.ndarray) -> list[float]:
    """:func:`dot` of every row at once, summed term by term in the same order: the same floats."""
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


def _window_mean(scores: list[float], weights: list[float], i: int, radius: int) -> float:
    lo, hi = max(0, i - radius), min(len(scores), i + radius + 1)
    num = den = 0.0
    for j in range(lo, hi):
        if j != i:
            num += scores[j] * weights[j]
            den += weights[j]
    return num / den if den else EDGE_SCORE


def body_share(scores: list[float]) -> float:
    """The share of lines whose own score says body: high for an extractor's output, low for a page."""
    return sum(s > 0 for s in scores) / len(scores) if scores else 0.0


def context_features(scores: list[float], words: list[int], after_dropped: list[bool],
                     before_dropped: list[bool]) -> list[list[float]]:
    """The context feature vector of every line, in the order of :data:`CONTEXT_NAMES`.

    The lines given are those no rule dropped; ``after_dropped``/``before_dropped`` say whether a
    dropped line stood right before/after each one (chrome next door is evidence, but bounded).
    """
    n = len(scores)
    if not n:
        return []
    start, end = main_region(scores, words)
    weights = [math.log1p(w) + 0.5 for w in words]
    share = body_share(scores)
    rows = []
    for i, score in enumerate(scores):
        position = i / (n - 1) if n > 1 else 0.5
        distance = 0 if start <= i <= end else (start - i if i < start else i - end)
        rows.append([
            1.0,
            score,
            scores[i - 1] if i > 0 else EDGE_SCORE,
            scores[i + 1] if i + 1 < n else EDGE_SCORE,
            _window_mean(scores, weights, i, 2),
            _window_mean(scores, weights, i, 5),
            _window_mean(scores, weights, i, 15),
            float(distance == 0),
            math.log1p(distance),
            position,
            min(position, 1.0 - position),
            share,
            score * share,
            float(after_dropped[i]),
            float(before_dropped[i]),
        ])
    return rows


def explain_contributions(names: tuple[str, ...], weights: tuple[float, ...], values: list[float],
                          top: int = 3) -> str:
    """The few named terms that pushed a score most, largest first, as ``name=+1.2``."""
    terms = sorted(((w * v, name) for name, w, v in zip(names, weights, values) if name != "bias" and w * v),
                   key=lambda t: -abs(t[0]))
    return ", ".join(f"{name} {value:+.2f}" for value, name in terms[:top])
