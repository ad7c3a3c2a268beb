"""The C4 line filter (Raffel et al. 2020, tensorflow_datasets ``c4_utils.py``), line rules only.

This is the corpus README's ``c4_lines`` baseline: the per-line rules without the page-level
emptying (lines with "lorem ipsum" or ``{`` are dropped, not the whole page).
"""

from __future__ import annotations

import re

_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")
_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
_ENDS = (".", "?", "!", '"')


def c4_line_filter(text: str) -> str:
    kept = []
    for line in text.splitlines():
        line = line.strip()
        if any(len(word) > 1000 for word in line.split()):
            continue
        line = _CITATION.sub("", line)
        if not line.endswith(_ENDS) or line.endswith("..."):
            continue
        if len(line.split()) < 5:
            continue
        lower = line.lower()
        if "lorem ipsum" in lower or "{" in line or "javascript" in lower:
            continue
        if any(phrase in lower for phrase in _POLICY):
            continue
        kept.append(line)
    return "\n".join(kept)
