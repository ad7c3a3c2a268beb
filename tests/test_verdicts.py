"""What a removal says of itself: its reason as a string and the counts of a result."""

from __future__ import annotations

from collections import Counter

from test_pipeline import BODY, CLEANER, FULL_PAGE


def test_counts_sum_removals_by_rule_id_or_reason():
    result = CLEANER.explain(FULL_PAGE)
    keys = [r.rule.id if r.rule else r.reason.value for r in result.removed]
    assert result.counts() == Counter(keys)
    assert result.counts()["title"] == 1 and result.counts()["SH101"] == 2


def test_a_reason_is_its_string_in_output_and_in_comparisons():
    (trim,) = [r for r in CLEANER.explain(BODY[0] + " (AFP)\n\n" + "\n\n".join(BODY[1:]) + "\n").removed]
    assert trim.reason == "trim" and f"{trim.reason}" == "trim"
    assert trim.as_json() == {"line": 1, "text": " (AFP)", "reason": "trim", "rule": "CP002 trailing-agency-credit",
                              "score": trim.score, "detail": ""}
