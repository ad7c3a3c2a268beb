"""clean_batch / explain_batch: the same output as one call per text, and usable from worker processes."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import cleaner
from conftest import seed_pairs

SEEDS = [text for _, text, _ in seed_pairs()]


def test_batch_matches_one_call_per_text():
    assert cleaner.clean_batch(SEEDS) == [cleaner.clean(text) for text in SEEDS]
    assert cleaner.clean_batch(iter(SEEDS), keep_title=True) == [cleaner.clean(t, keep_title=True) for t in SEEDS]


def test_explain_batch_matches_explain():
    assert cleaner.explain_batch(SEEDS) == [cleaner.explain(text) for text in SEEDS]


def test_batch_runs_in_worker_processes():
    """What Spark, Dask and Ray do: pickle the function, call it on a partition in another process."""
    function = pickle.loads(pickle.dumps(cleaner.clean_batch))
    partitions = [SEEDS[:2], SEEDS[2:]]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(function, partitions))
    assert [body for partition in results for body in partition] == cleaner.clean_batch(SEEDS)
    assert pickle.loads(pickle.dumps(cleaner.explain_batch(SEEDS[:1]))) == cleaner.explain_batch(SEEDS[:1])
