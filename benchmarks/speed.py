"""Speed, side by side in one run on the same pages: the cleaner beside the C4 line filter (full-page
text) and beside ``trafilatura.extract`` (HTML); the JSONL command line at ``--jobs 1`` and ``2``;
peak memory at 1x and 10x the JSONL input; with ``--profile``, where the cleaner's time goes.

    python benchmarks/speed.py ../shared/corpus --limit 300 --repeats 3
    python benchmarks/speed.py ../shared/corpus --limit 100 --profile

Pages are taken evenly from the whole manifest (every dataset), not from its start. Machines here
are noisy: every figure is the median of ``--repeats`` runs, the tools' order rotates between runs,
and the ratios are what to compare. Single process, except the ``--jobs 2`` row.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import io
import json
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from c4 import c4_line_filter  # noqa: E402
from corpus import pages  # noqa: E402

import trafilatura  # noqa: E402

import cleaner  # noqa: E402
from cleaner import document, engine, features, language, pipeline, scoring  # noqa: E402
from cleaner.forest import Forest  # noqa: E402

TEXT_TOOLS = {"article-cleaner": cleaner.clean, "c4_line_filter": c4_line_filter}
HTML_TOOLS = {"article-cleaner html": cleaner.clean_html, "trafilatura.extract": trafilatura.extract}
# Stages of Cleaner.explain, by the functions it calls (wrapped while profiling, outermost call timed).
STAGES = {
    "split/assemble": [(pipeline, "split_lines"), (pipeline, "assemble")],
    "language detection": [(language, "detect"), (language, "stopwords_for")],
    "rule matching": [(engine.RuleIndex, "match"), (pipeline.Cleaner, "_rules_for")],
    "features": [(features, "measure")],
    "scoring": [(scoring, "dots"), (scoring, "main_region"), (scoring, "topic_overlap"), (scoring, "context_inputs"),
                (Forest, "probabilities"), (scoring.Model, "explain")],
    "title": [(pipeline, "_find_title")],
}


def _median_seconds(tools: dict[str, Callable], inputs: list, repeats: int) -> dict[str, float]:
    """Each tool over all inputs, ``repeats`` times in rotating order; the median wall time of each."""
    for tool in tools.values():  # warm up: packs compiled, language profiles and parsers loaded
        tool(inputs[0])
    names, times = list(tools), {name: [] for name in tools}
    for run in range(repeats):
        for name in names[run % len(names):] + names[:run % len(names)]:
            start = time.perf_counter()
            for item in inputs:
                tools[name](item)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def _throughput_table(title: str, tools: dict[str, Callable], inputs: list, repeats: int) -> dict[str, float]:
    size = sum(len(item.encode("utf-8") if isinstance(item, str) else item) for item in inputs)
    seconds = _median_seconds(tools, inputs, repeats)
    first = next(iter(tools))
    print(f"\n## {title}: {len(inputs)} docs, {size / 1e6:.2f} MB, median of {repeats}\n")
    print(f"| tool | MB/s | docs/s | time vs {first} |\n|---|---:|---:|---:|")
    for name, secs in seconds.items():
        print(f"| {name} | {size / secs / 1e6:.3f} | {len(inputs) / secs:.1f} | {secs / seconds[first]:.3f} |")
    return seconds


def _write_jsonl(path: Path, texts: list[str], copies: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for copy in range(copies):
            for k, text in enumerate(texts):
                out.write(json.dumps({"id": f"{copy}-{k}", "text": text}) + "\n")


def _run_cli(path: Path, jobs: int) -> tuple[float, int | None, float | None]:
    """Wall seconds, peak RSS (kB, of the main process) and CPU seconds (user + sys, the workers
    included) of one JSONL run; the last two None without GNU time (/usr/bin/time)."""
    command = [str(Path(sys.executable).with_name("cleaner")), "--jsonl", "--jobs", str(jobs), "--quiet"]
    gnu_time = Path("/usr/bin/time").exists()
    with tempfile.NamedTemporaryFile("r") as report, open(path, "rb") as stdin:
        if gnu_time:
            command = ["/usr/bin/time", "-f", "%M %U %S", "-o", report.name, *command]
        start = time.perf_counter()
        subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, check=True)
        seconds = time.perf_counter() - start
        if not gnu_time:
            return seconds, None, None
        rss, user, system = report.read().split()[-3:]
        return seconds, int(rss), float(user) + float(system)


def _jsonl_table(texts: list[str], repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        one, ten = Path(folder, "1x.jsonl"), Path(folder, "10x.jsonl")
        _write_jsonl(one, texts, 1)
        _write_jsonl(ten, texts, 10)
        print(f"\n## cleaner --jsonl: {len(texts)} records ({one.stat().st_size / 1e6:.2f} MB) and 10x, "
              f"median of {repeats}\n")
        print("| input | jobs | seconds | CPU seconds | docs/s | speed-up | peak RSS MB |\n"
              "|---|---:|---:|---:|---:|---:|---:|")
        for path, copies in ((one, 1), (ten, 10)):
            base = None
            for jobs in (1, 2):
                runs = [_run_cli(path, jobs) for _ in range(repeats)]
                seconds = statistics.median(r[0] for r in runs)
                rss = max((r[1] for r in runs if r[1] is not None), default=None)
                cpu = statistics.median(r[2] for r in runs) if runs[0][2] is not None else None
                base = base or seconds
                print(f"| {copies}x | {jobs} | {seconds:.2f} | {f'{cpu:.2f}' if cpu else 'n/a'} | "
                      f"{copies * len(texts) / seconds:.1f} | {base / seconds:.2f} | {f'{rss / 1024:.0f}' if rss else 'n/a'} |")
        print("\nPeak RSS is the main process's (with --jobs 2, the workers' are not included). CPU seconds are\n"
              "user + sys of all its processes; divided by the seconds, the CPUs the run had on average (near 2\n"
              "with --jobs 2 on an idle 2-CPU machine, near 1 or under when other jobs hold the second).")


@contextlib.contextmanager
def _stage_timers(totals: dict[str, float]):
    """Wrap the stage functions so the outermost call of any of them adds its time to its stage."""
    depth = [0]

    def timed(stage: str, function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if depth[0]:
                return function(*args, **kwargs)
            depth[0] += 1
            start = time.perf_counter()
            try:
                result = function(*args, **kwargs)
                if stage == "rule matching" and function.__name__ != "_rules_for":
                    result = list(result)  # generators: count their work here, not in the caller
                return result
            finally:
                totals[stage] = totals.get(stage, 0.0) + time.perf_counter() - start
                depth[0] -= 1
        return wrapper

    saved = [(owner, name, getattr(owner, name)) for functions in STAGES.values() for owner, name in functions]
    try:
        for stage, functions in STAGES.items():
            for owner, name in functions:
                setattr(owner, name, timed(stage, getattr(owner, name)))
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def _profile(texts: list[str]) -> None:
    shared = cleaner.Cleaner()
    for text in texts:  # warm up: every language's merged patterns compiled, langdetect's profiles loaded
        shared.clean(text)
    totals: dict[str, float] = {}
    with _stage_timers(totals):
        start = time.perf_counter()
        for text in texts:
            shared.clean(text)
        total = time.perf_counter() - start
    totals["other (explain's own loop, verdicts)"] = total - sum(totals.values())
    print(f"\n## Where the time goes: Cleaner.clean on {len(texts)} full pages, {total:.2f} s "
          "(stage timers add a little overhead per call)\n")
    print("| stage | seconds | share |\n|---|---:|---:|")
    for stage, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"| {stage} | {seconds:.2f} | {seconds / total:.0%} |")

    profiler = cProfile.Profile()
    profiler.enable()
    for text in texts:
        shared.clean(text)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
    print("\n### cProfile, top 20 by own time\n\n```")
    print("\n".join(line for line in out.getvalue().splitlines()[4:] if line.strip()))
    print("```")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    parser.add_argument("--limit", type=int, default=300, help="pages, taken evenly from the manifest [300]")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure; medians are reported [5]")
    parser.add_argument("--jsonl-records", type=int, default=50,
                        help="records in the 1x JSONL input (10x repeats them); 0 skips the JSONL rows [50]")
    parser.add_argument("--profile", action="store_true", help="also time the cleaner's stages and cProfile it")
    args = parser.parse_args()

    found = pages(args.corpus)
    chosen = found[::max(1, len(found) // args.limit)][:args.limit] if args.limit else found
    texts = [page.read("full") for page in chosen]
    htmls = [html for html in (page.html() for page in chosen) if html is not None]
    print(f"# Speed: {len(chosen)} pages of {args.corpus} (python {sys.version.split()[0]})")

    text = _throughput_table("Full-page text", TEXT_TOOLS, texts, args.repeats)
    print(f"\narticle-cleaner MB/s = {text['c4_line_filter'] / text['article-cleaner']:.3f} x the C4 line "
          "filter's (floor: 0.5)")
    if htmls:
        html = _throughput_table("HTML", HTML_TOOLS, htmls, args.repeats)
        print(f"\narticle-cleaner html time = {html['article-cleaner html'] / html['trafilatura.extract']:.2f} x "
              "trafilatura.extract's (floor: 1.15)")
    if args.jsonl_records:
        _jsonl_table(texts[:args.jsonl_records], max(1, min(args.repeats, 3)))
    if args.profile:
        _profile(texts)


if __name__ == "__main__":
    main()
