"""What do we already have on this?  The stored claims most like a text or a claim.

:func:`similar` asks the claims index (``claims_fts``: Porter stems, migration
m007) for the text's content words OR-ed, rarest first (at most
:data:`~.retrieval.QUERY_TERMS` of them, from the index's own vocabulary counts), ranked
by FTS5's ``bm25()``; the first :data:`~.fusion.CANDIDATES` are scored by the
lexical scorer and given one calibrated score (:mod:`.fusion`).  Another
ranking (the optional semantic model's nearest claims) can be fused in by
reciprocal rank (``extra``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ..ids import normalise_claim_id
from . import fusion, noise
from .identical import copy_key
from .retrieval import bm25_idf, fuse_ranked, porter_stems, query_terms

__all__ = ["Neighbour", "candidates", "similar"]
_CLAIM_ID = re.compile(r"^(?:claim:)?c?\d+$", re.IGNORECASE)


def claim_id_of(query: str) -> str | None:
    """The claim a query names (``c12``, ``C12``, ``12`` or ``claim:c12``, as everywhere
    else), or None for a text to look for."""
    q = query.strip()
    return normalise_claim_id(q) if _CLAIM_ID.match(q) else None


class Neighbour(NamedTuple):
    """A stored claim near the query: its calibrated score and what it rests on.

    (A named tuple, not a dataclass: a frozen dataclass costs a one-shot ``similar`` 0.6 ms
    to define.)"""

    claim: dict[str, Any]
    score: float  # calibrated, 0-100 (see claimtrack.matching.fusion)
    rank: int  # retrieval rank, from 1
    lexical: float  # the lexical scorer's 0-100
    shared: tuple[str, ...]  # the rarest words both use


def _stems_of(prepared: Any, stems: Mapping[str, str]) -> set[str]:
    return {stems[w] for w in prepared.words if w in stems}


def _doc_freqs(conn: Any, terms: Sequence[str]) -> dict[str, int]:
    """How many claims each stem is in (absent stems are left out).

    One lookup per stem: fts5vocab answers ``term = ?`` from the index, but
    scans the whole vocabulary for ``term IN (...)`` (0.3 ms against 25 ms
    for six stems at a million claims).
    """
    sql = "SELECT doc FROM claims_fts_vocab WHERE term = ?"
    out: dict[str, int] = {}
    for t in terms:
        row = conn.execute(sql, [t]).fetchone()
        if row:
            out[t] = row[0]
    return out


def _retrieve(conn: Any, df: Mapping[str, int], total: int, depth: int) -> list[tuple[int, float]]:
    """Claims (seq) sharing the query's rarer stems, by the IDF weight they share, best first.

    The stems are taken rarest first (:func:`~.retrieval.query_terms`), and each claim scores the
    BM25 IDF of every stem it has: BM25 with each term counted once and no
    length term.  FTS5's own ``bm25()`` needs each claim's length, which the
    index does not keep (``columnsize=0``, m004), so it would read and
    tokenise every matching claim again: 875 ms for a query matching 58,000
    of a million claims, against a few ms for the stems' lists of claims.
    """
    chosen = query_terms(df)
    if len(chosen) == 1:
        # One stem (the rarest is in more than POSTINGS claims): every claim it finds weighs the
        # same, so the first ``depth`` by seq are the ranking; the index gives them in seq order
        # (11,500 postings read and summed in Python: 4-6 ms; these: well under 1 ms).
        weight = bm25_idf(df[chosen[0]], total)
        sql = "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rowid LIMIT ?"
        return [(seq, weight) for (seq,) in conn.execute(sql, [f'"{chosen[0]}"', depth])]
    scores: dict[int, float] = {}
    get = scores.get
    sql = "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?"
    for t in chosen:
        weight = bm25_idf(df[t], total)
        for (seq,) in conn.execute(sql, [f'"{t}"']):
            scores[seq] = get(seq, 0.0) + weight
    if len(scores) > depth:
        import heapq

        best = heapq.nsmallest(depth, scores.items(), key=lambda kv: (-kv[1], kv[0]))
    else:
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return best


def evidence(query: Any, candidates: Sequence[Any], ranks: Sequence[float],
             stems: Mapping[str, str], df: Mapping[str, float], n: float,
             lexical: Sequence[float]) -> list[fusion.Evidence]:
    """One :class:`~.fusion.Evidence` row per prepared candidate of a prepared query."""
    weight = {t: bm25_idf(df.get(t, 1), n) for t in df}

    def w(terms: set[str]) -> float:
        return math.fsum(weight.get(t, bm25_idf(1, n)) for t in terms)

    q_terms = _stems_of(query, stems)
    q_weight = w(q_terms)
    rows = []
    for cand, rank, lex in zip(candidates, ranks, lexical, strict=True):
        d_terms = _stems_of(cand, stems)
        rows.append(fusion.Evidence(rank, w(q_terms & d_terms), q_weight, w(d_terms), lex))
    return rows


def _median(values: Any) -> float:
    """The median (``statistics`` would import ``fractions`` and ``decimal``: 2 ms of start-up)."""
    v = sorted(values)
    mid = len(v) // 2
    return float(v[mid]) if len(v) % 2 else (v[mid - 1] + v[mid]) / 2.0


def _alike(preps: Sequence[Any], idf: Any) -> Any:
    """``alike(a, b)``: candidates ``a`` and ``b`` are copies of one claim.  Only pairs whose
    sorted words are alike enough to reach fusion.SAME_LEXICAL are scored (the lexical score
    is ``0.55 * ratio + 0.45 * overlap``: below a ratio of 49 it cannot)."""
    from rapidfuzz.fuzz import ratio

    from . import score as matcher

    keys = [t.key for p in preps for t in p.texts]
    owner = [n for n, p in enumerate(preps) for _ in p.texts]
    near: set[tuple[int, int]] = set()
    # a few dozen keys: a plain loop (process.cdist would import numpy, 40 ms of a one-shot
    # command's start-up, for a table this small); owners are in key order, so x < y
    for x in range(len(keys)):
        for y in range(x + 1, len(keys)):
            a, b = owner[x], owner[y]
            if a < b and (a, b) not in near and ratio(keys[x], keys[y], score_cutoff=49.0):
                near.add((a, b))
    same = {pair for pair in near if copy_key(preps[pair[0]]) == copy_key(preps[pair[1]])
            or matcher._score_prepared(preps[pair[0]], preps[pair[1]], idf).score
            >= fusion.SAME_LEXICAL}
    return lambda a, b: (a, b) in same


def candidates(store: Any, query: str, *, extra: Sequence[str] | None = None,
               include_retracted: bool = False, depth: int = fusion.CANDIDATES,
               ) -> tuple[list[dict[str, Any]], list[Any], list[fusion.Evidence]]:
    """The claims retrieved for ``query``, best first, with their lexical scores and evidence.

    See :func:`similar`; the benchmarks fit :mod:`.fusion` on this evidence.
    """
    from ..errors import InvalidInput
    from ..store import claim_row
    from . import score as matcher

    own_id = None
    if (named := claim_id_of(query)) is not None:
        claim = store.get_claim(named)
        own_id = claim["id"]
        q_claim: dict[str, Any] = claim
    else:
        q_claim = {"id": "", "source": "", "statement": query, "quote": query}
    q_prep = matcher._prepare(q_claim)
    if not q_prep.words:
        raise InvalidInput("similar needs a word to look for that is not a common one "
                           "('the', 'of', 'said', ...)" if re.search(r"\w", query) else
                           "similar needs some words (letters or digits) to look for")
    conn = store.conn
    stems = porter_stems(q_prep.words)
    # a hashtag read as its words ("#tamperedwater": tampered, water) is asked for whole too:
    # the index holds a stored post's tags as written
    texts = dict.fromkeys((q_claim["quote"] or "", q_claim["statement"] or ""))  # once if equal
    tags = noise.read_tags(" ".join(texts))
    df = _doc_freqs(conn, sorted(set(stems.values()) | set(porter_stems(tags).values())))
    total = conn.execute("SELECT coalesce(max(seq), 0) FROM claims").fetchone()[0]
    ranked = _retrieve(conn, df, total, depth + 1 + (0 if include_retracted else 5))
    if not ranked and not extra:
        return [], [], []
    seqs = fuse_ranked(ranked, [int(c[1:]) for c in extra or () if c[1:].isdigit()])
    rows = {r["seq"]: r for r in store.query(
        f"SELECT * FROM claims WHERE seq IN ({', '.join('?' * len(seqs))})", seqs)}
    found = []
    for seq in seqs:
        row = rows.get(seq)
        if row is None or row["id"] == own_id:
            continue
        if not include_retracted and row["status"] == "retracted":
            continue
        found.append(claim_row(row))
    found = found[:depth]
    if not found:
        return [], [], []
    preps = [matcher._prepare(c) for c in found]
    # The candidates' other stems are not looked up (0.1-0.5 ms each, 300 of them): they
    # weigh as the query's median stem does, a typical content word of this collection.
    stems = porter_stems(set(stems) | {w for p in preps for w in p.words})
    typical = _median(df.values()) if df else max(1.0, total / 1000)
    all_df: dict[str, float] = {t: df.get(t, typical) for t in set(stems.values())}
    word_df = {w: int(all_df[s]) for w, s in stems.items()}
    idf = matcher._idf_from_df(word_df, total)
    scores = [matcher._score_prepared(q_prep, p, idf) for p in preps]
    rows_ev = evidence(q_prep, preps, list(range(1, len(preps) + 1)), stems, all_df, total,
                       [ps.score for ps in scores])
    # copies of one claim (the same normalised texts and numbers, or a lexical score of
    # fusion.SAME_LEXICAL or more) are not each other's rivals, as in match
    labels = fusion.copy_groups(len(preps), _alike(preps, idf))
    rows_ev = [r._replace(group=g) for r, g in zip(rows_ev, labels, strict=True)]
    return found, scores, rows_ev


def similar(store: Any, query: str, n: int = 10, *, extra: Sequence[str] | None = None,
            include_retracted: bool = False) -> list[Neighbour]:
    """The ``n`` stored claims most like ``query`` (a text, or a claim id), best first.

    A claim id ("c12") asks for the claims most like that claim (itself
    left out).  ``extra`` is another ranking of claim ids, best first (the
    semantic model's nearest claims), fused with the index's by reciprocal
    rank.  Each result carries its calibrated score (0-100), its rank and
    the lexical score it rests on.
    """
    found, scores, rows_ev = candidates(store, query, extra=extra,
                                        include_retracted=include_retracted,
                                        depth=max(fusion.CANDIDATES, n))
    probs = fusion.calibrated(rows_ev)
    out = [Neighbour(claim=c, score=p, rank=i, lexical=ps.score, shared=tuple(ps.shared_rare))
           for i, (c, p, ps) in enumerate(zip(found, probs, scores, strict=True), start=1)]
    out.sort(key=lambda nb: (-nb.score, nb.rank))
    return out[:n]
