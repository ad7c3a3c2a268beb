"""Site templates (cleaner/sites.py): learned from a site's pages without gold, removed with their evidence."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import sites

MENU = "Home | World | Business | Sport | Culture"
ABOUT = "Example Daily is an independent newspaper covering the city since 1998, read by many people."
FOOTER = "Copyright 2024 Example Daily Media Group. All rights reserved."


TOWNS = "Alder Birch Cedar Dover Elm Fenwick Glen Harrow Ivy Juniper Kent Linden".split()
TOPICS = "bridge school library harbour market museum stadium hospital".split()


def article(n: int) -> str:
    """A page of example.com: the site's template around an article of its own (words differ by ``n``)."""
    town = TOWNS[n % len(TOWNS)]
    body = "\n".join(f"In {town}, the council debated the {topic} for a long while, and its members voted on the "
                     f"{town} {topic} budget after {TOWNS[(n + k + 1) % len(TOWNS)]} asked for it."
                     for k, topic in enumerate(TOPICS[n % 4: n % 4 + 4]))
    return f"{MENU}\nThe headline of the {town} story today\n{body}\n{ABOUT}\n{FOOTER}\n"


PAGES = [article(n) for n in range(10)]


def test_fingerprints_fold_case_digits_and_whitespace():
    assert sites.fingerprint("Posted 3 hours  ago") == sites.fingerprint("posted 12 hours ago ")
    assert sites.fingerprint("Posted 3 hours ago") != sites.fingerprint("Posted 3 days ago")


@pytest.mark.parametrize(("url", "site"), [
    ("https://www.example.com/2024/a.html", "example.com"),
    ("http://news.example.co.uk/a", "news.example.co.uk"),
    ("example.org/path", "example.org"),
    ("https://web.archive.org/web/20050101000000/http://www.cnn.com/2005/x.html", "cnn.com"),
    ("", None),
    ("http://[broken", None),
])
def test_a_page_belongs_to_the_host_of_its_url(url, site):
    assert sites.site_of(url) == site


def test_lines_on_most_of_a_sites_pages_are_its_template():
    profile = sites.learn(("example.com", page) for page in PAGES)
    examples = {line.example for line in profile.template("example.com").values()}
    assert examples == {MENU, ABOUT, FOOTER}
    assert all(line.count == 10 and line.pages == 10 for line in profile.template("example.com").values())


def test_a_sentence_two_articles_share_is_not_template():
    quoted = "The mayor said that the bridge would be finished before the winter, whatever it cost."
    pages = [page + (quoted if n < 2 else "") for n, page in enumerate(PAGES)]
    profile = sites.learn(("example.com", page) for page in pages)
    assert quoted not in {line.example for line in profile.template("example.com").values()}


def test_a_site_with_fewer_pages_than_the_minimum_has_no_template():
    profile = sites.learn(("example.com", page) for page in PAGES[: sites.MIN_PAGES - 1])
    assert profile.template("example.com") == {} and len(profile) == 0


def test_pages_without_a_site_count_nowhere():
    assert len(sites.learn((None, page) for page in PAGES)) == 0


def spelled(number: int) -> str:
    """A number in letters: fingerprints fold digits, so unique lines need unique words."""
    return "".join("abcdefghij"[int(digit)] for digit in str(number))


def test_forgetting_rare_lines_bounds_memory_and_keeps_the_template():
    """Many pages of unique lines: rare lines are pruned, the menu on every page is still found."""
    learner = sites.Learner(max_lines=500)
    for n in range(200):
        unique = "\n".join(f"a line of its own, {spelled(n)} {spelled(k)}" for k in range(20))
        learner.add(f"site{n % 3}.com", f"{MENU}\n{unique}\n")
        assert learner._tracked <= 500 + 21
    profile = learner.profile()
    for n in range(3):
        assert [line.example for line in profile.template(f"site{n}.com").values()] == [MENU]


def crawl(pages: int, seed: int) -> list[tuple[str, str]]:
    """Pages of three sites: a menu on each, some lines on many of a site's pages, most on one."""
    rng = random.Random(seed)
    return [(f"site{rng.randrange(3)}.com", "\n".join(
        [MENU] + [f"line {spelled(rng.randrange(n + 4) if rng.random() < .6 else rng.randrange(40))}"
                  for n in range(rng.randrange(5, 25))]) + "\n") for _ in range(pages)]


def exact_counts(pages: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    return Counter((site, key) for site, text in pages for key in sites.page_lines(text))


@pytest.mark.parametrize("seed", range(6))
def test_merged_counts_are_low_by_at_most_the_prunings_of_both(seed):
    """Learners of parts of a crawl (datatrove's tasks), merged: every count is the true one or
    lower, by at most the site's prunings, and a line they forgot was on at most that many pages."""
    pages = crawl(300, seed)
    merged = sites.Learner(max_lines=400, error=0.1)
    for part in (pages[:70], pages[70:200], pages[200:]):
        learner = sites.Learner(max_lines=400, error=0.1)
        for site, text in part:
            learner.add(site, text)
        merged.merge(learner)
    assert merged.pages == len(pages) and any(counts.prunings for counts in merged._sites.values())
    for (site, key), true in exact_counts(pages).items():
        counts = merged._sites[site]
        count, low = divmod(counts.lines.get(key, 0), sites._LOW)[::-1]
        assert true - counts.prunings <= count <= true and true - count <= (low if count else counts.prunings)


def test_merged_counts_are_one_learners_where_nothing_was_forgotten(tmp_path):
    pages = crawl(30, 0)
    parts = []
    for n, part in enumerate((pages[:10], pages[10:])):
        learner = sites.Learner()
        for site, text in part:
            learner.add(site, text)
        learner.save_counts(tmp_path / f"{n}.counts")
        parts.append(tmp_path / f"{n}.counts")
    merged = sites.Learner()
    for path in parts:
        merged.load_counts(path)
    alone = sites.learn(pages)
    assert {s: {k: (t.count, t.pages) for k, t in lines.items()} for s, lines in merged.profile().sites.items()} == \
        {s: {k: (t.count, t.pages) for k, t in lines.items()} for s, lines in alone.sites.items()}
    assert len(alone) > 3


def test_a_line_each_merged_learner_saw_once_has_no_example(tmp_path):
    """A learner keeps a line's text from its second page on: merged from three that saw it once,
    the menu is template with a null example, and the profile file still round-trips."""
    merged = sites.Learner()
    for page in PAGES[:3]:
        learner = sites.Learner()
        learner.add("example.com", page)
        merged.merge(learner)
    template = merged.profile().template("example.com")
    assert template[sites.fingerprint(MENU)] == sites.TemplateLine(3, 3, "example.com", None)
    merged.profile().save(tmp_path / "sites.profile")
    assert sites.Profile.load(tmp_path / "sites.profile").sites == merged.profile().sites


def test_a_profile_file_round_trips_and_is_readable(tmp_path):
    profile = sites.learn(("example.com", page) for page in PAGES)
    path = tmp_path / "sites.profile"
    profile.save(path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == {"article-cleaner-profile": 1, "min_pages": sites.MIN_PAGES, "share": sites.SHARE,
                       "inside_share": sites.INSIDE_SHARE}
    assert {row["line"] for row in rows[1:]} == {MENU, ABOUT, FOOTER}
    again = sites.Profile.load(path)
    assert again.sites == profile.sites and again.share == profile.share


@pytest.mark.parametrize(("content", "message"), [
    ("", ":1: not an article-cleaner profile"),
    ("not json\n", ":1: not an article-cleaner profile"),
    ('{"article-cleaner-profile": 1, "min_pages": 3, "share": 0.5, "inside_share": 0.8}\n{"site": "a"}\n',
     ":2: not a profile row"),
])
def test_a_bad_profile_file_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.profile"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(sites.ProfileError, match=message) as error:
        sites.Profile.load(path)
    assert str(error.value).startswith(str(path)) and "\n" not in str(error.value)


def test_the_cleaner_removes_a_sites_template_and_says_why():
    profile = sites.learn(("example.com", page) for page in PAGES)
    page = article(11)
    result = cleaner.Cleaner(profile=profile).explain(page, site="example.com")
    template = {r.text: r.describe() for r in result.removed if r.reason == "template"}
    assert ABOUT in template and template[ABOUT] == "template: seen on 10 of 10 pages of example.com"
    assert ABOUT not in result.text and MENU not in result.text and FOOTER not in result.text
    assert all(line in result.text for line in page.splitlines() if line.startswith("In "))
    assert result.counts()["template"] >= 1


def test_without_a_site_or_with_templates_ignored_the_output_is_as_without_a_profile():
    profile = sites.learn(("example.com", page) for page in PAGES)
    page = article(11)
    plain = cleaner.explain(page)
    assert cleaner.Cleaner(profile=profile).explain(page) == plain
    assert cleaner.Cleaner(profile=profile).explain(page, site="other.org") == plain
    assert cleaner.Cleaner(profile=profile, ignore=["TEMPLATE"]).explain(page, site="example.com") == plain


def test_templates_are_selected_like_a_rule_by_prefix():
    """``TEMPLATE`` is an id to --select and --ignore: a prefix that names it names it."""
    profile = sites.learn(("example.com", page) for page in PAGES)
    removed = lambda **selection: {r.reason for r in cleaner.Cleaner(profile=profile, **selection).explain(
        article(11), site="example.com").removed}
    assert "template" in removed(select=["T"]) and "template" not in removed(ignore=["TEMP"])
    assert "template" not in removed(select=["LK"])


def test_inside_the_article_a_template_line_needs_a_higher_share():
    """A line on 6 of 10 pages is template in the margins, not between the article's paragraphs."""
    standing = "Our reporters checked every figure in this story with the town council before we published it."
    pages = []
    for n, page in enumerate(PAGES):
        lines = page.splitlines()
        pages.append("\n".join(lines[:4] + ([standing] if n < 6 else []) + lines[4:]) + "\n")
    profile = sites.learn(("example.com", page) for page in pages)
    assert standing in {line.example for line in profile.template("example.com").values()}
    result = cleaner.Cleaner(profile=profile).explain(pages[0], site="example.com")
    assert standing in result.text


def test_the_library_calls_take_a_profile_file_and_a_site(tmp_path):
    path = tmp_path / "sites.profile"
    sites.learn(("example.com", page) for page in PAGES).save(path)
    page = article(11)
    body = cleaner.clean(page, profile=str(path), site="example.com")
    assert ABOUT not in body
    assert cleaner.clean_batch([page, page], sites=["example.com", None], profile=str(path)) == [
        body, cleaner.clean(page)]
    with pytest.raises(ValueError, match="sites: 1 given for 2 texts"):
        cleaner.clean_batch([page, page], sites=["example.com"], profile=str(path))


sentence = st.builds(
    "The {} of {} said on {} that the {} would be {} before the {} was over, and the town agreed.".format,
    *(st.sampled_from(words.split()) for words in (
        "mayor council board committee", "Alder Birch Cedar Dover", "Monday Tuesday Friday Sunday",
        "bridge school library market", "finished rebuilt opened repaired", "winter summer year month")))


@settings(derandomize=True, max_examples=60, deadline=None)
@given(st.lists(st.lists(sentence, min_size=3, max_size=6, unique=True), min_size=4, max_size=8))
def test_articles_survive_their_sites_template(bodies):
    """Each page's own sentences survive a profile learned from its site's pages; the template goes."""
    pages = [f"{MENU}\n" + "\n".join(body) + f"\n{ABOUT}\n{FOOTER}\n" for body in bodies]
    profile = sites.learn(("example.com", page) for page in pages)
    shared = {line.example for line in profile.template("example.com").values()}
    with_profile = _with_profile(profile)
    for page, body in zip(pages, bodies):
        kept = with_profile.explain(page, site="example.com").text.splitlines()
        assert [line for line in kept if line in body] == [line for line in body if line not in shared or line in kept]
        assert [line for line in body if line not in shared] == [line for line in kept if line in body and line not in shared]


_SHARED_CLEANER = cleaner.Cleaner()


def _with_profile(profile: sites.Profile) -> cleaner.Cleaner:
    """The shared cleaner's compiled rules with another profile (building a Cleaner compiles the packs)."""
    with_profile = copy.copy(_SHARED_CLEANER)
    with_profile.profile = profile
    return with_profile


def cleaner_command(*args: str, cwd, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], cwd=cwd, input=input, capture_output=True)


@pytest.fixture
def corpus_folder(tmp_path):
    """Six pages of example.com in a folder named after it, one of other.org, and the same as JSONL."""
    for n in range(6):
        (tmp_path / "corpus" / "example.com").mkdir(parents=True, exist_ok=True)
        (tmp_path / "corpus" / "example.com" / f"p{n}.txt").write_text(article(n), encoding="utf-8")
    (tmp_path / "corpus" / "other.org").mkdir()
    (tmp_path / "corpus" / "other.org" / "a.txt").write_text(article(3), encoding="utf-8")
    records = [{"id": n, "metadata": {"url": f"https://www.example.com/{n}"}, "text": article(n)} for n in range(6)]
    (tmp_path / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return tmp_path


def test_learn_writes_a_profile_that_cleaning_uses(corpus_folder):
    learned = cleaner_command("learn", "corpus", "-o", "sites.profile", cwd=corpus_folder)
    assert learned.returncode == 0, learned.stderr
    assert learned.stderr.decode() == ("learned 3 template lines of 1 site from 7 pages "
                                       "(1 site with fewer than 3 pages)\n")
    assert {line.example for line in sites.Profile.load(corpus_folder / "sites.profile").template(
        "example.com").values()} == {MENU, ABOUT, FOOTER}
    explained = cleaner_command("--profile", "sites.profile", "--explain", "corpus/example.com/p1.txt",
                                cwd=corpus_folder)
    assert (f"corpus/example.com/p1.txt:7: template: seen on 6 of 6 pages of example.com: {ABOUT}"
            in explained.stdout.decode())
    other = cleaner_command("--profile", "sites.profile", "corpus/other.org/a.txt", cwd=corpus_folder)
    assert other.stdout.decode() == cleaner.clean(article(3))


def test_learning_in_several_processes_gives_the_same_profile(tmp_path):
    """Workers fingerprint the pages, the parent counts them in input order: the same profile,
    byte for byte, with the sites' rare lines forgotten (lossy counting) along the way."""
    pages = crawl(120, 1)
    records = [{"url": f"https://{site}/{n}", "text": text} for n, (site, text) in enumerate(pages)]
    (tmp_path / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    for jobs in ("1", "2"):
        done = cleaner_command("learn", "-j", jobs, "pages.jsonl", "-o", f"{jobs}.profile", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    one = (tmp_path / "1.profile").read_text(encoding="utf-8")
    assert one == (tmp_path / "2.profile").read_text(encoding="utf-8")
    assert one == _saved(sites.learn(pages), tmp_path / "library.profile")
    assert len(sites.Profile.load(tmp_path / "1.profile")) > 3


def _saved(profile: sites.Profile, path) -> str:
    profile.save(path)
    return path.read_text(encoding="utf-8")


def test_jsonl_records_find_their_site_in_their_url(corpus_folder):
    """By default a record's site is the host of its url, or of metadata.url (as datatrove writes)."""
    cleaned = cleaner_command("--learn-sites", "pages.jsonl", cwd=corpus_folder)
    assert cleaned.returncode == 0, cleaned.stderr
    records = [json.loads(line) for line in cleaned.stdout.decode().splitlines()]
    assert all(ABOUT not in r["text"] and r["cleaner"]["removed"]["template"] == 1 for r in records)
    assert cleaner_command("--learn-sites", "-j", "2", "pages.jsonl", cwd=corpus_folder).stdout == cleaned.stdout
    by_field = cleaner_command("--learn-sites", "--site-field", "id", "pages.jsonl", cwd=corpus_folder)
    assert all("template" not in json.loads(line)["cleaner"]["removed"] for line in by_field.stdout.splitlines())


def test_a_site_pattern_names_a_files_site(corpus_folder):
    learned = cleaner_command("learn", "corpus", "--site-from", r"/(\w+)\.\w+/", "-o", "p.profile", cwd=corpus_folder)
    assert learned.returncode == 0, learned.stderr
    assert set(sites.Profile.load(corpus_folder / "p.profile").sites) == {"example"}


@pytest.mark.parametrize(("args", "words"), [
    (("--profile", "missing.profile", "pages.jsonl"), ("missing.profile", "cannot read the profile")),
    (("--learn-sites", "-"), ("--learn-sites", "name files")),
    (("learn", "corpus"), ("--output",)),
    (("learn", "-", "-o", "x.profile"), ("learn", "name files")),
    (("--site-from", "(", "--learn-sites", "pages.jsonl"), ("--site-from", "regular expression")),
])
def test_site_profile_mistakes_are_one_line_errors(corpus_folder, args, words):
    done = cleaner_command(*args, cwd=corpus_folder, input=b"")
    assert done.returncode == 2, done.stderr
    message = done.stderr.decode()
    assert message.count("\n") == 1 and "Traceback" not in message
    assert all(word in message for word in words), message
