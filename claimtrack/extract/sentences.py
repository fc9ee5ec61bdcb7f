"""Paragraphs, quotations and sentences of an article, as character spans.

A sentence never ends inside a quotation, so ``“A. B,” she said.`` is one
sentence: the speech verb after a long quote stays with it.  (pysbd and syntok
were measured: pysbd takes ~2.6 s per 100 PolNeAR articles, syntok ~1 s, and
neither keeps a multi-sentence quote together; this splitter takes ~0.05 s.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

OPENING = "“\""
# A sentence may end after . ! ? (and closing quotes or brackets), before a capital,
# a digit or an opening quote.
BOUNDARY = re.compile(r"[.!?…]+(?:''|[”\"’')\]])*(?=\s+(?:''|[\"“‘(\[])*[A-Z0-9])")
PARAGRAPH = re.compile(r"[^\n]+")
# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep reps gov gen lt col sgt capt maj adm cmdr prof rev st jr sr "
    "jan feb mar apr aug sep sept oct nov dec no nos vs inc co corp ltd dept est fig ft mt "
    "pres atty supt det insp messrs hon sens govs".split()
)
INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int          # index of the paragraph in the article
    quotes: tuple[Span, ...]  # quotations (marks included) inside the sentence


def quotations(text: str, start: int, end: int) -> list[Span]:
    """Quotations in one paragraph, marks included.  “ opens and ” closes; a straight mark
    (" or '') opens at the start of a word and closes otherwise, so mixed marks
    (“like this" or "this”) pair as a writer meant.  An opening mark with no closing one
    in the paragraph runs to its end (the convention for a quote continued in the next
    paragraph)."""
    marks = []   # (position, length, opens)
    i = start
    while i < end:
        ch = text[i]
        if ch in "“”\"" or text.startswith("''", i):
            width = 2 if ch == "'" else 1
            if ch == "“":
                opens = True
            elif ch == "”":
                opens = False
            else:
                before = text[i - 1] if i > start else " "
                after = text[i + width] if i + width < end else " "
                opens = (before.isspace() or before in "([—–-/") and not after.isspace()
            marks.append((i, width, opens))
            i += width
        else:
            i += 1
    spans: list[Span] = []
    open_at = None
    for pos, width, opens in marks:
        if open_at is None:
            if opens:
                open_at = pos
        elif not opens:
            spans.append((open_at, pos + width))
            open_at = None
    if open_at is not None:
        spans.append((open_at, end))
    return spans


def _is_abbreviation(text: str, stop: int, floor: int) -> bool:
    """Whether the full stop at ``stop`` follows an abbreviation ('Sen.', 'U.S.')."""
    k = stop
    while k > floor and not text[k - 1].isspace():
        k -= 1
    word = text[k:stop + 1].lstrip("“\"‘(")
    bare = word.rstrip(".").lower()
    return bare in ABBREVIATIONS or bool(INITIALISM.fullmatch(word.rstrip("."))) or (
        len(bare) == 1 and bare.isalpha())


def split(text: str) -> list[Sentence]:
    """Sentences of ``text`` (leading and trailing blanks trimmed), in order."""
    out: list[Sentence] = []
    for p, para in enumerate(PARAGRAPH.finditer(text)):
        start, end = para.span()
        quotes = quotations(text, start, end)
        cuts = []
        for m in BOUNDARY.finditer(text, start, end):
            cut = m.end()
            if any(a < cut < b for a, b in quotes):
                continue
            stop = m.start()
            if text[stop] == "." and m.end() - stop == 1 and _is_abbreviation(text, stop, start):
                continue
            cuts.append(cut)
        bounds = [start, *cuts, end]
        for a, b in zip(bounds, bounds[1:], strict=False):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                out.append(Sentence(a, b, p, tuple(q for q in quotes if a <= q[0] < b)))
    return out
