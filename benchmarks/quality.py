"""Quality on the shared corpus: this project beside doing nothing and the C4 line filter.

    python benchmarks/quality.py ../shared/corpus              # every page, loose and full
    python benchmarks/quality.py ../shared/corpus --shape full --datasets dragnet
    python benchmarks/quality.py ../shared/corpus --tools article-cleaner "article-cleaner --keep-comments"

Prints markdown tables with the corpus README's metrics: pooled over the gold datasets, then
micro F1 and sentence survival per dataset, then with/without on the trafilatura pages.
"""

from __future__ import annotations

import argparse
import functools
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from c4 import c4_line_filter  # noqa: E402
from corpus import GOLD_DATASETS, Page, pages, score_page, summarise  # noqa: E402

import cleaner  # noqa: E402


@functools.cache
def _keeping_comments() -> cleaner.Cleaner:
    return cleaner.Cleaner(keep_comments=True)


TOOLS = {
    "identity": lambda text: text,
    "c4_lines": c4_line_filter,
    "article-cleaner": cleaner.clean,
    "article-cleaner --keep-comments": lambda text: _keeping_comments().clean(text),
}


def _run(job: tuple[Page, str, tuple[str, ...]]) -> list[tuple[str, str, dict]]:
    page, shape, tools = job
    text = page.read(shape)
    return [(tool, shape, score_page(page, TOOLS[tool](text))) for tool in tools]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    parser.add_argument("--shape", choices=("loose", "full", "both"), default="both")
    parser.add_argument("--datasets", nargs="*", default=[*GOLD_DATASETS, "trafilatura"])
    parser.add_argument("--tools", nargs="*", default=list(TOOLS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages per dataset")
    args = parser.parse_args()

    chosen = pages(args.corpus, tuple(args.datasets))
    if args.limit:
        per: dict[str, int] = {}
        chosen = [p for p in chosen if per.setdefault(p.dataset, 0) < args.limit and not per.update(
            {p.dataset: per[p.dataset] + 1})]
    shapes = ("loose", "full") if args.shape == "both" else (args.shape,)
    jobs = [(page, shape, tuple(args.tools)) for shape in shapes for page in chosen]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = [row for rows in pool.map(_run, jobs, chunksize=8) for row in rows]

    print(f"{len(chosen)} pages; metrics as defined in the corpus README\n")
    print("| tool | input | micro P | micro R | micro F1 | macro F1 | AEB F1 | sent. surv. | with kept | without gone |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for shape in shapes:
        for tool in args.tools:
            s = summarise([r for t, sh, r in results if t == tool and sh == shape])
            cells = [f"{s[k]:.3f}" if k in s else "" for k in
                     ("P", "R", "F1", "macro_F1", "AEB_F1", "survival", "with_kept", "without_gone")]
            print(f"| {tool} | {shape} | " + " | ".join(cells) + " |")
    datasets = [d for d in GOLD_DATASETS if d in args.datasets]
    for metric, title in (("F1", "Micro F1"), ("survival", "Sentence survival")):
        print(f"\n{title} by dataset\n")
        print("| tool | input | " + " | ".join(datasets) + " |")
        print("|---|---|" + "---|" * len(datasets))
        for shape in shapes:
            for tool in args.tools:
                cells = []
                for dataset in datasets:
                    s = summarise([r for t, sh, r in results if t == tool and sh == shape and r["dataset"] == dataset])
                    cells.append(f"{s[metric]:.3f}" if metric in s else "")
                print(f"| {tool} | {shape} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
