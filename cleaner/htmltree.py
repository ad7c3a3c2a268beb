"""Fix-ups of the page tree around trafilatura's extraction, so that the cleaner gets paragraphs.

Before extraction, text that sits loose beside block elements gets a paragraph of its own; after
it, the line breaks of the page's source inside paragraphs become spaces again.
"""

from __future__ import annotations

import re

from lxml.etree import ParserError, _Element
from lxml.html import HtmlElement, HTMLParser, fromstring
from trafilatura.settings import INLINE_CARRIED
from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
UNRENDERED = frozenset({"head", "iframe", "math", "noscript", "object", "script", "select", "style", "svg",
                        "template", "textarea", "title"})
_NO_LOOSE_TEXT = frozenset({"dl", "ol", "p", "pre", "table", "tbody", "tfoot", "thead", "tr", "ul"}) | UNRENDERED
_SOURCE_BREAK = re.compile(r"\s*\n\s*")


# trafilatura's own parser settings, and no depth limit: libxml2's default of 256 levels drops all
# of a page nested deeper (trafilatura then finds no text).
_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                     remove_pis=True, huge_tree=True)


def parse(html: str | bytes) -> HtmlElement | None:
    """The page's tree, as trafilatura's ``load_html`` builds it but for any depth; None if it is not HTML.

    As there, input that does not start like a page (no "html" in its first 50 characters) and
    parses to less than two elements is not HTML.
    """
    text = decode_file(html)
    beginning = text[:50].lower()
    text = repair_faulty_html(text, beginning)
    try:
        tree = fromstring(text, parser=_PARSER)
    except ValueError:  # a str with an encoding declaration: lxml wants bytes
        tree = fromstring(text.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except ParserError:  # nothing to parse
        return None
    return None if is_dubious_html(beginning) and len(tree) < 2 else tree


def _tag(node: _Element) -> str | None:
    """The lowercase tag, or None for comments and processing instructions."""
    return node.tag.lower() if isinstance(node.tag, str) else None


def wrap_loose_text(tree: _Element) -> None:
    """Give each run of loose text beside blocks a ``<p>`` of its own, as a browser lays it out.

    A lead paragraph often sits in its container as bare text or a ``<b>`` right after a picture's
    ``<div>``; trafilatura's own extractor, which the recall settings trust, passes over text that
    is not in a block, and the article loses its first paragraph.
    """
    # Only a parent of a block can hold loose text beside one; lxml finds the blocks in C (by
    # their lowercase names, as the HTML parser of trafilatura's load_html gives them).
    parents = dict.fromkeys(block.getparent() for block in tree.iter(*BLOCKS))
    for parent in parents:
        if parent is None or _tag(parent) in _NO_LOOSE_TEXT:
            continue
        children = list(parent)
        runs, after, text, inline = [], None, parent.text, []
        for child in children:
            if _tag(child) in BLOCKS or _tag(child) in UNRENDERED:
                runs.append((after, text, inline))
                after, text, inline = child, child.tail, []
            else:
                inline.append(child)
        runs.append((after, text, inline))
        for after, text, inline in runs:
            words = (text or "") + "".join("".join(child.itertext()) + (child.tail or "")
                                           for child in inline if _tag(child) is not None)
            if not any(character.isalnum() for character in words):
                continue
            paragraph = parent.makeelement("p", {})
            paragraph.text = text
            if after is None:
                parent.text = None
                parent.insert(0, paragraph)
            else:
                after.tail = None
                after.addnext(paragraph)
            paragraph.extend(inline)  # each with its tail


def unwrap_source_lines(body: _Element) -> None:
    """Join the lines that only the page's source code broke, outside code blocks.

    In HTML a line break inside a paragraph is a space, but trafilatura's fallback extractors
    hand the source's own line breaks through: a paragraph wrapped at 80 columns in the source
    would reach the cleaner as short lines, each judged alone and each too short to be trusted as
    prose. Only the extracted tree knows which breaks are the page's (``lb``, blocks, ``code``).
    """
    verbatim = {element for code in body.iter("code") for element in code.iter()}
    for element in body.iter():
        if element.text and element not in verbatim:
            element.text = _SOURCE_BREAK.sub(" ", element.text)
            if element.tag not in INLINE_CARRIED:  # a block's text starts its line
                element.text = element.text.lstrip() or " "  # empty, the element would lose its tail
        if element.tail and element.getparent() not in verbatim:
            element.tail = _SOURCE_BREAK.sub(" ", element.tail)
            if element.tag == "lb":
                element.tail = element.tail.lstrip()
