"""Contradictions: find claims that contradict each other, and report them over the store.

- :mod:`.detect`: the detectors (a pure library: claims in as dicts, :class:`Contradiction` out),
  and :func:`report` / :func:`dismiss` over the store.
- :mod:`.stance`: the stance of a text toward what it is about (asserts, denies, reports,
  hedges) and the cue words: ``from claimtrack.contradictions.stance import stance``.
- :mod:`.refutation`: one claim's words refuting another (the ``refutation`` kind).
- :mod:`.relatedness`: whether two claims are about the same fact (acronyms, name variants,
  irregular forms, the matcher's similarity).

``from claimtrack.contradictions import detect, report`` is the public path.
"""

from __future__ import annotations

from .detect import (
    ANTONYMS,
    KINDS,
    NEGATION_CUES,
    REBUTTAL_CUES,
    Claim,
    Contradiction,
    Pair,
    contradiction_key,
    detect,
    dismiss,
    pair_conflict,
    report,
)
from .stance import STANCES, Stance

__all__ = [
    "ANTONYMS", "KINDS", "NEGATION_CUES", "REBUTTAL_CUES", "Claim", "Contradiction", "Pair",
    "contradiction_key", "detect", "dismiss", "pair_conflict", "report", "STANCES", "Stance",
]
