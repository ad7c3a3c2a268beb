"""Leave-one-dataset-out quality: every gold dataset scored by a model fitted without it.

    python benchmarks/holdout.py ../shared/corpus                  # every page (about 15 minutes on 2 free cores)
    python benchmarks/holdout.py ../shared/corpus --limit 40       # 40 pages a dataset: a quick look

For each dataset with gold text, ``fit_model.fit`` fits the weights, the trees and the thresholds on the
other datasets (the *left-out* model) and on all of them (the *in-sample* model, the one shipped),
from the lines ``lines.py`` measured and cached. The left-out model cleans the dataset's pages,
loose and full, with the defaults and with the conventions set aside (``keep_comments=True,
keep_title=True``: the datasets' gold disagrees about comments and headlines); the in-sample
model with the defaults, for the gap. The trafilatura
pages have no gold text to fit on: every model scores them as left-out. Printed per dataset and
shape: in-sample and left-out micro F1, the left-out precision, recall and sentence survival, the
gap, and the references (doing nothing, the C4 line filter, jusText from the corpus README); then
the issue's floors, met or not.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from c4 import c4_line_filter  # noqa: E402
from corpus import ALL_GOLD_DATASETS, GOLD_DATASETS, Page, pages, score_page, summarise  # noqa: E402
from fit_model import EXTRACTED_SHARES, KEEP_OPEN_RECALL, TREES, balanced, fit  # noqa: E402
from lines import DEFAULT_CACHE, Lines, corpus_lines  # noqa: E402

from cleaner import Cleaner, scoring  # noqa: E402

OPTIONS = {"defaults": {}, "conventions off": {"keep_comments": True, "keep_title": True}}
_models: dict[str, scoring.Model] = {}
_cleaners: dict[str, Cleaner] = {}


def _start(models: dict[str, scoring.Model]) -> None:
    _models.update(models)
    _cleaners.update({name: Cleaner(**options) for name, options in OPTIONS.items()})


def _clean(options: str, model: scoring.Model, text: str) -> str:
    cleaner = _cleaners[options]
    cleaner.model = model
    return cleaner.clean(text)


def _score(job: tuple[Page, str]) -> list[tuple[str, str, dict]]:
    """(tool, shape, page counts) of one page in one shape, for every model, option set and reference."""
    page, shape = job
    text = page.read(shape)
    rows = [("identity", shape, score_page(page, text)), ("c4", shape, score_page(page, c4_line_filter(text)))]
    in_sample, left_out = _models["in-sample"], _models.get(page.dataset, _models["in-sample"])
    for options in OPTIONS:
        rows.append((f"left-out {options}", shape, score_page(page, _clean(options, left_out, text))))
    # The gap is measured with the defaults (a page the in-sample model scores as left-out costs nothing more).
    same = rows[-2][2] if left_out == in_sample else score_page(page, _clean("defaults", in_sample, text))
    return rows + [("in-sample defaults", shape, same)]


def fit_models(by_dataset: dict[str, Lines], shares: tuple[float, ...],
               open_recall: float = KEEP_OPEN_RECALL) -> dict[str, scoring.Model]:
    """The in-sample model, and one model per dataset fitted without it."""
    return {"in-sample": fit(Lines.join(balanced(by_dataset)), shares, open_recall=open_recall),
            **fit_left_out(by_dataset, tuple(by_dataset), shares, open_recall)}


def fit_left_out(by_dataset: dict[str, Lines], held: tuple[str, ...], shares: tuple[float, ...],
                 open_recall: float = KEEP_OPEN_RECALL) -> dict[str, scoring.Model]:
    """For each dataset in ``held``, the model fitted on the other datasets."""
    return {name: fit(Lines.join(balanced({other: lines for other, lines in by_dataset.items() if other != name})),
                      shares, open_recall=open_recall)
            for name in held}


def justext_f1(corpus: Path) -> dict[tuple[str, str], float]:
    """jusText-on-text micro F1 by (dataset, shape), from the corpus README's table."""
    text = (corpus / "README.md").read_text(encoding="utf-8")
    table = text.split("### Micro F1 by dataset", 1)[1].split("###", 1)[0]
    header = next(line for line in table.splitlines() if line.startswith("| tool"))
    datasets = [cell.strip() for cell in header.strip("|").split("|")[2:]]
    found = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if cells[0] == "justext_text":
            found.update({(d, cells[1]): float(v) for d, v in zip(datasets, cells[2:]) if re.fullmatch(r"[\d.]+", v)})
    return found


class Report:
    """Pooled figures of the scored pages, by tool, shape and datasets."""

    def __init__(self, rows: list[tuple[str, str, dict]]):
        self.rows = rows

    def __call__(self, tool: str, shape: str, datasets: tuple[str, ...]) -> dict[str, float]:
        return summarise([r for t, s, r in self.rows if t == tool and s == shape and r["dataset"] in datasets])


def _cells(values: list[float | None]) -> str:
    return " | ".join("" if v is None else f"{v:+.3f}" if i == 5 else f"{v:.3f}" for i, v in enumerate(values))


def print_tables(report: Report, datasets: tuple[str, ...], justext: dict) -> None:
    groups = [((d,), d) for d in datasets]
    four = tuple(d for d in GOLD_DATASETS if d in datasets)
    groups += [(four, "pooled: " + ", ".join(four)), (datasets, "pooled: all")]
    for options in OPTIONS:
        print(f"\n### {options}\n")
        print("| dataset | shape | in-sample F1 | left-out F1 | left-out P | left-out R | survival | gap "
              "| identity F1 | identity surv. | C4 F1 | jusText F1 |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for shape in ("full", "loose"):
            for members, name in groups:
                inside, out = report("in-sample defaults", shape, members), report(f"left-out {options}", shape, members)
                same, c4 = report("identity", shape, members), report("c4", shape, members)
                gap = inside["F1"] - out["F1"] if options == "defaults" else None
                values = [inside["F1"] if options == "defaults" else None, out["F1"], out["P"], out["R"],
                          out["survival"], gap, same["F1"], same["survival"], c4["F1"], justext.get((name, shape))]
                print(f"| {name} | {shape} | {_cells(values)} |")


def print_floors(report: Report, datasets: tuple[str, ...], justext: dict, snippets: bool) -> None:
    four = tuple(d for d in GOLD_DATASETS if d in datasets)
    checks = []
    full = report("left-out defaults", "full", four)
    off = report("left-out conventions off", "full", four)
    checks += [("full, 4 pooled: micro F1 >= .89", full["F1"], full["F1"] >= .89),
               ("full, 4 pooled: micro P >= .86", full["P"], full["P"] >= .86),
               ("full, 4 pooled: survival >= .92, conventions off", off["survival"], off["survival"] >= .92),
               ("full, 4 pooled: survival >= .90, defaults", full["survival"], full["survival"] >= .90)]
    for d in datasets:
        refs = [report("identity", "full", (d,))["F1"], report("c4", "full", (d,))["F1"], justext.get((d, "full"), 0.0)]
        floor = max(refs) + (1 - max(refs)) / 4
        score = report("left-out defaults", "full", (d,))["F1"]
        checks.append((f"full, {d}: micro F1 >= {floor:.3f} (best reference + a quarter)", score, score >= floor))
    for d in datasets:
        out, same = report("left-out conventions off", "loose", (d,)), report("identity", "loose", (d,))
        checks.append((f"loose, {d}: F1 >= identity {same['F1']:.3f}, conventions off", out["F1"], out["F1"] >= same["F1"]))
        checks.append((f"loose, {d}: survival >= identity - .005 = {same['survival'] - .005:.3f}, conventions off",
                       out["survival"], out["survival"] >= same["survival"] - .005))
    for members in (four, datasets):
        out, same = report("left-out conventions off", "loose", members), report("identity", "loose", members)
        label = "4" if members == four else "all"
        checks.append((f"loose, {label} pooled: F1 >= identity + .01 = {same['F1'] + .01:.3f}, conventions off",
                       out["F1"], out["F1"] >= same["F1"] + .01))
        default = report("left-out defaults", "loose", members)
        checks.append((f"loose, {label} pooled: F1 >= .90, defaults", default["F1"], default["F1"] >= .90))
    if snippets:
        s = report("left-out defaults", "full", ("trafilatura",))
        checks += [("trafilatura, full: with kept >= .95", s["with_kept"], s["with_kept"] >= .95),
                   ("trafilatura, full: without gone >= .80", s["without_gone"], s["without_gone"] >= .80)]
    for d in datasets:
        for shape in ("full", "loose"):
            gap = report("in-sample defaults", shape, (d,))["F1"] - report("left-out defaults", shape, (d,))["F1"]
            checks.append((f"gap, {d} {shape}: in-sample - left-out F1 <= .02", gap, gap <= .02))
    print("\n### floors\n\n| floor | value | met |\n|---|---|---|")
    for name, value, met in checks:
        print(f"| {name} | {value:.3f} | {'yes' if met else 'NO'} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--datasets", nargs="*", default=list(ALL_GOLD_DATASETS))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="score at most this many pages a dataset")
    parser.add_argument("--extracted-shares", nargs="*", type=float, default=EXTRACTED_SHARES,
                        help="the candidates for the extracted-share switch")
    parser.add_argument("--no-snippets", action="store_true", help="leave the trafilatura pages out")
    parser.add_argument("--trees", type=json.loads, default={},
                        help="LightGBM settings over fit_model.TREES, as JSON: '{\"num_leaves\": 7}'")
    parser.add_argument("--open-recall", type=float, default=KEEP_OPEN_RECALL,
                        help="the share of body words kept among sentence-length lines that end no sentence")
    args = parser.parse_args()
    TREES.update(args.trees)
    datasets = tuple(args.datasets)
    models = fit_models(corpus_lines(args.corpus, datasets, args.cache, args.jobs), tuple(args.extracted_shares),
                        args.open_recall)
    for name, model in models.items():
        print(f"{name}: thresholds {model.threshold:.3f} / {model.sentence_threshold:.3f} / open "
              f"{model.open_threshold:.3f}, extracted output from {model.extracted_share:.2f}, threshold there "
              f"{model.extracted_threshold:.3f}", file=sys.stderr)
    chosen = pages(args.corpus, datasets + (() if args.no_snippets else ("trafilatura",)))
    if args.limit:
        chosen = [p for d in {p.dataset for p in chosen} for p in [q for q in chosen if q.dataset == d][:args.limit]]
    jobs = [(page, shape) for page in chosen for shape in ("full", "loose")]
    with ProcessPoolExecutor(args.jobs, initializer=_start, initargs=(models,)) as pool:
        rows = [row for page_rows in pool.map(_score, jobs, chunksize=4) for row in page_rows]
    report, justext = Report(rows), justext_f1(args.corpus)
    print(f"{len(chosen)} pages; fitted on {', '.join(datasets)}")
    print_tables(report, datasets, justext)
    print_floors(report, datasets, justext, not args.no_snippets)


if __name__ == "__main__":
    main()
