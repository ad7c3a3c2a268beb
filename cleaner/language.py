"""Which language a document is in, and its stop words.

Detection reads a bounded sample of the longest lines (the body-like ones), so its cost does not
grow with the page and menus do not sway it. Most samples are told by their
stop words: the share of the sample's words on each language's list (see Stop words below). When
the sample has ``GUESS_MIN_WORDS`` words or more and no ideographs, its likeliest language's
share is at least ``GUESS_MIN_SHARE`` and leads the next by ``GUESS_MARGIN``, that language is the
answer, as langdetect would have given it. Otherwise (close languages such as Danish and
Norwegian or Spanish and Portuguese, text mixing two languages, short text, a script without
lists) ``langdetect`` decides. ``benchmarks/language_guess.py`` fitted the three thresholds, each
dataset of the corpus scored with those fitted on the others: langdetect still runs on at most
9.3% of a dataset's documents, and the answer is langdetect's on at least 99.6% of them.

langdetect is random unless seeded; this module keeps its own seeded detector factory (the
library's global one is left alone), so the same text always gets the same answer.

langdetect reports near-certainty even on a few words ("404 error" comes out Danish at 0.99999),
so its probability alone is not trusted. A sample under ``MIN_SAMPLE_LETTERS`` letters is not
tried at all; a sample under ``CONFIDENT_SAMPLE_LETTERS`` letters, or a best guess under
``MIN_CONFIDENCE``, gives no single language (code ``und``): the cleaner then uses the stop words
and rule packs of the likeliest languages only. On one long line of each page of the corpus's
trafilatura and readability sets, the first 40 letters are detected right 97% of the time, the
first 100 letters 99.4%.

langdetect names Chinese twice (``zh-cn``, ``zh-tw``); both are ``zh`` here, their probabilities
added. Its Korean profile holds the Chinese characters of Hanja, so it calls most text in
traditional characters Korean (110 of the corpus's 210 Chinese DAnIEL pages). Text written mostly
in ideographs is therefore told by its script: Japanese when it has kana, Korean when it has
Hangul, Chinese otherwise.

Stop-word lists are jusText's (shipped with trafilatura's dependency jusText), keyed here by
ISO 639-1 code. jusText has none for Chinese and Japanese, which are written without spaces: their
lists (``cleaner/stopwords/``) are one- and two-character words derived from the shared corpus by
``benchmarks/cjk_stopwords.py``. They are words found inside a run of characters, not whole runs
of word characters: the features count them where they occur in a line (:mod:`cleaner.features`).
"""

from __future__ import annotations

import collections
import functools
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import justext
import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

UNDETERMINED = "und"
SAMPLE_CHARS = 1500
SAMPLE_LINE_CHARS = 40
MIN_SAMPLE_LETTERS = 40
CONFIDENT_SAMPLE_LETTERS = 100
MIN_CONFIDENCE = 0.90
CANDIDATE_FLOOR = 0.10
FALLBACK = ("en",)  # stop words for text too short to tell: the commonest language of scraped text
SEED = 0
SPACELESS = frozenset({"zh", "ja"})  # written without spaces between words
IDEOGRAPHIC_SHARE = 0.5  # text with this share of ideographs among its letters is told by its script
SCRIPT_SHARE = 0.05  # ... and has kana (Japanese) or Hangul (Korean) when this share of its letters is
GUESS_MIN_WORDS = 30  # a sample with fewer words goes to langdetect (fitted: benchmarks/language_guess.py)
GUESS_MIN_SHARE = 0.10  # ... or whose likeliest language's stop words are fewer than this share of its words
GUESS_MARGIN = 0.06  # ... or whose two likeliest languages' shares are closer than this
_WORD = re.compile(r"\w+")
_IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")

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


def _code(name: str) -> str:
    """The ISO 639-1 code of a langdetect language name: ``zh-cn`` and ``zh-tw`` are ``zh``."""
    return name.split("-")[0]


# Every language detection can name: langdetect's profiles, ``zh-cn`` and ``zh-tw`` as ``zh``
# (when it cannot tell, the code is ``und``).
SUPPORTED: frozenset[str] = frozenset(map(_code, os.listdir(PROFILES_DIRECTORY)))


@dataclass(frozen=True, slots=True)
class Language:
    """The detected language (``und`` when unsure) and the languages whose stop words apply.

    ``confidence`` is langdetect's probability of the likeliest language, 1.0 when langdetect was
    not needed (the language was given, or told by its script or its stop words), 0.0 for text
    too short to tell.
    """

    code: str
    candidates: tuple[str, ...]
    confidence: float


class _NormalizedChars(dict):
    """``str.translate`` table of langdetect's per-character normalisation, filled in as characters come."""

    def __missing__(self, point: int) -> str:
        self[point] = NGram.normalize(chr(point))
        return self[point]


_NORMALIZED = _NormalizedChars()
_SPACES = re.compile(" +")


class _Detector(Detector):
    """langdetect's detector with its per-character and per-language Python loops done in bulk.

    The same n-grams in the same order, the same random draws, and the same floating-point
    operations in the same order: its answers are the library's, to the last bit.
    """

    def append(self, text: str) -> None:
        text = self.MAIL_RE.sub(" ", self.URL_RE.sub(" ", text))
        self.text += _SPACES.sub(" ", NGram.normalize_vi(text)[: self.max_text_length])

    def _extract_ngrams(self) -> list[str]:
        """NGram's buffer starts afresh after every space, so the n-grams come word by word."""
        words = self.text.translate(_NORMALIZED).split(" ")
        found = [gram for word in words[:-1] if word for gram in _word_ngrams(word + " ")]
        return found + list(_word_ngrams(words[-1]))

    def _detect_block(self) -> None:
        """The trials of Detector._detect_block, an update of all languages' probabilities at a time."""
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        n = len(self.langlist)
        langprob = np.zeros(n)
        self.random.seed(self.seed)
        for _ in range(self.n_trial):
            prob = np.full(n, 1.0 / n)
            weight = (self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH) / self.BASE_FREQ
            i = 0
            while True:
                # The updates between two convergence checks (after the first one, then every
                # fifth), each n-gram drawn as the library draws it, multiplied in one by one.
                steps = 1 if i == 0 else 5
                for _ in range(steps):
                    prob = prob * (weight + _probabilities(self.random.choice(ngrams)))
                i += steps - 1
                prob = prob / np.cumsum(prob)[-1]  # a running sum adds in the library's order
                if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                    break
                i += 1
            langprob = langprob + prob / self.n_trial
        self.langprob = langprob.tolist()


@functools.lru_cache(maxsize=4096)
def _probabilities(gram: str) -> np.ndarray:
    """An n-gram's probability in each language, as an array."""
    return np.array(_factory().word_lang_prob_map[gram])


@functools.lru_cache(maxsize=16384)
def _word_ngrams(word: str) -> tuple[str, ...]:
    """The known n-grams NGram.add_char yields over one word (and its following space, if given)."""
    known = _factory().word_lang_prob_map
    found = []
    grams = " "
    for ch in word:
        last = grams[-1]
        if len(grams) >= NGram.N_GRAM:
            grams = grams[1:]
        grams += ch
        if ch.isupper() and last.isupper():  # inside a capitalised word: no n-grams
            continue
        if ch != " " and ch in known:
            found.append(ch)
        for n in range(2, len(grams) + 1):
            if (gram := grams[-n:]) in known:
                found.append(gram)
    return tuple(found)


@functools.cache
def _factory() -> DetectorFactory:
    """A seeded langdetect factory of our own, its profiles loaded once per process."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(SEED)
    return factory


def _sample(lines: list[str]) -> str:
    """The longest lines, in document order, up to about SAMPLE_CHARS characters.

    Only lines of sentence length are taken when they hold enough letters, so that a short body
    is not padded out with menu labels.
    """
    pool = [i for i, line in enumerate(lines) if len(line) >= SAMPLE_LINE_CHARS]
    if not _holds_letters(lines[i] for i in pool):
        pool = list(range(len(lines)))
    chosen, total = [], 0
    for i in sorted(pool, key=lambda i: -len(lines[i])):
        if total >= SAMPLE_CHARS:
            break
        chosen.append(i)
        total += len(lines[i])
    return "\n".join(lines[i] for i in sorted(chosen))[: SAMPLE_CHARS * 2]


def _holds_letters(lines: Iterable[str]) -> bool:
    """Whether the lines hold MIN_SAMPLE_LETTERS letters: counted until they do, not through a whole page."""
    letters = 0
    for line in lines:
        letters += sum(map(str.isalpha, line))
        if letters >= MIN_SAMPLE_LETTERS:
            return True
    return False


def detect(lines: list[str], guess: bool = True, memo: dict[tuple[str, bool], Language] | None = None) -> Language:
    """Detect the language of a document given its content lines.

    ``guess=False`` asks langdetect whenever the script does not tell, without the stop-word guess
    (what detection did before it; ``benchmarks/language_guess.py`` compares the two). The answer
    depends on the sample alone: ``memo`` keeps it by sample from one call to the next (the
    verifying pass of :meth:`~cleaner.pipeline.Cleaner.explain` mostly draws the same sample).
    """
    sample = _sample(lines)
    if memo is None:
        return _detect_sample(sample, guess)
    if (sample, guess) not in memo:
        memo[(sample, guess)] = _detect_sample(sample, guess)
    return memo[(sample, guess)]


def _detect_sample(sample: str, guess: bool) -> Language:
    letters = sum(map(str.isalpha, sample))
    if letters < MIN_SAMPLE_LETTERS:
        return Language(UNDETERMINED, FALLBACK, 0.0)
    if by_script := _ideographic_language(sample, letters):
        return Language(by_script, (by_script,), 1.0)
    if guess and (by_stopwords := stopword_guess(sample)).decides():
        return Language(by_stopwords.best, (by_stopwords.best,), 1.0)
    return _langdetect(sample, letters)


@dataclass(frozen=True, slots=True)
class StopwordGuess:
    """The two likeliest languages of a sample by the (weighted) share of its words on their stop-word lists.

    Its fields may also be arrays, one element a sample, and :meth:`decides` then answers for
    each (``benchmarks/language_guess.py`` fits the thresholds so).
    """

    words: int
    best: str
    best_share: float
    runner_up_share: float
    covered: bool  # no ideographs or kana, which no whole-word list covers

    def decides(self, margin: float = GUESS_MARGIN, min_share: float = GUESS_MIN_SHARE,
                min_words: int = GUESS_MIN_WORDS) -> bool:
        """Whether the guess stands without langdetect: enough words, covered, one language clearly ahead."""
        return ((self.words >= min_words) & self.covered & (self.best_share >= min_share)
                & (self.best_share - self.runner_up_share >= margin))


def stopword_guess(sample: str) -> StopwordGuess:
    """Count the sample's words on every language's stop-word list (whole words, lower-cased).

    jusText's lists were drawn from Wikipedia and many hold English words ("the", "new", "john" are
    on the Finnish, Marathi and Korean lists). A list keeps only the words in its own script, and
    a word on k of them counts 1/k to each: a language leads by the words only its list holds.
    """
    codes, lists = _stopword_lists()
    words = _WORD.findall(sample.lower())
    on_lists = [lists[word] for word in words if word in lists]
    # Each listed word's lists and its weight (1/k, divided as Python divides) on each, in word order.
    sizes = np.fromiter(map(len, on_lists), dtype=np.int64, count=len(on_lists))
    counts = np.bincount(np.fromiter(itertools.chain.from_iterable(on_lists), dtype=np.int64, count=int(sizes.sum())),
                         weights=np.repeat(1 / sizes, sizes), minlength=len(codes))
    order = np.argsort(-counts, kind="stable")  # ties go to the first code, alphabetically
    share = counts / max(1, len(words))
    covered = not (_IDEOGRAPHS.search(sample) or _KANA.search(sample))
    return StopwordGuess(len(words), codes[order[0]], float(share[order[0]]), float(share[order[1]]), covered)


@functools.cache
def _stopword_lists() -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """The languages with whole-word lists, and the lists (their numbers) each listed word is on.

    Kept as small tuples, not a weight per language and word: some 60,000 words a hundred
    languages wide would hold tens of megabytes in every process.
    """
    codes = tuple(sorted(_JUSTEXT_NAMES))
    lists: dict[str, tuple[int, ...]] = {}
    for i, code in enumerate(codes):
        by_script = collections.defaultdict(list)
        for word in stopwords(code):
            by_script[_script(word)].append(word)
        for word in max(by_script.values(), key=len):
            lists[word] = lists.get(word, ()) + (i,)
    return codes, lists


def _script(word: str) -> str:
    """The script of a word's first letter, by its Unicode name: LATIN, CYRILLIC, DEVANAGARI..."""
    letter = next((ch for ch in word if ch.isalpha()), None)
    return unicodedata.name(letter, "").split(" ")[0] if letter else ""


def _langdetect(sample: str, letters: int) -> Language:
    """langdetect's answer on the sample: one language when it is sure and the sample long enough."""
    detector = _Detector(_factory())
    detector.append(sample)
    try:
        guesses = detector.get_probabilities()
    except LangDetectException:
        return Language(UNDETERMINED, FALLBACK, 0.0)
    summed: dict[str, float] = {}
    for guess in guesses:
        summed[_code(guess.lang)] = summed.get(_code(guess.lang), 0.0) + guess.prob
    codes = sorted(summed.items(), key=lambda item: -item[1])
    best, confidence = codes[0]
    if confidence >= MIN_CONFIDENCE and letters >= CONFIDENT_SAMPLE_LETTERS:
        return Language(best, (best,), confidence)
    candidates = tuple(dict.fromkeys(code for code, prob in codes if prob >= CANDIDATE_FLOOR)) or (best,)
    return Language(UNDETERMINED, candidates, confidence)


def _ideographic_language(sample: str, letters: int) -> str | None:
    """``zh``, ``ja`` or ``ko`` for text written mostly in ideographs, by the other scripts it holds."""
    if len(_IDEOGRAPHS.findall(sample)) < IDEOGRAPHIC_SHARE * letters:
        return None
    if len(_KANA.findall(sample)) >= SCRIPT_SHARE * letters:
        return "ja"
    if len(_HANGUL.findall(sample)) >= SCRIPT_SHARE * letters:
        return "ko"
    return "zh"


@functools.cache
def supported() -> frozenset[str]:
    """The codes ``lang`` takes: every language detection can give or has stop words for."""
    return SUPPORTED | frozenset(_JUSTEXT_NAMES)


def forced(code: str) -> Language:
    """A language the caller named (``--lang``): no detection."""
    return Language(code, (code,), 1.0)


@functools.cache
def stopwords(code: str) -> frozenset[str]:
    """Lower-cased stop words for an ISO code; empty for a language without a list."""
    if code in SPACELESS:
        lines = (resources.files("cleaner") / "stopwords" / f"{code}.txt").read_text(encoding="utf-8").splitlines()
        return frozenset(line for line in lines if line and not line.startswith("#"))
    name = _JUSTEXT_NAMES.get(code)
    return frozenset(justext.get_stoplist(name)) if name else frozenset()


def stopwords_for(language: Language) -> frozenset[str]:
    """The stop words of every candidate language, together."""
    return frozenset().union(*(stopwords(code) for code in language.candidates))
