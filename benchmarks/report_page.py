"""The review page of a corpus: how long it takes to write, how big it is, how fast a browser opens it.

    python benchmarks/report_page.py ../shared/corpus --documents 5000
    python benchmarks/report_page.py ../shared/corpus --documents 5000 --browser
    python benchmarks/report_page.py ../shared/corpus --documents 1000 --rebuild

Takes the corpus pages of every dataset, their ``loose`` then their ``full`` text (4,319 pages
each, so 5,000 documents are real ones), cleans them once, then writes the page (cleaning not
counted) and reports its size. With ``--browser``, opens it in headless chromium (as the browser
tests do): the time from navigation until the index is shown (the load event; the script runs
before it), the time to open the last document, and the page's JavaScript heap. With
``--rebuild``, how often a result alone (a notebook's ``Result``) is put back together as its
source was: the documents as they are (one block per line), and again with their lines
separated by blank lines, where the clean text's collapsed separators leave room for doubt.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import pages  # noqa: E402

import cleaner  # noqa: E402
from cleaner.report import ReportWriter, page  # noqa: E402

DATASETS = ("l3s-gn1", "readability", "cleaneval", "dragnet", "trafilatura", "fundus", "irdata", "daniel")

OPEN_LAST = """
const done = arguments[arguments.length - 1];
const start = performance.now();
addEventListener('hashchange', () => requestAnimationFrame(() => setTimeout(() => done(performance.now() - start))),
                 {once: true});
location.hash = 'd' + (arguments[0] - 1);
"""


def texts(root: Path, count: int) -> list[tuple[str, str]]:
    found = pages(root, DATASETS)
    named = [(f"{page.dataset}/{page.id}.{shape}.txt", page) for shape in ("loose", "full") for page in found]
    return [(name, page.read(name.rsplit(".", 2)[1])) for name, page in named[:count]]


def open_in_browser(path: Path, documents: int) -> dict[str, float]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        driver.set_script_timeout(60)
        driver.get(path.as_uri())
        loaded = driver.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd")
        opened = driver.execute_async_script(OPEN_LAST, documents)
        heap = driver.execute_script("return performance.memory.usedJSHeapSize")
    finally:
        driver.quit()
    return {"index shown (s)": loaded / 1000, "last document opened (s)": opened / 1000, "JS heap (MB)": heap / 1e6}


def rebuilt_as_written(documents: list[tuple[str, str]]) -> int:
    """How many documents' results alone give the same lines, in the same places, as their source."""
    same = 0
    for name, text in documents:
        result = cleaner.explain(text)
        rows = [page(name, result, source).rows for source in (text, None)]
        exact, alone = ([row for row in doc_rows if row.kept.strip() or row.cut] for doc_rows in rows)
        same += exact == alone
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--browser", action="store_true", help="also open the page in headless chromium")
    parser.add_argument("--rebuild", action="store_true", help="also check results alone against their sources")
    args = parser.parse_args()

    documents = texts(args.corpus, args.documents)
    start = time.perf_counter()
    results = [cleaner.explain(text) for _, text in documents]
    cleaning = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "review.html"
        start = time.perf_counter()
        with open(path, "w", encoding="utf-8") as out:
            writer = ReportWriter(out)
            for (name, text), result in zip(documents, results):
                writer.add(name, result, text)
            writer.finish()
        writing = time.perf_counter() - start
        source_bytes = sum(len(text.encode("utf-8")) for _, text in documents)
        figures = {"documents": len(documents), "input (MB)": source_bytes / 1e6, "cleaning (s)": cleaning,
                   "writing the page (s)": writing, "page (MB)": path.stat().st_size / 1e6}
        if args.browser:
            figures |= open_in_browser(path, len(documents))
    if args.rebuild:
        spaced = [(name, text.replace("\n", "\n\n")) for name, text in documents]
        figures["rebuilt as written"] = rebuilt_as_written(documents)
        figures["rebuilt as written, blank lines"] = rebuilt_as_written(spaced)
    for name, value in figures.items():
        print(f"{name:<32} {value:,.2f}" if isinstance(value, float) else f"{name:<32} {value:,}")


if __name__ == "__main__":
    main()
