"""Approximate quote search: Myers' bit-parallel algorithm and Hypothesis' ``matchQuote``.

Two ports, both measured in Unicode code points (the JavaScript originals count
UTF-16 code units, so a character outside the Basic Multilingual Plane, such as
an emoji, is one character here and two there):

* :func:`search` follows robertknight/approx-string-match-js (MIT): the
  substrings of a text closest to a pattern by Levenshtein distance, found with
  Myers' bit-vector algorithm (G. Myers, "A Fast Bit-Vector Algorithm for
  Approximate String Matching Based on Dynamic Programming", J. ACM 46(3),
  1999).  Python integers serve as bit vectors of any width, so the pattern
  needs no splitting into 32-bit blocks.
* :func:`match_quote` follows hypothesis/client
  ``src/annotator/anchoring/match-quote.js`` (BSD-2-Clause): candidates from
  :func:`search`, ranked by the similarity of the quote, of the text before and
  after it, and by the distance from an expected position.

The approximate scan is linear in the text but runs in Python: about half a
second per MB of text.  Exact occurrences are looked for with ``str.find``
first, as Hypothesis does.
"""

from __future__ import annotations

from typing import NamedTuple

QUOTE_WEIGHT = 50
"""Weight of the quote's own similarity in :func:`score_candidate` (Hypothesis' value)."""
PREFIX_WEIGHT = 20
"""Weight of the similarity of the text before the candidate to the stored prefix."""
SUFFIX_WEIGHT = 20
"""Weight of the similarity of the text after the candidate to the stored suffix."""
POSITION_WEIGHT = 2
"""Weight of the closeness to the expected position: a tie-breaker."""
_TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT


class Match(NamedTuple):
    """A span ``text[start:end]`` that is ``errors`` edits away from the pattern."""

    start: int
    end: int
    errors: int


class ScoredMatch(NamedTuple):
    """A candidate for a quote with its combined ``score`` and the parts it is made of.

    Every score is between 0 and 1; ``score`` is the weighted mean of the four
    others (weights 50, 20, 20 and 2).
    """

    start: int
    end: int
    errors: int
    score: float
    quote_score: float
    prefix_score: float
    suffix_score: float
    pos_score: float


def search(text: str, pattern: str, max_errors: int) -> list[Match]:
    """Return the substrings of ``text`` closest to ``pattern``, in order of their end.

    Only the matches with the lowest error count are returned, and only if that
    count is at most ``max_errors``: every exact occurrence (overlapping ones
    included) when there is one, else one match per end position that reaches
    the minimum, its start chosen to make the match as long as possible.  An
    empty text or pattern gives ``[]``.
    """
    if not text or not pattern or max_errors < 0:
        return []
    exact = find_all(text, pattern)
    if exact:
        return [Match(pos, pos + len(pattern), 0) for pos in exact]
    ends = _match_ends(text, pattern, max_errors, best_only=True)
    return [Match(_match_start(text, pattern, end, errors), end, errors) for end, errors in ends]


def search_local(text: str, pattern: str, max_errors: int) -> list[Match]:
    """Return every separate region of ``text`` within ``max_errors`` edits of ``pattern``.

    Unlike :func:`search`, worse matches are kept: end positions within the
    limit are grouped into runs of consecutive positions, and each run gives a
    match for each of its end positions with the run's lowest error count.
    Exact occurrences come out with 0 errors like any other match.
    """
    if not text or not pattern or max_errors < 0:
        return []
    ends = _match_ends(text, pattern, max_errors, best_only=False)
    best: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for end, errors in ends:
        if run and end != run[-1][0] + 1:
            best.extend(_run_minima(run))
            run = []
        run.append((end, errors))
    best.extend(_run_minima(run))
    return [Match(_match_start(text, pattern, end, errors), end, errors) for end, errors in best]


def _run_minima(run: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The entries of a run of ``(end, errors)`` pairs with the run's lowest error count."""
    if not run:
        return []
    lowest = min(errors for _, errors in run)
    return [(end, errors) for end, errors in run if errors == lowest]


def find_all(text: str, pattern: str) -> list[int]:
    """Start offsets of every occurrence of ``pattern`` in ``text``, overlapping ones included."""
    found = []
    pos = text.find(pattern)
    while pos >= 0:
        found.append(pos)
        pos = text.find(pattern, pos + 1)
    return found


def _pattern_masks(pattern: str) -> dict[str, int]:
    """Map each character of ``pattern`` to a bit mask of the positions where it occurs."""
    masks: dict[str, int] = {}
    for i, char in enumerate(pattern):
        masks[char] = masks.get(char, 0) | (1 << i)
    return masks


def _match_ends(text: str, pattern: str, max_errors: int, *, best_only: bool) -> list[tuple[int, int]]:
    """``(end, errors)`` for the ends of substrings of ``text`` within ``max_errors`` of ``pattern``.

    Myers' algorithm in search mode: a match may start anywhere, and ``errors``
    at an end position is the least edit distance between ``pattern`` and any
    substring of ``text`` ending there.  With ``best_only``, the limit tightens
    to the best count seen so far (as approx-string-match does), so only the
    ends with the lowest count over the whole text remain.
    """
    m = len(pattern)
    limit = min(max_errors, m)
    masks = _pattern_masks(pattern)
    mask_of = masks.get
    all_rows = (1 << m) - 1
    last_row = 1 << (m - 1)
    # Vertical deltas of the current column: all +1 at first (D[i][0] = i).
    pv, mv, score = all_rows, 0, m
    ends: list[tuple[int, int]] = []
    end = 0
    for char in text:
        end += 1
        eq = mask_of(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | ~(xh | pv)
        mh = pv & xh
        if ph & last_row:
            score += 1
        elif mh & last_row:
            score -= 1
        # Search mode: row 0 is all zeros, so no horizontal delta enters at the top.
        ph <<= 1
        pv = ((mh << 1) | ~(xv | ph)) & all_rows
        mv = ph & xv
        if score <= limit:
            if best_only:
                if score < limit:
                    ends.clear()
                    limit = score
            ends.append((end, score))
    return ends


def _match_start(text: str, pattern: str, end: int, errors: int) -> int:
    """The smallest start such that ``text[start:end]`` is ``errors`` edits from ``pattern``.

    ``errors`` must be the least distance of any substring ending at ``end``.
    Myers' algorithm runs backwards from ``end`` over the reversed pattern in
    global mode (the alignment is anchored at ``end``), so the score after ``j``
    characters is the distance between ``pattern`` and ``text[end - j:end]``.
    """
    m = len(pattern)
    masks = _pattern_masks(pattern[::-1])
    mask_of = masks.get
    all_rows = (1 << m) - 1
    last_row = 1 << (m - 1)
    pv, mv, score = all_rows, 0, m
    best = 0 if score == errors else -1
    lowest = max(0, end - m - errors)
    length = 0
    # The same bit-parallel step as the search loop above, inlined on purpose: a function
    # call per character would slow both scans down by half; only the top row differs.
    for char in reversed(text[lowest:end]):
        length += 1
        eq = mask_of(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | ~(xh | pv)
        mh = pv & xh
        if ph & last_row:
            score += 1
        elif mh & last_row:
            score -= 1
        # Global mode: row 0 grows by one per character (D[0][j] = j).
        ph = (ph << 1) | 1
        pv = ((mh << 1) | ~(xv | ph)) & all_rows
        mv = ph & xv
        if score == errors:
            best = length
    if best < 0:
        raise ValueError(f"no substring ending at {end} is {errors} edits from the pattern")
    return end - best


def best_errors(text: str, pattern: str) -> int:
    """The least edit distance between ``pattern`` and any substring of ``text``.

    Semi-global: all of ``pattern`` against part of ``text``.  Returns
    ``len(pattern)`` for an empty text.
    """
    if not pattern:
        return 0
    if pattern in text:
        return 0
    if not text:
        return len(pattern)
    return _match_ends(text, pattern, len(pattern), best_only=True)[0][1]


def context_score(window: str, context: str | None) -> float:
    """How well ``context`` appears in ``window``, between 0 and 1 (Hypothesis' ``textMatchScore``).

    1.0 when no context is given (``None`` or empty), 0.0 when the window is
    empty, otherwise ``1 - best_errors(window, context) / len(context)``.
    """
    if not context:
        return 1.0
    if not window:
        return 0.0
    return 1.0 - best_errors(window, context) / len(context)


def score_candidate(
    text: str,
    match: Match,
    quote: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    hint: int | None = None,
) -> ScoredMatch:
    """Score one candidate span for ``quote`` the way Hypothesis' ``matchQuote`` does.

    The prefix is compared with the ``len(prefix)`` characters before the
    candidate, the suffix with the ``len(suffix)`` characters after it, and the
    position with ``hint`` relative to the length of the text.
    """
    quote_score = 1.0 - match.errors / len(quote)
    prefix_score = (
        context_score(text[max(0, match.start - len(prefix)) : match.start], prefix) if prefix else 1.0
    )
    suffix_score = context_score(text[match.end : match.end + len(suffix)], suffix) if suffix else 1.0
    pos_score = 1.0 if hint is None else 1.0 - abs(match.start - hint) / len(text)
    return scored(match, quote_score, prefix_score, suffix_score, pos_score)


def scored(
    match: Match, quote_score: float, prefix_score: float, suffix_score: float, pos_score: float
) -> ScoredMatch:
    """``match`` with its four part scores and their weighted mean (weights 50, 20, 20, 2)."""
    score = (
        QUOTE_WEIGHT * quote_score
        + PREFIX_WEIGHT * prefix_score
        + SUFFIX_WEIGHT * suffix_score
        + POSITION_WEIGHT * pos_score
    ) / _TOTAL_WEIGHT
    return ScoredMatch(
        match.start, match.end, match.errors, score, quote_score, prefix_score, suffix_score, pos_score
    )


def match_quote(
    text: str,
    quote: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    hint: int | None = None,
) -> ScoredMatch | None:
    """Find the best approximate match for ``quote`` in ``text``, or ``None``.

    Candidates are the :func:`search` matches with at most
    ``min(256, len(quote) // 2)`` errors; each is scored by
    :func:`score_candidate` and the highest score wins (on a tie, the lowest
    start).  ``None`` when the quote or the text is empty or nothing is close
    enough.
    """
    if not quote or not text:
        return None
    max_errors = min(256, len(quote) // 2)
    scored = [
        score_candidate(text, match, quote, prefix=prefix, suffix=suffix, hint=hint)
        for match in search(text, quote, max_errors)
    ]
    if not scored:
        return None
    return min(scored, key=lambda s: (-s.score, s.start))
