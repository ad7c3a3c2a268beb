"""Whether ``cleaner --jobs N`` gives the same bytes for any N, however loaded the machine (README, Guarantees).

    python benchmarks/determinism.py ../shared/corpus                          # 1,000 records, --jobs 1, 8, 64
    python benchmarks/determinism.py ../shared/corpus --records 200 --jobs 1 4

The records are corpus pages (full-page and loose text, in turn) as JSONL, cleaned by
``python -m cleaner --jsonl --jobs N``. More workers than CPUs load the machine: a limit read from
the clock would keep different records unchanged from run to run. Prints each run's time, the
digest of its output and how many records it kept unchanged with a warning; exits 1 when the
outputs differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import GOLD_DATASETS, pages  # noqa: E402


def write_records(corpus: Path, count: int, path: Path) -> None:
    found = pages(corpus, (*GOLD_DATASETS, "trafilatura"))
    chosen = found[::max(1, len(found) // count)]
    with open(path, "w", encoding="utf-8") as out:
        for number in range(count):
            page = chosen[number // 2 % len(chosen)]
            shape = ("full", "loose")[number % 2]
            out.write(json.dumps({"id": f"{page.dataset}/{page.id}/{shape}", "text": page.read(shape)}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 8, 64])
    args = parser.parse_args()
    digests = set()
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "records.jsonl"
        write_records(args.corpus, args.records, records)
        for jobs in args.jobs:
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "cleaner", "--jsonl", "--jobs", str(jobs), "-q", str(records)],
                                  capture_output=True, check=True)
            seconds = time.perf_counter() - start
            warned = sum(json.loads(line)["cleaner"]["warning"] is not None for line in done.stdout.splitlines())
            digest = hashlib.sha256(done.stdout).hexdigest()[:16]
            digests.add(digest)
            print(f"--jobs {jobs}: {seconds:.1f} s, output {digest}, {warned} of {args.records} records kept unchanged "
                  f"with a warning", flush=True)
    print("identical" if len(digests) == 1 else "DIFFERENT")
    sys.exit(len(digests) != 1)


if __name__ == "__main__":
    main()
