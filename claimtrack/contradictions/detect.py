"""Find claims that contradict each other.

A pure library: claims come in as plain dicts (``id``, ``source``, ``quote``,
``statement``, ``strength``, ``attributed_to``, ``denied_by``, ``about``,
``status``, ...) and :class:`Contradiction` items come out.  Five kinds, from
the most specific to the least:

``explicit``        a person linked the two claims as contradicting.
``denial``          a claim denied by a party, against that party's own statement.
``misattribution``  the same quote attributed to different speakers in different sources.
``quantity``        the same fact with different numbers, money, percentages or dates.
``polarity``        the same fact asserted in one claim and negated in the other.

The detectors are heuristics built on cue lists, so each check first asks
whether the two claims are about the same thing (shared ``about`` entities and
shared content words) and stays quiet when unsure: a false alarm costs a
fact-checker as much time as a miss.

Usage::

    from claimtrack.contradictions import detect
    for item in detect(claims):
        print(item.key, item.kind, item.claims, item.reason)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

from ..errors import InvalidInput
from ..parties import Registry
from ..text.numwords import TENS, UNITS

__all__ = ["Contradiction", "KINDS", "detect", "pair_conflict", "contradiction_key"]

Claim = Mapping[str, Any]
Pair = tuple[str, str]

#: Kinds, most specific first: a pair is reported once, with the first kind that applies.
KINDS = ("explicit", "denial", "misattribution", "quantity", "polarity")


@dataclass(frozen=True)
class Contradiction:
    """Two claims that cannot both be right, and why."""

    kind: str
    claims: tuple[str, str]
    reason: str
    key: str


def contradiction_key(kind: str, first: str, second: str) -> str:
    """A short, typable id ("x-1a2b3c") that stays the same across runs."""
    digest = hashlib.blake2b(f"{kind}:{first}:{second}".encode(), digest_size=3)
    return "x-" + digest.hexdigest()


def _make(kind: str, pair: Pair, reason: str) -> Contradiction:
    """A Contradiction with its key."""
    return Contradiction(kind, pair, reason, contradiction_key(kind, *pair))


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
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "bn": 1e9, "mn": 1e6,
}  # fmt: skip
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
}  # fmt: skip
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

_TOKEN = re.compile(r"[$€£]?\d+(?:,\d{3})*(?:\.\d+)?(?:%|s\b)?|[a-z]+(?:'[a-z]+)*|[.,;:!?]")
_NUMBER = re.compile(r"([$€£])?(\d+(?:,\d{3})*(?:\.\d+)?)(%|s)?")
_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": " - ", "\u2013": " - ",
     "\u2026": " "}
)  # fmt: skip

# Thresholds, tuned on tests/data/contradiction_pairs.jsonl.
_MAX_QUALIFIERS = 0.4  # share of an asserting claim's words the negated claim lacks
_SAME_QUOTE = 90  # rapidfuzz ratio between two normalised quotes
_SAME_NAME = 90  # rapidfuzz ratio between two normalised names
_MIN_QUOTE_WORDS = 5  # shorter quotes are stock phrases ("too big to fail")
_BLOCK_WORDS = 4  # rarest words per claim used for blocking
_BLOCK_CAP = 200  # larger blocks are skipped


# --------------------------------------------------------------------------- text


def _tokens(text: str) -> list[str]:
    """Lower-case word, number and punctuation tokens, with "n't" spelled "not"."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = text.replace("won't", "will not").replace("can't", "can not")
    text = re.sub(r"\bcannot\b", "can not", text)
    text = re.sub(r"n't\b", " not", text).replace("-", " ")
    return _TOKEN.findall(text)


@lru_cache(maxsize=1 << 16)
def _stem(token: str) -> str:
    """A crude stem, so "launches"/"launch", "fined"/"fine", "canceled"/"cancelled" meet."""
    word = token.removesuffix("'s").replace("'", "")
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
        and word not in NEGATION_CUES
        and word not in _NUMBERISH
    )


def _name_words(name: str) -> frozenset[str]:
    """A name as a set of words: "J.D. Vance" -> {"jd", "vance"}; "Tesla Inc." -> {"tesla"}."""
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES).lower().replace(".", "")
    words = re.findall(r"[a-z0-9]+", text.replace("'s", ""))
    return frozenset(w for w in words if w not in {"the", "inc", "corp", "co", "ltd", "llc"})


#: The database's parties while :func:`detect` runs (aliases and who speaks for whom).
_PARTIES: ContextVar[Registry | None] = ContextVar("parties", default=None)


def _same_party(x: str, y: str) -> bool:
    """Whether two names refer to the same party, or one speaks for the other.

    With the database's parties (see :func:`detect`), "Peter Carr" and
    "Special Counsel's Office" are one side when he speaks for it, and
    "BuzzFeed" is "BuzzFeed News" when a person made it an alias; without
    them, or for names nobody curated, the names' words decide ("Musk" ~
    "Elon Musk").
    """
    parties = _PARTIES.get()
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


# --------------------------------------------------------------------------- quantities


@dataclass(frozen=True)
class _Quantity:
    """A number found in a claim, as an interval so that hedges and rounding compare."""

    kind: str  # count, money$, percent, year, date
    lo: float
    hi: float
    surface: str
    label: str  # what is counted ("launches"), for the reason
    context: frozenset[str]  # content stems nearby: the role it plays


_TIME_KINDS = frozenset({"year", "date"})


def _parse_words(tokens: Sequence[str], i: int) -> tuple[float, int] | None:
    """A spelled-out number starting at ``tokens[i]``: ("twenty", "five") -> (25, i + 2)."""
    word = tokens[i]
    if word not in _UNITS and word not in _TENS:
        return None
    if word == "one" and i and tokens[i - 1] in _NOT_A_COUNT_BEFORE_ONE:
        return None
    value, j = float(_UNITS.get(word, 0) or _TENS.get(word, 0)), i + 1
    if word in _TENS and j < len(tokens) and tokens[j] in _UNITS:
        value, j = value + _UNITS[tokens[j]], j + 1
    return value, j


def _bounds(tokens: Sequence[str], i: int, lo: float, hi: float) -> tuple[float, float, int]:
    """Widen ``[lo, hi]`` for a hedge before ``tokens[i]``; also return where the hedge starts."""
    before1 = tokens[i - 1] if i >= 1 else ""
    before2 = " ".join(tokens[i - 2 : i]) if i >= 2 else ""
    for phrase, start in ((before2, i - 2), (before1, i - 1)):
        if phrase in _LOWER_BOUND:
            return lo, float("inf"), start
        if phrase in _UPPER_BOUND:
            return 0.0, hi, start
        if phrase in _APPROX:
            return lo * 0.85, hi * 1.15, start
    return lo, hi, i


def _label(tokens: Sequence[str], j: int) -> str:
    """What a number counts: the last content word of the phrase after it ("launches")."""
    label = ""
    for token in tokens[j : j + 7]:
        if _is_content(token):
            label = token.removesuffix("'s")
        elif token not in {"of", "the", "and", "a", "an"} or token in _CLAUSE_END:
            break
    return label


def _context(tokens: Sequence[str], i: int, j: int) -> frozenset[str]:
    """Content stems within five tokens of ``tokens[i:j]``, inside the same sentence."""
    left = i
    while left > max(0, i - 5) and tokens[left - 1] not in _SENTENCE_END:
        left -= 1
    right = j
    while right < min(len(tokens), j + 5) and tokens[right] not in _SENTENCE_END:
        right += 1
    nearby = list(tokens[left:i]) + list(tokens[j:right])
    return frozenset(_stem(t) for t in nearby if _is_content(t))


def _is_year(tokens: Sequence[str], i: int, digits: str) -> bool:
    """"in 2016", "2016," and "June 2016" are years; "2016 troops" is a count."""
    if not re.fullmatch(r"\d{4}", digits) or not 1800 <= int(digits) <= 2100:
        return False
    before = tokens[i - 1] if i else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else "."
    return before in _YEAR_LEADS or before in _MONTHS or not _is_content(after)


def _number_at(tokens: Sequence[str], i: int) -> tuple[str, float, float, int] | None:
    """(kind, lo, hi, end) for a number written in digits or words at ``tokens[i]``."""
    match = _NUMBER.fullmatch(tokens[i])
    if match:
        currency, digits, suffix = match.groups()
        value, j = float(digits.replace(",", "")), i + 1
        if suffix == "s" and len(digits) == 4:
            return "year", value, value + 9, j
        if not currency and suffix != "%" and _is_year(tokens, i, digits):
            return "year", value, value, j
        decimals = len(digits.partition(".")[2])
    else:
        parsed = _parse_words(tokens, i)
        if parsed is None:
            return None
        (value, j), currency, suffix, decimals = parsed, None, None, 0
    return _scaled(tokens, j, value, decimals, currency, suffix)


def _scaled(
    tokens: Sequence[str],
    j: int,
    value: float,
    decimals: int,
    currency: str | None,
    suffix: str | None,
) -> tuple[str, float, float, int]:
    """Apply a scale word ("billion"), a currency and a percent sign after a number."""
    lo = hi = value
    if j < len(tokens) and tokens[j] in _SCALES:
        scale = _SCALES[tokens[j]]
        slack = 0.25 * scale / 10**decimals  # "$3 billion" is a rounded figure
        lo, hi, j = value * scale - slack, value * scale + slack, j + 1
    nxt = tokens[j] if j < len(tokens) else ""
    if currency or nxt in _CURRENCIES:
        kind = "money" + _CURRENCIES[currency or nxt]
        j += 0 if currency else 1
    elif suffix == "%" or nxt in {"percent", "percentage"}:
        kind, j = "percent", j + (0 if suffix == "%" else 1)
    else:
        kind = "count"
    return kind, lo, hi, j


def _month_at(tokens: Sequence[str], i: int) -> tuple[float, float, int] | None:
    """A month ("June", "June 5") as a date interval: month * 100 + day."""
    month = _MONTHS.get(tokens[i])
    if month is None:
        return None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    before = tokens[i - 1] if i else ""
    if not nxt.isdigit() and (tokens[i] in {"may", "march"} or before not in _YEAR_LEADS):
        return None
    if nxt.isdigit() and int(nxt) <= 31:
        day = month * 100 + int(nxt)
        return day, day, i + 2
    return month * 100, month * 100 + 31, i + 1


def _quantities(tokens: Sequence[str]) -> list[_Quantity]:
    """Every number, amount of money, percentage, year and date in ``tokens``."""
    found: list[_Quantity] = []
    i = 0
    while i < len(tokens):
        month = _month_at(tokens, i)
        number = None if month else _number_at(tokens, i)
        if month:
            kind, (lo, hi, j) = "date", month
        elif number:
            kind, lo, hi, j = number
        else:
            i += 1
            continue
        lo, hi, start = _bounds(tokens, i, lo, hi) if kind not in _TIME_KINDS else (lo, hi, i)
        label = kind if kind in _TIME_KINDS else _label(tokens, j)
        surface = " ".join(tokens[start:j])
        found.append(_Quantity(kind, lo, hi, surface, label, _context(tokens, i, j)))
        i = j
    return found


# --------------------------------------------------------------------------- one claim


@dataclass(frozen=True)
class _Scope:
    """A negation cue and the content stems it governs ("not" -> [availabl, taiwan])."""

    cue: str
    stems: tuple[str, ...]
    surface: str
    modal: str  # "should" in "should not have": a norm, not a fact


@dataclass(frozen=True)
class _Parsed:
    """Everything the checks need from one claim, computed once."""

    id: str
    text: str  # the statement
    source: str
    strength: str
    attributed_to: str
    denied_by: tuple[str, ...]
    about: frozenset[str]
    tokens: tuple[str, ...]
    content: frozenset[str]
    words: frozenset[str]  # the plain content words, before stemming
    scopes: tuple[_Scope, ...]
    negated: frozenset[str]
    quantities: tuple[_Quantity, ...]
    quote_words: tuple[str, ...]
    rebuts: bool


def _scopes(tokens: Sequence[str]) -> list[_Scope]:
    """Each negation cue with up to three content stems after it, in the same clause."""
    scopes = []
    for i, token in enumerate(tokens):
        far_fetched = token == "fetched" and i > 0 and tokens[i - 1] == "far"
        if token not in NEGATION_CUES and not far_fetched:
            continue
        stems: list[str] = []
        end = i + 1
        while end < len(tokens) and tokens[end] not in _CLAUSE_END and len(stems) < 3:
            if _is_content(tokens[end]) and tokens[end] not in _EMBEDDING_VERBS:
                stems.append(_stem(tokens[end]))
            end += 1
        if stems:
            surface = " ".join(tokens[i - int(far_fetched) : end])
            modal = tokens[i - 1] if i and tokens[i - 1] in _DEONTIC else ""
            scopes.append(_Scope(token, tuple(stems), surface, modal))
    return scopes


def _negated(tokens: Sequence[str]) -> frozenset[str]:
    """Content stems in a clause that holds a negation cue ("no competitors ... companies")."""
    negated: set[str] = set()
    clause: list[str] = []
    for token in [*tokens, "."]:
        if token in _CLAUSE_END:
            if any(t in NEGATION_CUES for t in clause):
                negated.update(_stem(t) for t in clause if _is_content(t))
            clause = []
        else:
            clause.append(token)
    return frozenset(negated)


def _parse(claim: Claim) -> _Parsed:
    """Analyse one claim dict."""
    if "id" not in claim:
        raise InvalidInput(f"claim without an id: {dict(claim)!r}")
    quote = str(claim.get("quote") or "")
    statement = str(claim.get("statement") or quote)
    tokens = tuple(_tokens(statement))
    quote_tokens = _tokens(quote)
    scopes = _scopes(tokens)
    return _Parsed(
        id=str(claim["id"]),
        text=statement,
        source=str(claim.get("source") or ""),
        strength=str(claim.get("strength") or ""),
        attributed_to=str(claim.get("attributed_to") or ""),
        denied_by=tuple(str(p) for p in claim.get("denied_by") or ()),
        about=frozenset(re.sub(r"[^a-z0-9]", "", str(e).lower()) for e in claim.get("about") or ()),
        tokens=tokens,
        content=frozenset(_stem(t) for t in tokens if _is_content(t)),
        words=frozenset(t.removesuffix("'s") for t in tokens if _is_content(t)),
        scopes=tuple(scopes),
        negated=frozenset(s for scope in scopes for s in scope.stems) | _negated(tokens),
        quantities=tuple(_quantities(tokens)),
        quote_words=tuple(t for t in quote_tokens if t[0].isalnum() or t[0] in "$€£"),
        rebuts=any(t in REBUTTAL_CUES for t in (*tokens, *quote_tokens)),
    )


# --------------------------------------------------------------------------- the checks


def _related(a: _Parsed, b: _Parsed) -> bool:
    """Whether two claims state the same fact closely enough to compare numbers or polarity."""
    shared = len(a.content & b.content)
    if not shared:
        return False
    smaller = min(len(a.content), len(b.content))
    overlap, jaccard = shared / smaller, shared / len(a.content | b.content)
    if a.about and b.about and not a.about & b.about:
        return jaccard >= 0.75  # curated topics disagree: only near-copies count
    if jaccard >= 0.5:
        return True
    if overlap >= 0.6 and shared >= 3:
        return True
    return bool(a.about & b.about) and overlap >= 0.5 and shared >= 2


def _snippet(text: str, limit: int = 8) -> str:
    """The first words of a text, for a one-line reason."""
    words = text.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


def _denial(a: _Parsed, b: _Parsed) -> str | None:
    """One claim is denied by a party and the other is that party's (pushing-back) statement."""
    for denied, denier in ((a, b), (b, a)):
        if denier.strength != "named" or not denier.attributed_to or not denier.rebuts:
            continue
        party = next((p for p in denied.denied_by if _same_party(p, denier.attributed_to)), None)
        if party is None or (denied.attributed_to and _same_party(party, denied.attributed_to)):
            continue
        if _denial_on_topic(denied, denier, party):
            return f'denied by {party}: {denier.id} says "{_snippet(denier.text)}"'
    return None


def _denial_on_topic(denied: _Parsed, denier: _Parsed, party: str) -> bool:
    """A shared topic other than the party itself, the outlet named, or shared words."""
    own = re.sub(r"[^a-z0-9]", "", party.lower())
    party_stems = {_stem(w) for w in _name_words(party)}
    shared_words = (denied.content & denier.content) - party_stems
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


def _misattribution(a: _Parsed, b: _Parsed) -> str | None:
    """The same quote, near word for word, given to two different named speakers."""
    if a.strength != "named" or b.strength != "named" or a.source == b.source:
        return None
    if not a.attributed_to or not b.attributed_to or _same_party(a.attributed_to, b.attributed_to):
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


def _overlaps(p: _Quantity, q: _Quantity) -> bool:
    """Whether two quantities can be the same value (their intervals meet)."""
    tolerance = 1e-9 * max(abs(p.hi), abs(q.hi), 1.0)
    return p.lo <= q.hi + tolerance and q.lo <= p.hi + tolerance


def _same_role(p: _Quantity, q: _Quantity) -> float:
    """How sure we are that two quantities measure the same thing (0 to 1)."""
    if p.label and p.label == q.label:
        return 1.0
    shared = len(p.context & q.context)
    if shared < 2:
        return 0.0
    return shared / min(len(p.context), len(q.context))


def _rival(
    q: _Quantity, mine: Sequence[_Quantity], others: Sequence[_Quantity]
) -> _Quantity | None:
    """The quantity in ``others`` that plays q's role with a different value, if any.

    A quantity that ``mine`` restates cannot be q's rival: in "eight of the nine
    launches" against "eight launches", the nine is a total, not a count of eight.
    """
    if any(_overlaps(q, o) for o in others if o.kind == q.kind):
        return None  # restated
    alone = sum(p.kind == q.kind for p in mine) == 1
    same_kind = [
        o for o in others if o.kind == q.kind and not any(_overlaps(o, p) for p in mine)
    ]
    if not same_kind:
        return None
    if alone and len(same_kind) == 1:
        return same_kind[0]
    score, best = max((_same_role(q, o), i) for i, o in enumerate(same_kind))
    return same_kind[best] if score >= 0.5 else None


def _swapped(a: _Parsed, b: _Parsed) -> tuple[_Quantity, _Quantity] | None:
    """One number each, in the same slot, of different kinds ("248" vs "67%")."""
    if len(a.quantities) != 1 or len(b.quantities) != 1:
        return None
    p, q = a.quantities[0], b.quantities[0]
    if p.kind == q.kind or {p.kind, q.kind} & _TIME_KINDS:
        return None
    shared = len(p.context & q.context)
    return (p, q) if shared >= 2 and shared >= 0.5 * min(len(p.context), len(q.context)) else None


def _quantity_clashes(a: _Parsed, b: _Parsed) -> list[tuple[_Quantity, _Quantity]]:
    """Pairs (from a, from b) of quantities in the same role with different values."""
    clashes = []
    sides = ((a.quantities, b.quantities, False), (b.quantities, a.quantities, True))
    for mine, theirs, flip in sides:
        for q in mine:
            rival = _rival(q, mine, theirs)
            if rival is not None:
                clashes.append((rival, q) if flip else (q, rival))
    swapped = _swapped(a, b)
    return clashes + [swapped] if swapped else clashes


def _quantity(a: _Parsed, b: _Parsed) -> str | None:
    """Different numbers in the same role.  Different years *and* numbers: two periods."""
    clashes = _quantity_clashes(a, b)
    times = [c for c in clashes if c[0].kind in _TIME_KINDS]
    others = [c for c in clashes if c[0].kind not in _TIME_KINDS]
    if times and others:
        return None  # "ten launches in 2023" vs "eight in 2024" is not a contradiction
    if not clashes:
        return None
    p, q = (others or times)[0]
    what = f" ({p.label})" if p.label and p.label not in _TIME_KINDS else ""
    noun = "dates" if p.kind in _TIME_KINDS else "numbers"
    return f"{noun} differ: '{p.surface}' vs '{q.surface}'{what}"


def _qualified(neg: _Parsed, pos: _Parsed) -> bool:
    """Whether the asserting claim adds much the negated one lacks.

    "SpaceX is the only provider *with reusable boosters*" does not contradict
    "SpaceX is not the only provider": qualifiers can make both true.
    """
    return len(pos.content - neg.content) >= _MAX_QUALIFIERS * len(pos.content)


def _negation_clash(neg: _Parsed, pos: _Parsed) -> tuple[str, str] | None:
    """A cue in ``neg`` whose words appear un-negated in ``pos``: (negated, asserted)."""
    if _qualified(neg, pos):
        return None
    for scope in neg.scopes:
        if scope.modal and scope.modal not in pos.tokens:
            continue  # "should not have a clearance" does not deny "holds a clearance"
        head = scope.stems[0]
        present = [s for s in scope.stems if s in pos.content]
        if head in pos.content and head not in pos.negated:
            if len(present) >= min(2, len(scope.stems)):
                return scope.surface, _surface_of(pos.tokens, head)
    for token in neg.tokens:  # "unavailable" against "available"
        for prefix in _NEGATING_PREFIXES:
            rest = token[len(prefix) :]
            if token.startswith(prefix) and len(rest) >= 5 and _is_content(rest):
                stem = _stem(rest)
                if stem in pos.content and stem not in pos.negated and token not in pos.tokens:
                    return token, _surface_of(pos.tokens, stem)
    return None


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


def _polarity(a: _Parsed, b: _Parsed) -> str | None:
    """One claim negates what the other asserts, or uses the opposite word."""
    clash = _negation_clash(a, b)
    if clash:
        return f"polarity differs: '{clash[0]}' vs '{clash[1]}'"
    clash = _negation_clash(b, a)
    if clash:
        return f"polarity differs: '{clash[1]}' vs '{clash[0]}'"
    clash = _antonym_clash(a, b)
    if clash:
        return f"opposite words: '{clash[0]}' vs '{clash[1]}'"
    return None


def _conflict(a: _Parsed, b: _Parsed) -> Contradiction | None:
    """The most specific conflict between two parsed claims (``a`` sorts first)."""
    pair = (a.id, b.id)
    for kind, check in (("denial", _denial), ("misattribution", _misattribution)):
        reason = check(a, b)
        if reason:
            return _make(kind, pair, reason)
    if not _related(a, b):
        return None
    for kind, check in (("quantity", _quantity), ("polarity", _polarity)):
        reason = check(a, b)
        if reason:
            return _make(kind, pair, reason)
    return None


# --------------------------------------------------------------------------- public API


def _id_order(claim_id: str) -> list[Any]:
    """Natural order: "c9" before "c12"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", claim_id)]


def _ordered(x: str, y: str) -> Pair:
    """Two ids in natural order."""
    return (x, y) if _id_order(x) <= _id_order(y) else (y, x)


def _active(claim: Claim) -> bool:
    """Retracted claims take no part in contradictions."""
    return claim.get("status", "active") != "retracted"


@contextmanager
def _with_parties(parties: Registry | None) -> Iterator[None]:
    token = _PARTIES.set(parties)
    try:
        yield
    finally:
        _PARTIES.reset(token)


def pair_conflict(a: Claim, b: Claim, parties: Registry | None = None) -> Contradiction | None:
    """The contradiction between two claims, or None.  Retracted claims never conflict.

    Covers every kind but ``explicit`` (a human link, see :func:`detect`).
    """
    if not _active(a) or not _active(b) or str(a.get("id")) == str(b.get("id")):
        return None
    first, second = _parse(a), _parse(b)
    if _ordered(first.id, second.id) != (first.id, second.id):
        first, second = second, first
    with _with_parties(parties):
        return _conflict(first, second)


def detect(
    claims: Iterable[Claim],
    candidate_pairs: Iterable[Pair] | None = None,
    explicit: Iterable[Pair] = (),
    parties: Registry | None = None,
) -> list[Contradiction]:
    """Every contradiction among ``claims``; see :func:`_detect`.

    ``parties`` (``claimtrack.store.parties.registry(store)``) makes every
    comparison of names go by party: aliases are one party, and a member
    (a spokesman) and the organisation it speaks for are one side, so a
    denial by either applies to both and the same quote given to both is
    no misattribution.
    """
    with _with_parties(parties):
        return _detect(claims, candidate_pairs, explicit)


def _detect(
    claims: Iterable[Claim],
    candidate_pairs: Iterable[Pair] | None = None,
    explicit: Iterable[Pair] = (),
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
    pairs |= _denial_candidates(parsed.values())
    for pair in sorted(pairs - found.keys(), key=lambda p: (_id_order(p[0]), _id_order(p[1]))):
        if pair[0] != pair[1]:
            item = _conflict(parsed[pair[0]], parsed[pair[1]])
            if item is not None:
                found[pair] = item
    return sorted(found.values(), key=lambda c: (_id_order(c.claims[0]), _id_order(c.claims[1])))


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


def _denial_candidates(claims: Iterable[_Parsed]) -> set[Pair]:
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
                if _same_party(party, name):
                    pairs.update(_ordered(claim.id, other) for other in ids if other != claim.id)
    return pairs


# --------------------------------------------------------------------------
# the report over a store
# --------------------------------------------------------------------------


def _candidate_ids(claims: Sequence[Claim], store: Any) -> set[tuple[str, str]]:
    """The matcher's candidate pairs (its blocking) plus every pair the links table holds."""
    from ..matching.matcher import candidate_pairs

    pairs = {(str(claims[i]["id"]), str(claims[j]["id"])) for i, j in candidate_pairs(claims)}
    pairs |= {(r["a"], r["b"]) for r in store.query("SELECT a, b FROM links")}
    return pairs


def report(store: Any, sources: Sequence[str] = (), *,
           include_dismissed: bool = True) -> list[dict[str, Any]]:
    """Contradictions between the store's active claims, as report items.

    Each item: ``item`` (stable key), ``kind``, ``claims`` (two ids), ``reason``,
    ``status`` (``open`` or ``dismissed``), ``dismissed_reason``, and for each
    side its source, quote, attribution strength and who said it in words
    (``a_*``, ``b_*``; :func:`claimtrack.attribution.said_by`).  With
    ``sources``, only items with at least one claim from those sources.
    """
    from ..attribution import said_by

    for key in sources:
        store.get_source(key)
    claims = store.list_claims(status="active")
    explicit = [(r["a"], r["b"]) for r in store.query(
        "SELECT a, b FROM links WHERE relation = 'contradicts' AND status = 'linked'")]
    from ..store.parties import registry

    found = detect(claims, candidate_pairs=_candidate_ids(claims, store), explicit=explicit,
                   parties=registry(store))
    dismissed = {r["item"]: r for r in store.query("SELECT * FROM dismissals")}
    by_id = {c["id"]: c for c in claims}
    outlets = {s["key"]: s.get("outlet") for s in store.list_sources()}
    items = []
    for c in found:
        a, b = by_id[c.claims[0]], by_id[c.claims[1]]
        if sources and a["source"] not in sources and b["source"] not in sources:
            continue
        d = dismissed.get(c.key)
        if d is not None and not include_dismissed:
            continue
        items.append({
            "item": c.key, "kind": c.kind, "claims": list(c.claims), "reason": c.reason,
            "status": "dismissed" if d else "open",
            "dismissed_reason": d["reason"] if d else None,
            **{f"{side}_{f}": claim[k] for side, claim in (("a", a), ("b", b))
               for f, k in (("source", "source"), ("quote", "quote"), ("strength", "strength"))},
            **{f"{side}_said_by": said_by(claim, outlets.get(claim["source"]))
               for side, claim in (("a", a), ("b", b))},
        })
    return items


def dismiss(store: Any, item: str, reason: str) -> dict[str, Any]:
    """Dismiss a report item; it stays dismissed across runs."""
    from ..errors import ClaimtrackError
    from ..store import now

    if not reason or not reason.strip():
        raise InvalidInput("--reason is required: say why this is not a contradiction")
    item = item.strip().lower()
    found = next((i for i in report(store) if i["item"] == item), None)
    if found is None:
        raise ClaimtrackError(f"no contradiction {item!r} in the current report "
                              "(see 'claimtrack contradictions')")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO dismissals (item, kind, claim_a, claim_b, reason, dismissed_at)"
            " VALUES (?,?,?,?,?,?) ON CONFLICT (item) DO UPDATE SET reason = excluded.reason,"
            " dismissed_at = excluded.dismissed_at",
            [item, found["kind"], found["claims"][0], found["claims"][1], reason.strip(), now()])
    return {**found, "status": "dismissed", "dismissed_reason": reason.strip()}
