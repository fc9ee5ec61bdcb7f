"""The lexical score (:mod:`.score`) of many claim pairs at once, for ``find_matches``.

:func:`lexical_scores` gives every pair the score :func:`~.score._score_prepared` gives it,
in bulk: the base ratio of each text pair by ``rapidfuzz.process.cpdist`` and the weighted
word overlap by :class:`_TextWords` in numpy; only pairs above ``LINK_CAP``, where the
scorer's rules matter, are scored one by one.  numpy is imported inside the functions
(``claimtrack`` and ``claimtrack check`` start without it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .score import _BASE_WEIGHT, _NAME_BOOST, LINK_CAP, _Prepared, _score_prepared

__all__ = ["lexical_array", "lexical_scores"]


class _TextWords:
    """Every claim's texts as arrays: each text's words (ids) with their weight, a name's
    boosted (the weighted Dice of :func:`~.score._combined`, in numpy)."""

    def __init__(self, prepared: Sequence[_Prepared], weight: Any) -> None:
        import numpy as np

        ids: dict[str, int] = {}
        setdefault = ids.setdefault
        self.first: list[int] = []  # each claim's first text
        lengths: list[int] = []
        word_of: list[int] = []
        boost: list[float] = []
        t = 0
        for p in prepared:
            self.first.append(t)
            for text in p.texts:
                names = text.names
                found = [setdefault(w, len(ids)) for w in text.words]
                word_of.extend(found)
                lengths.append(len(found))
                boost.extend([_NAME_BOOST if w in names else 1.0 for w in text.words] if names
                             else [1.0] * len(found))
                t += 1
        self.first.append(t)
        self.n_words = max(len(ids), 1)
        word_weight = np.fromiter((weight(w) for w in ids), dtype=float, count=len(ids))
        texts = np.repeat(np.arange(t, dtype=np.int64), lengths)
        words = np.asarray(word_of, dtype=np.int64)
        codes = texts * self.n_words + words
        order = np.argsort(codes, kind="stable")
        self.codes = codes[order]
        self.words = words[order]
        self.weight = word_weight[self.words] if len(ids) else np.zeros(0)
        self.boost = np.asarray(boost, dtype=float)[order]
        self.start = np.searchsorted(texts[order], np.arange(t + 1))

    def shared(self, left: Any, right: Any) -> Any:
        """For text pairs (arrays of text ids): the sum over the words both use of the word's
        weight, boosted on each side where it is a name (in word order; ``left`` sorted
        reads fastest: each of right's words is looked up among left's)."""
        import numpy as np

        counts = self.start[right + 1] - self.start[right]
        pair = np.repeat(np.arange(len(right), dtype=np.int64), counts)
        at = np.arange(len(pair), dtype=np.int64) + np.repeat(
            self.start[right] - (np.cumsum(counts) - counts), counts)
        wanted = left[pair] * self.n_words + self.words[at]
        found = np.minimum(np.searchsorted(self.codes, wanted), max(len(self.codes) - 1, 0))
        hit = self.codes[found] == wanted if len(self.codes) else np.zeros(0, dtype=bool)
        value = self.weight[at[hit]] * (self.boost[found[hit]] + self.boost[at[hit]])
        # float even when no pair shares a word (numpy counts an empty weighted bincount in
        # integers, and the division by the texts' weights then failed)
        return np.bincount(pair[hit], weights=value, minlength=len(left)).astype(float)


def _round2(values: Any) -> Any:
    """``round(v, 2)`` of every value, as Python rounds (to the nearest of the two-decimal
    numbers): numpy's ``rint(v * 100) / 100`` where ``v * 100`` is clearly off a half, Python's
    own ``round`` for the few that are within a rounding error of one."""
    import numpy as np

    scaled = values * 100.0
    out = np.rint(scaled) / 100.0
    near = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)
    out[near] = [round(v, 2) for v in values[near].tolist()]
    return out


def lexical_scores(prepared: Sequence[_Prepared], ordered: Sequence[tuple[int, int]], idf: Any,
             weight: Any, totals: Sequence[Sequence[float]],
             progress: Callable[[int, int], object] | None) -> dict[tuple[int, int], float]:
    """The lexical score of every pair, in bulk (capped as score_pair caps it: only matters
    above LINK_CAP, so the rules are checked only there)."""
    import numpy as np

    lo = np.fromiter((i for i, _ in ordered), dtype=np.int64, count=len(ordered))
    hi = np.fromiter((j for _, j in ordered), dtype=np.int64, count=len(ordered))
    values = lexical_array(prepared, lo, hi, idf, weight, totals, progress)
    return dict(zip(ordered, values.tolist(), strict=True))


def lexical_array(prepared: Sequence[_Prepared], lo: Any, hi: Any, idf: Any, weight: Any,
                  totals: Sequence[Sequence[float]],
                  progress: Callable[[int, int], object] | None) -> Any:
    """:func:`lexical_scores` of the pairs ``(lo[n], hi[n])`` (numpy arrays; sorted by
    ``lo`` reads fastest), as a float array in their order."""
    import numpy as np
    from rapidfuzz.fuzz import ratio
    from rapidfuzz.process import cpdist

    total = len(lo)
    out = np.zeros(total)
    if not total:
        return out
    words = _TextWords(prepared, weight)
    keys = [t.key for p in prepared for t in p.texts]
    text_total = np.asarray([x for row in totals for x in row], dtype=float)
    first = np.asarray(words.first, dtype=np.int64)
    n_texts = np.diff(first)
    chunk = 100_000
    for start in range(0, total, chunk):
        i, j = lo[start:start + chunk], hi[start:start + chunk]
        # every text of i against every text of j, i's texts in turn
        size = n_texts[i] * n_texts[j]
        offsets = np.cumsum(size) - size
        pair = np.repeat(np.arange(len(i), dtype=np.int64), size)
        within = np.arange(len(pair), dtype=np.int64) - offsets[pair]
        width = n_texts[j][pair]
        lt = first[i][pair] + within // np.maximum(width, 1)
        rt = first[j][pair] + within % np.maximum(width, 1)
        best = np.zeros(len(i))
        if len(pair):
            left, right = lt.tolist(), rt.tolist()
            base = cpdist([keys[x] for x in left], [keys[y] for y in right], scorer=ratio,
                          dtype=np.float64, workers=-1)
            dice = words.shared(lt, rt)
            denominator = text_total[lt] + text_total[rt]
            combined = _BASE_WEIGHT * base + (1.0 - _BASE_WEIGHT) * 100.0 * np.divide(
                dice, denominator, out=np.zeros_like(dice), where=denominator > 0)
            has = size > 0
            best[has] = np.maximum.reduceat(combined, offsets[has])
            values = best.tolist()
            # above LINK_CAP the scorer's rules decide: those pairs are scored one by one
            for n in np.flatnonzero(best > LINK_CAP).tolist():
                a, b, at = int(i[n]), int(j[n]), int(offsets[n])
                values[n] = _score_prepared(prepared[a], prepared[b], idf, weight=weight,
                                            totals=(totals[a], totals[b]),
                                            bases=base[at:at + int(size[n])].tolist()).score
            out[start:start + len(i)] = _round2(np.asarray(values))
        if progress is not None:
            progress(min(start + chunk, total), total)
    return out
