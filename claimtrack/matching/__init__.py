"""Matching: find claims from different sources that say the same thing, and keep the links.

- :mod:`.normalise`: claim text normalised for comparison (numbers, contractions, stop words);
- :mod:`.score`: one pair of claims scored (IDF-weighted), with the caps on risky pairs;
- :mod:`.candidates`: which pairs are worth scoring (blocking on rare words);
- :mod:`.matcher`: the :class:`Candidate` pair, the default thresholds and the lexical
  scorer's design notes (these four are a pure library: no database);
- :mod:`.noise`: text as it comes (links, signatures, tags, "300K", "$US", "dont", dates);
- :mod:`.retrieval`, :mod:`.fusion`, :mod:`.fused`: each claim's nearest claims by shared Porter
  stems, one calibrated score (0-100) over retrieval and lexical evidence, and the
  ``find_matches`` the package exports (retrieval candidates plus blocking, calibrated decisions);
  :mod:`.rivals`: lists holding copies of one claim scored in bulk; :mod:`.bulk_lexical`: the
  lexical score of many pairs at once;
- :mod:`.similar`: the stored claims most like a text or a claim (the database's index);
- :mod:`.links`: links between claims over the store (the matcher's candidates, a person's decisions, groups).

``from claimtrack.matching import find_matches`` (and the rest of the matcher's API) is the public path.
"""

from __future__ import annotations

# ``normalise`` is both a module and a function: imported here, the function's name wins, as
# it always has (a submodule imported later would otherwise leave the module under that name).
from .normalise import NEGATIONS, STOPWORDS, content_words, normalise, numbers_in, sort_key

TYPE_CHECKING = False  # importing typing would cost a one-shot command's start-up

if TYPE_CHECKING:
    from .candidates import BLOCK_K, candidate_pairs
    from .fused import find_matches
    from .fusion import LINK_THRESHOLD, SUGGEST_THRESHOLD
    from .matcher import Candidate
    from .score import (
        LEXICAL_LINK,
        LEXICAL_SUGGEST,
        LINK_CAP,
        MIN_CONTENT_WORDS,
        MIN_IDF_CLAIMS,
        Claim,
        Idf,
        PairScore,
        WeightFn,
        build_idf,
        score_pair,
    )

__all__ = [
    "BLOCK_K", "LINK_THRESHOLD", "SUGGEST_THRESHOLD",
    "LEXICAL_LINK", "LEXICAL_SUGGEST", "LINK_CAP", "MIN_CONTENT_WORDS",
    "MIN_IDF_CLAIMS", "NEGATIONS", "STOPWORDS", "Candidate", "Claim", "Idf", "PairScore", "WeightFn",
    "build_idf", "candidate_pairs", "content_words", "find_matches", "normalise", "numbers_in",
    "score_pair", "sort_key",
]

#: The module each public name comes from: imported when the name is first asked for, so that
#: importing one module of the package (``similar``'s path: retrieval, score, fusion) does not
#: import all of them (``fused``, ``candidates``, ``matcher``: about 6 ms of a one-shot command).
_HOME = {
    "BLOCK_K": "candidates", "candidate_pairs": "candidates", "find_matches": "fused",
    "LINK_THRESHOLD": "fusion", "SUGGEST_THRESHOLD": "fusion", "Candidate": "matcher",
    **dict.fromkeys(("LEXICAL_LINK", "LEXICAL_SUGGEST", "LINK_CAP", "MIN_CONTENT_WORDS",
                     "MIN_IDF_CLAIMS", "Claim", "Idf", "PairScore", "WeightFn", "build_idf",
                     "score_pair"), "score"),
}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
