"""Fix-ups of the page tree: loose text gets a paragraph, the source's own line breaks become spaces."""

from __future__ import annotations

import trafilatura
from lxml.etree import fromstring
from trafilatura.xml import xmltotxt

import cleaner
from cleaner.htmltree import unwrap_source_lines, wrap_loose_text
from test_html import BODY, PAGE


def test_a_lead_left_loose_beside_a_picture_is_extracted():
    lead = ("The city council voted on Tuesday to extend the evening bus service to the northern suburbs, "
            "a change residents had asked for.")
    page = PAGE.replace(f'<p class="byline">By Jane Doe</p>',
                        f'<div class="picture"><img src="bus.jpg"><div>The new route</div></div><b>{lead}</b>')
    assert trafilatura.extract(page, favor_recall=True) is not None
    assert lead not in trafilatura.extract(page, favor_recall=True)  # what the recall settings alone give
    assert cleaner.clean_html(page).splitlines() == [lead, *BODY]


def test_loose_text_gets_a_paragraph_and_inline_markup_stays_in_it():
    tree = fromstring("<div>Lead with <b>bold</b> words<div>block</div>tail text<!-- c --><hr/> <script>x</script></div>")
    wrap_loose_text(tree)
    assert [(child.tag, "".join(child.itertext()) if child.tag == "p" else None) for child in tree] == [
        ("p", "Lead with bold words"), ("div", None), ("p", "tail text"), ("hr", None), ("script", None)]


def test_line_breaks_of_the_source_are_spaces_but_the_pages_own_breaks_stay():
    body = fromstring("<body><p>\n  A paragraph the\n    source wrapped <hi>in\n  the</hi> middle.</p>"
                      "<p>Then a break<lb/>\n   of its own.</p><code>line one\n  line two</code></body>")
    unwrap_source_lines(body)
    assert xmltotxt(body, False).splitlines() == [
        "A paragraph the source wrapped in the middle.", "Then a break", "of its own.", "line one", "  line two"]
