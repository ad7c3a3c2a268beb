"""The seed articles and the regression samples give exactly their expected outputs.

Conventions: samples/seeds/README.md. The regression samples are listed in samples/regression/README.md.
"""

from __future__ import annotations

import pytest

import cleaner
from conftest import REGRESSION, SEEDS, read_exact, sample_pairs, seed_pairs

SEEDS_BY_NAME = {name: (text, expected) for name, text, expected in seed_pairs()}
REGRESSION_BY_NAME = {name: (text, expected) for name, text, expected in sample_pairs(REGRESSION)}

HEADLINES = {
    "000": None,  # a clean article without a headline
    "001": "N. Korea-Russia defense treaty goes into effect Dec. 4: state media",
    "002": "North Korea, Russia defence treaty comes into force",
    "003": "North Korea ratifies defense treaty with Russia",
    "004": "Mutual defense agreement between Moscow and Pyongyang comes into force",
}


def test_all_five_seeds_are_there():
    assert sorted(name[:3] for name in SEEDS_BY_NAME) == sorted(HEADLINES)


@pytest.mark.parametrize("name", sorted(SEEDS_BY_NAME))
def test_seed_gives_its_expected_output(name):
    text, expected = SEEDS_BY_NAME[name]
    assert cleaner.clean(text) == expected


@pytest.mark.parametrize("name", sorted(SEEDS_BY_NAME))
def test_seed_reports_its_headline_as_title(name):
    text, _ = SEEDS_BY_NAME[name]
    headline = HEADLINES[name[:3]]
    assert headline is None or headline in text.splitlines()
    assert cleaner.explain(text).title == headline


def test_clean_seed_comes_back_byte_identical():
    (path,) = (p for p in SEEDS.glob("000_*.txt") if not p.name.endswith(".expected.txt"))
    result = cleaner.explain(read_exact(path))
    assert result.text.encode("utf-8") == path.read_bytes()
    assert result.removed == ()


@pytest.mark.parametrize("name", sorted(SEEDS_BY_NAME))
def test_seed_output_is_stable(name):
    _, expected = SEEDS_BY_NAME[name]
    assert cleaner.clean(expected) == expected


@pytest.mark.parametrize("name", sorted(REGRESSION_BY_NAME))
def test_regression_sample(name):
    text, expected = REGRESSION_BY_NAME[name]
    assert cleaner.clean(text) == expected
    assert cleaner.clean(expected) == expected
