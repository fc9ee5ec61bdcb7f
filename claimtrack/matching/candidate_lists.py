"""``match``'s candidate lists as arrays: each copy group's list, the pairs to score, and the
weight of the stems each pair shares.

:func:`build` is step 2 and 3 of :func:`~.fused.find_matches`: every group's list from the
retrieval (:meth:`~.retrieval.StemIndex.top`, the first :data:`~.fusion.CANDIDATES`
groups whatever their source, then groups from other sources down to ``depth`` until
``cross`` of them), then the pairs the rare-word blocking finds that retrieval did not,
at the end of their first claim's list.  The lists are rows of numpy arrays (one row per
candidate, a group's rows together, groups in order) and the pairs sorted codes, so that
100,000 claims (two million rows) are never a dict of Python tuples.
:func:`shared_weights` gives each pair the IDF weight of the stems both claims have.

numpy is imported inside the functions (``claimtrack check`` starts without it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import forked, fusion
from .retrieval import StemIndex, fuse_ranked

__all__ = ["Lists", "build", "shared_weights"]


@dataclass(frozen=True)
class Lists:
    """Every group's candidate list, row by row, and the pairs of groups they stand for.

    Rows are grouped by ``owner`` (ascending); a group's rows are its retrieved candidates
    in rank order, then those only blocking found (rank ``depth + 1``).  ``lo``/``hi``
    are the pairs to score (``lo < hi``, sorted); ``pair`` is each row's pair.
    """

    n: int  # claims (positions) the groups index
    owner: Any
    cand: Any
    rank: Any  # float
    pair: Any
    lo: Any
    hi: Any

    def pairs(self) -> set[tuple[int, int]]:
        return set(zip(self.lo.tolist(), self.hi.tolist(), strict=True))

    def rows_of(self) -> dict[int, tuple[int, int]]:
        """Each owner's rows: ``start, end`` (owners without rows left out)."""
        import numpy as np

        if not len(self.owner):
            return {}
        starts = np.flatnonzero(np.r_[True, self.owner[1:] != self.owner[:-1]])
        ends = np.r_[starts[1:], len(self.owner)]
        return dict(zip(self.owner[starts].tolist(),
                        zip(starts.tolist(), ends.tolist(), strict=True), strict=True))


#: How many of a claim's nearest documents ``match`` ranks first (more only when its list
#: reaches further: a claim of a large source, or ties); :meth:`~.retrieval.StemIndex.head`.
HEAD = 48
#: From this many groups on, forked processes rank the lists (:mod:`.forked`): the same
#: lists, in half the time on two cores.
PARALLEL_AT = 20_000
#: Pairs looked up at once by :func:`shared_weights`.
_CHUNK = 50_000


def _walk(i: int, ranked: Iterable[int], rep: Sequence[int], only: Sequence[object],
          cross: int, depth: int) -> tuple[list[int], list[int], bool]:
    """Group ``i``'s list from its ranking (documents, best first): its candidates, their
    ranks, and whether the list ended before the ranking did."""
    mine = only[i]
    top = fusion.CANDIDATES
    cands: list[int] = []
    ranks: list[int] = []
    seen = {i}
    r = crossing = 0
    for j in ranked:
        g = rep[j]
        if g in seen:
            continue
        seen.add(g)
        r += 1
        theirs = only[g]
        crosses = mine is None or theirs is None or theirs != mine
        if r <= top:
            cands.append(g)
            ranks.append(r)
            crossing += crosses
        elif r > depth or crossing >= cross:
            return cands, ranks, True
        elif crosses:
            cands.append(g)
            ranks.append(r)
            crossing += 1
    return cands, ranks, False


def _rank(index: StemIndex, queries: Sequence[Sequence[int]], groups: Sequence[int],
          members: Mapping[int, Sequence[int]], rep: Sequence[int], only: Sequence[object],
          extra: Sequence[Sequence[int]] | None, cross: int,
          depth: int) -> tuple[list[int], list[int], list[int]]:
    """The lists of ``groups``, flat: owners, candidates and ranks."""
    owners: list[int] = []
    cands: list[int] = []
    ranks: list[int] = []
    for i in groups:
        k = depth + 1 + len(members[i])
        if extra is not None:
            found = fuse_ranked(index.top(queries[i], k), extra[i])
            row, rank, _ = _walk(i, found, rep, only, cross, depth)
        else:
            # the head of the ranking is enough unless the list reaches past it
            head, whole = index.head(queries[i], k, min(k, HEAD + len(members[i])))
            row, rank, ended = _walk(i, head, rep, only, cross, depth)
            if not (ended or whole):
                row, rank, _ = _walk(i, (j for j, _ in index.top(queries[i], k)), rep, only,
                                     cross, depth)
        owners.extend([i] * len(row))
        cands.extend(row)
        ranks.extend(rank)
    return owners, cands, ranks


def _rank_span(state: tuple[Any, ...], span: tuple[int, int],
               ) -> tuple[list[int], list[int], list[int]]:
    index, queries, groups, members, rep, only, cross, depth = state
    return _rank(index, queries, groups[span[0]:span[1]], members, rep, only, None, cross,
                 depth)


def _retrieved(index: StemIndex, sources: Sequence[object], rep: Sequence[int],
               members: Mapping[int, Sequence[int]], extra: Sequence[Sequence[int]] | None,
               cross: int, depth: int) -> tuple[list[int], list[int], list[int]]:
    """Each group's retrieved list, flat: owners, candidates and ranks (see :func:`build`)."""
    queries = index.queries()
    # each group's one source (None: its copies come from several)
    only: list[object] = [None] * len(rep)
    for g, group in members.items():
        first = sources[group[0]]
        only[g] = first if all(sources[m] == first for m in group) else None
    groups = list(members)
    if extra is None and len(groups) >= PARALLEL_AT and forked.forkable():
        parts = forked.in_processes(
            _rank_span, (index, queries, groups, members, rep, only, cross, depth), len(groups))
        if parts is not None:
            return ([x for part in parts for x in part[0]], [x for part in parts for x in part[1]],
                    [x for part in parts for x in part[2]])
    return _rank(index, queries, groups, members, rep, only, extra, cross, depth)


def build(index: StemIndex, sources: Sequence[object], rep: Sequence[int],
          members: Mapping[int, Sequence[int]], extra: Sequence[Sequence[int]] | None,
          blocked: Iterable[tuple[int, int]], *, cross: int, depth: int) -> Lists:
    """Every group's list (retrieval's, then blocking's pairs retrieval missed) and the pairs.

    ``rep`` is each claim's group (its first claim), ``members`` each group's claims,
    ``extra`` another ranking to fuse with retrieval's (positions, best first), ``blocked``
    the blocking's claim pairs (in the order given: that order is the order of their rows).
    """
    import numpy as np

    n = max(index.n, 1)
    owners, cands, ranks = _retrieved(index, sources, rep, members, extra, cross, depth)
    owner = np.asarray(owners, dtype=np.int64)
    cand = np.asarray(cands, dtype=np.int64)
    codes = _distinct(np.minimum(owner, cand) * n + np.maximum(owner, cand))
    # blocking's pairs of groups that retrieval did not find: each once, in the order given
    flat = np.fromiter((x for pair in blocked for x in pair), dtype=np.int64)
    if len(flat):
        reps = np.asarray(rep, dtype=np.int64)
        a, b = reps[flat[0::2]], reps[flat[1::2]]
        key = np.minimum(a, b) * n + np.maximum(a, b)
        at = np.minimum(np.searchsorted(codes, key), max(len(codes) - 1, 0))
        new = (a != b) & ((codes[at] != key) if len(codes) else True)
        a, b, key = a[new], b[new], key[new]
        by = np.argsort(key, kind="stable")
        first = np.sort(by[np.r_[True, key[by][1:] != key[by][:-1]][:len(by)]])  # each key's first
        a, b = a[first], b[first]
        # after the group's retrieved rows (a stable sort keeps each group's rows in order)
        by = np.argsort(np.r_[owner, a], kind="stable")
        owner, cand = np.r_[owner, a][by], np.r_[cand, b][by]
        rank = np.r_[np.asarray(ranks, dtype=float), np.full(len(a), depth + 1.0)][by]
        codes = _distinct(np.r_[codes, key[first]])
    else:
        rank = np.asarray(ranks, dtype=float)
    row_codes = np.minimum(owner, cand) * n + np.maximum(owner, cand)
    return Lists(n=n, owner=owner, cand=cand, rank=rank,
                 pair=np.searchsorted(codes, row_codes), lo=codes // n, hi=codes % n)


def _distinct(values: Any) -> Any:
    """The distinct values, sorted (``np.unique`` hashes in numpy 2.3+: 20 times slower)."""
    import numpy as np

    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def shared_weights(index: StemIndex, lo: Any, hi: Any) -> tuple[Any, Any]:
    """For pairs of documents (arrays, sorted by ``lo`` for speed): the IDF weight of the stems
    both have (:meth:`~.retrieval.StemIndex.shared_weight`, summed in stem order) and how
    many they are."""
    import numpy as np

    shared, count = np.zeros(len(lo)), np.zeros(len(lo), dtype=np.int64)
    if not len(lo):
        return shared, count
    n_terms = max(len(index.terms), 1)
    length = np.diff(index.doc_start)
    codes = np.repeat(np.arange(index.n, dtype=np.int64), length) * n_terms + index.doc_terms
    last = max(len(codes) - 1, 0)
    for start in range(0, len(lo), _CHUNK):  # a chunk's arrays stay in the cache
        i, j = lo[start:start + _CHUNK], hi[start:start + _CHUNK]
        # each of j's stems looked up among i's (doc_terms is sorted by document, then stem):
        # the lookups of one i are together, so they read one place of ``codes``
        counts = length[j]
        pair_of = np.repeat(np.arange(len(j), dtype=np.int64), counts)
        at = np.arange(len(pair_of), dtype=np.int64) + np.repeat(
            index.doc_start[j] - (np.cumsum(counts) - counts), counts)
        terms = index.doc_terms[at]
        wanted = i[pair_of] * n_terms + terms
        found = np.minimum(np.searchsorted(codes, wanted), last)
        hit = codes[found] == wanted if len(codes) else np.zeros(0, dtype=bool)
        shared[start:start + len(i)] = np.bincount(pair_of[hit], weights=index.idf[terms[hit]],
                                                   minlength=len(i))
        count[start:start + len(i)] = np.bincount(pair_of[hit], minlength=len(i))
    return shared, count
