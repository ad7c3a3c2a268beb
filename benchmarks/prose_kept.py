"""The share of each page's prose the cleaner keeps: the data behind the over-pruning guard's threshold.

    python benchmarks/prose_kept.py ../shared/corpus

Cleans every page (loose and full) with the guard off and prints, per input shape, percentiles of
:func:`cleaner.guard.prose_share`, how many pages fall under a few thresholds, and the lowest pages
with the rules that took their prose, on every dataset with gold text and the trafilatura pages.
The guard's default (``cleaner.guard.MIN_PROSE_KEPT``) is weighed on them: under it should be the
pages stripped of their story, but a short article among its site's teaser prose rightly loses
most of the page's prose too (README, Guarantees).
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ALL_GOLD_DATASETS, Page, pages  # noqa: E402

from cleaner import Cleaner, Reason, guard, scoring  # noqa: E402
from cleaner.document import split_lines  # noqa: E402

CLEANER = Cleaner(min_prose_kept=0)
THRESHOLDS = (0.1, 0.25, 0.4, 0.5)


def _share(job: tuple[Page, str]) -> tuple[str, str, float | None, str]:
    page, shape = job
    text = page.read(shape)
    lines = split_lines(text)
    content = [i for i, line in enumerate(lines) if not line.blank]
    if not content:
        return page.dataset, page.id, None, ""
    analysis = CLEANER.analyse([lines[i].text for i in content])
    removals = {content.index(r.line - 1): r for r in CLEANER.explain(text).removed}
    takers = sorted({r.key for k, r in removals.items()
                     if r.reason is not Reason.TRIM and analysis.words[k] >= scoring.SENTENCE_WORDS})
    return page.dataset, page.id, guard.prose_share(analysis.words, analysis.scores, removals), " ".join(takers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--lowest", type=int, default=6, help="list this many lowest pages per shape")
    args = parser.parse_args()
    chosen = pages(args.corpus, (*ALL_GOLD_DATASETS, "trafilatura"))
    print(f"{len(chosen)} pages; guard default {guard.MIN_PROSE_KEPT:.0%}, judged from {guard.MIN_PROSE_WORDS} "
          "prose words\n")
    print("| input | judged | min | 0.1% | 1% | 5% | median | " + " | ".join(f"< {t:.0%}" for t in THRESHOLDS) + " |")
    print("|---|---|---|---|---|---|---|" + "---|" * len(THRESHOLDS))
    lowest = []
    with ProcessPoolExecutor(args.jobs) as pool:
        for shape in ("loose", "full"):
            rows = [row for row in pool.map(_share, [(p, shape) for p in chosen], chunksize=8) if row[2] is not None]
            shares = sorted(row[2] for row in rows)
            at = lambda q: shares[min(len(shares) - 1, int(q * len(shares)))]  # noqa: E731
            cells = [f"{at(q):.3f}" for q in (0, 0.001, 0.01, 0.05, 0.5)] + [
                str(sum(s < t for s in shares)) for t in THRESHOLDS]
            print(f"| {shape} | {len(shares)} | " + " | ".join(cells) + " |")
            lowest += [(shape, *row) for row in sorted(rows, key=lambda row: row[2])[:args.lowest]]
    print("\nLowest pages (shape dataset id share: what removed their sentence-long lines)\n")
    for shape, dataset, page_id, share, takers in lowest:
        print(f"    {shape} {dataset} {page_id} {share:.3f}: {takers}")


if __name__ == "__main__":
    main()
