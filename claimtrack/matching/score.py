"""Scoring a pair of claims: each claim prepared once (its texts, content words, names,
numbers), IDF weights over the corpus, and the score (see :mod:`claimtrack.matching.matcher`
for the formula) with the caps that keep risky pairs to suggestions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import noise
from .normalise import NEGATIONS, STOPWORDS, _names, _tokens

#: The lexical score's own scale (0-100, :func:`score_pair`): a rewording of the same claim
#: scores at least LEXICAL_LINK on the labelled pairs, same-topic different claims stay below
#: LEXICAL_SUGGEST (see matcher.py).  ``match`` decides on the calibrated score instead
#: (:data:`.fusion.LINK_THRESHOLD`, :data:`.fusion.SUGGEST_THRESHOLD`), of which this score is one
#: feature.
LEXICAL_LINK = 72.0
LEXICAL_SUGGEST = 50.0
#: Highest score a pair that may not be linked can get (numbers, short, negation).
LINK_CAP = LEXICAL_LINK - 1
#: Claims with fewer content words than this are only ever suggested.
MIN_CONTENT_WORDS = 5
#: Below this many claims IDF is meaningless and plain Dice is used.
MIN_IDF_CLAIMS = 20

_BASE_WEIGHT = 0.55
_NAME_BOOST = 1.5
_RARE_SHARE = 0.05  # a word in at most 5% of claims counts as rare

Claim = Mapping[str, Any]


# --------------------------------------------------------------------------
# prepared claims
# --------------------------------------------------------------------------


class _Text(NamedTuple):
    """One text of a claim (statement or quote), ready to score."""

    key: str  # sorted content words
    words: frozenset[str]
    names: frozenset[str]
    n_content: int
    negated: bool


class _Prepared(NamedTuple):
    """A claim ready to score: its distinct texts and what holds for the claim."""

    texts: tuple[_Text, ...]
    words: frozenset[str]  # union over texts
    numbers: frozenset[str]
    short: bool


def _prepare_text(text: str) -> tuple[_Text, set[str]]:
    text = noise.strip_post_noise(text)  # before _names: "@JoeBiden" is the name Joe Biden
    tokens, numbers = _tokens(text)
    content = [t for t in tokens if t not in STOPWORDS]
    words = frozenset(content)
    upper = text != text.lower() if text.isascii() else any(c.isupper() for c in text)
    names = frozenset(_names(text) & words) if upper else frozenset()
    return (
        _Text(
            key=" ".join(sorted(content)),
            words=words,
            names=names,
            n_content=len(content),
            negated=not NEGATIONS.isdisjoint(words),
        ),
        numbers,
    )


def _claim_texts(claim: Claim) -> list[str]:
    texts: list[str] = []
    for field_name in ("statement", "quote"):
        value = claim.get(field_name)
        if isinstance(value, str) and value.strip() and value not in texts:
            texts.append(value)
    return texts


def _prepare(claim: Claim) -> _Prepared:
    texts: list[_Text] = []
    numbers: set[str] = set()
    seen: set[str] = set()
    for raw in _claim_texts(claim):
        text, nums = _prepare_text(raw)
        numbers |= nums
        if text.key not in seen:
            seen.add(text.key)
            texts.append(text)
    words = frozenset().union(*(t.words for t in texts)) if texts else frozenset()
    longest = max((t.n_content for t in texts), default=0)
    return _Prepared(
        texts=tuple(texts),
        words=words,
        numbers=frozenset(numbers),
        short=longest < MIN_CONTENT_WORDS,
    )


# --------------------------------------------------------------------------
# IDF
# --------------------------------------------------------------------------


class Idf(dict[str, float]):
    """Word weights over a claim set; unseen words get the highest weight.

    Build one with :func:`build_idf`.  ``uniform`` is true when the set was too
    small for IDF to mean anything (every word then weighs 1).
    """

    def __init__(
        self,
        weights: Mapping[str, float] | None = None,
        *,
        default: float = 1.0,
        rare_weight: float = math.inf,
        uniform: bool = False,
    ) -> None:
        super().__init__(weights or {})
        self.default = default
        self.rare_weight = rare_weight
        self.uniform = uniform

    def __missing__(self, key: str) -> float:
        return self.default


def _idf_from_df(df: Mapping[str, int], n_claims: int) -> Idf:
    if n_claims < MIN_IDF_CLAIMS:
        return Idf(default=1.0, uniform=True)
    log_n = math.log(n_claims + 1)
    weights = {w: log_n - math.log(c + 1) + 1.0 for w, c in df.items()}
    rare_df = max(1.0, _RARE_SHARE * n_claims)
    return Idf(weights, default=log_n + 1.0, rare_weight=log_n - math.log(rare_df + 1) + 1.0)


def build_idf(claims: Iterable[Claim]) -> Idf:
    """IDF weights of content words over ``claims`` (statement and quote together).

    ``weight = ln((N + 1) / (df + 1)) + 1``; with fewer than
    ``MIN_IDF_CLAIMS`` claims every word weighs 1 (plain Dice).
    """
    df: Counter[str] = Counter()
    n = 0
    for claim in claims:
        n += 1
        df.update(_prepare(claim).words)
    return _idf_from_df(df, n)


# --------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class PairScore:
    """How alike two claims are.

    ``score`` is 0-100; ``base`` the sorted-token ratio of the best-matching
    texts; ``shared_rare`` the rare words, names and numbers both use, rarest
    first.  ``numbers_differ``, ``short`` and ``negation_differs`` say why a
    pair may not be linked (its score is then at most ``LINK_CAP``).
    """

    score: float
    method: str
    numbers_differ: bool = False
    shared_rare: list[str] = field(default_factory=list)
    short: bool = False
    negation_differs: bool = False
    base: float = 0.0

    @property
    def linkable(self) -> bool:
        """False when a rule forbids linking this pair whatever its score."""
        return not (self.numbers_differ or self.short or self.negation_differs)


WeightFn = Callable[[str], float]


def _weight_fn(idf: Mapping[str, float]) -> WeightFn:
    if isinstance(idf, Idf):
        return idf.__getitem__
    fallback = max(idf.values(), default=1.0)
    return lambda word: idf.get(word, fallback)


def _total(text: _Text, weight: WeightFn) -> float:
    """The weight of all of a text's content words (names boosted)."""
    return sum(weight(w) * (_NAME_BOOST if w in text.names else 1.0) for w in text.words)


def _combined(ta: _Text, tb: _Text, base: float, weight: WeightFn, tot_a: float, tot_b: float) -> float:
    """``0.55 * base + 0.45 * 100 * weighted Dice`` for one pair of texts.

    The weighted Dice is ``(sum of shared words' weights in a + in b) /
    (weight of a + weight of b)``; a word weighs its IDF, 1.5x in a text that
    writes it as a name.
    """
    shared = ta.words & tb.words
    if not shared or not ta.key or not tb.key:
        return _BASE_WEIGHT * base
    na, nb = ta.names, tb.names
    s = 0.0
    for w in shared:
        s += weight(w) * ((_NAME_BOOST if w in na else 1.0) + (_NAME_BOOST if w in nb else 1.0))
    return _BASE_WEIGHT * base + (1.0 - _BASE_WEIGHT) * 100.0 * s / (tot_a + tot_b)


def _numbers_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and not (a <= b or b <= a)


def _score_prepared(
    pa: _Prepared,
    pb: _Prepared,
    idf: Mapping[str, float],
    *,
    weight: WeightFn | None = None,
    totals: tuple[Sequence[float], Sequence[float]] | None = None,
    bases: Sequence[float] | None = None,
) -> PairScore:
    """Score two prepared claims.

    ``weight``, ``totals`` (per text of each claim) and ``bases`` (one ratio
    per text pair, a's texts outer) may be passed in precomputed;
    :func:`find_matches` does, :func:`score_pair` does not, and both get the
    same result.
    """
    from rapidfuzz.fuzz import ratio

    uniform = isinstance(idf, Idf) and idf.uniform
    method = "token-sort+dice" if uniform else "token-sort+idf"
    if not pa.texts or not pb.texts:
        return PairScore(0.0, method, short=True)
    if weight is None:
        weight = _weight_fn(idf)
    if totals is None:
        totals = ([_total(t, weight) for t in pa.texts], [_total(t, weight) for t in pb.texts])
    best, best_base = -1.0, 0.0
    best_pair = (pa.texts[0], pb.texts[0])
    k = 0
    for x, ta in enumerate(pa.texts):
        for y, tb in enumerate(pb.texts):
            if not ta.key or not tb.key:
                base = 0.0
            elif bases is not None:
                base = bases[k]
            else:
                base = ratio(ta.key, tb.key)
            k += 1
            score = _combined(ta, tb, base, weight, totals[0][x], totals[1][y])
            # on a tie prefer texts that agree on negation, so a/b and b/a agree
            if score > best or (score == best and ta.negated == tb.negated):
                best, best_base, best_pair = score, base, (ta, tb)
    ta, tb = best_pair
    numbers_differ = _numbers_conflict(pa.numbers, pb.numbers)
    short = pa.short or pb.short
    negation_differs = ta.negated != tb.negated
    if numbers_differ or short or negation_differs:
        best = min(best, LINK_CAP)
    names = ta.names | tb.names
    rare_cut = math.inf if uniform or not isinstance(idf, Idf) else idf.rare_weight
    rare = [w for w in ta.words & tb.words if w in names or w[0].isdigit() or weight(w) >= rare_cut]
    rare.sort(key=lambda w: (-weight(w) * (_NAME_BOOST if w in names else 1.0), w))
    return PairScore(
        score=round(best, 2),
        method=method,
        numbers_differ=numbers_differ,
        shared_rare=rare[:8],
        short=short,
        negation_differs=negation_differs,
        base=round(best_base, 2),
    )


def score_pair(a: Claim, b: Claim, idf: Mapping[str, float] | None = None) -> PairScore:
    """Score how likely claims ``a`` and ``b`` are the same claim (0-100).

    ``idf`` should come from :func:`build_idf` over the claim set being
    matched; without it every word weighs 1 (plain Dice).  The score is capped
    at ``LINK_CAP`` when the numbers differ, a claim is short, or one side is
    negated and the other is not.
    """
    return _score_prepared(_prepare(a), _prepare(b), idf if idf is not None else Idf(uniform=True))
