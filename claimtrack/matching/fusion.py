"""One calibrated score: how likely a retrieved claim is the same claim (0-100).

A query claim (or text) and its retrieved candidates, best first, give each
candidate an :class:`Evidence` row: its retrieval rank, the IDF weight of the
stems it shares with the query, the weight of each side's stems, and the
lexical scorer's 0-100 (:func:`claimtrack.matching.score_pair`).
:func:`calibrated` turns one query's rows into features (below) and a logistic
model turns them into a probability, written as 0-100.  The model was fitted
by ``bench/fit_fusion.py`` on the CLEF 2020 CheckThat! Task 2 *train* split
(tweets against 10,375 fact-checked claims, top 20 candidates of each tweet);
the dev split was used for nothing but reporting.  So "score 80" means: among
such candidates, about 80% were the same claim.

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
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["CANDIDATES", "COEFFICIENTS", "FEATURES", "LINK_THRESHOLD", "SUGGEST_THRESHOLD",
           "Evidence", "calibrated", "features"]

FEATURES = ("rr", "top1", "rel", "cover_q", "cover_d", "lex", "gap", "lexgap", "lexrr")
#: Intercept, then one weight per feature (fitted by bench/fit_fusion.py on CLEF train).
COEFFICIENTS: tuple[float, ...] = (
    -8.0491, -0.9014, 2.7867, 3.2063, -0.08, 2.8669, -0.5902, 1.2609, 7.4156, 2.6042)
#: Link at or above: out of fold on CLEF train, pairs from 95 up were 0.982 precise (recall 0.40).
LINK_THRESHOLD = 95.0
#: Suggest at or above: out of fold on CLEF train, pairs from 51 up were 0.921 precise (recall 0.74).
SUGGEST_THRESHOLD = 51.0
#: How many candidates a query keeps (the model was fitted on lists this long).
CANDIDATES = 20
_GAP_CAP = 3.0


class Evidence(NamedTuple):
    """What retrieval and the lexical scorer found for one candidate of a query."""

    rank: float  # retrieval rank, from 1
    overlap: float  # IDF weight of the stems query and candidate share
    query_weight: float  # IDF weight of the query's stems
    doc_weight: float  # IDF weight of the candidate's stems
    lexical: float  # the lexical scorer's 0-100


def features(rows: Sequence[Evidence]) -> list[tuple[float, ...]]:
    """Each candidate's feature vector (see the module docstring), in :data:`FEATURES` order."""
    if not rows:
        return []
    overlaps = [r.overlap for r in rows]
    lexes = [r.lexical / 100.0 for r in rows]
    best_ov = max(overlaps) or 1.0
    by_lex = sorted(range(len(rows)), key=lambda i: (-lexes[i], rows[i].rank))
    lex_rank = [0] * len(rows)
    for pos, i in enumerate(by_lex, start=1):
        lex_rank[i] = pos
    # best and second best, to give each row "the best of the others"
    ov_order = sorted(range(len(rows)), key=lambda i: -overlaps[i])
    lex_first, ov_first = by_lex[0], ov_order[0]
    out: list[tuple[float, ...]] = []
    for i, r in enumerate(rows):
        other_ov = overlaps[ov_order[1]] if i == ov_first and len(rows) > 1 else (
            overlaps[ov_first] if i != ov_first else 0.0)
        other_lex = lexes[by_lex[1]] if i == lex_first and len(rows) > 1 else (
            lexes[lex_first] if i != lex_first else 0.0)
        gap = min(_GAP_CAP, r.overlap / other_ov) if other_ov > 0 else _GAP_CAP
        out.append((
            1.0 / r.rank,
            1.0 if r.rank == 1 else 0.0,
            r.overlap / best_ov,
            r.overlap / r.query_weight if r.query_weight > 0 else 0.0,
            r.overlap / r.doc_weight if r.doc_weight > 0 else 0.0,
            lexes[i],
            gap,
            lexes[i] - other_lex,
            1.0 / lex_rank[i],
        ))
    return out


def calibrated(rows: Sequence[Evidence],
               coefficients: Sequence[float] = COEFFICIENTS) -> list[float]:
    """The probability (0-100, two decimals) that each candidate is the same claim."""
    out = []
    for x in features(rows):
        z = coefficients[0] + math.fsum(w * v for w, v in zip(coefficients[1:], x, strict=True))
        out.append(round(100.0 / (1.0 + math.exp(-z)), 2))
    return out
