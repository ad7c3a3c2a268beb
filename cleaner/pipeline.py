"""The cleaning pipeline, start to end: split, detect language, apply rules, score, assemble.

Read :meth:`Cleaner.analyse` (the evidence) then :meth:`Cleaner.explain` (the verdicts), top to
bottom, to follow one document through.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import regex

from . import features, guard, language, scoring, sections, sites, words
from .budget import Deadline
from .document import SENTENCE_ENDS, assemble, ends_with, split_lines
from .engine import Hit, RuleIndex
from .options import Options, loaded_profile, selectors
from .options import text as checked_text
from .rules import COMMENTS, Rule, RuleTimeout, builtin_packs, check_together, load_pack
from .verdicts import Reason, Removal, Result

TITLE_WORDS = (3, 20)
MAX_PASSES = 4  # passes that may remove something; a document a further one changes is kept unchanged
BOM = "\ufeff"
# A sentence's end inside a line, or a bar: not a headline. Its own, narrower marks: an ellipsis
# ("Are you serious… Chris Cornell ...") does not end one here (SENTENCE_ENDS: 2 of 5,852 verdicts change).
_SENTENCE_INSIDE = regex.compile(r"\p{Ll}{2}[.!?][\"'\u201d\u2019)]* \p{Lu}|\|")
_BREAK_ENDS = SENTENCE_ENDS + (":", ";")  # after these, a lower-case line starts anew (a list, a clause)
_LABEL_ENDS = (".", ":", ",", ";", "|")  # a sentence, a label or a list item ends so; a headline may end in ? or !
_BYLINE_START = regex.compile(rf"(?i){words.alternation('byline-start')}\b")


def _selected(rule_id: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """ruff-style selection: an id or an id prefix (``LK``, ``LK1``, ``LK101``; a concept is its
    rules' ids by then); site templates answer to ``TEMPLATE`` (sites.SELECTOR) as a rule to its id."""
    if select and not any(rule_id.startswith(s) for s in select):
        return False
    return not any(rule_id.startswith(s) for s in ignore)


@dataclass(frozen=True, slots=True)
class Analysis:
    """The evidence about each content line of a document, before any verdict."""

    language: language.Language
    features: np.ndarray  # own features, a row per line (features.NAMES)
    scores: list[float]  # line score per line, from its own features alone
    words: list[int]
    hits: dict[int, Hit]  # line and span rules that fired, by line
    inputs: np.ndarray  # the context score's inputs, a row per line (scoring.INPUT_NAMES)
    probabilities: list[float]  # body probability per line
    limits: list[float]  # the body probability each line needs to stay (scoring.Model.limits)
    sections: dict[int, tuple[Rule, int]]  # lines inside a section: its rule and header line
    template: dict[int, sites.TemplateLine]  # lines of the site's template (with a profile and a site)
    body_share: float  # the share of lines no rule dropped that score as body on their own


@dataclass(slots=True)
class Seen:
    """What the passes over one document found out about its lines, for the next pass to look up.

    The verifying pass of :meth:`Cleaner.explain` cleans the clean text, mostly the lines of the
    first pass: a line's own measures do not depend on the lines around it, and the language
    depends on the sample alone, so they are not found again. (What rules a line meets, the rule
    index remembers itself, across documents too.)
    """

    language: dict = field(default_factory=dict)  # language.detect's memo
    measures: dict = field(default_factory=dict)  # features.measure's memo, by stop words


class Cleaner:
    """A reusable cleaner: rule packs are loaded, validated and compiled once, when it is made.

    ``Cleaner(options)`` takes an :class:`~cleaner.options.Options`, ``Cleaner(**options)`` its
    fields (``keep_title``, ``lang``, ``select``, ``rule_files``, ``profile``, ...: each one's
    default and meaning is in its declaration there), and ``Cleaner(options, **changes)`` both. A
    wrong or unknown option raises a TypeError or ValueError naming it. Making one costs the packs'
    compilation: :func:`default_cleaner` shares one per set of options.
    """

    def __init__(self, options: Options | None = None, /, **changes: object):
        self.options = options = Options.of(options, **changes)
        packs = (builtin_packs() if options.builtin_rules else []) + [load_pack(path) for path in options.rule_files]
        check_together(packs)
        rules = [rule for pack in packs for rule in pack.rules]
        select = selectors("select", options.select, rules)
        ignore = selectors("ignore", options.ignore, rules) + ((COMMENTS,) if options.keep_comments else ())
        self.rules = RuleIndex(r for r in rules if _selected(r.id, select, ignore))
        self.model = scoring.Model.load()
        self.keep_title = options.keep_title
        self.lang = options.lang
        self.max_chars = options.max_chars
        self.max_lines = options.max_lines
        self.regex_timeout = options.regex_timeout
        self.time_budget = options.time_budget
        self.min_prose_kept = options.min_prose_kept
        profile = loaded_profile(options.profile)
        self.profile = profile if _selected(sites.SELECTOR, select, ignore) else None
        self._rules_by_language: dict[tuple[str, ...], RuleIndex] = {}

    def clean(self, text: str, *, site: str | None = None) -> str:
        """The clean body: :meth:`explain`'s text, without the details that only explain it."""
        return self.explain(text, site=site, details=False).text

    def analyse(self, texts: list[str], model: scoring.Model | None = None, deadline: Deadline | None = None,
                site: str | None = None, seen: Seen | None = None) -> Analysis:
        """Everything the verdicts are made from, for the content lines of one document.

        ``model`` replaces the fitted one (``benchmarks/fit_model.py`` uses this while fitting).
        Every rule call stops at ``deadline`` (or after ``regex_timeout``) with a RuleTimeout.
        ``seen`` holds what earlier passes over the same document found (and takes what this one finds).
        """
        model = model or self.model
        timeout = deadline.timeout if deadline else self.regex_timeout
        seen = seen or Seen()
        # 1. Language: picks the rule packs and the stop words.
        lang = language.forced(self.lang) if self.lang else language.detect(texts, memo=seen.language)
        stopwords = language.stopwords_for(lang)
        rules = self._rules_for(lang.candidates)

        # 2. Line scores from each line's own features; the main body region they outline.
        measures = features.measure(texts, stopwords, seen.measures.setdefault(stopwords, {}))
        words = measures.words
        scores = scoring.dots(model.line_weights, measures.features)
        start, end = scoring.main_region(scores, words)
        zones = ["head" if k < start else "tail" if k > end else "any" for k in range(len(texts))]

        # 3. Rules: lines dropped, spans trimmed, section headers.
        line_hits, headers = rules.match(texts, zones, measures.rule_words, timeout)
        hits = {hit.line: hit for hit in line_hits}
        dropped = {k for k, hit in hits.items() if hit.text is None or not hit.text.strip()}

        # 3b. The site's template (with a profile): lines it repeats on most of its pages. Inside
        #     the main region, where the article is, a line needs to be on nearly all of them.
        #     They leave the context as a rule's drop does, but say nothing of their neighbours:
        #     a site's footer next to an article's last paragraph is no sign against it.
        template = self._template(texts, site, start, end)
        gone = dropped | template.keys()

        # 4. Context scores: each remaining line among the remaining ones (a line a rule dropped
        #    says nothing about its neighbours), in or out of the main region.
        rest = [k for k in range(len(texts)) if k not in gone]
        share = scoring.body_share([scores[k] for k in rest])
        inputs = np.zeros((len(texts), len(scoring.INPUT_NAMES)))
        is_dropped = np.zeros(len(texts), dtype=bool)
        is_dropped[list(dropped)] = True
        overlap = scoring.topic_overlap(measures.topics, words, is_dropped)
        inputs[rest] = scoring.context_inputs(measures.features, scores, words, is_dropped, np.array(rest, dtype=int),
                                              overlap)
        probabilities = [0.0] * len(texts)
        for k, p in zip(rest, model.forest.probabilities(inputs[rest]).tolist()):
            probabilities[k] = p

        # 5. Sections (cleaner.sections): a header rule drops what follows it: to the end, to the
        #    next body paragraph, or its own paragraph; a header whose section is not confirmed, or
        #    that would cut the article itself, goes alone.
        ends_sentence = measures.features[:, features.NAMES.index("ends_sentence")] > 0
        limits = model.limits(np.asarray(words), np.asarray(share), ends_sentence).tolist()

        def is_paragraph(k: int) -> bool:
            return k not in gone and words[k] >= sections.SECTION_END_WORDS

        def is_body_paragraph(k: int) -> bool:
            # Past the main region, a list of teasers runs on through summaries the heuristic
            # would keep: only a paragraph that scores as body on a page (the short lines'
            # threshold: the fit's cut between body and chrome) ends it there.
            needed = model.threshold if k > end else limits[k]
            return is_paragraph(k) and probabilities[k] >= needed

        def reads_as_body(k: int) -> bool:
            # On a page, the fit's cut between body and chrome; in an extractor's output, where the
            # heuristic keeps every sentence-length line, a section's paragraph is kept as well.
            return probabilities[k] >= (limits[k] if share >= model.extracted_share else model.threshold)

        taken = sections.lines_taken(texts, headers, hits, start, is_paragraph, is_body_paragraph, reads_as_body)
        return Analysis(lang, measures.features, scores, words, hits, inputs, probabilities, limits, taken,
                        template, share)

    def explain(self, text: str, *, title_check: Callable[[str], bool] | None = None, site: str | None = None,
                details: bool = True) -> Result:
        """The clean body, its title and language, and every removal with its reason.

        ``title_check`` vets the headline the cleaner finds (HTML mode compares it with the page's
        own title): one it rejects stays in the body, though it is still reported as the title.
        ``site`` names the document's site in the profile (:func:`cleaner.sites.site_of` a URL).
        ``details=False`` leaves a heuristic removal's ``detail`` (the inputs that moved its score
        most) empty: working them out is a tenth of the cost, and a run that keeps only the text
        or the counts does not need them. Nothing else changes.

        Idempotent by construction: the clean text is cleaned again until a pass removes nothing,
        so that what comes back is a text the cleaner leaves as it is (a line judged among its
        neighbours can read differently once they are gone). A text that does not settle within
        MAX_PASSES comes back unchanged, with a warning. A byte order mark is kept at the start,
        out of the lines' way.
        """
        too_large = self._too_large(checked_text(text))
        if too_large:
            return _unchanged(text, too_large)
        bom = BOM if text.startswith(BOM) else ""
        body = text[len(bom):]
        deadline, seen = Deadline(self.time_budget, self.regex_timeout), Seen()
        result, passes = self._one_pass(body, title_check, deadline, site, seen, details), 1
        while result.removed and not result.warning:
            again = self._one_pass(result.text, title_check, deadline, site, seen, details)
            if not again.removed or again.warning:
                break
            if passes == MAX_PASSES:  # no fixed point in sight to vouch for
                return _unchanged(text, f"still changing after {MAX_PASSES} passes", result.language)
            result, passes = _merged(body, result, again), passes + 1
        return replace(result, text=bom + result.text) if bom and (result.text or not body) else result

    def _too_large(self, text: str) -> str | None:
        """Why the document is over the size the cleaner takes on, or None; read before the text is split."""
        if self.max_chars is not None and len(text) > self.max_chars:
            return f"over the size limit: {len(text):,} characters (max_chars {self.max_chars:,})"
        lines = text.count("\n") + text.count("\r") - text.count("\r\n") + (not text.endswith(("\n", "\r")))
        if self.max_lines is not None and lines > self.max_lines:
            return f"over the size limit: {lines:,} lines (max_lines {self.max_lines:,})"
        return None

    def _one_pass(self, text: str, title_check: Callable[[str], bool] | None, deadline: Deadline,
                  site: str | None, seen: Seen, details: bool) -> Result:
        """One pass of the verdicts over ``text``: :meth:`explain` repeats it until nothing changes."""
        lines = split_lines(text)
        content = [i for i, line in enumerate(lines) if not line.blank]
        texts = [lines[i].text for i in content]
        if not texts:
            return Result(text, None, language.UNDETERMINED, ())
        try:
            analysis = self.analyse(texts, deadline=deadline, site=site, seen=seen)
        except RuleTimeout as timeout:
            return _unchanged(text, _budget_spent(deadline) if deadline.spent else
                              f"rule {timeout.rule.id} timed out (the regex_timeout safety net, {self.regex_timeout:g} s)")
        if deadline.spent:
            return _unchanged(text, _budget_spent(deadline))
        hits, in_section, probabilities = analysis.hits, analysis.sections, analysis.probabilities

        # 6. Verdicts: rules first, then sections, then the heuristic score; the title last.
        removals: dict[int, Removal] = {}
        edits: dict[int, str] = {}
        for k, text_k in enumerate(texts):
            number, p = content[k] + 1, probabilities[k]
            if k in hits:
                hit = hits[k]
                if hit.text is not None and hit.text.strip():
                    edits[content[k]] = hit.text
                    removals[k] = Removal(number, text_k[len(hit.text):] if text_k.startswith(hit.text) else text_k,
                                          Reason.TRIM, hit.rule, p, spans=hit.spans)
                else:
                    removals[k] = Removal(number, text_k, Reason.RULE, hit.rule, p)
            elif k in in_section:
                rule, header = in_section[k]
                removals[k] = Removal(number, text_k, Reason.SECTION, rule, p, f"line {content[header] + 1}")
            elif k in analysis.template:
                removals[k] = Removal(number, text_k, Reason.TEMPLATE, None, p, analysis.template[k].describe())
            # A line without a single word carries no text to lose or keep: layout, left alone.
            elif (analysis.words[k] and p < analysis.limits[k]
                  and not _continues_sentence(texts, k, removals)):
                removals[k] = Removal(number, text_k, Reason.HEURISTIC, None, p)
        heuristic = [k for k, removal in removals.items() if removal.reason is Reason.HEURISTIC]
        for k, detail in zip(heuristic, self.model.explain(analysis.inputs[heuristic]) if details else ()):
            removals[k] = replace(removals[k], detail=detail)
        if heuristic and len(removals) == len(texts):
            for k in heuristic:  # nothing to contrast it with: the heuristic alone never empties a document
                del removals[k]
        title_k = _find_title(texts, analysis.words, probabilities, removals, self.model.sentence_threshold)
        title = texts[title_k].strip() if title_k is not None else None
        if title_k is not None and not self.keep_title and (title_check is None or title_check(title)):
            removals[title_k] = Removal(content[title_k] + 1, texts[title_k], Reason.TITLE, None, probabilities[title_k])
        elif title_k in removals and removals[title_k].reason is Reason.HEURISTIC:
            del removals[title_k]  # a headline kept (keep_title) or rejected as the title stays in the body
        warning = guard.over_pruned(analysis.words, analysis.scores, removals, self.min_prose_kept)
        if warning:
            return _unchanged(text, warning, analysis.language.code)

        # 7. Assemble: kept lines byte-identical, the input's own separators.
        kept = [True] * len(lines)
        for k, removal in removals.items():
            if removal.reason is not Reason.TRIM:
                kept[content[k]] = False
        return Result(assemble(text, lines, kept, edits), title, analysis.language.code,
                      tuple(removals[k] for k in sorted(removals)))

    def _template(self, texts: list[str], site: str | None, start: int, end: int) -> dict[int, sites.TemplateLine]:
        """The lines of ``texts`` that the profile knows as ``site``'s template."""
        known = self.profile.template(site) if self.profile else {}
        if not known:
            return {}
        found = {}
        for k, text in enumerate(texts):
            line = known.get(sites.fingerprint(text))
            if line and self.profile.is_template(line, inside=start <= k <= end):
                found[k] = line
        return found

    def _rules_for(self, languages: tuple[str, ...]) -> RuleIndex:
        if languages not in self._rules_by_language:
            self._rules_by_language[languages] = self.rules.for_languages(languages)
        return self._rules_by_language[languages]


def default_cleaner(options: Options | None = None, /, **changes: object) -> Cleaner:
    """The :class:`Cleaner` for these options (as :class:`Cleaner` takes them), made on first use
    and shared by every later call in this process: ``clean``, ``explain``, the batch, HTML and
    Markdown functions, the command line's workers and the datatrove step all clean with it."""
    return _shared(Options.of(options, **changes))


@functools.lru_cache(maxsize=16)
def _shared(options: Options) -> Cleaner:
    return Cleaner(options)


def _unchanged(text: str, warning: str, code: str = language.UNDETERMINED) -> Result:
    """The document as it came in: cleaning it could not be trusted, for the reason ``warning`` gives."""
    return Result(text, None, code, (), warning)


def _merged(text: str, result: Result, again: Result) -> Result:
    """``result`` (of ``text``) followed by ``again`` (of ``result.text``): removals numbered by lines of ``text``.

    The clean text's content lines are the kept content lines of ``text``, in order, so the n-th
    of one is the n-th of the other.
    """
    gone = {removal.line for removal in result.removed if removal.reason is not Reason.TRIM}
    kept = [i + 1 for i, line in enumerate(split_lines(text)) if not line.blank and i + 1 not in gone]
    shown = [i + 1 for i, line in enumerate(split_lines(result.text)) if not line.blank]
    number = dict(zip(shown, kept, strict=True))
    removed = sorted(result.removed + tuple(replace(r, line=number[r.line]) for r in again.removed),
                     key=lambda removal: removal.line)
    return Result(again.text, result.title or again.title, result.language, tuple(removed))


def _budget_spent(deadline: Deadline) -> str:
    return f"time budget of {deadline.budget:g} s ran out"


def _continues_sentence(texts: list[str], k: int, removals: dict[int, Removal]) -> bool:
    """Whether line ``k`` carries on a sentence that the kept line above it leaves unfinished.

    Hard-wrapped text (``<pre>`` blocks, e-mail, plain-text pages) breaks sentences over short
    lines that look like chrome on their own; cutting one would cut the sentence.
    """
    if k == 0 or k - 1 in removals:
        return False
    above, line = texts[k - 1].rstrip(), texts[k].lstrip()
    return line[:1].islower() and bool(above) and not ends_with(above, _BREAK_ENDS)


def _headline_shaped(text: str, words: int) -> bool:
    """Whether a line reads as a headline: a few words, capitalised, not a sentence, a label or a byline."""
    text = text.strip()
    return (TITLE_WORDS[0] <= words <= TITLE_WORDS[1] and text[:1].isupper()
            and not ends_with(text, _LABEL_ENDS) and not text.isupper()
            and not _SENTENCE_INSIDE.search(text) and not _BYLINE_START.match(text))


def _find_title(texts: list[str], words: list[int], probabilities: list[float],
                removals: dict[int, Removal], threshold: float) -> int | None:
    """The headline: the line the clean text would show right above its first body paragraph.

    Removed lines (captions, share prompts, section labels) may stand between the two. The
    nearest kept line above the body is the headline if it is headline-shaped; a headline the
    heuristic removed is one only below a kept line that is not (a menu line, a date), so that
    nothing headline-shaped faces the body once the title is gone. Where the kept line above the
    headline is headline-shaped too, which of the two is the title is a guess, and neither is: a
    second pass would take the other one (the cleaner is idempotent because its title is a line
    its own output still presents as one).
    """
    first_body = next((k for k, p in enumerate(probabilities)
                       if k not in removals and p >= threshold and words[k] > TITLE_WORDS[1]), None)
    if first_body is None:
        return None
    kept_above = [k for k in range(first_body - 1, -1, -1) if k not in removals][:2]
    nearest = kept_above[0] if kept_above else -1
    if nearest < 0 or not _headline_shaped(texts[nearest], words[nearest]):
        return next((k for k in range(first_body - 1, nearest, -1)
                     if removals[k].reason is Reason.HEURISTIC and _headline_shaped(texts[k], words[k])), None)
    if len(kept_above) == 2 and _headline_shaped(texts[kept_above[1]], words[kept_above[1]]):
        return None
    return nearest
