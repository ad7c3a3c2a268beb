"""A datatrove pipeline step (``pip install article-cleaner[datatrove]``).

    >>> from datatrove.executor import LocalPipelineExecutor
    >>> from datatrove.pipeline.readers import JsonlReader
    >>> from datatrove.pipeline.writers import JsonlWriter
    >>> LocalPipelineExecutor([
    ...     JsonlReader("pages/"),
    ...     ArticleCleaner(exclusion_writer=JsonlWriter("emptied/")),
    ...     JsonlWriter("clean/"),
    ... ], tasks=8, logging_dir="logs/").run()

It is a datatrove filter, like the library's own ``C4QualityFilter`` (which also rewrites the text
it keeps): ``doc.text`` becomes the clean body, ``doc.metadata["cleaner"]`` holds the summary, and a
document left with no body is dropped, to the exclusion writer if one is given, with its text as it
came in. The stats count removed lines per rule id (``removed_LK101``, ``removed_heuristic``) and
documents per detected language (``language_en``) and documents kept unchanged with a warning
(``kept_unchanged``; the warning is in the metadata) on top of the filter's ``total``, ``forwarded``
and ``dropped``.

Executors pickle their steps, so the step keeps only its options; the rule packs are compiled in
the worker, once per process, on the first document.
"""

from __future__ import annotations

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

import cleaner

EMPTY = "empty"  # the drop reason, in the stats (dropped_empty) and in excluded documents' metadata
KEPT_UNCHANGED = "kept_unchanged"  # the stat counting documents left as they were, with a warning (timeout, guard)


class ArticleCleaner(BaseFilter):
    """Clean each document's text with article-cleaner; drop the ones left empty.

    ``options`` are :class:`cleaner.Options`' fields (``keep_title``, ``lang``, ``select``, ``rule_files``, ...).
    With ``profile`` (a site profile's path, from ``cleaner learn``), each document's site is the
    host of its ``metadata[site_field]`` URL, and its site's template lines go.
    """

    name = "🧹 Article cleaner"

    def __init__(self, exclusion_writer: DiskWriter | None = None, site_field: str = "url", **options):
        super().__init__(exclusion_writer)
        self.options = cleaner.Options.of(**options)
        self.site_field = site_field
        cleaner.default_cleaner(self.options)  # a bad option or rule pack fails here, not in every worker

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        url = doc.metadata.get(self.site_field)
        site = cleaner.sites.site_of(url) if isinstance(url, str) else None
        result = cleaner.default_cleaner(self.options).explain(doc.text, site=site)
        counts = result.counts()
        doc.metadata["cleaner"] = {"language": result.language, "title": result.title, "removed": counts,
                                   "warning": result.warning}
        self.stat_update(f"language_{result.language}")
        if result.warning:
            self.stat_update(KEPT_UNCHANGED)
        for key, lines in counts.items():
            self.stat_update(f"removed_{key}", value=lines)
        if not result.text.strip():
            return False, EMPTY
        doc.text = result.text
        return True
