"""The heuristics' word lists (cleaner/words.toml): data by language, read as one pattern each."""

from __future__ import annotations

import regex

from cleaner import language, words


def test_every_list_is_lower_case_words_by_a_known_language():
    for name, by_language in words._LISTS.items():
        for code, listed in by_language.items():
            assert code in language.supported(), (name, code)
            assert listed and all(regex.fullmatch(r"\p{Ll}+", word) for word in listed), (name, code)


def test_an_alternation_matches_each_listed_word_whole():
    pattern = regex.compile(rf"{words.alternation('byline-start')}\b")
    assert all(pattern.fullmatch(word) for by_language in words._LISTS["byline-start"].values() for word in by_language)
    assert not pattern.match("bystander") and pattern.match("by Ann")
