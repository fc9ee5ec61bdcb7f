"""Find claims that contradict each other.

A pure library: claims come in as plain dicts (``id``, ``source``, ``quote``,
``statement``, ``strength``, ``attributed_to``, ``denied_by``, ``about``,
``status``, ...) and :class:`Contradiction` items come out.  Six kinds, from
the most specific to the least:

``explicit``        a person linked the two claims as contradicting.
``denial``          a claim denied by a party, against that party's own statement.
``misattribution``  the same quote attributed to different speakers in different sources.
``quantity``        the same fact with different numbers, money, percentages or dates.
``polarity``        the same fact asserted in one claim and negated in the other.
``refutation``      one claim's own words refute the other ("denies", "hoax", "not true"),
                    with no party typed as denying it (:mod:`.refutation`).

The detectors are heuristics built on cue lists, so each check first asks
whether the two claims are about the same thing (shared ``about`` entities and
shared content words) and stays quiet when unsure: a false alarm costs a
fact-checker as much time as a miss.

The pieces: :mod:`.cues` (word lists and text helpers), :mod:`.quantities` (numbers and
dates), :mod:`.parse` (one claim, parsed once), this module (the checks, and
:func:`detect` over many claims), :mod:`.report` (the report and dismissals over a store).

Usage::

    from claimtrack.contradictions import detect
    for item in detect(claims):
        print(item.key, item.kind, item.claims, item.reason)
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from ..columns import CONTRADICTION_KINDS
from ..errors import InvalidInput
from ..ids import claim_order
from ..parties import Registry
from .cues import (
    _ANTONYMS,
    _NEGATING_PREFIXES,
    _is_content,
    _name_words,
    _same_party,
    _stem,
)
from .parse import _parse, _Parsed, _Scope
from .quantities import _TIME_KINDS, _quantity_clashes
from .refutation import Refutation, refutes
from .relatedness import Relation, Similarity, by_meaning, relate

__all__ = ["Contradiction", "KINDS", "detect", "pair_conflict", "contradiction_key"]

Claim = Mapping[str, Any]
Pair = tuple[str, str]

#: Kinds, most specific first: a pair is reported once, with the first kind that applies.
KINDS = CONTRADICTION_KINDS


# Thresholds, tuned on tests/data/contradiction_pairs.jsonl.
_MAX_QUALIFIERS = 0.4  # share of an asserting claim's words the negated claim lacks
_SAME_QUOTE = 90  # rapidfuzz ratio between two normalised quotes
_MIN_QUOTE_WORDS = 5  # shorter quotes are stock phrases ("too big to fail")
_BLOCK_WORDS = 4  # rarest words per claim used for blocking
_BLOCK_CAP = 200  # larger blocks are skipped
_REFUTATION_SHARED = 2  # shared content stems enough for a refutation word (issue 18)
# and the matcher's similarity it needs: Emergent headlines refuting their claim this way
# score 27-58; word-soup pairs of bench/synthetic.py sharing two rare words, 25-31.
_REFUTATION_SCORE = 32.0
_COMMON_SHARE = 0.05  # a stem in more of the claims than this is too common to relate two
_COMMON_MIN_CLAIMS = 20  # fewer claims than this: no stem counts as common


@dataclass(frozen=True)
class Contradiction:
    """Two claims that cannot both be right, and why."""

    kind: str
    claims: tuple[str, str]
    reason: str
    key: str
    clash: tuple[str, ...] = ()  # the words that clash, as written (refutation: its cues)


def contradiction_key(kind: str, first: str, second: str) -> str:
    """A short, typable id ("x-1a2b3c") that stays the same across runs."""
    digest = hashlib.blake2b(f"{kind}:{first}:{second}".encode(), digest_size=3)
    return "x-" + digest.hexdigest()


def _make(kind: str, pair: Pair, reason: str, clash: tuple[str, ...] = ()) -> Contradiction:
    """A Contradiction with its key."""
    return Contradiction(kind, pair, reason, contradiction_key(kind, *pair), clash)


# --------------------------------------------------------------------------- the checks


def _refutation(a: _Parsed, b: _Parsed) -> Refutation | None:
    """Whether one claim's text refutes the other (:mod:`claimtrack.contradictions.refutation`)."""
    return refutes((a.texts, b.texts), (a.all_content, b.all_content), _stem, _is_content)


def _refutation_item(pair: Pair, a: _Parsed, b: _Parsed, found: Refutation) -> Contradiction:
    refuter, other = (a, b) if found.side == 0 else (b, a)
    words = ", ".join(f"'{c}'" for c in found.cues)
    return _make("refutation", pair, f"{refuter.id} refutes {other.id}: {words}", found.cues)


def _relation(a: _Parsed, b: _Parsed) -> Relation:
    """How two claims relate (:func:`claimtrack.contradictions.relatedness.relate`)."""
    return relate((a.texts, b.texts), (a.all_content, b.all_content), (a.about, b.about), _stem)


def _related(a: _Parsed, b: _Parsed) -> bool:
    """Whether two claims state the same fact closely enough to compare numbers or polarity.

    Statement and quote words both count; acronyms, name variants and the matcher's
    similarity are read by :func:`claimtrack.contradictions.relatedness.relate`.
    """
    return _relation(a, b).related


def _snippet(text: str, limit: int = 8) -> str:
    """The first words of a text, for a one-line reason."""
    words = text.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


def _denial(a: _Parsed, b: _Parsed, parties: Registry | None) -> str | None:
    """One claim is denied by a party and the other is that party's (pushing-back) statement.

    ``parties``: the database's aliases and spokesmen, or None (see :func:`detect`).
    """
    for denied, denier in ((a, b), (b, a)):
        if denier.strength != "named" or not denier.attributed_to or not denier.rebuts:
            continue
        party = next((p for p in denied.denied_by
                      if _same_party(p, denier.attributed_to, parties)), None)
        if party is None or (denied.attributed_to
                             and _same_party(party, denied.attributed_to, parties)):
            continue
        if _denial_on_topic(denied, denier, party):
            return f'denied by {party}: {denier.id} says "{_snippet(denier.text)}"'
    return None


def _denial_on_topic(denied: _Parsed, denier: _Parsed, party: str) -> bool:
    """A shared topic other than the party itself, the outlet named, or shared words."""
    own = re.sub(r"[^a-z0-9]", "", party.lower())
    party_stems = {_stem(w) for w in _name_words(party)}
    shared_words = (denied.all_content & denier.all_content) - party_stems  # quotes count
    shared_topics = (denied.about & denier.about) - {own}
    if len(shared_topics) >= 2 or (shared_topics and shared_words):
        return True
    outlet = _name_words(denied.attributed_to) if denied.strength == "reported" else frozenset()
    outlet_key = re.sub(r"[^a-z0-9]", "", denied.attributed_to.lower())
    if outlet and (outlet <= denier.words or outlet_key in denier.about):
        return True
    if outlet and len(outlet) > 1 and max(outlet, key=len) in denier.words:
        return True  # "the Journal" for "Wall Street Journal"
    return len(shared_words) >= 2


def _misattribution(a: _Parsed, b: _Parsed, parties: Registry | None) -> str | None:
    """The same quote, near word for word, given to two different named speakers."""
    if a.strength != "named" or b.strength != "named" or a.source == b.source:
        return None
    if (not a.attributed_to or not b.attributed_to
            or _same_party(a.attributed_to, b.attributed_to, parties)):
        return None
    if not _same_quote(a.quote_words, b.quote_words):
        return None
    return (
        f"same quote attributed to {a.attributed_to} ({a.source}) "
        f"and {b.attributed_to} ({b.source})"
    )


def _same_quote(x: Sequence[str], y: Sequence[str]) -> bool:
    """Near-identical quote text; one may be a trimmed version of the other."""
    if min(len(x), len(y)) < _MIN_QUOTE_WORDS:
        return False
    from rapidfuzz import fuzz

    short, long = sorted((" ".join(x), " ".join(y)), key=len)
    if fuzz.ratio(short, long) >= _SAME_QUOTE:
        return True
    return min(len(x), len(y)) >= 8 and f" {short} " in f" {long} "


def _quantity(a: _Parsed, b: _Parsed) -> tuple[str, tuple[str, str]] | None:
    """Different numbers in the same role.  Different years *and* numbers: two periods."""
    clashes = _quantity_clashes(a.quantities, b.quantities)
    times = [c for c in clashes if c[0].kind in _TIME_KINDS]
    others = [c for c in clashes if c[0].kind not in _TIME_KINDS]
    if times and others:
        return None  # "ten launches in 2023" vs "eight in 2024" is not a contradiction
    if not clashes:
        return None
    p, q = (others or times)[0]
    what = f" ({p.label})" if p.label and p.label not in _TIME_KINDS else ""
    noun = "dates" if p.kind in _TIME_KINDS else "numbers"
    return f"{noun} differ: '{p.surface}' vs '{q.surface}'{what}", (p.surface, q.surface)


def _qualified(neg: _Parsed, pos: _Parsed) -> bool:
    """Whether the asserting claim adds much the negated one lacks.

    "SpaceX is the only provider *with reusable boosters*" does not contradict
    "SpaceX is not the only provider": qualifiers can make both true.
    """
    return len(pos.content - neg.content) >= _MAX_QUALIFIERS * len(pos.content)


def _negation_clash(neg: _Parsed, pos: _Parsed) -> tuple[str, str] | None:
    """A cue in ``neg`` whose words appear un-negated in ``pos``: (negated, asserted).

    When ``pos`` adds much that ``neg`` lacks (:func:`_qualified`), only a clear negation
    counts: its subject and every word it negates (two at least) stand un-negated in
    ``pos``.  "Starlink is not available in Taiwan because ..." against "Starlink is
    available in Taiwan through a local partner" is reported; "SpaceX is not the only
    provider the Pentagon uses" against "... the only provider with reusable boosters" not.
    """
    qualified = _qualified(neg, pos)
    for scope in neg.scopes:
        if scope.modal and scope.modal not in pos.tokens:
            continue  # "should not have a clearance" does not deny "holds a clearance"
        if qualified and not _clear(scope, pos):
            continue
        head = scope.stems[0]
        present = [s for s in scope.stems if s in pos.content]
        if head in pos.content and head not in pos.negated:
            if len(present) >= min(2, len(scope.stems)):
                return scope.surface, _surface_of(pos.tokens, head)
    for token in () if qualified else neg.tokens:  # "unavailable" against "available"
        for prefix in _NEGATING_PREFIXES:
            rest = token[len(prefix) :]
            if token.startswith(prefix) and len(rest) >= 5 and _is_content(rest):
                stem = _stem(rest)
                if stem in pos.content and stem not in pos.negated and token not in pos.tokens:
                    return token, _surface_of(pos.tokens, stem)
    return None


def _clear(scope: _Scope, pos: _Parsed) -> bool:
    """A negation whose subject and negated words all stand, un-negated, in ``pos``."""
    words = (*scope.subject, *scope.stems)
    return (len(scope.stems) >= 2 and bool(scope.subject)
            and all(w in pos.content and w not in pos.negated for w in words))

def _antonym_clash(a: _Parsed, b: _Parsed) -> tuple[str, str] | None:
    """Opposite words in the same polarity: "supports" vs "opposes"."""
    if _qualified(a, b) or _qualified(b, a):
        return None
    for x in a.content - b.content:
        for y in _ANTONYMS.get(x, ()):
            if y in b.content and y not in a.content and (x in a.negated) == (y in b.negated):
                return _surface_of(a.tokens, x), _surface_of(b.tokens, y)
    return None


def _surface_of(tokens: Sequence[str], stem: str) -> str:
    """The first token with this stem, as written (for reasons)."""
    return next((t for t in tokens if _is_content(t) and _stem(t) == stem), stem)


def _polarity(a: _Parsed, b: _Parsed) -> tuple[str, tuple[str, str]] | None:
    """One claim negates what the other asserts, or uses the opposite word."""
    clash = _negation_clash(a, b)
    if clash:
        return f"polarity differs: '{clash[0]}' vs '{clash[1]}'", clash
    clash = _negation_clash(b, a)
    if clash:
        return f"polarity differs: '{clash[1]}' vs '{clash[0]}'", (clash[1], clash[0])
    clash = _antonym_clash(a, b)
    if clash:
        return f"opposite words: '{clash[0]}' vs '{clash[1]}'", clash
    return None


def _conflict(a: _Parsed, b: _Parsed, parties: Registry | None,
              common: frozenset[str] = frozenset(),
              similarity: Similarity | None = None) -> Contradiction | None:
    """The most specific conflict between two parsed claims (``a`` sorts first).

    ``parties``: the database's parties, or None (see :func:`detect`); ``common``: stems
    found in many of the claims compared (no evidence of a shared topic); ``similarity``:
    the semantic relatedness, or None (see :func:`detect`).
    """
    pair = (a.id, b.id)
    for kind, check in (("denial", _denial), ("misattribution", _misattribution)):
        reason = check(a, b, parties)
        if reason:
            return _make(kind, pair, reason)
    relation = _relation(a, b)
    if not relation.related:
        relation = by_meaning(a.id, b.id, relation, similarity)
    if not relation.related:
        # A refutation names its topic in few words ("Banksy arrest a hoax"): two shared
        # words are enough when the text holds a refutation word (not a bare negation).
        if len(relation.shared - common) < _REFUTATION_SHARED or relation.score < _REFUTATION_SCORE:
            return None
        found = _refutation(a, b)
        if found is None or found.negation_only:
            return None
        other = b if found.side == 0 else a
        shared = (found.target & other.all_content) - common
        return _refutation_item(pair, a, b, found) if len(shared) >= _REFUTATION_SHARED else None
    numbers = _quantity(a, b)
    if numbers:
        return _make("quantity", pair, *numbers)
    found = _refutation(a, b)
    words = ", ".join(f"'{c}'" for c in found.cues) if found else ""
    if found is not None and not found.negation_only:
        return _refutation_item(pair, a, b, found)
    polarity = _polarity(a, b)
    if polarity:
        return _make("polarity", pair, *polarity)
    if found is not None:  # a negation the word-by-word check could not align
        refuter, other = (a, b) if found.side == 0 else (b, a)
        if found.target & other.negated:
            return None  # "hadn't been to work" against "skipped work": negated in both
        return _make("polarity", pair, f"polarity differs: {refuter.id} says {words}",
                     found.cues)
    return None


# --------------------------------------------------------------------------- public API


def _ordered(x: str, y: str) -> Pair:
    """Two ids in natural order."""
    return (x, y) if claim_order(x) <= claim_order(y) else (y, x)


def _active(claim: Claim) -> bool:
    """Retracted claims take no part in contradictions."""
    return bool(claim.get("status", "active") != "retracted")


def pair_conflict(a: Claim, b: Claim, parties: Registry | None = None,
                  similarity: Callable[[str, str], float | None] | None = None) -> Contradiction | None:
    """The contradiction between two claims, or None.  Retracted claims never conflict.

    Covers every kind but ``explicit`` (a human link, see :func:`detect`, also for ``similarity``).
    """
    if not _active(a) or not _active(b) or str(a.get("id")) == str(b.get("id")):
        return None
    first, second = _parse(a), _parse(b)
    if _ordered(first.id, second.id) != (first.id, second.id):
        first, second = second, first
    return _conflict(first, second, parties, similarity=similarity)


def detect(
    claims: Iterable[Claim],
    candidate_pairs: Iterable[Pair] | None = None,
    explicit: Iterable[Pair] = (),
    parties: Registry | None = None,
    similarity: Callable[[str, str], float | None] | None = None,
) -> list[Contradiction]:
    """Every contradiction among ``claims``; see :func:`_detect`.

    ``similarity(id_a, id_b)``: the cosine of two claims' embeddings (the
    optional semantic extra, :func:`claimtrack.matching.hybrid.similarity`),
    or None: a pair the word tests find unrelated is related at
    :data:`~.relatedness.RELATED_COSINE` or more.

    ``parties`` (``claimtrack.store.parties.registry(store)``) makes every
    comparison of names go by party: aliases are one party, and a member
    (a spokesman) and the organisation it speaks for are one side, so a
    denial by either applies to both and the same quote given to both is
    no misattribution.
    """
    return _detect(claims, candidate_pairs, explicit, parties, similarity)


def _detect(
    claims: Iterable[Claim],
    candidate_pairs: Iterable[Pair] | None,
    explicit: Iterable[Pair],
    parties: Registry | None,
    similarity: Similarity | None = None,
) -> list[Contradiction]:
    """Every contradiction among ``claims``, each pair once with its most specific kind.

    ``candidate_pairs`` are the pairs worth comparing (from the matcher); when None,
    pairs are found by blocking on ``about`` entities and rare words.  Pairs of a
    denied claim and a statement by the denying party are always added, since a
    denial rarely shares much wording with what it denies.  ``explicit`` pairs are
    human "contradicts" links.  Retracted claims and unknown ids are ignored.
    """
    active: dict[str, Claim] = {}
    for claim in claims:
        if "id" not in claim:
            raise InvalidInput(f"claim without an id: {dict(claim)!r}")
        if _active(claim):
            active[str(claim["id"])] = claim
    parsed = {claim_id: _parse(claim) for claim_id, claim in active.items()}
    found: dict[Pair, Contradiction] = {}
    for x, y in explicit:
        if x in active and y in active and x != y:
            pair = _ordered(x, y)
            found[pair] = _make("explicit", pair, "linked as contradicting")
    if candidate_pairs is None:
        pairs = _candidates(parsed.values())
    else:
        pairs = {_ordered(x, y) for x, y in candidate_pairs if x in active and y in active}
    pairs |= _denial_candidates(parsed.values(), parties)
    common = _common_stems(parsed.values())
    for pair in sorted(pairs - found.keys(), key=lambda p: (claim_order(p[0]), claim_order(p[1]))):
        if pair[0] != pair[1]:
            item = _conflict(parsed[pair[0]], parsed[pair[1]], parties, common, similarity)
            if item is not None:
                found[pair] = item
    return sorted(found.values(), key=lambda c: (claim_order(c.claims[0]), claim_order(c.claims[1])))


def _common_stems(claims: Iterable[_Parsed]) -> frozenset[str]:
    """Stems in more than :data:`_COMMON_SHARE` of the claims (with at least
    :data:`_COMMON_MIN_CLAIMS` claims): sharing one says little about a shared topic."""
    claims = list(claims)
    if len(claims) < _COMMON_MIN_CLAIMS:
        return frozenset()
    frequency: dict[str, int] = defaultdict(int)
    for claim in claims:
        for word in claim.all_content:
            frequency[word] += 1
    return frozenset(w for w, n in frequency.items() if n > _COMMON_SHARE * len(claims))

def _candidates(claims: Iterable[_Parsed]) -> set[Pair]:
    """Pairs sharing an ``about`` entity or one of their rarest words (no all-pairs scan)."""
    claims = list(claims)
    keys = {
        c.id: {"@" + e for e in c.about}
        | c.content
        | {_stem(w) for w in c.quote_words if _is_content(w)}
        for c in claims
    }
    frequency: dict[str, int] = defaultdict(int)
    for words in keys.values():
        for word in words:
            frequency[word] += 1
    blocks: dict[str, list[str]] = defaultdict(list)
    for claim_id, words in keys.items():
        usable = [w for w in words if 2 <= frequency[w] <= _BLOCK_CAP]
        rare = sorted((w for w in usable if not w.startswith("@")), key=lambda w: (frequency[w], w))
        for word in [w for w in usable if w.startswith("@")] + rare[:_BLOCK_WORDS]:
            blocks[word].append(claim_id)
    pairs: set[Pair] = set()
    for members in blocks.values():
        pairs.update(_ordered(x, y) for x, y in combinations(members, 2))
    return pairs


def _denial_candidates(claims: Iterable[_Parsed], parties: Registry | None) -> set[Pair]:
    """Each denied claim paired with every named statement by a party that denied it."""
    claims = list(claims)
    speakers: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        if claim.strength == "named" and claim.attributed_to:
            speakers[claim.attributed_to].append(claim.id)
    pairs: set[Pair] = set()
    for claim in claims:
        for party in claim.denied_by:
            for name, ids in speakers.items():
                if _same_party(party, name, parties):
                    pairs.update(_ordered(claim.id, other) for other in ids if other != claim.id)
    return pairs


