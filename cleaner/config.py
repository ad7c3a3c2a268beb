"""Settings: a project's configuration file, overridden by the command line's flags.

The configuration is the nearest ``.cleaner.toml`` (keys at the top level) or ``pyproject.toml``
with a ``[tool.cleaner]`` table, looking from the inputs' folder up to the root; a
``pyproject.toml`` without the table is passed over, as ruff does. Keys (:data:`KEYS`) are the
long flags' names: the cleaner's options (:class:`cleaner.Options`, each under its ``Spec.key``)
and a run's own settings (``jobs``, ``exclude``, ...). Paths in ``rules`` and ``profile`` are
relative to the file that names them. A flag given on the command line replaces the file's value; lists are
replaced too, not extended.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import regex

from . import options
from .options import SPECS, Kind, Options
from .walk import DEFAULT_EXCLUDE

CONFIG_FILE = ".cleaner.toml"
PYPROJECT = "pyproject.toml"
ON_ERROR = ("skip", "pass")


class ConfigError(ValueError):
    """A configuration file or option that cannot be used; the message is one line naming where."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told, with the defaults a run without configuration gets."""

    options: Options = Options()  # how to clean each document
    allow_empty: bool = False  # let an in-place rewrite empty a file
    text_field: str = "text"  # the field of a JSONL record that holds the text
    jobs: int = 1  # worker processes; 0 means one per CPU
    on_error: str = "skip"  # what becomes of a bad record or file in the output: "skip" or "pass"
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE  # globs (gitignore syntax) a folder's walk passes over
    extend_exclude: tuple[str, ...] = ()  # more of them, on top of exclude
    site_field: str | None = None  # the JSONL field with a record's URL; None: url, else metadata.url
    site_from: str | None = None  # a pattern naming a file's site in its path; None: its folder

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1


def split_ids(values: Iterable[str]) -> tuple[str, ...]:
    """``["LK", "AD101,NL"]`` -> ``("LK", "AD101", "NL")``: repeated and comma-separated alike."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _strings(value: object, what: str, *, allow_empty: bool = False) -> list[str]:
    """A string or a list of strings, as a list; ``what`` names one in the error."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and (v or allow_empty) for v in value):
        raise ValueError(f"must be {what} or a list of them")
    return value


def _ids(value: object, folder: Path) -> tuple[str, ...]:
    return split_ids(_strings(value, "a rule id", allow_empty=True))


def _paths(value: object, folder: Path) -> tuple[str, ...]:
    return tuple(str(folder / v) for v in _strings(value, "a file name"))


def _path(value: object, folder: Path) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a file name")
    return str(folder / value)


def _pattern(value: object, folder: Path) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a regular expression")
    try:
        regex.compile(value)
    except regex.error as error:
        raise ValueError(f"must be a regular expression ({error})") from None
    return value


def _globs(value: object, folder: Path) -> tuple[str, ...]:
    return tuple(_strings(value, "a glob"))


def _flag(value: object, folder: Path) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _language(value: object, folder: Path) -> str:
    try:
        return options.lang(value)
    except (TypeError, ValueError):
        raise ValueError("must be an ISO 639-1 code like 'en', of a language the cleaner knows") from None


def _field_name(value: object, folder: Path) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a field name")
    return value


def _jobs(value: object, folder: Path) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("must be a whole number, 0 for one per CPU")
    return value


def _seconds(value: object, folder: Path) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise ValueError("must be a number of seconds, 0 for no limit")
    return float(value)


def _count(value: object, folder: Path) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("must be a whole number, 0 for no limit")
    return value


def _share(value: object, folder: Path) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
        raise ValueError("must be a share from 0 to 1, 0 to turn the guard off")
    return float(value)


def _on_error(value: object, folder: Path) -> str:
    if value not in ON_ERROR:
        raise ValueError(f"must be one of {', '.join(map(repr, ON_ERROR))}")
    return value


Reader = Callable[[object, Path], object]  # a value in the file, and the file's folder -> the value to use

_ZERO_IS_NONE = ("count", "seconds")  # kinds whose "no limit" (None in Python) a file and a flag write as 0

# The reader of each kind of option (options.Kind).
READERS: dict[Kind, Reader] = {
    "flag": _flag, "ids": _ids, "files": _paths, "file": _path, "language": _language, "count": _count,
    "seconds": _seconds, "share": _share,
}

# key in the file -> (field of Options or of Settings, reader of the value)
KEYS: dict[str, tuple[str, Reader]] = {
    **{spec.key: (name, READERS[spec.kind]) for name, spec in SPECS.items()},
    "allow-empty": ("allow_empty", _flag), "text-field": ("text_field", _field_name), "jobs": ("jobs", _jobs),
    "on-error": ("on_error", _on_error), "exclude": ("exclude", _globs), "extend-exclude": ("extend_exclude", _globs),
    "site-field": ("site_field", _field_name), "site-from": ("site_from", _pattern),
}


def expected(key: str) -> str | None:
    """What a setting takes, in its error's words (``must be a whole number, 0 for one per CPU``)."""
    if key not in KEYS:
        return None
    try:
        KEYS[key][1](None, Path())
    except ValueError as error:
        return str(error)
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def _table(path: Path) -> dict | None:
    """The cleaner's table in a configuration file; None for a pyproject.toml without one."""
    data = _read_toml(path)
    if path.name != PYPROJECT:
        return data
    table = data.get("tool", {}).get("cleaner") if isinstance(data.get("tool"), dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cleaner] must be a table")
    return table


def find(start: Path) -> Path | None:
    """The configuration file that applies to inputs in folder ``start``, if any."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder / CONFIG_FILE
        if (folder / PYPROJECT).is_file() and _table(folder / PYPROJECT) is not None:
            return folder / PYPROJECT
    return None


def load(path: Path) -> dict[str, object]:
    """A configuration file's values, checked, by field name (of Options or of Settings)."""
    table = _table(path)
    where = f"{path}: [tool.cleaner]" if path.name == PYPROJECT else str(path)
    if table is None:
        raise ConfigError(f"{where}: no [tool.cleaner] table")
    values = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(KEYS)})")
        name, read = KEYS[key]
        try:
            values[name] = read(value, path.parent)
        except ValueError as error:
            raise ConfigError(f"{where}: {key} {error}") from None
    return values


def resolve(flags: dict[str, object], config_file: Path | None) -> Settings:
    """Settings from the configuration file, if any, then the flags given (None: not given), by
    field name (of Options or of Settings). A flag's value is as its reader returns it from the file."""
    values = load(config_file) if config_file else {}
    values.update({name: value for name, value in flags.items() if value is not None})
    cleaning = {name: values.pop(name) for name in SPECS if name in values}
    cleaning.update({name: value or None for name, value in cleaning.items() if SPECS[name].kind in _ZERO_IS_NONE})
    return replace(Settings(), options=Options.of(**cleaning), **values)
