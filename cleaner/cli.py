"""The command line: a filter for shell pipelines, a fixer for files and corpora, the rule catalogue.

    cat page.txt | cleaner | wc -w           cleaner a.txt b.txt > clean.txt
    cleaner --in-place articles/             cleaner --check --diff articles/
    cleaner --jsonl < pages.jsonl > clean.jsonl
    cleaner rules    cleaner rules show LK101    cleaner rules test my-rules.toml

Only data goes to stdout (the clean text, JSON, a diff or an explanation); every message goes to
stderr. Exit codes: 0 done, 1 ``--check`` found something to remove (or, with
``--exit-non-zero-on-fix``, a file was rewritten), 2 a usage, configuration or input error. A bad
input does not stop the run: it is reported in one line, ``FILE:LINE: problem``, and counted in the
exit code at the end.
"""

from __future__ import annotations

import difflib
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Annotated, BinaryIO, Literal, NoReturn

import typer

import cleaner

from . import atomic, config, corpus
from .document import split_lines
from .rules import FLAGS, KINDS, Pack, Rule, RuleError, builtin_packs, load_pack

_SETTINGS = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                  context_settings=_SETTINGS)
rules_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                        context_settings=_SETTINGS)


def _die(message: str) -> NoReturn:
    """A usage, configuration or rule-pack error: one line on stderr, exit code 2."""
    print(message, file=sys.stderr)
    raise typer.Exit(2)


def _show_version(value: bool) -> None:
    if value:
        print(f"article-cleaner {cleaner.__version__}")
        raise typer.Exit()


def _load_packs(rule_files: Iterable[str]) -> list[Pack]:
    return builtin_packs() + [load_pack(path) for path in rule_files]


def _start_folder(inputs: list[str]) -> Path:
    """Where to look for the configuration: the folder holding all the inputs, or the current one."""
    folders = [os.path.dirname(os.path.abspath(path)) for path in inputs if path != corpus.STDIN]
    return Path(os.path.commonpath(folders)) if folders else Path.cwd()


def _unified_diff(source: str, before: bytes, after: bytes) -> bytes:
    old, new = ([line.text + line.ending for line in split_lines(data.decode("utf-8", "replace"))]
                for data in (before, after))
    lines = difflib.unified_diff(old, new, source, source)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                   for line in lines).encode("utf-8")


def _explanation(piece: corpus.Piece) -> bytes:
    """``FILE:LINE: why: text`` for every removed line (in a JSONL file, LINE is the record's line)."""
    return "".join(f"{piece.source}:{piece.location(removal)}: {removal.describe()}: {removal.text}\n"
                   for removal in piece.result.removed).encode("utf-8", "backslashreplace")


def _as_json(piece: corpus.Piece) -> bytes:
    result = piece.result
    document = {"file": piece.source, "text": result.text, "title": result.title, "language": result.language,
                "removed": [asdict(removal) for removal in result.removed], "warning": result.warning}
    return json.dumps(document, ensure_ascii=False).encode("utf-8") + b"\n"


class _Unreadable(Exception):
    """An input that could not be read to its end: rewriting it would lose the rest."""


@dataclass
class _Run:
    """One run over the inputs: what it writes for each file, and what it met on the way."""

    settings: config.Settings
    in_place: bool = False
    check: bool = False
    diff: bool = False
    explain: bool = False
    json_output: bool = False
    fix_exit: bool = False
    quiet: bool = False
    out: BinaryIO = field(default_factory=lambda: sys.stdout.buffer)
    errors: int = 0  # inputs or records that could not be cleaned or written
    found: int = 0  # files with something to remove
    fixed: int = 0  # files rewritten

    @property
    def writes_data(self) -> bool:
        """The clean text (or JSON) is the output, unless the run only looks: --check, --diff, --explain."""
        return self.json_output or not (self.check or self.diff or self.explain)

    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if (self.check and self.found) or (self.fix_exit and self.fixed) else 0

    def file(self, pieces: Iterator[corpus.Piece]) -> None:
        """Everything for one input: a text file's one piece, or a JSONL file's records in order."""
        first = next(pieces)
        pieces = itertools.chain([first], pieces)
        if not self.in_place:
            self._show(first.source, pieces)
        elif first.error and not first.line:  # the file could not be read or decoded: nothing to rewrite
            self._error(first.error)
        else:
            self._rewrite(first.source, pieces)

    def _error(self, message: str) -> None:
        self.errors += 1
        print(message, file=sys.stderr)

    def _say(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr)

    def _warn(self, piece: corpus.Piece) -> None:
        """A document left unchanged because cleaning it could not be trusted: a warning, not an error."""
        if piece.result and piece.result.warning:
            where = f"{piece.source}:{piece.line}" if piece.line else piece.source
            self._say(f"{where}: kept unchanged: {piece.result.warning}")

    def _rewrite(self, path: str, pieces: Iterable[corpus.Piece]) -> None:
        try:
            with atomic.Rewrite(path, allow_empty=self.settings.allow_empty) as target:
                for piece in pieces:
                    if piece.error and not piece.line:  # the file broke off while read: leave it as it was
                        raise _Unreadable(piece.error)
                    if piece.error:
                        self._error(piece.error)
                    self._warn(piece)
                    target.write(piece.fixed)
        except _Unreadable as error:
            self._error(str(error))
        except atomic.EmptyResult:
            self._error(f"{path}: would become empty; not written (--allow-empty writes it)")
        except OSError as error:
            self._error(f"{path}: cannot write: {error.strerror or error}")
        else:
            if target.changed:
                self.fixed += 1
                self._say(f"Fixing {path}")

    def _show(self, source: str, pieces: Iterable[corpus.Piece]) -> None:
        before, after, changed = [], [], False
        for piece in pieces:
            changed = changed or piece.changed
            self._warn(piece)
            if piece.error:
                self._error(piece.error)
                # a bad record passes as the line it was; a bad text file cannot pass into JSON output
                passes = self.settings.on_error == "pass" and (piece.line or not self.json_output)
                if passes and self.writes_data:
                    self.out.write(piece.raw)
            elif self.writes_data:
                self.out.write(_as_json(piece) if self.json_output and not piece.line else piece.output)
            if self.explain and piece.result:
                self.out.write(_explanation(piece))
            if self.diff:
                before.append(piece.raw)
                after.append(piece.fixed)
        if changed:
            self.found += 1
            if self.check:
                self._say(f"would clean {source}")
            if self.diff:
                self.out.write(_unified_diff(source, b"".join(before), b"".join(after)))


@app.command(epilog="The rule catalogue: cleaner rules | cleaner rules show ID | cleaner rules test [FILE]...")
def clean(
    files: Annotated[list[str] | None, typer.Argument(
        metavar="FILE", show_default=False,
        help="Text or JSONL files, folders (their .txt, .md and .jsonl files), or - for stdin (the default).")] = None,
    in_place: Annotated[bool, typer.Option(
        "--in-place", "-i", help="Rewrite the files instead of printing.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 if something would be removed.")] = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Print a unified diff of what would go, instead of the text.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help=(
        "Print every removed line, FILE:LINE: RULE or heuristic score: TEXT, instead of the text."))] = False,
    output_format: Annotated[Literal["text", "json"], typer.Option(
        "--format", help="json: one object per file with text, title, language and the removed lines.")] = "text",
    jsonl: Annotated[bool, typer.Option(
        "--jsonl", help="Read every input as JSONL (*.jsonl files always are); write JSONL.")] = False,
    text_field: Annotated[str | None, typer.Option(
        "--text-field", metavar="NAME", show_default=False, help="The JSONL field holding the text [text].")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="CODE", help="The language (ISO 639-1), instead of detecting it.")] = None,
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="ID", help="Use only these rules: ids or prefixes, repeated or comma-separated.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="ID", help="Leave out these rules: ids or prefixes.")] = None,
    rules: Annotated[list[str] | None, typer.Option(
        "--rules", metavar="FILE", help="An extra rule pack (TOML); repeatable.")] = None,
    keep_title: Annotated[bool | None, typer.Option(
        "--keep-title/--no-keep-title", show_default=False, help="Keep the headline in the text.")] = None,
    keep_comments: Annotated[bool | None, typer.Option(
        "--keep-comments/--no-keep-comments", show_default=False, help="Keep user comment sections.")] = None,
    allow_empty: Annotated[bool | None, typer.Option(
        "--allow-empty/--no-allow-empty", show_default=False,
        help="Let --in-place empty a file (refused by default).")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=0, metavar="N", show_default=False,
        help="Clean in N processes, output in input order; 0: one per CPU [1].")] = None,
    time_budget: Annotated[float | None, typer.Option(
        "--time-budget", min=0, metavar="SECONDS", show_default=False,
        help="Leave a document unchanged (with a warning) if cleaning it takes longer; 0: no limit [none].")] = None,
    min_prose_kept: Annotated[float | None, typer.Option(
        "--min-prose-kept", min=0, max=1, metavar="SHARE", show_default=False,
        help="Leave a document unchanged (with a warning) if less of its prose would remain; 0: off [0.25].")] = None,
    on_error: Annotated[Literal["skip", "pass"] | None, typer.Option(
        "--on-error", show_default=False,
        help="A bad file or record is reported, then left out (skip) or written as it was (pass) [skip].")] = None,
    fix_exit: Annotated[bool, typer.Option(
        "--exit-non-zero-on-fix", help="With --in-place: exit 1 if a file was rewritten.")] = False,
    config_file: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE", help="Use this .cleaner.toml or pyproject.toml, not the nearest one.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No messages but errors.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Remove the chrome a scraper left in article text and print the clean body."""
    json_output = output_format == "json"
    if in_place and (check or diff or explain or json_output):
        _die("cleaner: --in-place rewrites files; --check, --diff, --explain and --format json only print")
    if json_output and (diff or explain):
        _die("cleaner: --format json already lists the removed lines; leave out --diff and --explain")
    inputs = corpus.expand(files or [corpus.STDIN])
    if in_place and corpus.STDIN in inputs:
        _die("cleaner: --in-place needs files to rewrite, not stdin")
    if inputs.count(corpus.STDIN) > 1:
        _die("cleaner: stdin (-) can be read only once")
    flags = {
        "select": config.split_ids(select) if select is not None else None,
        "ignore": config.split_ids(ignore) if ignore is not None else None,
        "rules": tuple(rules) if rules is not None else None,
        "lang": lang, "keep_title": keep_title, "keep_comments": keep_comments, "allow_empty": allow_empty,
        "text_field": text_field, "jobs": jobs, "on_error": on_error, "time_budget": time_budget,
        "min_prose_kept": min_prose_kept,
    }
    try:
        settings = config.resolve(flags, config_file or config.find(_start_folder(inputs)))
        # Builds the shared Cleaner, which checks every option: a bad pack or option stops the run here.
        cleaner.clean("", **settings.cleaner_options())
    except (config.ConfigError, RuleError) as error:
        _die(str(error))
    except (TypeError, ValueError) as error:  # an option the Cleaner refuses (cleaner.options)
        _die(f"cleaner: {error}")

    job = corpus.Job(tuple(settings.cleaner_options().items()), settings.text_field)
    pieces = corpus.clean_all(corpus.units(inputs, jsonl), job, settings.workers)
    is_corpus = len(inputs) > 1 or jsonl or any(path.endswith(".jsonl") for path in inputs)
    if is_corpus and sys.stderr.isatty() and not quiet:
        pieces = corpus.with_progress(pieces, corpus.total_bytes(inputs))
    run = _Run(settings, in_place=in_place, check=check, diff=diff, explain=explain, json_output=json_output,
               fix_exit=fix_exit, quiet=quiet)
    for _, file_pieces in itertools.groupby(pieces, key=attrgetter("file")):
        run.file(file_pieces)
    run.out.flush()
    raise typer.Exit(run.exit_code())


ExtraPacks = Annotated[list[str] | None, typer.Option(
    "--rules", metavar="FILE", help="Extra rule packs (TOML), instead of those the configuration names.")]


def _catalogue(extra: list[str] | None) -> list[Rule]:
    """Every rule: the built-in packs', and those of the extra packs named here or in the configuration."""
    try:
        settings = config.resolve({"rules": tuple(extra) if extra is not None else None}, config.find(Path.cwd()))
        return [rule for pack in _load_packs(settings.rules) for rule in pack.rules]
    except (config.ConfigError, RuleError) as error:
        _die(str(error))


@rules_app.callback(invoke_without_command=True)
def rules_list(context: typer.Context, rules: ExtraPacks = None) -> None:
    """List every rule: id, kind, language (* for all), name and description."""
    if context.invoked_subcommand is not None:
        return
    for rule in _catalogue(rules):
        print(f"{rule.id}  {rule.kind:<7}  {rule.language:<3}  {rule.name}: {rule.description}")


def _describe(rule: Rule) -> str:
    flags = [name for name, flag in FLAGS.items() if rule.pattern.flags & flag]
    until = f", to the {rule.until}" if rule.kind == "section" else ""
    lines = [rule.label, rule.description, "",
             f"kind       {rule.kind}: {KINDS[rule.kind]}{until}",
             f"zone       {rule.zone}",
             f"language   {rule.language} ({rule.source})",
             f"pattern    {rule.pattern.pattern}"]
    lines += [f"flags      {', '.join(flags)}"] if flags else []
    lines += [f"max words  {rule.max_words}"] if rule.max_words else []
    lines += ["", "removes"]
    arrows = [f"  ->  {kept}" for kept in rule.trimmed] or [""] * len(rule.remove)  # what a span rule leaves
    lines += [f"  {text}{arrow}" for text, arrow in zip(rule.remove, arrows, strict=True)]
    lines += ["keeps"] + [f"  {text}" for text in rule.keep]
    return "\n".join(lines)


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(metavar="ID")], rules: ExtraPacks = None) -> None:
    """Print one rule with its pattern and its examples."""
    found = [rule for rule in _catalogue(rules) if rule.id == rule_id.upper()]
    if not found:
        _die(f"cleaner: no rule {rule_id!r} (cleaner rules lists them)")
    print(_describe(found[0]))


@rules_app.command("test")
def rules_test(files: Annotated[list[str] | None, typer.Argument(metavar="[FILE]...", show_default=False)] = None,
               ) -> None:
    """Run rule packs' own examples: the built-in packs, or the files named.

    Exit 1 when a pack fails (a bad rule or a failing example; the first one is reported), 2 when
    a file cannot be read.
    """
    for path in files or []:
        if not os.path.isfile(path):
            _die(f"{path}: no such file")
    failed = False
    for path in files or [None]:
        try:
            packs = [load_pack(path)] if path else builtin_packs()
        except RuleError as error:
            print(error, file=sys.stderr)
            failed = True
            continue
        for pack in packs:
            examples = sum(len(rule.remove) + len(rule.keep) for rule in pack.rules)
            print(f"{pack.source}: {len(pack.rules)} rules, {examples} examples pass")
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    """The ``cleaner`` console script: ``cleaner rules ...`` is the catalogue, anything else the filter.

    (A file named ``rules`` is read as ``./rules``.)
    """
    args = sys.argv[1:]
    if args[:1] == ["rules"]:
        rules_app(args[1:], prog_name="cleaner rules")
    else:
        app(args, prog_name="cleaner")


if __name__ == "__main__":
    main()
