"""The stop-word language guess against always asking langdetect, on every corpus page in both shapes.

    python benchmarks/language_guess.py ../shared/corpus
    python benchmarks/language_guess.py ../shared/corpus --datasets dragnet daniel --limit 500

Each document is what ``Cleaner.analyse`` detects on: a page's non-blank lines, loose and full.
Reported: the share of documents on which langdetect still runs, the share whose language (code
and candidates) is the one ``language.detect(lines, guess=False)`` gives, a confusion table by
that language, and the time per document of detection without and with the guess.

The guess's thresholds (``GUESS_MARGIN``, ``GUESS_MIN_SHARE``, ``GUESS_MIN_WORDS``) are fitted
here: the ones that let langdetect run least while agreeing on at least ``TARGET`` of the fitting
documents (ties to the larger, more careful values). Each dataset is scored with the thresholds
fitted on the others, and the worst of those is the figure to trust; the thresholds fitted on
every dataset are the ones to ship.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import itertools
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ALL_GOLD_DATASETS, pages  # noqa: E402

from cleaner import language  # noqa: E402
from cleaner.document import split_lines  # noqa: E402

SHAPES = ("loose", "full")
TARGET = 0.999  # agreement the fitted thresholds must reach on their fitting documents (the floor is 0.995)
GRID = {  # the values tried for each threshold of StopwordGuess.decides
    "margin": [round(0.01 * k, 2) for k in range(0, 31)],
    "min_share": [round(0.01 * k, 2) for k in range(0, 31)],
    "min_words": [10, 20, 30, 40, 50, 60, 80, 100, 150, 200],
}


@dataclass(frozen=True)
class Doc:
    dataset: str
    lines: list[str]
    reference: language.Language  # always-langdetect's answer
    asks_langdetect: bool  # whether that answer came from langdetect (not too short, not by script)
    guess: language.StopwordGuess

    @property
    def guess_agrees(self) -> bool:
        """Whether taking the guess would give the reference's answer."""
        return (self.reference.code, self.reference.candidates) == (self.guess.best, (self.guess.best,))


class Docs:
    """The documents' guesses as arrays, to score many thresholds at once with StopwordGuess.decides."""

    def __init__(self, docs: list[Doc]):
        self.n = len(docs)
        self.guesses = language.StopwordGuess(*(np.array([getattr(doc.guess, field.name) for doc in docs])
                                                for field in dataclasses.fields(language.StopwordGuess)))
        self.asks = np.array([doc.asks_langdetect for doc in docs])
        self.guess_agrees = np.array([doc.guess_agrees for doc in docs])

    def score(self, **thresholds: float) -> tuple[float, float]:
        """(share of documents on which langdetect runs, share that agree with always-langdetect)."""
        guessed = self.asks & self.guesses.decides(**thresholds)
        return (self.asks & ~guessed).sum() / self.n, 1 - (guessed & ~self.guess_agrees).sum() / self.n

    def fit(self) -> dict[str, float]:
        """The thresholds that run langdetect least with agreement >= TARGET; the more careful on ties."""
        scored = []
        for values in itertools.product(*GRID.values()):
            thresholds = dict(zip(GRID, values))
            runs, agree = self.score(**thresholds)
            if agree >= TARGET:
                scored.append((runs, [-value for value in values], thresholds))
        return min(scored, key=lambda row: row[:2])[2]


def _same(a: language.Language, b: language.Language) -> bool:
    return (a.code, a.candidates) == (b.code, b.candidates)


class _CountingLangdetect:
    """``language._langdetect`` wrapped to count its calls, for as long as the block lasts."""

    def __enter__(self) -> _CountingLangdetect:
        self.calls, self._original = 0, language._langdetect

        def counted(*args):
            self.calls += 1
            return self._original(*args)

        language._langdetect = counted
        return self

    def __exit__(self, *exc) -> None:
        language._langdetect = self._original


def documents(root: Path, datasets: tuple[str, ...], limit: int) -> list[Doc]:
    found = pages(root, datasets)
    if limit:
        found = found[::max(1, len(found) // limit)][:limit]
    docs = []
    with _CountingLangdetect() as counter:
        for page in found:
            for shape in SHAPES:
                lines = [line.text for line in split_lines(page.read(shape)) if not line.blank]
                if not lines:
                    continue
                before = counter.calls
                reference = language.detect(lines, guess=False)
                guess = language.stopword_guess(language._sample(lines))
                docs.append(Doc(page.dataset, lines, reference, counter.calls > before, guess))
    return docs


def _shown(thresholds: dict[str, float]) -> str:
    return " / ".join(f"{value:g}" for value in thresholds.values())


def _per_document_ms(docs: list[Doc], guess: bool) -> float:
    for doc in docs[:50]:  # warm up: profiles, stop-word lists and caches loaded
        language.detect(doc.lines, guess=guess)
    start = time.perf_counter()
    for doc in docs:
        language.detect(doc.lines, guess=guess)
    return (time.perf_counter() - start) / len(docs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    parser.add_argument("--datasets", nargs="+", default=[*ALL_GOLD_DATASETS, "trafilatura"])
    parser.add_argument("--limit", type=int, default=0, help="only every n-th page, this many in all")
    args = parser.parse_args()

    docs = documents(args.corpus, tuple(args.datasets), args.limit)
    datasets = sorted({doc.dataset for doc in docs})
    print(f"{len(docs)} documents ({len(datasets)} datasets, both shapes)\n")

    names = " / ".join(GRID)
    print("Left out by dataset: the thresholds fitted on the other datasets, scored on this one")
    print(f"| dataset | documents | fitted {names} | langdetect runs | agreement |")
    print("|---|---|---|---|---|")
    worst_runs, worst_agree = 0.0, 1.0
    for left_out in datasets:
        thresholds = Docs([doc for doc in docs if doc.dataset != left_out]).fit()
        held = [doc for doc in docs if doc.dataset == left_out]
        runs, agree = Docs(held).score(**thresholds)
        worst_runs, worst_agree = max(worst_runs, runs), min(worst_agree, agree)
        print(f"| {left_out} | {len(held)} | {_shown(thresholds)} | {runs:.1%} | {agree:.2%} |")
    print(f"| worst | | | {worst_runs:.1%} | {worst_agree:.2%} |\n")
    fitted = Docs(docs).fit()
    shipped = dict(zip(GRID, (language.GUESS_MARGIN, language.GUESS_MIN_SHARE, language.GUESS_MIN_WORDS)))
    print(f"Fitted on every dataset ({names}): {_shown(fitted)}; shipped (cleaner/language.py): {_shown(shipped)}"
          + ("" if fitted == shipped else "  <- differs"))

    with _CountingLangdetect() as counter:
        chosen = [language.detect(doc.lines) for doc in docs]
    agree = sum(map(_same, chosen, (doc.reference for doc in docs)))
    print(f"Shipped, every document: langdetect runs on {counter.calls / len(docs):.1%}, "
          f"agreement {agree / len(docs):.2%} ({len(docs) - agree} differ)\n")

    print("By always-langdetect's language (shipped thresholds): documents, langdetect runs, agreement, and what was chosen instead")
    print("| language | documents | langdetect runs | agree | chosen instead |")
    print("|---|---|---|---|---|")
    by_code: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    instead: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for doc, got in zip(docs, chosen):
        row = by_code[doc.reference.code]
        row[0] += 1
        row[1] += doc.asks_langdetect and not doc.guess.decides()
        row[2] += _same(got, doc.reference)
        if not _same(got, doc.reference):
            instead[doc.reference.code][got.code] += 1
    for code, (n, runs, agreed) in sorted(by_code.items(), key=lambda item: -item[1][0]):
        others = ", ".join(f"{other} {k}" for other, k in instead[code].most_common())
        print(f"| {code} | {n} | {runs} | {agreed} | {others} |")

    before, after = _per_document_ms(docs, guess=False), _per_document_ms(docs, guess=True)
    print(f"\nTime per document: {before:.3f} ms always asking langdetect, {after:.3f} ms with the guess "
          f"({before / after:.1f}x)")


if __name__ == "__main__":
    main()
