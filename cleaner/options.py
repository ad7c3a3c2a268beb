"""The checks on the options of :class:`~cleaner.Cleaner` (and of ``clean``/``explain``), where they enter.

A wrong option should fail at once, in one line that names it: a ``lang`` of ``"xx"`` silently
picks no rule pack, a string where a list belongs is read letter by letter, a ``select`` that
names no rule selects nothing. Each check returns the value as the cleaner uses it, or raises a
TypeError (wrong kind of value) or a ValueError (right kind, wrong value).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable

from . import language, sites


def flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {value!r}")
    return value


def strings(name: str, value: object, what: str, kinds: type | tuple[type, ...] = str) -> tuple:
    """A list (any iterable but a string or a path) of non-empty items of ``kinds``."""
    if isinstance(value, str | bytes | os.PathLike) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of {what}, not {value!r}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, kinds) or not str(item):
            raise TypeError(f"{name} must be a list of {what}; it holds {item!r}")
    return items


def paths(name: str, value: object) -> tuple[str | os.PathLike, ...]:
    return strings(name, value, "file names", (str, os.PathLike))


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


def selectors(name: str, value: object, ids: Iterable[str]) -> tuple[str, ...]:
    """Rule ids or id prefixes, each naming at least one of the rules ``ids`` (a typo would select nothing)."""
    chosen = strings(name, value, "rule ids or prefixes")
    known = tuple(ids)
    for selector in chosen:
        if not any(rule_id.startswith(selector) for rule_id in known):
            raise ValueError(f"{name}: no rule id starts with {selector!r} (cleaner rules lists them)")
    return chosen


def profile(value: object) -> sites.Profile | None:
    """A site profile, or its file's path (read now: a bad file fails here, in one line)."""
    if value is None or isinstance(value, sites.Profile):
        return value
    if isinstance(value, str | os.PathLike):
        return sites.Profile.load(value)
    raise TypeError(f"profile must be a site profile or its file's path, not {value!r}")


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
