"""The cleaner's options, declared once: :class:`Options`, and the checks on them where they enter.

Each field of :class:`Options` carries its default, its type, its help and how a configuration
file and the command line write it (:class:`Spec`); ``Cleaner``, ``clean`` and the other
functions, ``[tool.cleaner]`` (:mod:`cleaner.config`) and the command line's flags
(:mod:`cleaner.cli`) are all made from these fields, so a new option is one field here.

A wrong option should fail at once, in one line that names it: a ``lang`` of ``"xx"`` silently
picks no rule pack, a string where a list belongs is read letter by letter, a ``select`` that
names no rule selects nothing. Each check returns the value as the cleaner uses it, or raises a
TypeError (wrong kind of value) or a ValueError (right kind, wrong value).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Literal

from . import language, sites
from .guard import MIN_PROSE_KEPT
from .rules import Rule

MAX_CHARS = 2_000_000  # a larger document is kept unchanged: 8x the corpus's largest page (README, Guarantees)
MAX_LINES = 20_000  # ... and so is a document of more lines: 10x the corpus's longest page
REGEX_TIMEOUT = 1.0  # seconds one pattern may run on one line: a safety net, not a budget
TIME_BUDGET = None  # seconds one document may take (off: the limits above do not depend on the clock)

# How a configuration file and the command line write an option's value (a closed set: config
# and cli each read every kind); ``count`` and ``seconds`` write "no limit" as 0, having no None.
Kind = Literal["flag", "ids", "files", "file", "language", "count", "seconds", "share"]


def flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {value!r}")
    return value


def strings(name: str, value: object, what: str, kinds: type | tuple[type, ...] = str) -> tuple:
    """A list (any iterable but a string or a path) of non-empty items of ``kinds``."""
    if isinstance(value, str | bytes | os.PathLike) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of {what}, not {value!r}")
    items = tuple(sorted(value, key=str)) if isinstance(value, set | frozenset) else tuple(value)
    for item in items:
        if not isinstance(item, kinds) or not str(item):
            raise TypeError(f"{name} must be a list of {what}; it holds {item!r}")
    return items


def paths(name: str, value: object) -> tuple[str | os.PathLike, ...]:
    return strings(name, value, "file names", (str, os.PathLike))


def rule_ids(name: str, value: object) -> tuple[str, ...]:
    """Rule ids, id prefixes or concepts; whether each names a rule is :func:`selectors`' to say, once
    the packs are loaded."""
    return strings(name, value, "rule ids, prefixes or concepts")


def lang(value: object) -> str | None:
    """A supported ISO 639-1 code, in any case (``"EN"`` is ``"en"``); None detects the language."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"lang must be an ISO 639-1 code such as 'en', not {value!r}")
    if value.lower() not in language.supported():
        raise ValueError(f"lang: unknown language {value!r} (known: {', '.join(sorted(language.supported()))})")
    return value.lower()


def seconds(name: str, value: object, *, zero_is_none: bool) -> float | None:
    """A number of seconds, or None for no limit (and 0 too, where ``zero_is_none``)."""
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(f"{name} must be a number of seconds or None, not {value!r}")
    if math.isnan(value) or value < 0 or (value == 0 and not zero_is_none):
        allowed = "a number of seconds, 0 or None for no limit" if zero_is_none else \
            "a positive number of seconds, or None for no limit"
        raise ValueError(f"{name} must be {allowed}, not {value!r}")
    return float(value) or None


def timeout(name: str, value: object) -> float | None:
    return seconds(name, value, zero_is_none=False)


def budget(name: str, value: object) -> float | None:
    return seconds(name, value, zero_is_none=True)


def count(name: str, value: object) -> int | None:
    """A positive whole number, or None for no limit."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number or None (no limit), not {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, or None (no limit), not {value!r}")
    return value


def share(name: str, value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(f"{name} must be a number from 0 to 1, not {value!r}")
    if not 0 <= value <= 1:
        raise ValueError(f"{name} must be from 0 to 1 (0: off), not {value!r}")
    return float(value)


def selectors(name: str, value: object, rules: Iterable[Rule]) -> tuple[str, ...]:
    """Rule ids or id prefixes (``sites.SELECTOR`` among them), each naming at least one of ``rules``
    (a typo would select nothing); a concept becomes the ids of its rules, every language's."""
    chosen = rule_ids(name, value)
    by_concept: dict[str, list[str]] = {}
    for rule in rules:
        by_concept.setdefault(rule.concept, []).append(rule.id)
    ids = [rule_id for concept_ids in by_concept.values() for rule_id in concept_ids] + [sites.SELECTOR]
    expanded: list[str] = []
    for selector in chosen:
        if selector in by_concept:
            expanded += by_concept[selector]
        elif any(rule_id.startswith(selector) for rule_id in ids):
            expanded.append(selector)
        else:
            raise ValueError(f"{name}: no rule id starts with {selector!r} and no rule is of that concept "
                             "(cleaner rules lists them)")
    return tuple(expanded)


def profile_source(name: str, value: object) -> sites.Profile | str | os.PathLike | None:
    """A site profile or its file's path (read by :func:`loaded_profile`, when the cleaner is made)."""
    if value is None or isinstance(value, sites.Profile | str | os.PathLike):
        return value
    raise TypeError(f"{name} must be a site profile or its file's path, not {value!r}")


def loaded_profile(value: sites.Profile | str | os.PathLike | None) -> sites.Profile | None:
    """The profile itself, its file read now: a bad file fails here, in one line."""
    return sites.Profile.load(value) if isinstance(value, str | os.PathLike) else value


def text(value: object) -> str:
    """The document: a str. Bytes must be decoded first (or, for HTML, given to ``clean_html``)."""
    if isinstance(value, bytes | bytearray):
        raise TypeError("the text to clean must be a str, not bytes: decode it first (data.decode('utf-8')), "
                        "or give HTML bytes to clean_html()")
    if not isinstance(value, str):
        raise TypeError(f"the text to clean must be a str, not {type(value).__name__}")
    return value


def texts(value: object, function: str) -> Iterable[str]:
    """Many documents: any iterable of str but a single str (which would be cleaned letter by letter)."""
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Iterable):
        raise TypeError(f"{function}() takes a list of texts, not {type(value).__name__}: "
                        f"for one text, use {function.removesuffix('_batch')}()")
    return value


@dataclass(frozen=True, slots=True)
class Spec:
    """What an option is, beyond its type and default: its help (the command line's, too), the check
    that admits its value, and how a configuration file and the command line write it."""

    help: str
    check: Callable[[str, object], object]  # (name, value) -> the value as the cleaner uses it
    kind: Kind
    key: str = ""  # its key in [tool.cleaner] and its long flag (--key); the name with dashes if not given
    metavar: str = ""


def _option(default: object, check: Callable[[str, object], object], kind: Kind, help: str, *,
            key: str = "", metavar: str = "") -> object:
    return field(default=default, metadata={"spec": Spec(help, check, kind, key, metavar)})


@dataclass(frozen=True, slots=True)
class Options:
    """How to clean. Every field is checked when an Options is made (lists become tuples, a set a
    sorted tuple), so an Options is hashable: the shared cleaners are kept by it
    (:func:`cleaner.default_cleaner`).

    >>> Options(lang="DE", select=["LK"])
    Options(keep_title=False, keep_comments=False, lang='de', select=('LK',), ...)
    """

    keep_title: bool = _option(False, flag, "flag",
                               "Keep the headline in the text (it is reported as the title either way).")
    keep_comments: bool = _option(False, flag, "flag", "Keep user comment sections (rules of category CM).")
    lang: str | None = _option(None, lambda name, value: lang(value), "language",
                               "The language (ISO 639-1), instead of detecting it.", metavar="CODE")
    select: tuple[str, ...] = _option((), rule_ids, "ids", (
        "Use only these rules: ids, prefixes or concepts (LK, AD101, reading-time), comma-separated or repeated."),
        metavar="ID")
    ignore: tuple[str, ...] = _option((), rule_ids, "ids", "Leave out these rules: ids, prefixes or concepts.",
                                      metavar="ID")
    rule_files: tuple[str | os.PathLike, ...] = _option((), paths, "files", "Extra rule packs (TOML files).",
                                                        key="rules", metavar="FILE")
    builtin_rules: bool = _option(True, flag, "flag", "Use the built-in rule packs (off: only the extra ones).")
    max_chars: int | None = _option(MAX_CHARS, count, "count",
                                    "Leave a longer document unchanged (with a warning); 0: no limit.", metavar="N")
    max_lines: int | None = _option(MAX_LINES, count, "count",
                                    "Leave a document of more lines unchanged (with a warning); 0: no limit.",
                                    metavar="N")
    regex_timeout: float | None = _option(REGEX_TIMEOUT, timeout, "seconds", (
        "Seconds one pattern may run on one line, a safety net against a catastrophic pattern: "
        "past it, the document is left unchanged (with a warning); 0: no limit."), metavar="SECONDS")
    time_budget: float | None = _option(TIME_BUDGET, budget, "seconds", (
        "Seconds one document may take; past it, the document is left unchanged (with a warning); "
        "0: no limit. Off by default: a clock makes the output depend on the load."), metavar="SECONDS")
    min_prose_kept: float = _option(MIN_PROSE_KEPT, share, "share", (
        "The over-pruning guard: leave a document unchanged (with a warning) if less of its prose "
        "would remain; 0: off."), metavar="SHARE")
    profile: sites.Profile | str | os.PathLike | None = _option(None, profile_source, "file", (
        "A site profile (cleaner learn), or its file: each site's template lines go from its documents "
        "(ignore TEMPLATE to turn it off)."), metavar="FILE")

    def __post_init__(self) -> None:
        for name, spec in SPECS.items():
            object.__setattr__(self, name, spec.check(name, getattr(self, name)))

    @classmethod
    def of(cls, options: Options | None = None, /, **changes: object) -> Options:
        """``options`` (the defaults if None) with ``changes``; an unknown name is one TypeError naming it."""
        for name in changes:
            if name not in SPECS:
                raise TypeError(f"unknown option {name!r} (options: {', '.join(SPECS)})")
        if options is not None and not isinstance(options, Options):
            raise TypeError(f"options must be a cleaner.Options, not {type(options).__name__}")
        options = options or cls()
        return replace(options, **changes) if changes else options


SPECS: dict[str, Spec] = {f.name: replace(f.metadata["spec"], key=f.metadata["spec"].key or f.name.replace("_", "-"))
                          for f in fields(Options)}
