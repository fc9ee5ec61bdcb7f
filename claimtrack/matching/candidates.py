"""Candidate pairs: which claims are worth scoring at all.  Each claim is indexed by its
rarest words (blocking); claims sharing enough of them, from different sources, are
paired.  All pairs of 100,000 claims would take hours to score; blocking finds nearly
all near-duplicates in seconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from .score import _prepare, _Prepared

#: How many rare words each claim is indexed by in :func:`candidate_pairs`.
BLOCK_K = 6
#: Claims with fewer rare words than this are paired on a single shared word.
_MIN_PAIR_KEYS = 3

Claim = Mapping[str, Any]


# --------------------------------------------------------------------------
# blocking
# --------------------------------------------------------------------------


def _add_cross_source(pairs: set[tuple[int, int]], members: Sequence[int], sources: Sequence[Any]) -> None:
    """Add every cross-source pair of ``members`` (ascending positions)."""
    add = pairs.add
    for x, i in enumerate(members):
        si = sources[i]
        for j in members[x + 1 :]:
            if sources[j] != si:
                add((i, j))


@dataclass(frozen=True)
class _Vocab:
    """Every claim's content words as integer ids, and each word's document frequency."""

    words: list[str]
    flat: Any  # numpy int64 array: word ids, claim after claim
    lengths: Any  # numpy int64 array: words per claim
    df: Any  # numpy int64 array: claims per word id

    @classmethod
    def of(cls, prepared: Sequence[_Prepared]) -> _Vocab:
        import numpy as np

        ids: dict[str, int] = {}
        setdefault = ids.setdefault
        flat: list[int] = []
        extend = flat.extend
        for p in prepared:
            extend([setdefault(w, len(ids)) for w in p.words])
        flat_arr = np.asarray(flat, dtype=np.int64)
        lengths = np.fromiter((len(p.words) for p in prepared), dtype=np.int64, count=len(prepared))
        return cls(list(ids), flat_arr, lengths, np.bincount(flat_arr, minlength=len(ids)))

    def df_dict(self) -> dict[str, int]:
        return dict(zip(self.words, self.df.tolist(), strict=True))


def _block(
    prepared: Sequence[_Prepared], sources: Sequence[Any], k: int, vocab: _Vocab | None = None
) -> set[tuple[int, int]]:
    """Candidate pairs: claims sharing two of their ``k`` rarest words (see candidate_pairs)."""
    import numpy as np

    n = len(prepared)
    pairs: set[tuple[int, int]] = set()
    if n < 2 or k < 1:
        return pairs
    vocab = vocab or _Vocab.of(prepared)
    n_words = len(vocab.words)
    # rank words rarest first (ties by spelling, so runs are reproducible)
    order = sorted(range(n_words), key=lambda v: (vocab.df[v], vocab.words[v]))
    rank = np.empty(n_words, dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(n_words, dtype=np.int64)
    owner = np.repeat(np.arange(n, dtype=np.int64), vocab.lengths)
    shared = vocab.df[vocab.flat] > 1  # a word in one claim only pairs nothing
    code = np.sort(owner[shared] * n_words + rank[vocab.flat[shared]])
    own, rk = code // n_words, code % n_words
    starts = np.searchsorted(own, np.arange(n, dtype=np.int64))
    pos = np.arange(len(own), dtype=np.int64) - starts[own]
    keep = pos < k
    keys = np.full((n, k), -1, dtype=np.int64)  # each claim's k rarest words, ascending
    keys[own[keep], pos[keep]] = rk[keep]
    n_keys = (keys >= 0).sum(axis=1)

    # index every claim by each pair of its rare words; a shared pair makes a candidate
    codes, members = [], []
    claim_ids = np.arange(n, dtype=np.int64)
    for c1, c2 in combinations(range(k), 2):
        valid = keys[:, c2] >= 0
        codes.append(keys[valid, c1] * n_words + keys[valid, c2])
        members.append(claim_ids[valid])
    if codes:
        all_codes, all_members = np.concatenate(codes), np.concatenate(members)
        by = np.lexsort((all_members, all_codes))
        all_codes, all_members = all_codes[by], all_members[by]
        bounds = np.flatnonzero(np.diff(all_codes)) + 1
        starts_g = np.concatenate(([0], bounds))
        ends_g = np.concatenate((bounds, [len(all_codes)]))
        big = np.flatnonzero(ends_g - starts_g > 1)
        member_list = all_members.tolist()
        for g in big.tolist():
            _add_cross_source(pairs, member_list[starts_g[g] : ends_g[g]], sources)

    # short claims have too few rare words to share two: pair them on one
    loners = [i for i in range(n) if n_keys[i] < _MIN_PAIR_KEYS or prepared[i].short]
    if loners:
        key_rows = keys.tolist()
        wanted = {r for i in loners for r in key_rows[i] if r >= 0}
        by_word: defaultdict[int, list[int]] = defaultdict(list)
        for i, row in enumerate(key_rows):
            for r in row:
                if r in wanted:
                    by_word[r].append(i)
        for i in loners:
            for r in key_rows[i]:
                for j in by_word.get(r, ()):
                    if j != i and sources[j] != sources[i]:
                        pairs.add((i, j) if i < j else (j, i))
    return pairs


def candidate_pairs(claims: Sequence[Claim], *, k: int = BLOCK_K) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of positions in ``claims`` worth scoring.

    Each claim's ``k`` rarest content words are found (among words that occur
    in at least two claims: a word in one claim cannot pair it), and the claim
    is indexed by every *pair* of them.  Two claims from different sources are
    a candidate when they share a pair, that is two of their rare words.
    Short claims, or claims with fewer than three such words, are also paired
    with every claim that shares any one of their rare words.  Near-duplicates
    share most rare words, so they meet; all other pairs are never scored.
    """
    prepared = [_prepare(c) for c in claims]
    return _block(prepared, [c.get("source") for c in claims], k)
