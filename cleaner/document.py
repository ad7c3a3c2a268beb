"""Split text into lines with their own endings, and put kept lines back together.

The cleaner never rewrites the text it keeps: a kept line comes out byte for byte as it went in,
with the input's own line endings (``\\n``, ``\\r\\n`` or a lone ``\\r``) and paragraph separators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_END = re.compile(r"\r\n|\r|\n")
CLOSERS = "\"'\u201d\u2019)]"  # the quotes and brackets that may close a sentence after its mark
CLOSING = CLOSERS + "\u00bb "  # what may follow a line's last sentence mark: those, a French quote, spaces
SENTENCE_ENDS = (".", "!", "?", "\u2026", "\u3002", "\uff01", "\uff1f")  # the last three: Chinese and Japanese


def ends_with(text: str, marks: tuple[str, ...] = SENTENCE_ENDS) -> bool:
    """Whether a line's last mark, past the quotes, brackets and spaces that may close it, is one of
    ``marks``: by default, whether the line ends a sentence. Sections, the headline and hard-wrapped
    lines ask it; the features read the same marks more narrowly (features.py says why)."""
    return text.rstrip().rstrip(CLOSING).endswith(marks)


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line of the input: its text without the ending, and the ending itself."""

    text: str
    ending: str

    @property
    def blank(self) -> bool:
        """Blank lines are layout (paragraph separators), never content to judge."""
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    """Split on ``\\r\\n``, ``\\r`` and ``\\n`` only (not on the other characters str.splitlines knows)."""
    if "\r" not in text:  # "\n" alone: str.split finds them faster than the pattern
        *ended, last = text.split("\n")
        return [Line(line, "\n") for line in ended] + ([Line(last, "")] if last else [])
    lines: list[Line] = []
    start = 0
    for match in _LINE_END.finditer(text):
        lines.append(Line(text[start : match.start()], match.group()))
        start = match.end()
    if start < len(text):
        lines.append(Line(text[start:], ""))
    return lines


def assemble(text: str, lines: list[Line], kept: list[bool], edits: dict[int, str]) -> str:
    """Join the kept content lines, byte-identical and in order.

    ``kept[i]`` says whether content line ``i`` stays (blank lines are ignored there); ``edits``
    maps a line index to its trimmed text. Where nothing was removed the input comes back as it
    was. Otherwise the output runs from the first to the last kept line; where lines were removed
    between two kept ones, the blank lines among them collapse into one separator; the output ends
    with a line ending only where the input did.
    """
    content = [i for i, line in enumerate(lines) if not line.blank]
    if not edits and all(kept[i] for i in content):
        return text
    kept_lines = [i for i in content if kept[i]]
    if not kept_lines:
        return ""
    parts: list[str] = []
    for here, there in zip(kept_lines, kept_lines[1:]):
        parts.append(edits.get(here, lines[here].text))
        between = range(here + 1, there)
        if any(not lines[i].blank for i in between):
            blanks = [lines[i] for i in between if lines[i].blank]
            parts.append(lines[here].ending + (blanks[0].text + blanks[0].ending if blanks else ""))
        else:
            parts.append(lines[here].ending + "".join(lines[i].text + lines[i].ending for i in between))
    last = kept_lines[-1]
    parts.append(edits.get(last, lines[last].text))
    if lines[-1].ending:  # only the final line can lack an ending, so the last kept one has one
        parts.append(lines[last].ending)
    return "".join(parts)
