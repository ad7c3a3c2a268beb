"""Whether a change left the cleaner's output alone: a fingerprint of ``cleaner.explain`` per corpus page.

    python benchmarks/same_output.py ../shared/corpus --save /tmp/baseline.json      # before the change
    python benchmarks/same_output.py ../shared/corpus --compare /tmp/baseline.json   # after it
    python benchmarks/same_output.py ../shared/corpus --html --save /tmp/baseline-html.json

Every page of every dataset is cleaned in both shapes (``loose`` and ``full``); with ``--html``, the
pages that have their HTML are cleaned from it instead, by ``cleaner.explain_html`` with comments
dropped and kept (``html`` and ``html+comments``). Per page and shape
two hashes are kept: ``verdict`` covers what a user sees (text, title, language, and for each
removal its line, reason, rule, removed text and heuristic detail), ``scores`` the exact body
probabilities of the removals as well. ``--compare`` lists the pages whose hashes differ (verdict
first: a scores-only difference is a rounding change that no output shows) and exits 1 if any do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import GOLD_DATASETS, Page, pages  # noqa: E402

import cleaner  # noqa: E402

SHAPES = ("loose", "full")


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def fingerprint(result: cleaner.Result) -> dict[str, str]:
    """The two hashes of one result: what a user sees, and that plus the exact scores."""
    removed = [(r.line, r.reason, r.label, r.text, r.detail) for r in result.removed]
    verdict = _digest([result.text, result.title, result.language, removed])
    return {"verdict": verdict, "scores": _digest([verdict, [repr(r.score) for r in result.removed]])}


def _run(page: Page) -> list[tuple[str, dict[str, str]]]:
    return [(f"{page.dataset}/{page.id}/{shape}", fingerprint(cleaner.explain(page.read(shape))))
            for shape in SHAPES]


def _run_html(page: Page) -> list[tuple[str, dict[str, str]]]:
    html = page.html()
    return [(f"{page.dataset}/{page.id}/html", fingerprint(cleaner.explain_html(html))),
            (f"{page.dataset}/{page.id}/html+comments", fingerprint(cleaner.explain_html(html, keep_comments=True)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, metavar="FILE", help="record the fingerprints in FILE")
    action.add_argument("--compare", type=Path, metavar="FILE", help="check against fingerprints saved in FILE")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only every n-th page, this many in all")
    parser.add_argument("--html", action="store_true", help="clean the pages' HTML, where they have it")
    args = parser.parse_args()

    found = pages(args.corpus, (*GOLD_DATASETS, "trafilatura"))
    if args.html:
        found = [page for page in found if (page.folder / f"{page.id}.html").exists()]
    if args.limit:
        found = found[::max(1, len(found) // args.limit)][:args.limit]
    with ProcessPoolExecutor(args.jobs) as pool:
        now = dict(row for rows in pool.map(_run_html if args.html else _run, found, chunksize=16) for row in rows)

    if args.save:
        args.save.write_text(json.dumps(now, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"saved {len(now)} fingerprints to {args.save}")
        return
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    common = [key for key in now if key in before]
    verdicts = [key for key in common if now[key]["verdict"] != before[key]["verdict"]]
    scores = [key for key in common if key not in verdicts and now[key]["scores"] != before[key]["scores"]]
    for key in verdicts:
        print(f"verdict differs: {key}")
    for key in scores:
        print(f"scores differ:  {key}")
    print(f"{len(common)} compared ({len(now) - len(common)} not in {args.compare}): "
          f"{len(verdicts)} verdicts differ, {len(scores)} only in their scores")
    sys.exit(1 if verdicts or scores else 0)


if __name__ == "__main__":
    main()
