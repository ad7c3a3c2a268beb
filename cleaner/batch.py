"""Many documents at once, for engines that map a function over partitions (Spark, Ray Data, Dask).

    >>> clean_batch(["page one ...", "page two ..."], keep_title=True)   # one clean body per text

Both functions are plain module-level functions, so they pickle by reference: each worker process
builds its own :class:`~cleaner.pipeline.Cleaner` on first use and reuses it for every later batch
with the same options (:func:`cleaner.default_cleaner`, which :func:`cleaner.clean` shares).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .options import texts as checked_texts
from .pipeline import default_cleaner
from .verdicts import Result


def clean_batch(texts: Iterable[str], sites: Sequence[str | None] | None = None, **options) -> list[str]:
    """The clean body of each text, in order. Options are :class:`~cleaner.Options`' fields;
    ``sites`` names each text's site in a ``profile`` (:mod:`cleaner.sites`)."""
    return [result.text for result in _results(texts, sites, options, "clean_batch", details=False)]


def explain_batch(texts: Iterable[str], sites: Sequence[str | None] | None = None, **options) -> list[Result]:
    """:func:`cleaner.explain` for each text, in order: body, title, language and removals."""
    return _results(texts, sites, options, "explain_batch", details=True)


def _results(texts: Iterable[str], sites: Sequence[str | None] | None, options: dict, function: str,
             details: bool) -> list[Result]:
    shared = default_cleaner(**options)
    texts = list(checked_texts(texts, function))
    if sites is not None and len(sites) != len(texts):
        raise ValueError(f"sites: {len(sites)} given for {len(texts)} texts")
    return [shared.explain(text, site=site, details=details) for text, site in zip(texts, sites or [None] * len(texts))]
