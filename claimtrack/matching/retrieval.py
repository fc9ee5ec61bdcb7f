"""Retrieval: each claim's nearest claims by BM25 over Porter stems.

The claims index in the database (``claims_fts``, migration m005) uses
SQLite's ``porter unicode61`` tokenizer and is ranked with FTS5's ``bm25()``
(see :mod:`claimtrack.similar`).  ``match`` needs the same ranking for every
claim of a set against every other, and one FTS5 query per claim costs 1.6 ms
at 100,000 claims even on the six rarest words (``detail=full``; 3 ms with
the index's ``detail=none``): 160 s, against 7.6 s for the whole of today's
``match``.  So :class:`Bm25` computes the same thing in one pass with numpy:
the words are stemmed by SQLite's own Porter tokenizer (:func:`porter_stems`,
one in-memory FTS5 table over the distinct words), and scored with FTS5's
formula (``k1 = 1.2``, ``b = 0.75``, ``idf = ln((N - n + 0.5) / (n + 0.5))``,
at least 1e-6).

:func:`reciprocal_rank_fusion` is the hook for another ranking (the optional
semantic model): each ranking adds ``1 / (k + rank)`` to a claim.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

__all__ = ["BM25_B", "BM25_K1", "Bm25", "porter_stems", "reciprocal_rank_fusion"]

#: FTS5's bm25() constants.
BM25_K1 = 1.2
BM25_B = 0.75
#: Reciprocal-rank fusion: each ranking gives ``1 / (RRF_K + rank)``; a small k trusts the top.
RRF_K = 5

K = TypeVar("K", bound=Hashable)


def porter_stems(words: Iterable[str]) -> dict[str, str]:
    """Each word's stem by SQLite's ``porter unicode61`` tokenizer (the index's own).

    A word the tokenizer splits ("h1b" stays, "co-op" would split) keeps the
    stem of its first piece; a word it drops keeps itself.
    """
    distinct = list(dict.fromkeys(words))
    if not distinct:
        return {}
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE w USING fts5(x, tokenize='porter unicode61')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(w, instance)")
        conn.executemany("INSERT INTO w(rowid, x) VALUES (?, ?)", enumerate(distinct))
        out: dict[str, str] = {}
        for doc, term in conn.execute("SELECT doc, term FROM v WHERE offset = 0"):
            out[distinct[doc]] = term
    finally:
        conn.close()
    for w in distinct:
        out.setdefault(w, w)
    return out


class Bm25:
    """BM25 (FTS5's formula) over documents given as lists of terms.

    ``top(terms, k)`` ranks documents for a query; ``self_score(doc)`` is a
    document's score as its own query, the most a query of those terms can
    reach, used to put a score on a 0-1 scale.
    """

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        import numpy as np

        self.n = len(docs)
        ids: dict[str, int] = {}
        setdefault = ids.setdefault
        doc_of: list[int] = []
        term_of: list[int] = []
        for d, terms in enumerate(docs):
            for t in terms:
                doc_of.append(d)
                term_of.append(setdefault(t, len(ids)))
        self.ids = ids
        docs_a = np.asarray(doc_of, dtype=np.int64)
        terms_a = np.asarray(term_of, dtype=np.int64)
        dl = np.bincount(docs_a, minlength=self.n).astype(np.float64)
        avgdl = float(dl.mean()) if self.n else 1.0
        # one posting per (term, doc) with its term frequency
        key = terms_a * max(self.n, 1) + docs_a
        uniq, tf = np.unique(key, return_counts=True)
        p_term, p_doc = uniq // max(self.n, 1), uniq % max(self.n, 1)
        df = np.bincount(p_term, minlength=len(ids)).astype(np.float64)
        idf = np.maximum(np.log((self.n - df + 0.5) / (df + 0.5)), 1e-6)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * dl / (avgdl or 1.0))
        weight = idf[p_term] * tf * (BM25_K1 + 1) / (tf + norm[p_doc])
        self.idf = idf
        self.df = df
        self.post_doc = p_doc  # sorted by term, then doc
        self.post_w = weight
        self.start = np.searchsorted(p_term, np.arange(len(ids) + 1))
        # each document's own terms (distinct), to score it as a query
        by_doc = np.lexsort((p_term, p_doc))
        self.doc_terms = p_term[by_doc]
        self.doc_w = weight[by_doc]
        self.doc_start = np.searchsorted(p_doc[by_doc], np.arange(self.n + 1))

    def term_ids(self, terms: Iterable[str]) -> list[int]:
        ids = self.ids
        return sorted({ids[t] for t in terms if t in ids})

    def scores(self, term_ids: Sequence[int]) -> tuple[Any, Any]:
        """``(docs, scores)``: every document sharing a term with the query, and its BM25."""
        import numpy as np

        if not term_ids:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty.astype(np.float64)
        start, post_doc, post_w = self.start, self.post_doc, self.post_w
        if len(term_ids) == 1:
            t = term_ids[0]
            return post_doc[start[t]:start[t + 1]], post_w[start[t]:start[t + 1]]
        docs = np.concatenate([post_doc[start[t]:start[t + 1]] for t in term_ids])
        w = np.concatenate([post_w[start[t]:start[t + 1]] for t in term_ids])
        uniq, inv = np.unique(docs, return_inverse=True)
        return uniq, np.bincount(inv, weights=w, minlength=len(uniq))

    def top(self, term_ids: Sequence[int], k: int) -> list[tuple[int, float]]:
        """The ``k`` best documents for a query, best first (ties by document order)."""
        import numpy as np

        docs, scores = self.scores(term_ids)
        if len(docs) > k:
            part = np.argpartition(-scores, k - 1)[:k]
            docs, scores = docs[part], scores[part]
        order = np.lexsort((docs, -scores))
        return list(zip(docs[order].tolist(), scores[order].tolist(), strict=True))

    def doc_query(self, doc: int) -> list[int]:
        """A document's distinct term ids, to use it as a query."""
        return self.doc_terms[self.doc_start[doc]:self.doc_start[doc + 1]].tolist()  # type: ignore[no-any-return]

    def self_score(self, doc: int) -> float:
        """The document's BM25 against itself (its terms' weights in it)."""
        return float(self.doc_w[self.doc_start[doc]:self.doc_start[doc + 1]].sum())

    def pair_score(self, query: Sequence[int], doc: int) -> float:
        """BM25 of one document for a query (term ids as :meth:`term_ids` gives them)."""
        lo, hi = self.doc_start[doc], self.doc_start[doc + 1]
        terms = self.doc_terms[lo:hi].tolist()
        w = self.doc_w[lo:hi].tolist()
        wanted = set(query)
        return math.fsum(x for t, x in zip(terms, w, strict=True) if t in wanted)


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


def fuse_ranked(primary: Sequence[tuple[K, float]], extra: Sequence[K] | None = None, *,
                k: float = RRF_K, depth: int = 100) -> list[K]:
    """``primary`` (items with scores, best first) fused with an optional ``extra`` ranking.

    Without ``extra`` the order of ``primary`` is kept: the hook the semantic
    model's nearest claims plug into.
    """
    items = [item for item, _ in primary]
    if not extra:
        return items
    return [item for item, _ in reciprocal_rank_fusion([items, list(extra)], k=k, depth=depth)]


def score_map(pairs: Iterable[tuple[K, float]]) -> Mapping[K, float]:
    return dict(pairs)
