"""A JSONL record changed in place: new values spliced into the line, every other byte kept.

Loading a record and dumping it again is lossy: ``1e400`` becomes ``Infinity`` (not JSON),
``1E5`` becomes ``100000.0``, ``1.10`` becomes ``1.1``, a 30-digit number may be rounded by the
reader downstream, and of two equal keys one is dropped. So a record is never re-serialized:
its top-level members are located in the original line, and only the values that change (the
text field, the ``cleaner`` entry) are replaced or appended::

    Record.parse('{"id": 1E5, "text": "Ad. Body."}').with_values({"text": "Body.", "cleaner": {}})
    -> '{"id": 1E5, "text": "Body.", "cleaner": {}}'
"""

from __future__ import annotations

import json
from dataclasses import dataclass

_WHITESPACE = " \t\n\r"


@dataclass(frozen=True, slots=True)
class Number:
    """A number (or NaN, Infinity) as its own text: never converted, so never rounded (and Python
    refuses ints of over 4,300 digits); a value is only ever copied, never re-written."""

    text: str


_DECODER = json.JSONDecoder(parse_float=Number, parse_int=Number, parse_constant=Number)


class NotARecord(ValueError):
    """The line is not a JSON object; the message says why (``not valid JSON: ... (column 3)``)."""


@dataclass(frozen=True, slots=True)
class Member:
    """One top-level ``"key": value`` of a record, with where its value's text starts and ends."""

    key: str
    value: object  # decoded, numbers as Number
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Record:
    """A JSON object as found on one line: its text and its top-level members in order."""

    line: str
    members: tuple[Member, ...]
    closing: int  # where the closing brace is

    @classmethod
    def parse(cls, line: str) -> Record:
        """Read a line holding one JSON object (and nothing else but whitespace)."""
        try:
            return cls._parse(line)
        except json.JSONDecodeError as error:
            raise NotARecord(f"not valid JSON: {error.msg} (column {error.colno})") from None

    @classmethod
    def _parse(cls, line: str) -> Record:
        at = _skip(line, 0)
        if not line.startswith("{", at):
            _DECODER.decode(line)  # json's own message, unless it is JSON, but not an object
            raise NotARecord("not a JSON object")
        at = _skip(line, at + 1)
        members = []
        if not line.startswith("}", at):
            while True:
                if not line.startswith('"', at):
                    raise json.JSONDecodeError("Expecting property name enclosed in double quotes", line, at)
                key, at = json.decoder.scanstring(line, at + 1)
                at = _skip(line, at)
                if not line.startswith(":", at):
                    raise json.JSONDecodeError("Expecting ':' delimiter", line, at)
                start = _skip(line, at + 1)
                value, end = _DECODER.raw_decode(line, start)
                members.append(Member(key, value, start, end))
                at = _skip(line, end)
                if line.startswith("}", at):
                    break
                if not line.startswith(",", at):
                    raise json.JSONDecodeError("Expecting ',' delimiter", line, at)
                at = _skip(line, at + 1)
        if _skip(line, at + 1) != len(line):
            raise json.JSONDecodeError("Extra data", line, _skip(line, at + 1))
        return cls(line, tuple(members), at)

    def value(self, key: str) -> object:
        """The value a JSON reader sees for ``key``: the last one, when a key is given twice."""
        return self._last(key).value

    def __contains__(self, key: str) -> bool:
        return any(member.key == key for member in self.members)

    def _last(self, key: str) -> Member:
        for member in reversed(self.members):
            if member.key == key:
                return member
        raise KeyError(key)

    def with_values(self, values: dict[str, object]) -> str:
        """The line with these members' (last) values replaced, or appended before the closing brace."""
        edits = []  # (start, end, new text)
        appended = []
        for key, value in values.items():
            if key in self:
                member = self._last(key)
                edits.append((member.start, member.end, _dump(value)))
            else:
                appended.append(f", {_dump(key)}: {_dump(value)}")
        if appended:
            end = self.members[-1].end if self.members else self.closing
            if not self.members:
                appended[0] = appended[0][2:]
            edits.append((end, end, "".join(appended)))
        line = self.line
        for start, end, text in sorted(edits, reverse=True):
            line = line[:start] + text + line[end:]
        return line


def _dump(value: object) -> str:
    """Compact JSON as ``json.dumps`` writes it, with non-ASCII text as it is (a lone surrogate escaped)."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return text


def _skip(line: str, at: int) -> int:
    while at < len(line) and line[at] in _WHITESPACE:
        at += 1
    return at

