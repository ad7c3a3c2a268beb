"""article-cleaner: take scraped article text and return the clean body.

    >>> import cleaner
    >>> cleaner.clean(text)             # the body, kept lines byte-identical
    >>> result = cleaner.explain(text)  # text, title, language, and why each line went
    >>> cleaner.report(texts)           # a review page: every line in place, the removed ones struck through

A :class:`Cleaner` compiles the rule packs once; :func:`default_cleaner` shares one per set of
:class:`Options`, and the module-level functions clean with it.
"""

from __future__ import annotations

from . import sites
from .batch import clean_batch, explain_batch
from .html import clean_html, explain_html
from .markdown import clean_markdown, explain_markdown
from .options import Options
from .pipeline import Cleaner, default_cleaner
from .report import report
from .rules import RuleError
from .verdicts import Reason, Removal, Result

__all__ = ["Cleaner", "Options", "Reason", "Removal", "Result", "RuleError", "clean", "clean_batch", "clean_html",
           "clean_markdown", "default_cleaner", "explain", "explain_batch", "explain_html", "explain_markdown", "report", "sites"]
__version__ = "0.1.0"


def clean(text: str, options: Options | None = None, /, *, site: str | None = None, **changes) -> str:
    """The clean body of ``text``, with ``options`` and ``changes`` to them (as :class:`Cleaner` takes
    them); ``site`` names its site in a ``profile``."""
    return default_cleaner(options, **changes).clean(text, site=site)


def explain(text: str, options: Options | None = None, /, *, site: str | None = None, **changes) -> Result:
    """The clean body with its title, language, and for every removed line the rule or score that removed it."""
    return default_cleaner(options, **changes).explain(text, site=site)
