"""The datatrove step in a real pipeline: JSONL shards on disk, datatrove's local executor, two tasks."""

from __future__ import annotations

import json
import pickle
from collections import Counter

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import cleaner  # noqa: E402
from cleaner.integrations.datatrove import ArticleCleaner, SiteLearner  # noqa: E402

BODIES = [
    ["The city council voted seven to two on Tuesday night to extend the evening bus service to the northern "
     "suburbs, a change residents had requested for more than a decade.",
     "Officials said the first of the new routes would run from the station to the ring road from January, "
     "with buses every twenty minutes until midnight on weekdays."],
    ["Teachers' unions have called for a national strike next month unless the government improves its pay "
     "offer, which they say fails to keep up with the rising cost of living.",
     "Ministers said the offer was final and warned that a strike would disrupt exams for thousands of pupils "
     "across the country in the weeks before the summer holidays."],
    ["Residents packed the community hall on Thursday evening to hear plans for the new housing estate, with "
     "many raising concerns about traffic, school places and the loss of green space.",
     "The developer said it would pay for a new primary school and widen the main road before the first of "
     "the four hundred homes is sold, but several speakers remained unconvinced."],
]
CHROME_TOP = ["Skip to main content", "Home", "News", "Sport", "Business", "Search"]
CHROME_BOTTOM = ["Share this:", "Facebook Twitter LinkedIn Email",
                 "© 2024 The Daily Example. All rights reserved.", "Privacy Policy", "Cookie Policy"]
ONLY_CHROME = "\n".join(["Share this:", "Facebook Twitter LinkedIn Email", "Advertisement",
                         "© 2024 The Daily Example. All rights reserved.", "Privacy Policy"]) + "\n"


def article(body: list[str]) -> str:
    return "\n".join(CHROME_TOP + [body[0], "Advertisement", body[1]] + CHROME_BOTTOM) + "\n"


SHARDS = {
    "a.jsonl": [{"id": "a1", "text": article(BODIES[0])}, {"id": "chrome", "text": ONLY_CHROME},
                {"id": "a2", "text": article(BODIES[1])}],
    "b.jsonl": [{"id": "b1", "text": article(BODIES[2])}],
}
ARTICLES = {record["id"]: record["text"] for records in SHARDS.values() for record in records
            if record["id"] != "chrome"}


def read_jsonl(folder) -> dict[str, dict]:
    return {record["id"]: record for path in sorted(folder.glob("*.jsonl"))
            for record in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("datatrove")
    (root / "in").mkdir()
    for name, records in SHARDS.items():
        (root / "in" / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    LocalPipelineExecutor(
        [JsonlReader(str(root / "in")),
         ArticleCleaner(exclusion_writer=JsonlWriter(str(root / "excluded"), compression=None)),
         JsonlWriter(str(root / "out"), compression=None)],
        tasks=2, workers=1, logging_dir=str(root / "logs"),
    ).run()
    return root


def test_every_shard_is_written(run):
    assert sorted(path.name for path in (run / "out").glob("*.jsonl")) == ["00000.jsonl", "00001.jsonl"]


def test_text_is_the_clean_body(run):
    out = read_jsonl(run / "out")
    assert out.keys() == ARTICLES.keys()
    for doc_id, text in ARTICLES.items():
        clean = out[doc_id]["text"]
        assert clean == cleaner.clean(text)
        for line in CHROME_TOP + CHROME_BOTTOM + ["Advertisement"]:
            assert line not in clean.splitlines()
    assert out["b1"]["text"].splitlines() == BODIES[2]


def test_summary_is_in_metadata(run):
    for doc_id, record in read_jsonl(run / "out").items():
        result = cleaner.explain(ARTICLES[doc_id])
        assert record["metadata"]["cleaner"] == {"language": "en", "title": result.title, "removed": result.counts(),
                                                 "warning": None}


def test_emptied_document_goes_to_the_exclusion_writer_as_it_came(run):
    excluded = read_jsonl(run / "excluded")
    assert excluded.keys() == {"chrome"}
    assert excluded["chrome"]["text"] == ONLY_CHROME
    assert excluded["chrome"]["metadata"]["filter_reason"] == "empty"
    assert excluded["chrome"]["metadata"]["cleaner"]["removed"]


def test_stats_count_documents_and_removals_per_rule(run):
    steps = json.loads((run / "logs" / "stats.json").read_text(encoding="utf-8"))
    stats = next(step["stats"] for step in steps if step["name"].endswith(ArticleCleaner.name))
    total = lambda key: stats[key]["total"] if isinstance(stats[key], dict) else stats[key]
    assert (total("total"), total("forwarded"), total("dropped"), total("dropped_empty")) == (4, 3, 1, 1)
    removed, languages = Counter(), Counter()
    for text in [*ARTICLES.values(), ONLY_CHROME]:
        result = cleaner.explain(text)
        removed.update(result.counts())
        languages[result.language] += 1
    assert {key.removeprefix("removed_"): total(key) for key in stats if key.startswith("removed_")} == removed
    assert {key.removeprefix("language_"): total(key) for key in stats if key.startswith("language_")} == languages


def test_step_pickles_without_a_cleaner():
    step = ArticleCleaner(keep_title=True)
    assert pickle.loads(pickle.dumps(step)).options == cleaner.Options(keep_title=True)
    assert not any(isinstance(value, cleaner.Cleaner) for value in vars(step).values())


def test_bad_option_fails_when_the_step_is_made():
    with pytest.raises(TypeError, match="unknown option 'no_such_option'"):
        ArticleCleaner(no_such_option=True)


STANDING = ("The Daily Example is an independent newspaper that has covered the city and its suburbs "
            "since 1998, with the help of its readers.")
SITE_SHARDS = {
    "a.jsonl": [{"id": f"s{n}", "url": f"https://www.example.com/{n}", "text": article(body) + STANDING + "\n"}
                for n, body in enumerate(BODIES[:2])],
    "b.jsonl": [{"id": "s2", "url": "https://www.example.com/2", "text": article(BODIES[2]) + STANDING + "\n"},
                {"id": "other", "url": "https://other.org/1", "text": article(BODIES[0]) + STANDING + "\n"}],
}


def test_a_profile_learned_on_a_first_pass_cleans_the_second(tmp_path):
    """Two stages made before either runs: the learner's tasks write their counts, the last one the
    profile; the cleaning stage reads it and removes the site's standing line, not other.org's."""
    (tmp_path / "in").mkdir()
    for name, records in SITE_SHARDS.items():
        (tmp_path / "in" / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    learner = SiteLearner(tmp_path / "sites")
    learning = LocalPipelineExecutor([JsonlReader(str(tmp_path / "in")), learner], tasks=2, workers=1,
                                     logging_dir=str(tmp_path / "logs-learn"))
    LocalPipelineExecutor([JsonlReader(str(tmp_path / "in")), ArticleCleaner(profile=learner),
                           JsonlWriter(str(tmp_path / "out"), compression=None)],
                          tasks=2, workers=1, logging_dir=str(tmp_path / "logs-clean"), depends=learning).run()
    pages = [(cleaner.sites.site_of(r["url"]), r["text"]) for records in SITE_SHARDS.values() for r in records]
    learned = cleaner.sites.Profile.load(learner.profile)
    assert {s: {k: (t.count, t.pages) for k, t in lines.items()} for s, lines in learned.sites.items()} == {
        s: {k: (t.count, t.pages) for k, t in lines.items()} for s, lines in cleaner.sites.learn(pages).sites.items()}
    out = read_jsonl(tmp_path / "out")
    assert all(STANDING in cleaner.clean(r["text"]) for records in SITE_SHARDS.values() for r in records)
    for doc_id in ("s0", "s1", "s2"):
        assert STANDING not in out[doc_id]["text"] and out[doc_id]["metadata"]["cleaner"]["removed"]["template"]
    assert STANDING in out["other"]["text"]


def test_a_profile_still_to_learn_is_not_read_when_the_step_is_made(tmp_path):
    step = ArticleCleaner(profile=SiteLearner(tmp_path / "not-yet"))
    assert step.options.profile == str(tmp_path / "not-yet" / "sites.profile")
    with pytest.raises(cleaner.sites.ProfileError, match="cannot read the profile"):
        ArticleCleaner(profile=str(tmp_path / "missing.profile"))
