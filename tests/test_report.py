"""The review page without a browser: rows in place, verdicts explained, text escaped, the --report option.

What the page does in a browser (struck lines, hover text, keys, the filter) is in test_report_browser.py.
"""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import sys

import pytest

import cleaner
from cleaner.document import split_lines
from dataclasses import replace

from cleaner.verdicts import Reason, Removal, Result
from cleaner.report import CHART_BARS, ReportWriter, Verdict, _explanations_css, page, verdict, writing
from conftest import REGRESSION, ROOT, SEEDS, read_exact, sample_pairs, seed_pairs
from test_hostile import DECODABLE, SMALL
from test_hostile import HOSTILE as HOSTILE_INPUTS

RULES = {rule.id: rule for rule in cleaner.Cleaner().rules.rules}
SAMPLES = {name: text for name, text, _ in seed_pairs() + sample_pairs(REGRESSION)}
HOSTILE = ("Also read: <script>window.pwned = 1</script>\n"
           "The council said on Tuesday that it would publish the plans </script><!-- for the new bridge next "
           "month, after a consultation that drew <b>thousands</b> of replies & objections.\n")


def content(rows) -> list[tuple[int, str, str]]:
    """The rows that carry text: number, the part kept, the part removed."""
    return [(row.number, row.kept, row.cut) for row in rows if row.kept.strip() or row.cut]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_line_of_the_source_is_in_place_and_every_removal_on_its_line(name):
    text = SAMPLES[name]
    result = cleaner.explain(text)
    doc = page(name, result, text)
    lines = re.split(r"\r\n|\r|\n", text.removesuffix("\n").removesuffix("\r"))
    assert doc.exact
    assert [row.number for row in doc.rows] == list(range(1, len(lines) + 1))
    assert [row.kept + row.cut for row in doc.rows] == lines
    assert {row.number: row.cut for row in doc.rows if row.verdict} == {r.line: r.text for r in result.removed}


@pytest.mark.parametrize("name", SAMPLES)
def test_a_result_alone_is_put_back_together_as_its_source_was(name):
    result = cleaner.explain(SAMPLES[name])
    alone = page(name, result, None)
    assert not alone.exact
    assert content(alone.rows) == content(page(name, result, SAMPLES[name]).rows)


# the small ones, and many lines (the long single lines have nothing to put in place)
@pytest.mark.parametrize("name", [name for name in DECODABLE if name in SMALL or name == "100k tiny lines"])
def test_hostile_text_gets_a_page_from_its_source_and_from_its_result_alone(name):
    text = HOSTILE_INPUTS[name].decode("utf-8")
    result = cleaner.explain(text)
    exact, alone = (page(name, result, source) for source in (text, None))
    assert exact.exact
    assert [row.kept + row.cut for row in exact.rows] == [line.text for line in split_lines(text)]
    shown = sorted((row.number, row.cut) for row in alone.rows if row.verdict)
    assert shown == [(removal.line, removal.text) for removal in result.removed]
    ReportWriter(io.StringIO()).add(name, result, text)


def test_a_source_the_result_does_not_come_from_is_not_used():
    result = cleaner.explain(SAMPLES["004_00799555a65d6284"])
    doc = page("other", result, SAMPLES["001_22d6ad4e856825db"])
    assert not doc.exact
    assert {row.number: row.cut for row in doc.rows if row.verdict} == {r.line: r.text for r in result.removed}


def test_each_kind_of_removal_has_its_marker_and_says_why():
    cases = {
        Removal(5, "• Also read: X", Reason.RULE, RULES["LK101"], 0.1): ("LK101", "rule", "LK", "LK101"),
        Removal(9, " (Yonhap)", Reason.TRIM, RULES["CP002"], 0.9, spans=((8, 17),)):
            ("CP002", "rule", "CP", "trimmed"),
        Removal(31, "Leave a Comment", Reason.SECTION, RULES["CM101"], 0.2, "line 31"):
            ("CM101", "section", "§CM", "section from line 31"),
        Removal(1, "Headline", Reason.TITLE, None, 0.4): ("title", "title", "T", "title"),
        Removal(2, "About us", Reason.TEMPLATE, None, 0.3, "seen on 9 of 10 pages of example.com"):
            ("template", "template", "S", "most of its pages (the site profile, --profile): seen on 9 of 10"),
        Removal(40, "Home | World", Reason.HEURISTIC, None, 0.08, "window_5 -1.27"):
            ("heuristic", "heuristic", "H", "under its threshold: p=0.08 (window_5 -1.27)"),
        Removal(3, "## Related", Reason.HEADING, detail="everything under it went"):
            ("heading", "heading", "#", "Markdown heading everything under which was removed"),
    }
    for removal, (key, kind, marker, said) in cases.items():
        seen = verdict(removal)
        assert (seen.key, seen.kind, seen.marker) == (key, kind, marker)
        assert said in seen.explanation + seen.detail
    assert verdict(next(iter(cases))).explanation == f"LK101 also-read-link: {RULES['LK101'].description}"


def test_an_explanation_cannot_end_its_style_block():
    hostile = Verdict("XX901", "XX901 x", "rule", "XX", "XX", 'A "rule" \\ that says </style><script>alert(1)</script>')
    string = r'"[^"<>\\]*(?:\\[0-9a-f]+ [^"<>\\]*)*"'  # no quote, < or > but as hex escapes
    assert re.fullmatch(rf"\.acr-r-XX901 del::after\{{content:{string} attr\(data-why\)\}}", _explanations_css([hostile]))


def data_blocks(page_html: str) -> list[str]:
    """The page's data: each document's view (HTML), then the index (JSON)."""
    return re.findall(r'<script type="(?:text/html|application/json)"[^>]*>(.*?)</script>', page_html, re.DOTALL)


def index_data(page_html: str) -> dict:
    return json.loads(data_blocks(page_html)[-1])


def test_text_cannot_end_a_data_block_or_open_a_comment():
    page_html = cleaner.report([HOSTILE]).html
    document, index = data_blocks(page_html)
    assert not re.search(r"<(?:/?script|!--)", document, re.IGNORECASE)
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in document
    assert "&lt;/script&gt;&lt;!-- " in document and "&lt;b&gt;thousands&lt;/b&gt;" in document
    assert not re.search(r"[<>&]", index)
    assert json.loads(index)["cuts"]["LK101"] == [[0, 1, HOSTILE.splitlines()[0]]]
    assert page_html.count("<script") == 3  # the two data blocks and the page's own script


def test_a_result_shows_in_a_notebook_as_its_page_without_scripts():
    result = cleaner.explain(HOSTILE)
    fragment = result._repr_html_()
    assert "<script" not in fragment
    assert "&lt;script&gt;window.pwned" in fragment
    assert fragment.count("<del ") == len(result.removed) > 0


def test_the_library_cleans_texts_or_takes_their_results():
    texts = [SAMPLES["004_00799555a65d6284"], SAMPLES["002_ee8b8f1d532d93e5"]]
    results = [cleaner.explain(text) for text in texts]
    assert cleaner.report(texts).html == cleaner.report(zip(texts, results)).html
    assert cleaner.report(texts)._repr_html_() == str(cleaner.report(texts))
    assert cleaner.report(texts, keep_title=True).html != cleaner.report(texts).html


def test_an_html_page_shows_the_lines_of_its_extracted_text():
    body = "".join(f"<p>{sentence}</p>" for sentence in SAMPLES["004_00799555a65d6284"].splitlines() if sentence)
    html_page = f"<!DOCTYPE html><html><head><title>Treaty</title></head><body><article>{body}</article></body></html>"
    result = cleaner.explain_html(html_page)
    assert result.removed
    document = data_blocks(cleaner.report([html_page]).html)[0]
    rows = re.findall(r"<li[ >].*?</li>", document)  # one per line, in order
    struck = [(number, cut) for number, row in enumerate(rows, 1) for cut in re.findall(r"<del [^>]*>(.*?)</del>", row)]
    assert struck == [(removal.line, html.escape(removal.text)) for removal in result.removed]


def test_the_index_counts_every_removal_under_its_rule():
    texts = list(SAMPLES.values())
    results = [cleaner.explain(text) for text in texts]
    page_html = cleaner.report(zip(texts, results)).html
    index = index_data(page_html)
    expected: dict[str, int] = {}
    for result in results:
        for key, lines in result.counts().items():
            expected[key] = expected.get(key, 0) + lines
    assert {key: len(cuts) for key, cuts in index["cuts"].items()} == expected
    assert [document[5] for document in index["documents"]] == [len(result.removed) for result in results]
    for key in expected:
        assert f'href="#rule={key}"' in page_html


def test_the_chart_shows_the_rules_that_removed_most_and_the_filter_every_one():
    out = io.StringIO()
    writer = ReportWriter(out)
    for k in range(1, CHART_BARS + 6):  # rule k removes a line of k words
        removal = Removal(1, " ".join(["word"] * k), Reason.RULE, replace(RULES["AD101"], id=f"AD{k:03}", name="ad-line"))
        writer.add(f"page {k}", Result("", None, "en", (removal,)))
    writer.finish()
    chart = re.search(r"<svg class=\"acr-chart\".*?</svg>(.*?)</", out.getvalue()).group(0)
    assert re.findall(r'href="#rule=(AD\d+)"', chart) == [f"AD{k:03}" for k in range(CHART_BARS + 5, 5, -1)]
    assert "5 more rules: the filter lists them." in chart
    assert len(re.findall(r'<option value="AD', out.getvalue())) == CHART_BARS + 5


def test_a_saved_page_is_whole_or_not_written(tmp_path):
    target = tmp_path / "review.html"
    cleaner.report([HOSTILE]).save(target)
    assert target.read_text(encoding="utf-8").endswith("</html>\n")

    class Broken(Exception):
        pass

    with pytest.raises(Broken), writing(tmp_path / "never.html") as writer:
        writer.add("a", cleaner.explain(HOSTILE), HOSTILE)
        raise Broken
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.html"]


def test_a_writer_holds_only_the_index(tmp_path):
    """A document's view is written when it is added, not kept for the end."""
    with open(tmp_path / "page.html", "w", encoding="utf-8") as out:
        writer = ReportWriter(out)
        size = out.tell()
        writer.add("a", cleaner.explain(HOSTILE), HOSTILE)
        assert out.tell() > size


def run_cli(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, cwd=cwd)


def test_the_command_line_writes_the_page_instead_of_the_text(tmp_path):
    records = tmp_path / "pages.jsonl"
    records.write_text("".join(json.dumps({"id": k, "text": text}) + "\n" for k, text in enumerate(SAMPLES.values())),
                       encoding="utf-8")
    target = tmp_path / "review.html"
    seeds = sorted(p for p in SEEDS.glob("*.txt") if not p.name.endswith(".expected.txt"))
    done = run_cli("--report", str(target), *map(str, seeds), str(records))
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    index = index_data(target.read_text(encoding="utf-8"))
    names = [document[0] for document in index["documents"]]
    assert names[: len(seeds)] == list(map(str, seeds))
    assert names[len(seeds):] == [f"{records}:{k}" for k in range(1, len(SAMPLES) + 1)]
    removed = [len(cleaner.explain(read_exact(p)).removed) for p in seeds]
    removed += [len(cleaner.explain(text).removed) for text in SAMPLES.values()]
    assert [document[5] for document in index["documents"]] == removed


@pytest.mark.parametrize("args, message", [
    (["--report", "{tmp}/missing/review.html"], "missing/review.html: cannot write: No such file or directory"),
    (["--report", "{tmp}"], ": cannot write: is a folder"),
    (["--report", "{tmp}/review.html", "--in-place"], "--report and --format json only look"),
])
def test_a_page_that_cannot_be_written_stops_the_run_in_one_line(tmp_path, args, message):
    done = run_cli(*[arg.format(tmp=tmp_path) for arg in args], str(SEEDS))
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1 and message in done.stderr.decode()
    assert list(tmp_path.iterdir()) == []
