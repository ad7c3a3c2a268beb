"""With/without figures by language on the trafilatura pages of the shared corpus.

    python benchmarks/languages.py ../shared/corpus                  # full and loose, by language
    python benchmarks/languages.py ../shared/corpus --shape full --dump
    python benchmarks/languages.py ../shared/corpus --dump --lang de --limit 40
    python benchmarks/languages.py ../shared/corpus --rules          # which rules did the work

The trafilatura pages carry no gold body, only strings that must be kept (``with``) and strings that
must be gone (``without``), as in trafilatura's own evaluation. Languages are the corpus manifest's
(langdetect on the page). ``--dump`` prints every ``with`` string the cleaner lost, with the rule or
score that removed it, and every ``without`` string it kept: what to look at when a figure drops.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Page, pages, with_without  # noqa: E402

import cleaner  # noqa: E402

MAIN_LANGUAGES = ("de", "en", "es", "fr", "pl")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _language(page: Page) -> str:
    code = (page.lang or "").split("-")[0]
    return code if code in MAIN_LANGUAGES else "other"


def _removed_by(text: str, result: cleaner.Result, snippets: list[str]) -> list[tuple[str, str]]:
    """(snippet, what removed it) for each snippet the input had and the output lost.

    What removed it is the rule id, or the reason (heuristic, title) of the removal of the first
    line holding the snippet's start; "spans lines" when no single line holds it.
    """
    lines = text.split("\n")
    full, out = _norm(text), _norm(result.text)
    why = {removal.line: removal for removal in result.removed}
    gone = []
    for snippet in snippets:
        wanted = _norm(snippet)
        if wanted not in full or wanted in out:
            continue
        first = next((n for n, line in enumerate(lines, 1) if wanted[:40] in _norm(line)), None)
        removal = why.get(first) if first else None
        gone.append((snippet, removal.describe() if removal else "spans lines"))
    return gone


def _run(job: tuple[Page, str, bool]) -> tuple[str, str, dict, list[str]]:
    page, shape, dump = job
    text = page.read(shape)
    result = cleaner.explain(text)
    with_, without = page.snippets()
    found_with, found_without = with_without(result.text, with_, without)
    lost = _removed_by(text, result, with_)
    removed = _removed_by(text, result, without)
    row = dict(n_with=len(with_), n_without=len(without), with_found=found_with, without_found=found_without,
               detected=result.language, lost_by=[_culprit(why) for _, why in lost],
               removed_by=[_culprit(why) for _, why in removed])
    notes = []
    if dump:
        out = _norm(result.text)
        notes = [f"  lost [{why}] {snippet[:110]!r}" for snippet, why in lost]
        notes += [f"  kept {s[:110]!r}" for s in without if _norm(s) in out]
        if notes:
            notes.insert(0, f"{page.id} ({page.lang}, {shape}, detected {result.language})")
    return _language(page), shape, row, notes


def _culprit(why: str) -> str:
    """A rule id (``LK201``) or a reason (``heuristic``) from a removal's description."""
    return why if why == "spans lines" else why.split()[0]


def _figures(rows: list[dict]) -> tuple[int, float, float]:
    n_with = sum(r["n_with"] for r in rows)
    n_without = sum(r["n_without"] for r in rows)
    kept = sum(r["with_found"] for r in rows) / max(1, n_with)
    gone = 1 - sum(r["without_found"] for r in rows) / max(1, n_without)
    return len(rows), kept, gone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    parser.add_argument("--shape", choices=("loose", "full", "both"), default="both")
    parser.add_argument("--lang", nargs="*", default=[], help="only pages of these languages (manifest codes)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages per language")
    parser.add_argument("--dump", action="store_true", help="print lost `with` and kept `without` strings")
    parser.add_argument("--rules", action="store_true",
                        help="also print, per rule or reason, the `without` strings it removed and `with` it lost")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    chosen = pages(args.corpus, ("trafilatura",))
    if args.lang:
        chosen = [p for p in chosen if _language(p) in args.lang]
    if args.limit:
        seen: collections.Counter = collections.Counter()
        chosen = [p for p in chosen if (seen.update([_language(p)]) or seen[_language(p)] <= args.limit)]
    shapes = ("full", "loose") if args.shape == "both" else (args.shape,)
    jobs = [(page, shape, args.dump) for shape in shapes for page in chosen]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(_run, jobs, chunksize=4))

    if args.dump:
        for *_, notes in results:
            if notes:
                print("\n".join(notes))
        print()
    languages = [code for code in (*MAIN_LANGUAGES, "other") if any(r[0] == code for r in results)]
    print(f"{len(chosen)} trafilatura pages; with kept / without gone as in the corpus README\n")
    print("| input | language | pages | with kept | without gone | detected as |")
    print("|---|---|---|---|---|---|")
    for shape in shapes:
        for code in [*languages, "all"]:
            rows = [row for lang, sh, row, _ in results if sh == shape and code in (lang, "all")]
            n, kept, gone = _figures(rows)
            detected = collections.Counter(row["detected"] for row in rows).most_common(3)
            label = ", ".join(f"{c} {k}" for c, k in detected) if code != "all" else ""
            print(f"| {shape} | {code} | {n} | {kept:.3f} | {gone:.3f} | {label} |")
    if args.rules:
        _print_rules(results, shapes)


def _print_rules(results: list, shapes: tuple[str, ...]) -> None:
    """Per rule or reason: `without` strings removed and `with` strings lost, by input shape."""
    tallies = {(shape, key): collections.Counter() for shape in shapes for key in ("removed_by", "lost_by")}
    for _, shape, row, _ in results:
        for key in ("removed_by", "lost_by"):
            tallies[(shape, key)].update(row[key])
    names = sorted({name for counter in tallies.values() for name in counter},
                   key=lambda name: -sum(tallies[(sh, "removed_by")][name] for sh in shapes))
    print("\n| rule or reason | " + " | ".join(f"{sh}: without removed | {sh}: with lost" for sh in shapes) + " |")
    print("|---|" + "---|---|" * len(shapes))
    for name in names:
        cells = [f"{tallies[(sh, key)][name]}" for sh in shapes for key in ("removed_by", "lost_by")]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
