"""What a file is, decided before it is touched: each kind is cleaned its own way, or not at all.

    text      .txt, .text, or no extension     cleaned line by line
    jsonl     .jsonl, .ndjson                  each record's text field
    markdown  .md, .markdown                   block by block (:mod:`cleaner.markdown`)
    html      .html, .htm, or text that is markup   extracted, then cleaned (the output is text)

Anything else (source code, data, images) is not the cleaner's to change: it is skipped, and on
stdin (named by ``--stdin-filename``) it is ``verbatim``, passed through as it is.
"""

from __future__ import annotations

import os

from .html import looks_like_html

TEXT, JSONL, MARKDOWN, HTML, VERBATIM = "text", "jsonl", "markdown", "html", "verbatim"
_BY_SUFFIX = {".txt": TEXT, ".text": TEXT, "": TEXT, ".jsonl": JSONL, ".ndjson": JSONL,
              ".md": MARKDOWN, ".markdown": MARKDOWN, ".html": HTML, ".htm": HTML}
SUPPORTED = "text (.txt), JSONL (.jsonl), Markdown (.md) or HTML (.html)"


def by_name(path: str) -> str | None:
    """The kind a file's name says it is; None for a kind the cleaner does not clean."""
    return _BY_SUFFIX.get(os.path.splitext(path)[1].lower())


def walked(path: str) -> bool:
    """Whether a folder given as input stands for this file: a kind with an extension of its own
    (a folder's extension-less files are more often a LICENSE or a Makefile than an article)."""
    return bool(os.path.splitext(path)[1]) and by_name(path) is not None


def of_content(kind: str, data: bytes) -> str:
    """A text file whose content is markup is HTML: cleaning its tags line by line would garble it."""
    return HTML if kind == TEXT and looks_like_html(data) else kind
