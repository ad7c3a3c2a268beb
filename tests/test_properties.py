"""Properties of the whole cleaner, on articles built from real body paragraphs with chrome injected.

The body bank is the seeds' expected paragraphs plus news paragraphs written for these tests; the
chrome bank is the built-in line rules' own ``remove`` examples, so every kind of boilerplate the
rules name is injected somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.rules import builtin_packs
from conftest import check_output_against_removals, paragraphs, seed_pairs

WRITTEN_PARAGRAPHS = [
    "The city council voted seven to two on Tuesday night to extend the evening bus service to the northern "
    "suburbs, a change residents had requested for more than a decade.",
    "Engineers discovered the crack during a routine inspection in March, and the bridge has been closed to heavy "
    "lorries ever since, forcing a detour of almost twenty kilometres for local hauliers.",
    "Officials said the new hospital wing would add 120 beds and a second emergency department, though it is not "
    "expected to open before the end of next year because of delays in the supply of medical equipment.",
    "Farmers in the region have warned that a third consecutive dry summer could cut wheat yields by as much as a "
    "quarter, pushing up bread prices across the country.",
    "The central bank left its main interest rate unchanged at 4.5 percent, saying inflation was easing more slowly "
    "than it had hoped and that it needed more evidence before cutting borrowing costs.",
    "Police said the two men were arrested at a house in the east of the city early on Sunday and remain in custody "
    "while officers search the property and question neighbours.",
    "In a statement released on Friday, the company said it would cut around 1,200 jobs over the next two years as "
    "it closes three of its older factories and moves production abroad.",
    "Scientists at the university have spent six years tracking the migration of the birds, fitting more than 300 of "
    "them with lightweight tags that record their position every hour.",
    "The festival, which draws tens of thousands of visitors each summer, will return to its original site by the "
    "river after two years in a temporary venue on the edge of town.",
    "Teachers' unions have called for a national strike next month unless the government improves its pay offer, "
    "which they say fails to keep up with the rising cost of living.",
    "Rescue teams worked through the night to reach the villages cut off by the landslide, and by morning they had "
    "evacuated more than 400 people to a school in the valley below.",
    "The museum's new exhibition brings together paintings that have not been shown side by side since the artist's "
    "death in 1898, including several lent by private collectors for the first time.",
    "Voters in the district will choose a new representative in a special election on March 12, after the previous "
    "holder of the seat resigned to take a job in the private sector.",
    "Health authorities urged parents to make sure their children's vaccinations are up to date after a rise in "
    "measles cases was reported in three schools across the province.",
    "The airline said the delays were caused by a fault in its booking system that affected check-in desks at "
    "several airports, and it apologised to passengers for the disruption.",
    "Local historians believe the shipwreck, found by divers off the coast last autumn, is a merchant vessel that "
    "sank in a storm in the early eighteenth century with a cargo of wine.",
    "Negotiators from both sides met for nine hours on Wednesday but failed to agree on the timetable for the "
    "withdrawal, and talks are due to resume in Geneva next week.",
    "The report found that nearly one in five households in the region spends more than half of its income on rent, "
    "a share that has doubled since 2010.",
    "Residents packed the community hall on Thursday evening to hear plans for the new housing estate, with many "
    "raising concerns about traffic, school places and the loss of green space.",
    "The coach said his players had learned from last season's defeat in the final and were determined to win the "
    "trophy in front of their own supporters this time.",
]

BODY_BANK = sorted({p for _, _, expected in seed_pairs() for p in paragraphs(expected)} | set(WRITTEN_PARAGRAPHS))
CHROME_BANK = sorted({text for pack in builtin_packs() for rule in pack.rules
                      if rule.kind == "line" and rule.language in ("*", "en") for text in rule.remove})
CLEANER = cleaner.Cleaner()


@dataclass(frozen=True)
class Article:
    text: str
    body: list[str]
    clean: str  # the same article without the chrome


@st.composite
def articles(draw, max_chrome: int = 6) -> Article:
    """Body paragraphs in some order with chrome lines at random places, in one separator style."""
    body = draw(st.lists(st.sampled_from(BODY_BANK), min_size=2, max_size=7, unique=True))
    chrome = draw(st.lists(st.tuples(st.integers(0, len(body)), st.sampled_from(CHROME_BANK)), max_size=max_chrome))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    separator = draw(st.sampled_from([newline, newline * 2]))
    end = draw(st.sampled_from(["", newline]))
    lines = []
    for place, paragraph in enumerate([*body, None]):
        lines += [line for where, line in chrome if where == place]
        if paragraph is not None:
            lines.append(paragraph)
    return Article(separator.join(lines) + end, body, separator.join(body) + end)


@settings(derandomize=True, deadline=None, max_examples=150)
@given(articles())
def test_body_survives_and_injected_chrome_goes(article):
    out = CLEANER.clean(article.text)
    assert paragraphs(out) == article.body, "body paragraphs lost, changed or reordered, or chrome left"
    assert out == article.clean


@settings(derandomize=True, deadline=None, max_examples=60)
@given(articles(max_chrome=0))
def test_clean_article_is_returned_unchanged(article):
    assert article.text == article.clean
    result = CLEANER.explain(article.text)
    assert result.text == article.text
    assert result.removed == ()


BOXES = [  # (header, name line or None, the one paragraph of the box)
    ("About the author", "Jane Doe",
     "Jane Doe has covered transport and housing for the paper since 2015, and before that reported from Brussels."),
    ("Email Newsletter", None,
     "Missing out on the latest stories? Enter your email below to get our morning briefing every weekday."),
    ("Support our journalism", None,
     "Independent reporting costs money, and readers like you keep our newsroom going for as little as $5 a month."),
    ("About me", "Sam",
     "I am a hobby baker from Leeds, and I write here about bread, cakes and the odd kitchen disaster."),
]


@settings(derandomize=True, deadline=None, max_examples=60)
@given(articles(max_chrome=0), st.sampled_from(BOXES), st.sampled_from(["", "Share this:", "Tags: news, local"]))
def test_a_box_after_the_article_never_takes_the_article_with_it(article, box, after):
    """An author or newsletter box under the article: its header goes, the article stays whole.

    Its paragraph goes too only where it does not read as body (on a page, among chrome); in a
    text of nothing but prose it is kept, as in doubt. The property above puts such headers
    between the article's own paragraphs.
    """
    header, name, pitch = box
    lines = [article.text.rstrip("\r\n"), header, *([name] if name else []), pitch, *([after] if after else [])]
    out = paragraphs(CLEANER.clean("\n".join(lines) + "\n"))
    assert out[:len(article.body)] == article.body
    assert header not in out and set(out) <= {*article.body, name, pitch}


line_kinds = st.one_of(
    st.sampled_from(BODY_BANK),
    st.sampled_from(CHROME_BANK),
    st.sampled_from(["Top 10 Stories", "Related Articles", "Leave a Comment", "3 Comments", "Reply",
                     "North Korea ratifies defense treaty with Russia", "LETTER", "Home", "World", "Business"]),
    st.text(st.characters(exclude_characters="\r\n"), max_size=40),
)


@st.composite
def messy_documents(draw) -> str:
    """Anything a scraper might leave: body, chrome, widget and comment headers, short labels, noise."""
    lines = draw(st.lists(line_kinds, max_size=14))
    separator = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\r"]))
    return separator.join(lines) + draw(st.sampled_from(["", separator]))


any_document = st.one_of(articles().map(lambda article: article.text), messy_documents())


@settings(derandomize=True, deadline=None, max_examples=120)
@given(any_document)
def test_cleaning_twice_changes_nothing_more(text):
    once = CLEANER.clean(text)
    assert CLEANER.clean(once) == once


HEADLINE_BANK = ["North Korea ratifies defense treaty with Russia", "Council extends evening bus service",
                 "The Columns of Liberty", "Celebrities on Politics and War", "Why the harbour matters again",
                 "A Working Definition of Prohibition", "Breaking News", "Home News Sport Business", "Opinion"]


@st.composite
def headlined_articles(draw) -> str:
    """A page's top as scrapers leave it: site names, menus, kickers and headlines stacked above the
    body in any order, then body paragraphs with subheads and chrome between them."""
    top = draw(st.lists(st.one_of(st.sampled_from(HEADLINE_BANK), st.sampled_from(CHROME_BANK)), min_size=1,
                        max_size=5))
    body = draw(st.lists(st.one_of(st.sampled_from(BODY_BANK), st.sampled_from(HEADLINE_BANK),
                                   st.sampled_from(CHROME_BANK)), min_size=2, max_size=8))
    separator = draw(st.sampled_from(["\n", "\n\n", "\r\n"]))
    return separator.join([*top, *body]) + separator


@settings(derandomize=True, deadline=None, max_examples=150)
@given(headlined_articles())
def test_a_stack_of_headlines_goes_one_at_most_and_only_once(text):
    """The title is found once: a second pass finds no other headline to take (the pre-commit hook
    once rewrote a file on every commit, one headline at a time)."""
    once = CLEANER.explain(text)
    again = CLEANER.explain(once.text)
    assert again.text == once.text and again.removed == ()
    assert sum(removal.reason == "title" for removal in once.removed) <= 1


@settings(derandomize=True, deadline=None, max_examples=120)
@given(any_document)
def test_output_is_an_ordered_subsequence_of_input_lines(text):
    check_output_against_removals(text, CLEANER.explain(text))


noise = st.text(
    st.one_of(st.characters(), st.sampled_from("\r\n\x00\t\x0b\x0c\x85\u2028\u200f\u202e\ufeff😀👍🏽\u0627\u05d0 ")),
    max_size=200,
)
noisy_article = st.lists(st.one_of(st.sampled_from(BODY_BANK), st.sampled_from(CHROME_BANK), noise), max_size=10).map(
    lambda parts: "\x00\r".join(parts))


@settings(derandomize=True, deadline=None, max_examples=300)
@given(st.one_of(noise, noisy_article))
def test_no_crash_on_arbitrary_text(text):
    result = CLEANER.explain(text)
    assert isinstance(result.text, str) and isinstance(result.language, str)
    check_output_against_removals(text, result)
