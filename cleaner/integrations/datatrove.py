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

A site profile learned on a first pass, as ``cleaner --learn-sites`` does (:class:`SiteLearner`):

    >>> learner = SiteLearner("sites/")
    >>> learning = LocalPipelineExecutor([JsonlReader("pages/"), learner], tasks=8, logging_dir="logs/sites/")
    >>> LocalPipelineExecutor([JsonlReader("pages/"), ArticleCleaner(profile=learner), JsonlWriter("clean/")],
    ...                       tasks=8, logging_dir="logs/clean/", depends=learning).run()
"""

from __future__ import annotations

import os
from dataclasses import replace

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

import cleaner
from cleaner import sites

EMPTY = "empty"  # the drop reason, in the stats (dropped_empty) and in excluded documents' metadata
KEPT_UNCHANGED = "kept_unchanged"  # the stat counting documents left as they were, with a warning (timeout, guard)


class ArticleCleaner(BaseFilter):
    """Clean each document's text with article-cleaner; drop the ones left empty.

    ``options`` are :class:`cleaner.Options`' fields (``keep_title``, ``lang``, ``select``, ``rule_files``, ...).
    With ``profile`` (a site profile's path, from ``cleaner learn``, or the :class:`SiteLearner`
    of an earlier stage, whose profile is read once that stage has written it), each document's
    site is the host of its ``metadata[site_field]`` URL, and its site's template lines go.
    """

    name = "🧹 Article cleaner"

    def __init__(self, exclusion_writer: DiskWriter | None = None, site_field: str = "url",
                 profile: SiteLearner | sites.Profile | str | os.PathLike | None = None, **options):
        super().__init__(exclusion_writer)
        learned = isinstance(profile, SiteLearner)
        self.options = cleaner.Options.of(profile=profile.profile if learned else profile, **options)
        self.site_field = site_field
        # A bad option or rule pack fails here, not in every worker (a profile still to learn, there).
        cleaner.default_cleaner(replace(self.options, profile=None) if learned else self.options)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        site = _site(doc, self.site_field)
        result = cleaner.default_cleaner(self.options).explain(doc.text, site=site, details=False)  # only counts kept
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


class SiteLearner(PipelineStep):
    """A first pass: count the lines of each site's documents, for :class:`ArticleCleaner`'s profile.

    Each task counts its own documents (their site is the host of ``metadata[site_field]``) and
    saves its counts in ``folder`` (``00003.counts``); the task that finds every task's counts
    there merges them, in task order, into the profile ``folder/sites.profile`` (two tasks that
    finish at once write the same file, each whole). Use a folder of its own: a task merges what
    it finds. Where no site reached 20 pages in a task (``1 / sites.ERROR``), the profile's counts are those of
    ``cleaner learn`` on the same documents; otherwise they can be lower, by the prunings of the
    tasks' lossy counting (:meth:`cleaner.sites.Learner.merge`). Documents pass on unchanged.
    """

    type = "📊 - STATS"
    name = "🧹 Site learner"

    def __init__(self, folder: str | os.PathLike, site_field: str = "url"):
        super().__init__()
        self.folder = os.fspath(folder)
        self.site_field = site_field

    @property
    def profile(self) -> str:
        """The profile's path, once every task is done."""
        return os.path.join(self.folder, "sites.profile")

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        learner = sites.Learner()
        for doc in data or ():
            with self.track_time():
                site = _site(doc, self.site_field)
                learner.add(site, doc.text)
                self.stat_update("pages" if site else "no_site")
            yield doc
        os.makedirs(self.folder, exist_ok=True)
        learner.save_counts(self._counts(rank))
        parts = [self._counts(task) for task in range(world_size)]
        if all(map(os.path.exists, parts)):
            merged = sites.Learner()
            for part in parts:
                merged.load_counts(part)
            merged.profile().save(self.profile)

    def _counts(self, rank: int) -> str:
        return os.path.join(self.folder, f"{rank:05d}.counts")


def _site(doc: Document, field: str) -> str | None:
    """A document's site: the host of the URL in its metadata."""
    url = doc.metadata.get(field)
    return sites.site_of(url) if isinstance(url, str) else None
