"""Heuristic scores: how body-like each line is, on its own and among its neighbours.

Two stages, in the spirit of jusText's two passes and of Kohlschütter et al.'s shallow text
features:

1. the *line* score, a logistic model of a line's own features (:mod:`cleaner.features`); it
   outlines the document's main body region (the best-scoring contiguous run of lines, as in
   body-text extraction) and feeds the second stage;
2. the *context* score, gradient-boosted trees (:mod:`cleaner.forest`) over the line's own features,
   its neighbours' line scores (the line before and after, word-weighted means over wider windows),
   where it lies against the main region and the page, and what its neighbourhood looks like
   (sentences, lists, links, teaser pairs, dropped chrome), since chrome written as prose is told
   apart by where it stands more than by what it says.

The weights and trees are data (``model.toml``, ``forest.json``), fitted on a public benchmark
corpus by ``benchmarks/fit_model.py`` and scored on datasets the fit never saw by
``benchmarks/holdout.py``. Every verdict can be explained: the line score as a sum of named
terms, the context score as the named inputs that moved it most.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from itertools import chain

import numpy as np

from . import features
from .forest import Forest

NEAR_RADII = (3, 10)  # the neighbourhoods whose make-up is measured, in lines either side
# A line's own traits whose share among its neighbours is measured ("dropped": a rule took it,
# "teaser": a short title line right above a one-sentence summary, as in lists of other articles).
NEAR_TRAITS = ("ends_sentence", "log_words", "stop_density", "capitalised_words", "url_or_email", "bullet",
               "digit_ratio", "dropped", "teaser", "date")
CONTEXT_NAMES: tuple[str, ...] = (
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
    "after_dropped_line",
    "before_dropped_line",
    "sentence_words_before",
    "sentence_words_after",
    *(f"near_{radius}:{trait}" for radius in NEAR_RADII for trait in NEAR_TRAITS),
    "topic_overlap",
)
# What the trees read: the line's own features (the bias aside), then its context.
INPUT_NAMES: tuple[str, ...] = features.NAMES[1:] + CONTEXT_NAMES
SENTENCE_WORDS = 8  # lines this long can hold a whole sentence (the corpus metric counts those)
NO_TOPIC_WORDS = -1.0  # the topic overlap of a line without topic words
TEASER_WORDS = 10  # a title line above a summary is at most this long
EDGE_SCORE = -3.0  # what lies beyond the first and last line, for the neighbour features


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    line_weights: tuple[float, ...]
    forest: Forest  # the context score's trees, over INPUT_NAMES
    threshold: float  # on a page, a short line whose body probability is below this is removed
    sentence_threshold: float  # the same for a line long enough to carry a sentence and ending one: a stronger case
    open_threshold: float  # the same for one that ends no sentence (a headline in a list, a menu written out)
    extracted_threshold: float  # in an extractor's output, the same for a short line: only a sure verdict
    extracted_share: float  # a document with this share of body-like lines is an extractor's output

    def explain(self, inputs: np.ndarray, top: int = 3) -> list[str]:
        """For each row of inputs, the few named inputs that pushed its context score most, largest
        first, as ``name +1.20, ...``."""
        terms = self.forest.contributions(inputs)
        order = np.argsort(-np.abs(terms), axis=1, kind="stable")[:, :top]
        names = self.forest.names
        return [", ".join(f"{names[k]} {row[k]:+.2f}" for k in picked if row[k])
                for row, picked in zip(terms.tolist(), order.tolist())]

    def limits(self, words: np.ndarray, body_share: np.ndarray, ends_sentence: np.ndarray) -> np.ndarray:
        """The body probability each line of this many words needs to stay, in a document whose
        lines are ``body_share`` body-like.

        A document that is mostly body is an extractor's output: the extractor has judged its
        blocks already, so the heuristic does not second-guess it: a sentence-length line stays
        (only rules remove one), and a short one goes only on a verdict whose precision, measured
        on datasets the fit did not see, justifies it (README, Quality). On a page, a line long
        enough to carry a sentence that does not end one is a case of its own: body lines like it
        are few (subheadings, list items), chrome lines many (teaser headlines, menus and links
        written out), and the features that tell them apart in English (title case) say nothing
        in most other languages.
        """
        long = words >= SENTENCE_WORDS
        page = np.where(long, np.where(ends_sentence, self.sentence_threshold, self.open_threshold), self.threshold)
        return np.where(body_share >= self.extracted_share, np.where(long, 0.0, self.extracted_threshold), page)

    @classmethod
    def load(cls) -> Model:
        folder = resources.files("cleaner")
        data = tomllib.loads((folder / "model.toml").read_text(encoding="utf-8"))
        return cls.from_dict(data, Forest.from_json((folder / "forest.json").read_text(encoding="utf-8")))

    @classmethod
    def from_dict(cls, data: dict, forest: Forest) -> Model:
        if forest.names != INPUT_NAMES:
            raise ValueError("forest.json was fitted on other inputs than scoring.INPUT_NAMES: refit it "
                             "(benchmarks/fit_model.py)")
        line = data["line"]
        return cls(
            line_weights=tuple(float(line.get(name, 0.0)) for name in features.NAMES),
            forest=forest,
            threshold=float(data["threshold"]),
            sentence_threshold=float(data["sentence_threshold"]),
            open_threshold=float(data["open_threshold"]),
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
    gains = [(probability(score) - 0.5) * max(n, 1) for score, n in zip(scores, words)]
    best, best_span = 0.0, (0, -1)
    total, start = 0.0, 0
    for i, gain in enumerate(gains):
        if total <= 0:
            total, start = 0.0, i
        total += gain
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


def context_inputs(line_features: np.ndarray, scores: list[float], words: list[int], dropped: np.ndarray,
                   judged: np.ndarray, overlap: np.ndarray) -> np.ndarray:
    """The trees' input row (:data:`INPUT_NAMES`) of each ``judged`` line of one document.

    ``line_features``, ``words`` and ``overlap`` (:func:`topic_overlap`) cover every line,
    ``dropped`` marks the lines a rule dropped. The neighbour scores and the main region are
    taken among the judged lines only (a line a rule dropped says nothing of its neighbours'
    text), the neighbourhood's make-up among all.
    """
    judged = np.asarray(judged, dtype=np.intp)
    context = _context_features([scores[k] for k in judged.tolist()], [words[k] for k in judged.tolist()],
                                np.concatenate(([False], dropped[:-1]))[judged],
                                np.concatenate((dropped[1:], [False]))[judged])
    return np.hstack([line_features[judged, 1:], context, _neighbourhood(line_features, words, dropped)[judged],
                      overlap[judged, None]])


def topic_overlap(topics: list[frozenset[str]], words: list[int], dropped: np.ndarray) -> np.ndarray:
    """For each line, the share of its topic words (features.topic_words) that another line long
    enough to carry a sentence, and not dropped by a rule, also holds (NO_TOPIC_WORDS without any).

    An article's paragraphs speak of the same names and things; the summaries of other articles,
    blurbs, legal lines and menus written out around it mostly do not, however much they read
    like prose. Counted over the page's long lines, whatever they are, so it needs no verdict.
    """
    reference = ((np.asarray(words) >= SENTENCE_WORDS) & ~np.asarray(dropped, dtype=bool)).tolist()
    holders = Counter(chain.from_iterable(own for own, long in zip(topics, reference) if long))
    held, held_twice = set(holders), {word for word, count in holders.items() if count > 1}
    shares = np.full(len(topics), NO_TOPIC_WORDS)
    for k, (own, long) in enumerate(zip(topics, reference)):
        if own:  # a long line's own words are not evidence for it: another line must hold them too
            shares[k] = len(own & (held_twice if long else held)) / len(own)
    return shares


def _context_features(scores: list[float], words: list[int], after_dropped: np.ndarray,
                      before_dropped: np.ndarray) -> np.ndarray:
    """The columns of CONTEXT_NAMES up to the neighbourhood's, for the lines judged, a row each.

    ``after_dropped``/``before_dropped`` say whether a dropped line stood right before/after each
    one (chrome next door is evidence, but bounded).
    """
    n = len(scores)
    rows = np.empty((n, 13))
    if not n:
        return rows
    start, end = main_region(scores, words)
    weights = np.array([math.log1p(w) + 0.5 for w in words])
    score = np.array(scores)
    lines = np.arange(n)
    distance = np.where(lines < start, start - lines, np.where(lines > end, lines - end, 0))
    position = lines / (n - 1) if n > 1 else np.full(n, 0.5)
    rows[:, 0] = score
    rows[:, 1] = np.concatenate(([EDGE_SCORE], score[:-1]))
    rows[:, 2] = np.concatenate((score[1:], [EDGE_SCORE]))
    for column, radius in zip((3, 4, 5), (2, 5, 15)):
        rows[:, column] = _window_means(score, weights, radius)
    rows[:, 6] = distance == 0
    rows[:, 7] = np.log1p(distance)
    rows[:, 8] = position
    rows[:, 9] = np.minimum(position, 1.0 - position)
    rows[:, 10] = body_share(scores)
    rows[:, 11] = after_dropped
    rows[:, 12] = before_dropped
    return rows


def _neighbourhood(line_features: np.ndarray, words: list[int], dropped: np.ndarray) -> np.ndarray:
    """Where each line stands against the document's sentences, and what its neighbours are made of.

    The first two columns are the share of the document's sentence-length words above and below
    the line (chrome collects past the article's last sentence); then, for each radius, the mean
    of each of NEAR_TRAITS over the other lines within it.
    """
    column = {name: line_features[:, k] for k, name in enumerate(features.NAMES)}
    n_words = np.asarray(words, dtype=float)
    sentence = (column["ends_sentence"] > 0) & (n_words >= SENTENCE_WORDS)
    sentence_words = n_words * sentence
    total = max(sentence_words.sum(), 1.0)
    before = (np.cumsum(sentence_words) - sentence_words) / total
    after = 1.0 - before - sentence_words / total
    titled = (n_words <= TEASER_WORDS) & (column["ends_sentence"] == 0)
    teaser = np.zeros(len(n_words))
    teaser[:-1] = titled[:-1] & sentence[1:]
    traits = {**column, "dropped": dropped.astype(float), "teaser": teaser}
    values = np.column_stack([traits[trait] for trait in NEAR_TRAITS])
    return np.column_stack([before, after, *(_mean_of_others(values, radius) for radius in NEAR_RADII)])


def _mean_of_others(values: np.ndarray, radius: int) -> np.ndarray:
    """Each line's mean of each column of ``values`` over the other lines within ``radius`` (0
    where there are none)."""
    n = len(values)
    running = np.concatenate((np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)))
    lines = np.arange(n)
    low, high = np.maximum(0, lines - radius), np.minimum(n, lines + radius + 1)
    return (running[high] - running[low] - values) / np.maximum(1, high - low - 1)[:, None]
