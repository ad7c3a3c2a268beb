"""HTML input: trafilatura extracts the text, the cleaner removes what it let through.

trafilatura runs with settings chosen for recall (``favor_recall``, tables kept, its fallback
extractors allowed): a body sentence it drops cannot be brought back, a stray line it keeps the
cleaner can still remove. The page tree is fixed up around the extraction (loose text gets a
paragraph, the source's line breaks inside one are spaces, see :mod:`cleaner.htmltree`), so
that the cleaner judges paragraphs, not source lines. User comments are extracted only when the
caller keeps them (``keep_comments=True``). The page is parsed once. The headline comes from trafilatura's title
metadata, checked against the article title its metadata declares (:func:`_headline`), when the extracted
text does not start with one (extractors usually leave it out), and
the page's title also vets the cleaner's choice: a line the cleaner takes for the headline that
does not match the page's title stays in the body.

    >>> clean_html(page_bytes)                    # the clean body
    >>> explain_html(page_bytes).title            # and the headline, language, removals

Line numbers in :class:`~cleaner.verdicts.Result` removals count lines of the extracted text,
not of the HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .language import UNDETERMINED
from .options import Options
from .pipeline import default_cleaner
from .verdicts import Result

_HTML_START = re.compile(r"^(?:\ufeff|\s)*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_WORD = re.compile(r"\w+")
SNIFF_CHARS = 4096
MIN_FRAGMENT_TAGS = 5
_DECLARED_TITLES = '//meta[@property="og:title" or @name="twitter:title"]/@content'
MAX_HTML_SIZE = 10_000_000  # bytes (or characters) of HTML parsed at most: 6x the corpus's largest page
HEADLINE_OVERLAP = 0.75  # share of the shorter one's words that a line and the page title must share


@dataclass(frozen=True, slots=True)
class Extraction:
    """What trafilatura found in a page: its text (empty when nothing) and its title."""

    text: str
    title: str | None


def looks_like_html(text: str | bytes) -> bool:
    """Whether input is an HTML page (or a fragment of several tags) rather than scraped text.

    Scraped text does not start with a tag; a page starts with a doctype, ``<html>``, ``<head>``
    or ``<body>``, a fragment with tags that keep coming.
    """
    head = text[:SNIFF_CHARS]
    if isinstance(head, bytes):
        head = head.decode("utf-8", errors="ignore")
    if _HTML_START.match(head):
        return True
    return head.lstrip("\ufeff \t\r\n").startswith("<") and len(_TAG.findall(head)) >= MIN_FRAGMENT_TAGS


def extract(html: str | bytes, *, include_comments: bool = False) -> Extraction:
    """The page's text as trafilatura extracts it for recall, and its title."""
    # Imported here: trafilatura takes a good part of the package's import time, and only HTML
    # input needs it (the command line, and each of its --jobs workers, reads text and JSONL).
    import trafilatura
    from trafilatura.utils import normalize_unicode
    from trafilatura.xml import xmltotxt

    from .htmltree import parse, unwrap_source_lines, wrap_loose_text

    tree = parse(html)
    if tree is None:
        return Extraction("", None)
    title = _headline(tree)  # read first: extraction prunes the tree
    wrap_loose_text(tree)
    document = trafilatura.bare_extraction(tree, favor_recall=True, include_comments=include_comments,
                                           include_tables=True, as_dict=False)
    texts = []
    for body in (document.body, document.commentsbody) if document is not None else ():
        if body is not None:
            unwrap_source_lines(body)
            texts.append(xmltotxt(body, False))
    text = normalize_unicode("\n".join(texts).strip())
    return Extraction(text, title.strip() if title and title.strip() else None)


def _headline(tree) -> str | None:
    """trafilatura's title of the page, unless the page's own metadata says otherwise.

    trafilatura takes a page's only ``<h1>`` as its title; on a blog that can be the author box
    ("Hi, I'm ...") in the sidebar. A title that shares no headline with the article's declared
    title (``og:title``, ``twitter:title``) gives way to it. (The ``<title>`` element is no
    arbiter: on many pages it holds only the site's name.)
    """
    from trafilatura.metadata import extract_title

    title = extract_title(tree)
    declared = [text.strip() for text in tree.xpath(_DECLARED_TITLES) if text.strip()]
    if title and declared and not any(same_headline(title, text) for text in declared):
        return declared[0]
    return title


def explain_html(html: str | bytes, options: Options | None = None, /, *, site: str | None = None,
                 **changes) -> Result:
    """Clean an HTML page: the body, its title, language, and why each extracted line went.

    Options are as :class:`~cleaner.Cleaner` takes them; ``keep_comments`` also decides whether trafilatura
    extracts the comments. ``site`` names the page's site in a ``profile``.
    """
    shared = default_cleaner(options, **changes)  # checks the options first
    if not isinstance(html, str | bytes):
        raise TypeError(f"the HTML to clean must be a str or bytes, not {type(html).__name__}")
    if len(html) > MAX_HTML_SIZE:
        return _not_extracted(html, f"HTML over the size limit: {len(html):,} (at most {MAX_HTML_SIZE:,}); not parsed")
    extraction = extract(html, include_comments=shared.options.keep_comments)
    if not extraction.text.strip():
        return _not_extracted(html, "no text could be extracted from the HTML")
    page_title = extraction.title
    if page_title is None:
        return shared.explain(extraction.text, site=site)
    # A line the cleaner takes for the headline that is not the page's own title is most often
    # the standfirst or the first sentence: it stays in the body, and the page's title is reported.
    result = shared.explain(extraction.text, site=site, title_check=lambda line: same_headline(line, page_title))
    if result.title is not None and same_headline(result.title, page_title):
        return result
    return replace(result, title=page_title)


def _not_extracted(html: str | bytes, warning: str) -> Result:
    """The page as it came (decoded), with the warning: an empty body would pass silently for a clean one."""
    text = html if isinstance(html, str) else html.decode("utf-8", "replace")
    return Result(text, None, UNDETERMINED, (), warning)


def same_headline(line: str, title: str) -> bool:
    """Whether a line and a page title name the same headline (the title may add the site's name)."""
    a, b = set(_WORD.findall(line.lower())), set(_WORD.findall(title.lower()))
    return bool(a and b) and len(a & b) >= HEADLINE_OVERLAP * min(len(a), len(b))


def clean_html(html: str | bytes, options: Options | None = None, /, *, site: str | None = None, **changes) -> str:
    """The clean body of an HTML page (``str``, or ``bytes`` that trafilatura decodes)."""
    return explain_html(html, options, site=site, **changes).text
