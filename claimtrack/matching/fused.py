"""``find_matches``: candidates from retrieval and blocking, one calibrated score, a decision.

For a claim set (a pure library: claim dicts in, :class:`Candidate` pairs out):

1. every claim asks a :class:`~.retrieval.StemIndex` of the set for its
   nearest claims from other sources (the same query and ranking as
   ``claimtrack similar`` asks of the database index): its first
   :data:`~.fusion.CANDIDATES` are its candidate list;
2. the rare-word blocking (:func:`~.candidates.candidate_pairs`) adds the pairs it
   finds that retrieval did not (at the end of the first claim's list);
3. the lexical scorer scores every pair (``rapidfuzz`` in bulk, as before);
4. each list is scored by :func:`~.fusion.calibrated`, a pair taking the better
   of its two directions: the probability, 0-100, that the two are the same
   claim;
5. at or above ``link_threshold`` a pair is linked, unless a rule of the
   lexical scorer forbids it (numbers differ, a short claim, a negation on
   one side only): then, like a pair between the thresholds, it is suggested.

``neighbours`` is the hook for another ranking (the optional semantic model):
a function from the claim list to each claim's nearest claims (positions, best
first), fused with retrieval's by reciprocal rank before the lists are cut;
``scorer`` the hook for another calibrated model (:class:`Scorer`; the
semantic extra's, :mod:`.hybrid`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from . import fusion
from .candidates import BLOCK_K, _block, _Vocab
from .identical import collapse
from .matcher import Candidate
from .retrieval import StemIndex, fuse_ranked, porter_stems
from .score import (
    LINK_CAP,
    Claim,
    _combined,
    _idf_from_df,
    _prepare,
    _Prepared,
    _score_prepared,
    _total,
    _weight_fn,
)

__all__ = ["DEFAULT_LINK_THRESHOLD", "DEFAULT_SUGGEST_THRESHOLD", "METHOD", "compared_pairs",
           "find_matches"]

DEFAULT_LINK_THRESHOLD = fusion.LINK_THRESHOLD
DEFAULT_SUGGEST_THRESHOLD = fusion.SUGGEST_THRESHOLD
METHOD = "retrieval+lexical"
#: Each claim's candidate list in ``match`` (``similar`` keeps fusion.CANDIDATES): every pair
#: costs a lexical score, and 20 a claim would be 2 million pairs at 100,000 claims.
MATCH_CANDIDATES = 10
#: How deep in a claim's ranking ``match`` looks for claims from other sources.
MATCH_DEPTH = 60
#: A claim's query in ``match`` reads at most this many postings (``similar``: POSTINGS).
MATCH_POSTINGS = 1_000
#: Two candidates of a list this alike (the lexical scorer's old link threshold, 0.95 precise
#: on the labelled news pairs) are copies of one claim, not rivals (see fusion.features).
SAME_LEXICAL = 72.0

Neighbours = Callable[[Sequence[Claim]], Sequence[Sequence[int]]]


class Scorer(Protocol):
    """Another calibrated model for ``find_matches`` (positions index the claims it prepared)."""

    def prepare(self, claims: Sequence[Claim]) -> None:
        """The claims matched (retracted ones and identical copies left out), before scoring."""

    def many(self, groups: Any, cands: Any, rank: Any, overlap: Any, query_weight: Any,
             doc_weight: Any, lexical: Any) -> Any:
        """As :func:`.fusion.calibrated_many`; ``groups``/``cands``: positions of query and candidate."""

    def one(self, query: int, cands: Sequence[int], rows: Sequence[fusion.Evidence],
            same: Callable[[int, int], bool]) -> list[float]:
        """As :func:`.fusion.calibrated` for one candidate list."""


def _lists(index: StemIndex, sources: Sequence[object], depth: int,
           extra: Sequence[Sequence[int]] | None) -> list[list[tuple[int, int]]]:
    """Each claim's candidate list: (claim, retrieval rank) pairs, best first.

    The list holds the claim's ``depth`` nearest claims, whatever their
    source: claims from its own source are not pairs to decide, but they are
    rivals, as every stored claim is to ``similar`` (a claim with no copy
    elsewhere must not stand out because its own source's claims were taken
    away).  Then the nearest claims from other sources down to rank
    :data:`MATCH_DEPTH` follow, until ``depth`` of them are in the list.
    """
    out = []
    for i in range(index.n):
        top = index.top(index.query(i, postings=MATCH_POSTINGS), MATCH_DEPTH + 1)
        ranked = [j for j in fuse_ranked(top, extra[i] if extra is not None else None) if j != i]
        si = sources[i]
        row = [(j, r) for r, j in enumerate(ranked[:depth], start=1)]
        crossing = sum(sources[j] != si for j, _ in row)
        for r, j in enumerate(ranked[depth:MATCH_DEPTH], start=depth + 1):
            if crossing >= depth:
                break
            if sources[j] != si:
                row.append((j, r))
                crossing += 1
        out.append(row)
    return out


def _candidates(prepared: Sequence[_Prepared], sources: Sequence[object], vocab: _Vocab,
                block_k: int, extra: Sequence[Sequence[int]] | None,
                ) -> tuple[StemIndex, list[list[tuple[int, int]]], set[tuple[int, int]]]:
    """The index, each claim's candidate list, and every pair to score (positions, i < j).

    Pairs within a source are scored too (as rivals in a list), never decided.
    """
    stems = porter_stems(vocab.words)
    index = StemIndex([[stems[w] for w in p.words] for p in prepared])
    lists = _lists(index, sources, MATCH_CANDIDATES, extra)
    pairs: set[tuple[int, int]] = set()
    for i, row in enumerate(lists):
        for j, _ in row:
            pairs.add((i, j) if i < j else (j, i))
    for i, j in _block(prepared, sources, block_k, vocab) - pairs:
        lists[i].append((j, MATCH_DEPTH + 1))  # found by blocking only: after the retrieved ones
        pairs.add((i, j))
    return index, lists, pairs


def compared_pairs(claims: Sequence[Claim], *, block_k: int = BLOCK_K) -> set[tuple[str, str]]:
    """The pairs of claim ids ``find_matches`` scores (retrieval's and blocking's), ``a < b``
    in input order; what the others are never compared (the benchmarks' blocking recall)."""
    active = [c for c in claims if c.get("status", "active") != "retracted"]
    prepared = [_prepare(c) for c in active]
    sources = [c.get("source") for c in active]
    _, _, pairs = _candidates(prepared, sources, _Vocab.of(prepared), block_k, None)
    return {(str(active[i]["id"]), str(active[j]["id"])) for i, j in pairs
            if sources[i] != sources[j]}


def _lexical(prepared: Sequence[_Prepared], ordered: Sequence[tuple[int, int]], idf: Any,
             weight: Any, totals: Sequence[Sequence[float]],
             progress: Callable[[int, int], object] | None) -> dict[tuple[int, int], float]:
    """The lexical score of every pair, in bulk (capped as score_pair caps it: only matters
    above LINK_CAP, so the rules are checked only there)."""
    import numpy as np
    from rapidfuzz.fuzz import ratio
    from rapidfuzz.process import cpdist

    total = len(ordered)
    lexical: dict[tuple[int, int], float] = {}
    chunk = 100_000
    for start in range(0, total, chunk):
        batch = ordered[start:start + chunk]
        left: list[str] = []
        right: list[str] = []
        for i, j in batch:
            for ta in prepared[i].texts:
                for tb in prepared[j].texts:
                    left.append(ta.key)
                    right.append(tb.key)
        flat = cpdist(left, right, scorer=ratio, dtype=np.float64, workers=-1).tolist()
        k = 0
        for i, j in batch:
            pa, pb = prepared[i], prepared[j]
            first = k
            best = 0.0
            for x, ta in enumerate(pa.texts):
                for y, tb in enumerate(pb.texts):
                    best = max(best, _combined(ta, tb, flat[k], weight, totals[i][x], totals[j][y]))
                    k += 1
            if best > LINK_CAP:
                best = _score_prepared(pa, pb, idf, weight=weight, totals=(totals[i], totals[j]),
                                       bases=flat[first:k]).score
            lexical[(i, j)] = round(best, 2)
        if progress is not None:
            progress(min(start + chunk, total), total)

    return lexical


def _fused(index: StemIndex, lists: Sequence[Sequence[tuple[int, int]]],
           lexical: Mapping[tuple[int, int], float],
           sources: Sequence[object], scorer: Scorer | None = None) -> dict[tuple[int, int], float]:
    """One calibrated score per cross-source pair: the better of its two directions."""
    import numpy as np

    stems_of = [set(index.stems_of(i)) for i in range(index.n)]
    term_idf = index.idf.tolist()
    doc_weight = index.doc_weight.tolist()
    group: list[int] = []
    rank: list[int] = []
    cand: list[int] = []
    shared: list[float] = []
    for i, row in enumerate(lists):
        mine = stems_of[i]
        for j, r in row:
            group.append(i)
            rank.append(r)
            cand.append(j)
            shared.append(sum([term_idf[t] for t in mine & stems_of[j]]))
    g = np.asarray(group, dtype=np.int64)
    c = np.asarray(cand, dtype=np.int64)
    weights = np.asarray(doc_weight)
    lex = np.asarray([lexical[(i, j) if i < j else (j, i)] for i, j in zip(group, cand, strict=True)])
    args = (np.asarray(rank, dtype=float), np.asarray(shared), weights[g] if len(g) else np.zeros(0),
            weights[c] if len(c) else np.zeros(0), lex)
    scores = (scorer.many(g, c, *args) if scorer is not None
              else fusion.calibrated_many(g, *args)).tolist()
    # Lists holding two copies of one claim (three outlets with the same sentence) are scored
    # again, the copies not counting as each other's rivals (fusion.features).
    copies: dict[int, set[int]] = {}
    for (i, j), score in lexical.items():
        if score >= SAME_LEXICAL:
            copies.setdefault(i, set()).add(j)
            copies.setdefault(j, set()).add(i)
    row_at = 0
    for i, row in enumerate(lists):
        members = {j for j, _ in row}
        if any(copies.get(j, set()) & members for j in members if j in copies):
            rows = [fusion.Evidence(r, shared[row_at + n], doc_weight[i], doc_weight[j],
                                    lexical[(i, j) if i < j else (j, i)])
                    for n, (j, r) in enumerate(row)]

            def same(a: int, b: int, row: Sequence[tuple[int, int]] = row) -> bool:
                return row[b][0] in copies.get(row[a][0], ())

            scores[row_at:row_at + len(row)] = (
                scorer.one(i, [j for j, _ in row], rows, same) if scorer is not None
                else fusion.calibrated(rows, same))
        row_at += len(row)
    fused: dict[tuple[int, int], float] = {}
    for i, j, p in zip(group, cand, scores, strict=True):
        if sources[i] == sources[j]:
            continue
        key = (i, j) if i < j else (j, i)
        if p > fused.get(key, -1.0):
            fused[key] = p

    return fused


def find_matches(
    claims: Sequence[Claim],
    *,
    link_threshold: float = DEFAULT_LINK_THRESHOLD,
    suggest_threshold: float = DEFAULT_SUGGEST_THRESHOLD,
    progress: Callable[[int, int], object] | None = None,
    block_k: int = BLOCK_K,
    neighbours: Neighbours | None = None,
    scorer: Scorer | None = None,
) -> list[Candidate]:
    """Find pairs of claims from different sources that may be the same claim.

    Retracted claims are skipped.  Each pair's score is the calibrated
    probability (0-100) that the two are the same claim (see
    :mod:`claimtrack.matching.fusion` for how it was fitted and what the
    default thresholds mean in precision and recall).  Pairs scoring at
    least ``link_threshold`` are ``"link"`` unless a rule forbids it
    (numbers differ, a short claim, a negation on one side only), then
    ``"suggest"``; pairs scoring at least ``suggest_threshold`` are
    ``"suggest"``.  Results are sorted by score, best first, then by claim
    order.  ``progress(done, total)`` is called while pairs are scored.
    """
    if suggest_threshold > link_threshold:
        raise ValueError("suggest_threshold must not exceed link_threshold")
    active = [c for c in claims if c.get("status", "active") != "retracted"]
    prepared = [_prepare(c) for c in active]
    vocab = _Vocab.of(prepared)
    idf = _idf_from_df(vocab.df_dict(), len(prepared))  # over every claim, copies included
    weight = _weight_fn(idf)
    # identical claims (a wire quote in 2,000 outlets): each copy joins the first with one
    # link, and only the first is matched (claimtrack.matching.identical)
    kept, identical = collapse(active, prepared, Candidate)
    if identical:
        active, prepared = [active[i] for i in kept], [prepared[i] for i in kept]
        vocab = _Vocab.of(prepared)
    sources = [c.get("source") for c in active]
    totals = [[_total(t, weight) for t in p.texts] for p in prepared]

    if scorer is not None:
        scorer.prepare(active)
    index, lists, pairs = _candidates(prepared, sources, vocab, block_k,
                                      neighbours(active) if neighbours is not None else None)
    ordered = sorted(pairs)
    if progress is not None:
        progress(0, len(ordered))
    lexical = _lexical(prepared, ordered, idf, weight, totals, progress)
    fused = _fused(index, lists, lexical, sources, scorer)

    results: list[Candidate] = list(identical)
    for (i, j), p in fused.items():
        if p < suggest_threshold:
            continue
        ps = _score_prepared(prepared[i], prepared[j], idf, weight=weight,
                             totals=(totals[i], totals[j]))
        decision = "link" if p >= link_threshold and ps.linkable else "suggest"
        results.append(Candidate(
            a=str(active[i]["id"]), b=str(active[j]["id"]), score=p, method=METHOD,
            decision=decision, numbers_differ=ps.numbers_differ,
            shared_rare=tuple(ps.shared_rare), short=ps.short,
            negation_differs=ps.negation_differs, lexical=ps.score))
    order = {str(c["id"]): n for n, c in enumerate(claims)}
    results.sort(key=lambda c: (-c.score, order[c.a], order[c.b]))
    return results
