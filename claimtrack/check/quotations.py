"""Comparing a draft's quotation with a claim's quote: typography, case, brackets and
omissions (``...``) are not differences; a quotation may be a part of the quote.

Standard library only, :mod:`claimtrack.text.worddiff` (stdlib only too), and
:mod:`claimtrack.text.anchoring` (its ``fold``) when a quick literal test is not enough.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache

from ..text.worddiff import diff_words

# -- comparing quotations -------------------------------------------------------------

_DOUBLE_QUOTES = "[\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033]"
_EDGE = " \t\n.,;:!?"
# The commonest typographic variants, for a quick literal test before anchoring's fold.
_QUICK = str.maketrans({"\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-"})


def _prepare(text: str) -> str:
    """A quotation ready for containment: nested double quotes as single, no emphasis marks,
    no punctuation at either end (a leading or trailing ``...`` omits nothing that matters)."""
    return re.sub(_DOUBLE_QUOTES, "'", text).replace("*", "").replace("_", "").strip(_EDGE)


def quotation_matches(quotation: str, claim_quote: str) -> bool:
    """Whether a draft's quotation is the claim's quote or a part of it.

    The comparison is that of :func:`claimtrack.text.anchoring.find_spans` (typography,
    then case, brackets and ``...`` for omitted words), with double quotes
    nested in the quotation read as single ones and the end punctuation free.
    """
    needle, haystack = _prepare(quotation), _prepare(claim_quote)
    if not needle.strip(" .'"):
        return True
    if _quick(needle) in _quick(haystack):
        return True  # the usual case, and anchoring's fold would agree: no need to load it
    from ..text.anchoring import find_spans

    _mode, spans = find_spans(haystack, needle)
    return bool(spans)


def _quick(text: str) -> str:
    return " ".join(text.translate(_QUICK).split()).lower()


def closest_passage(quotation: str, claim_quote: str) -> str:
    """The words of ``claim_quote`` that ``quotation`` tried to quote (all of it if unclear)."""
    from difflib import SequenceMatcher

    words = [m for m in re.finditer(r"\S+", claim_quote)]
    key = [_word_key(m.group(0)) for m in words]
    draft = [_word_key(w) for w in quotation.split() if w not in ("...", "\u2026")]
    blocks = [b for b in SequenceMatcher(None, key, draft, autojunk=False).get_matching_blocks()
              if b.size]
    if not blocks or sum(b.size for b in blocks) * 3 < len(draft):
        return claim_quote
    lo = max(0, blocks[0].a - blocks[0].b)
    hi = min(len(words), blocks[-1].a + blocks[-1].size + (len(draft) - blocks[-1].b
                                                           - blocks[-1].size))
    passage = claim_quote[words[lo].start():words[hi - 1].end()]
    return passage.strip("\"'\u201c\u201d\u2018\u2019 ")


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    from ..text.anchoring import fold

    return fold(word, caseless=True).text.strip(".,;:!?'\"()[]*_")


# -- scare quotes and diffs (issue 22) --------------------------------------------

#: A quotation of fewer words than this is compared with the claim only when it shares
#: a word with it: shorter ones are usually scare quotes ("bombshell", "witch hunt").
SCARE_MAX_WORDS = 3
DIFF_CONTEXT = 6  # unchanged words kept on each side of a change

_TYPOGRAPHY = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    "\u2026": "...",
})
# A dash between words (em, en, a spaced hyphen, --): a word of its own in a diff, so
# "suggestion — from" never becomes one word "suggestion-from".
_DASH = re.compile(r"\s*(?:[\u2013\u2014\u2015]|--+)\s*|\s+-\s+")
_WORD_EDGE = ".,;:!?'\"()[]*_"


def _words(text: str) -> list[str]:
    # NFC: an accent typed composed in the draft and stored decomposed is no difference
    return _DASH.sub(" \u2014 ", unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)).split()


def _key(word: str) -> str:
    return word.casefold().strip(_WORD_EDGE)


def looks_quoted_from(quotation: str, claim_quote: str) -> bool:
    """Whether ``quotation`` looks like a quotation of ``claim_quote``: long enough, or
    sharing a word with it.  ``"bombshell"`` beside a citation is a scare quote."""
    words = [k for k in (_key(w) for w in _words(quotation)) if k and k != "\u2014"]
    if len(words) >= SCARE_MAX_WORDS:
        return True
    theirs = {_key(w) for w in _words(claim_quote)}
    return any(w in theirs or any(_close(w, t) for t in theirs) for w in words)


def likeness(quotation: str, claim_quote: str) -> float:
    """The share of the quotation's words that are words of ``claim_quote`` (0 to 1)."""
    words = [k for k in (_key(w) for w in _words(quotation)) if k and k != "\u2014"]
    theirs = {_key(w) for w in _words(claim_quote)}
    return sum(w in theirs for w in words) / len(words) if words else 0.0


def _close(a: str, b: str) -> bool:
    return len(a) > 3 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


# An omission in a draft's quotation, once typography made ``\u2026`` three dots: ``...``
# (a full stop and an ellipsis: ``....``) or ``[...]``, as anchoring reads them.
_OMISSION = re.compile(r"\[\s*\.\.\.\s*\]|\.{3,}")
_OMITTED = "\u2026"  # one word standing for an omitted passage (typography made all others ...)


def quotation_diff(draft: str, source: str) -> str:
    """``... [-draft words-]{+source words+} ...``: case, typography and the punctuation at
    a word's edges are not differences; unchanged words show as the source has them.

    A ``...`` of the draft that leaves out words of the source is no difference either: the
    passage it leaves out shows as ``...``, never as deleted ``...`` and added words.
    """
    theirs = _words(source.strip(_EDGE))
    ours, theirs, omitted = _omissions(_draft_words(draft.strip(_EDGE)), theirs)
    diff = diff_words(ours, theirs, DIFF_CONTEXT, _key)
    if diff is None:
        from ..text.anchoring import MAX_ELLIPSIS_GAP

        if omitted > MAX_ELLIPSIS_GAP:
            return (f"(the words match, but '...' leaves out {omitted} characters of the "
                    f"quote: at most {MAX_ELLIPSIS_GAP} may be left out)")
        return "(differs only in case or punctuation)"
    if _OMITTED not in diff:
        return diff
    out: list[str] = []
    for word in diff.replace(_OMITTED, "...").split(" "):
        if not (word == "..." and out and out[-1] == "..."):  # an omission beside a cut
            out.append(word)
    return " ".join(out)


def _draft_words(text: str) -> list[str]:
    """:func:`_words`, with each omission (``...``, ``…``, ``[...]``) a word of its own."""
    words = _words(text)
    if not any("..." in w for w in words):
        return words
    return _words(_OMISSION.sub(" ... ", " ".join(words)))


def _omissions(ours: list[str], theirs: list[str]) -> tuple[list[str], list[str], int]:
    """The draft's and the source's words with each passage a ``...`` of the draft leaves
    out replaced, on both sides, by one :data:`_OMITTED` word; and the longest such passage
    (in characters).

    The draft's words without its ``...`` are aligned with the source's; a ``...`` where
    the source has words the draft does not omits them.  Where the draft has other words
    there too, its words before the ``...`` stand for the first of the source's and those
    after it for the last: the rest is what it omits.  A ``...`` that omits nothing is
    dropped (it is no difference).
    """
    marks: list[int] = []  # where each "..." is among the other words of the draft
    words: list[str] = []
    for word in ours:
        if word == "...":
            marks.append(len(words))
        else:
            words.append(word)
    if not marks:
        return ours, theirs, 0
    opcodes = difflib.SequenceMatcher(a=[_key(w) for w in words], b=[_key(w) for w in theirs],
                                      autojunk=False).get_opcodes()
    new_ours: list[str] = []
    new_theirs: list[str] = []
    longest = 0
    for tag, i1, i2, j1, j2 in opcodes:
        # a "..." at either end of a change belongs to it (never to the equal words beside it)
        inside = [] if tag == "equal" else marks[bisect_left(marks, i1):bisect_right(marks, i2)]
        source = theirs[j1:j2]
        if not inside:
            new_ours += words[i1:i2]
            new_theirs += source
            continue
        head, tail = words[i1:inside[0]], words[inside[-1]:i2]
        between = words[inside[0]:inside[-1]]  # draft words between two "...": not the source's
        a = min(len(head), len(source))
        b = min(len(tail), len(source) - a)
        left_out = source[a:len(source) - b]
        if not left_out:
            new_ours += head + between + tail
            new_theirs += source
            continue
        longest = max(longest, len(" ".join(left_out)) + 2)  # and a space on each side
        new_ours += [*head, *between, _OMITTED, *tail]
        new_theirs += [*source[:a], _OMITTED, *source[len(source) - b:]]
    return new_ours, new_theirs, longest
