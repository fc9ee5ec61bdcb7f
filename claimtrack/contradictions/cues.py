"""Contradiction cues: the word lists (negations, rebuttals, antonyms, number words,
hedges) and the text helpers (tokens, stems, content words, names) the detectors read.

Tuning a detector usually means editing a list here; each is named for what it cues.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..text.numbers import FIGURE, SCALES
from ..text.numwords import TENS, UNITS
from .relatedness import IRREGULAR

if TYPE_CHECKING:
    from ..parties import Registry

Claim = Mapping[str, Any]
Pair = tuple[str, str]


# --------------------------------------------------------------------------- word lists

_STOPWORDS = frozenset(
    """a about above after again against all also although am an and any are as at be
    because been before being below between both but by can could did do does doing done
    down during each even ever far few for from further had has have having he her here
    hers him his how however i if in into is it its itself just may me might more most
    much must my now of off on once only or other our ours out over own per quite rather
    really right same she should simply so some still such than that the their theirs them
    then there these they this those though through to too under until up upon us very
    was we were what when where whether which while who whom whose why will with would
    yet you your according added adding reportedly said says say saying stated told tell
    always already actually currently certainly particularly entirely necessarily""".split()
)

#: Words that negate what follows them (contractions are expanded to "not" first).
NEGATION_CUES = frozenset(
    """not no never nothing none nobody neither nor without nowhere hardly unlikely
    deny denies denied denying refute refutes refuted reject rejects rejected refuse
    refuses refused decline declines declined avoid avoids avoided avoiding fail fails
    failed lack lacks lacked""".split()
)

#: Verbs whose object does not happen: "skipped work" is "did not go to work", "to stop him
#: turning into a werewolf" is "so he won't turn into one".  They negate what follows, as
#: NEGATION_CUES do, but are no rebuttal.
IMPLICIT_NEGATIONS = frozenset(
    """skip skips skipped skipping stop stops stopped stopping prevent prevents prevented
    preventing quit quits quitting missed""".split()
)
_SCOPE_CUES = NEGATION_CUES | IMPLICIT_NEGATIONS
#: A cue after one of these is a noun or an adjective, not a clause's negation: "a failed
#: rescue", "the lack of competition", "its refusal".
_DETERMINERS = frozenset("a an the its his her their our your this that these those".split())

#: Words a party uses when it pushes back on a report.
REBUTTAL_CUES = NEGATION_CUES | frozenset(
    """false untrue misleading unsubstantiated baseless inaccurate incorrect wrong
    fabricated fake nonsense lie lies unfounded defamatory absurd categorically""".split()
)

#: Prefixes that negate an adjective ("unavailable" against "available").
_NEGATING_PREFIXES = ("non", "un", "in", "im", "il", "ir")

#: Verbs skipped inside a negation's scope: "don't think X" negates X ("negation raising").
_EMBEDDING_VERBS = frozenset(
    "think thinks believe believes imagine expect expects suppose seem seems appear appears "
    "suggest suggests".split()
)

#: Word pairs with opposite meanings (stemmed on load).
ANTONYMS = (
    ("support", "oppose"), ("increase", "decrease"), ("rise", "fall"), ("win", "lose"),
    ("accept", "reject"), ("approve", "reject"), ("allow", "ban"), ("allow", "forbid"),
    ("agree", "disagree"), ("gain", "lose"), ("open", "close"), ("include", "exclude"),
    ("strengthen", "weaken"), ("praise", "criticize"), ("true", "false"), ("hire", "fire"),
    ("legal", "illegal"), ("expand", "shrink"), ("confirm", "deny"), ("win", "lost"),
)  # fmt: skip

# (suffix, replacement, shortest word it applies to); the first match wins, so
# "agreed" -> "agree" but "need" stays "need".
_SUFFIXES = (
    ("eed", "ee", 5), ("eed", "eed", 4), ("ied", "y", 5), ("ies", "y", 5), ("sses", "ss", 5),
    ("ing", "", 6), ("ed", "", 4), ("ly", "", 6),
)  # fmt: skip

_UNITS = {**UNITS, "dozen": 12}
_TENS = TENS
#: Scale words, and the letters read as words when written apart ("$3 bn").
_SCALES = {**SCALES, "bn": SCALES["billion"], "mn": SCALES["million"]}
_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november "
        "december".split(),
        start=1,
    )
}
_CURRENCIES = {
    "$": "$", "€": "€", "£": "£", "dollars": "$", "dollar": "$", "euros": "€", "pounds": "£",
    "usd": "$", "eur": "€", "gbp": "£",
}  # fmt: skip
#: How far "about", "roughly", "around", "approximately" ... widen a number: +-10%;
#: "nearly" and "almost" mean up to 10% below.  "$3 billion" is also a rounded figure
#: (+-0.25 of its last digit's unit), so "about $3 billion" covers $2.7bn to $3.3bn and
#: "roughly $4 billion" contradicts "$3 billion".
APPROX_TOLERANCE = 0.10
_BELOW = frozenset({"nearly", "almost"})
_YEAR_LEADS = frozenset(
    "in since by until till from of late early mid during before after between and to "
    "through around circa".split()
)
_LOWER_BOUND = ("more than", "greater than", "at least", "upwards of", "over", "above")
_UPPER_BOUND = ("less than", "fewer than", "at most", "up to", "under", "below")
_APPROX = (
    "close to", "about", "around", "roughly", "approximately", "nearly", "almost", "some",
    "an estimated", "estimated",
)  # fmt: skip
_NOT_A_COUNT_BEFORE_ONE = frozenset("no any every each the this that which".split())
_NUMBERISH = (
    frozenset(_UNITS)
    | frozenset(_TENS)
    | frozenset(_SCALES)
    | frozenset(_MONTHS)
    | frozenset("percent percentage dollars dollar euros cent".split())
)
_DEONTIC = frozenset("should must ought need needs".split())
_SENTENCE_END = frozenset(".;!?")
_CLAUSE_END = _SENTENCE_END | frozenset(
    ", : because but although though whereas while unless so".split()
)

#: A number in digits ("$us346,807", "300k", "21st": :mod:`claimtrack.text.numbers`), a word,
#: or a punctuation mark.
_TOKEN = re.compile(rf"{FIGURE}|[a-z]+(?:'[a-z]+)*|[.,;:!?]")
_ORDINAL = frozenset({"st", "nd", "rd", "th"})
_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": " - ", "\u2013": " - ",
     "\u2026": " "}
)  # fmt: skip

# Thresholds, tuned on tests/data/contradiction_pairs.jsonl.
_SAME_NAME = 90  # rapidfuzz ratio between two normalised names


# --------------------------------------------------------------------------- text


def _tokens(text: str) -> list[str]:
    """Lower-case word, number and punctuation tokens, with "n't" spelled "not"."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = text.replace("won't", "will not").replace("can't", "can not")
    text = re.sub(r"\bcannot\b", "can not", text)
    text = re.sub(r"(\d)\s*-\s*(?=[$€£]?\d)", r"\1 to ", text)  # a range: "3-4 million"
    text = re.sub(r"n't\b", " not", text).replace("-", " ")
    return _TOKEN.findall(text)


@lru_cache(maxsize=1 << 16)
def _stem(token: str) -> str:
    """A crude stem, so "launches"/"launch", "fined"/"fine", "canceled"/"cancelled" meet."""
    word = token.removesuffix("'s").replace("'", "")
    word = IRREGULAR.get(word, word)  # "died", "dead" -> "die"
    for suffix, repl, min_len in _SUFFIXES:
        if word.endswith(suffix) and len(word) >= min_len:
            word = word[: -len(suffix)] + repl
            break
    else:
        if word.endswith(("ches", "shes", "xes", "zes", "sses")):
            word = word[:-2]
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    if len(word) > 2 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


@lru_cache(maxsize=1 << 16)
def _is_content(token: str) -> bool:
    """Whether a token is a content word (not a stopword, cue, number or punctuation)."""
    word = token.removesuffix("'s")
    return (
        word.isalpha()
        and len(word) > 1
        and word not in _STOPWORDS
        and word not in _SCOPE_CUES
        and word not in _NUMBERISH
    )


def _name_words(name: str) -> frozenset[str]:
    """A name as a set of words: "J.D. Vance" -> {"jd", "vance"}; "Tesla Inc." -> {"tesla"}."""
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES).lower().replace(".", "")
    words = re.findall(r"[a-z0-9]+", text.replace("'s", ""))
    return frozenset(w for w in words if w not in {"the", "inc", "corp", "co", "ltd", "llc"})


def _same_party(x: str, y: str, parties: Registry | None) -> bool:
    """Whether two names refer to the same party, or one speaks for the other.

    With the database's ``parties`` (aliases and who speaks for whom: see
    :func:`claimtrack.contradictions.detect`), "Peter Carr" and "Special Counsel's Office"
    are one side when he speaks for it, and "BuzzFeed" is "BuzzFeed News" when a person
    made it an alias; without them, or for names nobody curated, the names' words decide
    ("Musk" ~ "Elon Musk").
    """
    if parties is not None and parties.related(x, y):
        return True
    a, b = _name_words(x), _name_words(y)
    if not a or not b:
        return False
    if a <= b or b <= a:
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(" ".join(sorted(a)), " ".join(sorted(b))) >= _SAME_NAME


def _antonym_index() -> dict[str, set[str]]:
    """Each stem of :data:`ANTONYMS` mapped to its opposites' stems."""
    index: dict[str, set[str]] = defaultdict(set)
    for x, y in ANTONYMS:
        index[_stem(x)].add(_stem(y))
        index[_stem(y)].add(_stem(x))
    return dict(index)


_ANTONYMS = _antonym_index()
