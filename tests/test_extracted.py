"""No harm to an extractor's output: in text that is mostly body, the body's odd lines survive.

An extractor (trafilatura, a scraper's article selector) has judged the blocks already; what is
left is mostly the article, and its short or odd-looking lines are the article's too. These are
the kinds of line the heuristic used to cut there (issue 12): subheadings, one-line paragraphs,
spec rows and list items, quoted posts, a line in a second language, captions, and contact or
byline-like lines inside the body. They are inserted between real body paragraphs, and must all
come out. The headline convention is set aside (``keep_title``): a subheading under a short first
paragraph can pass for the headline, which is the title finder's call, not the heuristic's.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from conftest import paragraphs
from test_properties import BODY_BANK

ODD_BODY_LINES = {
    "subheading": ["DESIGN", "PERFORMANCE", "Battery and charging", "What happens next", "The verdict"],
    "short paragraph": ["That is quick.", "Nobody was hurt.", "It worked.", "Then the rain came."],
    "spec row": ["Sensor: 20 megapixels", "Weight: 340 g", "Price: 499 euros", "Engine: 1.5-litre petrol"],
    "list item": ["- the grip", "- battery life", "\u2022 two eggs", "1. Preheat the oven"],
    "quoted post": ["So proud of this team!", "Sad day. The market closes Friday after 90 years. Thank you all."],
    "second language": ["Le march\u00e9 restera dans nos c\u0153urs.", "Wir schaffen das.", "\u00a1Viva la fiesta!"],
    "caption": ["The bridge at dusk, seen from the north bank.", "Crowds outside the town hall on Monday."],
    "contact or byline-like": ["Dr. Jane Miller, Department of Chemistry", "Tel. 0161 496 0000",
                               "Interview: Sam Jones"],
}
ODD_LINES = sorted(line for lines in ODD_BODY_LINES.values() for line in lines)
CLEANER = cleaner.Cleaner(keep_title=True)


@st.composite
def extracted_articles(draw) -> str:
    """Body paragraphs with odd body lines between them: an article as an extractor gives it."""
    body = draw(st.lists(st.sampled_from(BODY_BANK), min_size=4, max_size=8, unique=True))
    odd = draw(st.lists(st.tuples(st.integers(1, len(body) - 1), st.sampled_from(ODD_LINES)), min_size=1,
                        max_size=3, unique_by=lambda item: item[1]))
    lines = []
    for place, paragraph in enumerate(body):
        lines += [line for where, line in odd if where == place]
        lines.append(paragraph)
    return "\n".join(lines) + "\n"


@settings(derandomize=True, deadline=None, max_examples=150)
@given(extracted_articles())
def test_odd_body_lines_survive_in_an_extractors_output(text):
    result = CLEANER.explain(text)
    assert paragraphs(result.text) == paragraphs(text), [r.describe() + ": " + r.text for r in result.removed]
