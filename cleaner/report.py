"""The review page: every line of each document in place, the removed ones struck through, and why.

People decide whether to trust a cleaner by looking at what it removed. The page shows each
document line by line: kept lines plain, removed lines struck through, coloured by category and
marked with a short code readable without colour (``LK``, ``§CM``, ``T``, ``H``); hovering over or
focusing a removed line names its rule and the rule's description, or the heuristic's score and
main terms. A corpus gets an index: per-rule counts (an inline SVG bar chart, by words removed),
the documents sorted by words removed, and a filter that lists one rule's removals across all of
them.

One self-contained HTML file: no network, no external assets. Every text is escaped; the
documents' views wait in ``<script type="text/html">`` data blocks, where the escaped text
cannot end the block, and are put in the page only when opened, so a corpus of thousands of
documents loads at once; the index's data is JSON with ``<``, ``>`` and ``&`` escaped as
``\\u003c``..., so that no ``</script>`` or ``<!--`` in a name or a removed line can end its block.

    >>> cleaner.report(texts)                       # clean each text; the page, shown in a notebook
    >>> cleaner.report(zip(texts, results)).save("review.html")
    >>> cleaner.explain(text)                       # in a notebook, a Result shows as its page

A :class:`~cleaner.verdicts.Result` does not carry its input: given with its source text, a
document is shown exactly; given alone, its lines are put back together from the clean text and
the removals' line numbers, and where removed lines took blank lines with them a removed line can
land a line away from where it was (the page says so).
"""

from __future__ import annotations

import contextlib
import errno
import html
import io
import json
import os
import tempfile
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import TextIO

from .document import split_lines
from .html import explain_html, looks_like_html
from .pipeline import default_cleaner
from .rules import CATEGORIES, count_words
from .verdicts import Reason, Removal, Result

_ASSETS = resources.files("cleaner") / "assets"
CHART_BARS = 30  # rules in the index's chart, those that removed most words


# The adapter: the one place that reads a Removal. Typed verdicts change only this.

@dataclass(frozen=True, slots=True)
class Verdict:
    """How the page shows one removal: what it counts under, its marker, and the text that explains it.

    The explanation shown on hover and focus is ``explanation + detail``: the first is the same
    for every removal under one key, so the page says it once per key (see :func:`_explanations_css`).
    """

    key: str  # a rule id, or "title" / "template" / "heuristic" / "heading": what the index counts
    label: str  # "LK101 also-read-link", "title", "heuristic"
    kind: str  # "rule" (a line rule or a trim), "section", "template", "title", "heuristic" or "heading"
    category: str  # the rule's category (LK, AD, ...), or the kind: picks the colour
    marker: str  # readable without colour: "LK", "§CM", "S", "T", "H"
    explanation: str  # "LK101 also-read-link: Links to other articles ..."
    detail: str = ""  # this removal's own part: " (section from line 31)", the heuristic's score and terms


def verdict(removal: Removal) -> Verdict:
    """The page's view of a removal; a rule's removal is explained by the rule's own description."""
    if removal.reason is Reason.HEURISTIC:
        return Verdict("heuristic", "heuristic", "heuristic", "heuristic", "H",
                       "heuristic: the line's body probability is under its threshold",
                       f": p={removal.score:.2f} ({removal.detail})")
    if removal.reason is Reason.TEMPLATE:
        return Verdict("template", "template", "template", "template", "S",
                       "template: a line its site repeats on most of its pages (the site profile, --profile)",
                       f": {removal.detail}")
    if removal.reason is Reason.TITLE:
        return Verdict("title", "title", "title", "title", "T",
                       "title: the headline, reported as the title (keep_title, --keep-title, keeps it in the text)")
    if removal.reason is Reason.HEADING:
        return Verdict("heading", "heading", "heading", "heading", "#",
                       "heading: a Markdown heading everything under which was removed")
    rule = removal.rule
    explanation = f"{rule.label}: {rule.description}"
    if removal.reason is Reason.SECTION:
        return Verdict(rule.id, rule.label, "section", rule.category, f"§{rule.category}", explanation,
                       f" (section from {removal.detail})")
    detail = " (trimmed off the line)" if removal.reason is Reason.TRIM else ""
    return Verdict(rule.id, rule.label, "rule", rule.category, rule.category, explanation, detail)


# A document as rows: one per line of its input.

@dataclass(frozen=True, slots=True)
class Row:
    """One input line: the part kept, the part removed (all of it for a removed line), and why."""

    number: int
    kept: str
    cut: str = ""
    verdict: Verdict | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One document as the page shows it."""

    name: str
    result: Result
    rows: tuple[Row, ...]
    exact: bool  # the rows come from the source text, not put back together from the result

    @property
    def words_kept(self) -> int:
        return sum(count_words(row.kept) for row in self.rows)

    @property
    def words_removed(self) -> int:
        return sum(count_words(row.cut) for row in self.rows)


def page(name: str, result: Result, source: str | None) -> Page:
    """A document's rows from its source text, or, where there is none or the result is not its
    own (an HTML page, whose lines are the extracted text's), from the result alone."""
    verdicts = {removal.line: (removal, verdict(removal)) for removal in result.removed}
    rows = _rows_from_source(source, result, verdicts) if source is not None else None
    if rows is None:
        return Page(name, result, _rows_from_result(result, verdicts), exact=False)
    return Page(name, result, rows, exact=True)


def _rows_from_source(source: str, result: Result, verdicts: dict[int, tuple[Removal, Verdict]]
                      ) -> tuple[Row, ...] | None:
    """Every line of the source in place; None if the removals do not fit it line for line."""
    rows = []
    for number, line in enumerate(split_lines(source), start=1):
        removal, why = verdicts.get(number, (None, None))
        if removal is None:
            rows.append(Row(number, line.text))
        elif removal.reason is Reason.TRIM and line.text.endswith(removal.text):
            rows.append(Row(number, line.text[: len(line.text) - len(removal.text)], removal.text, why))
        elif removal.reason is not Reason.TRIM and line.text == removal.text:
            rows.append(Row(number, "", removal.text, why))
        else:
            return None
    kept = [row.kept for row in rows if row.kept.strip()]
    fits = len(verdicts) == sum(row.verdict is not None for row in rows)
    return tuple(rows) if fits and kept == [line.text for line in split_lines(result.text) if not line.blank] else None


def _rows_from_result(result: Result, verdicts: dict[int, tuple[Removal, Verdict]]) -> tuple[Row, ...]:
    """The lines put back together: the clean text's lines, with the removed ones at their numbers.

    The clean text keeps one separator, at most, where lines were removed (none before the first
    kept line): a removed line goes before the next kept line when its number is not past where
    that line would be, counting the text's usual separator between removed lines.
    """
    lines = split_lines(result.text)
    gaps, blanks = Counter(), None  # blank lines between two kept lines: how many, how often
    for line in lines:
        if line.blank:
            blanks = blanks if blanks is None else blanks + 1
        else:
            if blanks is not None:
                gaps[blanks] += 1
            blanks = 0
    separator = max(gaps, key=lambda gap: (gaps[gap], -gap)) if gaps else 0  # the usual gap between lines
    trims = {n: pair for n, pair in verdicts.items() if pair[0].reason is Reason.TRIM}
    gone = deque(sorted(n for n in verdicts if n not in trims))
    rows: list[Row] = []
    last, blanks = 0, 0  # the last line number placed; blank lines since the last kept line

    def place(number: int, kept: str, pair: tuple[Removal, Verdict] | tuple[None, None]) -> None:
        nonlocal last
        rows.extend(Row(k, "") for k in range(last + 1, number))
        removal, why = pair
        rows.append(Row(number, kept, removal.text if removal else "", why))
        last = number

    for line in lines:
        if line.blank:
            blanks += 1
            continue
        number = last + 1 + blanks
        while gone and gone[0] <= number:
            place(gone[0], "", verdicts[gone.popleft()])
            number = last + 1 + max(blanks, separator)
        place(number, line.text, trims.pop(number, (None, None)))
        blanks = 0
    for number in [*gone, *sorted(trims)]:  # past the last kept line; a trim whose line was not placed
        place(number, "", verdicts[number])
    return tuple(rows)


# HTML.

def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _script_json(data: object) -> str:
    """JSON safe inside a <script> element: no ``<``, ``>`` or ``&`` can end it or open a comment."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _row_html(row: Row) -> str:
    """A line, in as little markup as will do: a page is mostly lines. Its number is a CSS counter,
    its explanation a CSS rule per key (:func:`_explanations_css`) showing this line's detail."""
    if row.verdict is None:
        return f'<li><p dir="auto">{_e(row.kept)}</p></li>' if row.kept.strip() else '<li class="acr-blank"></li>'
    v = row.verdict
    detail = f' data-why="{_e(v.detail)}"' if v.detail else ""
    classes = f'{"acr-trimmed" if row.kept else "acr-gone"} acr-{v.kind} acr-c-{_e(v.category)} acr-r-{_e(v.key)}'
    return (f'<li class="{classes}"><span class="acr-m" aria-hidden="true">{_e(v.marker)}</span>'
            f'<p dir="auto">{_e(row.kept)}<del tabindex="0"{detail}>{_e(row.cut)}</del></p></li>')


def _css_string(text: str) -> str:
    """A CSS string holding ``text``: anything but letters, digits and plain punctuation escaped,
    so no quote, backslash or ``</style`` can end it."""
    return '"' + "".join(c if c.isalnum() or c in " .,:;!?()-'/" else f"\\{ord(c):x} " for c in text) + '"'


def _explanations_css(verdicts: Iterable[Verdict]) -> str:
    """What hovering over or focusing a removed line shows, once per key: the explanation, then the
    line's own detail."""
    explanations = {v.key: v.explanation for v in verdicts}
    return "".join(f".acr-r-{key} del::after{{content:{_css_string(text)} attr(data-why)}}"
                   for key, text in sorted(explanations.items()))


def document_html(doc: Page, index: int) -> str:
    """One document: its summary, then every line in place (the view the page shows when it is opened)."""
    result = doc.result
    kept, removed = doc.words_kept, doc.words_removed
    share = f" ({removed / (kept + removed):.0%})" if kept + removed else ""
    facts = [("title", result.title or "none found"), ("language", result.language),
             ("words kept", f"{kept:,}"), ("words removed", f"{removed:,}{share}"),
             ("lines removed", f"{len(result.removed):,}")]
    summary = "".join(f"<div><dt>{_e(k)}</dt><dd dir=\"auto\">{_e(v)}</dd></div>" for k, v in facts)
    notes = f'<p class="acr-warning" role="note">Kept unchanged: {_e(result.warning)}</p>' if result.warning else ""
    if not doc.exact:
        notes += ('<p class="acr-note" role="note">Put back together from the result without its source: a removed '
                  'line may sit a line away from where it was. Give the source text for the exact page.</p>')
    rows = "".join(_row_html(row) for row in doc.rows)
    return (f'<article class="acr-doc" data-doc="{index}" aria-labelledby="d{index}-h">'
            f'<h2 id="d{index}-h" dir="auto">{_e(doc.name)}</h2><dl class="acr-summary">{summary}</dl>{notes}'
            f'<ol class="acr-lines">{rows}</ol></article>')


def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def _style(explanations: str = "") -> str:
    """The page's CSS, with a hue per rule category (the marker says the same without colour)."""
    hues = "".join(f".acr-c-{code}{{--hue:{round(k * 360 / len(CATEGORIES))}}}" for k, code in enumerate(CATEGORIES))
    return f"<style>{_asset('report.css')}{hues}{explanations}</style>"


_LEGEND = ('<p class="acr-legend">Removed lines are struck through; the marker before a line says why: '
           '<span class="acr-m acr-c-LK">LK</span> a rule (its category), <span class="acr-m acr-c-CM">§CM</span> '
           'a section under a rule\'s header, <span class="acr-m acr-c-template">S</span> the site\'s template, '
           '<span class="acr-m acr-c-title">T</span> the title, '
           '<span class="acr-m acr-c-heuristic">H</span> the heuristic score. Hover over or focus a removed '
           'line for the rule and its description. Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous removal, '
           '<kbd>n</kbd>/<kbd>p</kbd> next/previous document, <kbd>u</kbd> the index.</p>')


def result_html(result: Result) -> str:
    """One result as a notebook shows it: the same document view, without scripts."""
    doc = page("document", result, None)
    explanations = _explanations_css(row.verdict for row in doc.rows if row.verdict)
    return f'<div class="acr">{_style(explanations)}{_LEGEND}{document_html(doc, 0)}</div>'


# The corpus page, written as the documents come.

@dataclass
class _RuleTotal:
    """One key's removals across the corpus."""

    verdict: Verdict  # the first one: its label, category and explanation are the key's
    cuts: list[list] = field(default_factory=list)  # [document, line, text removed]
    words: int = 0
    documents: int = 0


@dataclass
class ReportWriter:
    """Writes a review page to ``out`` one document at a time, holding only the index (per document a
    summary, per rule its removed lines) until :meth:`finish` writes it.

        writer = ReportWriter(stream)
        writer.add("a.txt", result, source)
        writer.finish()
    """

    out: TextIO
    title: str = "article-cleaner review"
    _documents: list[list] = field(default_factory=list)
    _rules: dict[str, _RuleTotal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.out.write(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(self.title)}</title>'
                       f'<meta name="viewport" content="width=device-width, initial-scale=1">{_style()}</head>'
                       f'<body><div class="acr acr-page">')

    def add(self, name: str, result: Result, source: str | None = None) -> None:
        """One more document; its view goes out now, in a data block the page puts in place when it is opened.

        The block holds the view's HTML as it is: every text in it is escaped, so it holds no ``<``
        but the view's own tags, none of which can end the block (``</script``) or open a comment.
        """
        index = len(self._documents)
        doc = page(name, result, source)
        self.out.write(f'<script type="text/html" id="acr-data-{index}">{document_html(doc, index)}</script>\n')
        self._documents.append([name, result.title or "", result.language, doc.words_kept, doc.words_removed,
                                len(result.removed), result.warning or ""])
        seen: set[str] = set()
        for row in doc.rows:
            if row.verdict is None:
                continue
            key = row.verdict.key
            total = self._rules.setdefault(key, _RuleTotal(row.verdict))
            total.cuts.append([index, row.number, row.cut])
            total.words += count_words(row.cut)
            total.documents += key not in seen
            seen.add(key)

    def finish(self) -> None:
        """The index, the data it lists and the script; then the page is complete."""
        rules = sorted(self._rules.items(), key=lambda item: (-item[1].words, -len(item[1].cuts), item[0]))
        documents = self._documents
        kept = sum(d[3] for d in documents)
        removed = sum(d[4] for d in documents)
        index = {"documents": documents, "cuts": {key: total.cuts for key, total in rules},
                 "explanations": {key: total.verdict.explanation for key, total in rules}}
        options = "".join(f'<option value="{_e(key)}">{_e(total.verdict.label)} ({_count(len(total.cuts), "line")})'
                          f'</option>' for key, total in rules)
        self.out.write(
            f'<header class="acr-top"><h1><a href="#">{_e(self.title)}</a></h1><nav aria-label="rules">'
            f'<label>Show one rule\'s removals: <select id="acr-filter"><option value="">all documents</option>'
            f'{options}</select></label></nav></header>{_LEGEND}'
            f'<noscript><p class="acr-warning">This page opens its documents with JavaScript.</p></noscript>'
            f'<main id="acr-index"><p>{len(documents):,} documents: {kept:,} words kept, {removed:,} removed '
            f'({sum(d[5] for d in documents):,} lines); {sum(1 for d in documents if d[6]):,} kept unchanged '
            f'with a warning.</p><h2>Removed, by rule</h2>{_chart(rules)}<h2>Documents, most removed first</h2>'
            f'<div id="acr-documents"></div></main><main id="acr-view" hidden></main>'
            f'<script type="application/json" id="acr-index-data">'
            f'{_script_json(index)}</script>'
            f'<style>{_explanations_css(total.verdict for total in self._rules.values())}</style>'
            f'<script>{_asset("report.js")}</script></div></body></html>\n')


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _chart(rules: list[tuple[str, _RuleTotal]]) -> str:
    """Words removed per rule as horizontal bars (inline SVG), each a link to that rule's removals;
    the CHART_BARS rules that removed most (the filter lists every one)."""
    if not rules:
        return "<p>Nothing was removed.</p>"
    rest = len(rules) - CHART_BARS
    more = f"<p>{_count(rest, 'more rule')}: the filter lists them.</p>" if rest > 0 else ""
    rules = rules[:CHART_BARS]
    bar_height, label_width, width = 22, 300, 320
    most = max(total.words for _, total in rules) or 1
    bars = []
    for k, (key, total) in enumerate(rules):
        y = k * bar_height
        length = max(1.0, width * total.words / most)
        text = ", ".join([_count(total.words, "word"), _count(len(total.cuts), "line"),
                          _count(total.documents, "document")])
        bars.append(f'<a href="#rule={_e(key)}"><title>{_e(total.verdict.label)}: {text}</title>'
                    f'<text x="0" y="{y + 15}">{_e(total.verdict.label[:40])}</text>'
                    f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{bar_height - 8}" '
                    f'class="acr-bar acr-c-{_e(total.verdict.category)}"/>'
                    f'<text x="{label_width + length + 6:.1f}" y="{y + 15}">{text}</text></a>')
    w, h = label_width + width + 300, bar_height * len(rules)
    size = f'viewBox="0 0 {w} {h}" width="{w}" height="{h}"'
    return f'<svg class="acr-chart" role="img" aria-label="words removed by rule" {size}>{"".join(bars)}</svg>{more}'


# The library's entry points.

class Report:
    """A review page as HTML: shown by a notebook, or saved to a file."""

    def __init__(self, html_text: str):
        self.html = html_text

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def save(self, path: str | os.PathLike) -> None:
        """Write the page through a temporary file in the same folder: whole, or not at all."""
        with _new_file(path) as out:
            out.write(self.html)


@contextlib.contextmanager
def _new_file(path: str | os.PathLike) -> Iterator[TextIO]:
    """A text file written through a temporary one beside it, renamed into place when the block ends
    without an error: a page is there whole, or not at all."""
    if os.path.isdir(path):
        raise IsADirectoryError(errno.EISDIR, "is a folder", os.fspath(path))
    folder, name = os.path.split(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="backslashreplace") as out:
            yield out
        os.chmod(temporary, 0o644)  # mkstemp's 0600 is for secrets; a page is for sharing
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


@contextlib.contextmanager
def writing(path: str | os.PathLike) -> Iterator[ReportWriter]:
    """A writer into a new page at ``path``: complete and in place when the block ends, else not written."""
    with _new_file(path) as out:
        writer = ReportWriter(out)
        yield writer
        writer.finish()


Item = str | bytes | Result | tuple[str, Result]


def report(documents: Iterable[Item], *, title: str = "article-cleaner review", **options) -> Report:
    """A review page for documents: texts or HTML pages (str or bytes; cleaned here with ``options``,
    :class:`~cleaner.Cleaner`'s), ``(text, result)`` pairs, or results alone (their lines put back
    together, see the module's note, as are a page's: its lines are the extracted text's).
    """
    buffer = io.StringIO()
    writer = ReportWriter(buffer, title=title)
    for k, item in enumerate(documents, start=1):
        if isinstance(item, bytes) or (isinstance(item, str) and looks_like_html(item)):
            writer.add(f"document {k}", explain_html(item, **options))
        elif isinstance(item, str):
            writer.add(f"document {k}", default_cleaner(**options).explain(item), item)
        elif isinstance(item, Result):
            writer.add(f"document {k}", item)
        else:
            source, result = item
            writer.add(f"document {k}", result, source)
    writer.finish()
    return Report(buffer.getvalue())
