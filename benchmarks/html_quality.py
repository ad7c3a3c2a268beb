"""HTML mode beside trafilatura alone, on the corpus pages that come with their HTML.

    python benchmarks/html_quality.py ../shared/corpus                 # readability and l3s-gn1
    python benchmarks/html_quality.py ../shared/corpus --limit 50

Tools, each given the page's bytes:

- ``traf_html``: ``trafilatura.extract(html)`` with its default settings (the corpus README's row);
- ``traf_recall``: ``trafilatura.extract`` with the recall settings HTML mode starts from;
- ``article-cleaner``: :func:`cleaner.clean_html`, the recall extraction then the cleaner.

Prints the corpus README's metrics pooled over the pages and per dataset, and the mean time per
page of each tool (single process; the pool of ``--jobs`` workers runs pages, not tools, in
parallel, so the times of one page are comparable).
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Page, pages, score_page, summarise  # noqa: E402

import trafilatura  # noqa: E402

import cleaner  # noqa: E402

HTML_DATASETS = ("readability", "l3s-gn1")
TOOLS = {
    "traf_html": lambda html: trafilatura.extract(html) or "",
    "traf_recall": lambda html: trafilatura.extract(html, favor_recall=True, include_comments=False,
                                                    include_tables=True) or "",
    "article-cleaner": cleaner.clean_html,
}


def _run(job: tuple[int, Page]) -> list[tuple[str, dict, float]]:
    """Every tool on one page; the order of the tools rotates from page to page, so that no tool
    always pays for the page's first parse (caches warm up)."""
    index, page = job
    html = page.html()
    names = list(TOOLS)
    rows = []
    for tool in names[index % len(names):] + names[: index % len(names)]:
        start = time.perf_counter()
        out = TOOLS[tool](html)
        rows.append((tool, score_page(page, out), time.perf_counter() - start))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    parser.add_argument("--datasets", nargs="*", default=list(HTML_DATASETS))
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages per dataset")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    chosen = [p for p in pages(args.corpus, tuple(args.datasets)) if (p.folder / f"{p.id}.html").exists()]
    if args.limit:
        chosen = [p for d in args.datasets for p in [q for q in chosen if q.dataset == d][: args.limit]]
    cleaner.clean_html("<html><body><p>warm up</p></body></html>")  # rule packs compiled before timing
    with ProcessPoolExecutor(args.jobs, initializer=cleaner.clean_html,
                             initargs=("<html><body><p>warm up</p></body></html>",)) as pool:
        results = [row for rows in pool.map(_run, enumerate(chosen), chunksize=4) for row in rows]

    print(f"{len(chosen)} pages with HTML ({', '.join(args.datasets)}); metrics as defined in the corpus README\n")
    print("| tool | micro P | micro R | micro F1 | macro F1 | AEB F1 | sent. surv. | ms/page |")
    print("|---|---|---|---|---|---|---|---|")
    for tool in TOOLS:
        rows = [(r, t) for name, r, t in results if name == tool]
        s = summarise([r for r, _ in rows])
        cells = [f"{s[k]:.3f}" for k in ("P", "R", "F1", "macro_F1", "AEB_F1", "survival")]
        print(f"| {tool} | " + " | ".join(cells) + f" | {1000 * sum(t for _, t in rows) / len(rows):.1f} |")
    pooled = {tool: summarise([r for name, r, _ in results if name == tool]) for tool in TOOLS}
    ms = {tool: 1000 * sum(t for name, _, t in results if name == tool) / len(chosen) for tool in TOOLS}
    ours, base = pooled["article-cleaner"], pooled["traf_html"]
    print(f"\narticle-cleaner beside traf_html: micro F1 {ours['F1'] - base['F1']:+.4f}, "
          f"sentence survival {ours['survival'] - base['survival']:+.4f}; "
          f"cleaning adds {ms['article-cleaner'] - ms['traf_recall']:.1f} ms/page to the recall extraction")
    print("\n| tool | " + " | ".join(f"{d} F1 | {d} surv." for d in args.datasets) + " |")
    print("|---|" + "---|---|" * len(args.datasets))
    for tool in TOOLS:
        cells = []
        for dataset in args.datasets:
            s = summarise([r for name, r, _ in results if name == tool and r["dataset"] == dataset])
            cells += [f"{s['F1']:.3f}", f"{s['survival']:.3f}"]
        print(f"| {tool} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
