"""Fit the heuristic weights (``cleaner/model.toml``) on the shared corpus.

    python benchmarks/fit_model.py ../shared/corpus            # fit on all gold pages, write model.toml
    python benchmarks/fit_model.py ../shared/corpus --holdout  # also: leave-one-dataset-out check

Each content line of every page, in both shapes (loose and full), is labelled body when its
words appear in the page's gold text (contiguously for lines of five words or more; as a whole
gold line for shorter ones). Two L2-regularised logistic regressions are fitted, weighted by the
line's word count (the corpus metric counts words): first on the line's own features, then on
the context features built from those line scores. A line long enough to carry a sentence stays
unless its body probability is below the highest threshold that still keeps KEEP_SENTENCE_RECALL
of such lines' body words (losing text is worse than keeping a stray line), and always in a
document that is mostly body (an extractor's output, judged already); for shorter lines, which
cannot hold a whole sentence, the threshold is the one with the best word-weighted F1.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import GOLD_DATASETS, Page, pages, toks  # noqa: E402

from cleaner import Cleaner, features, scoring  # noqa: E402

KEEP_SENTENCE_RECALL = 0.995  # share of body words kept among lines long enough to carry a sentence
L2 = 1.0
MODEL_PATH = Path(__file__).resolve().parent.parent / "cleaner" / "model.toml"

_cleaner: Cleaner | None = None


def _worker() -> Cleaner:
    global _cleaner
    if _cleaner is None:
        _cleaner = Cleaner()
    return _cleaner


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


def _page_rows(job: tuple[Page, str, tuple | None]) -> tuple[str, list, list, list, list]:
    """Features, labels and weights of one page; stage 2 when line weights are given."""
    page, shape, line_weights = job
    texts = [line for line in page.read(shape).split("\n") if line.strip()]
    if not texts:
        return page.dataset, [], [], [], []
    labels, weights = label_lines(texts, page.read("gold"))
    cleaner = _worker()
    if line_weights is None:
        model = scoring.Model((0.0,) * len(features.NAMES), (0.0,) * len(scoring.CONTEXT_NAMES), 0.5, 0.5, 0.5)
        analysis = cleaner.analyse(texts, model)
        return page.dataset, analysis.features, labels, weights, [shape] * len(texts)
    model = scoring.Model(line_weights, (0.0,) * len(scoring.CONTEXT_NAMES), 0.5, 0.5, 0.5)
    analysis = cleaner.analyse(texts, model)
    keep = [k for k in range(len(texts)) if k not in analysis.sections and
            not (k in analysis.hits and analysis.hits[k].text is None)]
    return (page.dataset, [analysis.context[k] for k in keep], [labels[k] for k in keep],
            [weights[k] for k in keep], [shape] * len(keep))


def collect(chosen: list[Page], line_weights: tuple | None, jobs: int) -> dict[str, np.ndarray]:
    tasks = [(page, shape, line_weights) for page in chosen for shape in ("loose", "full")]
    x, y, w, dataset = [], [], [], []
    with ProcessPoolExecutor(jobs) as pool:
        for name, rows, labels, weights, _ in pool.map(_page_rows, tasks, chunksize=16):
            x += rows
            y += labels
            w += weights
            dataset += [name] * len(rows)
    return dict(x=np.array(x, dtype=float), y=np.array(y, dtype=float), w=np.array(w, dtype=float),
                dataset=np.array(dataset))


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2, steps: int = 30) -> np.ndarray:
    """Weighted L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    w = w / w.mean()
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (w * (p - y)) + penalty * beta
        hessian = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta


def choose_threshold(p: np.ndarray, y: np.ndarray, w: np.ndarray, recall: float) -> float:
    """The highest threshold that still keeps ``recall`` of the body words."""
    order = np.argsort(p)
    body_words = np.cumsum((w * y)[order])
    lost_share = body_words / body_words[-1]
    allowed = np.searchsorted(lost_share, 1 - recall)
    return float(p[order][max(0, allowed - 1)])


def best_f1_threshold(p: np.ndarray, y: np.ndarray, w: np.ndarray, long: np.ndarray, long_kept: np.ndarray) -> float:
    """The threshold for short lines that gives the best word-weighted F1, long lines decided already."""
    best, best_t = -1.0, 0.5
    for t in np.linspace(0.02, 0.8, 79):
        kept = np.where(long, long_kept, p >= t)
        tp = (w * y * kept).sum()
        precision, recall = tp / max(1e-9, (w * kept).sum()), tp / max(1e-9, (w * y).sum())
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        if f1 > best:
            best, best_t = f1, float(t)
    return best_t


def line_metrics(p: np.ndarray, y: np.ndarray, w: np.ndarray, thresholds: tuple[float, ...]) -> str:
    kept = p >= np.where(w >= scoring.SENTENCE_WORDS, min(thresholds[1:]), thresholds[0])
    tp = (w * y * kept).sum()
    precision, recall = tp / max(1e-9, (w * kept).sum()), tp / max(1e-9, (w * y).sum())
    return f"word-weighted P {precision:.3f} R {recall:.3f} F1 {2 * precision * recall / (precision + recall):.3f}"


def fit(chosen: list[Page], jobs: int) -> tuple[np.ndarray, np.ndarray, tuple[float, ...]]:
    stage1 = collect(chosen, None, jobs)
    line_beta = fit_logistic(stage1["x"], stage1["y"], stage1["w"])
    stage2 = collect(chosen, tuple(line_beta), jobs)
    context_beta = fit_logistic(stage2["x"], stage2["y"], stage2["w"])
    p = 1 / (1 + np.exp(-np.clip(stage2["x"] @ context_beta, -30, 30)))
    long = stage2["w"] >= scoring.SENTENCE_WORDS
    extracted = stage2["x"][:, scoring.CONTEXT_NAMES.index("document_body_share")] >= scoring.EXTRACTED_SHARE
    page = long & ~extracted  # in an extractor's output the heuristic keeps every long line
    sentence_threshold = choose_threshold(p[page], stage2["y"][page], stage2["w"][page], KEEP_SENTENCE_RECALL)
    long_kept = extracted | (p >= sentence_threshold)
    short_threshold = best_f1_threshold(p, stage2["y"], stage2["w"], long, long_kept)
    thresholds = (short_threshold, sentence_threshold)
    print(f"fitted on {len(stage1['y'])} lines: {line_metrics(p, stage2['y'], stage2['w'], thresholds)} "
          f"at thresholds {thresholds[0]:.3f} / {thresholds[1]:.3f}", file=sys.stderr)
    return line_beta, context_beta, thresholds


def write_model(line_beta: np.ndarray, context_beta: np.ndarray, thresholds: tuple[float, ...], note: str) -> None:
    lines = [
        "# Heuristic weights, written by benchmarks/fit_model.py; do not edit by hand.",
        f"# {note}",
        f"threshold = {thresholds[0]:.4f}",
        f"sentence_threshold = {thresholds[1]:.4f}",
        "",
        "[line]  # weights of a line's own features (cleaner/features.py)",
        *(f'"{name}" = {value:.4f}' for name, value in zip(features.NAMES, line_beta)),
        "",
        "[context]  # weights of the context features (cleaner/scoring.py)",
        *(f'"{name}" = {value:.4f}' for name, value in zip(scoring.CONTEXT_NAMES, context_beta)),
    ]
    MODEL_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--holdout", action="store_true", help="also fit without each dataset and score it")
    args = parser.parse_args()
    chosen = pages(args.corpus, GOLD_DATASETS)
    if args.holdout:
        for held in GOLD_DATASETS:
            line_beta, context_beta, thresholds = fit([p for p in chosen if p.dataset != held], args.jobs)
            test = collect([p for p in chosen if p.dataset == held], tuple(line_beta), args.jobs)
            p = 1 / (1 + np.exp(-np.clip(test["x"] @ context_beta, -30, 30)))
            print(f"held out {held}: {line_metrics(p, test['y'], test['w'], thresholds)}")
    line_beta, context_beta, thresholds = fit(chosen, args.jobs)
    write_model(line_beta, context_beta, thresholds,
                f"Fitted on {len(chosen)} gold pages of {', '.join(GOLD_DATASETS)}, loose and full shapes; "
                f"sentence-length lines keep {KEEP_SENTENCE_RECALL:.1%} of their body words "
                f"(all of them in documents that are mostly body).")
    print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
