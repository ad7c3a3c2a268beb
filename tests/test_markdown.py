"""Markdown is cleaned as Markdown: whole blocks go or stay byte for byte, code, tables, front
matter, HTML and link definitions are never touched, headings go only with their section or a
rule, and the result parses to the input's blocks less the removed ones (a property over
generated documents, derandomized)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import cleaner
from cleaner.markdown import clean_markdown, explain_markdown
from conftest import BODY, CHROME, MARKDOWN, MARKDOWN_CLEAN, ROOT, run

PARSER = MarkdownIt("commonmark").enable("table")
NEVER_REMOVED = {"fence", "code_block", "table_open", "html_block"}


def blocks(text: str) -> list[tuple[str, str]]:
    """Top-level blocks and the items of top-level lists: (token type, their non-blank source lines)."""
    lines = text.splitlines()
    found = []
    for token in PARSER.parse(text):
        top = token.level == 0 and token.type not in ("bullet_list_open", "ordered_list_open")
        item = token.type == "list_item_open" and token.level == 1
        if token.map and token.nesting >= 0 and (top or item):
            found.append((token.type, "\n".join(line for line in lines[slice(*token.map)] if line.strip())))
    return found


def is_subsequence(part: list, whole: list) -> bool:
    rest = iter(whole)
    return all(any(x == y for y in rest) for x in part)


def test_chrome_blocks_go_whole_and_the_rest_stays_byte_for_byte():
    text = ("---\ntitle: Bike lanes\n---\n\n# City votes for new bike lanes\n\n" + BODY[0] + "\n\nAdvertisement\n\n"
            "> " + BODY[1] + "\n\n<div>Share this:</div>\n\n[ref]: https://example.com\n\n    Advertisement\n\n"
            "## Related articles\n\n- Also read: The council's last vote on parking\n"
            "- Also read: Why cyclists want wider lanes\n\n" + BODY[2] + "\n")
    result = explain_markdown(text)
    assert result.text == text.replace("Advertisement\n\n>", ">").replace(
        "## Related articles\n\n- Also read: The council's last vote on parking\n"
        "- Also read: Why cyclists want wider lanes\n\n", "")
    assert result.title == "City votes for new bike lanes"  # reported; in Markdown the headline is a heading
    assert {removal.line for removal in result.removed} == {9, 19, 21, 22}


def test_a_heading_goes_with_its_section_or_a_rule_never_by_its_score_alone():
    chrome = "Weather 12C\n\nSubscribe today\n\nTraffic cameras\n\n"
    assert "Bike lanes" not in clean_markdown("Bike lanes\n\n" + chrome + BODY[0] + "\n")  # a paragraph: its score
    kept = "## Bike lanes\n\n" + BODY[0] + "\n\n"
    assert clean_markdown("## Bike lanes\n\n" + chrome + BODY[0] + "\n") == kept.rstrip("\n") + "\n"
    emptied = "## More from us\n\nAdvertisement\n\n### Deals\n\nShare this:\n\n"
    named = "## Share this:\n\n"
    # The article goes on after them (one lone sentence closing a page after "More from us" reads
    # as that section's teaser, which the section takes).
    rest = BODY[1] + "\n\n" + BODY[2] + "\n"
    assert clean_markdown(kept + emptied + named + rest) == kept + rest


def test_crlf_and_a_missing_final_newline_are_kept():
    text = "# Title here\r\n\r\n" + BODY[0] + "\r\n\r\nShare this:\r\n\r\n" + BODY[1]
    assert clean_markdown(text) == "# Title here\r\n\r\n" + BODY[0] + "\r\n\r\n" + BODY[1]


WORDS = st.sampled_from(["city", "council", "bike", "lanes", "vote", "parking", "mayor", "news"])
PROSE = st.sampled_from(BODY + CHROME + ["Also read: The council's last vote", "Advertisement"])
HEADING = st.tuples(st.integers(1, 3), st.lists(WORDS, min_size=1, max_size=5)).map(
    lambda t: "#" * t[0] + " " + " ".join(t[1]))
LIST = st.tuples(st.sampled_from(["- ", "* ", "1. "]), st.lists(PROSE, min_size=1, max_size=4)).map(
    lambda t: "\n".join(t[0] + item for item in t[1]))
TABLE = st.lists(PROSE, min_size=1, max_size=3).map(
    lambda cells: "| a | b |\n|---|---|\n" + "\n".join(f"| {cell} | x |" for cell in cells))
FENCE = st.lists(PROSE, min_size=0, max_size=3).map(lambda body: "```text\n" + "\n".join(body) + "\n```")
OTHER = st.sampled_from(["> " + BODY[3], "<div>\nAdvertisement\n</div>", "[ref]: https://example.com/a",
                         "***", "    Advertisement", "Setext heading\n---", "**Share this:**",
                         "[Also read: the vote](https://example.com/vote)", "![Advertisement](ad.png)"])
BLOCK = st.one_of(HEADING, PROSE, PROSE, LIST, TABLE, FENCE, OTHER)
DOCUMENT = st.tuples(st.booleans(), st.lists(st.tuples(BLOCK, st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n"])),
                                             max_size=12)).map(
    lambda t: ("---\ntitle: x\n---\n\n" if t[0] else "") + "".join(block + gap for block, gap in t[1]))


@settings(derandomize=True, deadline=None, max_examples=300)
@given(DOCUMENT)
def test_kept_blocks_are_byte_identical_and_the_structure_is_the_input_less_removed_blocks(text):
    result = explain_markdown(text)
    before, after = blocks(text), blocks(result.text)
    assert is_subsequence(after, before)
    assert [b for b in before if b[0] in NEVER_REMOVED] == [b for b in after if b[0] in NEVER_REMOVED]
    assert is_subsequence(result.text.splitlines(keepends=True), text.splitlines(keepends=True))
    if text.startswith("---\n"):
        assert result.text.startswith("---\ntitle: x\n---\n")
    removed_lines = {removal.line for removal in result.removed}
    kept = [line for number, line in enumerate(text.splitlines(), 1) if number not in removed_lines]
    assert [line for line in result.text.splitlines() if line.strip()] == [line for line in kept if line.strip()]


def test_markdown_is_cleaned_block_by_block_and_its_structure_kept(tmp_path):
    path = tmp_path / "article.md"
    path.write_text(MARKDOWN)
    assert run(str(path)).stdout == MARKDOWN_CLEAN
    assert run("--in-place", str(path)).exit_code == 0
    assert path.read_text() == MARKDOWN_CLEAN
    assert run("--check", str(path)).exit_code == 0  # a second pass finds nothing


def test_this_projects_readme_is_left_as_it_is():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert cleaner.clean_markdown(text) == text
