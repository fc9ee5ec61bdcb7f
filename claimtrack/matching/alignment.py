"""Token alignment of two texts: how well each word piece of one finds its like in the other.

The semantic extra's MiniLM gives one vector per word piece before it pools
them into the claim's embedding (:meth:`.minilm.MiniLM.token_vectors`).
Matching every piece of one text to its most similar piece of the other, as
BERTScore does (Zhang et al., 2020, without its IDF weights), reads the two
texts piece by piece where the pooled cosine reads them whole: a tweet that
quotes a claim among other words aligns with it closely though their pooled
vectors differ.  ``similar`` with the extra adds the F score to its
candidates' evidence (:data:`.hybrid.SIMILAR_FEATURES`); ``match`` does not,
since it would need every claim's piece vectors (see hybrid.py).

Needs numpy (the semantic extra's); imports nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["f_score", "f_scores", "precision_recall"]


def precision_recall(query: np.ndarray, candidate: np.ndarray) -> tuple[float, float]:
    """Precision (the candidate's pieces, each its best cosine with a query piece, averaged)
    and recall (the same for the query's pieces); 0 and 0 when either text has no pieces.
    Rows of both arrays are L2-normalised piece vectors."""
    if not len(query) or not len(candidate):
        return 0.0, 0.0
    sims = query @ candidate.T
    return float(sims.max(axis=0).mean()), float(sims.max(axis=1).mean())


def f_score(query: np.ndarray, candidate: np.ndarray) -> float:
    """The harmonic mean of :func:`precision_recall`."""
    precision, recall = precision_recall(query, candidate)
    total = precision + recall
    return 2.0 * precision * recall / total if total > 0 else 0.0


def f_scores(query: np.ndarray, candidates: Sequence[np.ndarray]) -> list[float]:
    """:func:`f_score` of the query with each candidate."""
    return [f_score(query, c) for c in candidates]
