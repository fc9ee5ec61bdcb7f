"""Decide where a stored quote went when its source text changed.

A claim is stored as its exact quote, the 32 characters before and after it
(fewer at the start or end of the text) and its old offsets.  When the source
changes, :func:`reanchor` weighs that evidence with the Hypothesis annotator's
weights (:mod:`claimtrack.text.approx`: quote 50, prefix 20, suffix 20, position 2)
and answers with one of four statuses:

``anchored``
    the same text at the same offsets;
``moved``
    the same text at new offsets;
``changed``
    text close to the quote, with its context, at a new span (``diff`` says
    which words changed);
``orphaned``
    nothing found with enough confidence; the span and text are the old ones.

A confident wrong match is the worst outcome (it is Hypothesis users' top
complaint): when unsure, the answer is ``orphaned``.  The policy, in order:

1. **Unique exact match.**  If the quote occurs exactly once in the new text,
   it is accepted, whatever its context, when it occurred only once in the old
   text too, when no old text is given, or when its prefix and suffix are
   still exactly around it (then the old text need not be scanned).
2. **Exact match in full context.**  If the quote occurs several times (or
   occurred several times before), the occurrences with the stored prefix and
   suffix exactly around them are taken, the one nearest the expected
   position first: nothing has better evidence.
3. **Changed in place.**  If exactly one span of the new text has the stored
   prefix and suffix exactly around it and is within
   ``len(quote) * (1 - MIN_QUOTE_SCORE)`` edits of the quote, it is taken
   (found with ``str.find`` alone, so no approximate scan is needed).
   **Rewritten in place.**  Failing that, if exactly one span has the stored
   prefix and suffix exactly around it and is within
   ``len(quote) * (1 - MIN_IN_PLACE_QUOTE_SCORE)`` edits of the quote, it is
   taken when at least :data:`MIN_KEPT_WORDS` of the quote's words are still
   in it, in order (``its media relations account described`` becoming ``its
   press office described`` in an untouched sentence).  64 characters of
   context standing exactly where they stood are evidence enough without the
   combined score's threshold; the score reported is still the combined one
   (0.73 at the floor, with the span at its old place).  Besides the
   look-alike guard below, such a span is refused when its words stood, word
   for word, elsewhere in the old text: a paragraph deleted next to a
   rewritten copy of itself is not an edit of the quote.
4. **Every candidate.**  Otherwise every region of the new text within
   ``len(quote) * (1 - MIN_QUOTE_SCORE)`` edits of the quote (exact ones
   included) is scored, and the best is accepted if its combined score
   reaches the threshold (:data:`CONFIDENCE_THRESHOLD` by default).  Before
   scoring, the ends of a changed candidate move to where the stored prefix
   and suffix still are exactly: edit distance alone may prefer
   ``lrus constellation`` to ``of walrus constellation``.

Differences from Hypothesis' scoring: context is compared over 32 characters
with the start and end of the text as characters of their own, so a prefix cut
short by the start of the text is evidence for a match at the start only (in
Hypothesis, seven matching characters would count as a full prefix, and an
empty prefix always matches).

Look-alike guard: with the old text, a candidate that another passage of the
old text explains better is rejected.  A candidate is explained by an old
passage when its words occur there and the text around the candidate fits
that passage's surroundings.  An exact candidate is rejected if another old
occurrence fits strictly better than the stored prefix and suffix do (identical
copies in identical context may stand in for each other); a changed candidate
if another passage fits at least as well (its words were already in the old
text: they are a look-alike, not an edit of the quote).  With the same number
of exact occurrences in both texts, the expected position is the occurrence of
the same rank, so that an insertion before two identical copies cannot swap
them.  Without the old text, a quote deleted next to a near-identical passage
cannot be told from an edited one: callers should pass ``old_text``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..errors import InvalidInput
from .anchoring import CONTEXT
from .approx import Match, ScoredMatch, context_score, find_all, scored, search_local
from .canonical import Quoted, canonical_text, evidence, span_back
from .worddiff import diff_words

CONFIDENCE_THRESHOLD = 0.8
"""Least combined score of a changed quote or a quote found by ranking (steps 3 and 4 of the policy).

The score is ``(50 q + 20 p + 20 s + 2 pos) / 92`` for quote, prefix, suffix
and position scores between 0 and 1.  Two unrelated 32-character contexts
score about 0.28 (median over the seed articles; 99th percentile 0.41), and a
candidate near its old place has ``pos`` close to 1.  Worked figures:

* an exact copy of the quote among unrelated text: (50 + 20 x 0.28 + 20 x 0.28
  + 2) / 92 = 0.69, still only 0.74 with two 99th-percentile contexts:
  rejected, since a repeated phrase alone says nothing of where the claim went;
* an exact copy with one side of its context intact: (50 + 20 + 5.6 + 2) / 92
  = 0.84: accepted (the neighbouring sentence was rewritten);
* one word changed in a 60-character quote (q about 0.9), context intact on
  both sides: (45 + 40 + 2) / 92 = 0.95, and at the quote floor q = 0.75:
  (37.5 + 40 + 2) / 92 = 0.86: accepted;
* q = 0.9 with only one side of context: (45 + 20 + 5.6 + 2) / 92 = 0.79:
  rejected; at q = 0.95 it becomes 0.82: accepted.

So 0.8 asks for more context the more the quote itself has changed, and never
accepts a quote on the strength of its own words alone.
"""

MIN_QUOTE_SCORE = 0.75
"""Least quote score (``1 - errors / len(quote)``) of a changed quote: at most a quarter edited."""

MIN_IN_PLACE_QUOTE_SCORE = 0.5
"""Least quote score of a quote rewritten in place (its stored prefix and suffix exactly around it).

At the floor, the combined score is (50 x 0.5 + 20 + 20 + 2) / 92 = 0.73.
Two unrelated passages of English of the same length score about 0.4 to 0.5,
hence :data:`MIN_KEPT_WORDS` as well.
"""

MIN_KEPT_WORDS = 0.5
"""Least share of the quote's words, in order, that a quote rewritten in place keeps."""

ANCHORED, MOVED, CHANGED, ORPHANED = "anchored", "moved", "changed", "orphaned"
DIFF_CONTEXT = 3
"""Unchanged words kept on each side of a change in :func:`word_diff`."""

_TEXT_START, _TEXT_END = "\x02", "\x03"  # stand-ins for "before the start" and "after the end"


@dataclass(frozen=True)
class Reanchor:
    """Where a quote went: ``status`` and the new span (the old one when orphaned).

    ``score`` is the combined score of the chosen match; for an orphan it is
    the best score seen (0.0 when nothing came close), which may exceed the
    threshold when the look-alike guard rejected that candidate.  ``diff`` is a
    word diff of the old quote against the new text for ``changed``, else ``""``.
    """

    status: str
    start: int
    end: int
    text: str
    score: float
    diff: str = ""


def _before(text: str, pos: int, width: int) -> str:
    """The ``width`` characters before ``pos``, padded with the text-start mark."""
    lo = pos - width
    return _TEXT_START * -lo + text[:pos] if lo < 0 else text[lo:pos]


def _after(text: str, pos: int, width: int) -> str:
    """The ``width`` characters from ``pos``, padded with the text-end mark."""
    chunk = text[pos : pos + width]
    return chunk + _TEXT_END * (width - len(chunk))


@dataclass(frozen=True)
class _Evidence(Quoted):
    """The stored quote and context, and the texts (:class:`.canonical.Quoted`), with where
    the quote is expected: what every step of :func:`reanchor` uses."""

    hint: int

    @property
    def want_before(self) -> str:
        """The stored prefix as a full-width window: a short one began at the text's start."""
        return _before(self.prefix, len(self.prefix), max(CONTEXT, len(self.prefix)))

    @property
    def want_after(self) -> str:
        return _after(self.suffix, 0, max(CONTEXT, len(self.suffix)))

    def windows(self, text: str, start: int, end: int) -> tuple[str, str]:
        """The context windows around ``text[start:end]``, as wide as the stored ones."""
        return (
            _before(text, start, max(CONTEXT, len(self.prefix))),
            _after(text, end, max(CONTEXT, len(self.suffix))),
        )

    def full_context(self, start: int, end: int) -> bool:
        """Whether the stored prefix and suffix are exactly around ``new_text[start:end]``."""
        return self.windows(self.new_text, start, end) == (self.want_before, self.want_after)

    def score(self, match: Match) -> ScoredMatch:
        """Hypothesis' weighted score, with context windows marked at the text's ends."""
        before, after = self.windows(self.new_text, match.start, match.end)
        return scored(
            match,
            1.0 - match.errors / len(self.quote),
            context_score(before, self.want_before),
            context_score(after, self.want_after),
            1.0 - abs(match.start - self.hint) / len(self.new_text),
        )

    def bracketed(self, max_errors: int) -> list[Match]:
        """Spans within ``max_errors`` edits of the quote with the stored prefix and suffix exactly around.

        Found with ``str.find`` alone: the prefix's occurrences, then the suffix
        where a span of a possible length would end.
        """
        from rapidfuzz.distance import Levenshtein

        text, m = self.new_text, len(self.quote)
        starts = [at + len(self.prefix) for at in find_all(text, self.prefix)] if self.prefix else [0]
        found = []
        for start in starts:
            lo = start + max(1, m - max_errors)
            window = text[lo : start + m + max_errors + len(self.suffix)]
            ends = [lo + at for at in find_all(window, self.suffix)] if self.suffix else [len(text)]
            for end in ends:
                if lo <= end <= start + m + max_errors and self.full_context(start, end):
                    errors = Levenshtein.distance(self.quote, text[start:end], score_cutoff=max_errors)
                    if errors <= max_errors:
                        found.append(Match(start, end, errors))
        return found

    def snapped(self, cand: ScoredMatch, max_errors: int) -> ScoredMatch:
        """``cand`` with its ends moved to where the stored prefix and suffix still are.

        The text between unchanged context is what the quote became, even when
        a shorter span is fewer edits away (``ine position`` is two edits from
        ``a position``, ``nine position`` four).  The moved span must stay
        within ``max_errors`` edits of the quote.
        """
        from rapidfuzz.distance import Levenshtein

        # Two spans within max_errors of the quote and sharing one end differ
        # in length, so in their other end, by at most twice that.
        slack = 2 * max_errors
        start = self._boundary(self.prefix, cand.start, slack, is_prefix=True)
        end = self._boundary(self.suffix, cand.end, slack, is_prefix=False)
        if start >= end or (start, end) == (cand.start, cand.end):
            return cand
        errors = Levenshtein.distance(self.quote, self.new_text[start:end], score_cutoff=max_errors)
        if errors > max_errors:
            return cand
        return self.score(Match(start, end, errors))

    def _boundary(self, context: str, pos: int, slack: int, *, is_prefix: bool) -> int:
        """The offset within ``slack`` of ``pos`` where ``context`` ends (a prefix) or begins.

        The nearest one wins; ``pos`` itself when ``context`` is empty or not there.
        """
        if not context:
            return pos
        shift = len(context) if is_prefix else 0
        lo = max(0, pos - slack - shift)
        window = self.new_text[lo : pos + slack + len(context) - shift]
        found = [lo + at + shift for at in find_all(window, context)]
        return min(found, key=lambda b: (abs(b - pos), b), default=pos)

    def rewritten_in_place(self, match: Match) -> bool:
        """Whether ``match`` (with the full stored context around it) keeps enough of the quote."""
        quote_score = 1.0 - match.errors / len(self.quote)
        return quote_score >= MIN_IN_PLACE_QUOTE_SCORE and kept_words(
            self.quote, self.new_text[match.start : match.end]) >= MIN_KEPT_WORDS

    def in_old_text(self, match: ScoredMatch) -> bool:
        """Whether the words of ``match`` stood in the old text already, outside the quote's span.

        A stricter look-alike guard for a quote rewritten in place: what an edit
        of the quote became is not likely to be, word for word, another passage
        of the old text (a paragraph deleted next to its rewritten copy is).
        """
        if self.old_text is None:
            return False
        words = self.new_text[match.start : match.end]
        old_end = self.old_start + len(self.quote)
        return any(not (pos < old_end and pos + len(words) > self.old_start)
                   for pos in find_all(self.old_text, words))

    def owned_elsewhere(self, match: ScoredMatch) -> bool:
        """Whether another passage of the old text explains ``match`` (the look-alike guard)."""
        if self.old_text is None:
            return False
        from rapidfuzz.distance import Levenshtein

        similarity = Levenshtein.normalized_similarity
        words = self.new_text[match.start : match.end]
        before, after = self.windows(self.new_text, match.start, match.end)
        ours = similarity(before, self.want_before) + similarity(after, self.want_after)
        old_end = self.old_start + len(self.quote)
        for pos in find_all(self.old_text, words):
            if pos < old_end and pos + len(words) > self.old_start:
                continue  # our own old span
            old_before, old_after = self.windows(self.old_text, pos, pos + len(words))
            theirs = similarity(before, old_before) + similarity(after, old_after)
            if theirs > ours or (theirs == ours and words != self.quote):
                return True
        return False

    def result(self, best: ScoredMatch) -> Reanchor:
        """The answer for an accepted match."""
        text = self.new_text[best.start : best.end]
        if text != self.quote:
            return Reanchor(CHANGED, best.start, best.end, text, best.score, word_diff(self.quote, text))
        status = ANCHORED if best.start == self.old_start else MOVED
        return Reanchor(status, best.start, best.end, text, best.score)

    def orphan(self, score: float) -> Reanchor:
        end = self.old_start + len(self.quote)
        return Reanchor(ORPHANED, self.old_start, end, self.quote, score)


def reanchor(
    new_text: str,
    quote: str,
    prefix: str,
    suffix: str,
    old_start: int,
    old_text: str | None = None,
    threshold: float = CONFIDENCE_THRESHOLD,
) -> Reanchor:
    """Find ``quote`` (stored with ``prefix``, ``suffix`` and ``old_start``) in ``new_text``.

    ``old_text`` is the source as it was when the offsets were stored: optional,
    but without it the look-alike guard cannot run.  See the module docstring
    for the policy and :data:`CONFIDENCE_THRESHOLD` for ``threshold``.  Texts that
    differ only in Unicode form (NFC, NFD) or line endings are the same text: the
    quote is looked for in canonical form (:mod:`claimtrack.text.canonical`) and
    found ``anchored`` or ``moved``, never ``changed`` for that alone.
    """
    if not quote:
        raise InvalidInput("cannot re-anchor an empty quote")
    forms = evidence(new_text, quote, prefix, suffix, old_start, old_text)
    if forms is None:
        return _reanchor(new_text, quote, prefix, suffix, old_start, old_text, threshold)
    canon, new_map = forms
    found = _reanchor(canon.new_text, canon.quote, canon.prefix, canon.suffix, canon.old_start,
                      canon.old_text, threshold)
    if found.status == ORPHANED:
        return Reanchor(ORPHANED, old_start, old_start + len(quote), quote, found.score)
    start, end = span_back(new_map, found.start, found.end)
    text = new_text[start:end]
    if found.status == CHANGED:
        return replace(found, start=start, end=end, text=text)
    if canonical_text(text) != canonical_text(quote):  # a quote that cut an accented letter
        return Reanchor(CHANGED, start, end, text, found.score, word_diff(quote, text))
    status = ANCHORED if start == old_start and text == quote else MOVED
    return Reanchor(status, start, end, text, found.score)


def _reanchor(new_text: str, quote: str, prefix: str, suffix: str, old_start: int,
              old_text: str | None, threshold: float) -> Reanchor:
    """:func:`reanchor` in texts that are in one form."""
    ev = _Evidence(new_text, quote, prefix, suffix, old_start, old_text, hint=old_start)
    m = len(quote)

    exact = find_all(new_text, quote)
    if len(exact) == 1:
        start = exact[0]
        if ev.full_context(start, start + m) or old_text is None or not _occurs_twice(old_text, quote):
            return ev.result(ev.score(Match(start, start + m, 0)))

    if old_text is not None and exact:
        before = find_all(old_text, quote)
        if old_start in before and len(before) == len(exact):
            ev = replace(ev, hint=exact[before.index(old_start)])

    in_context = [s for s in exact if ev.full_context(s, s + m)]
    for cand in _ranked(ev.score(Match(s, s + m, 0)) for s in in_context):
        if not ev.owned_elsewhere(cand):
            return ev.result(cand)

    # The search limit keeps every candidate's quote score at MIN_QUOTE_SCORE or more.
    max_errors = int(m * (1 - MIN_QUOTE_SCORE))
    in_place = ev.bracketed(int(m * (1 - MIN_IN_PLACE_QUOTE_SCORE)))
    bracketed = [match for match in in_place if match.errors <= max_errors]
    if len(bracketed) == 1:
        cand = ev.score(bracketed[0])
        if cand.score >= threshold and not ev.owned_elsewhere(cand):
            return ev.result(cand)
    elif len(in_place) == 1 and ev.rewritten_in_place(in_place[0]):
        cand = ev.score(in_place[0])
        if not ev.in_old_text(cand) and not ev.owned_elsewhere(cand):
            return ev.result(cand)

    ranked = _ranked(
        ev.snapped(ev.score(match), max_errors) if match.errors else ev.score(match)
        for match in search_local(new_text, quote, max_errors)
    )
    for cand in ranked:
        if cand.score < threshold:
            break
        if not ev.owned_elsewhere(cand):
            return ev.result(cand)
    return ev.orphan(ranked[0].score if ranked else 0.0)


def _ranked(candidates: Iterable[ScoredMatch]) -> list[ScoredMatch]:
    """Candidates, best score first; on a tie, the lowest start first."""
    return sorted(candidates, key=lambda c: (-c.score, c.start))


def _occurs_twice(text: str, pattern: str) -> bool:
    """Whether ``pattern`` occurs at least twice in ``text``, overlapping occurrences included."""
    first = text.find(pattern)
    return first >= 0 and text.find(pattern, first + 1) >= 0


def kept_words(old: str, new: str) -> float:
    """The share of ``old``'s words that ``new`` keeps, in order (0.0 to 1.0)."""
    a, b = old.split(), new.split()
    if not a:
        return 0.0
    blocks = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(a)


def word_diff(old: str, new: str, context: int = DIFF_CONTEXT) -> str:
    """A compact word-level diff: ``... the [-eight-]{+nine+} members of ...``.

    Removed words are shown as ``[-...-]`` and added words as ``{+...+}``; runs
    of unchanged words longer than ``context`` words on each side of a change
    are cut to ``...``.  Returns ``""`` for equal texts and
    ``"(whitespace only)"`` when only the spacing differs.
    """
    if old == new:
        return ""
    diff = diff_words(old.split(), new.split(), context)
    return "(whitespace only)" if diff is None else diff
