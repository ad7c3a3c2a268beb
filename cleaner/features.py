"""Per-line features: what a line looks like on its own, with no knowledge of its neighbours.

Body text is long, full of stop words, and made of sentences; chrome is short, capitalised,
full of digits and symbols, or repeated. Each feature is a plain number so that the linear
scorer in :mod:`cleaner.scoring` can say how much each one pushed a line towards body or chrome.
Length and stop-word density are also given as bins, which lets a linear model learn that a
two-word line and a forty-word line differ by more than "twenty times as much".
"""

from __future__ import annotations

import math
from collections import Counter

import regex

_WORD = regex.compile(r"\w+")
_IDEOGRAPH = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_SENTENCE_END = regex.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*(?:\s|$)")
_TERMINAL = regex.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*\s*$")
_BULLET = regex.compile(r"^\s*(?:[-*\u2022\u00bb\u203a>\u25aa\u25cf\u2013\u2014]\s|\|)")
_URL = regex.compile(r"https?://|www\.|\S@\S|\.(?:com|org|net)\b", regex.IGNORECASE)
_DATE = regex.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b)",
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


def count_words(text: str) -> int:
    """Words as ``\\w+`` runs, with ideographs counted about one word per two characters."""
    return len(_WORD.findall(text)) + len(_IDEOGRAPH.findall(text)) // 2


def line_features(text: str, stopwords: frozenset[str], repeats: int = 0) -> list[float]:
    """The feature vector of one line, in the order of :data:`NAMES`."""
    words = _WORD.findall(text)
    n_words = len(words) + len(_IDEOGRAPH.findall(text)) // 2
    stripped = text.strip()
    chars = len(stripped) or 1
    letters = sum(ch.isalpha() for ch in stripped) or 1
    if stopwords:
        stops = sum(word.lower() in stopwords for word in words)
        density = stops / len(words) if words else 0.0
    else:
        density = UNKNOWN_STOP_DENSITY if n_words else 0.0
        stops = round(density * n_words)
    word_bins = [0.0] * len(WORD_BINS)
    for k, bound in enumerate(WORD_BINS):
        if n_words <= bound:
            word_bins[k] = 1.0
            break
    stop_bins = [float(density >= bound) for bound in STOP_BINS[1:]]
    non_space = sum(not ch.isspace() for ch in stripped) or 1
    return [
        1.0,
        *word_bins,
        math.log1p(n_words),
        *stop_bins,
        density,
        math.log1p(stops),
        float(bool(_TERMINAL.search(stripped))),
        float(stripped.endswith(":")),
        math.log1p(len(_SENTENCE_END.findall(stripped))),
        stripped.count(",") / (n_words or 1),
        sum(ch.isdigit() for ch in stripped) / chars,
        sum(ch.isupper() for ch in stripped) / letters,
        sum(w[0].isupper() for w in words) / (len(words) or 1),
        sum(not ch.isalnum() and not ch.isspace() for ch in stripped) / non_space,
        float(bool(_BULLET.match(text))),
        float("|" in stripped),
        float(bool(_URL.search(stripped))),
        float(bool(_DATE.search(stripped))),
        min(sum(map(len, words)) / (len(words) or 1), 15.0) / 15.0,
        math.log1p(repeats),
    ]


def repeat_counts(texts: list[str]) -> list[int]:
    """How many other lines of the document have the same text (menus and captions repeat)."""
    counts = Counter(t.strip().casefold() for t in texts)
    return [counts[t.strip().casefold()] - 1 for t in texts]
