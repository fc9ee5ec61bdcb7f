"""One calibrated score: how likely a retrieved claim is the same claim (0-100).

A query claim (or text) and its retrieved candidates, best first, give each
candidate an :class:`Evidence` row: its retrieval rank, the IDF weight of the
stems it shares with the query, the weight of each side's stems, and the
lexical scorer's 0-100 (:func:`claimtrack.matching.score_pair`).
:func:`calibrated` turns one query's rows into features (below) and a logistic
model turns them into a probability, written as 0-100.  The model was fitted
by ``bench/fit_fusion.py`` on the CLEF 2020 CheckThat! Task 2 *train* split
(tweets against 10,375 fact-checked claims, top 20 candidates of each tweet);
the dev split was used for nothing but reporting.  Each train tweet also
counts as if its claim were not stored (its claim and copies taken out of its
list), so "score 80" means: among such candidates, in a collection where half
the queries have their claim stored, about 80% were the same claim.  A
candidate that is a copy of the labelled claim counts as right, and copies of
one claim in a list (:attr:`Evidence.group`) are not each other's rivals.

Features, per candidate ``d`` of a query ``q`` (``ov`` = IDF weight of the
shared stems; IDF as BM25's, ``ln((N - df + 0.5) / (df + 0.5))``):

==========  =================================================================
``rr``      1 / retrieval rank (BM25 over Porter stems; RRF with another
            ranking when one is plugged in)
``top1``    1 for the first candidate
``rel``     ``ov`` / the best candidate's ``ov``
``cover_q`` ``ov`` / weight of the query's stems (how much of the query it has)
``cover_d`` ``ov`` / weight of the candidate's stems (how much of it the query has)
``lex``     lexical score / 100
``gap``     ``ov`` / the best other candidate's ``ov`` (at most 3)
``lexgap``  ``lex`` minus the best other candidate's ``lex``
``lexrr``   1 / rank by lexical score among the candidates
==========  =================================================================

The thresholds (:data:`LINK_THRESHOLD`, :data:`SUGGEST_THRESHOLD`) were
chosen on train too: see the README's matching section and BENCHMARKS.md for
their precision and recall on dev.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

__all__ = ["CANDIDATES", "COEFFICIENTS", "FEATURES", "LINK_THRESHOLD", "SAME_LEXICAL",
           "SUGGEST_THRESHOLD", "Evidence", "calibrated", "calibrated_many", "copy_groups",
           "features", "features_many"]

FEATURES = ("rr", "top1", "rel", "cover_q", "cover_d", "lex", "gap", "lexgap", "lexrr")
#: Intercept, then one weight per feature (fitted by bench/fit_fusion.py on CLEF train).
COEFFICIENTS: tuple[float, ...] = (
    -5.2217, 1.9822, 0.0254, -0.1288, -4.101, 7.9435, -5.6569, 3.0191, 9.4784, 2.1987)
#: Link at or above: out of fold on CLEF train (half the lists without their claim), pairs from
#: 93 up were 0.987 precise (recall 0.38; with queries of 24 stems, bench/fit_fusion.py).  The
#: rule (>= 0.98 precise) gave 92; one point more keeps the seed database's highest pair (92.4:
#: two different claims about DOGE) a suggestion, a choice made on the seeds, not on CLEF.
LINK_THRESHOLD = 93.0
#: Suggest at or above: chosen out of fold on CLEF train from ``match`` itself (five folds of
#: tweets, the model refitted on the other four; bench/match_thresholds.py): from 26 up the
#: pairs ``match`` surfaced were 0.951 precise counting copies of the labelled claim (recall
#: 0.725); >= 0.95 is the rule (27 with lists 200 deep, 26 with queries of 12 stems).  Of the
#: texts whose claim is not stored, 26% get a (wrong) suggestion this high; 49 holds that to
#: 10% at recall 0.64.
SUGGEST_THRESHOLD = 26.0
#: How many candidates a query keeps (the model was fitted on lists this long).
CANDIDATES = 20
_GAP_CAP = 3.0
#: The weakest rival a candidate is compared with: in a small collection the other candidates
#: can be far weaker than in CLEF's 10,375 claims (whose second-best candidate has a lexical
#: score of 25 or more for 95% of tweets, and shares 8% of the tweet's weight or more), and a
#: weak candidate must not look like a clear first just because nothing else is near.  Raised
#: from 0.30 / 0.10 with the refit of issue 17's second round: at the old floors the refitted
#: model put unrelated seed claims (83 claims) at 97-98; at these, 91 at most, for 0.05 less
#: recall out of fold on CLEF train.
RIVAL_LEXICAL = 0.50
RIVAL_COVER = 0.20
#: Two candidates of a list this alike (lexical score; the lexical scorer's old link threshold,
#: 0.95 precise on the labelled news pairs) are copies of one claim, not rivals.
SAME_LEXICAL = 72.0


def copy_groups(n: int, alike: Callable[[int, int], bool]) -> list[int]:
    """Each of ``n`` candidates' copy group (:attr:`Evidence.group`): the first candidate of
    its connected component under ``alike(a, b)`` (a < b)."""
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a in range(n):
        for b in range(a + 1, n):
            if alike(a, b):
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return [find(a) for a in range(n)]


class Evidence(NamedTuple):
    """What retrieval and the lexical scorer found for one candidate of a query."""

    rank: float  # retrieval rank, from 1
    overlap: float  # IDF weight of the stems query and candidate share
    query_weight: float  # IDF weight of the query's stems
    doc_weight: float  # IDF weight of the candidate's stems
    lexical: float  # the lexical scorer's 0-100
    group: int = -1  # candidates with the same group (>= 0) are copies of one claim


def features(rows: Sequence[Evidence],
             same: Callable[[int, int], bool] | None = None, *,
             rivals: tuple[float, float] | None = None) -> list[tuple[float, ...]]:
    """Each candidate's feature vector (see the module docstring), in :data:`FEATURES` order.

    A candidate is compared with the *other* claims of the list: with
    ``same(j, k)`` (row positions) true, candidate ``k`` is the same claim as
    ``j`` (another outlet's copy of it), and does not count as a rival of
    ``j`` for rank, ``rel``, ``gap``, ``lexgap`` or ``lexrr``.  Without
    ``same``, rows of one :attr:`Evidence.group` are copies.
    """
    n = len(rows)
    if n == 0:
        return []
    floor_lex, floor_cover = rivals or (RIVAL_LEXICAL, RIVAL_COVER)
    if same is None and any(r.group >= 0 for r in rows):
        def same(j: int, k: int) -> bool:
            return rows[j].group >= 0 and rows[j].group == rows[k].group
    lexes = [r.lexical / 100.0 for r in rows]
    out: list[tuple[float, ...]] = []
    for j, r in enumerate(rows):
        ov = r.overlap
        rank = lex_rank = 1
        other_ov = other_lex = 0.0
        for k, o in enumerate(rows):
            if k == j or (same is not None and same(j, k)):
                continue
            if o.rank < r.rank:
                rank += 1
            if lexes[k] > lexes[j] or (lexes[k] == lexes[j] and o.rank < r.rank):
                lex_rank += 1
            other_ov = max(other_ov, o.overlap)
            other_lex = max(other_lex, lexes[k])
        other_ov = max(other_ov, floor_cover * r.query_weight)
        other_lex = max(other_lex, floor_lex)
        best_ov = max(ov, other_ov) or 1.0
        gap = min(_GAP_CAP, ov / other_ov) if other_ov > 0 else _GAP_CAP
        out.append((
            1.0 / rank,
            1.0 if rank == 1 else 0.0,
            ov / best_ov,
            ov / r.query_weight if r.query_weight > 0 else 0.0,
            ov / r.doc_weight if r.doc_weight > 0 else 0.0,
            lexes[j],
            gap,
            lexes[j] - other_lex,
            1.0 / lex_rank,
        ))
    return out


def calibrated(rows: Sequence[Evidence], same: Callable[[int, int], bool] | None = None, *,
               coefficients: Sequence[float] = COEFFICIENTS) -> list[float]:
    """The probability (0-100, two decimals) that each candidate is the same claim."""
    out = []
    for x in features(rows, same):
        z = coefficients[0] + math.fsum(w * v for w, v in zip(coefficients[1:], x, strict=True))
        out.append(round(100.0 / (1.0 + math.exp(-z)), 2))
    return out


def calibrated_many(groups: Any, rank: Any, overlap: Any, query_weight: Any, doc_weight: Any,
                    lexical: Any, coefficients: Sequence[float] = COEFFICIENTS) -> Any:
    """:func:`calibrated` for many queries at once (numpy arrays, one row per candidate).

    ``groups`` numbers each row's query; rows of a query are contiguous and
    in rank order.  Returns the scores as a float array, the same as
    :func:`calibrated` gives list by list with no ``same`` (``match`` scores
    a million candidates at 100,000 claims this way, and the few lists that
    hold copies of one claim with :func:`calibrated`).
    """
    import numpy as np

    if len(groups) == 0:
        return np.zeros(0)
    x = features_many(groups, rank, overlap, query_weight, doc_weight, lexical)
    z = coefficients[0] + x @ np.asarray(coefficients[1:], dtype=float)
    return np.round(100.0 / (1.0 + np.exp(-z)), 2)


def features_many(groups: Any, rank: Any, overlap: Any, query_weight: Any, doc_weight: Any,
                  lexical: Any, *, rivals: tuple[float, float] | None = None) -> Any:
    """:func:`features` for many queries at once: one row per candidate (see
    :func:`calibrated_many`), a column per feature.  ``rivals``: the weakest rival's lexical
    score and cover (:data:`RIVAL_LEXICAL`, :data:`RIVAL_COVER` unless given)."""
    import numpy as np

    floor_lex, floor_cover = rivals or (RIVAL_LEXICAL, RIVAL_COVER)
    n = len(groups)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    lex = lexical / 100.0
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, n])
    gid = np.repeat(np.arange(len(starts)), sizes)

    def best_two(values: Any, tiebreak: Any) -> tuple[Any, Any, Any, Any]:
        # per group: the position of its best row, its best value and its second best value
        order = np.lexsort((tiebreak, -values, gid))
        first = order[starts]
        best = values[first]
        second_pos = np.minimum(starts + 1, n - 1)
        second = np.where(sizes > 1, values[order[second_pos]], 0.0)
        return first, best, second, order

    # the overlap's best row (the first of equals), best and second best, without a sort
    at = np.arange(n)
    ov_best = np.maximum.reduceat(overlap, starts)
    ov_first = np.minimum.reduceat(np.where(overlap == ov_best[gid], at, n), starts)
    ov_second = np.where(sizes > 1, np.maximum.reduceat(
        np.where(at == ov_first[gid], -np.inf, overlap), starts), 0.0)
    lex_first, lex_best, lex_second, lex_order = best_two(lex, rank)
    lex_rank = np.empty(n)
    lex_rank[lex_order] = np.arange(n) - np.repeat(starts, sizes)[np.arange(n)] + 1
    is_ov_first = np.zeros(n, dtype=bool)
    is_ov_first[ov_first] = True
    is_lex_first = np.zeros(n, dtype=bool)
    is_lex_first[lex_first] = True
    other_ov = np.maximum(np.where(is_ov_first, ov_second[gid], ov_best[gid]),
                          floor_cover * query_weight)
    other_lex = np.maximum(np.where(is_lex_first, lex_second[gid], lex_best[gid]), floor_lex)
    safe = np.where(other_ov > 0, other_ov, 1.0)
    gap = np.where(other_ov > 0, np.minimum(_GAP_CAP, overlap / safe), _GAP_CAP)
    best_ov = np.maximum(overlap, other_ov)
    best_ov = np.where(best_ov > 0, best_ov, 1.0)
    x = np.column_stack([
        1.0 / rank,
        (rank == 1).astype(float),
        overlap / best_ov,
        np.where(query_weight > 0, overlap / np.where(query_weight > 0, query_weight, 1.0), 0.0),
        np.where(doc_weight > 0, overlap / np.where(doc_weight > 0, doc_weight, 1.0), 0.0),
        lex,
        gap,
        lex - other_lex,
        1.0 / lex_rank,
    ])
    return x
