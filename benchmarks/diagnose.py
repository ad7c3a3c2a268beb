"""Where the cleaner loses body text and where it lets chrome through, by removal reason.

    python benchmarks/diagnose.py ../shared/corpus --shape loose
    python benchmarks/diagnose.py ../shared/corpus --shape loose --conventions-off --datasets readability cleaneval

For every removed line of every gold page: if it holds a gold sentence (8 words or more, found
whole in the gold), that sentence counts as lost to the rule or heuristic that removed it;
otherwise its words count as chrome removed. Prints both tallies and a few lost sentences per
reason, so the next change is chosen from data.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SENT, Page, pages, toks  # noqa: E402

import cleaner  # noqa: E402


def _page(job: tuple[Page, str, dict]) -> tuple[collections.Counter, collections.Counter, list[tuple]]:
    page, shape, options = job
    gold = " " + " ".join(toks(page.read("gold"))) + " "
    lost, chrome, examples = collections.Counter(), collections.Counter(), []
    for removal in cleaner.explain(page.read(shape), **options).removed:
        reason = removal.key
        sentences = sum(len(t) >= 8 and f" {' '.join(t)} " in gold for t in map(toks, SENT.split(removal.text)))
        if sentences:
            lost[reason] += sentences
            examples.append((reason, page.dataset, page.id, removal.line, removal.text[:120]))
        else:
            chrome[reason] += len(toks(removal.text))
    return lost, chrome, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--shape", choices=("loose", "full"), default="full")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--examples", type=int, default=4, help="lost sentences shown per reason")
    parser.add_argument("--datasets", nargs="*", help="only these datasets (default: every gold one)")
    parser.add_argument("--conventions-off", action="store_true",
                        help="keep comments and the headline (keep_comments=True, keep_title=True)")
    args = parser.parse_args()
    options = {"keep_comments": True, "keep_title": True} if args.conventions_off else {}
    chosen = pages(args.corpus, tuple(args.datasets)) if args.datasets else pages(args.corpus)
    lost, chrome, examples = collections.Counter(), collections.Counter(), []
    with ProcessPoolExecutor(args.jobs) as pool:
        for page_lost, page_chrome, page_examples in pool.map(
                _page, [(p, args.shape, options) for p in chosen], chunksize=8):
            lost.update(page_lost)
            chrome.update(page_chrome)
            examples += page_examples
    print("gold sentences lost, by reason:", ", ".join(f"{k} {v}" for k, v in lost.most_common()))
    print("chrome words removed, by reason:", ", ".join(f"{k} {v}" for k, v in chrome.most_common()))
    shuffle = random.Random(0)
    for reason, _ in lost.most_common():
        chosen = [e for e in examples if e[0] == reason]
        for example in shuffle.sample(chosen, min(args.examples, len(chosen))):
            print("  ", *example[1:])


if __name__ == "__main__":
    main()
