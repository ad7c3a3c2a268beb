"""Quality by language on the shared corpus: every language with at least 5 pages (or those named).

    python benchmarks/languages.py ../shared/corpus                        # full and loose, every language
    python benchmarks/languages.py ../shared/corpus --lang ru zh --shape full --by-dataset
    python benchmarks/languages.py ../shared/corpus --english-always       # the English pack on every page too
    python benchmarks/languages.py ../shared/corpus --dump --lang de --limit 40
    python benchmarks/languages.py ../shared/corpus --rules                # which rules did the work
    python benchmarks/languages.py ../shared/corpus --left-out --datasets daniel   # as on sites nobody tuned for

Languages are the corpus manifest's (langdetect on the gold; ``zh-cn`` counts as ``zh``). On the
pages with gold text: micro precision, F1 and sentence survival of doing nothing, the C4 line
filter, article-cleaner with its defaults, and article-cleaner keeping comments and title (the
setting that judges harm on loose text, where some gold keeps comments); daniel's gold keeps the
headline, so article-cleaner keeps it there. Pages with their HTML also get trafilatura's default
``extract`` on it. On the trafilatura pages (no gold, strings that must and must not be in the
output): with kept / without gone. ``--dump`` prints every ``with`` string the cleaner lost, with the
rule or score that removed it, and every ``without`` string it kept. On pages with gold text,
``--rules`` counts the removed lines instead: a body line (in the gold) as a ``with`` lost, any other
as a ``without`` removed; ``--dump`` prints the body lines a rule removed. ``--left-out`` cleans each
dataset's pages with the model fitted without that dataset (``holdout.py``'s left-out models): the
figures a language's pages get from a fit that never saw them (the trafilatura pages, which have
no gold to fit on, keep the shipped model).
"""

from __future__ import annotations

import argparse
import collections
import functools
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from c4 import c4_line_filter  # noqa: E402
from corpus import ALL_GOLD_DATASETS, Page, pages, score_page, summarise  # noqa: E402
from fit_model import EXTRACTED_SHARES  # noqa: E402
from holdout import fit_left_out  # noqa: E402
from lines import DEFAULT_CACHE, corpus_lines  # noqa: E402

import cleaner  # noqa: E402
from cleaner import scoring  # noqa: E402
from cleaner.engine import RuleIndex  # noqa: E402

DATASETS = ("daniel", "fundus", "irdata", "l3s-gn1", "readability", "cleaneval", "dragnet", "trafilatura")
HEADLINE_IN_GOLD = ("daniel",)  # gold that keeps the headline: article-cleaner runs with keep_title there
MIN_PAGES = 5
TOOLS = ("identity", "c4_lines", "article-cleaner", "article-cleaner +comments +title")
_left_out: dict[str, scoring.Model] = {}  # --left-out: each dataset's model fitted without it


class _EnglishAlways(cleaner.Cleaner):
    """A cleaner that applies the English pack beside the detected language's (``--english-always``)."""

    def _rules_for(self, languages: tuple[str, ...]) -> RuleIndex:
        return super()._rules_for(tuple(dict.fromkeys((*languages, "en"))))


def _start(left_out: dict[str, scoring.Model]) -> None:
    _left_out.update(left_out)


@functools.cache
def _cleaner(english_always: bool, dataset: str, **options) -> cleaner.Cleaner:
    made = (_EnglishAlways if english_always else cleaner.Cleaner)(**options)
    if dataset in _left_out:
        made.model = _left_out[dataset]
    return made


def language_of(page: Page) -> str:
    return (page.lang or "und").split("-")[0]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


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


def _culprit(why: str) -> str:
    """A rule id (``LK201``) or a reason (``heuristic``) from a removal's description."""
    return why if why == "spans lines" else why.split()[0]


def _snippet_notes(page: Page, text: str, result: cleaner.Result, dump: bool) -> tuple[dict, list[str]]:
    """Which rules lost `with` strings and removed `without` ones; with --dump, the strings themselves."""
    with_, without = page.snippets()
    lost, removed = _removed_by(text, result, with_), _removed_by(text, result, without)
    tally = dict(lost_by=[_culprit(why) for _, why in lost], removed_by=[_culprit(why) for _, why in removed])
    notes = []
    if dump:
        out = _norm(result.text)
        notes = [f"  lost [{why}] {snippet[:110]!r}" for snippet, why in lost]
        notes += [f"  kept {s[:110]!r}" for s in without if _norm(s) in out]
        if notes:
            notes.insert(0, f"{page.id} ({page.lang}, detected {result.language})")
    return tally, notes


def _gold_notes(page: Page, result: cleaner.Result, dump: bool) -> tuple[dict, list[str]]:
    """On a page with gold text, which rules removed lines: body ones (a gold line, or four words or
    15 characters or more inside the gold: Chinese and Japanese lines have no spaces) count as
    `with` lost, the others as `without` removed."""
    gold = page.read("gold")
    gold_lines = {_norm(line) for line in gold.split("\n")}
    flat = " " + _norm(gold) + " "
    tally: dict[str, list[str]] = dict(lost_by=[], removed_by=[])
    notes = []
    for removal in result.removed:
        line = _norm(removal.text)
        if not line:
            continue
        body = line in gold_lines or (len(line.split()) >= 4 and f" {line} " in flat) or (len(line) >= 15 and line in flat)
        culprit = _culprit(removal.describe())
        tally["lost_by" if body else "removed_by"].append(culprit)
        if dump and body and removal.rule is not None:
            notes.append(f"  lost [{culprit}] {line[:110]!r}")
    if notes:
        notes.insert(0, f"{page.id} ({page.lang}, detected {result.language})")
    return tally, notes


@functools.cache
def _trafilatura_html(page: Page) -> str | None:
    import trafilatura

    html = page.html()
    return (trafilatura.extract(html) or "") if html else None


def _run(job: tuple[Page, str, bool, bool]) -> list[tuple[str, str, str, dict, list[str]]]:
    """Scores of every tool on one page in one shape: (language, shape, tool, row, notes)."""
    page, shape, english_always, dump = job
    text, code = page.read(shape), language_of(page)
    keep_title = page.dataset in HEADLINE_IN_GOLD
    rows = [(code, shape, "identity", score_page(page, text), []),
            (code, shape, "c4_lines", score_page(page, c4_line_filter(text)), [])]
    result = _cleaner(english_always, page.dataset, keep_title=keep_title).explain(text)
    row, notes = score_page(page, result.text), []
    if page.dataset == "trafilatura":
        tally, notes = _snippet_notes(page, text, result, dump)
        row.update(tally)
    else:
        tally, notes = _gold_notes(page, result, dump)
        row.update(tally)
    rows.append((code, shape, "article-cleaner", row, notes))
    if shape == "loose":
        harmless = _cleaner(english_always, page.dataset, keep_title=True, keep_comments=True).clean(text)
        rows.append((code, shape, "article-cleaner +comments +title", score_page(page, harmless), []))
    if shape == "full" and (extracted := _trafilatura_html(page)) is not None:
        rows.append((code, "html", "trafilatura", score_page(page, extracted), []))
    return rows


def _cells(rows: list[dict]) -> list[str]:
    s = summarise(rows)
    return [f"{s[k]:.3f}" if k in s else "" for k in ("P", "F1", "survival", "with_kept", "without_gone")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    parser.add_argument("--shape", choices=("loose", "full", "both"), default="both")
    parser.add_argument("--lang", nargs="*", default=[],
                        help="only pages of these languages (manifest codes), however few pages they have")
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS))
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages per language and dataset")
    parser.add_argument("--by-dataset", action="store_true", help="a row per language and dataset as well")
    parser.add_argument("--english-always", action="store_true",
                        help="apply the English pack on every page, beside its own language's")
    parser.add_argument("--dump", action="store_true", help="print lost `with` and kept `without` strings")
    parser.add_argument("--rules", action="store_true",
                        help="also print, per rule or reason, the `without` strings it removed and `with` it lost")
    parser.add_argument("--left-out", action="store_true",
                        help="clean each dataset's pages with the model fitted without that dataset")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    chosen = pages(args.corpus, tuple(args.datasets))
    counts = collections.Counter(language_of(p) for p in chosen)
    chosen = [p for p in chosen
              if (language_of(p) in args.lang if args.lang else counts[language_of(p)] >= MIN_PAGES)]
    if args.limit:
        seen: collections.Counter = collections.Counter()
        chosen = [p for p in chosen if (seen.update([(language_of(p), p.dataset)])
                                        or seen[(language_of(p), p.dataset)] <= args.limit)]
    shapes = ("full", "loose") if args.shape == "both" else (args.shape,)
    jobs = [(page, shape, args.english_always, args.dump) for shape in shapes for page in chosen]
    left_out = {}
    if args.left_out:  # fitted only for the datasets cleaned here
        held = tuple(d for d in ALL_GOLD_DATASETS if d in args.datasets)
        left_out = fit_left_out(corpus_lines(args.corpus, ALL_GOLD_DATASETS, DEFAULT_CACHE, args.jobs), held,
                                EXTRACTED_SHARES)
    with ProcessPoolExecutor(args.jobs, initializer=_start, initargs=(left_out,)) as pool:
        results = [row for rows in pool.map(_run, jobs, chunksize=4) for row in rows]

    if args.dump:
        print("\n".join(line for *_, notes in results for line in notes) + "\n")
    languages = sorted({code for code, *_ in results}, key=lambda code: (-counts[code], code))
    datasets = [d for d in DATASETS if d in args.datasets]
    groups = [(code, None) for code in languages]
    if args.by_dataset:
        groups = [(code, dataset) for code in languages for dataset in (None, *datasets)]
    setting = " (English pack on every page)" if args.english_always else ""
    setting += " (each dataset's pages cleaned by the model fitted without it)" if args.left_out else ""
    print(f"{len(chosen)} pages in {len(languages)} languages{setting}; metrics as in the corpus README\n")
    print("| language | dataset | input | tool | pages | micro P | micro F1 | sent. surv. | with kept | without gone |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for code, dataset in groups:
        for shape in (*shapes, "html"):
            for tool in (*TOOLS, "trafilatura"):
                rows = [row for c, sh, t, row, _ in results
                        if c == code and sh == shape and t == tool and dataset in (None, row["dataset"])]
                if rows:
                    print(f"| {code} | {dataset or 'all'} | {shape} | {tool} | {len(rows)} | " + " | ".join(_cells(rows)) + " |")
    if args.rules:
        _print_rules(results, shapes)


def _print_rules(results: list, shapes: tuple[str, ...]) -> None:
    """Per rule or reason: `without` strings removed and `with` strings lost, by input shape."""
    tallies = {(shape, key): collections.Counter() for shape in shapes for key in ("removed_by", "lost_by")}
    for _, shape, _, row, _ in results:
        for key in ("removed_by", "lost_by"):
            if (shape, key) in tallies:
                tallies[(shape, key)].update(row.get(key, ()))
    names = sorted({name for counter in tallies.values() for name in counter},
                   key=lambda name: -sum(tallies[(sh, "removed_by")][name] for sh in shapes))
    print("\n| rule or reason | " + " | ".join(f"{sh}: without removed | {sh}: with lost" for sh in shapes) + " |")
    print("|---|" + "---|---|" * len(shapes))
    for name in names:
        cells = [f"{tallies[(sh, key)][name]}" for sh in shapes for key in ("removed_by", "lost_by")]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
