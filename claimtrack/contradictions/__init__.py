"""Contradictions: find claims that contradict each other, and report them over the store.

- :mod:`.detect`: the detectors (a pure library: claims in as dicts, :class:`Contradiction` out),
  and :func:`report` / :func:`dismiss` over the store.

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

__all__ = [
    "ANTONYMS", "KINDS", "NEGATION_CUES", "REBUTTAL_CUES", "Claim", "Contradiction", "Pair",
    "contradiction_key", "detect", "dismiss", "pair_conflict", "report",
]
