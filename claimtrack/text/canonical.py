"""One form for texts that differ only in how they are encoded: Unicode NFC and ``\\n``.

``café`` can be typed as four code points (``é`` composed, NFC, what most keyboards
give) or five (``e`` and a combining acute accent, NFD, what macOS file names and
some PDF extractors give); a file saved on Windows ends its lines with ``\\r\\n``.
To a reader these are the same text, so claimtrack compares them the same:

* :func:`nfc` composes a text, with an :class:`~claimtrack.text.offsetmap.OffsetMap`
  back to the text as stored (quotes are located in the composed form, and their
  spans are offsets of the stored text: a source is never rewritten);
* :func:`canonical` does that and turns ``\\r\\n`` and a lone ``\\r`` into ``\\n``
  (re-anchoring after a source was converted, :mod:`claimtrack.text.reanchor`);
* :func:`equivalent` says whether two texts have the same canonical form (a source
  file saved again with other line endings has not drifted, :mod:`.drift`);
* :func:`evidence` puts a stored quote and its context in canonical form for
  :func:`claimtrack.text.reanchor.reanchor`.

A text already in canonical form (nearly every one) costs a scan and no copy.
Standard library only.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .offsetmap import OffsetMap

CACHE_SIZE = 4  # canonical forms kept: a source's stored text and its file, or two versions


@functools.cache
def _cluster_pattern() -> re.Pattern[str]:
    """A run of characters NFC may join to the one before; or a character NFC replaces.

    Built the first time a text is not in NFC (about 50 ms): the characters that
    join a previous one are the combining marks, those that end a canonical
    decomposition or start with a mark, and the Hangul vowel and final jamo.
    """
    joiners, alone = set(), set()
    for cp in range(0x30000):  # nothing above composes or decomposes canonically
        ch = chr(cp)
        if unicodedata.combining(ch):
            joiners.add(cp)
        decomposition = unicodedata.decomposition(ch)
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            joiners.update(int(p, 16) for p in parts[1:])
            if unicodedata.normalize("NFC", ch) != ch:
                alone.add(cp)
            if unicodedata.combining(unicodedata.normalize("NFD", ch)[0]):
                joiners.add(cp)  # decomposes to marks that reorder with the ones before
    joiners.update(range(0x1160, 0x1200))  # Hangul medial vowels and final consonants
    return re.compile(f"(?P<joiners>{_char_class(joiners)}+)|(?P<alone>{_char_class(alone)})")


def _char_class(code_points: set[int]) -> str:
    """A regex class of ``code_points`` as ranges, quick to test for ordinary text: the
    characters above U+FFFF (a long list of ranges) are only tried for such a character."""
    def ranges(cps: list[int]) -> str:
        out, i = [], 0
        while i < len(cps):
            j = i
            while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
                j += 1
            a, b = re.escape(chr(cps[i])), re.escape(chr(cps[j]))
            out.append(a if i == j else f"{a}-{b}")
            i = j + 1
        return "".join(out)

    bmp = sorted(cp for cp in code_points if cp < 0x10000)
    astral = sorted(cp for cp in code_points if cp >= 0x10000)
    if not astral:
        return f"[{ranges(bmp)}]"
    return f"(?:[{ranges(bmp)}]|(?=[\U00010000-\U0010ffff])[{ranges(astral)}])"


def _clusters(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each place of ``text`` NFC may change, in order: a run of joining
    characters with the character before it, or a character NFC replaces (with the run
    after it, if any)."""
    pending: tuple[int, int] | None = None
    for m in _cluster_pattern().finditer(text):
        start, end = m.span()
        lead = start - 1 if m.lastgroup == "joiners" and start > 0 else start
        if pending is not None and lead < pending[1]:
            pending = (pending[0], end)
            continue
        if pending is not None:
            yield pending
        pending = (lead, end)
    if pending is not None:
        yield pending


def nfc(text: str) -> tuple[str, OffsetMap | None]:
    """``text`` in NFC, and the map back to ``text`` (None when it already was NFC)."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    offsets = OffsetMap()
    parts: list[str] = []
    last = 0
    for start, end in _clusters(text):
        cluster = text[start:end]
        composed = unicodedata.normalize("NFC", cluster)
        if composed == cluster:
            continue
        parts.append(text[last:start])
        offsets.copy(last, start - last)
        parts.append(composed)
        offsets.replace(start, end, len(composed))
        last = end
    parts.append(text[last:])
    offsets.copy(last, len(text) - last)
    return "".join(parts), offsets


_LINE_END = re.compile(r"\r\n?")


def _lf(text: str) -> tuple[str, OffsetMap | None]:
    """``text`` with ``\\r\\n`` and ``\\r`` as ``\\n``, and the map back (None if unchanged)."""
    if "\r" not in text:
        return text, None
    offsets = OffsetMap()
    parts: list[str] = []
    last = 0
    for m in _LINE_END.finditer(text):
        start, end = m.span()
        parts.append(text[last:start])
        offsets.copy(last, start - last)
        parts.append("\n")
        offsets.replace(start, end, 1)
        last = end
    parts.append(text[last:])
    offsets.copy(last, len(text) - last)
    return "".join(parts), offsets


@functools.lru_cache(maxsize=CACHE_SIZE)
def canonical(text: str) -> tuple[str, OffsetMap | None]:
    """``text`` in NFC with ``\\n`` line ends, and the map back (None when it already was).

    Kept for the next call with the same text: re-anchoring every claim of a
    source asks for the same two texts once per claim.
    """
    composed, composed_map = nfc(text)
    lf, lf_map = _lf(composed)
    if lf_map is None:
        return lf, composed_map
    lf_map.base = composed_map
    return lf, lf_map


def canonical_text(text: str) -> str:
    """Only the text of :func:`canonical` (short texts: quotes, prefixes), not cached."""
    if "\r" not in text and unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def equivalent(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ only in Unicode normalisation and line endings."""
    return a == b or canonical(a)[0] == canonical(b)[0]


@dataclass(frozen=True)
class Quoted:
    """What re-anchoring weighs: the new text, the stored quote and its context, the quote's
    offset in the old text and the old text (None when it was not kept)."""

    new_text: str
    quote: str
    prefix: str
    suffix: str
    old_start: int
    old_text: str | None


def span_back(new_map: OffsetMap | None, start: int, end: int) -> tuple[int, int]:
    """Offsets ``[start, end)`` of a canonical text as offsets of the text as given
    (``new_map`` from :func:`canonical`; None when the text was canonical already)."""
    if new_map is None:
        return start, end
    if end <= start:
        at = new_map.start(start) if start < new_map.length else new_map.end(start - 1)
        return at, at
    return new_map.start(start), new_map.end(end - 1)


def evidence(new_text: str, quote: str, prefix: str, suffix: str, old_start: int,
             old_text: str | None) -> tuple[Quoted, OffsetMap | None] | None:
    """The re-anchoring evidence in canonical form and the map from the canonical new text
    back to the new text as given (:func:`span_back`), or None when all of it is canonical.

    The context is taken again from the canonical old text when the quote is still at
    its offsets there: ``\\r\\n`` turned into ``\\n`` leaves a stored 32-character prefix
    shorter, and a short prefix means "the start of the text" to re-anchoring.
    """
    new, new_map = canonical(new_text)
    old, old_map = canonical(old_text) if old_text is not None else (None, None)
    c_quote, c_prefix, c_suffix = map(canonical_text, (quote, prefix, suffix))
    if new_map is None and old_map is None and \
            (c_quote, c_prefix, c_suffix) == (quote, prefix, suffix):
        return None
    start = old_map.to_rewritten(old_start) if old_map is not None else old_start
    if old is not None and old_text is not None and \
            old_text[old_start:old_start + len(quote)] == quote and \
            old[start:start + len(c_quote)] == c_quote:
        end = start + len(c_quote)
        c_prefix = old[max(0, start - len(prefix)):start]
        c_suffix = old[end:end + len(suffix)]
    return Quoted(new, c_quote, c_prefix, c_suffix, start, old), new_map
