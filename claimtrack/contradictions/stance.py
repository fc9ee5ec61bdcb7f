"""The stance of a text toward what it is about: asserts, denies, reports or hedges.

A pure library of readable rules over word lists (no model, no database)::

    >>> from claimtrack.contradictions.stance import stance
    >>> stance("Egypt's President denies offering land to Palestinians")
    Stance(label='denies', cues=('denies',))
    >>> stance("Axl Rose NOT dead: death hoax spreads online").label
    'denies'
    >>> stance("Apple reportedly plans a cheaper iPhone")
    Stance(label='reports', cues=('reportedly',))
    >>> stance("Tesla may close its Shanghai factory")
    Stance(label='hedges', cues=('may',))

Four labels, checked in this order (the first that applies wins):

``denies``   the text refutes what it is about: a refutation word ("denies",
             "hoax", "debunked", "false", "fake", "doubt") or a negation ("not",
             "never", "no", "n't") that the text it answers (``toward``) does not
             itself contain.  "No doubt", "not only", "won't comment" and the
             like are not negations of the claim.
``hedges``   the text keeps its distance: "may", "might", "could", "allegedly",
             "is said to", "claims that", "rumour", a headline asked as a question,
             "won't confirm".
``reports``  the text passes on someone else's word: "reportedly", "report",
             "according to", "sources", "says", or a headline credited with a colon
             ("Pentagon: ...", "...: WSJ").
``asserts``  none of the above: the text states it.

``toward`` is the claim the text answers (optional).  A cue the claim itself
contains is not a cue of the answer: "ESPN panel didn't include women" answered by
"ESPN panel didn't include women, say producers" reports, it does not deny.  An
answer that says the claim's subject is alive when the claim says dead (and the
like, :data:`OPPOSITES`) denies it.

:func:`stance` returns the label and the words that decided it (the cues), so a
reason can quote them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["Stance", "STANCES", "stance", "of_claim", "REFUTATION_CUES", "NEGATION_CUES", "HEDGE_CUES",
           "REPORT_CUES"]

#: The labels, in the order the rules are tried.
STANCES = ("denies", "hedges", "reports", "asserts")

#: Words that, on their own, say a report is wrong.
REFUTATION_CUES = frozenset(
    """deny denies denied denying denial denials refute refutes refuted refuting rebut rebuts
    rebutted debunk debunks debunked debunking debunker hoax hoaxes hoaxer false falsely
    untrue fake fakes faked bogus fabricated fabrication fabrications phony phoney myth myths
    rubbish nonsense baseless unfounded groundless doubt doubts doubted doubtful dubious
    skeptical sceptical misinformation disinformation erroneous erroneously wrongly mistaken
    misleading inaccurate incorrect debunked discredited dismisses dismissed dismiss
    satire satirical parody spoof spoofed prank pranked photoshopped doctored staged
    scam retracts retracted retraction lie lies lied quash quashes quashed squash squashes
    squashed dispel dispels dispelled rebuff rebuffs rebuffed repudiate repudiates
    repudiated contradict contradicts contradicted bullshit bs nope""".split()
)

#: Phrases that refute (matched on whole words).
REFUTATION_PHRASES = (
    "not true", "isn't true", "not real", "isn't real", "made up", "no evidence",
    "no proof", "not the case", "urban legend", "nothing to do with", "no truth",
    "set the record straight", "record straight", "turns out not", "shoots down",
    "shoot down", "put to rest", "puts to rest",
)  # fmt: skip

#: Words that negate the statement they stand in.
NEGATION_CUES = frozenset(
    """not no never nothing none nobody neither nor n't nowhere""".split()
)

#: Negations that do not deny the claim: affirming idioms, refusals to comment.
NOT_A_DENIAL = (
    "no doubt", "not only", "not just", "no wonder", "no longer just", "never before",
    "never seen before", "no stranger", "not alone", "can't wait", "cannot wait",
    "not surprised", "no surprise", "no matter", "not least", "no less", "nothing less",
    "no joke", "not afraid", "no one else", "no idea", "not sure", "or not",
    "may or may not", "confirm or deny", "confirms or denies",
)  # fmt: skip

#: Verbs of saying: after "won't", "wouldn't", "refuses to" they make a refusal to say,
#: not a denial ("won't say if ...").  "Did not say X" still denies.
_SAYING_VERBS = frozenset(
    "say says confirm confirms deny denies rule reveal reveals disclose discloses discuss "
    "discusses speculate address addresses respond responds elaborate comment comments".split()
)
#: Verbs that are a refusal to say after any negation ("did not comment").
_NO_COMMENT_VERBS = frozenset(
    "comment comments commented confirm confirms confirmed disclose disclosed discuss "
    "discussed speculate speculated elaborate elaborated".split()
)
#: Negations of will and ability: with a verb of saying, a refusal.
_WONT = frozenset("won't wouldn't can't couldn't".split())
#: Words that open a subordinate clause: a negation after one, in the same clause, is about
#: a detail ("a friend who never showed up", "so he won't turn into a werewolf"), not the
#: headline's claim.
_SUBORDINATORS = frozenset(
    "who whom whose which where when if unless because after before while so since "
    "until for".split()
)
_CLAUSE_BREAKS = frozenset(": ?".split())

#: Words that keep the writer's distance from the claim.
HEDGE_CUES = frozenset(
    """may might could possibly perhaps maybe allegedly alleged alleges allege rumor rumors
    rumored rumour rumours rumoured speculation speculates speculate speculated unconfirmed
    unverified purportedly purported apparently apparent suspected likely unlikely
    claims claim claimed claiming supposedly questions questioned whether if""".split()
)

#: Hedging phrases.
HEDGE_PHRASES = (
    "is said to", "are said to", "was said to", "were said to", "said to be",
    "is believed to", "are believed to", "believed to be", "thought to be", "appears to",
    "appear to", "seems to", "seem to", "could be", "not confirmed", "yet to be confirmed",
    "not yet confirmed", "no confirmation", "confirm or deny", "confirms or denies",
)  # fmt: skip

#: Words that pass on someone else's word.
REPORT_CUES = frozenset(
    """reportedly report reports reported according sources source says said say tells told
    citing cites claims insiders insider official officials spokesman spokeswoman
    spokesperson statement""".split()
)

#: (claim word, answer word): the answer refutes a claim that uses the first word.
OPPOSITES = (
    ("dead", "alive"), ("died", "alive"), ("death", "alive"), ("killed", "alive"),
    ("true", "false"), ("real", "fake"), ("captured", "safe"), ("kidnapped", "safe"),
    ("stolen", "safe"), ("missing", "safe"), ("missing", "found"),
)  # fmt: skip

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?:]")
_CONTRACTION = re.compile(r"^([a-z]+)n't$")
#: Words a headline credits before or after a colon ("Pentagon: ...", "...: WSJ").
_MAX_CREDIT_WORDS = 4


@dataclass(frozen=True)
class Stance:
    """A stance label and the cue words that decided it (empty for ``asserts``)."""

    label: str
    cues: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.label} ({', '.join(self.cues)})" if self.cues else self.label


@lru_cache(maxsize=1 << 14)
def _words(text: str) -> tuple[str, ...]:
    """Lower-case words (contractions kept whole: "isn't"), plus "?" and ":" marks."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = re.sub(r"\bcannot\b", "can't", text)
    return tuple(_WORD.findall(text))


def _is_negation(word: str) -> bool:
    return word in NEGATION_CUES or bool(_CONTRACTION.match(word))


def _phrase_at(words: tuple[str, ...], phrases: tuple[str, ...]) -> list[tuple[int, str]]:
    """(start index, phrase) for every phrase found as whole words."""
    found = []
    joined = " " + " ".join(words) + " "
    for phrase in phrases:
        start = joined.find(" " + phrase + " ")
        while start >= 0:
            found.append((joined[:start].count(" "), phrase))
            start = joined.find(" " + phrase + " ", start + 1)
    return found


def _covered(words: tuple[str, ...], phrases: tuple[str, ...]) -> set[int]:
    """Indexes of the words inside any of ``phrases``."""
    return {i + k for i, p in _phrase_at(words, phrases) for k in range(len(p.split()))}


def _is_refusal(words: tuple[str, ...], i: int) -> bool:
    """"won't say", "didn't comment", "will not confirm": a refusal to say, not a denial."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if nxt in _NO_COMMENT_VERBS:
        return True
    modal = words[i] in _WONT or (i and words[i] == "not" and words[i - 1] in
                                  {"will", "would", "can", "could", "refuses", "refused"})
    return bool(modal) and nxt in _SAYING_VERBS


def _subordinate(words: tuple[str, ...], i: int) -> bool:
    """Whether ``words[i]`` sits in a subordinate clause ("who never showed up")."""
    for word in reversed(words[:i]):
        if word in _CLAUSE_BREAKS:
            return False
        if word in _SUBORDINATORS:
            return True
    return False


def _denial_cues(words: tuple[str, ...], claim: frozenset[str]) -> list[str]:
    """Refutation words and claim-denying negations in ``words`` (cues the claim shares skip)."""
    cues: list[str] = []
    idioms = _covered(words, NOT_A_DENIAL)
    for i, phrase in _phrase_at(words, REFUTATION_PHRASES):
        if not set(phrase.split()) <= claim:
            cues.append(phrase)
            idioms |= set(range(i, i + len(phrase.split())))
    for i, word in enumerate(words):
        if i in idioms or word in claim:
            continue
        if word in REFUTATION_CUES:
            cues.append(word)
        elif _is_negation(word):
            if _is_refusal(words, i) or _subordinate(words, i):
                continue
            cues.append(word)
    cues = _cancel_double_negation(words, cues)
    for said, answer in OPPOSITES:
        if said in claim and answer in words and answer not in claim:
            cues.append(answer)
    return cues


#: Refutation words that name what is refuted: "not a hoax", "denies ... hoax claims" affirm.
_REFUTED_THINGS = frozenset("hoax hoaxes fake false lie lies myth rumor rumors rumour rumours"
                            " bogus scam staged".split())
_DOUBLE_WINDOW = 3  # words between a negation and the refutation word it cancels


def _cancel_double_negation(words: tuple[str, ...], cues: list[str]) -> list[str]:
    """Drop a negation and the refutation word it negates: "it was NOT a hoax" affirms."""
    for i, word in enumerate(words):
        if word not in _REFUTED_THINGS or word not in cues:
            continue
        before = words[max(0, i - _DOUBLE_WINDOW) : i]
        negator = next((w for w in reversed(before)
                        if w in cues and (_is_negation(w) or w.startswith("den"))), None)
        if negator is not None:
            cues = [c for c in cues if c not in {word, negator}]
    return cues


def _refusal(words: tuple[str, ...]) -> list[str]:
    """"won't confirm", "declined to comment": the text keeps its distance."""
    cues = []
    for i, word in enumerate(words[:-1]):
        if _is_negation(word) and _is_refusal(words, i):
            cues.append(f"{word} {words[i + 1]}")
        elif word in {"declined", "declines", "refused", "refuses"} and words[i + 1] == "to":
            cues.append(f"{word} to")
    return cues


def _credit(words: tuple[str, ...]) -> list[str]:
    """A headline credited with a colon: "Pentagon: ..." or "...: WSJ"."""
    if ":" not in words:
        return []
    first = words.index(":")
    last = len(words) - 1 - words[::-1].index(":")
    if 0 < first <= _MAX_CREDIT_WORDS:
        return [" ".join(words[:first]) + ":"]
    if 0 < len(words) - 1 - last <= _MAX_CREDIT_WORDS:
        return [": " + " ".join(words[last + 1 :])]
    return []


@lru_cache(maxsize=1 << 14)
def _claim_words(toward: str) -> frozenset[str]:
    """The claim's words; a claim with "not" or "n't" holds every "n't" form ("isn't" too)."""
    words = frozenset(_words(toward))
    if any(_is_negation(w) and w not in {"no", "never", "nothing", "none", "nobody", "neither",
                                         "nor", "nowhere"} for w in words):
        return words | _NOT_FORMS
    return words


_NOT_FORMS = frozenset(
    "not n't isn't aren't wasn't weren't don't doesn't didn't won't wouldn't can't couldn't "
    "hasn't haven't hadn't shouldn't mustn't".split()
)


def stance(text: str, toward: str = "") -> Stance:
    """The stance of ``text`` toward what it is about (``toward``: the claim it answers)."""
    words = _words(text)
    claim = _claim_words(toward) if toward else frozenset()
    denial = _denial_cues(words, claim)
    if denial:
        return Stance("denies", tuple(dict.fromkeys(denial)))
    hedges = [p for _, p in _phrase_at(words, HEDGE_PHRASES)] + _refusal(words)
    hedges += [w for w in words if w in HEDGE_CUES and w not in claim]
    if "?" in words and "?" not in claim:
        hedges.append("?")
    if hedges:
        return Stance("hedges", tuple(dict.fromkeys(hedges)))
    reports = [w for w in words if w in REPORT_CUES and w not in claim]
    reports += [p for _, p in _phrase_at(words, ("according to",))]
    reports += _credit(words)
    if reports:
        return Stance("reports", tuple(dict.fromkeys(reports)))
    return Stance("asserts")


def of_claim(claim: Mapping[str, Any]) -> Stance:
    """A stored claim's stance: of its quote (what the source wrote), else its statement.

    A claim that asserts in its own words but rests on someone else's report (attribution
    strength ``reported``) ``reports``, with "reported by <who>" as its cue.
    """
    texts = [t for t in (claim.get("quote"), claim.get("statement")) if t]
    found = [stance(t) for t in texts]
    for label in STANCES:
        hit = next((f for f in found if f.label == label), None)
        if hit is not None and label != "asserts":
            return hit
    if claim.get("strength") == "reported":
        who = claim.get("attributed_to")
        return Stance("reports", (f"reported by {who}",) if who else ("reported",))
    return Stance("asserts")
