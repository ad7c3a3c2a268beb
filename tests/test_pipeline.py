"""The whole pipeline through explain(): every removed line has its reason, the title is reported or kept, a trim
reports the spans it cut."""

from __future__ import annotations

from dataclasses import replace

import pytest

import cleaner
from cleaner import Reason
from conftest import check_output_against_removals, paragraphs, seed_pairs

CLEANER = cleaner.Cleaner()
RULES = {rule.id: rule for rule in CLEANER.rules.rules}
REASONS = {Reason.RULE, Reason.TRIM, Reason.SECTION, Reason.TITLE, Reason.HEURISTIC}

BODY = [
    "The city council voted seven to two on Tuesday night to extend the evening bus service to the northern "
    "suburbs, a change residents had requested for more than a decade.",
    "Residents packed the community hall on Thursday evening to hear plans for the new housing estate, with many "
    "raising concerns about traffic, school places and the loss of green space.",
    "Officials said the first of the new routes would run from the station to the ring road from January, with "
    "buses every twenty minutes until midnight on weekdays.",
    "Teachers' unions have called for a national strike next month unless the government improves its pay offer, "
    "which they say fails to keep up with the rising cost of living.",
]
HEADLINE = "Council extends evening bus service to northern suburbs"
COMMENTS = [
    "2 Comments",
    "Margaret Hill on March 3, 2024 at 5:12 pm said:",
    "About time too. I have been waiting for a late bus from the station every Friday for years, and the taxis "
    "cost a fortune.",
    "Reply",
    "Tom Baker on March 4, 2024 at 9:40 am said:",
    "This will do nothing for those of us who live out past the ring road, where the last bus still leaves at "
    "seven in the evening.",
    "Reply",
]
# All the visible text of a page: menu, headline, byline, body with an ad slot, share prompts, footer.
FULL_PAGE = "\n".join([
    "Skip to main content", "Home", "News", "Sport", "Business", "Search",
    HEADLINE, "By Jane Doe", "December 5, 2024 · 3 min read",
    BODY[0], BODY[1], "Advertisement", BODY[2], BODY[3],
    "Share this:", "Facebook Twitter LinkedIn Email",
    "Related Articles", "Bridge to stay closed to lorries until spring", "New hospital wing delayed again",
    "© 2024 The Daily Example. All rights reserved.", "Privacy Policy", "Cookie Policy",
]) + "\n"
COMMENTED = "\n\n".join(BODY + COMMENTS) + "\n"

DOCUMENTS = {name: text for name, text, _ in seed_pairs()} | {"full-page": FULL_PAGE, "commented": COMMENTED}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_removed_line_has_a_reason(name):
    result = CLEANER.explain(DOCUMENTS[name])
    check_output_against_removals(DOCUMENTS[name], result)
    assert {removal.reason for removal in result.removed} <= REASONS


@pytest.mark.parametrize("name", DOCUMENTS)
def test_rule_removals_name_an_existing_rule(name):
    for removal in CLEANER.explain(DOCUMENTS[name]).removed:
        if removal.reason in (Reason.RULE, Reason.TRIM, Reason.SECTION):
            assert removal.rule is RULES[removal.rule.id]  # the Cleaner's own rule, id, name and category
            assert removal.describe().startswith(f"{removal.rule.id} {removal.rule.name}")
        else:
            assert removal.rule is None


def test_full_page_loses_everything_but_the_body():
    result = CLEANER.explain(FULL_PAGE)
    assert result.text == "\n".join(BODY) + "\n"
    assert result.title == HEADLINE
    assert result.language == "en"


def test_heuristic_removals_carry_a_score_and_detail():
    heuristic = [r for r in CLEANER.explain(FULL_PAGE).removed if r.reason == "heuristic"]
    assert heuristic, "the menu words 'News', 'Sport', 'Business' are named by no rule"
    for removal in heuristic:
        assert 0.0 <= removal.score < CLEANER.model.threshold
        assert removal.detail
        assert removal.describe() == f"heuristic p={removal.score:.2f} ({removal.detail})"


def test_without_details_only_the_heuristic_removals_details_are_left_out():
    full, lean = CLEANER.explain(FULL_PAGE), CLEANER.explain(FULL_PAGE, details=False)
    assert lean.text == full.text == CLEANER.clean(FULL_PAGE) == cleaner.clean(FULL_PAGE)
    assert any(r.reason is Reason.HEURISTIC and r.detail for r in full.removed)
    assert lean.removed == tuple(replace(r, detail="") if r.reason is Reason.HEURISTIC else r for r in full.removed)


def test_title_is_reported_as_a_removal():
    result = CLEANER.explain(FULL_PAGE)
    (title,) = [r for r in result.removed if r.reason == "title"]
    assert (title.line, title.text, title.describe()) == (7, HEADLINE, "title")


@pytest.mark.parametrize("name", ["002", "003", "004", "full-page"])
def test_keep_title_keeps_the_headline_and_still_reports_it(name):
    (text,) = [text for key, text in DOCUMENTS.items() if key.startswith(name)]
    default = cleaner.explain(text)
    kept = cleaner.explain(text, keep_title=True)
    assert default.title is not None
    assert kept.title == default.title
    assert paragraphs(kept.text) == [kept.title] + paragraphs(default.text)
    assert "title" not in {r.reason for r in kept.removed}
    check_output_against_removals(text, kept)


def test_a_headline_the_title_check_rejects_stays_in_the_body():
    seen = []
    rejected = CLEANER.explain(FULL_PAGE, title_check=lambda line: seen.append(line) or False)
    assert set(seen) == {HEADLINE}  # asked on every pass over the text, about the same line
    assert rejected == cleaner.explain(FULL_PAGE, keep_title=True)
    assert CLEANER.explain(FULL_PAGE, title_check=lambda line: True) == CLEANER.explain(FULL_PAGE)


@pytest.mark.parametrize("text", ["", "\n", "\r\n\r\n", "   \n\t\n"])
def test_blank_input_comes_back_as_is(text):
    result = cleaner.explain(text)
    assert (result.text, result.title, result.removed) == (text, None, ())


def test_clean_is_explain_text():
    for text in DOCUMENTS.values():
        assert cleaner.clean(text) == CLEANER.clean(text) == CLEANER.explain(text).text


PHOTO_PACK = """
[pack]
language = "*"
description = "A site that puts photo credits inside its sentences."

[[rule]]
id = "CP090"
name = "inline-photo-credit"
concept = "photo-credit-label"
kind = "span"
pattern = ' ?\\[Photo: [^\\]]*\\]'
description = "A photo credit inside a paragraph."
remove = ["The bridge [Photo: AP] opened."]
trimmed = ["The bridge opened."]
keep = ["The bridge opened."]
"""


def test_a_trim_inside_a_line_reports_the_exact_spans_it_cut(tmp_path):
    pack = tmp_path / "photo.toml"
    pack.write_text(PHOTO_PACK, encoding="utf-8")
    line = BODY[0].replace(" voted", " [Photo: Jo Lee] voted").replace(" a change", " [Photo: AP] a change")
    text = "\n\n".join([line, *BODY[1:]]) + "\n"
    result = cleaner.explain(text, rule_files=[str(pack)])
    (trim,) = [r for r in result.removed if r.reason is Reason.TRIM]
    assert (trim.line, trim.rule.id, trim.rule.category) == (1, "CP090", "CP")
    assert [line[start:end] for start, end in trim.spans] == [" [Photo: Jo Lee]", " [Photo: AP]"]
    assert trim.text == line  # as before spans: the text of a cut not at the line's end is the whole line
    assert paragraphs(result.text)[0] == BODY[0]
    check_output_against_removals(text, result)


def test_a_trim_at_the_end_of_a_line_reports_that_end():
    line = BODY[1] + " (Yonhap)"
    result = CLEANER.explain("\n\n".join([BODY[0], line, *BODY[2:]]) + "\n")
    (trim,) = [r for r in result.removed if r.reason is Reason.TRIM]
    assert (trim.text, trim.rule.id, trim.spans) == (" (Yonhap)", "CP002", ((len(BODY[1]), len(line)),))
