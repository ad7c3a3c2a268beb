"""Per-line features: what a line looks like on its own, with no knowledge of its neighbours.

Body text is long, full of stop words, and made of sentences; chrome is short, capitalised,
full of digits and symbols, or repeated. Each feature is a plain number so that the linear
scorer in :mod:`cleaner.scoring` can say how much each one pushed a line towards body or chrome.
Length and stop-word density are also given as bins, which lets a linear model learn that a
two-word line and a forty-word line differ by more than "twenty times as much".
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import regex

from . import words
from .document import CLOSERS, SENTENCE_ENDS

_WORD = regex.compile(r"\w+")
_IDEOGRAPH = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
# A line's topic words: runs of ideographs (read as their pairs of characters, the shortest
# Chinese and Japanese words) and other runs of word characters of TOPIC_WORD_CHARS or more.
TOPIC_WORD_CHARS = 4
_TOPIC_WORD = regex.compile(rf"[^\W\p{{Han}}\p{{Hiragana}}\p{{Katakana}}]{{{TOPIC_WORD_CHARS},}}")
_IDEOGRAPH_RUN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]{2,}")
# The line-shape patterns run once over the whole document, its lines joined by "\n" (stripped
# lines for all but _BULLET): "$" is taken at every line's end (MULTILINE), and "\s" takes the
# "\n" only where a line's own end would do, so each finds in a line what it finds in it alone.
_SPACE_NOT_NEWLINE = r"[^\S\n]"
# A sentence's end, with document.ends_with's marks, read more narrowly than it: only quotes and
# brackets right after the mark, then spaces (a quote after a space, or a », leaves the line
# unfinished). The model was fitted on this reading; ends_with's changes 76 of the corpus's 5,852 verdicts.
_MARKS = f"[{regex.escape(''.join(SENTENCE_ENDS))}][{regex.escape(CLOSERS)}]*"
_SENTENCE_END = regex.compile(rf"{_MARKS}(?:\s|$)")
_TERMINAL = regex.compile(rf"{_MARKS}{_SPACE_NOT_NEWLINE}*$", regex.MULTILINE)
_BULLET = regex.compile(rf"^{_SPACE_NOT_NEWLINE}*(?:[-*\u2022\u00bb\u203a>\u25aa\u25cf\u2013\u2014]{_SPACE_NOT_NEWLINE}|\|)",
                        regex.MULTILINE)
_COMMAS = tuple(map(ord, ",\uff0c\u3001\u060c"))  # Latin, fullwidth, ideographic, Arabic
# Case-blind only where letters are: a whole-pattern IGNORECASE makes each position costlier to try.
_BULLET_MARKS = tuple(map(ord, "-*\u2022\u00bb\u203a>\u25aa\u25cf\u2013\u2014|"))
_URL = regex.compile(r"(?i:https?://|www\.)|(?<=\S)@\S|\.(?i:com|org|net)\b")
_DATE = regex.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}"
    rf"|{words.alternation('month-starts')}[a-z]*\.? \d{{1,2}}\b)",
    regex.IGNORECASE,
)

WORD_BINS = (1, 3, 6, 12, 25, 50)  # upper bounds of the word-count bins; the last bin is open
STOP_BINS = (0.0, 0.15, 0.30, 0.45)  # lower bounds of the stop-word-density bins
UNKNOWN_STOP_DENSITY = 0.35  # used where the language has no stop-word list: typical body value

NAMES: tuple[str, ...] = (
    "bias",
    *(f"words<={bound}" for bound in WORD_BINS),
    "log_words",
    *(f"stop_density>={bound}" for bound in STOP_BINS[1:]),
    "stop_density",
    "log_stopwords",
    "ends_sentence",
    "ends_colon",
    "sentences",
    "comma_rate",
    "digit_ratio",
    "upper_ratio",
    "capitalised_words",
    "symbol_ratio",
    "bullet",
    "pipe",
    "url_or_email",
    "date",
    "avg_word_length",
    "repeated",
)


# Character classes, one bit each, in a table by code point filled in as characters are first met
# (from the str methods and patterns the features are defined by, so the counts are theirs exactly).
_KNOWN, _ALPHA, _DIGIT, _UPPER, _SPACE, _ALNUM, _WORD_CHAR, _IDEOGRAPH_CHAR = (1 << k for k in range(8))
_CLASSES = np.zeros(0x110000, dtype=np.uint8)
_LOG1P = np.zeros(0)  # math.log1p of 0, 1, 2...: see _log1p


_REPEATED = NAMES.index("repeated")  # the one column that depends on the other lines
LineMeasures = tuple[np.ndarray, int, int, frozenset[str]]  # one line's feature row, words, rule words, topic words


@dataclass(frozen=True, slots=True)
class Measures:
    """What the stages need to know of each line of one document, measured in one pass."""

    features: np.ndarray  # one row per line, the columns of NAMES
    words: list[int]  # ``\\w+`` runs, plus one word per two ideographs (which have no spaces between words)
    rule_words: list[int]  # ``\\w+`` runs, as a rule's max_words counts them (rules.count_words)
    topics: list[frozenset[str]]  # topic words (:func:`topic_words`), for scoring.topic_overlap


def measure(texts: list[str], stopwords: frozenset[str], memo: dict[str, LineMeasures] | None = None) -> Measures:
    """The feature rows (in the order of :data:`NAMES`) and word counts of a document's lines.

    A line's measures are its own, but for ``repeated`` (how many other lines have its text): so
    ``memo`` keeps them by text from one call with these stop words to the next (the verifying
    pass of :meth:`~cleaner.pipeline.Cleaner.explain` meets mostly the lines of the first again),
    and only the lines it lacks are measured.
    """
    if memo is None:
        return _measure(texts, stopwords)
    fresh = [text for text in dict.fromkeys(texts) if text not in memo]
    if fresh:
        measured = _measure(fresh, stopwords)
        memo.update(zip(fresh, zip(measured.features, measured.words, measured.rule_words, measured.topics)))
    known = [memo[text] for text in texts]
    columns = np.array([row for row, _, _, _ in known]).reshape(len(texts), len(NAMES))
    columns[:, _REPEATED] = _repeated(texts)
    return Measures(columns, [words for _, words, _, _ in known], [runs for _, _, runs, _ in known],
                    [topics for _, _, _, topics in known])


def _measure(texts: list[str], stopwords: frozenset[str]) -> Measures:
    """:func:`measure` of every line: everything is counted over the whole document at once, not
    line by line: a class bit per character and the matches of each pattern, summed per line with numpy."""
    n = len(texts)
    joined = "\n".join(texts)  # "\n" is a space and no word character: nothing runs across lines
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bits = _classes(points)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    ends = np.cumsum(lengths + 1) - 1
    starts = ends - lengths
    stripped = [t.strip() for t in texts]
    flat = "\n".join(stripped)
    stripped_lengths = np.fromiter(map(len, stripped), dtype=np.int64, count=n)
    stripped_ends = np.cumsum(stripped_lengths + 1) - 1

    def per_line(mask: np.ndarray) -> np.ndarray:
        running = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
        return running[ends] - running[starts]

    def matches(pattern: regex.Pattern, lines: list[str], where: np.ndarray | None = None) -> np.ndarray:
        """How many matches of the pattern start in each line, found in one pass over the lines
        joined; only the lines ``where`` holds a character every match needs are looked at."""
        chosen = np.arange(n) if where is None else np.flatnonzero(where)
        picked = lines if where is None else [lines[i] for i in chosen.tolist()]
        picked_ends = np.cumsum(np.fromiter(map(len, picked), dtype=np.int64, count=len(picked)) + 1) - 1
        found = np.fromiter((m.start() for m in pattern.finditer("\n".join(picked))), dtype=np.int64)
        return np.bincount(chosen[np.searchsorted(picked_ends, found)], minlength=n)

    word_char = (bits & _WORD_CHAR) != 0
    word_start = word_char & ~np.concatenate(([False], word_char[:-1]))
    n_runs = per_line(word_start)
    ideographs = per_line((bits & _IDEOGRAPH_CHAR) != 0)
    n_words = n_runs + ideographs // 2
    letters = per_line((bits & _ALPHA) != 0)
    non_space = per_line((bits & _SPACE) == 0)
    digits = per_line((bits & _DIGIT) != 0)
    # Lowered together: "\n" is neither cased nor case-ignorable, so each run lowers as it would alone.
    runs = "\n".join(_WORD.findall(joined)).lower().split("\n") if n_runs.sum() else []
    if stopwords:
        whole, inside = _stop_words(stopwords)
        stops = np.zeros(n, dtype=np.int64)
        if whole and runs:
            is_stop = np.fromiter(map(whole.__contains__, runs), dtype=bool, count=len(runs))
            stops += np.bincount(np.repeat(np.arange(n), n_runs), weights=is_stop, minlength=n).astype(np.int64)
        if inside is not None:
            stops += matches(inside, texts, ideographs > 0)
        density = np.divide(stops, n_words, out=np.zeros(n), where=n_words > 0)
    else:
        density = np.where(n_words > 0, UNKNOWN_STOP_DENSITY, 0.0)
        stops = np.rint(density * n_words).astype(np.int64)
    chars = np.maximum(stripped_lengths, 1)
    last = np.maximum(stripped_ends - 1, 0)  # the last character of each non-empty stripped line
    flat_points = np.frombuffer(flat.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)

    columns = np.empty((n, len(NAMES)))
    columns[:, 0] = 1.0
    bins = np.searchsorted(WORD_BINS, n_words)  # the first bound >= n_words; past the last, none
    columns[:, 1:1 + len(WORD_BINS)] = np.arange(len(WORD_BINS)) == bins[:, None]
    k = 1 + len(WORD_BINS)
    columns[:, k] = _log1p(n_words)
    columns[:, k + 1:k + len(STOP_BINS)] = density[:, None] >= np.array(STOP_BINS[1:])
    k += len(STOP_BINS)
    columns[:, k] = density
    columns[:, k + 1] = _log1p(stops)
    columns[:, k + 2] = matches(_TERMINAL, stripped) > 0
    columns[:, k + 3] = (stripped_lengths > 0) & (flat_points[last] == ord(":")) if flat_points.size else False
    columns[:, k + 4] = _log1p(matches(_SENTENCE_END, stripped))
    columns[:, k + 5] = per_line(_any_of(points, _COMMAS)) / np.maximum(n_words, 1)
    columns[:, k + 6] = digits / chars
    columns[:, k + 7] = per_line((bits & _UPPER) != 0) / np.maximum(letters, 1)
    columns[:, k + 8] = per_line(word_start & ((bits & _UPPER) != 0)) / np.maximum(n_runs, 1)
    columns[:, k + 9] = per_line((bits & (_ALNUM | _SPACE)) == 0) / np.maximum(non_space, 1)
    columns[:, k + 10] = matches(_BULLET, texts, per_line(_any_of(points, _BULLET_MARKS)) > 0) > 0
    columns[:, k + 11] = per_line(points == ord("|")) > 0
    columns[:, k + 12] = matches(_URL, stripped) > 0
    columns[:, k + 13] = matches(_DATE, stripped, digits > 0) > 0  # isdigit() holds for every \d
    columns[:, k + 14] = np.minimum(per_line(word_char) / np.maximum(n_words, 1), 15.0) / 15.0
    columns[:, k + 15] = _repeated(stripped)
    topics = _topic_words(runs, n_runs, ideographs > 0, joined, stopwords)
    return Measures(columns, n_words.tolist(), n_runs.tolist(), topics)


def topic_words(text: str, stopwords: frozenset[str]) -> frozenset[str]:
    """The words of a line that say what it is about: lower-cased, neither stop words nor numbers,
    of TOPIC_WORD_CHARS characters or more; in Chinese and Japanese, each pair of ideographs.

    An article's paragraphs share such words (its names, its subject); the summaries of other
    articles, menus and legal lines around it mostly do not (scoring.topic_overlap).
    """
    lowered = text.lower()
    words = {word for word in _TOPIC_WORD.findall(lowered) if not word.isdigit()}
    words.update(run[i:i + 2] for run in _IDEOGRAPH_RUN.findall(lowered) for i in range(len(run) - 1))
    return frozenset(words.difference(stopwords))


def _topic_words(runs: list[str], n_runs: np.ndarray, ideographic: np.ndarray, joined: str,
                 stopwords: frozenset[str]) -> list[frozenset[str]]:
    """:func:`topic_words` of each line, from the document's lower-cased runs of word characters
    (``n_runs`` a line); a line with ideographs, whose runs may mix scripts, is read on its own."""
    long_enough = np.fromiter(map(len, runs), dtype=np.int64, count=len(runs)) >= TOPIC_WORD_CHARS
    kept = long_enough & ~np.fromiter(map(str.isdigit, runs), dtype=bool, count=len(runs))
    words = list(itertools.compress(runs, kept.tolist()))
    ends = np.concatenate(([0], np.cumsum(kept)))[np.cumsum(n_runs)].tolist()
    found = [frozenset(words[a:b]).difference(stopwords) for a, b in zip([0, *ends[:-1]], ends)]
    if ideographic.any():
        lines = joined.split("\n")
        for k in np.flatnonzero(ideographic).tolist():
            found[k] = topic_words(lines[k], stopwords)
    return found


def _any_of(points: np.ndarray, marks: tuple[int, ...]) -> np.ndarray:
    """Which code points are one of a few marks: a comparison each (np.isin sorts, 5-15x slower here)."""
    return functools.reduce(np.logical_or, [points == mark for mark in marks])


@functools.lru_cache(maxsize=64)
def _stop_words(stopwords: frozenset[str]) -> tuple[frozenset[str], regex.Pattern | None]:
    """The stop words matched as whole runs of word characters, and a pattern that finds those of
    languages written without spaces (Chinese, Japanese) inside runs, longest first."""
    inside = sorted((word for word in stopwords if _IDEOGRAPH.search(word)), key=lambda word: (-len(word), word))
    whole = stopwords.difference(inside)
    return whole, regex.compile("|".join(map(regex.escape, inside))) if inside else None


def _repeated(texts: list[str]) -> np.ndarray:
    """The ``repeated`` column: how many other lines have the same text, stripped and case-folded."""
    keys = [text.strip().casefold() for text in texts]
    counts = Counter(keys)
    return _log1p([counts[key] - 1 for key in keys])


def _classes(points: np.ndarray) -> np.ndarray:
    """The class bits of each code point, looking up the characters not met before."""
    bits = _CLASSES[points]
    new = np.unique(points[bits == 0])
    if new.size:
        for point in new.tolist():
            ch = chr(point)
            _CLASSES[point] = (_KNOWN | _ALPHA * ch.isalpha() | _DIGIT * ch.isdigit() | _UPPER * ch.isupper()
                               | _SPACE * ch.isspace() | _ALNUM * ch.isalnum()
                               | _WORD_CHAR * bool(_WORD.match(ch)) | _IDEOGRAPH_CHAR * bool(_IDEOGRAPH.match(ch)))
        bits = _CLASSES[points]
    return bits


def _log1p(counts) -> np.ndarray:
    """``math.log1p`` of whole counts (numpy's may differ in the last bit, and the model was fitted on
    these), looked up in a table of them that grows as larger counts come."""
    global _LOG1P
    counts = np.asarray(counts, dtype=np.int64)
    if counts.size and counts.max() >= len(_LOG1P):
        _LOG1P = np.array([math.log1p(c) for c in range(2 * int(counts.max()) + 1)])
    return _LOG1P[counts]

