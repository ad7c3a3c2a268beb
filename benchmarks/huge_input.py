"""Peak memory and time of ``cleaner`` on huge text on stdin (README, Guarantees).

    python benchmarks/huge_input.py                       # 1 MB, 50 MB and 200 MB
    python benchmarks/huge_input.py --sizes 1 10          # other sizes, in MB

The text is an article's paragraphs with chrome between them, repeated to the size: one document
on stdin, as ``cat dump.txt | cleaner`` gives it. Each size runs in a fresh ``python -m cleaner``
process; its peak resident memory comes from the kernel's accounting of that child (``wait4``), its
time from the wall clock. The floor (issue 18): at 200 MB, at most 1 GB and at most twice 200x the
time of 1 MB. A document over the size limit (``max_chars``) is passed through unchanged, with a
warning, without being split into lines: the time and memory of reading and writing it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the bicycle lane network across the northern districts, "
    "after months of debate about parking and safety.",
    "Advertisement",
    "Officials said the first new lanes would open next spring, and that the work would be paid for with "
    "money left over from last year's road budget.",
    "Share this article on Facebook",
    "Residents who had campaigned for the plan welcomed the decision, although several shop owners warned "
    "that losing parking spaces could hurt their business.",
]
MB = 1_000_000


def write_text(path: str, size: int) -> None:
    """``size`` bytes of article text in ``path``, whole paragraphs but for the last."""
    block = ("\n".join(PARAGRAPHS) + "\n").encode()
    with open(path, "wb") as out:
        written = 0
        while written + len(block) <= size:
            out.write(block)
            written += len(block)
        out.write(block[: size - written])


def run(path: str) -> tuple[float, int, int, str]:
    """Seconds, peak memory (bytes) and exit code of ``python -m cleaner < path``, and its last message."""
    with open(path, "rb") as stdin, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "cleaner"], stdin=stdin, stdout=subprocess.DEVNULL,
                                 stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        messages = stderr.read().decode("utf-8", "replace").strip().splitlines()
    return seconds, usage.ru_maxrss * 1024, child.returncode, messages[-1] if messages else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 50, 200], help="sizes in MB")
    args = parser.parse_args()
    print("| input | time | peak memory | exit | message |")
    print("|---|---|---|---|---|")
    times = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = os.path.join(folder, "input.txt")
            write_text(path, int(size * MB))
            seconds, peak, code, message = run(path)
            os.remove(path)
            times[size] = seconds
            print(f"| {size:g} MB | {seconds:.2f} s | {peak / MB:.0f} MB | {code} | {message[:90]} |", flush=True)
    if 1 in times:
        for size in args.sizes:
            if size != 1:
                print(f"{size:g} MB: {times[size] / (size * times[1]):.2f}x {size:g} times the 1 MB time")


if __name__ == "__main__":
    main()
