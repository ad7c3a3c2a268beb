"""Heuristic scores: the model reads the line features then their context, and the model can be refitted.

The fit runs here on articles made up by the test (never the corpus): ``benchmarks/fit_model.py``
must work as a whole, from labelling lines to writing a ``model.toml`` the cleaner loads.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import replace

import numpy as np
import pytest

from cleaner import Cleaner, features, language, scoring
from cleaner.forest import Forest
from conftest import ROOT, STOPWORDS

sys.path.insert(0, str(ROOT / "benchmarks"))

import fit_model  # noqa: E402
import lines as corpus_lines  # noqa: E402


def test_the_shipped_model_names_every_feature_and_nothing_else():
    data = tomllib.loads((ROOT / "cleaner" / "model.toml").read_text(encoding="utf-8"))
    assert list(data["line"]) == list(features.NAMES)
    assert scoring.Model.load().forest.names == scoring.INPUT_NAMES


def _inputs(texts: list[str], dropped: set[int] = frozenset()) -> dict[str, np.ndarray]:
    """The trees' input columns of every line of a document, by name."""
    measured = features.measure(texts, STOPWORDS)
    scores = scoring.dots(Cleaner().model.line_weights, measured.features)
    is_dropped = np.array([k in dropped for k in range(len(texts))])
    rows = scoring.context_inputs(measured.features, scores, measured.words, is_dropped, np.arange(len(texts)),
                                  scoring.topic_overlap(measured.topics, measured.words, is_dropped))
    return dict(zip(scoring.INPUT_NAMES, rows.T))


def test_the_inputs_are_the_line_features_then_the_context():
    texts = ["Home", BODY[0], "Share on Facebook", BODY[1]]
    inputs = _inputs(texts)
    measured = features.measure(texts, STOPWORDS).features
    for k, name in enumerate(features.NAMES[1:], start=1):
        assert inputs[name].tolist() == measured[:, k].tolist(), name


def test_sentence_words_before_and_after_split_the_documents_sentences():
    texts = ["Home", BODY[0], "Most read", BODY[1], "Contact us"]
    inputs = _inputs(texts)
    assert inputs["sentence_words_before"].tolist()[0] == 0.0 and inputs["sentence_words_after"][-1] == 0.0
    assert 0.3 < inputs["sentence_words_after"][2] < 0.7  # between the two sentences
    assert inputs["sentence_words_before"][1] + inputs["sentence_words_after"][1] < 1.0  # its own words aside


def test_the_neighbourhood_counts_dropped_lines_and_teaser_pairs():
    teasers = ["Bridge closed to lorries", BODY[1], "Hospital wing delayed", BODY[2], "Markets fall", BODY[3]]
    inputs = _inputs(["Home", "Login", BODY[0], *teasers], dropped={0, 1})
    assert inputs["near_3:dropped"][2] == pytest.approx(2 / 5)  # both lines above, none of the three below
    assert inputs["near_3:dropped"][-1] == 0.0
    assert inputs["near_3:teaser"][6] == pytest.approx(3 / 5)  # title lines 3, 5 and 7 stand above a summary
    assert not _inputs(BODY)["near_10:teaser"].any()  # an article of paragraphs has none


def test_a_paragraph_that_shares_the_articles_names_overlaps_it_and_a_summary_of_another_story_does_not():
    article = [
        "The Riverside council voted on Tuesday to extend the tram line to the northern suburbs of Riverside.",
        "Opponents of the tram extension said the council had ignored the cost of the northern route.",
        "The extension will open in 2027, the council said, with six new tram stops north of the river.",
    ]
    teaser = "Farmers in the region warned that a third dry summer could cut the wheat harvest by a quarter."
    inputs = _inputs(["Log in", *article, teaser, "Share on Facebook"], dropped={5})
    overlap = inputs["topic_overlap"].tolist()
    assert min(overlap[1:4]) > 0.3 and overlap[4] == 0.0
    assert overlap[0] == scoring.NO_TOPIC_WORDS  # "Log in" has no word of four letters
    # The line's own words are no evidence for it: alone, the same paragraph shares nothing.
    assert _inputs([article[0], teaser])["topic_overlap"].tolist() == [0.0, 0.0]


def test_topic_words_leave_out_stop_words_numbers_and_short_words_and_pair_up_ideographs():
    assert features.topic_words("The Tramway of Riverside met in 2024 with them", language.stopwords("en")) == {
        "tramway", "riverside"}
    assert features.topic_words("北京大学 2024", frozenset()) == {"北京", "京大", "大学"}


BODY = [
    "The council voted on Tuesday to extend the bus service to the northern suburbs after years of requests.",
    "Engineers found the crack in March, and the bridge has been closed to lorries in the months since then.",
    "The new wing of the hospital will add beds and a second emergency department when it opens next year.",
    "Farmers in the region warned that a third dry summer in a row could cut the wheat harvest by a quarter.",
    "The bank left its rate unchanged, saying that inflation was easing more slowly than it had hoped.",
    "Police said the two men were arrested at a house in the east of the city early in the morning.",
]
CHROME = ["Home", "News | Sport | Weather", "Share on Facebook", "Login", "\u00a9 2024 Example Media",
          "Most read", "Subscribe", "Contact us", "12.03.2024 10:45", "Next page \u00bb", "Business", "Culture",
          "Travel", "Opinion", "Video", "Podcasts", "Weather", "Markets"]


def _page(seed: int) -> tuple[list[str], str]:
    """A made-up page: chrome above and below, body paragraphs in between; and its gold text."""
    rng = np.random.default_rng(seed)
    body = [BODY[k] for k in rng.permutation(len(BODY))[:4]]
    head = [CHROME[k] for k in rng.permutation(len(CHROME))[:8]]
    tail = [CHROME[k] for k in rng.permutation(len(CHROME))[:8]]
    return head + body + tail, "\n".join(body)


def test_a_small_fit_learns_body_from_chrome_and_writes_a_model_the_cleaner_loads():
    cleaner = Cleaner()
    lines = corpus_lines.Lines.join([corpus_lines.measure_texts(cleaner, *_page(seed)) for seed in range(12)])
    assert lines.labels.sum() == 12 * 4  # every body paragraph labelled body, nothing else

    model = fit_model.fit(lines)
    loaded = scoring.Model.from_dict(tomllib.loads(fit_model.model_toml(model, ["made by a test"])), model.forest)
    assert loaded.line_weights == pytest.approx(model.line_weights, abs=1e-4)
    assert Forest.from_json(model.forest.to_json()).to_json() == model.forest.to_json()

    texts, gold = _page(99)
    analysis = cleaner.analyse(texts, loaded)
    body = [p for text, p in zip(texts, analysis.probabilities) if text in gold]
    chrome = [p for text, p in zip(texts, analysis.probabilities) if text not in gold]
    assert min(body) > max(chrome)


def test_the_measured_lines_depend_on_the_line_weights_alone_so_that_a_fit_can_be_made_again():
    """lines.py measures the corpus by cleaning it with the shipped model. Were what it measures to
    hang on the trees or the thresholds (as how far a section runs does), every refit would be
    fitted on other lines than the last, and no model could be made again from an empty cache."""
    teasers = ["Council approves the new budget for the northern bus routes next spring",
               "Bridge repairs are set to start in May after engineers found a second crack",
               "Hospital wing opens its doors to the first patients with a new emergency ward"]
    texts = [*CHROME[:6], BODY[0], BODY[1], "Related stories", *teasers, BODY[2], BODY[3], *CHROME[6:12]]
    gold = "\n".join([BODY[0], BODY[1], BODY[2], BODY[3]])
    shipped, other = Cleaner(), Cleaner()
    other.model = replace(shipped.model, threshold=0.99, sentence_threshold=0.99, open_threshold=0.99,
                          extracted_threshold=0.99)
    assert shipped.analyse(texts).sections != other.analyse(texts).sections  # the section runs on further
    measured, again = corpus_lines.measure_texts(shipped, texts, gold), corpus_lines.measure_texts(other, texts, gold)
    for name in corpus_lines.Lines.__dataclass_fields__:
        assert np.array_equal(getattr(measured, name), getattr(again, name)), name


def test_the_labels_count_a_line_as_body_only_where_the_gold_has_it():
    labels, weights = corpus_lines.label_lines(["Home", BODY[0], BODY[1][:40], "Share on Facebook"], BODY[0] + "\n" + BODY[1])
    assert labels == [0, 1, 1, 0]
    assert weights[0] == 1 and weights[3] == 3


def test_balanced_datasets_weigh_the_same_and_keep_their_lines():
    cleaner = Cleaner()
    small = corpus_lines.Lines.join([corpus_lines.measure_texts(cleaner, *_page(seed)) for seed in range(2)])
    large = corpus_lines.Lines.join([corpus_lines.measure_texts(cleaner, *_page(seed)) for seed in range(2, 10)])
    scaled = fit_model.balanced({"small": small, "large": large})
    assert scaled[0].weights.sum() == pytest.approx(scaled[1].weights.sum())
    total = small.weights.sum() + large.weights.sum()
    assert scaled[0].weights.sum() + scaled[1].weights.sum() == pytest.approx(total)
    for before, after in zip((small, large), scaled):  # within a dataset, lines keep their proportions
        assert np.allclose(after.weights / after.weights.sum(), before.weights / before.weights.sum())
        assert np.array_equal(after.labels, before.labels) and np.array_equal(after.features, before.features)


def test_a_page_judges_a_long_line_by_whether_it_ends_a_sentence_and_an_extractors_output_keeps_it():
    model = replace(Cleaner().model, threshold=0.4, sentence_threshold=0.1, open_threshold=0.2, extracted_threshold=0.05)
    words, ends = np.array([3, 12, 12]), np.array([False, True, False])
    on_page = model.limits(words, np.full(3, model.extracted_share - 0.1), ends)
    assert on_page.tolist() == [model.threshold, model.sentence_threshold, model.open_threshold]
    extracted = model.limits(words, np.full(3, model.extracted_share), ends)
    assert extracted.tolist() == [model.extracted_threshold, 0.0, 0.0]


def test_a_page_keeps_the_fitted_share_of_body_in_long_lines_that_end_no_sentence():
    rng = np.random.default_rng(0)
    # Sentence lines: all body, spread over the scale. Open lines: chrome below .5, body above .6.
    p = np.concatenate([rng.uniform(0.05, 1.0, 400), rng.uniform(0.0, 0.5, 300), rng.uniform(0.6, 1.0, 100)])
    y = np.concatenate([np.ones(400), np.zeros(300), np.ones(100)])
    long, ends = np.ones(800, dtype=bool), np.arange(800) < 400
    _, sentence, open_, _ = fit_model.thresholds(p, y, np.ones(800), long, ends, np.zeros(800, dtype=bool))
    open_body = p[400:][y[400:] == 1]
    assert fit_model.KEEP_OPEN_RECALL <= (open_body >= open_).mean() <= fit_model.KEEP_OPEN_RECALL + 0.02
    assert (p[400:][y[400:] == 0] < open_).all()  # and the open chrome, all below the body, goes
    assert sentence < 0.06  # sentence-length lines as a whole keep KEEP_SENTENCE_RECALL of their body
