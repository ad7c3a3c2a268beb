"""Time and peak memory of learning a site profile (``cleaner learn``) on the corpus and on 10x it.

    python benchmarks/sites_learning.py ../shared/corpus                  # 1x and 10x, --jobs 1
    python benchmarks/sites_learning.py ../shared/corpus --copies 1 10 --jobs 1 2

The corpus's full-page texts become JSONL records with a ``url`` on their site (as
``benchmarks/sites.py`` finds it); the 10x corpus is 10 copies of it, each copy's sites renamed
(``c3.example.com``), so it has 10 times the sites, the pages and the distinct lines, as a crawl
10 times larger would. Each run is a fresh ``python -m cleaner learn`` process: its time from the
wall clock, its peak resident memory from the kernel's accounting of it and of its workers
(``wait4``: the largest of them). Every copy's sites should get the template their originals get
alone; the table says how many template lines each run found against that.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import pages  # noqa: E402
from sites import DATASETS, site_of_page  # noqa: E402

from cleaner import sites  # noqa: E402

MB = 1_000_000


def write_copies(corpus: Path, folder: Path, copies: int) -> list[Path]:
    """One JSONL file per copy of the corpus, the sites of copy k renamed ``ck.SITE``."""
    urls = {}
    with open(corpus / "manifest.jsonl", encoding="utf-8") as manifest:
        for line in manifest:
            entry = json.loads(line)
            urls[entry["dataset"], entry["id"]] = entry.get("url")
    every = [(site_of_page(page, urls[page.dataset, page.id]), page.read("full")) for page in pages(corpus, DATASETS)]
    files = []
    for k in range(copies):
        path = folder / f"copy{k}.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            for n, (site, text) in enumerate(every):
                record = {"url": f"https://c{k}.{site}/{n}"} if site else {}
                out.write(json.dumps({**record, "text": text}, ensure_ascii=False) + "\n")
        files.append(path)
    return files


def learn(files: list[Path], jobs: int, profile: Path) -> tuple[float, int]:
    """Seconds and peak memory (bytes) of ``python -m cleaner learn FILES -o PROFILE -j JOBS``."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "cleaner", "learn", *map(str, files), "-o", str(profile),
                              "-j", str(jobs), "-q"])
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"cleaner learn failed on {len(files)} files")
    return seconds, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        files = write_copies(args.corpus, folder, max(args.copies))
        alone = None
        print("| corpus | pages | input | jobs | time | pages/s | peak memory | template lines (copies alone) |")
        print("|---|---|---|---|---|---|---|---|")
        for copies in args.copies:
            for jobs in args.jobs:
                seconds, peak = learn(files[:copies], jobs, folder / "sites.profile")
                profile = sites.Profile.load(folder / "sites.profile")
                if alone is None:  # the first copy alone: what every copy should find
                    learn(files[:1], 1, folder / "alone.profile")
                    alone = len(sites.Profile.load(folder / "alone.profile"))
                lines = sum(1 for line in open(files[0], encoding="utf-8")) * copies
                size = sum(path.stat().st_size for path in files[:copies])
                print(f"| {copies}x | {lines:,} | {size / MB:.0f} MB | {jobs} | {seconds:.1f} s | "
                      f"{lines / seconds:,.0f} | {peak / MB:.0f} MB | {len(profile):,} ({alone * copies:,}) |",
                      flush=True)


if __name__ == "__main__":
    main()
