"""The filter: stdin to stdout, files, --check/--diff/--explain/--format json, rule selection, the
rule catalogue, and errors as one line with exit code 2."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import cleaner
from cleaner import cli
from cleaner.rules import builtin_concepts, builtin_packs
from conftest import BODY, CHROME, CLEAN, DIRTY, MARKDOWN, MARKDOWN_CLEAN, PAGE, run, runner, seed_pairs, tree

SEEDS = {name[:3]: text for name, text, _ in seed_pairs()}
CLEAN_SEED = SEEDS["000"]  # a clean article
DIRTY_SEED = SEEDS["004"]  # headline, "Also read" links, a comment prompt


def one_error_line(result, *words: str) -> None:
    """Exit 2 and one line on stderr that says what and where; never a traceback."""
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_the_chrome_in_these_examples_is_what_the_cleaner_removes():
    assert cleaner.clean(DIRTY) == CLEAN
    assert cleaner.clean(CLEAN) == CLEAN


@pytest.mark.parametrize("args", [(), ("-",)])
def test_stdin_to_stdout_with_nothing_on_stderr(args):
    result = run(*args, input=DIRTY)
    assert result.exit_code == 0
    assert result.stdout_bytes == CLEAN.encode()
    assert result.stderr == ""


def test_crlf_and_non_ascii_come_through_byte_for_byte():
    dirty = DIRTY.replace("Tuesday", "Tuesday – « déjà »").replace("\n", "\r\n").encode()
    result = run(input=dirty)
    assert result.stdout_bytes == CLEAN.replace("Tuesday", "Tuesday – « déjà »").replace("\n", "\r\n").encode()


def test_clean_article_comes_back_unchanged():
    result = run(input=CLEAN_SEED.encode())
    assert result.exit_code == 0
    assert result.stdout_bytes == CLEAN_SEED.encode()


def test_files_are_written_to_stdout_in_order(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    (tmp_path / "b.txt").write_text(BODY[0] + "\n")
    result = run(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert result.exit_code == 0
    assert result.stdout == CLEAN + BODY[0] + "\n"


def test_check_exits_1_and_writes_nothing_when_something_would_go(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY)
    result = run("--check", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"would clean {path}" in result.stderr
    assert path.read_text() == DIRTY


def test_check_exits_0_on_a_clean_article():
    result = run("--check", input=CLEAN_SEED)
    assert (result.exit_code, result.stdout) == (0, "")


def test_quiet_check_only_sets_the_exit_code():
    result = run("--check", "--quiet", input=DIRTY)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")


def test_diff_shows_the_removed_lines_as_a_unified_diff(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY)
    result = run("--diff", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"--- {path}\n+++ {path}\n@@ ")
    removed = [line[1:] for line in result.stdout.splitlines()[2:] if line.startswith("-")]
    assert removed == CHROME
    assert not any(line.startswith("+") for line in result.stdout.splitlines()[2:])
    assert path.read_text() == DIRTY


def test_diff_marks_a_last_line_without_newline():
    result = run("--diff", input=DIRTY + "Advertisement")  # the last kept line keeps its own newline
    assert result.stdout.splitlines()[-3:] == [" " + BODY[3], "-Advertisement", "\\ No newline at end of file"]


def test_joined_files_do_not_run_into_each_other_when_a_last_line_goes(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY + "Advertisement")  # its last line, without a newline, goes
    (tmp_path / "b.txt").write_text(DIRTY)
    result = run(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert result.stdout == CLEAN + CLEAN


def test_check_with_diff_prints_the_diff_and_exits_1():
    result = run("--check", "--diff", input=DIRTY)
    assert result.exit_code == 1
    assert "-Advertisement" in result.stdout


def test_explain_gives_file_line_reason_and_text_for_every_removed_line():
    result = run("--explain", input=DIRTY)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [re.fullmatch(r"<stdin>:(\d+): (\S.*): (.*)", line).group(1, 3) for line in lines] == [
        ("2", "Advertisement"), ("4", "Share this:"), ("6", "Sign up for our newsletter")]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_explain_tells_the_rule_or_heuristic_score_the_library_gives(name):
    expected = cleaner.explain(SEEDS[name]).removed
    lines = run("--explain", input=SEEDS[name]).stdout.splitlines()
    assert lines == [f"<stdin>:{r.line}: {r.describe()}: {r.text}" for r in expected]


def test_json_has_text_title_language_and_removed_lines_with_reasons():
    seed = DIRTY_SEED
    result = run("--format", "json", input=seed)
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    expected = cleaner.explain(seed)
    assert document["text"] == expected.text
    assert document["title"] == expected.title and expected.title
    assert document["language"] == "en"
    assert [(r["line"], r["text"], r["reason"], r["rule"]) for r in document["removed"]] == [
        (r.line, r.text, r.reason, r.rule.label if r.rule else None) for r in expected.removed]


def test_json_gives_one_line_per_file(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(DIRTY)
    result = run("--format", "json", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert [json.loads(line)["file"] for line in result.stdout.splitlines()] == [
        str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def rule_ids(stdout: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^\S+:\d+: ([A-Z]{2}\d{3}) ", stdout, re.M)}


def test_ignore_leaves_out_rules_by_id_or_prefix():
    everything = rule_ids(run("--explain", input=DIRTY).stdout)
    advert = next(i for i in everything if i.startswith("AD"))
    assert advert not in rule_ids(run("--explain", "--ignore", "AD", input=DIRTY).stdout)
    assert advert not in rule_ids(run("--explain", "--ignore", advert, input=DIRTY).stdout)


def test_select_repeated_or_comma_separated():
    everything = rule_ids(run("--explain", input=DIRTY).stdout)
    prefixes = sorted({i[:2] for i in everything})[:2]
    repeated = run("--explain", "--select", prefixes[0], "--select", prefixes[1], input=DIRTY)
    commas = run("--explain", "--select", ",".join(prefixes), input=DIRTY)
    assert rule_ids(repeated.stdout) == rule_ids(commas.stdout) == {i for i in everything if i[:2] in prefixes}


def test_a_selector_that_names_no_rule_is_an_error():
    one_error_line(run("--select", "LK90", input=DIRTY), "LK90")
    one_error_line(run("--ignore", "ZZ", input=DIRTY), "ZZ")


USER_PACK = """
[pack]
language = "en"
description = "Our site's sponsor line."

[[rule]]
id = "AD901"
name = "acme-sponsor"
concept = "ad-slot-label"
kind = "line"
pattern = '''^Brought to you by ACME\\b'''
description = "ACME's sponsor line."
remove = ["Brought to you by ACME"]
keep = ["ACME said it brought the case to court."]
"""


def test_extra_rule_pack_adds_its_rules(tmp_path):
    pack = tmp_path / "acme.toml"
    pack.write_text(USER_PACK)
    text = CLEAN.replace(BODY[1], BODY[1] + "\nBrought to you by ACME")
    result = run("--explain", "--rules", str(pack), input=text)
    assert "<stdin>:3: AD901 acme-sponsor: Brought to you by ACME" in result.stdout.splitlines()


def test_bad_rule_pack_is_one_line_naming_the_file_and_rule(tmp_path):
    pack = tmp_path / "acme.toml"
    pack.write_text(USER_PACK.replace('keep = ["ACME said', 'keep = ["Brought to you by ACME", "ACME said'))
    one_error_line(run("--rules", str(pack), input=DIRTY), str(pack), "AD901")


@pytest.mark.parametrize(("old", "new", "problem"), [
    ('kind = "line"', 'kind = "line"\nuntil = "body"', "'until' is for section rules"),
    ('kind = "line"', 'kind = "section"\nconfirm = ["CM109"]', "'confirm' names no rule: CM109"),
])
def test_a_rule_pack_error_is_file_line_rule_problem(tmp_path, old, new, problem):
    pack = tmp_path / "acme.toml"
    pack.write_text(USER_PACK.replace(old, new))
    result = run("--rules", str(pack), input=DIRTY)
    assert (result.exit_code, result.stderr) == (2, f"{pack}:6: rule AD901: {problem}\n")


def test_keep_title_keeps_the_headline():
    seed = DIRTY_SEED
    title = cleaner.explain(seed).title
    assert not run(input=seed).stdout.startswith(title)
    assert run("--keep-title", input=seed).stdout.startswith(title)


def test_lang_skips_detection():
    document = json.loads(run("--format", "json", "--lang", "de", input=DIRTY).stdout)
    assert document["language"] == "de"
    assert json.loads(run("--format", "json", "--lang", "DE", input=DIRTY).stdout)["language"] == "de"
    for unknown in ("english", "xx"):
        one_error_line(run("--lang", unknown, input=DIRTY), "lang", repr(unknown))


@pytest.mark.parametrize("args", [
    ("--in-place",), ("--in-place", "--check", "a.txt"), ("--format", "json", "--diff"), ("-", "-"),
    ("--output-dir", "out", "--check", "a.txt"), ("--output-dir", "out"), ("--in-place", "--output-dir", "out", "a.txt"),
    ("--jsonl", "--html"),
])
def test_conflicting_or_impossible_options_are_usage_errors(args):
    one_error_line(run(*args, input=DIRTY), "cleaner:")


def test_missing_file_is_reported_and_the_others_still_cleaned(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    result = run(str(tmp_path / "missing.txt"), str(tmp_path / "a.txt"))
    one_error_line(result, "missing.txt", "No such file")
    assert result.stdout == CLEAN


def test_undecodable_file_is_reported_with_its_line_then_skipped_or_passed(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"first line\nsecond \xff line\n")
    (tmp_path / "a.txt").write_text(DIRTY)
    skipped = run(str(bad), str(tmp_path / "a.txt"))
    one_error_line(skipped, f"{bad}:2: not UTF-8")
    assert skipped.stdout == CLEAN
    passed = run("--on-error", "pass", str(bad), str(tmp_path / "a.txt"))
    assert passed.exit_code == 2
    assert passed.stdout_bytes == bad.read_bytes() + CLEAN.encode()


def test_version():
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"article-cleaner {cleaner.__version__}\n")


def test_rules_lists_every_rule_with_kind_and_language():
    result = runner.invoke(cli.rules_app, [])
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split()[1:3] for line in result.stdout.splitlines()}
    every = [rule for pack in builtin_packs() for rule in pack.rules]
    assert {rule.id: [rule.kind, rule.language] for rule in every} == rows


def test_rules_show_prints_pattern_and_examples():
    rule = builtin_packs()[0].rules[0]
    result = runner.invoke(cli.rules_app, ["show", rule.id.lower()])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{rule.label}\n{rule.description}\n")
    assert rule.pattern.pattern in result.stdout
    assert all(f"  {example}" in result.stdout for example in rule.remove + rule.keep)


def test_rules_show_a_concept_prints_its_rule_of_every_pack():
    result = runner.invoke(cli.rules_app, ["show", "reading-time"])
    assert result.exit_code == 0
    shown = re.findall(r"^([A-Z]{2}\d{3}) \S+$", result.stdout, re.M)
    every = [rule.id for pack in builtin_packs() for rule in pack.rules if rule.concept == "reading-time"]
    assert shown == every and len(every) > 2
    assert result.stdout.startswith(f"reading-time (BY): {builtin_concepts()['reading-time'].description}\n")


def test_rules_concepts_lists_each_concept_with_its_rules():
    result = runner.invoke(cli.rules_app, ["concepts"])
    rows = {line.split()[0]: line.split(":")[0].split()[2:] for line in result.stdout.splitlines()}
    assert set(rows) == set(builtin_concepts())
    assert rows["reading-time"] == sorted(rule.id for pack in builtin_packs() for rule in pack.rules
                                          if rule.concept == "reading-time")


def test_ignore_takes_a_concept():
    everything = rule_ids(run("--explain", input=DIRTY).stdout)
    by_id = {rule.id: rule.concept for pack in builtin_packs() for rule in pack.rules}
    concept = by_id[min(everything)]
    left = rule_ids(run("--explain", "--ignore", concept, input=DIRTY).stdout)
    assert left == {rule_id for rule_id in everything if by_id[rule_id] != concept}


def test_rules_show_unknown_id_is_an_error():
    one_error_line(runner.invoke(cli.rules_app, ["show", "ZZ999"]), "ZZ999")


def test_rules_show_finds_rules_of_an_extra_pack(tmp_path):
    (tmp_path / "acme.toml").write_text(USER_PACK)
    result = runner.invoke(cli.rules_app, ["show", "AD901", "--rules", str(tmp_path / "acme.toml")])
    assert "Brought to you by ACME" in result.stdout


def test_rules_test_passes_our_packs_and_a_good_user_pack(tmp_path):
    assert runner.invoke(cli.rules_app, ["test"]).exit_code == 0
    (tmp_path / "acme.toml").write_text(USER_PACK)
    result = runner.invoke(cli.rules_app, ["test", str(tmp_path / "acme.toml")])
    assert result.exit_code == 0
    assert result.stdout == f"{tmp_path / 'acme.toml'}: 1 rules, 2 examples pass\n"


def test_rules_test_fails_a_pack_whose_example_fails_with_exit_1(tmp_path):
    pack = tmp_path / "acme.toml"
    pack.write_text(USER_PACK.replace('remove = ["Brought', 'remove = ["Sponsored by ACME", "Brought'))
    result = runner.invoke(cli.rules_app, ["test", str(pack)])
    assert result.exit_code == 1
    assert f"{pack}:6: rule AD901: does not match its remove example 'Sponsored by ACME'" in result.stderr


SECTION = 'kind = "section"\nzone = "tail"\nconfirm = '


@pytest.mark.parametrize(("old", "new", "problem"), [
    ('kind = "line"', SECTION + '["CM109"]', "rule AD901: 'confirm' names no rule: CM109"),
    ('id = "AD901"', 'id = "AD101"', "rule AD101: id already used in rules/en.toml:"),
])
def test_rules_test_checks_a_pack_beside_the_builtin_ones(tmp_path, old, new, problem):
    """A typo in a confirm list, or an id the built-in packs use, once showed only when cleaning."""
    pack = tmp_path / "acme.toml"
    pack.write_text(USER_PACK.replace(old, new))
    result = runner.invoke(cli.rules_app, ["test", str(pack)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"{pack}:6: {problem}") and result.stderr.count("\n") == 1
    pack.write_text(USER_PACK.replace('kind = "line"', SECTION + '["CM1"]'))  # the built-in comment rules
    assert runner.invoke(cli.rules_app, ["test", str(pack)]).exit_code == 0


def test_rules_test_of_a_missing_file_is_exit_2(tmp_path):
    one_error_line(runner.invoke(cli.rules_app, ["test", str(tmp_path / "none.toml")]), "none.toml")


def command(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], input=input, capture_output=True)


def test_real_pipeline_through_a_subprocess():
    done = command(input=DIRTY.encode())
    assert (done.returncode, done.stdout, done.stderr) == (0, CLEAN.encode(), b"")


def test_real_rules_subcommand_and_error_without_traceback(tmp_path):
    assert command("rules").stdout.decode().splitlines()[0].split()[0] == builtin_packs()[0].rules[0].id
    done = command(str(tmp_path / "missing.txt"))
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [f"{tmp_path / 'missing.txt'}: cannot read: No such file or directory"]


def test_output_dir_writes_every_file_under_its_own_name_and_html_as_text(tmp_path):
    tree(tmp_path / "in", {"a.txt": DIRTY, "sub/b.md": MARKDOWN, "c.html": PAGE,
                           "d.jsonl": json.dumps({"text": DIRTY}) + "\n"})
    result = run("--output-dir", str(tmp_path / "out"), str(tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a.txt", "c.txt", "d.jsonl", "sub/b.md"]
    assert (out / "a.txt").read_text() == CLEAN and (out / "sub/b.md").read_text() == MARKDOWN_CLEAN
    assert json.loads((out / "d.jsonl").read_text())["text"] == CLEAN
    assert (tmp_path / "in" / "a.txt").read_text() == DIRTY


def test_rules_show_and_test_use_the_packs_named_before_them(tmp_path):
    from test_cli import USER_PACK

    pack = tmp_path / "acme.toml"
    pack.write_text(USER_PACK)
    shown = runner.invoke(cli.rules_app, ["--rules", str(pack), "show", "AD901"])
    assert shown.exit_code == 0 and "Brought to you by ACME" in shown.stdout
    tested = runner.invoke(cli.rules_app, ["--rules", str(pack), "test"])
    assert tested.stdout.startswith(f"{pack}: ")


@pytest.mark.parametrize(("args", "message"), [
    (["--jobs", "-1"], "cleaner: --jobs: must be a whole number, 0 for one per CPU"),
    (["--time-budget", "soon"], "cleaner: --time-budget: must be a number of seconds, 0 for no limit"),
    (["--min-prose-kept", "2"], "cleaner: --min-prose-kept: must be a share from 0 to 1, 0 to turn the guard off"),
    (["--on-error", "ignore"], "cleaner: --on-error: must be one of 'skip', 'pass'"),
    (["--format", "xml"], "cleaner: --format: 'xml' is not one of 'text', 'json'."),
    (["--colour"], "cleaner: no such option: --colour"),
    (["rules", "show"], "cleaner rules: missing argument 'ID'."),
])
def test_usage_errors_are_one_line_in_the_projects_words(args, message):
    done = subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, text=True, input="")
    assert (done.returncode, done.stderr) == (2, message + "\n")
