"""Contradictions: find claims that contradict each other, and report them over the store.

- :mod:`.cues`: word lists (negations, rebuttals, antonyms, numbers) and text helpers;
- :mod:`.quantities`: numbers, money, percentages and dates in a claim;
- :mod:`.parse`: one claim, parsed once for every check;
- :mod:`.detect`: the checks, and :func:`detect` over many claims (a pure library: claims in
  as dicts, :class:`Contradiction` out);
- :mod:`.report`: :func:`report` and :func:`dismiss` over the store;
- :mod:`.stance`: the stance of a text toward what it is about (asserts, denies, reports,
  hedges) and the cue words: ``from claimtrack.contradictions.stance import stance``;
- :mod:`.refutation`: one claim's words refuting another (the ``refutation`` kind);
- :mod:`.relatedness`: whether two claims are about the same fact (acronyms, name variants,
  irregular forms, the matcher's similarity).

``from claimtrack.contradictions import detect, report`` is the public path.
"""

from __future__ import annotations

from .cues import ANTONYMS, NEGATION_CUES, REBUTTAL_CUES
from .detect import KINDS, Claim, Contradiction, Pair, contradiction_key, detect, pair_conflict
from .report import dismiss, report
from .stance import STANCES, Stance

__all__ = [
    "ANTONYMS", "KINDS", "NEGATION_CUES", "REBUTTAL_CUES", "Claim", "Contradiction", "Pair",
    "contradiction_key", "detect", "dismiss", "pair_conflict", "report", "STANCES", "Stance",
]
