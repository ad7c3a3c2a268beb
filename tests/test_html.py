"""HTML input: trafilatura extracts, the cleaner cleans; str and bytes alike; the headline reported;
comments only on request; HTML told apart from scraped text."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.html import extract, looks_like_html, same_headline

HEADLINE = "Council extends evening buses to northern suburbs"
BODY = [
    "The city council voted seven to two on Tuesday night to extend the evening bus service to the northern "
    "suburbs, a change residents had requested for more than a decade.",
    "Officials said the new routes would run every fifteen minutes until midnight from the spring, at a cost of "
    "about four million pounds a year, most of it paid by the regional transport authority.",
    "Opposition councillors called the timetable unrealistic, pointing out that the operator is still short of "
    "around thirty drivers for the extra journeys planned.",
    "The mayor said she was confident the service would start on time and promised a public meeting in the "
    "autumn to explain the details to residents.",
]
COMMENT = "About time! I have waited for this bus for years and my street is still not on the route, which is a shame."
CHROME = ["We use cookies", "Accept all", "Home", "Sport", "Contact us", "By Jane Doe", "3 Comments",
          "Bob Smith", "Reply", "All rights reserved", "Privacy Policy", "Terms of Use", COMMENT]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{HEADLINE} | The Daily Example</title></head>
<body>
<div id="cookie-banner" class="cookie-notice"><p>We use cookies to improve your experience. By continuing to
browse you agree to our use of cookies.</p><button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/contact">Contact us</a></li></ul></nav></header>
<main><article>
<h1>{HEADLINE}</h1>
<p class="byline">By Jane Doe</p>
{"".join(f"<p>{paragraph}</p>" for paragraph in BODY)}
</article>
<section id="comments" class="comments"><h3>3 Comments</h3>
<div class="comment"><p class="comment-author">Bob Smith on March 3, 2024 at 5:12 pm said:</p>
<p>{COMMENT}</p><p>Reply</p></div>
</section></main>
<footer><p>© 2024 The Daily Example. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy Policy</a></li><li><a href="/terms">Terms of Use</a></li></ul></footer>
</body></html>"""


def test_page_comes_out_as_its_article_body():
    text = cleaner.clean_html(PAGE)
    assert text.splitlines() == BODY
    assert not [chrome for chrome in CHROME if chrome in text]


def test_bytes_and_str_give_the_same_result():
    assert cleaner.explain_html(PAGE.encode("utf-8")) == cleaner.explain_html(PAGE)


def test_bytes_in_a_declared_legacy_encoding_are_decoded():
    page = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("the autumn", "the autumn café season")
    text = cleaner.clean_html(page.replace("©", "(c)").encode("iso-8859-1"))
    assert "autumn café season" in text


def test_headline_is_reported_as_the_title_not_the_body():
    result = cleaner.explain_html(PAGE)
    assert result.title == HEADLINE
    assert result.language == "en"
    assert HEADLINE not in result.text


def test_title_comes_from_the_page_metadata_when_the_text_has_none():
    page = PAGE.replace(f"<h1>{HEADLINE}</h1>", "")
    result = cleaner.explain_html(page)
    assert result.text.splitlines() == BODY
    assert result.title == HEADLINE


def test_a_line_that_is_not_the_page_title_stays_in_the_body():
    standfirst = "Residents in the north have waited ten years for this"
    page = PAGE.replace(f"<h1>{HEADLINE}</h1>", f"<p><strong>{standfirst}</strong></p>")
    assert cleaner.explain(extract(page).text).title == standfirst  # the text alone would lose it
    result = cleaner.explain_html(page)
    assert result.title == HEADLINE
    assert result.text.splitlines() == [standfirst, *BODY]


@pytest.mark.parametrize(("line", "title", "expected"), [
    (HEADLINE, f"{HEADLINE} | The Daily Example", True),
    ("Wii tops 2007 console poll", "Wii tops 2007 console poll - Tech news", True),
    ("The Wii is the most highly-rated console of 2007", "Wii tops 2007 console poll", False),
    ("Top Gear presenter fails to make his point", "WebProNews", False),
])
def test_same_headline(line, title, expected):
    assert same_headline(line, title) is expected


def test_comments_are_extracted_only_when_kept():
    assert COMMENT not in cleaner.clean_html(PAGE)
    assert COMMENT in cleaner.clean_html(PAGE, keep_comments=True)


@pytest.mark.parametrize(("text", "expected"), [
    (PAGE, True),
    (PAGE.encode("utf-8"), True),
    ("\ufeff  <html><body><p>x</p></body></html>", True),
    ('<?xml version="1.0"?>\n<!-- saved page -->\n<html xmlns="http://www.w3.org/1999/xhtml">', True),
    ("<div class='story'><h2>Title</h2><p>One.</p><p>Two.</p></div>", True),
    ("\n".join(BODY), False),
    ("The <b> tag makes text bold, the tutorial said.\n<p> starts a paragraph.", False),
    ("<3 this recipe, thanks for sharing", False),
    ("", False),
])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


def test_a_lone_h1_that_is_not_the_pages_title_is_not_reported_as_its_headline():
    sentence = "The starter was too cold for three days in a row, so the dough never rose the way it should. "
    page = ("<html><head><title>Why my sourdough failed | Crumb Diaries</title>"
            '<meta property="og:title" content="Why my sourdough failed"></head><body>'
            "<aside><h1>Hi, I'm Jane and I bake bread</h1><p>Welcome to my blog about bread.</p></aside>"
            f"<article><h2>Why my sourdough failed</h2><p>{sentence * 3}</p></article></body></html>")
    assert cleaner.explain_html(page).title == "Why my sourdough failed"
