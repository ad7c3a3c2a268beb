"""The command line: a filter for shell pipelines, a fixer for files and corpora, the rule catalogue.

    cat page.txt | cleaner | wc -w           cleaner a.txt b.txt > clean.txt
    cleaner --in-place articles/             cleaner --check --diff articles/
    cleaner --jsonl < pages.jsonl > clean.jsonl      cleaner --output-dir clean/ pages/
    cleaner rules    cleaner rules show LK101    cleaner rules test my-rules.toml

Only data goes to stdout (the clean text, JSON, a diff or an explanation); every message goes to
stderr. Exit codes: 0 done, 1 ``--check`` found something to remove (or, with
``--exit-non-zero-on-fix``, a file was rewritten), 2 a usage, configuration or input error, 130 and
143 stopped by a signal. A bad input does not stop the run: it is reported in one line,
``FILE:LINE: problem``, and counted in the exit code at the end. Which files a run reads, and as
what, is :mod:`cleaner.walk`'s and :mod:`cleaner.filetypes`' to decide.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import inspect
import itertools
import json
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import Annotated, Any, BinaryIO, Literal, NoReturn

import typer

import cleaner

from . import atomic, config, corpus, filetypes, options, sites, walk
from .document import split_lines
from .report import ReportWriter, writing
from .rules import (FLAGS, KINDS, Concept, Pack, Rule, RuleError, builtin_concepts, builtin_packs, check_together,
                    load_pack)

_SETTINGS = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                  context_settings=_SETTINGS)
learn_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                        context_settings=_SETTINGS)
SiteField = Annotated[str | None, typer.Option(
    "--site-field", metavar="NAME", show_default=False,
    help="The JSONL field holding a record's URL, whose host is its site [url, else metadata.url].")]
SiteFrom = Annotated[str | None, typer.Option(
    "--site-from", metavar="REGEX", show_default=False,
    help="A pattern whose first group, searched in a file's path, names its site [the file's folder].")]
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


def _start_folder(paths: list[str], stdin_filename: str | None) -> Path:
    """Where to look for the configuration: the folder holding all the inputs (stdin's file where
    it is named), or the current one."""
    named = [stdin_filename if path == walk.STDIN else path for path in paths]
    folders = [os.path.abspath(path) if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
               for path in named if path and path != walk.STDIN]
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
                "removed": [removal.as_json() for removal in result.removed], "warning": result.warning}
    return json.dumps(document, ensure_ascii=False).encode("utf-8") + b"\n"


def _reported(pieces: Iterable[corpus.Piece], writer: ReportWriter, text_field: str) -> Iterator[corpus.Piece]:
    """Pass pieces through, adding each cleaned one to the review page with the text it came from."""
    for piece in pieces:
        if piece.result is not None:
            raw = piece.raw.decode("utf-8")
            source = json.loads(raw)[text_field] if piece.line else None if piece.kind == filetypes.HTML else raw
            writer.add(f"{piece.source}:{piece.line}" if piece.line else piece.source, piece.result, source)
        yield piece


_HTML_IN_PLACE = "--in-place would turn it into text; --output-dir writes the text elsewhere"


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
    report: bool = False
    json_output: bool = False
    fix_exit: bool = False
    quiet: bool = False
    force: bool = False  # rewrite read-only files too
    output_dir: Path | None = None  # write each file's clean output here instead
    out: BinaryIO = field(default_factory=lambda: sys.stdout.buffer)
    errors: int = 0  # inputs or records that could not be cleaned or written
    found: int = 0  # files with something to remove
    fixed: int = 0  # files rewritten
    files: int = 0  # files met
    failed: int = 0  # files not cleaned (an error on the file itself)
    skipped: dict[str, int] = field(default_factory=dict)  # files passed over, by why

    @property
    def writes_data(self) -> bool:
        """The clean text (or JSON) is the output, unless the run only looks: --check, --diff, --explain, --report."""
        return self.json_output or not (self.check or self.diff or self.explain or self.report)

    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if (self.check and self.found) or (self.fix_exit and self.fixed) else 0

    def file(self, item: walk.Input, pieces: Iterator[corpus.Piece]) -> None:
        """Everything for one input: a whole file's one piece, or a JSONL file's records in order."""
        first = next(pieces)
        pieces = itertools.chain([first], pieces)
        if self.in_place and first.kind == filetypes.HTML and not item.named:
            self.skip(walk.Skip(first.source, "html", _HTML_IN_PLACE))
            return
        self.files += 1
        if (self.in_place or self.output_dir) and first.error and not first.line:  # nothing read: nothing to write
            self._fail(first.error)
        elif self.output_dir:
            self._write_to(self._destination(item, first), pieces)
        elif not self.in_place:
            self._show(first.source, pieces, self.out)
        elif first.kind == filetypes.HTML:
            self._fail(f"{first.source}: not rewritten: {_HTML_IN_PLACE}")
        else:
            self._rewrite(first.source, pieces)

    def skip(self, skip: walk.Skip) -> None:
        """A file passed over: a notice (not with --quiet), and a count in the summary."""
        self.skipped[skip.reason] = self.skipped.get(skip.reason, 0) + 1
        self.say(f"{skip.path}: skipped ({skip.reason}{': ' * bool(skip.detail)}{skip.detail})")

    def summary(self) -> str:
        """The closing line: ``3 files cleaned, 12 unchanged, 1 skipped (html)``."""
        done = self.found if self.check else self.fixed if self.in_place else self.files - self.failed
        verb = "would be cleaned" if self.check else "cleaned" if self.in_place else "written"
        unchanged = self.files - self.failed - done if (self.check or self.in_place) else 0
        parts = [f"{done} file{'s' * (done != 1)} {verb}"] + [f"{unchanged} unchanged"] * bool(unchanged)
        parts += [f"{self.failed} failed"] * bool(self.failed)
        parts += [f"{count} skipped ({why})" for why, count in self.skipped.items()]
        return ", ".join(parts)

    def _destination(self, item: walk.Input, piece: corpus.Piece) -> Path:
        """Where --output-dir writes a file: its path under the folder it was found in (a named file:
        its name), an HTML page's with the suffix .txt, since what is written is its text."""
        relative = Path(item.relative)
        return self.output_dir / (relative.with_suffix(".txt") if piece.kind == filetypes.HTML else relative)

    def _write_to(self, destination: Path, pieces: Iterable[corpus.Piece]) -> None:
        try:
            with atomic.Rewrite(destination, allow_empty=True, force=self.force) as target:
                self._show(str(destination), pieces, target)
        except OSError as error:
            self._fail(f"{destination}: cannot write: {error.strerror or error}")

    def _error(self, message: str) -> None:
        self.errors += 1
        print(message, file=sys.stderr)

    def _fail(self, message: str) -> None:
        """An error that leaves a whole file as it was (counted as failed in the summary)."""
        self.failed += 1
        self._error(message)

    def say(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr)

    def _warn(self, piece: corpus.Piece) -> None:
        """A document left unchanged because cleaning it could not be trusted, or a blank line among
        records: a warning, not an error."""
        if piece.notice:
            self.say(piece.notice)
        if piece.result and piece.result.warning:
            where = f"{piece.source}:{piece.line}" if piece.line else piece.source
            self.say(f"{where}: kept unchanged: {piece.result.warning}")

    def _rewrite(self, path: str, pieces: Iterable[corpus.Piece]) -> None:
        try:
            with atomic.Rewrite(path, allow_empty=self.settings.allow_empty, force=self.force) as target:
                for piece in pieces:
                    if piece.error and not piece.line:  # the file broke off while read: leave it as it was
                        raise _Unreadable(piece.error)
                    if piece.error:
                        self._error(piece.error)
                    self._warn(piece)
                    target.write(piece.fixed)
        except _Unreadable as error:
            self._fail(str(error))
        except atomic.EmptyResult:
            self._fail(f"{path}: would become empty; not written (--allow-empty writes it)")
        except atomic.ReadOnly:
            self._fail(f"{path}: read-only; not rewritten (--force rewrites it)")
        except OSError as error:
            self._fail(f"{path}: cannot write: {error.strerror or error}")
        else:
            if target.changed:
                self.fixed += 1
                self.say(f"Fixing {path}")

    def _show(self, source: str, pieces: Iterable[corpus.Piece], out: BinaryIO | atomic.Rewrite) -> None:
        """Write a file's output (the text, JSON, a diff or an explanation) to ``out``."""
        before, after, changed = [], [], False
        for piece in pieces:
            changed = changed or piece.changed
            self._warn(piece)
            if piece.error:
                self._error(piece.error)
                # a bad record passes as the line it was; a bad text file cannot pass into JSON output
                passes = self.settings.on_error == "pass" and (piece.line or not self.json_output)
                if passes and self.writes_data:
                    out.write(piece.raw)
            elif self.writes_data:
                out.write(_as_json(piece) if self.json_output and not piece.line else piece.output)
            if self.explain and piece.result:
                out.write(_explanation(piece))
            if self.diff:
                before.append(piece.raw)
                after.append(piece.fixed)
        if changed:
            self.found += 1
            if self.check:
                self.say(f"would clean {source}")
            if self.diff:
                out.write(_unified_diff(source, b"".join(before), b"".join(after)))



# How the command line writes each kind of option (options.Kind): its type, the flag's extra
# settings, and its value as the configuration file's reader gives it (config.READERS).
_FLAG_KINDS: dict[options.Kind, tuple[type, dict[str, object], Callable[[Any], object]]] = {
    "flag": (bool, {}, bool),
    "ids": (list[str], {}, config.split_ids),  # repeated or comma-separated
    "files": (list[str], {}, tuple),
    "file": (str, {}, str),
    "language": (str, {}, str),
    "count": (int, {"min": 0}, int),
    "seconds": (float, {"min": 0}, float),
    "share": (float, {"min": 0, "max": 1}, float),
}


def _default_shown(kind: options.Kind, value: object) -> str:
    """A number's default in its flag's help: ``[0.25]``, ``[2,000,000]``, ``[none]``."""
    if kind not in ("count", "seconds", "share"):
        return ""
    return " [none]" if value is None else f" [{value:,}]" if isinstance(value, int) else f" [{value:g}]"


def _option_flag(name: str, spec: options.Spec) -> inspect.Parameter:
    """The command line's flag for one of the cleaner's options: ``--KEY`` (``--KEY/--no-KEY`` for a
    flag), None when not given, so that the configuration's value stands."""
    kind, extra, _ = _FLAG_KINDS[spec.kind]
    names = f"--{spec.key}/--no-{spec.key}" if spec.kind == "flag" else f"--{spec.key}"
    default = options.Options.__dataclass_fields__[name].default
    flag = typer.Option(names, metavar=spec.metavar or None, show_default=False,
                        help=spec.help + _default_shown(spec.kind, default), **extra)
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None,
                             annotation=Annotated[kind | None, flag])


def _with_option_flags(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` with a flag for each of the cleaner's options (options.SPECS), which it receives
    in ``option_flags``: by field name, as the configuration file's readers give them, None if not given."""
    own = inspect.signature(command, eval_str=True)
    parameters = [p for p in own.parameters.values() if p.name != "option_flags"]
    parameters += [_option_flag(name, spec) for name, spec in options.SPECS.items()]

    @functools.wraps(command)
    def with_flags(**given: object) -> None:
        flags = {name: given.pop(name) for name in options.SPECS}
        converted = {name: None if value is None else _FLAG_KINDS[options.SPECS[name].kind][2](value)
                     for name, value in flags.items()}
        return command(**given, option_flags=converted)

    del with_flags.__wrapped__  # typer reads the signature below, not the command's own
    with_flags.__signature__ = own.replace(parameters=parameters)
    with_flags.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_flags


@app.command(epilog="The rule catalogue: cleaner rules | cleaner rules show ID | cleaner rules test [FILE]...")
@_with_option_flags
def clean(
    files: Annotated[list[str] | None, typer.Argument(
        metavar="FILE", show_default=False,
        help=("Text, Markdown, HTML or JSONL files, folders (their files of these kinds), "
              "or - for stdin (the default)."))] = None,
    in_place: Annotated[bool, typer.Option(
        "--in-place", "-i", help="Rewrite the files instead of printing.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 if something would be removed.")] = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Print a unified diff of what would go, instead of the text.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help=(
        "Print every removed line, FILE:LINE: RULE or heuristic score: TEXT, instead of the text."))] = False,
    report_file: Annotated[Path | None, typer.Option(
        "--report", metavar="FILE", show_default=False,
        help="Write a review page (HTML), every line with the removed ones struck through, instead of the text.")] = None,
    output_format: Annotated[Literal["text", "json"], typer.Option(
        "--format", help="json: one object per file with text, title, language and the removed lines.")] = "text",
    jsonl: Annotated[bool, typer.Option(
        "--jsonl", help="Read every input as JSONL (*.jsonl files always are); write JSONL.")] = False,
    html: Annotated[bool, typer.Option(
        "--html", help="Read every input as HTML (*.html files, and text that is markup, always are).")] = False,
    output_dir: Annotated[Path | None, typer.Option(
        "--output-dir", "-o", metavar="DIR", show_default=False,
        help="Write each file's clean output under DIR (an HTML page's text as NAME.txt).")] = None,
    stdin_filename: Annotated[str | None, typer.Option(
        "--stdin-filename", metavar="NAME", show_default=False,
        help="The name of the file stdin holds: its kind, its configuration, its name in messages.")] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", metavar="GLOB", show_default=False,
        help="Paths a folder's walk passes over (gitignore globs), instead of the defaults (hidden, venv, ...).")] = None,
    extend_exclude: Annotated[list[str] | None, typer.Option(
        "--extend-exclude", metavar="GLOB", show_default=False, help="More paths to pass over.")] = None,
    force_exclude: Annotated[bool, typer.Option(
        "--force-exclude", help="Apply the excludes to files named on the command line too (for hooks).")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="With --in-place or --output-dir: rewrite read-only files too.")] = False,
    text_field: Annotated[str | None, typer.Option(
        "--text-field", metavar="NAME", show_default=False, help="The JSONL field holding the text [text].")] = None,
    allow_empty: Annotated[bool | None, typer.Option(
        "--allow-empty/--no-allow-empty", show_default=False,
        help="Let --in-place empty a file (refused by default).")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=0, metavar="N", show_default=False,
        help="Clean in N processes, output in input order; 0: one per CPU [1].")] = None,
    on_error: Annotated[Literal["skip", "pass"] | None, typer.Option(
        "--on-error", show_default=False,
        help="A bad file or record is reported, then left out (skip) or written as it was (pass) [skip].")] = None,
    fix_exit: Annotated[bool, typer.Option(
        "--exit-non-zero-on-fix", help="With --in-place: exit 1 if a file was rewritten.")] = False,
    learn_sites: Annotated[bool, typer.Option(
        "--learn-sites", help="Learn the sites' templates from the inputs first, then clean them (files, not stdin).")
    ] = False,
    site_field: SiteField = None,
    site_from: SiteFrom = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE", help="Use this .cleaner.toml or pyproject.toml, not the nearest one.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No messages but errors.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True, help="Print the version and exit.")] = False,
    option_flags: dict[str, object] | None = None,
) -> None:
    """Remove the chrome a scraper left in article text and print the clean body."""
    json_output = output_format == "json"
    if (in_place or output_dir) and (check or diff or explain or json_output or report_file):
        writes = "--in-place" if in_place else "--output-dir"
        _die(f"cleaner: {writes} writes files; --check, --diff, --explain, --report and --format json only look")
    if json_output and (diff or explain):
        _die("cleaner: --format json already lists the removed lines; leave out --diff and --explain")
    if jsonl and html:
        _die("cleaner: --jsonl and --html: an input is one or the other")
    if in_place and output_dir:
        _die("cleaner: --in-place rewrites files, --output-dir writes them elsewhere: one or the other")
    paths = files or [walk.STDIN]
    if (in_place or output_dir) and walk.STDIN in paths:
        _die("cleaner: --in-place and --output-dir need files to write, not stdin")
    if paths.count(walk.STDIN) > 1:
        _die("cleaner: stdin (-) can be read only once")
    if learn_sites and (option_flags["profile"] or walk.STDIN in paths):
        _die("cleaner: --learn-sites reads the inputs twice, for their own profile: name files, and no --profile")
    flags = {
        **option_flags, "allow_empty": allow_empty, "text_field": text_field, "jobs": jobs, "on_error": on_error,
        "exclude": tuple(exclude) if exclude is not None else None,
        "extend_exclude": tuple(extend_exclude) if extend_exclude is not None else None,
        "site_field": site_field, "site_from": site_from,
    }
    try:
        settings = config.resolve(flags, config_file or config.find(_start_folder(paths, stdin_filename)))
        # Builds the shared Cleaner, which checks every option: a bad pack or option stops the run here.
        cleaner.default_cleaner(settings.options)
    except (config.ConfigError, RuleError, sites.ProfileError) as error:
        _die(str(error))
    except (TypeError, ValueError) as error:  # an option the Cleaner refuses (cleaner.options)
        _die(f"cleaner: {error}")

    found = walk.Walk(settings.exclude, settings.extend_exclude, force_exclude)
    inputs, skipped = found.expand(paths, stdin_filename)
    forced = filetypes.JSONL if jsonl else filetypes.HTML if html else None
    located = settings.options.profile or learn_sites
    job = corpus.Job(settings.options, settings.text_field, _locator(settings) if located else None,
                     details=explain or json_output or bool(report_file))
    scratch = contextlib.ExitStack()
    if learn_sites:  # the workers get the profile's path, not the profile pickled with every chunk
        profile_path = os.path.join(scratch.enter_context(tempfile.TemporaryDirectory()), "sites.profile")
        learner = corpus.learn(corpus.units(inputs, forced), job, settings.workers)
        learned = learner.profile()
        learned.save(profile_path)
        job = replace(job, options=replace(job.options, profile=profile_path))
        if not quiet:
            print(_learned(learner, learned), file=sys.stderr)
    pieces = corpus.clean_all(corpus.units(inputs, forced, stdin_filename or corpus.STDIN_NAME), job,
                              settings.workers)
    is_corpus = len(inputs) > 1 or any(item.kind == filetypes.JSONL for item in inputs) or jsonl
    if is_corpus and sys.stderr.isatty() and not quiet:
        pieces = corpus.with_progress(pieces, corpus.total_bytes(inputs))
    run = _Run(settings, in_place=in_place, check=check, diff=diff, explain=explain, report=bool(report_file),
               json_output=json_output, fix_exit=fix_exit, quiet=quiet, force=force, output_dir=output_dir)
    for skip in skipped:
        run.skip(skip)
    with contextlib.ExitStack() as stack:
        if report_file:
            try:  # the page is written when the run ends; one that cannot be written stops the run first
                writer = stack.enter_context(writing(report_file))
            except OSError as error:
                _die(f"{report_file}: cannot write: {error.strerror or error}")
            pieces = _reported(pieces, writer, settings.text_field)
        for index, file_pieces in itertools.groupby(pieces, key=attrgetter("file")):
            run.file(inputs[index], file_pieces)
    run.out.flush()
    scratch.close()
    if (in_place or check or output_dir) and paths != [walk.STDIN]:
        run.say(run.summary())
    raise typer.Exit(run.exit_code())


def _locator(settings: config.Settings) -> sites.Locator:
    try:
        return sites.Locator(settings.site_field, settings.site_from)
    except ValueError as error:
        _die(f"cleaner: --site-from {error}")


def _learned(learner: sites.Learner, profile: sites.Profile) -> str:
    def counted(n: int, what: str) -> str:
        return f"{n:,} {what}{'s' * (n != 1)}"
    return (f"learned {counted(len(profile), 'template line')} of {counted(len(profile.sites), 'site')} from "
            f"{counted(learner.pages, 'page')} ({counted(learner.small_sites, 'site')} with fewer than "
            f"{learner.min_pages} pages)")


@learn_app.command()
def learn(
    files: Annotated[list[str], typer.Argument(
        metavar="FILE...", help="Text, Markdown or JSONL files, or folders of them: the corpus to learn from.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="PROFILE", help="The profile file to write (JSON Lines).")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read every input as JSONL.")] = False,
    text_field: Annotated[str | None, typer.Option(
        "--text-field", metavar="NAME", show_default=False, help="The JSONL field holding the text [text].")] = None,
    site_field: SiteField = None,
    site_from: SiteFrom = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=0, metavar="N", show_default=False,
        help="Read the pages in N processes (the same profile); 0: one per CPU [1].")] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE", help="Use this .cleaner.toml or pyproject.toml, not the nearest one.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No messages but errors.")] = False,
) -> None:
    """Learn each site's template (lines on most of its pages) from a corpus, for --profile."""
    if walk.STDIN in files:
        _die("cleaner learn: name files or folders; the profile is for cleaning them afterwards")
    flags = {"text_field": text_field, "site_field": site_field, "site_from": site_from, "jobs": jobs}
    try:
        settings = config.resolve(flags, config_file or config.find(_start_folder(files, None)))
    except config.ConfigError as error:
        _die(str(error))
    inputs, _ = walk.Walk(settings.exclude, settings.extend_exclude, False).expand(files, None)
    job = corpus.Job(text_field=settings.text_field, locator=_locator(settings))
    learner = corpus.learn(corpus.units(inputs, filetypes.JSONL if jsonl else None), job, settings.workers)
    profile = learner.profile()
    try:
        profile.save(output)
    except OSError as error:
        _die(f"{output}: cannot write: {error.strerror or error}")
    if not quiet:
        print(_learned(learner, profile), file=sys.stderr)


ExtraPacks = Annotated[list[str] | None, typer.Option(
    "--rules", metavar="FILE", help="Extra rule packs (TOML), instead of those the configuration names.")]


def _catalogue(extra: list[str] | None) -> list[Pack]:
    """Every pack: the built-in ones, and the extra packs named here or in the configuration."""
    try:
        settings = config.resolve({"rule_files": tuple(extra) if extra is not None else None}, config.find(Path.cwd()))
        return _load_packs(settings.options.rule_files)
    except (config.ConfigError, RuleError) as error:
        _die(str(error))


def _concepts(packs: list[Pack]) -> dict[str, Concept]:
    return builtin_concepts() | {concept.name: concept for pack in packs for concept in pack.concepts}


@rules_app.callback(invoke_without_command=True)
def rules_list(context: typer.Context, rules: ExtraPacks = None) -> None:
    """List every rule: id, kind, language (* for all), name and description."""
    if context.invoked_subcommand is not None:
        context.obj = rules  # `cleaner rules --rules X show ID` / `test`: the packs named before the command
        return
    for pack in _catalogue(rules):
        for rule in pack.rules:
            print(f"{rule.id}  {rule.kind:<7}  {rule.language:<3}  {rule.name}: {rule.description}")


def _describe(rule: Rule) -> str:
    flags = [name for name, flag in FLAGS.items() if rule.pattern.flags & flag]
    until = f", to the {rule.until}" if rule.kind == "section" else ""
    lines = [rule.label, rule.description, "",
             f"concept    {rule.concept}",
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
def rules_show(context: typer.Context, rule_id: Annotated[str, typer.Argument(metavar="ID")],
               rules: ExtraPacks = None) -> None:
    """Print one rule with its pattern and its examples; given a concept, each of its rules, every language's."""
    packs = _catalogue(rules if rules is not None else context.obj)
    found = [rule for pack in packs for rule in pack.rules if rule_id.upper() == rule.id or rule_id == rule.concept]
    if not found:
        _die(f"cleaner: no rule or concept {rule_id!r} (cleaner rules and cleaner rules concepts list them)")
    concept = _concepts(packs).get(rule_id)
    heading = [f"{concept.name} ({concept.category}): {concept.description}"] if concept else []
    print("\n\n".join(heading + [_describe(rule) for rule in found]))


@rules_app.command("concepts")
def rules_concepts(context: typer.Context, rules: ExtraPacks = None) -> None:
    """List every concept: name, category, the ids of its rules in every pack, description."""
    packs = _catalogue(rules if rules is not None else context.obj)
    ids: dict[str, list[str]] = {}
    for rule in (rule for pack in packs for rule in pack.rules):
        ids.setdefault(rule.concept, []).append(rule.id)
    for concept in _concepts(packs).values():
        listed = " ".join(sorted(ids.get(concept.name, ["-"])))
        print(f"{concept.name}  {concept.category}  {listed}: {concept.description}")


@rules_app.command("test")
def rules_test(context: typer.Context,
               files: Annotated[list[str] | None, typer.Argument(metavar="[FILE]...", show_default=False)] = None,
               ) -> None:
    """Run rule packs' own examples: the built-in packs, or the files named (here or with --rules).

    A named pack is checked beside the built-in packs it is used with, as a run would: its ids must
    be new and its sections' ``confirm`` must name their rules or its own. Exit 1 when a pack fails
    (a bad rule or a failing example; the first one is reported), 2 when a file cannot be read.
    """
    files = files or context.obj
    for path in files or []:
        if not os.path.isfile(path):
            _die(f"{path}: no such file")
    failed = False
    builtin = builtin_packs()
    for path in files or [None]:
        try:
            packs = [load_pack(path)] if path else builtin
            check_together(builtin + packs if path else packs)
        except RuleError as error:
            print(error, file=sys.stderr)
            failed = True
            continue
        for pack in packs:
            examples = sum(len(rule.remove) + len(rule.keep) for rule in pack.rules)
            print(f"{pack.source}: {len(pack.rules)} rules, {examples} examples pass")
    raise typer.Exit(1 if failed else 0)


_UsageError = typer.BadParameter.__mro__[1]  # click's UsageError (typer may carry its own click)


class _Stopped(BaseException):
    """SIGINT or SIGTERM, raised where the process is, so that a rewrite under way removes its
    temporary file (a BaseException: no ``except Exception`` on the way takes it for a failure)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> NoReturn:
    raise _Stopped(signum)


def _usage_error(error: Exception, prog: str) -> str:
    """A usage error in the project's words, on one line: what was wrong and what the option takes."""
    param = getattr(error, "param", None)
    if isinstance(error, typer.BadParameter) and getattr(param, "param_type_name", "") == "option":
        option = max(param.opts, key=len)
        expected = config.expected(option.lstrip("-")) or error.format_message().split(": ", 1)[-1]
        return f"{prog}: {option}: {expected.removeprefix('Value error, ')}"
    message = " ".join(error.format_message().split())
    return f"{prog}: {message[:1].lower()}{message[1:]}"


def main() -> None:
    """The ``cleaner`` console script: ``cleaner rules ...`` is the catalogue, ``cleaner learn ...``
    learns a site profile, anything else the filter.

    (A file named ``rules`` or ``learn`` is read as ``./rules``, ``./learn``.) Usage errors are one line and exit 2; a run
    stopped by SIGINT (Ctrl-C) or SIGTERM ends with 130 or 143, the rewrite under way left undone.
    """
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    args = sys.argv[1:]
    command, prog = {"rules": (rules_app, "cleaner rules"), "learn": (learn_app, "cleaner learn")}.get(
        args[0] if args else "", (app, "cleaner"))
    try:
        code = command(args if command is app else args[1:], prog_name=prog, standalone_mode=False)
    except _UsageError as error:
        print(_usage_error(error, prog), file=sys.stderr)
        code = 2
    except _Stopped as stop:
        print(f"{prog}: stopped by {signal.Signals(stop.signum).name}", file=sys.stderr)
        code = 128 + stop.signum
    sys.exit(code or 0)


if __name__ == "__main__":
    main()
