"""Whether cleaning is idempotent on the corpus: ``clean(clean(x)) == clean(x)`` for every page and shape.

    python benchmarks/idempotence.py ../shared/corpus                  # every page, loose and full
    python benchmarks/idempotence.py ../shared/corpus --limit 300      # every n-th page, 300 in all

A clean text must come back unchanged (README, Guarantees): a second pass that still finds
something to remove means the first one stopped short, and a pre-commit hook would rewrite the
file on every commit. Lists every page where the second pass changes the output, with the lines
it removes and why, and exits 1 if there is one.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import GOLD_DATASETS, Page, pages  # noqa: E402

import cleaner  # noqa: E402

SHAPES = ("loose", "full")


def _second_pass(page: Page) -> list[tuple[str, list[str]]]:
    """Per shape, what a second pass removes from the first one's output (empty when nothing)."""
    found = []
    for shape in SHAPES:
        once = cleaner.clean(page.read(shape))
        again = cleaner.explain(once)
        removed = [f"{r.line}: {r.describe()}: {r.text[:80]}" for r in again.removed]
        found.append((f"{page.dataset}/{page.id}/{shape}", removed if again.text != once else []))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only every n-th page, this many in all")
    args = parser.parse_args()

    found = pages(args.corpus, (*GOLD_DATASETS, "trafilatura"))
    if args.limit:
        found = found[::max(1, len(found) // args.limit)][:args.limit]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = [row for rows in pool.map(_second_pass, found, chunksize=16) for row in rows]
    changed = [(key, removed) for key, removed in results if removed]
    for key, removed in changed:
        print(f"second pass changes {key}:")
        for line in removed:
            print(f"    {line}")
    for shape in SHAPES:
        total = sum(key.endswith(f"/{shape}") for key, _ in results)
        bad = sum(key.endswith(f"/{shape}") for key, _ in changed)
        print(f"{shape}: {bad} of {total} pages change on a second pass")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
