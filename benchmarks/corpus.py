"""The shared corpus (``../shared/corpus``) and its metrics, exactly as its README defines them.

Used by ``quality.py`` (scores) and ``fit_model.py`` (labels). Nothing here is shipped in the
package: the corpus is for measuring, never copied into the tests.
"""

from __future__ import annotations

import collections
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

GOLD_DATASETS = ("l3s-gn1", "readability", "cleaneval", "dragnet")  # the quality table's four
ALL_GOLD_DATASETS = (*GOLD_DATASETS, "fundus", "irdata", "daniel")  # every dataset with gold text
TOK = re.compile(r"\w+")
SENT = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u00C0-\u024F\u0400-\u04FF])")


@dataclass(frozen=True)
class Page:
    dataset: str
    id: str
    folder: Path
    lang: str | None

    def read(self, kind: str) -> str:
        return (self.folder / f"{self.id}.{kind}.txt").read_text(encoding="utf-8")

    def html(self) -> bytes | None:
        path = self.folder / f"{self.id}.html"
        return path.read_bytes() if path.exists() else None

    def snippets(self) -> tuple[list[str], list[str]]:
        load = lambda kind: json.loads((self.folder / f"{self.id}.{kind}.json").read_text(encoding="utf-8"))
        return load("with"), load("without")


def pages(root: Path, datasets: tuple[str, ...] = GOLD_DATASETS) -> list[Page]:
    found = []
    with open(root / "manifest.jsonl", encoding="utf-8") as manifest:
        for line in manifest:
            entry = json.loads(line)
            if entry["dataset"] in datasets:
                found.append(Page(entry["dataset"], entry["id"], root / entry["dataset"], entry.get("lang")))
    return found


def toks(s: str) -> list[str]:
    return TOK.findall(unicodedata.normalize("NFKC", s).lower())


def page_counts(gold: str, out: str) -> dict[str, int]:
    g, o = collections.Counter(toks(gold)), collections.Counter(toks(out))
    sents = [t for line in gold.split("\n") for t in map(toks, SENT.split(line)) if len(t) >= 8]
    flat = " " + " ".join(toks(out)) + " "
    return dict(tp=sum((g & o).values()), n_gold=sum(g.values()), n_pred=sum(o.values()),
                n_sent=len(sents), n_sent_ok=sum((" " + " ".join(t) + " ") in flat for t in sents))


def aeb_tp_fp_fn(gold: str, out: str, n: int = 4) -> tuple[float, float, float]:
    def shingles(text: str) -> collections.Counter:
        t = TOK.findall(text or "")
        return collections.Counter(tuple(t[i:i + n]) for i in range(max(1, len(t) - n + 1)) if t[i:i + n])
    g, o = shingles(gold), shingles(out)
    keys = g.keys() | o.keys()
    tp = sum(min(g[k], o[k]) for k in keys)
    fp = sum(max(0, o[k] - g[k]) for k in keys)
    fn = sum(max(0, g[k] - o[k]) for k in keys)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0, 0, 0)


def with_without(out: str, with_: list[str], without: list[str]) -> tuple[int, int]:
    norm = lambda s: re.sub(r"\s+", " ", s).strip()
    o = norm(out)
    return sum(norm(w) in o for w in with_), sum(norm(w) in o for w in without)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def summarise(rows: list[dict]) -> dict[str, float]:
    """Pool per-page rows (from :func:`score_page`) into the corpus README's figures."""
    out: dict[str, float] = {}
    gold_rows = [r for r in rows if "tp" in r]
    if gold_rows:
        tp = sum(r["tp"] for r in gold_rows)
        n_pred = sum(r["n_pred"] for r in gold_rows)
        n_gold = sum(r["n_gold"] for r in gold_rows)
        p, r = (tp / n_pred if n_pred else 0.0), tp / n_gold
        macro = []
        for row in gold_rows:
            pp = row["tp"] / row["n_pred"] if row["n_pred"] else 0.0
            macro.append(f1(pp, row["tp"] / row["n_gold"] if row["n_gold"] else 0.0))
        aeb_p = [row["aeb"][0] / (row["aeb"][0] + row["aeb"][1]) if row["aeb"][1] or row["aeb"][2] else 1.0
                 for row in gold_rows if row["aeb"][0] + row["aeb"][1] > 0]
        aeb_r = [row["aeb"][0] / (row["aeb"][0] + row["aeb"][2]) if row["aeb"][1] or row["aeb"][2] else 1.0
                 for row in gold_rows if row["aeb"][0] + row["aeb"][2] > 0]
        aeb_pm = sum(aeb_p) / len(aeb_p) if aeb_p else 0.0
        aeb_rm = sum(aeb_r) / len(aeb_r) if aeb_r else 0.0
        out.update(P=p, R=r, F1=f1(p, r), macro_F1=sum(macro) / len(macro), AEB_F1=f1(aeb_pm, aeb_rm),
                   survival=sum(r["n_sent_ok"] for r in gold_rows) / max(1, sum(r["n_sent"] for r in gold_rows)))
    snippet_rows = [r for r in rows if "n_with" in r]
    if snippet_rows:
        out["with_kept"] = sum(r["with_found"] for r in snippet_rows) / max(1, sum(r["n_with"] for r in snippet_rows))
        out["without_gone"] = 1 - sum(r["without_found"] for r in snippet_rows) / max(
            1, sum(r["n_without"] for r in snippet_rows))
    return out


def score_page(page: Page, out: str) -> dict:
    """The per-page counts that :func:`summarise` pools."""
    if page.dataset == "trafilatura":
        with_, without = page.snippets()
        found_with, found_without = with_without(out, with_, without)
        return dict(dataset=page.dataset, n_with=len(with_), n_without=len(without),
                    with_found=found_with, without_found=found_without)
    gold = page.read("gold")
    return dict(dataset=page.dataset, aeb=aeb_tp_fp_fn(gold, out), **page_counts(gold, out))
