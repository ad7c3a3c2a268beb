"""The section kind: a header takes the lines that follow it, up to the article, and comments go unless kept."""

from __future__ import annotations

import pytest

import cleaner
from conftest import check_output_against_removals, paragraphs
from test_language import BODIES, LINE_CHROME, SECTION_HEADERS
from test_pipeline import BODY, CLEANER, COMMENTED, COMMENTS, FULL_PAGE


def test_section_removals_name_their_header_line():
    removed = {r.line: r for r in CLEANER.explain(FULL_PAGE).removed}
    sections = [r for r in removed.values() if r.reason == "section"]
    assert [r.text for r in sections] == ["Related Articles", "Bridge to stay closed to lorries until spring",
                                          "New hospital wing delayed again"]
    header = sections[0].line
    assert all(r.detail == f"line {header}" and r.rule == sections[0].rule for r in sections)
    assert sections[0].rule.id == "LK102"


def test_comments_are_removed_by_default():
    result = CLEANER.explain(COMMENTED)
    assert result.text == "\n\n".join(BODY) + "\n"
    assert all(r.rule and r.rule.category == "CM" for r in result.removed)


def test_keep_comments_keeps_the_comment_section():
    result = cleaner.explain(COMMENTED, keep_comments=True)
    out = paragraphs(result.text)
    assert out[: len(BODY)] == BODY
    assert COMMENTS[2] in out and COMMENTS[5] in out
    assert not any(r.rule and r.rule.category == "CM" for r in result.removed)
    check_output_against_removals(COMMENTED, result)


# Korean paragraphs past the main region score as chrome (body probability 0.10-0.17 after four
# chrome lines): the heuristic's stop-word density does not read Korean yet (issue 19), so the
# section runs on through them. Strict: the test says when the heuristic has learnt it.
KOREAN_PAST_THE_REGION = pytest.mark.xfail(strict=True, reason="Korean paragraphs past the main region score as chrome")


@pytest.mark.parametrize("code", [pytest.param(code, marks=KOREAN_PAST_THE_REGION) if code == "ko" else code
                                  for code in sorted(BODIES)])
def test_related_list_section_ends_at_the_next_body_paragraph(code):
    body = BODIES[code]
    links = [text for text in LINE_CHROME[code] if len(text.split()) <= 6][:3]
    lines = [*body[:2], SECTION_HEADERS[code][0], *links, *body[2:]]
    assert cleaner.explain("\n".join(lines) + "\n").text.splitlines() == body


def test_section_before_the_last_paragraph_among_chrome_keeps_it():
    body, notice = BODIES["es"], "2022 - Todos los derechos reservados."
    lines = [*body[:3], notice, notice, notice, "Artículos relacionados el Nuevo Herald", body[3], notice, notice]
    assert cleaner.explain("\n".join(lines) + "\n").text.splitlines() == body
