"""Rule packs: every built-in rule proves its examples, bad packs fail with one clear line, selection works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex

import cleaner
from cleaner.rules import CATEGORIES, KINDS, ZONES, RuleError, builtin_concepts, builtin_packs, load_pack, parse_pack
from conftest import paragraphs, seed_pairs

BUILTIN = [rule for pack in builtin_packs() for rule in pack.rules]
# Ids by language: a hundred each for the first nine packs, then tens of the 9xx range (90x is left
# for users' own packs).
LANGUAGE_PREFIX = {"*": "0", "en": "1", "de": "2", "fr": "3", "es": "4", "it": "5", "pt": "6", "nl": "7", "pl": "8",
                   "el": "91", "ru": "92", "zh": "93", "ja": "94", "uk": "95", "cs": "96", "tr": "97", "sv": "98",
                   "ko": "99"}


def examples(field: str) -> list:
    return [pytest.param(rule, text, id=f"{rule.id}-{field}-{n}")
            for rule in BUILTIN for n, text in enumerate(getattr(rule, field))]


def test_builtin_packs_cover_common_and_english():
    languages = {pack.language for pack in builtin_packs()}
    assert {"*", "en"} <= languages
    assert len({rule.id for rule in BUILTIN}) == len(BUILTIN)


@pytest.mark.parametrize("rule", BUILTIN, ids=lambda rule: rule.label)
def test_rule_passes_its_own_examples(rule):
    assert rule.failed_examples() == []


@pytest.mark.parametrize("rule", BUILTIN, ids=lambda rule: rule.label)
def test_rule_is_well_formed(rule):
    assert rule.category in CATEGORIES
    assert rule.kind in KINDS and rule.zone in ZONES
    assert rule.id[2:].startswith(LANGUAGE_PREFIX[rule.language]), "id range does not match the pack's language"
    assert rule.name and rule.description.strip()
    assert rule.remove and rule.keep
    assert len(rule.trimmed) == (len(rule.remove) if rule.kind == "span" else 0)


@pytest.mark.parametrize(("rule", "text"), examples("remove"))
def test_rule_matches_remove_example(rule, text):
    assert rule.matches(text)


@pytest.mark.parametrize(("rule", "text"), examples("keep"))
def test_rule_spares_keep_example(rule, text):
    assert not rule.matches(text)


@pytest.mark.parametrize(("rule", "text"), examples("trimmed"))
def test_span_rule_trims_to_its_example(rule, text):
    original = rule.remove[rule.trimmed.index(text)]
    assert rule.trim(original) == text
    assert not rule.matches(text), "a trimmed line must not be trimmed again"


# --- validation -------------------------------------------------------------------------------

GOOD_RULE = """
[[rule]]
id = "LK901"
name = "continue-reading-link"
concept = "also-read-link"
kind = "line"
pattern = '^Continue reading at \\w+'
description = "A link to the rest of a story on another site."
remove = ["Continue reading at Example"]
keep = ["Continue reading, she said."]
"""
GOOD_PACK = '[pack]\nlanguage = "en"\ndescription = "test pack"\n' + GOOD_RULE


def test_good_pack_loads():
    (rule,) = parse_pack(GOOD_PACK, "good.toml").rules
    assert (rule.id, rule.label, rule.language, rule.source) == (
        "LK901", "LK901 continue-reading-link", "en", "good.toml")


# problem -> (text in the good pack, what replaces it, a word the error message must name)
BAD_RULES = {
    "kind is not a string": ('kind = "line"', "kind = 3", "kind"),
    "examples not a list": ('remove = ["Continue reading at Example"]', 'remove = "Continue reading at Example"',
                            "remove"),
    "example not a string": ('keep = ["Continue reading, she said."]', "keep = [1]", "keep"),
    "flags not a list": ('kind = "line"', 'kind = "line"\nflags = "ignorecase"', "flags"),
    "unknown flag": ('kind = "line"', 'kind = "line"\nflags = ["dotall"]', "dotall"),
    "max_words not an integer": ('kind = "line"', 'kind = "line"\nmax_words = "ten"', "max_words"),
    "max_words not positive": ('kind = "line"', 'kind = "line"\nmax_words = 0', "max_words"),
    "unknown kind": ('kind = "line"', 'kind = "paragraph"', "paragraph"),
    "unknown zone": ('kind = "line"', 'kind = "line"\nzone = "middle"', "middle"),
    "unknown until": ('kind = "line"', 'kind = "section"\nuntil = "forever"', "forever"),
    "section to the end outside the tail": ('kind = "line"', 'kind = "section"\nuntil = "end"\nzone = "head"',
                                            "tail"),
    "invalid regex": ("pattern = '^Continue reading at \\w+'", "pattern = '^Continue (reading'", "pattern"),
    "empty pattern": ("pattern = '^Continue reading at \\w+'", "pattern = ''", "pattern"),
    "missing description": ('description = "A link to the rest of a story on another site."', "", "description"),
    "missing remove examples": ('remove = ["Continue reading at Example"]', "", "remove"),
    "missing keep examples": ('keep = ["Continue reading, she said."]', "keep = []", "keep"),
    "remove example that fails": ('remove = ["Continue reading at Example"]', 'remove = ["Read on at Example"]',
                                  "Read on at Example"),
    "keep example that matches": ('keep = ["Continue reading, she said."]', 'keep = ["Continue reading at Home"]',
                                  "Continue reading at Home"),
    "trimmed on a line rule": ('kind = "line"', 'kind = "line"\ntrimmed = ["x"]', "trimmed"),
    "unknown key": ('kind = "line"', 'kind = "line"\ncolour = "red"', "colour"),
    "until on a line rule": ('kind = "line"', 'kind = "line"\nuntil = "body"', "'until' is for section rules"),
    "confirm on a line rule": ('kind = "line"', 'kind = "line"\nconfirm = ["CM102"]', "'confirm' is for section rules"),
    "missing concept": ('concept = "also-read-link"\n', "", "concept"),
    "unknown concept": ('concept = "also-read-link"', 'concept = "also-red-link"', "did you mean 'also-read-link'"),
    "concept of another category": ('concept = "also-read-link"', 'concept = "reading-time"',
                                    "concept 'reading-time' is of category BY, not LK"),
}


@pytest.mark.parametrize(("old", "new", "named"), BAD_RULES.values(), ids=BAD_RULES.keys())
def test_bad_rule_is_refused_with_one_line_naming_file_and_rule(old, new, named):
    assert old in GOOD_PACK
    with pytest.raises(RuleError) as error:
        parse_pack(GOOD_PACK.replace(old, new), "packs/bad.toml")
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("packs/bad.toml:5: rule LK901: ")  # the line of its [[rule]]
    assert named in message


@pytest.mark.parametrize("bad_id", ["L901", "LK90", "lk901", "ZZ901"])
def test_bad_rule_id_is_refused(bad_id):
    with pytest.raises(RuleError) as error:
        parse_pack(GOOD_PACK.replace('"LK901"', f'"{bad_id}"'), "bad.toml")
    assert str(error.value).startswith("bad.toml:5: rule ") and bad_id in str(error.value)


def test_duplicate_id_is_refused():
    with pytest.raises(RuleError, match=r"^dup\.toml:15: rule LK901: duplicate id \(first at line 5\)$"):
        parse_pack(GOOD_PACK + GOOD_RULE, "dup.toml")


def test_duplicate_name_in_one_pack_is_refused():
    with pytest.raises(RuleError, match=r"^dup\.toml:15: rule LK902: duplicate name 'continue-reading-link' "
                                        r"\(first at line 5\)$"):
        parse_pack(GOOD_PACK + GOOD_RULE.replace("LK901", "LK902"), "dup.toml")


def test_duplicate_concept_in_one_pack_is_refused():
    second = GOOD_RULE.replace("LK901", "LK902").replace("continue-reading-link", "read-on-link")
    with pytest.raises(RuleError, match=r"^dup\.toml:15: rule LK902: duplicate concept 'also-read-link' "
                                        r"\(first at line 5\)$"):
        parse_pack(GOOD_PACK + second, "dup.toml")


# --- concepts -----------------------------------------------------------------------------------

CORE_CONCEPTS = {"also-read-link", "related-list-header", "top-stories-widget", "tags-line", "ad-slot-label",
                 "share-prompt", "comments-header", "rights-reserved", "navigation-label"}


def test_every_language_pack_names_the_core_concepts_and_every_concept_is_used():
    for pack in builtin_packs():
        if pack.language != "*":
            assert CORE_CONCEPTS <= {rule.concept for rule in pack.rules}, pack.source
    assert {rule.concept for rule in BUILTIN} == set(builtin_concepts())


def test_selecting_a_concept_selects_its_rule_in_every_language_pack():
    also_read = {rule.id for rule in BUILTIN if rule.concept == "also-read-link"}
    assert len(also_read) == len(builtin_packs()) - 1  # every pack but the language-neutral one
    assert {rule.id for rule in cleaner.Cleaner(select=["also-read-link"]).rules.rules} == also_read
    both = cleaner.Cleaner(select=["also-read-link", "reading-time"]).rules.rules
    assert {rule.concept for rule in both} == {"also-read-link", "reading-time"}
    ignored = {rule.id for rule in cleaner.Cleaner(ignore=["also-read-link"]).rules.rules}
    assert ignored == {rule.id for rule in BUILTIN} - also_read


def test_an_ignored_concept_keeps_its_lines_in_every_language():
    lines = ["Also read: North Korea ratifies defense treaty with Russia", "Lesen Sie auch: Der Vertrag tritt in Kraft"]
    for line, lang in zip(lines, ("en", "de")):
        text = "\n\n".join(BODY[:2] + [line] + BODY[2:]) + "\n"
        assert line not in cleaner.clean(text, lang=lang)
        assert line in cleaner.clean(text, lang=lang, ignore=["also-read-link"])


PACK_CONCEPT = '\n[concepts.continue-link]\ncategory = "LK"\ndescription = "A link to the rest of a story."\n'


def test_a_pack_declares_its_own_concepts():
    pack = parse_pack(GOOD_PACK.replace('concept = "also-read-link"', 'concept = "continue-link"') + PACK_CONCEPT,
                      "own.toml")
    assert [(concept.name, concept.category) for concept in pack.concepts] == [("continue-link", "LK")]
    assert pack.rules[0].concept == "continue-link"


@pytest.mark.parametrize(("declaration", "problem"), [
    (PACK_CONCEPT.replace("continue-link", "reading-time"), "concept reading-time: already declared in cleaner/concepts.toml"),
    (PACK_CONCEPT.replace('"LK"', '"XX"'), "concept continue-link: unknown category 'XX'"),
    (PACK_CONCEPT.replace("continue-link", "Continue_Link"), "a concept's name is lower-case words joined by dashes"),
    (PACK_CONCEPT.replace("description", "colour"), "a concept has a category and a description, nothing else"),
])
def test_a_bad_concept_declaration_is_refused(declaration, problem):
    with pytest.raises(RuleError, match=rf"^own\.toml: .*{re.escape(problem)}"):
        parse_pack(GOOD_PACK + declaration, "own.toml")


SECTION_RULE = GOOD_RULE.replace('kind = "line"', 'kind = "section"\nconfirm = ["CM102", "CM103"]')


@pytest.mark.parametrize("confirm", ['["CM102", "CM103"]', '["CM1"]'])
def test_a_section_confirmed_by_other_packs_rules_loads(tmp_path, confirm):
    path = tmp_path / "site.toml"
    path.write_text(GOOD_PACK.replace(GOOD_RULE, SECTION_RULE.replace('["CM102", "CM103"]', confirm)), encoding="utf-8")
    assert "LK901" in {rule.id for rule in cleaner.Cleaner(rule_files=[str(path)]).rules.rules}


def test_a_confirm_that_names_no_rule_is_refused(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(GOOD_PACK.replace(GOOD_RULE, SECTION_RULE.replace('"CM103"', '"CM999"')), encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{re.escape(str(path))}:5: rule LK901: 'confirm' names no rule: CM999$"):
        cleaner.Cleaner(rule_files=[str(path)])
    path.write_text(GOOD_PACK.replace(GOOD_RULE, SECTION_RULE), encoding="utf-8")
    with pytest.raises(RuleError, match=r"'confirm' names no rule: CM102, CM103$"):  # without the packs that have them
        cleaner.Cleaner(rule_files=[str(path)], builtin_rules=False)


def test_a_toml_error_names_its_line():
    with pytest.raises(RuleError, match=r"^packs/bad\.toml:7: not valid TOML: Invalid value$"):
        parse_pack(GOOD_PACK.replace('name = "continue-reading-link"', "name = continue-reading-link"), "packs/bad.toml")


def test_a_duplicate_id_is_found_before_any_pattern_is_compiled():
    """A pack of many rules once compiled them all (12.6 s for 100k rules) before its duplicate showed."""
    broken = GOOD_PACK + GOOD_RULE.replace("pattern = '^Continue reading at \\w+'", "pattern = '^Continue ('")
    with pytest.raises(RuleError, match=r"^dup\.toml:15: rule LK901: duplicate id"):
        parse_pack(broken, "dup.toml")


BAD_PACKS = {
    "missing [pack]": GOOD_RULE,
    "bad language": GOOD_PACK.replace('language = "en"', 'language = "English"'),
    "unknown top-level key": "colour = 1\n" + GOOD_PACK,
    "rule not an array of tables": GOOD_PACK.replace("[[rule]]", "[rule]"),
}


@pytest.mark.parametrize("text", BAD_PACKS.values(), ids=BAD_PACKS.keys())
def test_bad_pack_is_refused_with_one_line_naming_the_file(text):
    with pytest.raises(RuleError) as error:
        parse_pack(text, "packs/bad.toml")
    assert "\n" not in str(error.value)
    assert str(error.value).startswith("packs/bad.toml: ")


def test_load_pack_names_the_path(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text(GOOD_PACK.replace("kind = \"line\"", "kind = \"paragraph\""), encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{re.escape(str(path))}:5: rule LK901: unknown kind") as error:
        load_pack(path)
    assert "\n" not in str(error.value)


def test_unreadable_pack_is_a_rule_error(tmp_path):
    missing = tmp_path / "missing.toml"
    with pytest.raises(RuleError, match=rf"^{re.escape(str(missing))}: "):
        load_pack(missing)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(GOOD_PACK.replace("test pack", "caf\u00e9").encode("latin-1"))
    with pytest.raises(RuleError, match=rf"^{re.escape(str(latin1))}: "):
        load_pack(latin1)


def test_cleaner_refuses_a_user_rule_that_reuses_a_builtin_id(tmp_path):
    path = tmp_path / "clash.toml"
    taken = next(rule.id for rule in BUILTIN if rule.category == "LK")  # of the pack's concept's category
    path.write_text(GOOD_PACK.replace("LK901", taken), encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{re.escape(str(path))}:5: rule {taken}: id already used in rules/"):
        cleaner.Cleaner(rule_files=[str(path)])


# --- selection and user packs -----------------------------------------------------------------

BODY = paragraphs(seed_pairs()[4][2])
COOKIE = "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies."
ALSO_READ = "• Also read: North Korea ratifies defense treaty with Russia"
ARTICLE = "\n\n".join(BODY[:2] + [COOKIE] + BODY[2:4] + [ALSO_READ] + BODY[4:]) + "\n"


def removed_by_rules(**options) -> dict[str, str]:
    """Removed line text -> the id of the rule that removed it."""
    return {r.text: r.rule.id for r in cleaner.explain(ARTICLE, **options).removed if r.rule}


def test_all_rules_apply_by_default():
    assert removed_by_rules() == {COOKIE: "CK101", ALSO_READ: "LK101"}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"ignore": ("CK",)}, {ALSO_READ: "LK101"}),
        ({"ignore": ("CK101",)}, {ALSO_READ: "LK101"}),
        ({"ignore": ("CK", "LK")}, {}),
        ({"select": ("CK",)}, {COOKIE: "CK101"}),
        ({"select": ("LK1",)}, {ALSO_READ: "LK101"}),
        ({"select": ("LK", "CK"), "ignore": ("LK101",)}, {COOKIE: "CK101"}),
    ],
)
def test_select_and_ignore_by_prefix(options, expected):
    assert removed_by_rules(**options) == expected
    rules = cleaner.Cleaner(**options).rules.rules
    assert {rule.id for rule in rules} <= {rule.id for rule in BUILTIN}
    if "select" in options:
        assert all(rule.id.startswith(options["select"]) for rule in rules)
    assert not any(rule.id.startswith(options.get("ignore", ())) for rule in rules)


def test_ignored_rule_lines_stay_in_the_text():
    text = cleaner.clean(ARTICLE, ignore=("CK", "LK"))
    assert COOKIE in text and ALSO_READ in text


SITE_PROMO = "Readers of the Daily Bugle can follow every twist of this story on our live blog, updated around the clock."
SITE_PACK = """
[pack]
language = "*"
description = "One site's chrome, added without touching the cleaner's code."

[concepts.live-blog-promo]
category = "AD"
description = "A promotion of the site's own live blog."

[[rule]]
id = "AD090"
name = "bugle-live-blog-promo"
concept = "live-blog-promo"
kind = "line"
pattern = '^Readers of the Daily Bugle can follow\\b'
description = "The Daily Bugle's live-blog promotion, pasted between paragraphs."
remove = ["Readers of the Daily Bugle can follow the count live."]
keep = ["Readers of the Daily Bugle wrote in their thousands."]
"""


def test_user_pack_removes_a_new_sites_chrome(tmp_path):
    path = tmp_path / "bugle.toml"
    path.write_text(SITE_PACK, encoding="utf-8")
    article = "\n\n".join(BODY[:3] + [SITE_PROMO] + BODY[3:]) + "\n"
    assert cleaner.clean(article) == article
    result = cleaner.explain(article, rule_files=[str(path)])
    assert result.text == "\n\n".join(BODY) + "\n"
    assert [(r.text, r.rule.label) for r in result.removed] == [(SITE_PROMO, "AD090 bugle-live-blog-promo")]
    only_user_rules = cleaner.Cleaner(rule_files=[str(path)], builtin_rules=False)
    assert [rule.id for rule in only_user_rules.rules.rules] == ["AD090"]


def test_a_rule_compiled_twice_is_the_same_rule():
    pack = Path(__file__).resolve().parent.parent / "rules" / "en.toml"
    first = load_pack(pack).rules
    regex.purge()  # the module's cache would otherwise hand out the very same pattern object
    again = load_pack(pack).rules
    assert again[0].pattern is not first[0].pattern
    assert again == first and {hash(rule) for rule in again} == {hash(rule) for rule in first}
