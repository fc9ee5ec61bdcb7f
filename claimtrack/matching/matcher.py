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

``DEFAULT_LINK_THRESHOLD = 72``: a wrong link merges two claims, a missed one
only becomes a suggestion, so links keep a wide margin (25 points) over the
best different claim.  Precision on the set is 0.95 at every threshold from 65
to 80: the one wrong link is "SpaceX needs the US government as much as the
US government needs SpaceX" against its reversal, the same words in another
order, which no bag-of-words scorer separates.  At 72, 20 of the 29 same pairs
are linked; 65 would link 25, at no cost on this set but with half the margin.
``DEFAULT_SUGGEST_THRESHOLD = 50``: every same pair (the heaviest paraphrase,
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

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import combinations
from typing import Any, NamedTuple

from ..text.anchoring import TYPOGRAPHY
from ..text.numwords import TENS, UNITS

__all__ = [
    "BLOCK_K",
    "DEFAULT_LINK_THRESHOLD",
    "DEFAULT_SUGGEST_THRESHOLD",
    "LINK_CAP",
    "MIN_CONTENT_WORDS",
    "Candidate",
    "Idf",
    "PairScore",
    "build_idf",
    "candidate_pairs",
    "content_words",
    "find_matches",
    "normalise",
    "numbers_in",
    "score_pair",
    "sort_key",
]

DEFAULT_LINK_THRESHOLD = 72.0
DEFAULT_SUGGEST_THRESHOLD = 50.0
#: Highest score a pair that may not be linked can get (numbers, short, negation).
LINK_CAP = DEFAULT_LINK_THRESHOLD - 1
#: Claims with fewer content words than this are only ever suggested.
MIN_CONTENT_WORDS = 5
#: How many rare words each claim is indexed by in :func:`candidate_pairs`.
BLOCK_K = 6
#: Claims with fewer rare words than this are paired on a single shared word.
_MIN_PAIR_KEYS = 3
#: Below this many claims IDF is meaningless and plain Dice is used.
MIN_IDF_CLAIMS = 20

_BASE_WEIGHT = 0.55
_NAME_BOOST = 1.5
_RARE_SHARE = 0.05  # a word in at most 5% of claims counts as rare

Claim = Mapping[str, Any]

# --------------------------------------------------------------------------
# normalisation
# --------------------------------------------------------------------------


_UNITS = UNITS
_TENS = TENS
_SCALES = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "bn": 10**9, "tn": 10**12,
}  # fmt: skip
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS)
_MONEY_SCALE = {"k": "thousand", "m": "million", "mn": "million", "bn": "billion",
                "b": "billion", "tn": "trillion"}  # fmt: skip
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}

_RE_NT = re.compile(r"\b(won|can|shan|ain)'t\b|n't\b")
_RE_ACRONYM = re.compile(r"\b[^\W\d_](?:\.[^\W\d_])+\b\.?")
_RE_POSSESSIVE = re.compile(r"'s\b")
_RE_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_RE_MONEY = re.compile(
    r"(?:us)?([$£€])\s?(\d+(?:\.\d+)?)\s*(trillion|billion|million|thousand|bn|tn|mn|m|b|k)?\b"
)
_RE_PERCENT = re.compile(r"%|\bper cent\b")
_RE_PUNCT = re.compile(r"[^\w.]+|_+|(?<!\d)\.|\.(?!\d)")
_ASCII_PUNCT = str.maketrans({c: " " for c in "!\"#$%&'()*+,-/:;<=>?@[\\]^_`{|}~"})
_RE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_RE_DIGIT = re.compile(r"\d")
_RE_NUMERIC = re.compile(r"\d+(?:\.\d+)?")
_RE_DECADE = re.compile(r"\d+0s")
_RE_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*")
_SENTENCE_ENDS = frozenset(".!?:;\"'“‘(")

_NT_FULL = {"won": "will not", "can": "can not", "shan": "shall not", "ain": "is not"}

#: Words that carry no claim content.  Negations are deliberately absent.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be
    because been before being below between both but by could did do does doing
    down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most
    my myself of off on once only or other our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself
    yourselves may might must can shall us now even still yet ever already also
    said says say saying told tells according reportedly added adding stated
    whether however though although s t one mr mrs ms dr""".split()
)
NEGATIONS = frozenset("not no never nor none nobody nothing neither cannot without nowhere".split())


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _money(match: re.Match[str]) -> str:
    symbol, amount, scale = match.group(1), match.group(2), match.group(3)
    scale_word = _MONEY_SCALE.get(scale or "", scale or "")
    return f" {amount} {scale_word} {_CURRENCY[symbol]} "


def _format_number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _fold_numbers(tokens: list[str]) -> tuple[list[str], set[str]]:
    """Turn number words and scaled numbers into digits; return tokens and numbers.

    The lone word "one" stays a word (it is mostly a pronoun: "no one", "one of
    them") and is not counted as a number; inside a compound ("twenty one",
    "one million") it is.
    """
    out: list[str] = []
    numbers: set[str] = set()
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        is_digit = tok[0].isdigit() and _RE_NUMERIC.fullmatch(tok) is not None
        if not is_digit and tok not in _NUMBER_WORDS:
            if tok[0].isdigit() and _RE_DECADE.fullmatch(tok):
                numbers.add(tok)
            out.append(tok)
            i += 1
            continue
        total = Decimal(0)
        if is_digit:
            try:
                current = Decimal(tok)
            except InvalidOperation:  # pragma: no cover - regex guarantees digits
                out.append(tok)
                i += 1
                continue
            last = "digit"
        elif tok in _UNITS:
            current, last = Decimal(_UNITS[tok]), "unit"
        else:
            current, last = Decimal(_TENS[tok]), "tens"
        j = i + 1
        while j < n:
            nxt = tokens[j]
            if last == "tens" and nxt in _UNITS and _UNITS[nxt] < 10:
                current += _UNITS[nxt]
                last = "unit"
            elif nxt == "hundred" and last in ("unit", "tens", "digit"):
                current *= 100
                last = "hundred"
            elif nxt == "dozen" and last in ("unit", "digit"):
                current *= 12
                last = "scale"
            elif (
                nxt == "and" and last in ("hundred", "scale") and j + 1 < n and tokens[j + 1] in _NUMBER_WORDS
            ):
                last = "and"
            elif last == "and" and nxt in _UNITS:
                current += _UNITS[nxt]
                last = "unit"
            elif last == "and" and nxt in _TENS:
                current += _TENS[nxt]
                last = "tens"
            elif nxt in _SCALES:
                total += current * _SCALES[nxt]
                current = Decimal(0)
                last = "scale"
            else:
                break
            j += 1
        value = total + current
        if j == i + 1 and tok == "one":
            out.append(tok)  # a lone "one" is a word, not a quantity
        else:
            text = _format_number(value)
            out.append(text)
            numbers.add(text)
        i = j
    return out, numbers


def _tokens(text: str) -> tuple[list[str], set[str]]:
    """Normalised tokens of ``text`` and the numbers it states."""
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHY).casefold()
        text = _strip_accents(text)
    if "'" in text:
        text = _RE_NT.sub(lambda m: " " + _NT_FULL[m.group(1)] if m.group(1) else " not", text)
        text = _RE_POSSESSIVE.sub("", text).replace("'", "")
    if "." in text:
        text = _RE_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    if "," in text:
        text = _RE_THOUSANDS.sub("", text)
    if "$" in text or "£" in text or "€" in text:
        text = _RE_MONEY.sub(_money, text)
    if "%" in text or "per cent" in text:
        text = _RE_PERCENT.sub(" percent ", text)
    if text.isascii():
        text = text.translate(_ASCII_PUNCT)
        if "." in text:
            text = _RE_DOT.sub(" ", text)
    else:
        text = _RE_PUNCT.sub(" ", text)
    tokens = text.split()
    if not tokens:
        return [], set()
    if _RE_DIGIT.search(text) is None and _NUMBER_WORDS.isdisjoint(tokens):
        return tokens, set()
    return _fold_numbers(tokens)


def normalise(text: str) -> str:
    """Return ``text`` case-folded, with punctuation stripped and numbers as digits.

    Curly quotes and dashes are folded, accents removed, "n't" expanded to
    "not", possessive "'s" dropped, "U.S." joined to "us", number words turned
    into digits ("eight" -> "8", "twenty-one" -> "21", "two dozen" -> "24"),
    scaled amounts expanded ("$3 billion" -> "3000000000 dollars", "70%" ->
    "70 percent") and whitespace collapsed.  Vague amounts ("tens of
    millions") are left as words.

    >>> normalise("Musk’s $3 billion — eight launches!")
    'musk 3000000000 dollars 8 launches'
    """
    return " ".join(_tokens(text)[0])


def numbers_in(text: str) -> set[str]:
    """Return the numbers ``text`` states, normalised to plain digit strings.

    "eight" -> "8", "$3 billion" -> "3000000000", "1,000" -> "1000", "70%" ->
    "70", decades kept as written ("1990s").  The lone word "one" is not
    counted (it is mostly a pronoun); "tens of millions" has no number.

    >>> sorted(numbers_in("eight launches, $3 billion, the 1990s"))
    ['1990s', '3000000000', '8']
    """
    return _tokens(text)[1]


def content_words(text: str) -> list[str]:
    """Normalised words of ``text`` without stop words (negations are kept)."""
    return [t for t in _tokens(text)[0] if t not in STOPWORDS]


def sort_key(text: str) -> str:
    """The string the base scorer compares: content words, sorted once.

    ``rapidfuzz.fuzz.ratio`` on two sort keys is the scorer's ``base``; the
    benchmarks use the same key for the naive all-pairs comparison.
    """
    return " ".join(sorted(content_words(text)))


def _names(text: str) -> set[str]:
    """Normalised words written capitalised inside a sentence (likely names)."""
    found: set[str] = set()
    for match in _RE_CAPITALISED.finditer(text):
        p = match.start() - 1
        while p >= 0 and text[p].isspace():
            p -= 1
        if p < 0:
            continue  # the first word of a text
        if text[p] in _SENTENCE_ENDS:
            # "J.D. Vance", "Mr. Musk": an abbreviation, not a sentence end
            q = p
            while q >= 0 and not text[q].isspace():
                q -= 1
            last = text[q + 1 : p + 1]
            if not (text[p] == "." and last[0].isupper() and len(last.replace(".", "")) <= 3):
                continue  # the first word of a sentence is capitalised anyway
        found.add(match.group(0))
    if not found:
        return found
    return set(_tokens(" ".join(found))[0]) - STOPWORDS


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
    tokens, numbers = _tokens(text)
    content = [t for t in tokens if t not in STOPWORDS]
    words = frozenset(content)
    names = frozenset(_names(text) & words) if any(c.isupper() for c in text) else frozenset()
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


# --------------------------------------------------------------------------
# blocking
# --------------------------------------------------------------------------


def _add_cross_source(pairs: set[tuple[int, int]], members: Sequence[int], sources: Sequence[Any]) -> None:
    """Add every cross-source pair of ``members`` (ascending positions)."""
    add = pairs.add
    for x, i in enumerate(members):
        si = sources[i]
        for j in members[x + 1 :]:
            if sources[j] != si:
                add((i, j))


@dataclass(frozen=True)
class _Vocab:
    """Every claim's content words as integer ids, and each word's document frequency."""

    words: list[str]
    flat: Any  # numpy int64 array: word ids, claim after claim
    lengths: Any  # numpy int64 array: words per claim
    df: Any  # numpy int64 array: claims per word id

    @classmethod
    def of(cls, prepared: Sequence[_Prepared]) -> _Vocab:
        import numpy as np

        ids: dict[str, int] = {}
        setdefault = ids.setdefault
        flat: list[int] = []
        extend = flat.extend
        for p in prepared:
            extend([setdefault(w, len(ids)) for w in p.words])
        flat_arr = np.asarray(flat, dtype=np.int64)
        lengths = np.fromiter((len(p.words) for p in prepared), dtype=np.int64, count=len(prepared))
        return cls(list(ids), flat_arr, lengths, np.bincount(flat_arr, minlength=len(ids)))

    def df_dict(self) -> dict[str, int]:
        return dict(zip(self.words, self.df.tolist(), strict=True))


def _block(
    prepared: Sequence[_Prepared], sources: Sequence[Any], k: int, vocab: _Vocab | None = None
) -> set[tuple[int, int]]:
    """Candidate pairs: claims sharing two of their ``k`` rarest words (see candidate_pairs)."""
    import numpy as np

    n = len(prepared)
    pairs: set[tuple[int, int]] = set()
    if n < 2 or k < 1:
        return pairs
    vocab = vocab or _Vocab.of(prepared)
    n_words = len(vocab.words)
    # rank words rarest first (ties by spelling, so runs are reproducible)
    order = sorted(range(n_words), key=lambda v: (vocab.df[v], vocab.words[v]))
    rank = np.empty(n_words, dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(n_words, dtype=np.int64)
    owner = np.repeat(np.arange(n, dtype=np.int64), vocab.lengths)
    shared = vocab.df[vocab.flat] > 1  # a word in one claim only pairs nothing
    code = np.sort(owner[shared] * n_words + rank[vocab.flat[shared]])
    own, rk = code // n_words, code % n_words
    starts = np.searchsorted(own, np.arange(n, dtype=np.int64))
    pos = np.arange(len(own), dtype=np.int64) - starts[own]
    keep = pos < k
    keys = np.full((n, k), -1, dtype=np.int64)  # each claim's k rarest words, ascending
    keys[own[keep], pos[keep]] = rk[keep]
    n_keys = (keys >= 0).sum(axis=1)

    # index every claim by each pair of its rare words; a shared pair makes a candidate
    codes, members = [], []
    claim_ids = np.arange(n, dtype=np.int64)
    for c1, c2 in combinations(range(k), 2):
        valid = keys[:, c2] >= 0
        codes.append(keys[valid, c1] * n_words + keys[valid, c2])
        members.append(claim_ids[valid])
    if codes:
        all_codes, all_members = np.concatenate(codes), np.concatenate(members)
        by = np.lexsort((all_members, all_codes))
        all_codes, all_members = all_codes[by], all_members[by]
        bounds = np.flatnonzero(np.diff(all_codes)) + 1
        starts_g = np.concatenate(([0], bounds))
        ends_g = np.concatenate((bounds, [len(all_codes)]))
        big = np.flatnonzero(ends_g - starts_g > 1)
        member_list = all_members.tolist()
        for g in big.tolist():
            _add_cross_source(pairs, member_list[starts_g[g] : ends_g[g]], sources)

    # short claims have too few rare words to share two: pair them on one
    loners = [i for i in range(n) if n_keys[i] < _MIN_PAIR_KEYS or prepared[i].short]
    if loners:
        key_rows = keys.tolist()
        wanted = {r for i in loners for r in key_rows[i] if r >= 0}
        by_word: defaultdict[int, list[int]] = defaultdict(list)
        for i, row in enumerate(key_rows):
            for r in row:
                if r in wanted:
                    by_word[r].append(i)
        for i in loners:
            for r in key_rows[i]:
                for j in by_word.get(r, ()):
                    if j != i and sources[j] != sources[i]:
                        pairs.add((i, j) if i < j else (j, i))
    return pairs


def candidate_pairs(claims: Sequence[Claim], *, k: int = BLOCK_K) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of positions in ``claims`` worth scoring.

    Each claim's ``k`` rarest content words are found (among words that occur
    in at least two claims: a word in one claim cannot pair it), and the claim
    is indexed by every *pair* of them.  Two claims from different sources are
    a candidate when they share a pair, that is two of their rare words.
    Short claims, or claims with fewer than three such words, are also paired
    with every claim that shares any one of their rare words.  Near-duplicates
    share most rare words, so they meet; all other pairs are never scored.
    """
    prepared = [_prepare(c) for c in claims]
    return _block(prepared, [c.get("source") for c in claims], k)


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


def find_matches(
    claims: Sequence[Claim],
    *,
    link_threshold: float = DEFAULT_LINK_THRESHOLD,
    suggest_threshold: float = DEFAULT_SUGGEST_THRESHOLD,
    progress: Callable[[int, int], object] | None = None,
    block_k: int = BLOCK_K,
) -> list[Candidate]:
    """Find pairs of claims from different sources that may be the same claim.

    Retracted claims are skipped.  Pairs scoring at least ``link_threshold``
    are decided ``"link"`` unless a rule forbids it (numbers differ, a short
    claim, a negation on one side only), when they are ``"suggest"``; pairs
    scoring at least ``suggest_threshold`` are ``"suggest"``.  Results are
    sorted by score, best first, then by claim order.  ``progress``, if given,
    is called as ``progress(done, total)`` while candidate pairs are scored.
    """
    if suggest_threshold > link_threshold:
        raise ValueError("suggest_threshold must not exceed link_threshold")
    import numpy as np
    from rapidfuzz.fuzz import ratio
    from rapidfuzz.process import cpdist

    active = [c for c in claims if c.get("status", "active") != "retracted"]
    prepared = [_prepare(c) for c in active]
    vocab = _Vocab.of(prepared)
    idf = _idf_from_df(vocab.df_dict(), len(prepared))  # over every claim, copies included
    weight = _weight_fn(idf)
    # identical claims: one link from each copy to the first, only the first matched
    from .identical import collapse

    kept, identical = collapse(active, prepared, Candidate)
    if identical:
        active, prepared = [active[i] for i in kept], [prepared[i] for i in kept]
        vocab = _Vocab.of(prepared)
    totals = [[_total(t, weight) for t in p.texts] for p in prepared]
    pairs = list(_block(prepared, [c.get("source") for c in active], block_k, vocab))
    total = len(pairs)
    if progress is not None:
        progress(0, total)

    results: list[Candidate] = list(identical)
    chunk = 100_000
    for start in range(0, total, chunk):
        batch = pairs[start : start + chunk]
        left: list[str] = []
        right: list[str] = []
        for i, j in batch:
            for ta in prepared[i].texts:
                for tb in prepared[j].texts:
                    left.append(ta.key)
                    right.append(tb.key)
        flat = cpdist(left, right, scorer=ratio, dtype=np.float64, workers=-1).tolist()
        k = 0
        for i, j in batch:
            pa, pb = prepared[i], prepared[j]
            first = k
            best = -1.0
            for x, ta in enumerate(pa.texts):
                for y, tb in enumerate(pb.texts):
                    score = _combined(ta, tb, flat[k], weight, totals[i][x], totals[j][y])
                    best = max(best, score)
                    k += 1
            if best < suggest_threshold:
                continue
            ps = _score_prepared(
                pa, pb, idf, weight=weight, totals=(totals[i], totals[j]), bases=flat[first:k]
            )
            if ps.score < suggest_threshold:
                continue
            decision = "link" if ps.score >= link_threshold and ps.linkable else "suggest"
            results.append(
                Candidate(
                    a=str(active[i]["id"]),
                    b=str(active[j]["id"]),
                    score=ps.score,
                    method=ps.method,
                    decision=decision,
                    numbers_differ=ps.numbers_differ,
                    shared_rare=tuple(ps.shared_rare),
                    short=ps.short,
                    negation_differs=ps.negation_differs,
                )
            )
        if progress is not None:
            progress(min(start + chunk, total), total)
    order = {str(c["id"]): n for n, c in enumerate(claims)}
    results.sort(key=lambda c: (-c.score, order[c.a], order[c.b]))
    return results
