"""Where each character of a rewritten text came from, kept in a few machine integers.

Folding a source for matching (:mod:`claimtrack.text.anchoring`) or putting it in
canonical form (:mod:`claimtrack.text.canonical`) rewrites a few places of a long
text and copies the rest.  An :class:`OffsetMap` answers, for any character of the
rewritten text, the ``[start, end)`` of the original text it stands for, and stores
one entry per rewritten place, not one per character: a 34 MB source once needed
several GB as Python lists of offsets (issue 16).

A map is a list of pieces, each starting at a character of the rewritten text:

* a *copy* piece: its characters stand one for one for original characters from
  ``start`` on (``end`` is stored as -1);
* a *replacement* piece: every one of its characters stands for the whole original
  range ``[start, end)`` (a run of spaces folded to one, the three dots of ``…``,
  an accented letter composed from two code points).

Maps compose: a map built over a text that was itself rewritten takes that text's
map as ``base`` and answers in the first text's offsets.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right


class OffsetMap:
    """Original ``[start, end)`` of each character of a rewritten text (see the module)."""

    __slots__ = ("_at", "_start", "_end", "length", "base")

    def __init__(self, base: OffsetMap | None = None) -> None:
        self._at = array("q")     # first rewritten index of each piece
        self._start = array("q")  # original offset of that character
        self._end = array("q")    # -1 for a copy piece, else the end of the replaced range
        self.length = 0           # characters of the rewritten text so far
        self.base = base

    # -- building ---------------------------------------------------------------------------

    def copy(self, start: int, n: int) -> None:
        """The next ``n`` characters are copies of the original's from ``start`` on."""
        if n <= 0:
            return
        if self._end and self._end[-1] < 0 and \
                self._start[-1] + (self.length - self._at[-1]) == start:
            self.length += n  # continues the last copy piece
            return
        self._at.append(self.length)
        self._start.append(start)
        self._end.append(-1)
        self.length += n

    def replace(self, start: int, end: int, n: int) -> None:
        """The next ``n`` characters all stand for the original range ``[start, end)``."""
        if n <= 0:
            return
        if n == 1 and end == start + 1:
            self.copy(start, 1)
            return
        self._at.append(self.length)
        self._start.append(start)
        self._end.append(end)
        self.length += n

    @property
    def pieces(self) -> int:
        """How many entries the map holds (what its memory grows with)."""
        return len(self._at)

    # -- reading ----------------------------------------------------------------------------

    def _own(self, i: int) -> tuple[int, int]:
        if not 0 <= i < self.length:
            raise IndexError(f"offset {i} is outside the text (0 to {self.length - 1})")
        k = bisect_right(self._at, i) - 1
        start, end = self._start[k], self._end[k]
        if end < 0:
            start += i - self._at[k]
            return start, start + 1
        return start, end

    def span(self, i: int) -> tuple[int, int]:
        """The original ``[start, end)`` that character ``i`` stands for."""
        start, end = self._own(i)
        if self.base is None:
            return start, end
        return self.base.span(start)[0], self.base.span(end - 1)[1]

    def start(self, i: int) -> int:
        """Where the original text of character ``i`` starts."""
        return self.span(i)[0]

    def end(self, i: int) -> int:
        """Where the original text of character ``i`` ends."""
        return self.span(i)[1]

    def to_rewritten(self, pos: int) -> int:
        """The first character of the rewritten text whose original starts at ``pos`` or later
        (the rewritten text's length when there is none): an original offset, moved over."""
        if self.base is not None:
            pos = self.base.to_rewritten(pos)
        k = bisect_right(self._start, pos) - 1
        if k < 0:
            return 0
        at, start, end = self._at[k], self._start[k], self._end[k]
        stop = self._at[k + 1] if k + 1 < len(self._at) else self.length
        if pos == start:
            return at
        if end < 0 and pos - start < stop - at:
            return at + (pos - start)
        return stop

    @property
    def starts(self) -> _View:
        """``starts[i]``: :meth:`start` as a sequence."""
        return _View(self, 0)

    @property
    def ends(self) -> _View:
        """``ends[i]``: :meth:`end` as a sequence."""
        return _View(self, 1)


class _View:
    """One side of an :class:`OffsetMap` read like a list (``offsets[i]``, ``len(offsets)``)."""

    __slots__ = ("_map", "_side")

    def __init__(self, offsets: OffsetMap, side: int) -> None:
        self._map, self._side = offsets, side

    def __len__(self) -> int:
        return self._map.length

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += self._map.length
        return self._map.span(i)[self._side]


def identity(n: int) -> OffsetMap:
    """The map of a text copied unchanged (``n`` characters)."""
    m = OffsetMap()
    m.copy(0, n)
    return m
