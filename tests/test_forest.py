"""The trees evaluated with numpy give LightGBM's own scores, and explain them exactly."""

from __future__ import annotations

import lightgbm
import numpy as np
import pytest

from cleaner import Cleaner, scoring
from cleaner.forest import CHUNK_ROWS, Forest

NAMES = ("a", "b", "flag", "d")


def _booster(rows: int = 3000, rounds: int = 40) -> tuple[lightgbm.Booster, np.random.Generator]:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(rows, len(NAMES)))
    x[:, 2] = rng.integers(0, 2, rows)  # a binary column, as most of the cleaner's are
    y = (x[:, 0] + x[:, 1] * x[:, 2] + rng.normal(scale=0.5, size=rows) > 0).astype(int)
    settings = dict(objective="binary", num_leaves=7, max_depth=4, min_data_in_leaf=20, verbose=-1, seed=1,
                    deterministic=True, num_threads=1)
    return lightgbm.train(settings, lightgbm.Dataset(x, y), num_boost_round=rounds), rng


def test_numpy_trees_score_as_lightgbm_does_after_a_round_trip_through_json():
    booster, rng = _booster()
    forest = Forest.from_json(Forest.from_lightgbm(booster.dump_model(), NAMES).to_json())
    rows = rng.normal(size=(500, len(NAMES)))
    rows[:, 2] = rng.integers(0, 2, 500)
    assert forest.logits(rows) == pytest.approx(booster.predict(rows, raw_score=True), abs=1e-12)


def test_contributions_add_up_to_the_score_and_name_the_inputs_that_matter():
    booster, rng = _booster()
    forest = Forest.from_lightgbm(booster.dump_model(), NAMES)
    rows = rng.normal(size=(200, len(NAMES)))
    expected = forest.value[forest.roots].sum()  # the trees' outputs before any split
    assert expected + forest.contributions(rows).sum(axis=1) == pytest.approx(forest.logits(rows), abs=1e-9)
    clear = dict(zip(NAMES, forest.contributions(np.array([[2.0, 0.0, 0.0, 0.0]]))[0]))  # only "a" decides
    assert max(clear, key=lambda name: abs(clear[name])) == "a"
    assert abs(clear["d"]) < abs(clear["a"]) / 5  # noise the labels never depended on


def test_rows_explained_in_chunks_get_the_terms_they_get_alone():
    booster, rng = _booster()
    forest = Forest.from_lightgbm(booster.dump_model(), NAMES)
    rows = rng.normal(size=(2 * CHUNK_ROWS + 5, len(NAMES)))
    alone = np.vstack([forest.contributions(rows[k:k + 1]) for k in range(len(rows))])
    assert np.array_equal(forest.contributions(rows), alone)


def test_a_heuristic_verdict_names_the_inputs_that_moved_it_most():
    model = Cleaner().model
    rows = np.zeros((2, len(scoring.INPUT_NAMES)))
    rows[1, scoring.INPUT_NAMES.index("line_score")] = 3.0
    terms = model.forest.contributions(rows)
    for text, row_terms in zip(model.explain(rows), terms):
        named = [part.rsplit(" ", 1) for part in text.split(", ")]
        strongest = sorted(abs(t) for t in row_terms)[-3:]
        assert sorted(abs(float(value)) for _, value in named) == pytest.approx(strongest, abs=0.006)
        assert all(name in scoring.INPUT_NAMES for name, _ in named)


def test_an_empty_document_and_a_one_leaf_tree_are_scored():
    single = {"tree_info": [{"tree_structure": {"leaf_value": 0.25}}]}
    forest = Forest.from_lightgbm(single, NAMES)
    assert forest.logits(np.zeros((3, len(NAMES)))).tolist() == [0.25, 0.25, 0.25]
    assert forest.logits(np.zeros((0, len(NAMES)))).shape == (0,)


def test_a_forest_fitted_on_other_inputs_is_refused_by_name():
    shipped = Cleaner().model.forest
    other = Forest(("x",), *(getattr(shipped, key) for key in ("feature", "threshold", "children", "value",
                                                               "roots")), shipped.depth)
    with pytest.raises(ValueError, match="refit"):
        scoring.Model.from_dict({"line": {}, "threshold": 0.5, "sentence_threshold": 0.2, "open_threshold": 0.3,
                                 "extracted_threshold": 0.1, "extracted_share": 0.5}, other)


def test_the_shipped_forest_reads_the_inputs_the_cleaner_builds():
    model = Cleaner().model
    assert model.forest.names == scoring.INPUT_NAMES
    assert int(model.forest.feature.max()) < len(scoring.INPUT_NAMES)
