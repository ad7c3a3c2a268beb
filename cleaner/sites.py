"""Site templates: the lines a site repeats on most of its pages are its chrome, not its articles.

A crawl holds many pages of each site, and the site's menus, footers, "about us" blurbs and legal
lines come back on every one of them, while an article's sentences do not. :class:`Learner`
counts, per site, on how many pages each line occurs, once over a corpus and without any gold;
the :class:`Profile` it gives keeps the lines seen on at least ``share`` of a site's pages (and on
``min_pages`` of them at least), and the cleaner removes those lines wherever they come back,
naming the evidence (``template: seen on 37 of 40 pages of example.com``).

Lines are compared by a fingerprint of their text with case, digits and whitespace folded, so
"Posted 3 hours ago" and "posted 12 hours ago" are one line. Counting is lossy counting (Manku and
Motwani): a site's rare lines are forgotten as its pages go by, so memory stays bounded on a crawl
of millions of pages; counts can only come out low, never high, so the error keeps a line rather
than removing it.

A profile file is JSON Lines, one template line per row, readable and diffable::

    {"article-cleaner-profile": 1, "min_pages": 3, "share": 0.5, "inside_share": 0.8}
    {"site": "example.com", "pages": 40, "count": 37, "fingerprint": "9f2c...", "line": "Home | News | Sport"}

(``"line"`` is null for a line whose counts were merged from learners that each saw it on one page
only: a learner keeps a line's text from its second page on.)
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import regex

MIN_PAGES = 3  # a site seen on fewer pages has no template: a line on 2 of 2 pages says nothing
SHARE = 0.5  # a line on at least this share of a site's pages is template (picked by benchmarks/sites.py)
INSIDE_SHARE = 0.8  # inside the article's own region, a template line needs this share (likewise)
ERROR = 0.05  # lossy counting's error, as a share of a site's pages: counts are at most this low
MAX_LINES = 5_000_000  # lines tracked in all before every site forgets its rare ones (about 600 MB)
FORMAT = 1
COUNTS_HEADER = "article-cleaner-site-counts"  # a Learner's counts saved, to merge (datatrove's tasks)
SELECTOR = "TEMPLATE"  # what --select and --ignore call site templates
DEFAULT_FIELDS = ("url", "metadata.url")  # where a JSONL record's URL is, unless told

_DIGITS = regex.compile(r"\d+")
_WORD = regex.compile(r"\w")
_WAYBACK = regex.compile(r"(?i)(?:https?://)?web\.archive\.org/web/\w+/(.+)")


class ProfileError(ValueError):
    """A profile file that cannot be read: one line naming the file and the row."""


def fingerprint(line: str) -> str:
    """The line with case, digits and whitespace folded, hashed: equal for a site's repeats."""
    return _key(line).hex()


def _key(line: str) -> bytes:
    """:func:`fingerprint` as 8 bytes, as a learner keeps it (a third of the memory of its hex)."""
    folded = " ".join(_DIGITS.sub("0", line.casefold()).split())
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest()


def site_of(url: str) -> str | None:
    """The site a page belongs to: its URL's host, without ``www.`` (None when there is none).

    A Wayback Machine capture belongs to the site it captured.
    """
    archived = _WAYBACK.match(url)
    if archived:
        return site_of(archived.group(1))
    try:
        host = urlsplit(url if "://" in url else f"//{url}").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


@dataclass(frozen=True, slots=True)
class TemplateLine:
    """A line of a site's template: on how many of its pages it was seen, and one example."""

    count: int
    pages: int
    site: str
    example: str | None  # None where it was counted by tasks that each saw it on one page (datatrove)

    def describe(self) -> str:
        return f"seen on {self.count} of {self.pages} pages of {self.site}"


@dataclass(frozen=True, eq=False)
class Profile:
    """The template lines of each site, by fingerprint, and the shares that made them template."""

    sites: dict[str, dict[str, TemplateLine]] = field(default_factory=dict)
    min_pages: int = MIN_PAGES
    share: float = SHARE
    inside_share: float = INSIDE_SHARE

    def template(self, site: str | None) -> dict[str, TemplateLine]:
        """The template lines of ``site`` (none for a site the profile does not know)."""
        return self.sites.get(site, {}) if site else {}

    def is_template(self, line: TemplateLine, inside: bool) -> bool:
        """Whether a known line is template here: inside the article's region it needs a higher share."""
        return line.count >= (self.inside_share if inside else self.share) * line.pages

    def stricter(self, share: float, inside_share: float) -> Profile:
        """The same counts with higher shares (``benchmarks/sites.py`` picks the shares this way)."""
        if share < self.share:
            raise ValueError(f"a profile learned at share {self.share} knows no lines under it, asked {share}")
        kept = {site: {k: line for k, line in lines.items() if line.count >= share * line.pages}
                for site, lines in self.sites.items()}
        return Profile({site: lines for site, lines in kept.items() if lines}, self.min_pages, share, inside_share)

    def __len__(self) -> int:
        return sum(len(lines) for lines in self.sites.values())

    def save(self, path: str | Path) -> None:
        """Write the profile as JSON Lines, sites and lines in a stable order (diffable); the file
        is replaced whole or not at all."""
        rows = [json.dumps({"article-cleaner-profile": FORMAT, "min_pages": self.min_pages, "share": self.share,
                            "inside_share": self.inside_share})]
        for site in sorted(self.sites):
            for key, line in sorted(self.sites[site].items(), key=lambda item: (-item[1].count, item[0])):
                rows.append(json.dumps({"site": site, "pages": line.pages, "count": line.count,
                                        "fingerprint": key, "line": line.example}, ensure_ascii=False))
        _write(path, rows)

    @classmethod
    def load(cls, path: str | Path) -> Profile:
        """Read a profile written by :meth:`save`; a bad file raises ProfileError naming the row."""
        rows = _read(path, "profile")
        try:
            header = json.loads(rows[0]) if rows else {}
            if header.get("article-cleaner-profile") != FORMAT:
                raise ProfileError(f"{path}:1: not an article-cleaner profile (format {FORMAT})")
            sites: dict[str, dict[str, TemplateLine]] = {}
            for number, row in enumerate(rows[1:], start=2):
                if not row.strip():
                    continue
                try:
                    entry = json.loads(row)
                    line = TemplateLine(int(entry["count"]), int(entry["pages"]), str(entry["site"]),
                                        None if entry["line"] is None else str(entry["line"]))
                    sites.setdefault(line.site, {})[str(entry["fingerprint"])] = line
                except (ValueError, KeyError, TypeError) as error:
                    raise ProfileError(f"{path}:{number}: not a profile row ({error})") from None
            return cls(sites, int(header["min_pages"]), float(header["share"]), float(header["inside_share"]))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as error:
            raise ProfileError(f"{path}:1: not an article-cleaner profile ({error})") from None


def page_lines(text: str) -> dict[bytes, str]:
    """A page's distinct lines with a word, by fingerprint (as bytes), each the first of its kind,
    stripped: what a page gives :class:`Learner`, and most of learning's cost."""
    lines: dict[bytes, str] = {}
    for line in text.splitlines():
        if _WORD.search(line):
            lines.setdefault(_key(line), line.strip())
    return lines


def _write(path: str | Path, rows: list[str]) -> None:
    """Write rows of JSON as a file that is replaced whole or not at all."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text("\n".join(rows) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _read(path: str | Path, what: str) -> list[str]:
    """The lines of a file this module wrote; one that cannot be read raises ProfileError."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ProfileError(f"{path}: cannot read the {what}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ProfileError(f"{path}: not an article-cleaner {what} (not UTF-8)") from None


_LOW = 1 << 32  # a count is one int, pages seen on + _LOW * possible undercount (a list costs 100 bytes more)


@dataclass(slots=True)
class _Counts:
    """One site's lossy counts by fingerprint (8 bytes), and the example of each line seen on two
    of its pages (most lines never are)."""

    pages: int = 0
    prunings: int = 0
    lines: dict[bytes, int] = field(default_factory=dict)
    examples: dict[bytes, str] = field(default_factory=dict)

    def prune(self) -> int:
        """Forget the lines seen too rarely to become template; how many entries are left."""
        self.prunings += 1
        self.lines = {k: n for k, n in self.lines.items() if n % _LOW + n // _LOW > self.prunings}
        self.examples = {k: line for k, line in self.examples.items() if k in self.lines}
        return len(self.lines)


class Learner:
    """Counts lines per site over a stream of pages; :meth:`profile` gives their template.

    >>> learner = Learner()
    >>> for url, text in pages:
    ...     learner.add(site_of(url), text)
    >>> learner.profile().save("sites.profile")

    A site's rare lines are forgotten every ``1 / error`` of its pages, and every site's when
    more than ``max_lines`` lines are tracked in all (many sites of a few pages each): each
    forgetting can leave a line's count one short, so a site's counts are low by at most its
    number of prunings, and a line is template only on the count it surely has.
    """

    def __init__(self, min_pages: int = MIN_PAGES, share: float = SHARE, inside_share: float = INSIDE_SHARE,
                 error: float = ERROR, max_lines: int = MAX_LINES):
        if not 0 < error < share <= 1:
            raise ValueError(f"need 0 < error < share <= 1, got error={error}, share={share}")
        if min_pages < 2:
            raise ValueError(f"min_pages must be 2 or more, got {min_pages}")
        self.min_pages, self.share, self.inside_share, self.max_lines = min_pages, share, inside_share, max_lines
        self._bucket = math.ceil(1 / error)  # a site's pages between two prunings of its rare lines
        self._sites: dict[str, _Counts] = {}
        self._tracked = 0

    def add(self, site: str | None, text: str) -> None:
        """Count the distinct lines of one page of ``site`` (a page without a site counts nowhere)."""
        if site:
            self.count(site, page_lines(text))

    def count(self, site: str, lines: Mapping[bytes, str]) -> None:
        """Count one page of ``site`` from its :func:`page_lines` (made in a worker, with --jobs): the
        same counts, in the same order, as :meth:`add` of its text."""
        counts = self._sites.setdefault(site, _Counts())
        counts.pages += 1
        before = len(counts.lines)
        known, unseen = counts.lines, counts.prunings * _LOW  # a new line may have been forgotten before
        for key, line in lines.items():
            entry = known[key] = known.get(key, unseen) + 1
            if entry % _LOW == 2:  # the example is kept from the second page on
                counts.examples[key] = line
        if counts.pages % self._bucket == 0:
            counts.prune()
        self._tracked += len(counts.lines) - before
        if self._tracked > self.max_lines:
            self._tracked = sum(c.prune() for c in self._sites.values())

    def merge(self, other: Learner) -> None:
        """Add the counts of another learner's pages (another task's, in datatrove); ``other`` is
        not to be used after.

        Where both counted every line (no site reached ``1 / error`` pages in either, and neither
        went over ``max_lines``), the counts are those one learner of all the pages would have. A
        line either one forgot can come out low by the prunings of both, so a merged site's
        prunings are their sum: a line is still template only on the count it surely has.
        """
        for site, theirs in other._sites.items():
            ours = self._sites.get(site)
            if ours is None:
                self._sites[site] = theirs
                self._tracked += len(theirs.lines)
                continue
            before = len(ours.lines)
            if theirs.prunings:  # a line they never counted may have been forgotten there
                for key in ours.lines.keys() - theirs.lines.keys():
                    ours.lines[key] += theirs.prunings * _LOW
            for key, entry in theirs.lines.items():
                ours.lines[key] = ours.lines.get(key, ours.prunings * _LOW) + entry
                if key not in ours.examples and key in theirs.examples:
                    ours.examples[key] = theirs.examples[key]
            ours.pages += theirs.pages
            ours.prunings += theirs.prunings
            self._tracked += len(ours.lines) - before
        if self._tracked > self.max_lines:
            self._tracked = sum(c.prune() for c in self._sites.values())

    def save_counts(self, path: str | Path) -> None:
        """Write the counts, a site a row (JSON Lines), for another process to :meth:`load_counts`."""
        rows = [json.dumps({COUNTS_HEADER: FORMAT})]
        for site, counts in sorted(self._sites.items()):
            rows.append(json.dumps({"site": site, "pages": counts.pages, "prunings": counts.prunings,
                                    "lines": [[key.hex(), n % _LOW, n // _LOW, counts.examples.get(key)]
                                              for key, n in counts.lines.items()]},
                                   ensure_ascii=False))
        _write(path, rows)

    def load_counts(self, path: str | Path) -> None:
        """Merge the counts :meth:`save_counts` wrote; a bad file raises ProfileError naming the row."""
        other = Learner(self.min_pages, self.share, self.inside_share, max_lines=self.max_lines)
        rows = _read(path, "site counts")
        if not rows or rows[0] != json.dumps({COUNTS_HEADER: FORMAT}):
            raise ProfileError(f"{path}:1: not article-cleaner site counts (format {FORMAT})")
        for number, text in enumerate(rows[1:], start=2):
            try:
                row = json.loads(text)
                counts = other._sites[str(row["site"])] = _Counts(int(row["pages"]), int(row["prunings"]))
                for key, count, low, example in row["lines"]:
                    counts.lines[bytes.fromhex(key)] = int(count) + int(low) * _LOW
                    if example is not None:
                        counts.examples[bytes.fromhex(key)] = str(example)
            except (ValueError, KeyError, TypeError) as error:
                raise ProfileError(f"{path}:{number}: not a row of site counts ({error})") from None
        self.merge(other)

    @property
    def pages(self) -> int:
        return sum(counts.pages for counts in self._sites.values())

    @property
    def sites(self) -> int:
        return len(self._sites)

    @property
    def small_sites(self) -> int:
        """Sites seen on fewer than ``min_pages`` pages: too few to tell their template."""
        return sum(counts.pages < self.min_pages for counts in self._sites.values())

    def profile(self) -> Profile:
        """The template of every site seen on at least ``min_pages`` pages."""
        sites: dict[str, dict[str, TemplateLine]] = {}
        for site, counts in sorted(self._sites.items()):
            if counts.pages < self.min_pages:
                continue
            needed = max(self.min_pages, self.share * counts.pages)
            lines = {key.hex(): TemplateLine(n % _LOW, counts.pages, site, counts.examples.get(key))
                     for key, n in counts.lines.items() if n % _LOW >= needed}
            if lines:
                sites[site] = lines
        return Profile(sites, self.min_pages, self.share, self.inside_share)


@dataclass(frozen=True, slots=True)
class Locator:
    """Where a corpus says which site a document is from (``--site-field``, ``--site-from``).

    A JSONL record: the URL in ``field`` (``metadata.url`` reaches into an object); by default
    ``url``, else ``metadata.url`` (as datatrove writes it). A file: the first group (or the
    match) of the ``pattern`` searched in its path; by default, the folder it is in.
    """

    field: str | None = None
    pattern: str | None = None

    def __post_init__(self) -> None:
        if self.pattern is not None:
            try:
                regex.compile(self.pattern)
            except regex.error as error:
                raise ValueError(f"must be a regular expression ({error})") from None

    def of_record(self, record: Mapping) -> str | None:
        for path in (self.field,) if self.field else DEFAULT_FIELDS:
            value: object = record
            for key in path.split("."):
                value = value.get(key) if isinstance(value, Mapping) else None
            if isinstance(value, str) and value:
                return site_of(value)
        return None

    def of_path(self, path: str) -> str | None:
        if self.pattern is None:
            return os.path.basename(os.path.dirname(os.path.abspath(path))) or None
        found = regex.search(self.pattern, path)
        if found is None:
            return None
        return (found.group(1) if found.re.groups else found.group(0)) or None


def learn(pages: Iterable[tuple[str | None, str]], **thresholds) -> Profile:
    """The profile of ``(site, text)`` pairs (see :class:`Learner` for the thresholds)."""
    learner = Learner(**thresholds)
    for site, text in pages:
        learner.add(site, text)
    return learner.profile()
