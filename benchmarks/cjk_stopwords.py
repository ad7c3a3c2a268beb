"""Stop words for Chinese and Japanese, derived from the shared corpus: cleaner/stopwords/{zh,ja}.txt.

    python benchmarks/cjk_stopwords.py ../shared/corpus

jusText has no lists for languages written without spaces, so this script makes them from the
corpus pages of each language (manifest language, ``zh-cn``/``zh-tw`` counted as ``zh``): every
one- and two-character word made of ideographs or kana is counted in the body (gold text) and in
the chrome (lines of the full page whose text is not in the gold). A stop word is a word that
runs through body text everywhere and much less through chrome: found in the body of at least
``MIN_PAGE_SHARE`` of the pages, at least ``MIN_BODY_RATIO`` times as frequent (per character) in
body as in chrome; the ``SIZE`` commonest in the body are kept. Function words (的, 了, 是; の, は,
て) come out on top, as in jusText's lists for other languages. The files are data: rerun this
script to remake them, never edit them by hand.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import pages  # noqa: E402

LANGUAGES = ("zh", "ja")
DATASETS = ("daniel", "fundus", "readability")
MIN_PAGE_SHARE = 0.5
MIN_BODY_RATIO = 1.5
SIZE = 100
_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")  # kana, then ideographs
OUT = Path(__file__).resolve().parent.parent / "cleaner" / "stopwords"


def _words(text: str) -> collections.Counter:
    """Every one- and two-character window of each run of ideographs and kana."""
    counts: collections.Counter = collections.Counter()
    for run in _RUN.findall(text):
        counts.update(run)
        counts.update(run[i:i + 2] for i in range(len(run) - 1))
    return counts


def derive(corpus: Path, code: str) -> tuple[list[str], int]:
    """The stop words of one language, commonest first, and the number of pages they came from."""
    chosen = [p for p in pages(corpus, DATASETS) if (p.lang or "").split("-")[0] == code]
    body, chrome, spread = collections.Counter(), collections.Counter(), collections.Counter()
    body_chars = chrome_chars = 0
    for page in chosen:
        gold = page.read("gold")
        gold_lines = {line.strip() for line in gold.splitlines()}
        off = "\n".join(line for line in page.read("full").splitlines() if line.strip() not in gold_lines)
        page_body = _words(gold)
        body.update(page_body)
        spread.update(page_body.keys())
        chrome.update(_words(off))
        body_chars += len(gold)
        chrome_chars += len(off)
    rate = lambda counts, word, chars: counts[word] / max(chars, 1)
    kept = [word for word, _ in body.most_common()
            if spread[word] >= MIN_PAGE_SHARE * len(chosen)
            and rate(body, word, body_chars) >= MIN_BODY_RATIO * rate(chrome, word, chrome_chars)]
    return kept[:SIZE], len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="path to the shared corpus folder")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    for code in LANGUAGES:
        words, n_pages = derive(args.corpus, code)
        header = (f"# {code}: {len(words)} stop words from {n_pages} corpus pages, made by "
                  f"benchmarks/cjk_stopwords.py (do not edit by hand)\n")
        (OUT / f"{code}.txt").write_text(header + "\n".join(words) + "\n", encoding="utf-8")
        print(f"{code}: {len(words)} words from {n_pages} pages: {' '.join(words[:30])}")


if __name__ == "__main__":
    main()
