"""article-cleaner: take scraped article text and return the clean body.

    >>> import cleaner
    >>> cleaner.clean(text)             # the body, kept lines byte-identical
    >>> result = cleaner.explain(text)  # text, title, language, and why each line went
    >>> cleaner.report(texts)           # a review page: every line in place, the removed ones struck through

A :class:`Cleaner` compiles the rule packs once; the module-level functions share one per set of
options.
"""

from __future__ import annotations

import functools

from . import sites
from .batch import clean_batch, explain_batch
from .html import clean_html, explain_html
from .markdown import clean_markdown, explain_markdown
from .pipeline import Cleaner, Removal, Result
from .report import report
from .rules import RuleError

__all__ = ["Cleaner", "Removal", "Result", "RuleError", "clean", "clean_batch", "clean_html", "clean_markdown", "explain",
           "explain_batch", "explain_html", "explain_markdown", "report", "sites"]
__version__ = "0.1.0"


@functools.lru_cache(maxsize=16)
def _shared(**options) -> Cleaner:
    return Cleaner(**options)


def _cleaner(options: dict) -> Cleaner:
    """The shared Cleaner for these options; lists (and sets, sorted) become tuples to serve as its key."""
    key = {k: tuple(v) if isinstance(v, list) else tuple(sorted(v, key=str)) if isinstance(v, set | frozenset)
           else v for k, v in options.items()}
    try:
        hash(tuple(key.values()))
    except TypeError:  # an option no cache can key (a dict): a Cleaner of its own, which checks it
        return Cleaner(**options)
    return _shared(**key)


def clean(text: str, *, site: str | None = None, **options) -> str:
    """The clean body of ``text``. Options are :class:`Cleaner`'s; ``site`` names its site in a ``profile``."""
    return _cleaner(options).explain(text, site=site).text


def explain(text: str, *, site: str | None = None, **options) -> Result:
    """The clean body with its title, language, and for every removed line the rule or score that removed it."""
    return _cleaner(options).explain(text, site=site)
