"""Find a quote, as a person typed it, in a source text.

A fact-checker retypes quotes: straight quotes for curly ones, ``--`` for an
em dash, one space for a line break, ``...`` for omitted words.  ``locate``
finds such a quote and returns the exact span of the source text it stands
for, as Unicode code-point offsets ``[start, end)`` with 32 characters of
prefix and suffix (the W3C TextPositionSelector and TextQuoteSelector pair).

Matching runs through a fixed ladder of modes and stops at the first that
finds anything, so a literal match always wins over a looser one:

1. ``exact``: typographic variants folded (quotes, apostrophes, dashes,
   ellipsis character, whitespace runs and spaces around dashes);
2. ``unquoted``: the same, without quotation marks around the whole quote;
3. ``caseless``: the same, ignoring case;
4. ``brackets``: square brackets ignored on both sides
   (``compete with [SpaceX], for scale``);
5. ``ellipsis``: ``...``, ``…`` or ``[...]`` stand for omitted words: each
   part must appear, in order, with at most ``MAX_ELLIPSIS_GAP`` characters
   between consecutive parts;
6. ``split``: a quotation interrupted by its attribution, typed without it:
   ``“The agency,” she added, “cannot do this alone.”`` found as ``"The
   agency cannot do this alone."``.  Between two typed words the source may
   have a closing quotation mark (after optional punctuation), the tag, and an
   opening mark, at most ``MAX_ELLIPSIS_GAP`` characters in all; ``...``
   works as in ``ellipsis`` too, and the case is ignored.  Quotes of more
   than ``MAX_SPLIT_WORDS`` words are not looked for this way.

The span runs from the first to the last quoted word.  What the ``ellipsis``
and ``split`` modes skip inside it is returned as the span's ``elisions``:
``(start, end)`` offsets into the span's text, from the end of one quoted word
to the start of the next (``,” she added, “``).

Fuzzy matching of a quote whose words changed is *not* done here: adding a
claim needs the words to be in the source.  Re-anchoring after a source
changes lives in :mod:`claimtrack.text.reanchor`.

About 500 lines, one concept: the ladder above and the closest-passage hint a refused quote
gets (:func:`closest_passage`, :func:`suggest_passage`), which searches with the same folding
and is raised from :func:`locate` itself; split apart, the two would import each other.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import AmbiguousQuote, InvalidInput, QuoteNotFound
from . import wordindex
from .canonical import nfc
from .offsetmap import OffsetMap
from .typography import FOLD as _FOLD
from .typography import TYPOGRAPHY as TYPOGRAPHY  # re-exported: its home before typography.py

CONTEXT = 32
MAX_ELLIPSIS_GAP = 300
MAX_SPLIT_WORDS = 150  # a longer quote is not looked for as a split quote (one pattern per word)
HINT_MAX_CHARS = 300  # of a quote not found, compared for the closest passage
FOLD_CACHE_SIZE = 4  # folded source texts kept: the exact and caseless folds of two sources

_QUOTE_MARKS = "\"'"
_ELLIPSIS = re.compile(r"\s*(?:\[\s*\.\.\.\s*\]|\.\.\.)\s*")


@dataclass(frozen=True)
class Span:
    """Where a quote sits in a text: offsets, exact text, and context."""

    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    mode: str = "exact"
    elisions: tuple[tuple[int, int], ...] = ()
    """Passages of ``text`` left out of the quote as typed, as offsets into ``text``."""


class _Folded:
    """A normalised text and, for each of its characters, the source offset where it
    starts (``offsets``) and the one where it ends (``ends``; a folded run of dashes or
    spaces ends where the run does).  Both read like lists and are kept in an
    :class:`~claimtrack.text.offsetmap.OffsetMap`: one entry per folded place, not per
    character."""

    __slots__ = ("text", "map")

    def __init__(self, text: str, offsets: OffsetMap) -> None:
        self.text, self.map = text, offsets

    @property
    def offsets(self) -> Sequence[int]:
        return self.map.starts  # type: ignore[return-value]

    @property
    def ends(self) -> Sequence[int]:
        return self.map.ends  # type: ignore[return-value]


# One character for one: typography (not the ellipsis: three characters) and whitespace.
_ONE_FOR_ONE = str.maketrans({
    **{k: v for k, v in _FOLD.items() if len(v) == 1},
    **{chr(c): " " for c in range(0x3001) if chr(c).isspace() and chr(c) != " "},
})
# What folding shortens or lengthens, once whitespace is spaces and dashes are ``-``:
# a run of spaces and dashes with a dash in it, a run of spaces, the ellipsis character.
_RUNS = re.compile(r" [ -]*-[ -]*|-[ -]+| {2,}|\u2026")
_BRACKETS = re.compile(r"[\[\]]+")


def _lower(text: str) -> str:
    """``text`` in lower case, one character for one (``İ`` stays, ``Σ`` is always ``σ``)."""
    text = text.replace("\u03a3", "\u03c3")  # no final-sigma rule: a quote may end mid-word
    if "\u0130" in text:  # the one letter whose lower case is two characters
        return "\u0130".join(part.lower() for part in text.split("\u0130"))
    return text.lower()


def fold(text: str, *, caseless: bool = False, brackets: bool = True) -> _Folded:
    """Normalise ``text`` for matching, remembering where each character came from.

    Composed and decomposed accents are one form (NFC), whitespace runs become
    one space, runs of dashes one ``-`` with no space around it, curly quotes
    straight ones, ``…`` three dots.  The work is done by ``str`` methods and
    regular expressions over the whole text, so folding a long source costs a
    few copies of it, not Python objects per character (issue 16).
    """
    composed, base = nfc(text)
    out = composed.translate(_ONE_FOR_ONE)
    if caseless:
        out = _lower(out)
    if not brackets and ("[" in out or "]" in out):
        out, base = _rewrite(out, _BRACKETS, lambda m: "", base)
    out, offsets = _rewrite(out, _RUNS, _run, base)
    return _Folded(out, offsets)


def _run(m: re.Match[str]) -> str:
    run = m.group()
    if run == "\u2026":
        return "..."
    return "-" if "-" in run else " "


def _rewrite(text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str],
             base: OffsetMap | None) -> tuple[str, OffsetMap]:
    """``pattern.sub(repl, text)`` and its map back to ``text`` (then through ``base``)."""
    offsets = OffsetMap(base)
    parts: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        new = repl(m)
        if new == m.group():
            continue
        parts.append(text[last:start])
        offsets.copy(last, start - last)
        parts.append(new)
        if new == "-":  # a folded dash runs from the first dash to the end of the last
            run = m.group()
            offsets.replace(start + run.index("-"), start + run.rindex("-") + 1, 1)
        elif new == "...":
            offsets.replace(start, end, 3)
        else:
            offsets.replace(start, end, len(new))
        last = end
    if not parts:
        offsets.copy(0, len(text))
        return text, offsets
    parts.append(text[last:])
    offsets.copy(last, len(text) - last)
    return "".join(parts), offsets


FOLD_CACHE_MIN_CHARS = 20_000  # shorter texts fold about as fast as a cache would look them up


def fold_source(text: str, *, caseless: bool = False, brackets: bool = True) -> _Folded:
    """:func:`fold` for a source text, kept for the next quote located in the same text.

    Adding many claims to one source (``load``, ``claim add`` in a loop) folded
    the whole source once per claim: time grew as claims x source length.  A
    few folded texts are kept (an LRU keyed by the text itself: a new version
    of a source is a new key, so a cached fold is never stale).
    """
    if len(text) < FOLD_CACHE_MIN_CHARS:
        return fold(text, caseless=caseless, brackets=brackets)
    return _fold_cached(text, caseless, brackets)


@functools.lru_cache(maxsize=FOLD_CACHE_SIZE)
def _fold_cached(text: str, caseless: bool, brackets: bool) -> _Folded:
    return fold(text, caseless=caseless, brackets=brackets)


def _fold_quote(quote: str, *, caseless: bool = False, brackets: bool = True) -> str:
    return fold(quote, caseless=caseless, brackets=brackets).text.strip()


def _find_all(haystack: str, needle: str) -> list[int]:
    # Many quotes located in one large text: through an index of its words (wordindex).
    return wordindex.find_all(haystack, needle)


#: A span of the folded text, with the gaps (folded offsets) the quote leaves out.
_Hit = tuple[int, int, tuple[tuple[int, int], ...]]


def _find_parts(haystack: str, parts: list[str]) -> list[_Hit]:
    """Occurrences of ``parts`` in order, each within MAX_ELLIPSIS_GAP of the last."""
    matches = []
    for start in _find_all(haystack, parts[0]):
        end = start + len(parts[0])
        gaps = []
        for part in parts[1:]:
            nxt = haystack.find(part, end, end + MAX_ELLIPSIS_GAP + len(part))
            if nxt == -1 or nxt - end > MAX_ELLIPSIS_GAP:
                break
            if nxt > end:
                gaps.append((end, nxt))
            end = nxt + len(part)
        else:
            matches.append((start, end, tuple(gaps)))
    return matches


# An attribution interrupting a quotation, in folded text: optional punctuation, a
# closing mark followed by a space or dash, the tag, an opening mark after a space or
# dash (``," she added, "``, ``-" he said. "``, and with single marks).
_SPLIT = r"""[,;:.!?\-]*(?:"(?=[ \-])[^"]{{1,{n}}}?(?<=[ \-])"|'(?=[ \-])[^"]{{1,{n}}}?(?<=[ \-])') ?"""
_END_PUNCT = re.compile(r"[,;:.!?]+$")


def _split_pattern(parts: list[str]) -> re.Pattern[str]:
    """A pattern for ``parts`` (folded, caseless) whose words an attribution may interrupt.

    Every place an elision may be is a group of its own: ``eN`` between words,
    ``gN`` between ``...`` parts.
    """
    split = _SPLIT.format(n=MAX_ELLIPSIS_GAP)
    pieces: list[str] = []
    n = 0
    for p, part in enumerate(parts):
        if p:
            pieces.append(f"(?P<g{n}>.{{0,{MAX_ELLIPSIS_GAP}}}?)")
            n += 1
        words = part.split(" ")
        for w, word in enumerate(words):
            if w == len(words) - 1:
                pieces.append(re.escape(word))
                continue
            punct = _END_PUNCT.search(word)
            core = word[: punct.start()] if punct and punct.start() else word
            typed = re.escape(word[len(core):] + " ")
            pieces.append(f"{re.escape(core)}(?:{typed}|(?P<e{n}>{split}))")
            n += 1
    return re.compile("".join(pieces), re.DOTALL)


def _find_split(haystack: str, parts: list[str]) -> list[_Hit]:
    """Occurrences of ``parts`` with attributions between quotation marks left out."""
    words = sum(part.count(" ") + 1 for part in parts)
    if words == len(parts) or words > MAX_SPLIT_WORDS:
        return []
    pattern = _split_pattern(parts)
    first = parts[0].split(" ")[0]
    punct = _END_PUNCT.search(first)
    first = first[: punct.start()] if punct and punct.start() else first
    matches = []
    for start in _find_all(haystack, first):
        m = pattern.match(haystack, start)
        if not m:
            continue
        gaps = tuple(sorted(m.span(g) for g, v in m.groupdict().items() if v))
        splits = [m.span(g) for g, v in m.groupdict().items() if v and g[0] == "e"]
        if not splits:
            continue  # no attribution left out: the earlier modes' business
        if any(e - s > MAX_ELLIPSIS_GAP or not any(c.isalpha() for c in haystack[s:e])
               for s, e in splits):
            continue
        matches.append((m.start(), m.end(), tuple(g for g in gaps if g[1] > g[0])))
    return matches


def _strip_quote_marks(quote: str) -> str:
    while len(quote) >= 2 and quote[0] in _QUOTE_MARKS and quote[-1] in _QUOTE_MARKS:
        quote = quote[1:-1].strip()
    return quote


def find_spans(text: str, quote: str) -> tuple[str, list[tuple[int, int]]]:
    """All spans of ``text`` that ``quote`` may stand for, with the mode that found them."""
    mode, found = find_matches(text, quote)
    return mode, [(start, end) for start, end, _ in found]


def find_matches(text: str, quote: str) -> tuple[str, list[_Hit]]:
    """All spans of ``text`` that ``quote`` may stand for, with the passages each leaves out.

    Each is ``(start, end, elisions)``, ``elisions`` being ``(start, end)``
    offsets of ``text`` (not of the span); the mode that found them comes first.
    """
    base = _fold_quote(quote)
    unquoted = _strip_quote_marks(base)
    attempts = [
        ("exact", {}, [base]),
        ("unquoted", {}, [unquoted]),
        ("caseless", {"caseless": True}, [unquoted.lower()]),
        ("brackets", {"caseless": True, "brackets": False},
         [unquoted.lower().replace("[", "").replace("]", "")]),
    ]
    parts = [p for p in _ELLIPSIS.split(unquoted) if p]
    if len(parts) > 1 or (parts and parts[0] != unquoted):
        attempts.append(("ellipsis", {"caseless": True}, [p.lower() for p in parts]))
    attempts.append(("split", {"caseless": True}, [p.lower() for p in parts]))
    for mode, opts, needles in attempts:
        needles = [n for n in needles if n]
        if not needles:
            continue
        folded = fold_source(text, caseless=opts.get("caseless", False),
                             brackets=opts.get("brackets", True))
        find = _find_split if mode == "split" else _find_parts
        hits = find(folded.text, needles)
        if hits:
            found: dict[tuple[int, int], tuple[tuple[int, int], ...]] = {}
            for s, e, gaps in hits:
                span = (folded.offsets[s], folded.ends[e - 1])
                found.setdefault(span, tuple((folded.ends[a - 1], folded.offsets[b])
                                             for a, b in gaps))
            return mode, [(s, e, gaps) for (s, e), gaps in sorted(found.items())]
    return "", []


def span_at(text: str, start: int, end: int, mode: str = "exact",
            elisions: tuple[tuple[int, int], ...] = ()) -> Span:
    """The Span for offsets ``[start, end)`` of ``text``, with its context.

    ``elisions`` are offsets of ``text``; the Span holds them relative to ``start``.
    """
    return Span(
        start=start,
        end=end,
        text=text[start:end],
        prefix=text[max(0, start - CONTEXT):start],
        suffix=text[end:end + CONTEXT],
        mode=mode,
        elisions=tuple((a - start, b - start) for a, b in elisions),
    )


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset (clamped to the text)."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def locate(text: str, quote: str, occurrence: int | None = None, *, name: str = "source") -> Span:
    """Find ``quote`` in ``text``; raise if it is absent or ambiguous (see :func:`_locate`)."""
    return _without_own_marks(text, quote, _locate(text, quote, occurrence, name=name))


def _locate(text: str, quote: str, occurrence: int | None = None, *, name: str = "source") -> Span:
    """Find ``quote`` in ``text``; raise if it is absent or ambiguous.

    ``occurrence`` (1-based) picks one of several places the quote occurs.
    """
    if not quote or not quote.strip():
        raise InvalidInput("the quote is empty")
    mode, found = find_matches(text, quote)
    spans = [(start, end) for start, end, _ in found]
    if not spans:
        near = closest_passage(text, quote)
        raise QuoteNotFound(f"quote not found in {name}" + _closest_hint(text, quote, near),
                            closest=near)
    if occurrence is not None:
        if not 1 <= occurrence <= len(spans):
            raise InvalidInput(
                f"--occurrence {occurrence} is out of range: the quote occurs "
                f"{len(spans)} time{'s' if len(spans) != 1 else ''} in {name}"
            )
        start, end, elisions = found[occurrence - 1]
        return span_at(text, start, end, mode, elisions)
    if len(spans) > 1:
        where = ", ".join(
            "{}) line {} col {}".format(n, *line_col(text, s))
            for n, (s, _e) in enumerate(spans[:5], 1)
        ) + (f", ... ({len(spans) - 5} more)" if len(spans) > 5 else "")
        raise AmbiguousQuote(
            f"quote occurs {len(spans)} times in {name}: {where}; pick one with --occurrence N",
            positions=spans,
        )
    return span_at(text, *found[0][:2], mode, found[0][2])


def _closest_hint(text: str, quote: str, found: tuple[int, int, float] | None) -> str:
    """``; closest passage: "..."`` for the best partial match (``found``:
    :func:`closest_passage`), or ``""``."""
    if found is None:
        return "; nothing in it comes close" if text.strip() and quote.strip() else ""
    start, end, score = found
    passage = " ".join(text[start:end].split())
    line, col = line_col(text, start)
    return f'; closest passage ({_likeness(quote, passage, score)}, line {line} col {col}): ' \
        f'"{passage}"'


CLOSEST_MIN_SCORE = 50  # below this, nothing in the source "comes close"


def closest_passage(text: str, quote: str) -> tuple[int, int, float] | None:
    """``(start, end, score)`` of the passage of ``text`` most like ``quote``, or None.

    The passage starts and ends at word boundaries (a hint never starts mid-word).
    """
    from rapidfuzz import fuzz

    # Only the quote's start: the alignment costs grow faster than the quote's
    # length (a 100,000-character quote once took ten minutes).
    needle = _strip_quote_marks(_fold_quote(quote, caseless=True))[:HINT_MAX_CHARS]
    folded = fold_source(text, caseless=True)
    if not needle or not folded.text:
        return None
    best = fuzz.partial_ratio_alignment(needle, folded.text)
    if best is None or best.score < CLOSEST_MIN_SCORE:
        return None
    start = folded.offsets[best.dest_start]
    end = folded.ends[max(best.dest_start, best.dest_end - 1)]
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end, best.score


def _likeness(quote: str, passage: str, score: float) -> str:
    """How the passage differs from the quote, in words a person reads without a calculator."""
    def letters(s: str) -> str:
        return re.sub(r"\W+", " ", fold(s, caseless=True).text).strip()

    if letters(quote) == letters(passage):
        return "differs only in case or punctuation"
    if score >= 90:
        return f"differs in a few letters only (spelling?), {int(score)}% alike"
    return f"{int(score)}% alike"


_OPENING_MARKS = "\"'\u201c\u2018\u201e\u00ab"
_CLOSING_MARKS = "\"'\u201d\u2019\u00bb"


def _without_own_marks(text: str, quote: str, span: Span) -> Span:
    """A quote typed in its own quotation marks stores the words, not the source's marks too
    (else reports that quote it show ``““Any suggestion…”``)."""
    typed = quote.strip()
    if len(typed) < 2 or typed[0] not in _OPENING_MARKS or typed[-1] not in _CLOSING_MARKS:
        return span
    start, end = span.start, span.end
    if end - start > 2 and text[start] in _OPENING_MARKS and text[end - 1] in _CLOSING_MARKS:
        start, end = start + 1, end - 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        shift = start - span.start
        return dataclasses.replace(span, start=start, end=end, text=text[start:end],
                                   prefix=text[max(0, start - CONTEXT):start],
                                   suffix=text[end:end + CONTEXT],
                                   elisions=tuple((a - shift, b - shift)
                                                  for a, b in span.elisions))
    return span


CLOSEST_ACCEPT_SCORE = 85  # claim add --closest stores a passage at least this alike


def closest_occurrence(text: str, quote: str, *, name: str = "source") -> tuple[str, int, str]:
    """For ``claim add --closest``: ``(passage, occurrence, how it differs)`` to store instead
    of ``quote``, which is not in ``text`` as typed.  Raises QuoteNotFound when nothing is at
    least ``CLOSEST_ACCEPT_SCORE`` alike."""
    found = closest_passage(text, quote)
    if found is None or found[2] < CLOSEST_ACCEPT_SCORE:
        closest = f" (the closest is {int(found[2])}% alike)" if found else ""
        raise QuoteNotFound(f"nothing in {name} is close enough to store instead of the quote"
                            f"{closest}; --closest takes a passage at least "
                            f"{CLOSEST_ACCEPT_SCORE}% alike")
    start, end, score = found
    passage = text[start:end]
    spans = find_spans(text, passage)[1]
    occurrence = next((n for n, (s, _e) in enumerate(spans, 1) if s >= start), 1)
    return passage, occurrence, _likeness(quote, passage, score)


SUGGEST_MIN_SCORE = 70  # a weaker likeness is noise, not a suggestion


def suggest_passage(text: str, quote: str) -> str | None:
    """For an orphaned quote: ``"passage" (how it differs)``, the closest passage of the
    source as it now is, or None when nothing comes close."""
    found = closest_passage(text, quote)
    if found is None or found[2] < SUGGEST_MIN_SCORE:
        return None
    start, end, score = found
    passage = " ".join(text[start:end].split())
    return f'"{passage}" ({_likeness(quote, passage, score)})'
