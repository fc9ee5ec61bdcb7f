"""A claim whose own words refute another: "Egypt denies offering land", "death hoax".

The detector's ``refutation`` kind.  No party needs to be typed with ``--denied-by``: the
text is read with :func:`claimtrack.contradictions.stance.stance` toward the other claim.  What counts:

* a refutation word or phrase ("denies", "hoax", "debunked", "false", "not true"), or an
  answer opposite to the claim ("alive" to "dead"), that the other claim does not use;
* a negation ("not", "never", "n't") only when the words it governs (up to
  :data:`SCOPE_WORDS` content words, to the end of its clause) start with a word of the
  other claim or hold two of them, and it negates a fact, not a norm ("should not") or a
  quantifier ("not always", "not the only"): "students *not* among the dead in the mass
  *grave*" refutes "the mass grave holds the missing students"; "contacts were *not
  coordinated* with the Pentagon" does not refute "Musk has been in contact with the
  Kremlin".

When both claims deny (each has a cue the other lacks), neither is taken as the refutation
of the other.  The caller checks first that the two claims are related.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import stance as _stance

__all__ = ["Refutation", "SCOPE_WORDS", "refutes"]

#: Content words after a negation that it governs.
SCOPE_WORDS = 4
#: Content words each side of a refutation word that it bears on ("Banksy arrest a hoax").
TARGET_WORDS = 5
_CLAUSE_END = frozenset(": ? , ; . but because although while".split())
#: A negated quantifier or degree limits the claim, it does not deny it: "not always happy",
#: "not the only provider", "not entirely".
_LIMITING = frozenset("always only all every entirely fully necessarily quite exactly just "
                      "much many completely the".split())
#: Refuting verbs: they refute what follows them, so their object must be the other claim's.
_VERB_STEMS = ("deni", "deny", "refut", "rebut", "debunk", "dismiss", "quash", "squash",
               "dispel", "rebuff", "repudiat", "contradict", "retract")
#: A refuting verb after a preposition names an activity ("worked on denying service").
_PREPOSITIONS = frozenset("on of for about in by without from at".split())
#: A negation alone refutes only a claim that shares this much of the negating text's words.
MIN_SHARED = 0.6
#: A negated norm is not a fact: "should not have a clearance" against "holds one".
_DEONTIC = frozenset("should must ought need needs".split())


@dataclass(frozen=True)
class Refutation:
    """Which side refutes (0: the first texts, 1: the second), with the refuting words."""

    side: int
    cues: tuple[str, ...]
    text: str  # the refuting text, as written

    negations: tuple[str, ...] = ()  # the cues that are negations with their scope
    target: frozenset[str] = frozenset()  # stems of the words the cues bear on

    @property
    def negation_only(self) -> bool:
        """Whether only negations refute (no refutation word): a polarity clash."""
        return set(self.cues) <= set(self.negations)


def _negation_scope(words: Sequence[str], i: int, stem: Callable[[str], str],
                    is_content: Callable[[str], bool]) -> tuple[list[str], int]:
    """Stems of the content words a negation at ``words[i]`` governs, and where it ends."""
    scope: list[str] = []
    end = i + 1
    while end < len(words) and words[end] not in _CLAUSE_END and len(scope) < SCOPE_WORDS:
        if is_content(words[end]):
            scope.append(stem(words[end]))
        end += 1
    return scope, end


def _governs(words: Sequence[str], i: int) -> bool:
    """Whether the negation at ``words[i]`` negates a fact (not a norm or a quantifier)."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    before = words[i - 1] if i else ""
    return nxt not in _LIMITING and before not in _DEONTIC


@lru_cache(maxsize=1 << 14)
def _may_deny(text: str) -> bool:
    """Cheap pre-test: a text that denies nothing on its own, and holds no opposite word."""
    if _stance.stance(text).label == "denies":
        return True
    return not _OPPOSITE_WORDS.isdisjoint(_stance._words(text))


_OPPOSITE_WORDS = frozenset(w for pair in _stance.OPPOSITES for w in pair)


def _cues(text: str, toward: str, other_stems: frozenset[str], stem: Callable[[str], str],
          is_content: Callable[[str], bool]
          ) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """The refuting words of ``text`` against ``toward``, which of them are negations, and
    the stems of the words they bear on (their target)."""
    if not _may_deny(text):
        return (), (), frozenset()
    found = _stance.stance(text, toward=toward)
    if found.label != "denies":
        return (), (), frozenset()
    words = _stance._words(text)
    own = {stem(w) for w in words if is_content(w)}
    close = bool(own) and len(own & other_stems) >= MIN_SHARED * len(own)
    kept: list[str] = []
    negations: list[str] = []
    target: set[str] = set()
    for cue in found.cues:
        if " " in cue or not _stance._is_negation(cue):  # a refutation word or phrase
            if _refuting_word(words, cue, other_stems, stem, is_content):
                kept.append(cue)
                target |= _around(words, cue, stem, is_content)
            continue
        for i, word in enumerate(words):
            if word != cue or not _governs(words, i) or not close:
                continue
            scope, end = _negation_scope(words, i, stem, is_content)
            shared = [s for s in scope if s in other_stems]
            if scope and (scope[0] in other_stems or len(shared) >= 2):
                kept.append(" ".join(words[i:end]))  # "not yet operating": the negated words
                negations.append(kept[-1])
                target |= set(scope)
                break
    return tuple(kept), tuple(negations), frozenset(target)


def _around(words: Sequence[str], cue: str, stem: Callable[[str], str],
            is_content: Callable[[str], bool]) -> set[str]:
    """Stems of the content words in the cue's clause, up to :data:`TARGET_WORDS` each side."""
    n = len(cue.split())
    starts = [i for i in range(len(words)) if " ".join(words[i : i + n]) == cue]
    found: set[str] = set()
    for i in starts:
        for edge in (range(i - 1, -1, -1), range(i + n, len(words))):
            taken = 0
            for j in edge:
                if words[j] in _CLAUSE_END or taken >= TARGET_WORDS:
                    break
                if is_content(words[j]):
                    found.add(stem(words[j]))
                    taken += 1
    return found


def _refuting_word(words: Sequence[str], cue: str, other_stems: frozenset[str],
                   stem: Callable[[str], str], is_content: Callable[[str], bool]) -> bool:
    """A refutation word, and for a verb ("denies"), an object the other claim speaks of."""
    if " " in cue or not cue.startswith(_VERB_STEMS):
        return True
    for i, word in enumerate(words):
        if word != cue or (i and words[i - 1] in _PREPOSITIONS):
            continue
        scope, _ = _negation_scope(words, i, stem, is_content)
        if not scope or not other_stems.isdisjoint(scope):
            return True
    return False


def refutes(
    texts: tuple[Iterable[str], Iterable[str]],
    stems: tuple[frozenset[str], frozenset[str]],
    stem: Callable[[str], str],
    is_content: Callable[[str], bool],
) -> Refutation | None:
    """Whether one claim's texts (statement, quote) refute the other's.

    ``stems`` are each claim's content stems, made by ``stem`` (the detector's stemmer);
    ``is_content`` tells content words from stop words.
    """
    sides = [tuple(dict.fromkeys(t for t in side if t)) for side in texts]
    found: list[Refutation | None] = []
    for me in (0, 1):
        other = " ".join(sides[1 - me])
        best = None
        for text in sides[me]:
            cues, negations, target = _cues(text, other, stems[1 - me], stem, is_content)
            if cues:
                best = Refutation(me, cues, text, negations, target)
                break
        found.append(best)
    if found[0] and found[1]:
        return None  # both deny: two negative statements, not one refuting the other
    return found[0] or found[1]
