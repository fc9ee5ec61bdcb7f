"""Matching: find claims from different sources that say the same thing, and keep the links.

- :mod:`.matcher`: normalisation, the lexical scorer and rare-word blocking (a pure library);
- :mod:`.noise`: text as it comes (links, signatures, tags, "300K", "$US", "dont", dates);
- :mod:`.retrieval`, :mod:`.fusion`, :mod:`.fused`: each claim's nearest claims by shared Porter
  stems, one calibrated score (0-100) over retrieval and lexical evidence, and ``find_matches``;
- :mod:`.similar`: the stored claims most like a text or a claim (the database's index);
- :mod:`.links`: links between claims over the store (the matcher's candidates, a person's decisions, groups).

``from claimtrack.matching import find_matches`` (and the rest of the matcher's API) is the public path.
"""

from __future__ import annotations

from .fused import find_matches
from .fusion import LINK_THRESHOLD, SUGGEST_THRESHOLD
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
    normalise,
    numbers_in,
    score_pair,
    sort_key,
)

__all__ = [
    "BLOCK_K", "LINK_THRESHOLD", "SUGGEST_THRESHOLD",
    "DEFAULT_LINK_THRESHOLD", "DEFAULT_SUGGEST_THRESHOLD", "LINK_CAP", "MIN_CONTENT_WORDS",
    "MIN_IDF_CLAIMS", "NEGATIONS", "STOPWORDS", "Candidate", "Claim", "Idf", "PairScore", "WeightFn",
    "build_idf", "candidate_pairs", "content_words", "find_matches", "normalise", "numbers_in",
    "score_pair", "sort_key",
]
