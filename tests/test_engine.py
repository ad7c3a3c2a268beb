"""The rule engine's shortcuts (merged anchored rules, word bands, required strings) pick the rule
that trying every rule in order would pick, on every line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import engine as engine_module
from cleaner.engine import KINDS, RuleIndex, anchored, fold, merged, required_strings
from cleaner.rules import builtin_packs, count_words, parse_pack

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
BUILTIN = [rule for pack in builtin_packs() for rule in pack.rules]


def one_by_one(rules, text: str, zone: str) -> dict[str, str]:
    """The first rule of each kind that fires, trying every rule on its own, in order."""
    words = count_words(text)
    zones = ("any",) if zone == "any" else ("any", zone)
    first = {}
    for kind in KINDS:
        for rule in (r for z in zones for r in rules if r.kind == kind and r.zone == z):
            if rule.matches(text, None, words):
                first[kind] = rule.id
                break
    if "line" in first:
        first.pop("span", None)
    return first


def engine(index: RuleIndex, text: str, zone: str) -> dict[str, str]:
    hits, headers = index.match([text], [zone], [count_words(text)])
    found = {hit.rule.kind: hit.rule.id for hit in hits}
    found.update({"section": hit.rule.id for hit in headers})
    return found


def lines() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*/*.txt"))]
    texts += [example for rule in BUILTIN for example in (*rule.remove, *rule.keep)]
    return [line for text in texts for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("zone", ["any", "head", "tail"])
def test_the_engine_picks_the_rule_trying_them_all_would(zone):
    index = RuleIndex(BUILTIN)
    for text in lines():
        assert engine(index, text, zone) == one_by_one(BUILTIN, text, zone), text


def test_a_whole_document_gets_the_rules_of_its_lines_taken_alone():
    # Required strings are looked for in the whole document at once: each line must still get its own.
    index = RuleIndex(BUILTIN)
    texts = lines()
    hits, headers = index.match(texts, ["tail"] * len(texts), [count_words(t) for t in texts])
    found = [{} for _ in texts]
    for hit in hits:
        found[hit.line][hit.rule.kind] = hit.rule.id
    for hit in headers:
        found[hit.line]["section"] = hit.rule.id
    assert found == [one_by_one(BUILTIN, text, "tail") for text in texts]


def test_lines_matched_before_get_what_they_got_then():
    # The index remembers what lines met: every line must still get its own rules, whether it was
    # matched before in the same zone, in another zone, or not at all.
    index = RuleIndex(BUILTIN)
    texts = lines()
    zones = ["head", "any", "tail"] * (len(texts) // 3 + 1)
    index.match(texts[::2], zones[:len(texts):2], [count_words(t) for t in texts[::2]])
    again = texts[len(texts) // 2:] + texts[:len(texts) // 2]
    assert (index.match(again, zones[:len(again)], [count_words(t) for t in again])
            == RuleIndex(BUILTIN).match(again, zones[:len(again)], [count_words(t) for t in again]))


def test_an_index_that_matched_other_documents_matches_as_a_fresh_one(monkeypatch):
    # The index remembers earlier documents' lines (up to RECENT_LINES, then it starts afresh).
    monkeypatch.setattr(engine_module, "RECENT_LINES", 50)
    index = RuleIndex(BUILTIN)
    texts = lines()
    for start in range(0, 400, 10):  # documents that share lines, in other zones too
        document = texts[start:start + 30]
        zones = ["head", "any", "tail"] * 10
        words = [count_words(t) for t in document]
        assert index.match(document, zones, words) == RuleIndex(BUILTIN).match(document, zones, words)
    assert len(index._recent) <= 50


def test_a_pattern_with_whole_pattern_flags_is_not_merged():
    pack = parse_pack('''
[pack]
language = "*"
[[rule]]
id = "AD901"
name = "first"
concept = "ad-slot-label"
kind = "line"
pattern = "^ab"
description = "case-sensitive"
remove = ["ab"]
keep = ["AB"]
[[rule]]
id = "AD902"
name = "second"
concept = "affiliate-disclosure"
kind = "line"
pattern = "^x(?i)Y"
description = "case-insensitive, as a whole"
remove = ["xy"]
keep = ["ab"]
''', "test.toml")
    first, second = pack.rules
    assert anchored(first) and not anchored(second)
    index = RuleIndex(pack.rules)
    assert engine(index, "AB", "any") == {}
    assert engine(index, "xy", "any") == {"line": "AD902"}


def test_required_strings_hold_in_every_example():
    for rule in BUILTIN:
        needs = required_strings(rule.pattern.pattern, rule.pattern.flags)
        if needs is None:
            continue
        strings, folded = needs
        for text in (*rule.remove, *rule.keep):
            if rule.pattern.search(text):
                assert any(s in (fold(text) if folded else text) for s in strings), (rule.id, text)


def test_case_insensitive_required_strings_see_the_odd_case_partners():
    assert fold("REPRİNTS ſ K") == "reprints s k"
    assert required_strings(r"\bfree spins\b", 2) == (("free spins",), True)
    assert required_strings(r"\bfree spins\b", 0) == (("free spins",), False)
    assert required_strings(r"\p{Lu}+", 0) is None


def test_required_strings_are_read_through_lookaheads_and_unicode_classes():
    assert required_strings(r"^(?=.*\bcookies?\b)(?=.*\b(?:accept|agree)\b)", 2) == (("cookie",), True)
    assert required_strings(r"^(?!.*cookie)ab", 0) == (("ab",), False)  # a negative lookahead requires nothing
    assert required_strings(r"^\s*(?:[\p{Lu}][\w.-]*\s*){1,4}--\s*$", 0) == (("--",), False)
    assert required_strings(r"\\p{Lu}", 0) == (("\\p{Lu}",), False)  # an escaped backslash, then letters
    assert required_strings(r"about(?: us)?|about me", 2) == (("about",), True)  # "about me" holds "about"


def test_an_anchored_rule_with_a_rare_string_is_tried_alone():
    by_id = {rule.id: rule for rule in BUILTIN}
    assert anchored(by_id["CK101"]) and not merged(by_id["CK101"])  # needs "cookie"
    assert anchored(by_id["LK101"]) and merged(by_id["LK101"])  # one of many strings: merged is cheaper
