"""Markdown cleaned as Markdown: whole blocks kept byte for byte or removed, never cut.

markdown-it-py parses the document into blocks, each with its source lines. Each prose block
(a paragraph, a heading, a block quote, an item of a list) is read through, as a reader sees it
(list markers, emphasis and link syntax give way to their words), and the :class:`~cleaner.Cleaner`
judges the readings, one line each and a paragraph apart, as it judges any text. Its verdict on a
reading is the block's:

- a removed block goes whole, and the blank lines around it collapse to one;
- code blocks and fences, tables, front matter, HTML blocks, link reference definitions and
  thematic breaks are never handed to the cleaner and never removed;
- a heading goes only when a rule names it (a line rule, or a section rule that starts at it), or
  with its section: when all under it, to the next heading of its level or above, went;
- a trimmed span, or the headline (reported as the title), leaves its block whole: trimming would
  rewrite a block, and in Markdown the headline is a heading.

The guarantee is checked, not assumed: the result is parsed again, and unless its blocks are the
input's blocks less the removed ones (removing a block could join its neighbours into one), the
document comes back unchanged with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .document import Line, split_lines
from .options import Options
from .pipeline import default_cleaner
from .verdicts import Reason, Removal, Result

_PARSER = MarkdownIt("commonmark").enable("table")  # GitHub's tables are common in Markdown files
_FRONT_MATTER_FENCE = regex.compile(r"(?:---|\+\+\+)[ \t]*")
_FIXED = {"fence", "code_block", "html_block", "hr", "table_open"}  # never judged, never removed
_READ = {"text", "code_inline", "image"}  # inline tokens whose content a reader sees
_STRUCTURE_CHANGED = "Markdown: removing its blocks would change the blocks kept; kept unchanged"


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the document: its source lines ``[start, end)`` and what the cleaner may do with it."""

    start: int
    end: int
    kind: str  # "heading", "prose" or "fixed"
    level: int = 0  # a heading's level
    reading: str = ""  # the words a reader sees, on one line
    group: int = -1  # for a list's item, the list's first line


def explain_markdown(text: str, options: Options | None = None, /, *, site: str | None = None,
                     **changes) -> Result:
    """Clean a Markdown document block by block (:func:`cleaner.explain`'s options and result).

    Removals name the source lines of each removed block; the title is reported, never removed.
    """
    lines = split_lines(text)
    blocks = _blocks(text)
    judged = [block for block in blocks if block.kind != "fixed"]
    reading = "\n\n".join(block.reading for block in judged)
    result = default_cleaner(options, **{**changes, "keep_title": True}).explain(reading, site=site)
    if result.warning or not result.removed:
        return replace(result, text=text, removed=())
    verdicts = {judged[(removal.line - 1) // 2]: removal for removal in result.removed if _removes(removal)}
    removed = _with_emptied_sections(blocks, verdicts)
    removed = {block: _in_source(why, judged) for block, why in removed.items()}
    output = _assemble(lines, removed)
    if _signature(output, set()) != _signature(text, {block.start for block in removed}):
        return replace(result, text=text, removed=(), warning=_STRUCTURE_CHANGED)
    removals = tuple(replace(why, line=number + 1, text=lines[number].text)
                     for block, why in sorted(removed.items(), key=lambda item: item[0].start)
                     for number in range(block.start, block.end) if not lines[number].blank)
    return replace(result, text=output, removed=removals)


def clean_markdown(text: str, options: Options | None = None, /, *, site: str | None = None, **changes) -> str:
    """The Markdown document with its chrome blocks removed, every other block byte for byte."""
    return explain_markdown(text, options, site=site, **changes).text


def _in_source(why: Removal, judged: list[Block]) -> Removal:
    """A verdict on a reading, its section's header line given as the line of the source."""
    if why.reason is not Reason.SECTION:
        return why
    header = int(why.detail.removeprefix("line "))
    return replace(why, detail=f"line {judged[(header - 1) // 2].start + 1}")


def _removes(removal: Removal) -> bool:
    """Whether a verdict removes its block: a trim would rewrite it, and the title stays (keep_title)."""
    return removal.reason in (Reason.RULE, Reason.SECTION, Reason.HEURISTIC)


def _names_heading(removal: Removal) -> bool:
    """A heading goes by a rule that matched it, or as the header of a section rule, not by a score."""
    return removal.reason is Reason.RULE or (removal.reason is Reason.SECTION and removal.detail == f"line {removal.line}")


def _with_emptied_sections(blocks: list[Block], verdicts: dict[Block, Removal]) -> dict[Block, Removal]:
    """The blocks to remove: those judged so, except headings no rule named, plus each heading whose
    section (what it heads) went entirely. Read bottom-up, so a subsection's heading is decided first."""
    removed = {block: why for block, why in verdicts.items() if block.kind != "heading" or _names_heading(why)}
    for i in reversed(range(len(blocks))):
        heading = blocks[i]
        if heading.kind != "heading" or heading in removed:
            continue
        section = []
        for block in blocks[i + 1:]:
            if block.kind == "heading" and block.level <= heading.level:
                break
            section.append(block)
        if section and all(block in removed for block in section):
            removed[heading] = Removal(0, "", Reason.HEADING, detail="everything under it went")
    return removed


def _assemble(lines: list[Line], removed: dict[Block, Removal]) -> str:
    """The kept lines byte for byte; where blocks went, the blank lines around them collapse to one
    (none at the start or end of the document)."""
    gone = {number for block in removed for number in range(block.start, block.end)}
    parts: list[str] = []
    pending_blanks: list[str] = []  # blank lines seen since the last kept content line
    after_removal = False
    for number, line in enumerate(lines):
        if number in gone:
            after_removal = True
        elif line.blank:
            pending_blanks.append(line.text + line.ending)
        else:
            if after_removal:
                pending_blanks = pending_blanks[:1] if parts else []
            parts += pending_blanks
            parts.append(line.text + line.ending)
            pending_blanks, after_removal = [], False
    if not after_removal:
        parts += pending_blanks
    return "".join(parts)


def _blocks(text: str) -> list[Block]:
    """The document's blocks in order, list items one by one (front matter is a fixed block)."""
    front = _front_matter(text)
    lines = split_lines(text)
    tokens = _PARSER.parse(_blank_front_matter(text, front))
    blocks = [Block(0, front, "fixed")] if front else []
    group = -1
    for i, token in enumerate(tokens):
        if token.map is None or token.nesting == -1:
            continue
        if token.level == 0 and token.type in ("bullet_list_open", "ordered_list_open"):
            group = token.map[0]
            continue
        is_item = token.type == "list_item_open" and token.level == 1  # an item of a top-level list
        if token.level != 0 and not is_item:
            continue
        start, end = token.map
        while end > start + 1 and lines[end - 1].blank:  # a list item's blank lines separate, not belong
            end -= 1
        inner = _inside(tokens, i)
        reading = " ".join(_read(t) for t in inner if t.type == "inline").strip()
        if token.type in _FIXED or any(t.type in _FIXED for t in inner) or not reading:
            kind, level = "fixed", 0
        elif token.type == "heading_open":
            kind, level = "heading", int(token.tag[1:])
        else:
            kind, level = "prose", 0
        blocks.append(Block(start, end, kind, level, reading, group if is_item else -1))
    return blocks


def _inside(tokens: list[Token], i: int) -> list[Token]:
    """The tokens of the block that opens at ``tokens[i]`` (just it, for a block without a closing token)."""
    if tokens[i].nesting == 0:
        return [tokens[i]]
    depth, j = 0, i
    while True:
        depth += tokens[j].nesting
        if depth == 0:
            return tokens[i : j + 1]
        j += 1


def _read(inline: Token) -> str:
    """What a reader sees of an inline run: words and code, images by their alt text, breaks as spaces."""
    words = []
    for child in inline.children or ():
        if child.type in _READ:
            words.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return " ".join("".join(words).split())


def _front_matter(text: str) -> int:
    """The number of lines of YAML (``---``) or TOML (``+++``) front matter at the start, or 0."""
    lines = split_lines(text)
    if not lines or not _FRONT_MATTER_FENCE.fullmatch(lines[0].text):
        return 0
    fence = lines[0].text.strip()
    for number, line in enumerate(lines[1:], start=1):
        if line.text.strip() == fence or (fence == "---" and line.text.strip() == "..."):
            return number + 1
    return 0


def _blank_front_matter(text: str, front: int) -> str:
    """The text with its front matter's lines emptied, so the parser's line numbers stay the source's."""
    if not front:
        return text
    lines = split_lines(text)
    return "".join(line.ending for line in lines[:front]) + "".join(line.text + line.ending for line in lines[front:])


def _signature(text: str, removed_starts: set[int]) -> list[tuple[str, int, str]]:
    """The document's structure: each block's kind and its content lines, lists opening and closing
    around their items; the blocks starting at ``removed_starts`` left out (and a list left empty)."""
    lines = split_lines(text)
    shape = []
    lists: dict[int, int] = {}  # a list's first line -> its place among the lists kept
    for block in _blocks(text):
        if block.start in removed_starts:
            continue
        content = "\n".join(line.text for line in lines[block.start : block.end] if not line.blank)
        in_list = lists.setdefault(block.group, len(lists)) if block.group >= 0 else -1
        shape.append((block.kind, in_list, content))
    return shape
