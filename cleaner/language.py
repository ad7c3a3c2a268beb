"""Which language a document is in, and its stop words.

Detection uses ``langdetect`` on a bounded sample of the longest lines (the body-like ones), so
its cost does not grow with the page and menus do not sway it. langdetect is random unless
seeded; each call here seeds it, so the same text always gets the same answer. Short or
uncertain text gets no single language: the cleaner then applies only the common rule pack and
the stop words of the likeliest languages.

Stop-word lists are jusText's (shipped with trafilatura's dependency jusText), keyed here by
ISO 639-1 code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import justext
from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

UNDETERMINED = "und"
SAMPLE_CHARS = 1500
MIN_SAMPLE_CHARS = 40
MIN_CONFIDENCE = 0.80
CANDIDATE_FLOOR = 0.20

# ISO 639-1 code (as langdetect names languages) -> jusText stop-list name.
_JUSTEXT_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "id": "Indonesian", "it": "Italian", "kn": "Kannada", "ko": "Korean", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi", "ne": "Nepali",
    "nl": "Dutch", "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}


@dataclass(frozen=True, slots=True)
class Language:
    """The detected language (``und`` when unsure) and the languages whose stop words apply."""

    code: str
    candidates: tuple[str, ...]
    confidence: float


def _sample(lines: list[str]) -> str:
    """The longest lines, in document order, up to SAMPLE_CHARS characters."""
    by_length = sorted(range(len(lines)), key=lambda i: -len(lines[i]))
    chosen, total = [], 0
    for i in by_length:
        if total >= SAMPLE_CHARS:
            break
        chosen.append(i)
        total += len(lines[i])
    return "\n".join(lines[i] for i in sorted(chosen))[: SAMPLE_CHARS * 2]


def detect(lines: list[str]) -> Language:
    """Detect the language of a document given its content lines."""
    sample = _sample(lines)
    if sum(ch.isalpha() for ch in sample) < MIN_SAMPLE_CHARS:
        return Language(UNDETERMINED, ("en",), 0.0)
    DetectorFactory.seed = 0
    try:
        guesses = detect_langs(sample)
    except LangDetectException:
        return Language(UNDETERMINED, ("en",), 0.0)
    codes = [(g.lang.split("-")[0], g.prob) for g in guesses]
    best, confidence = codes[0]
    if confidence >= MIN_CONFIDENCE:
        return Language(best, (best,), confidence)
    candidates = tuple(code for code, prob in codes if prob >= CANDIDATE_FLOOR) or (best,)
    return Language(UNDETERMINED, candidates, confidence)


def forced(code: str) -> Language:
    """A language the caller named (``--lang``): no detection."""
    return Language(code, (code,), 1.0)


@functools.cache
def stopwords(code: str) -> frozenset[str]:
    """Lower-cased stop words for an ISO code; empty for a language jusText has no list for."""
    name = _JUSTEXT_NAMES.get(code)
    return frozenset(justext.get_stoplist(name)) if name else frozenset()


def stopwords_for(language: Language) -> frozenset[str]:
    return frozenset().union(*(stopwords(code) for code in language.candidates))
