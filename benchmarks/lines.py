"""The corpus's lines as the heuristic's fit sees them: features, labels, what the rules take.

Measuring a page means cleaning it (language, features, rules), which is what takes time; the fit
itself is a few matrix products. So every dataset and shape is measured once and kept in a cache
folder outside the repository (``~/.cache/article-cleaner/lines``), under a fingerprint of the
code, rules and stop-word lists that make the features and the rule verdicts: change one and the
pages are measured again; ``model.toml`` names the fingerprint it was fitted at. The rules' zones
are outlined by the shipped model's line weights, which the fit takes from the features and
labels alone: a model fitted on lines measured with its own line weights measures them the same
again, so the same fit comes out of an empty cache.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus import Page, pages, toks

from cleaner import Cleaner, features, scoring

SHAPES = ("loose", "full")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = Path.home() / ".cache" / "article-cleaner" / "lines"
# What the features, labels and rule verdicts of a measured page depend on.
_CACHE_INPUTS = ("cleaner/features.py", "cleaner/engine.py", "cleaner/language.py", "cleaner/rules.py",
                 "cleaner/scoring.py", "benchmarks/lines.py", "benchmarks/corpus.py")


def label_lines(texts: list[str], gold: str) -> tuple[list[int], list[int]]:
    """(label, weight) per line: body or not, and how many words it carries."""
    gold_flat = " " + " ".join(toks(gold)) + " "
    gold_lines = {" ".join(toks(line)) for line in gold.split("\n")}
    labels, weights = [], []
    for text in texts:
        t = toks(text)
        joined = " ".join(t)
        if len(t) >= 5:
            label = f" {joined} " in gold_flat
            if not label:
                grams = {" ".join(t[i:i + 3]) for i in range(len(t) - 2)}
                label = sum(f" {g} " in gold_flat for g in grams) >= 0.6 * len(grams)
        else:
            label = bool(t) and joined in gold_lines
        labels.append(int(label))
        weights.append(len(t))
    return labels, weights


@dataclass(frozen=True)
class Lines:
    """The lines of many documents, one row each, and which document each belongs to.

    ``ruled`` marks the lines a rule drops (the heuristic's context leaves them out). The lines a
    section takes are rows like any other: the section, not the heuristic, decides them in use, but
    the heuristic sees them as it sees its own lines, and how far a section runs is judged by the
    fitted model, so leaving them out made the measured lines depend on the model they fit (each
    refit moved the thresholds by up to .03, and no model could be made again from an empty cache).
    """

    features: np.ndarray  # features.NAMES columns
    words: np.ndarray  # the cleaner's word count (scoring's weights)
    labels: np.ndarray  # 1 body, 0 chrome
    weights: np.ndarray  # the corpus metric's token count
    ruled: np.ndarray
    overlap: np.ndarray  # scoring.topic_overlap, which the fit cannot work out again from the features
    doc: np.ndarray  # document number, ascending

    def __len__(self) -> int:
        return len(self.labels)

    def documents(self) -> list[slice]:
        """The row range of each document, in order."""
        bounds = np.flatnonzero(np.diff(self.doc)) + 1
        edges = [0, *bounds.tolist(), len(self.doc)]
        return [slice(a, b) for a, b in zip(edges[:-1], edges[1:]) if b > a]

    def select(self, mask: np.ndarray) -> Lines:
        return Lines(*(getattr(self, name)[mask] for name in Lines.__dataclass_fields__))

    @staticmethod
    def join(parts: list[Lines]) -> Lines:
        """Many documents' lines as one set, document numbers kept apart."""
        offset, docs = 0, []
        for part in parts:
            docs.append(part.doc + offset)
            offset += int(part.doc.max()) + 1 if len(part) else 0
        fields = {name: np.concatenate([getattr(p, name) for p in parts]) for name in Lines.__dataclass_fields__}
        fields["doc"] = np.concatenate(docs) if docs else np.zeros(0, dtype=int)
        return Lines(**fields)


def measure_texts(cleaner: Cleaner, texts: list[str], gold: str) -> Lines:
    """One document's lines as the fit sees them (the shipped model's line weights outline its rule zones)."""
    labels, weights = label_lines(texts, gold)
    if not texts:  # an empty page: the cleaner has nothing to analyse
        return Lines(np.zeros((0, len(features.NAMES))),
                     *(np.zeros(0, dtype=t) for t in (int, int, float, bool, float, int)))
    analysis = cleaner.analyse(texts)
    ruled = [k in analysis.hits and not (analysis.hits[k].text or "").strip() for k in range(len(texts))]
    n = len(texts)
    return Lines(np.asarray(analysis.features, dtype=float).reshape(n, len(features.NAMES)),
                 np.array(analysis.words, dtype=int), np.array(labels, dtype=int), np.array(weights, dtype=float),
                 np.array(ruled, dtype=bool), analysis.inputs[:, scoring.INPUT_NAMES.index("topic_overlap")],
                 np.zeros(n, dtype=int))


_cleaner: Cleaner | None = None


def _measure_page(job: tuple[Page, str]) -> Lines:
    global _cleaner
    _cleaner = _cleaner or Cleaner()
    page, shape = job
    texts = [line for line in page.read(shape).split("\n") if line.strip()]
    return measure_texts(_cleaner, texts, page.read("gold"))


def fingerprint() -> str:
    """The cache key of the current code, rules and stop-word lists."""
    digest = hashlib.sha256()
    for name in _CACHE_INPUTS:
        digest.update((ROOT / name).read_bytes())
    for data in [*sorted((ROOT / "rules").glob("*.toml")), *sorted((ROOT / "cleaner" / "stopwords").glob("*.txt"))]:
        digest.update(data.read_bytes())
    return digest.hexdigest()[:12]


def load_lines(corpus: Path, dataset: str, shape: str, cache: Path, jobs: int = 2) -> tuple[Lines, list[Page]]:
    """Every gold page of one dataset in one shape, measured (or read from the cache), and the pages."""
    chosen = pages(corpus, (dataset,))
    path = cache / f"{dataset}.{shape}.{fingerprint()}.npz"
    if path.exists():
        with np.load(path) as stored:
            return Lines(**{name: stored[name] for name in Lines.__dataclass_fields__}), chosen
    with ProcessPoolExecutor(jobs) as pool:
        parts = list(pool.map(_measure_page, [(page, shape) for page in chosen], chunksize=8))
    lines = Lines.join([Lines(**{**part.__dict__, "doc": np.full(len(part), i)}) for i, part in enumerate(parts)])
    cache.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **{name: getattr(lines, name) for name in Lines.__dataclass_fields__})
    return lines, chosen


def corpus_lines(corpus: Path, datasets: tuple[str, ...], cache: Path, jobs: int) -> dict[str, Lines]:
    """Each dataset's lines, both shapes joined."""
    return {dataset: Lines.join([load_lines(corpus, dataset, shape, cache, jobs)[0] for shape in SHAPES])
            for dataset in datasets}
