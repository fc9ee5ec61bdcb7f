"""Whether two claims are about the same fact: the gate before numbers and polarity compare.

Two claims are compared for a contradiction only when they are *related*.  Raw word
overlap misses paraphrase, so the test here reads what a person reads:

* **irregular forms** meet (:data:`IRREGULAR`): "died", "dead" and "death" are one word,
  as are "won"/"win", "sold"/"sell";
* **acronyms** meet their spelled-out names: "ULA" and "United Launch Alliance", "DoD"
  and "Department of Defense" (the initials of a run of capitalised words, skipping
  "of", "the", "and", "for");
* **name variants** meet: two capitalised words that differ by a letter or two
  ("Axel"/"Axl", "Defence"/"Defense"; rapidfuzz ratio at least :data:`SAME_NAME`, same
  first letter);
* **quote words count**: a claim's words are those of its statement *and* its quote;
* word order does not matter ("Department of Defense" / "Defense Department");
* the **matcher's similarity** (:func:`claimtrack.matching.score_pair`, the score that
  links rewordings across sources) relates a pair on its own at :data:`RELATED_SCORE`.

Then the overlap rule: shared content stems over the smaller claim (``overlap``) and over
both (``jaccard``).  Two claims whose curated topics (``about``) disagree must be near
copies.  The thresholds are the ones the labelled pairs were tuned with
(``tests/data/contradiction_pairs.jsonl``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["IRREGULAR", "RELATED_COSINE", "RELATED_SCORE", "SAME_NAME", "Relation", "Similarity",
           "by_meaning", "relate"]

#: Irregular and derived forms, each mapped to one base word (applied before stemming).
IRREGULAR = {
    "died": "die", "dies": "die", "dying": "die", "dead": "die", "death": "die",
    "deaths": "die", "deceased": "die", "killed": "kill", "kills": "kill",
    "won": "win", "wins": "win", "winning": "win", "winner": "win",
    "lost": "lose", "loses": "lose", "losing": "lose", "loss": "lose",
    "sold": "sell", "sells": "sell", "sale": "sell", "sales": "sell",
    "bought": "buy", "buys": "buy", "purchase": "buy", "purchased": "buy",
    "paid": "pay", "pays": "pay", "payment": "pay", "made": "make", "makes": "make",
    "began": "begin", "begun": "begin", "begins": "begin", "went": "go", "gone": "go",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "held": "hold",
    "told": "tell", "met": "meet", "meeting": "meet", "fell": "fall",
    "fallen": "fall", "rose": "rise", "risen": "rise", "grew": "grow", "grown": "grow",
    "growth": "grow", "built": "build", "sent": "send", "spent": "spend", "caught": "catch",
    "shot": "shoot", "stole": "steal", "stolen": "steal", "theft": "steal", "flew": "fly",
    "flown": "fly", "flight": "fly", "wrote": "write", "written": "write",
    "defence": "defense",
}  # fmt: skip

#: Matcher score (0-100) at which two claims are related whatever their overlap.
RELATED_SCORE = 60.0
#: Cosine of two claims' embeddings (the optional semantic extra) at which they are related
#: whatever their words: ``detect(..., similarity=...)`` only.
RELATED_COSINE = 0.70
#: rapidfuzz ratio at which two capitalised words are one name ("Axel"/"Axl": 86).
SAME_NAME = 80.0
_ACRONYM_SKIP = frozenset("of the and for on in &".split())
_NAME = re.compile(r"[A-Z][A-Za-z'’.-]*")
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]?[A-Z]{1,5}s?\b")


@dataclass(frozen=True)
class Relation:
    """Whether two claims are related, and the evidence (shared stems, aliases, score)."""

    related: bool
    shared: frozenset[str]
    aliases: tuple[tuple[str, str], ...]
    score: float


def _initials(words: Sequence[str]) -> Iterable[tuple[str, list[str]]]:
    """Every run of capitalised words (skipping "of", "the" ...) with its initials."""
    for start in range(len(words)):
        if not words[start][:1].isupper():
            continue
        letters, run = "", list[str]()
        for word in words[start:]:
            if word.lower() in _ACRONYM_SKIP and run:
                run.append(word)
                continue
            if not word[:1].isupper():
                break
            letters += word[0].lower()
            run.append(word)
            if len(letters) >= 2:
                yield letters, [w for w in run if w.lower() not in _ACRONYM_SKIP]


@lru_cache(maxsize=1 << 14)
def _acronyms_in(texts: tuple[str, ...]) -> frozenset[str]:
    """Acronyms a claim uses ("ULA", "DoD"), lower-cased, plural "s" dropped."""
    return frozenset(a[:-1].lower() if a.endswith("s") else a.lower()
                     for t in texts for a in _ACRONYM.findall(t))


@lru_cache(maxsize=1 << 14)
def _spelled_out(texts: tuple[str, ...]) -> dict[str, list[str]]:
    """Initials of every run of capitalised words in a claim -> the run."""
    runs: dict[str, list[str]] = {}
    for text in texts:
        for letters, run in _initials(re.findall(r"[A-Za-z][A-Za-z'’.-]*|&", text)):
            runs.setdefault(letters, run)
    return runs


def _acronyms(texts_a: tuple[str, ...], texts_b: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Acronyms in ``texts_a`` spelled out in ``texts_b``: [("ula", [United, Launch, Alliance])]."""
    acronyms = _acronyms_in(texts_a)
    if not acronyms:
        return []
    runs = _spelled_out(texts_b)
    return [(a, runs[a]) for a in sorted(acronyms) if a in runs]


@lru_cache(maxsize=1 << 14)
def _names(texts: tuple[str, ...]) -> frozenset[str]:
    """Capitalised words of at least three letters, lower-cased."""
    return frozenset(w.lower().strip("'’.-") for t in texts for w in _NAME.findall(t)
                     if len(w) >= 3)


def _variants(names_a: frozenset[str], names_b: frozenset[str]) -> list[tuple[str, str]]:
    """Pairs of names that differ by a letter or two ("axel", "axl")."""
    from rapidfuzz.fuzz import ratio

    pairs = []
    for x in names_a - names_b:
        for y in names_b - names_a:
            if x[0] == y[0] and ratio(x, y) >= SAME_NAME:
                pairs.append((x, y))
    return pairs


def relate(
    texts: tuple[tuple[str, ...], tuple[str, ...]],
    stems: tuple[frozenset[str], frozenset[str]],
    about: tuple[frozenset[str], frozenset[str]],
    stem: Callable[[str], str],
) -> Relation:
    """Whether two claims are related.

    For each claim: ``texts`` its statement and quote, ``stems`` its content stems (of both),
    ``about`` its curated topics, normalised (lower case, letters and digits only);
    ``stem`` turns a word into a stem the same way (for acronyms and name variants).
    Cheapest test first: plain overlap, then aliases, then the matcher's score.
    """
    texts_a, texts_b = texts
    stems_a, stems_b = stems
    about_a, about_b = about
    if _overlap_rule(stems_a, stems_b, about_a, about_b):
        return Relation(True, stems_a & stems_b, (), 0.0)
    sa, sb = set(stems_a), set(stems_b)
    aliases: list[tuple[str, str]] = []
    for mine, theirs, texts_x, texts_y in ((sa, sb, texts_a, texts_b), (sb, sa, texts_b, texts_a)):
        for acronym, run in _acronyms(texts_x, texts_y):
            spelled = {stem(w.lower()) for w in run}
            if stem(acronym) in mine and not spelled <= mine:
                mine |= spelled
                theirs.add(stem(acronym))
                aliases.append((acronym.upper(), " ".join(run)))
    for x, y in _variants(_names(texts_a), _names(texts_b)):
        if stem(x) in sa and stem(y) in sb:
            sa.add(stem(y))
            aliases.append((x, y))
    shared = frozenset(sa & sb)
    if aliases and _overlap_rule(sa, sb, about_a, about_b):
        return Relation(True, shared, tuple(aliases), 0.0)
    if len(shared) < 2 or (about_a and about_b and not about_a & about_b):
        return Relation(False, shared, tuple(aliases), 0.0)  # curated topics disagree
    score = _score(texts_a, texts_b)
    return Relation(score >= RELATED_SCORE, shared, tuple(aliases), score)


@lru_cache(maxsize=1 << 14)
def _prepared(texts: tuple[str, ...]) -> Any:
    """A claim's texts prepared once for the matcher's scorer (detect compares each many times)."""
    from ..matching.score import _prepare

    return _prepare(dict(zip(("statement", "quote"), texts, strict=False)))


def _score(texts_a: tuple[str, ...], texts_b: tuple[str, ...]) -> float:
    """The matcher's similarity (0-100) of two claims' texts, uniform word weights.

    The same score as :func:`claimtrack.matching.score_pair`, with each claim prepared once.
    """
    from ..matching.score import Idf, _score_prepared

    return float(_score_prepared(_prepared(texts_a), _prepared(texts_b), Idf(uniform=True)).score)


def _overlap_rule(sa: AbstractSet[str], sb: AbstractSet[str], about_a: AbstractSet[str],
                  about_b: AbstractSet[str]) -> bool:
    """Shared stems over the smaller claim and over both (the labelled pairs' thresholds)."""
    shared = len(sa & sb)
    if not shared:
        return False
    smaller = min(len(sa), len(sb))
    overlap, jaccard = shared / smaller, shared / len(sa | sb)
    if about_a and about_b and not about_a & about_b:
        return jaccard >= 0.75  # curated topics disagree: only near-copies count
    if jaccard >= 0.5:
        return True
    if overlap >= 0.6 and shared >= 3:
        return True
    return bool(about_a & about_b) and overlap >= 0.5 and shared >= 2


#: The optional semantic relatedness (``detect(..., similarity=)``): two claim ids -> the
#: cosine of their embeddings, or None when one has none.
Similarity = Callable[[str, str], float | None]


def by_meaning(a: str, b: str, relation: Relation, similarity: Similarity | None) -> Relation:
    """``relation``, or related after all when the semantic model puts claims ``a`` and ``b``
    at :data:`RELATED_COSINE` or closer (``similarity`` None: ``relation`` as it is)."""
    if relation.related or similarity is None:
        return relation
    cosine = similarity(a, b)
    if cosine is None or cosine < RELATED_COSINE:
        return relation
    return Relation(True, relation.shared, relation.aliases, relation.score)
