"""Every occurrence of a phrase in a large folded text, through an index of its words.

Locating a quote searches the folded source text with ``str.find``: each search
reads the text up to the quote and on to the end (to see that it occurs only
once).  A load of 10,000 claims on a 1 MB source spent about half its time so.
After a few searches in the same text (:data:`BUILD_AFTER`), an index of its
words is built: the start of every word (``text.split(" ")``), by word.

A phrase with a space-delimited word inside it (``a b c``: ``b``) can occur
only where that word starts, less its offset in the phrase; so the rarest such
word of the phrase gives every candidate start, each checked with
``startswith``.  The answer is the one ``str.find`` gives, in the same order
(overlapping occurrences included); a phrase with no inner word is searched
with ``str.find`` as before.  In a folded text every run of white space is one
space, so the words are those a person sees.

Only texts between :data:`MIN_CHARS` and :data:`MAX_CHARS` are indexed: a
short text is searched about as fast as it is indexed, and the index of a
very long one would hold tens of millions of integers (about 40 bytes a word).
"""

from __future__ import annotations

import functools

MIN_CHARS = 20_000
MAX_CHARS = 8_000_000
BUILD_AFTER = 8  # searches of one text before its index is built
CACHE_SIZE = 4  # texts counted or indexed at a time (the folded-source cache keeps 4)


class _Words:
    """The searches seen in one text and, once built, its index."""

    __slots__ = ("searches", "starts")

    def __init__(self) -> None:
        self.searches = 0
        self.starts: dict[str, list[int]] | None = None


@functools.lru_cache(maxsize=CACHE_SIZE)
def _words(text: str) -> _Words:
    # Keyed by the text itself: the folded-source cache hands out the same string each time,
    # whose hash Python keeps, so the look-up costs no pass over the text.
    return _Words()


def _build(text: str) -> dict[str, list[int]]:
    starts: dict[str, list[int]] = {}
    pos = 0
    for word in text.split(" "):
        at = starts.get(word)
        if at is None:
            starts[word] = [pos]
        else:
            at.append(pos)
        pos += len(word) + 1
    return starts


def find_all(text: str, phrase: str) -> list[int]:
    """Every start of ``phrase`` in ``text``, ascending, as repeated ``str.find`` gives them."""
    if MIN_CHARS <= len(text) <= MAX_CHARS and phrase.count(" ") >= 2:
        words = _words(text)
        if words.starts is None:
            words.searches += 1
            if words.searches >= BUILD_AFTER:
                words.starts = _build(text)
        if words.starts is not None:
            return _lookup(words.starts, text, phrase)
    found, pos = [], text.find(phrase)
    while pos != -1:
        found.append(pos)
        pos = text.find(phrase, pos + 1)
    return found


def _lookup(starts: dict[str, list[int]], text: str, phrase: str) -> list[int]:
    parts = phrase.split(" ")
    best: list[int] | None = None
    shift = 0
    offset = len(parts[0]) + 1
    for part in parts[1:-1]:  # the words with a space either side
        at = starts.get(part)
        if at is None:
            return []
        if best is None or len(at) < len(best):
            best, shift = at, offset
        offset += len(part) + 1
    assert best is not None  # the phrase has two spaces
    return [p - shift for p in best if p >= shift and text.startswith(phrase, p - shift)]
