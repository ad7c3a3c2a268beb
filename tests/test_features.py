"""Per-line features: every feature name measures what it says."""

from __future__ import annotations

import math

import pytest

from cleaner import features, language
from conftest import STOPWORDS
from test_scoring import BODY

TWENTY = " ".join(["word"] * 20)

# (feature name, a line, the value that line must have in that column)
COLUMNS = [
    ("bias", "anything", 1.0),
    ("words<=1", "Home", 1.0),
    ("words<=3", "Top Stories Today", 1.0),
    ("words<=6", "one two three four five", 1.0),
    ("words<=12", "one two three four five six seven eight nine ten", 1.0),
    ("words<=25", TWENTY, 1.0),
    ("words<=50", TWENTY + " " + TWENTY, 1.0),
    ("log_words", "three short words", math.log1p(3)),
    ("stop_density>=0.15", "the cat sat on mats today", 1.0),
    ("stop_density>=0.3", "the cat and the dog", 1.0),
    ("stop_density>=0.45", "the cat and the dog", 1.0),
    ("stop_density", "the cat and the dog", 0.6),
    ("log_stopwords", "the cat and the dog", math.log1p(3)),
    ("ends_sentence", "It rained all day.", 1.0),
    ("ends_colon", "Read more:", 1.0),
    ("sentences", "One. Two. Three.", math.log1p(3)),
    ("comma_rate", "a, b, c, d", 0.75),
    ("digit_ratio", "ab12", 0.5),
    ("upper_ratio", "ABcd", 0.5),
    ("capitalised_words", "Alpha beta Gamma delta", 0.5),
    ("symbol_ratio", "a$b%", 0.5),
    ("bullet", "\u2022 item", 1.0),
    ("pipe", "Home | News", 1.0),
    ("url_or_email", "see www.example.org", 1.0),
    ("date", "12.03.2024", 1.0),
    ("avg_word_length", "abc defgh", 4 / 15),
    ("repeated", "Share", math.log1p(1)),
]


def test_every_feature_name_has_a_column_test():
    assert [name for name, _, _ in COLUMNS] == list(features.NAMES)


@pytest.mark.parametrize("name, line, value", COLUMNS, ids=[name for name, _, _ in COLUMNS])
def test_each_feature_name_measures_its_column(name, line, value):
    texts = [line, "Share", "plain filler"] if name == "repeated" else [line, "plain filler"]
    row = features.measure(texts, STOPWORDS).features[0]
    assert row[features.NAMES.index(name)] == pytest.approx(value)


def test_a_line_without_the_trait_reads_zero_in_its_binary_columns():
    row = dict(zip(features.NAMES, features.measure(["A plain line of text here"], STOPWORDS).features[0]))
    for name in ("ends_sentence", "ends_colon", "bullet", "pipe", "url_or_email", "date", "words<=1", "words<=3"):
        assert row[name] == 0.0, name


def test_lines_measured_before_get_their_measures_then_and_repeats_among_their_new_neighbours():
    memo = {}
    features.measure(["Share", "Home", "Share", BODY[0]], STOPWORDS, memo)
    texts = ["Home", BODY[0], "Share", "New line here", "home ", BODY[1]]
    again = features.measure(texts, STOPWORDS, memo)
    alone = features.measure(texts, STOPWORDS)
    assert again.features.tolist() == alone.features.tolist()
    assert (again.words, again.rule_words) == (alone.words, alone.rule_words)
    assert again.features[:, features.NAMES.index("repeated")].tolist() == [math.log1p(1), 0, 0, 0, math.log1p(1), 0]


def test_a_chinese_line_is_measured_by_its_words_not_by_its_runs_of_characters():
    """Chinese has no spaces: a clause is one run of word characters. Its stop words are found
    inside the runs, its commas are ideographic, and its words are two ideographs each, so that a
    body sentence reads as body text does in any language, and a footer's links do not."""
    chinese = language.stopwords_for(language.forced("zh"))
    sentence, footer = "在这次会议上，总理强调，要加快推进经济结构调整，努力扩大国内的需求。", "关于网易 公司简介 联系方法 招聘信息 客户服务"
    rows = features.measure([sentence, footer], chinese).features
    column = {name: rows[:, k].tolist() for k, name in enumerate(features.NAMES)}
    assert column["stop_density"][0] >= 0.15 > column["stop_density"][1]
    assert column["log_stopwords"][0] > column["log_stopwords"][1]
    assert column["comma_rate"][0] > 0 == column["comma_rate"][1]
    assert all(value < 3 / 15 for value in column["avg_word_length"])  # about two characters a word


def test_the_stop_words_of_a_language_written_without_spaces_do_not_count_as_whole_words_elsewhere():
    """An English line on a Chinese page has none of Chinese's stop words: chrome in English there
    (menus, footers) does not pass for body."""
    chinese = language.stopwords_for(language.forced("zh"))
    both = chinese | STOPWORDS
    english = "the cat and the dog"
    assert features.measure([english], chinese).features[0][features.NAMES.index("stop_density")] == 0
    assert features.measure([english], both).features.tolist() == features.measure([english], STOPWORDS).features.tolist()
