"""Matching: find claims from different sources that say the same thing.

A pure library (no database, no CLI).  The store hands us claim dicts (``id``,
``source``, ``quote``, ``statement``, ``status``, ...) and gets back
:class:`Candidate` pairs, each decided ``"link"`` (the same claim) or
``"suggest"`` (worth a human look).

The scorer
----------
Every claim is normalised (:func:`normalise`) and reduced to its *content
words* (stop words and reporting verbs such as "said" dropped; negations kept).
For a pair of claims we compare every text of one (statement and quote, when
they differ) with every text of the other and keep the best of:

``score = 0.55 * base + 0.45 * 100 * weighted_dice``

* ``base`` is ``rapidfuzz.fuzz.ratio`` on the content words sorted once per
  claim (the same scores as ``token_sort_ratio``, 5-6x faster, see STYLE.md).
  It rewards the same words in any order and tolerates spelling variants
  ("canceled"/"cancelled") and inflections.
* ``weighted_dice`` is the Dice overlap of the two content-word sets, each word
  weighted by its IDF over the claim set being matched and names (words
  capitalised inside a sentence) weighted 1.5x.  Two claims sharing "Isaacman"
  and "NASA" are far more likely the same claim than two sharing "government".
  ``WRatio`` and ``token_set_ratio`` are not used: the first scores a third of
  random claim pairs at 85+, the second scores any claim contained in a longer
  one at 100.

Three rules then stop a pair from ever being linked (it can still be
suggested; the score is capped at ``LINK_CAP`` below the default link
threshold and the flag says why):

* ``numbers_differ``: both claims carry numbers and neither set contains the
  other ("eight launches" vs "nine launches", "$3 billion" vs "$4 billion").
  These pairs belong to the contradiction report, not to a link.  A claim that
  only drops a number ("eight of ... against two for ULA" vs "eight of ...") is
  not flagged.
* ``short``: a claim with fewer than ``MIN_CONTENT_WORDS`` content words
  ("South Korea" / "North Korea", "Trump wins" / "Harris wins") carries too
  little evidence for an automatic link.
* ``negation_differs``: one text is negated and the other is not ("would not be
  practical" vs "would be practical").  The scorer cannot tell "not available"
  from "unavailable", so these go to a human.

Thresholds (chosen on ``tests/data/match_pairs.jsonl``)
-------------------------------------------------------
The labelled set has 58 pairs written from the seed articles: 29 "same" (27
rewordings across outlets, 2 short), 29 "different" (12 same-topic claims, 7
changed numbers, 5 negations, 4 short look-alikes, 1 reversal).  With IDF over
its 116 claims, rewordings score 60-100 and same-topic different claims at
most 47; random synthetic pairs score at most 36 (99.9th percentile 32).

``LEXICAL_LINK = 72`` (score.py): a wrong link merges two claims, a missed one
only becomes a suggestion, so links keep a wide margin (25 points) over the
best different claim.  Precision on the set is 0.95 at every threshold from 65
to 80: the one wrong link is "SpaceX needs the US government as much as the
US government needs SpaceX" against its reversal, the same words in another
order, which no bag-of-words scorer separates.  At 72, 20 of the 29 same pairs
are linked; 65 would link 25, at no cost on this set but with half the margin.
``LEXICAL_SUGGEST = 50``: every same pair (the heaviest paraphrase,
"JD Vance stepped in to tell Musk ...", scores 60) and no same-topic different
claim (47 at most) or random pair reaches it; pairs held back by a rule score
at most ``LINK_CAP`` (71) and on the set are all suggested.  Result on the set: 29/29 same pairs
linked or suggested, 20 linked, 21 links in all.

Blocking
--------
Scoring all pairs is quadratic (17 minutes for 100,000 claims even with
``ratio``).  :func:`candidate_pairs` finds each claim's ``BLOCK_K`` (6) rarest
content words and indexes the claim by every pair of them, so two claims are
scored only when they share two rare words and come from different sources;
short claims are paired on a single shared rare word.  Tuned on synthetic
claims (``bench/synthetic.py``) and on the labelled claims mixed into 20,000
synthetic ones: one shared word out of the 3 rarest (the classic scheme) finds
every planted duplicate but proposes 1.4 million pairs for 100,000 claims, and
misses 3 of the 29 real rewordings, whose rarest words differ; two shared out
of 6 proposes about 47,000 pairs (25,000 of them shared-pair candidates, the
rest from the 107 short claims), finds every planted duplicate and all 29
rewordings (28 when the labelled claims are matched on their own: with 116
claims most words are equally rare).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Candidate"]

Claim = Mapping[str, Any]

# --------------------------------------------------------------------------
# matching
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A pair of claims that may be the same; ``a`` comes before ``b`` in the input."""

    a: str
    b: str
    score: float
    method: str
    decision: str  # "link" | "suggest"
    numbers_differ: bool = False
    shared_rare: tuple[str, ...] = ()
    short: bool = False
    negation_differs: bool = False
    lexical: float | None = None  # the lexical scorer's 0-100 when ``score`` is the fused one
