"""Matching: find claims from different sources that say the same thing, and keep the links.

- :mod:`.matcher`: normalisation, scoring and candidate pairs (a pure library: no database);
- :mod:`.links`: links between claims over the store (the matcher's candidates, a person's decisions, groups).

``from claimtrack.matching import find_matches`` (and the rest of the matcher's API) is the public path.
"""

from __future__ import annotations

from .matcher import (
    BLOCK_K,
    DEFAULT_LINK_THRESHOLD,
    DEFAULT_SUGGEST_THRESHOLD,
    LINK_CAP,
    MIN_CONTENT_WORDS,
    MIN_IDF_CLAIMS,
    NEGATIONS,
    STOPWORDS,
    Candidate,
    Claim,
    Idf,
    PairScore,
    WeightFn,
    build_idf,
    candidate_pairs,
    content_words,
    find_matches,
    normalise,
    numbers_in,
    score_pair,
    sort_key,
)

__all__ = [
    "BLOCK_K", "DEFAULT_LINK_THRESHOLD", "DEFAULT_SUGGEST_THRESHOLD", "LINK_CAP", "MIN_CONTENT_WORDS",
    "MIN_IDF_CLAIMS", "NEGATIONS", "STOPWORDS", "Candidate", "Claim", "Idf", "PairScore", "WeightFn",
    "build_idf", "candidate_pairs", "content_words", "find_matches", "normalise", "numbers_in",
    "score_pair", "sort_key",
]
