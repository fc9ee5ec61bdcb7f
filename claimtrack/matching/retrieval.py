"""Retrieval: each claim's nearest claims by the weight of the Porter stems they share.

The claims index in the database (``claims_fts``, migration m007) uses
SQLite's ``porter unicode61`` tokenizer; :func:`claimtrack.matching.similar`
asks it for a text's rarer stems and ranks the claims they find by the BM25
IDF of the stems each shares with the text (BM25 with every term counted once
and no length term: the index keeps no claim lengths).  ``match`` needs the
same ranking for every claim of a set against every other, and one query per
claim would cost 100,000 queries at 100,000 claims (FTS5 with ``bm25()``:
1.6-3 ms each on the six rarest words, 160 s or more).  :class:`StemIndex`
computes the same ranking for a claim set in memory with numpy, with the
same stems (:func:`porter_stems`: SQLite's own tokenizer over the distinct
words) and the same query policy (:func:`query_terms`).

:func:`reciprocal_rank_fusion` is the hook for another ranking (the optional
semantic model's nearest claims): each ranking adds ``1 / (k + rank)``.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

__all__ = ["POSTINGS", "QUERY_TERMS", "RRF_K", "StemIndex", "bm25_idf", "fuse_ranked",
           "porter_stems", "query_terms", "reciprocal_rank_fusion"]

#: The most stems of a text a query uses (the rarest; common words find nothing new).  24, not
#: 12 as before: on CLEF train `similar`'s MAP@5 by the most stems asked was 0.8436 (12), 0.8504
#: (16), 0.8512 (20), 0.8522 (24), 0.8524 (32), 0.8533 (48 or all); 24 is the fewest within a
#: train tweet of the best.  At a million claims :data:`POSTINGS` is what bounds a query.
QUERY_TERMS = 24
#: Stems are added rarest first while the claims they are in add up to at most this many.
POSTINGS = 5_000
#: Reciprocal-rank fusion: each ranking gives ``1 / (RRF_K + rank)``; a small k trusts the top.
RRF_K = 5

K = TypeVar("K", bound=Hashable)


def bm25_idf(df: float, n: float) -> float:
    """BM25's IDF (FTS5's): ``ln((N - df + 0.5) / (df + 0.5))``, at least 1e-6."""
    return max(math.log((n - df + 0.5) / (df + 0.5)), 1e-6)


def query_terms(df: Mapping[str, float], *, terms: int = QUERY_TERMS,
                postings: int = POSTINGS) -> list[str]:
    """The stems a query asks for: rarest first, at most ``terms``, while their claims add
    up to at most ``postings`` (the rarest stem always)."""
    chosen: list[str] = []
    read = 0.0
    for t in sorted((t for t in df if df[t] > 0), key=lambda t: (df[t], t))[:terms]:
        if chosen and read + df[t] > postings:
            break
        chosen.append(t)
        read += df[t]
    return chosen


def porter_stems(words: Iterable[str]) -> dict[str, str]:
    """Each word's stem by SQLite's ``porter unicode61`` tokenizer (the index's own).

    A word the tokenizer splits keeps the stem of its first piece; a word it
    drops entirely keeps itself.
    """
    distinct = list(dict.fromkeys(words))
    if not distinct:
        return {}
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE w USING fts5(x, tokenize='porter unicode61')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(w, instance)")
        conn.executemany("INSERT INTO w(rowid, x) VALUES (?, ?)", enumerate(distinct))
        out = {distinct[doc]: term for doc, term in
               conn.execute("SELECT doc, term FROM v WHERE offset = 0")}
    finally:
        conn.close()
    for w in distinct:
        out.setdefault(w, w)
    return out


class StemIndex:
    """Documents (claims) as sets of stems, ranked for a query by shared IDF weight."""

    def __init__(self, docs: Sequence[Iterable[str]]) -> None:
        import numpy as np

        self.n = len(docs)
        ids: dict[str, int] = {}
        setdefault = ids.setdefault
        doc_of: list[int] = []
        term_of: list[int] = []
        for d, terms in enumerate(docs):
            for t in set(terms):
                doc_of.append(d)
                term_of.append(setdefault(t, len(ids)))
        self.ids = ids
        self.terms = list(ids)
        docs_a = np.asarray(doc_of, dtype=np.int64)
        terms_a = np.asarray(term_of, dtype=np.int64)
        order = np.lexsort((docs_a, terms_a))
        self.post_doc = docs_a[order]
        p_term = self.post_term = terms_a[order]
        self._start: list[int] | None = None
        self._post_w: Any = None
        self._buf: Any = None
        self._stamp: Any = None
        self._arange: Any = None
        self._last: tuple[tuple[int, ...], Any, Any] | None = None  # the last query scored
        self.df = np.bincount(terms_a, minlength=len(ids))
        self.idf = np.array([bm25_idf(float(x), self.n) for x in self.df.tolist()])
        self.start = np.searchsorted(p_term, np.arange(len(ids) + 1))
        by_doc = np.lexsort((terms_a, docs_a))
        self.doc_terms = terms_a[by_doc]
        self.doc_start = np.searchsorted(docs_a[by_doc], np.arange(self.n + 1))
        self.doc_weight = np.bincount(docs_a, weights=self.idf[terms_a], minlength=self.n)

    def stems_of(self, doc: int) -> list[int]:
        return self.doc_terms[self.doc_start[doc]:self.doc_start[doc + 1]].tolist()  # type: ignore[no-any-return]

    def query(self, doc: int, *, terms: int = QUERY_TERMS, postings: int = POSTINGS) -> list[int]:
        """The term ids a document asks for as a query (see :func:`query_terms`)."""
        df = self.df
        chosen = query_terms({self.terms[t]: float(df[t]) for t in self.stems_of(doc)},
                             terms=terms, postings=postings)
        return [self.ids[t] for t in chosen]

    def queries(self, *, terms: int = QUERY_TERMS, postings: int = POSTINGS) -> list[list[int]]:
        """:meth:`query` of every document at once (the same terms, in numpy)."""
        import numpy as np

        n_terms = len(self.terms)
        if self.n == 0 or n_terms == 0:
            return [[] for _ in range(self.n)]
        # each term's place in query order: rarest first, ties by spelling (as query_terms)
        by_df = sorted(range(n_terms), key=lambda t: (int(self.df[t]), self.terms[t]))
        place = np.empty(n_terms, dtype=np.int64)
        place[np.asarray(by_df, dtype=np.int64)] = np.arange(n_terms, dtype=np.int64)
        docs = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.doc_start))
        order = np.lexsort((place[self.doc_terms], docs))
        term = self.doc_terms[order]
        df = self.df[term].astype(np.int64)
        starts = np.minimum(self.doc_start[:-1], max(len(term) - 1, 0))  # empty docs: unused
        pos = np.arange(len(term)) - np.repeat(self.doc_start[:-1], np.diff(self.doc_start))
        read = np.cumsum(df)
        read = read - np.repeat(read[starts] - df[starts], np.diff(self.doc_start))
        keep = (pos < terms) & ((read <= postings) | (pos == 0))
        # a term past the postings budget ends the query (query_terms stops there)
        stop = np.minimum.reduceat(np.where(keep, len(term), pos), starts) \
            if len(term) else np.zeros(0, dtype=np.int64)
        keep &= pos < np.repeat(stop, np.diff(self.doc_start))
        chosen = term[keep].tolist()
        bounds = np.r_[0, np.cumsum(np.bincount(docs[keep], minlength=self.n))].tolist()
        return [chosen[bounds[d]:bounds[d + 1]] for d in range(self.n)]

    def top(self, term_ids: Sequence[int], k: int) -> list[tuple[int, float]]:
        """The ``k`` documents sharing the most IDF weight with the query, best first."""
        import numpy as np

        uniq, scores = self._scored(term_ids)
        if len(uniq) > k:
            part = np.argpartition(-scores, k - 1)[:k]
            uniq, scores = uniq[part], scores[part]
        order = np.lexsort((uniq, -scores))
        return list(zip(uniq[order].tolist(), scores[order].tolist(), strict=True))

    def head(self, term_ids: Sequence[int], k: int, want: int) -> tuple[list[int], bool]:
        """The first documents of :meth:`top`'s ranking (``top(term_ids, k)``), cheaply, and
        whether they are all of it.

        Where :meth:`top` has more than ``k`` documents to choose from, this gives the
        documents scoring at or above a cut, best first: about ``want`` of them, never more
        than ``k`` (so :meth:`top` keeps all of them, ties included, and ranks them first,
        in the same order).  Choosing ``k`` of thousands costs :meth:`top` most of its time
        (``argpartition``); a histogram of the scores finds the cut in a few passes.
        """
        import numpy as np

        uniq, scores = self._scored(term_ids)
        if len(uniq) > k:
            # scores * 8 is exact and its floor keeps their order: the cut is at a score
            binned = (scores * 8.0).astype(np.int64)
            above = np.cumsum(np.bincount(binned)[::-1])  # above[b]: binned >= top bin - b
            b = int(np.searchsorted(above, want))
            if b >= len(above) or above[b] > k:
                b -= 1  # a tie too large to keep whole: the cut above it
            if b < 0:
                return [], False
            keep = binned >= len(above) - 1 - b
            uniq, scores = uniq[keep], scores[keep]
            whole = False
        else:
            whole = True
        order = np.lexsort((uniq, -scores))
        return uniq[order].tolist(), whole

    def _scored(self, term_ids: Sequence[int]) -> tuple[Any, Any]:
        """The documents sharing a stem with the query and the IDF weight each shares (added
        in the order of ``term_ids``); the order of the documents is :meth:`top`'s to choose
        from (``argpartition`` breaks ties at the ``k``-th by it)."""
        import numpy as np

        if not term_ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        key = tuple(term_ids)
        if self._last is not None and self._last[0] == key:  # head() then top() of one query
            return self._last[1], self._last[2]
        uniq, scores = self._score(term_ids)
        self._last = (key, uniq, scores)
        return uniq, scores

    def _score(self, term_ids: Sequence[int]) -> tuple[Any, Any]:
        import numpy as np

        if self._start is None:
            self._start = self.start.tolist()
            self._post_w = self.idf[self.post_term]
        start, post_doc, post_w = self._start, self.post_doc, self._post_w
        if len(term_ids) == 1:
            t = term_ids[0]
            docs, w = post_doc[start[t]:start[t + 1]], post_w[start[t]:start[t + 1]]
            return docs, w  # each document once, by document
        docs = np.concatenate([post_doc[start[t]:start[t + 1]] for t in term_ids])
        w = np.repeat(self.idf[list(term_ids)], [start[t + 1] - start[t] for t in term_ids])
        if len(docs) * 8 >= self.n:
            scores = np.bincount(docs, weights=w, minlength=self.n)
            uniq = np.flatnonzero(scores)
            return uniq, scores[uniq]
        # a dense buffer, added in order (each document's weights term by term), read at the
        # touched documents once each (the last write of a stamp marks one copy)
        buf, stamp = self._buffers()
        np.add.at(buf, docs, w)
        at = self._arange[:len(docs)]
        stamp[docs] = at
        uniq = docs[stamp[docs] == at]
        scores = buf[uniq]
        buf[uniq] = 0.0
        return uniq, scores

    def _buffers(self) -> tuple[Any, Any]:
        """A zeroed score per document and a scratch stamp per document, kept between queries."""
        import numpy as np

        if self._buf is None:
            self._buf = np.zeros(self.n)
            self._stamp = np.zeros(self.n, dtype=np.int32)  # fewer than n / 8 postings
            self._arange = np.arange(self.n // 8 + 1, dtype=np.int32)
        return self._buf, self._stamp

    def shared_weight(self, a: int, b: int) -> float:
        """The IDF weight of the stems documents ``a`` and ``b`` share."""
        sa = set(self.stems_of(a))
        return math.fsum(float(self.idf[t]) for t in self.stems_of(b) if t in sa)


def reciprocal_rank_fusion(rankings: Iterable[Sequence[K]], *, k: float = RRF_K,
                           depth: int = 100) -> list[tuple[K, float]]:
    """Fuse rankings (best first): each item gets ``sum(1 / (k + rank))``, rank from 1.

    Only each ranking's first ``depth`` items count.  Returns items with their
    fused score, best first (ties: the order items were first seen).
    """
    fused: dict[K, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking[:depth], start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda kv: -kv[1])


def fuse_ranked(primary: Sequence[tuple[K, Any]], extra: Sequence[K] | None = None, *,
                k: float = RRF_K, depth: int = 100) -> list[K]:
    """``primary`` (items with scores, best first) fused with an optional ``extra`` ranking.

    Without ``extra`` the order of ``primary`` is kept: the hook the semantic
    model's nearest claims plug into.
    """
    items = [item for item, _ in primary]
    if not extra:
        return items
    return [item for item, _ in reciprocal_rank_fusion([items, list(extra)], k=k, depth=depth)]
