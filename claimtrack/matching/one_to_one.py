"""One suggestion per claim and source: a weak match must be the best on both sides.

Record linkage between two files commonly holds each record to at most one
partner in the other file.  ``match`` holds its *suggestions* to that: a pair
below the link threshold is suggested only if, of the pairs between the two
claims' sources, it scores best for both of its claims (ties kept, so copies
of one claim are suggested together).  A claim with two weak candidates in
one article gets the better one; the other is almost always a related,
different claim.  (Found by reading the wrong pairs ``match`` surfaced on CLEF
2020 dev with the semantic extra: at score 30, 25 of its 221 pairs were a
claim's second candidate in one source, 21 of them wrong.  The rule has no
parameter; the thresholds were then chosen on train, bench/match_thresholds.py.)
Links are never dropped: a claim may be linked to a full quote and
to a fragment of it in the same article.

Because the rule compares a pair only with pairs scoring higher, applying it
at a low threshold and then cutting higher gives what applying it at the
higher threshold gives: thresholds can be chosen on one run.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TypeVar

__all__ = ["TIE", "best_between_sources"]

#: Scores this close count as equal (copies of one claim score alike).
TIE = 1e-9

T = TypeVar("T")


def best_between_sources(
    pairs: Sequence[T],
    source_of: Mapping[str, object],
    key: Callable[[T], tuple[str, str, float, bool]],
    rejected: Collection[tuple[str, str]] = (),
) -> list[T]:
    """``pairs`` without the suggestions that are not the best for both their claims.

    ``key(pair)`` gives ``(a, b, score, linked)``; ``source_of`` maps claim ids to
    sources.  For each claim and each other source, the best score among its pairs
    into that source (links included) is what a suggestion must reach.  Pairs in
    ``rejected`` (in either order: a person said they are not the same claim) are
    kept but set no bar, so that the next candidate comes up once a person
    has turned the best one down.  The order of ``pairs`` is kept.
    """
    turned_down = {_ordered(a, b) for a, b in rejected}
    best: dict[tuple[str, object], float] = {}
    for pair in pairs:
        a, b, score, _ = key(pair)
        if _ordered(a, b) in turned_down:
            continue
        for mine, other in ((a, b), (b, a)):
            slot = (mine, source_of.get(other))
            if score > best.get(slot, float("-inf")):
                best[slot] = score
    kept = []
    for pair in pairs:
        a, b, score, linked = key(pair)
        if linked or _ordered(a, b) in turned_down or (score >= best[(a, source_of.get(b))] - TIE
                      and score >= best[(b, source_of.get(a))] - TIE):
            kept.append(pair)
    return kept


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
