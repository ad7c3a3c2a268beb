"""Rules as data: load rule packs from TOML, validate them, compile their patterns once.

A pack is one TOML file: a ``[pack]`` table naming its language (an ISO 639-1 code, or ``"*"`` for
the language-neutral common pack) and ``[[rule]]`` tables. Every rule has an id (a category code
and a number, ``LK101``), a readable name, a concept, a kind from a closed set, a zone, a pattern,
a description and examples that must (``remove``) and must not (``keep``) match. A concept names
the idea a rule stands for in every language (``also-read-link`` is ``LK101`` in English and
``LK201`` in German), so that a selection or the catalogue can name it once: the built-in ones are
declared in ``cleaner/concepts.toml``, a pack's own in its ``[concepts]`` table. The examples are
run when the pack loads: a pack whose examples fail is refused whole. Every error is one line,
as vale's and ruff's are: ``FILE:LINE: rule ID: problem`` (the line of the rule's ``[[rule]]``),
or ``FILE:LINE: problem`` / ``FILE: problem`` for the pack as a whole.
"""

from __future__ import annotations

import difflib
import functools
import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import SupportsFloat

import regex

KINDS = {
    "line": "drop a line the pattern matches",
    "span": "trim the matched span off a line and keep the rest",
    "section": "drop a header line and what follows it: to the end, to the next body paragraph, or "
               "its own paragraph; with 'confirm', only where those rules fire below it (else the header alone)",
}
ZONES = ("any", "head", "tail")
UNTIL = ("end", "body", "paragraph")
FLAGS = {"ignorecase": regex.IGNORECASE, "multiline": regex.MULTILINE, "verbose": regex.VERBOSE}
CATEGORIES = {
    "AD": "advertising and sponsored lines",
    "AP": "app and download promotions",
    "BY": "bylines, datelines and author boxes",
    "CK": "cookie and consent notices",
    "CM": "user comment sections",
    "CP": "photo captions and agency credits",
    "CR": "copyright and rights lines",
    "LK": "links to other articles (also read, related)",
    "NL": "newsletter and sign-up prompts",
    "NV": "navigation, breadcrumbs and footer links",
    "SH": "share and social prompts",
    "TK": "stock tickers and price rows",
    "WD": "widgets (most read, top stories, tags)",
}
COMMENTS = "CM"  # the category of user comment sections: keep_comments keeps them, the guard does not count them
_RULE_KEYS = {"id", "name", "concept", "kind", "zone", "pattern", "flags", "description", "remove", "keep",
              "until", "max_words", "trimmed", "confirm", "confirm_count"}
EXAMPLE_TIMEOUT = 1.0  # seconds a pattern may run on one of its own examples when its pack loads
_ID = regex.compile(r"[A-Z]{2}\d{3}")
_CONCEPT = regex.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_WORD = regex.compile(r"\w+")
_RULE_HEADER = regex.compile(r"\s*\[\[\s*rule\s*\]\]\s*(?:#.*)?$")
_TOML_PLACE = regex.compile(r"\s*\(at line (\d+), column \d+\)$")


def count_words(text: str) -> int:
    """Words as ``max_words`` counts them."""
    return len(_WORD.findall(text))


def cut_out(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` without the parts at ``spans`` (in order, not overlapping)."""
    ends = (0, *(end for _, end in spans))
    starts = (*(start for start, _ in spans), len(text))
    return "".join(text[end:start] for end, start in zip(ends, starts))


class RuleError(ValueError):
    """A rule pack that cannot be used; the message is one line naming the file and the rule."""


class RuleTimeout(TimeoutError):
    """A rule's pattern ran out of time on a line (its own limit, or the document's budget)."""

    def __init__(self, rule: Rule):
        super().__init__(f"rule {rule.id} timed out")
        self.rule = rule


@dataclass(frozen=True, slots=True)
class Concept:
    """One idea of chrome, whatever the language: its rules share its name and its category."""

    name: str
    category: str
    description: str
    source: str


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    id: str
    name: str
    concept: str
    kind: str
    zone: str
    pattern: regex.Pattern
    description: str
    language: str
    source: str
    remove: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    trimmed: tuple[str, ...] = ()
    until: str = "end"
    max_words: int | None = None
    confirm: tuple[str, ...] = ()  # section only: rule ids (or prefixes) that must fire below the header
    confirm_count: int = 2
    line: int = 0  # where its [[rule]] table starts in its pack (0: unknown)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple:
        """Its fields, the pattern as its text and flags: two compilations of one pattern are equal
        `regex` objects only while that module's cache (500 patterns) hands out the same one."""
        return tuple((value.pattern, value.flags) if isinstance(value, regex.Pattern) else value
                     for value in map(self.__getattribute__, _RULE_FIELDS))

    @property
    def category(self) -> str:
        return self.id[:2]

    @property
    def label(self) -> str:
        return f"{self.id} {self.name}"

    def matches(self, text: str, timeout: SupportsFloat | None = None, words: int | None = None) -> bool:
        """Whether this rule fires on a line (for ``span`` rules: whether it has something to trim).

        ``words`` is the line's word count when the caller has it already. Raises
        :class:`RuleTimeout` when the pattern runs longer than ``timeout`` seconds.
        """
        if self.max_words is not None and (words if words is not None else count_words(text)) > self.max_words:
            return False
        try:
            return self.pattern.search(text, timeout=timeout) is not None
        except TimeoutError:
            raise RuleTimeout(self) from None

    def spans(self, text: str, timeout: SupportsFloat | None = None) -> tuple[tuple[int, int], ...]:
        """Where this rule cuts a line (``span`` rules): the (start, end) offsets of each part it takes out."""
        try:
            return tuple(match.span() for match in self.pattern.finditer(text, timeout=timeout)
                         if match.end() > match.start())
        except TimeoutError:
            raise RuleTimeout(self) from None

    def trim(self, text: str, timeout: SupportsFloat | None = None) -> str:
        """The line with this rule's spans cut out (``span`` rules only)."""
        return cut_out(text, self.spans(text, timeout))

    def failed_examples(self) -> list[str]:
        """The examples this rule gets wrong, each as a short sentence; empty when all pass.

        A pattern that runs too long on one of its own examples fails it: loading a pack must not
        hang on a catastrophic pattern.
        """
        trimmed = self.trimmed or (None,) * len(self.remove)
        examples = [(text, True, after) for text, after in zip(self.remove, trimmed)]
        examples += [(text, False, None) for text in self.keep]
        failures = []
        for text, remove, after in examples:
            try:
                if self.matches(text, EXAMPLE_TIMEOUT) != remove:
                    failures.append(f"does not match its remove example {text!r}" if remove
                                    else f"matches its keep example {text!r}")
                elif after is not None and (got := self.trim(text, EXAMPLE_TIMEOUT)) != after:
                    failures.append(f"trims {text!r} to {got!r}, expected {after!r}")
            except RuleTimeout:
                failures.append(f"runs over {EXAMPLE_TIMEOUT:g} s on its example {text!r}")
        return failures


_RULE_FIELDS = tuple(field.name for field in fields(Rule))


@dataclass(frozen=True, slots=True)
class Pack:
    language: str
    description: str
    source: str
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    concepts: tuple[Concept, ...] = ()  # the concepts it declares itself (the built-in ones are builtin_concepts())


def _fail(source: str, rule_id: str | None, problem: str) -> RuleError:
    where = f"{source}: rule {rule_id}" if rule_id else source
    return RuleError(f"{where}: {problem}")


def _strings(source: str, rule_id: str, table: dict, key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, rule_id, f"'{key}' must be a list of strings")
    return tuple(value)


def _text(source: str, rule_id: str | None, table: dict, key: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise _fail(source, rule_id, f"'{key}' must be a non-empty string")
    return value


def _parse_concepts(source: str, tables: object, known: dict[str, Concept]) -> dict[str, Concept]:
    """The ``[concepts.NAME]`` tables of a pack (or of the built-in list): each a category and a
    description; a name already in ``known`` is refused."""
    if not isinstance(tables, dict):
        raise _fail(source, None, "concepts must be written as [concepts.NAME] tables")
    concepts = {}
    for name, table in tables.items():
        where = f"{source}: concept {name}"
        if not _CONCEPT.fullmatch(name):
            raise RuleError(f"{where}: a concept's name is lower-case words joined by dashes, like also-read-link")
        if name in known:
            raise RuleError(f"{where}: already declared in {known[name].source}")
        if not isinstance(table, dict) or set(table) - {"category", "description"}:
            raise RuleError(f"{where}: a concept has a category and a description, nothing else")
        category = table.get("category")
        if category not in CATEGORIES:
            raise RuleError(f"{where}: unknown category {category!r}; known: {', '.join(CATEGORIES)}")
        concepts[name] = Concept(name, category, _text(where, None, table, "description"), source)
    return concepts


@functools.cache
def builtin_concepts() -> dict[str, Concept]:
    """The concepts of the built-in rules, by name (``cleaner/concepts.toml``)."""
    text = (resources.files("cleaner") / "concepts.toml").read_text(encoding="utf-8")
    return _parse_concepts("cleaner/concepts.toml", tomllib.loads(text).get("concepts", {}), {})


def _concept(where: str, rule_id: str, table: dict, known: dict[str, Concept]) -> str:
    name = _text(where, rule_id, table, "concept")
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else " (a pack declares its own in [concepts.NAME] tables)"
        raise _fail(where, rule_id, f"unknown concept {name!r}{hint}")
    if known[name].category != rule_id[:2]:
        raise _fail(where, rule_id, f"concept {name!r} is of category {known[name].category}, not {rule_id[:2]}")
    return name


def _parse_rule(source: str, language: str, table: dict, line: int | None,
                concepts: dict[str, Concept]) -> Rule:
    where = f"{source}:{line}" if line else source
    if not isinstance(table, dict):
        raise _fail(where, None, "every [[rule]] must be a table")
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise _fail(where, repr(rule_id), "'id' must be two capital letters and three digits, like LK101")
    if rule_id[:2] not in CATEGORIES:
        raise _fail(where, rule_id, f"unknown category {rule_id[:2]!r}; known: {', '.join(CATEGORIES)}")
    unknown = set(table) - _RULE_KEYS
    if unknown:
        raise _fail(where, rule_id, f"unknown key(s) {', '.join(sorted(unknown))}")
    concept = _concept(where, rule_id, table, concepts)
    kind = _text(where, rule_id, table, "kind")
    if kind not in KINDS:
        raise _fail(where, rule_id, f"unknown kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    zone = _text(where, rule_id, table, "zone", "any")
    if zone not in ZONES:
        raise _fail(where, rule_id, f"unknown zone {zone!r}; valid zones: {', '.join(ZONES)}")
    if "until" in table and kind != "section":
        raise _fail(where, rule_id, "'until' is for section rules")
    until = _text(where, rule_id, table, "until", "end")
    if until not in UNTIL:
        raise _fail(where, rule_id, f"unknown 'until' {until!r}; valid: {', '.join(UNTIL)}")
    confirm = _strings(where, rule_id, table, "confirm")
    if confirm and kind != "section":
        raise _fail(where, rule_id, "'confirm' is for section rules")
    if kind == "section" and until == "end" and zone != "tail" and not confirm:
        raise _fail(where, rule_id, "a section cut to the end needs zone = \"tail\" or a 'confirm' list")
    confirm_count = table.get("confirm_count", 2)
    if not isinstance(confirm_count, int) or isinstance(confirm_count, bool) or confirm_count < 1:
        raise _fail(where, rule_id, "'confirm_count' must be a positive integer")
    flags = _strings(where, rule_id, table, "flags")
    bad_flags = set(flags) - set(FLAGS)
    if bad_flags:
        raise _fail(where, rule_id, f"unknown flag(s) {', '.join(sorted(bad_flags))}; valid: {', '.join(FLAGS)}")
    max_words = table.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1):
        raise _fail(where, rule_id, "'max_words' must be a positive integer")
    pattern_text = _text(where, rule_id, table, "pattern")
    compiled_flags = 0
    for flag in flags:
        compiled_flags |= FLAGS[flag]
    try:
        pattern = regex.compile(pattern_text, compiled_flags)
    except regex.error as error:
        raise _fail(where, rule_id, f"invalid pattern: {error}") from None
    remove = _strings(where, rule_id, table, "remove")
    keep = _strings(where, rule_id, table, "keep")
    if not remove or not keep:
        raise _fail(where, rule_id, "needs at least one 'remove' and one 'keep' example")
    trimmed = _strings(where, rule_id, table, "trimmed")
    if trimmed and (kind != "span" or len(trimmed) != len(remove)):
        raise _fail(where, rule_id, "'trimmed' is for span rules, one entry per 'remove' example")
    rule = Rule(
        id=rule_id, name=_text(where, rule_id, table, "name"), concept=concept, kind=kind, zone=zone, pattern=pattern,
        description=_text(where, rule_id, table, "description"), language=language, source=source, line=line or 0,
        remove=remove, keep=keep, trimmed=trimmed, until=until, max_words=max_words,
        confirm=confirm, confirm_count=confirm_count,
    )
    failures = rule.failed_examples()
    if failures:
        raise _fail(where, rule_id, failures[0] + (f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""))
    return rule


def parse_pack(text: str, source: str) -> Pack:
    """Parse and validate one pack's TOML text; ``source`` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        place = _TOML_PLACE.search(str(error))
        where = f"{source}:{place.group(1)}" if place else source
        raise _fail(where, None, f"not valid TOML: {_TOML_PLACE.sub('', str(error))}") from None
    header = data.get("pack")
    if not isinstance(header, dict):
        raise _fail(source, None, "missing the [pack] table (language, description)")
    language = _text(source, None, header, "language")
    if language != "*" and not regex.fullmatch(r"[a-z]{2,3}", language):
        raise _fail(source, None, f"'language' must be an ISO 639-1 code or \"*\", not {language!r}")
    unknown = set(data) - {"pack", "rule", "concepts"}
    if unknown:
        raise _fail(source, None, f"unknown top-level key(s) {', '.join(sorted(unknown))}")
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise _fail(source, None, "rules must be written as [[rule]] tables")
    own = _parse_concepts(source, data.get("concepts", {}), builtin_concepts())
    concepts = builtin_concepts() | own
    lines = _rule_lines(text, len(tables))
    seen: dict[tuple[str, str], int | None] = {}
    for table, line in zip(tables, lines):  # before any pattern is compiled or example run
        rule_id = table.get("id") if isinstance(table, dict) else None
        for key in ("id", "name", "concept"):
            value = table.get(key) if isinstance(table, dict) else None
            if isinstance(value, str) and (key, value) in seen:
                first = f" (first at line {seen[key, value]})" if seen[key, value] else ""
                shown = "" if key == "id" else f" {value!r}"
                raise _fail(f"{source}:{line}" if line else source, rule_id, f"duplicate {key}{shown}{first}")
            seen[key, value] = line
    rules = tuple(_parse_rule(source, language, table, line, concepts) for table, line in zip(tables, lines))
    return Pack(language=language, description=_text(source, None, header, "description", ""),
                source=source, rules=rules, concepts=tuple(own.values()))


def _rule_lines(text: str, count: int) -> list[int | None]:
    """The line of each ``[[rule]]`` table in a pack's source, for error messages (tomllib gives none).

    None for all when the headers cannot be matched to the tables one to one (rules written as an
    inline array, or a header inside a multi-line string).
    """
    lines = [number for number, line in enumerate(text.split("\n"), 1) if _RULE_HEADER.match(line)]
    return lines if len(lines) == count else [None] * count


def load_pack(path: str | Path) -> Pack:
    """Load a user's pack from a file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(str(path), None, f"cannot read: {getattr(error, 'strerror', None) or error}") from None
    return parse_pack(text, str(path))


def builtin_packs() -> list[Pack]:
    """The packs shipped with the cleaner: ``rules/`` in a checkout, ``cleaner/rules`` in a wheel."""
    folder = resources.files("cleaner") / "rules"
    if not folder.is_dir():
        folder = Path(__file__).resolve().parent.parent / "rules"
    packs = [parse_pack(entry.read_text(encoding="utf-8"), f"rules/{entry.name}")
             for entry in sorted(folder.iterdir(), key=lambda e: e.name) if entry.name.endswith(".toml")]
    check_together(packs)
    return packs


def check_together(packs: list[Pack]) -> None:
    """What holds across the packs used together: rule ids are unique (select/ignore and reports
    name them), and each section's ``confirm`` names at least one of their rules (by id or prefix)."""
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen:
                raise _fail(_where(pack, rule), rule.id, f"id already used in {seen[rule.id]}")
            seen[rule.id] = _where(pack, rule)
    for pack in packs:
        for rule in pack.rules:
            unknown = [wanted for wanted in rule.confirm if not any(known.startswith(wanted) for known in seen)]
            if unknown:
                raise _fail(_where(pack, rule), rule.id, f"'confirm' names no rule: {', '.join(unknown)}")


def _where(pack: Pack, rule: Rule) -> str:
    return f"{pack.source}:{rule.line}" if rule.line else pack.source
