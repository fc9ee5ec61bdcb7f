"""``find_matches``: candidates from retrieval and blocking, one calibrated score, a decision.

For a claim set (a pure library: claim dicts in, :class:`Candidate` pairs out):

1. copies of one claim (the same normalised words and numbers) are one group:
   only its first claim is retrieved and scored, and every copy gets its pairs
   (copies from two sources score 100);
2. every group asks a :class:`~.retrieval.StemIndex` of the set for its
   nearest claims (the same query and ranking as ``claimtrack similar`` asks
   of the database index): its first :data:`~.fusion.CANDIDATES` are its list,
   whatever their source (rivals, as every stored claim is to ``similar``),
   then claims from other sources below them (:data:`MATCH_CROSS`,
   :data:`MATCH_DEPTH`); the lists are numpy arrays (:mod:`.candidate_lists`),
   ranked in two forked processes at 20,000 claims and more (:mod:`.forked`);
3. the rare-word blocking (:func:`~.candidates.candidate_pairs`) adds the pairs it
   finds that retrieval did not (at the end of the first claim's list);
4. the lexical scorer scores every pair (``rapidfuzz`` and numpy in bulk);
5. each list is scored by :func:`~.fusion.calibrated_many` with the evidence
   ``similar`` would give (lists holding near-copies by
   :func:`~.rivals.calibrated_with_copies`), a pair taking the better of its
   two directions: the probability, 0-100, that the two are the same claim;
6. at or above ``link_threshold`` a pair is linked, unless a rule of the
   lexical scorer forbids it (numbers differ, a short claim, a negation on
   one side only): then, like a pair between the thresholds, it is suggested;
7. a suggestion is kept only if it is the best pair between its two sources for
   both its claims (:mod:`.one_to_one`).

``neighbours`` is the hook for another ranking (the optional semantic model):
a function from the claim list to each claim's nearest claims (positions, best
first), fused with retrieval's by reciprocal rank before the lists are cut;
``scorer`` the hook for another calibrated model (:class:`Scorer`; the
semantic extra's, :mod:`.hybrid`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Protocol

from . import candidate_lists, fusion
from .bulk_lexical import lexical_array
from .candidates import BLOCK_K, _block, _Vocab
from .identical import collapse, copy_key
from .matcher import Candidate
from .one_to_one import best_between_sources
from .retrieval import StemIndex, porter_stems
from .rivals import calibrated_with_copies
from .score import (
    Claim,
    _idf_from_df,
    _prepare,
    _Prepared,
    _score_prepared,
    _total,
    _weight_fn,
)

__all__ = ["DEFAULT_LINK_THRESHOLD", "DEFAULT_SUGGEST_THRESHOLD", "METHOD", "compared_pairs",
           "find_matches", "model_thresholds"]

DEFAULT_LINK_THRESHOLD = fusion.LINK_THRESHOLD
DEFAULT_SUGGEST_THRESHOLD = fusion.SUGGEST_THRESHOLD
METHOD = "retrieval+lexical"
#: Each claim's list holds its first fusion.CANDIDATES claims (the list ``similar`` scores,
#: the rivals every candidate is weighed against), then claims from other sources ranked
#: below them, down to rank MATCH_DEPTH, until the list holds this many claims from other
#: sources (chosen on CLEF train for blocking recall against pairs compared:
#: bench/bench_blocking.py).  Where sources are small (news outlets) the first claims are
#: mostly from other sources already; a claim from a large source (a fact-check
#: collection) reaches past its own source's claims.
MATCH_CROSS = 20
#: How deep in a claim's ranking ``match`` looks for claims from other sources (with queries
#: of 24 stems the grid's rule gave 400: CLEF train blocking recall 0.9825, against 0.978 at
#: 200; bench/NOTES.md, "Candidate lists 400 deep").
MATCH_DEPTH = 400

Neighbours = Callable[[Sequence[Claim]], Sequence[Sequence[int]]]


class Scorer(Protocol):
    """Another calibrated model for ``find_matches`` (positions index the claims it prepared).

    A model fitted apart has its own thresholds: attributes ``link_threshold`` and
    ``suggest_threshold``, when present, are ``find_matches``'s defaults
    (:func:`model_thresholds`)."""

    def prepare(self, claims: Sequence[Claim]) -> None:
        """The claims matched (retracted ones and identical copies left out), before scoring."""

    def many(self, groups: Any, cands: Any, rank: Any, overlap: Any, query_weight: Any,
             doc_weight: Any, lexical: Any) -> Any:
        """As :func:`.fusion.calibrated_many`; ``groups``/``cands``: positions of query and candidate."""

    def one(self, query: int, cands: Sequence[int], rows: Sequence[fusion.Evidence],
            same: Callable[[int, int], bool]) -> list[float]:
        """As :func:`.fusion.calibrated` for one candidate list."""


def _groups(keys: Sequence[object]) -> list[int]:
    """Each claim's copy group: the position of the first claim with the same normalised
    texts and numbers (``keys``: each claim's :func:`~.identical.copy_key`, None for a claim
    without text).  Only a group's first claim is retrieved and scored; its copies share its
    lists and scores, and copies of one claim are never each other's rivals (``similar``
    groups its candidates the same way)."""
    first: dict[object, int] = {}
    return [first.setdefault(k, i) if k is not None else i for i, k in enumerate(keys)]


def _candidates(prepared: Sequence[_Prepared], sources: Sequence[object], vocab: _Vocab,
                block_k: int, extra: Sequence[Sequence[int]] | None,
                keys: Sequence[object] | None = None,
                ) -> tuple[StemIndex, list[int], dict[int, list[int]], candidate_lists.Lists]:
    """The index, each claim's group, the groups' members, and every group's candidate list
    with the pairs of groups to score (first claims' positions, i < j): see
    :func:`.candidate_lists.build`."""
    stems = porter_stems(vocab.words)
    index = StemIndex([[stems[w] for w in p.words] for p in prepared])
    rep = _groups(keys if keys is not None else _copy_keys(prepared))
    members: dict[int, list[int]] = {}
    for i, g in enumerate(rep):
        members.setdefault(g, []).append(i)
    lists = candidate_lists.build(index, sources, rep, members, extra,
                                  _block(prepared, sources, block_k, vocab),
                                  cross=MATCH_CROSS, depth=MATCH_DEPTH)
    return index, rep, members, lists


def _copy_keys(prepared: Sequence[_Prepared]) -> list[object]:
    return [copy_key(p) if p.texts else None for p in prepared]


def _expand(members: Mapping[int, Sequence[int]], sources: Sequence[object],
            i: int, j: int) -> list[tuple[int, int]]:
    """The cross-source claim pairs (a < b) that groups ``i`` and ``j`` stand for (with
    ``i == j``, the pairs of copies within the group, each once)."""
    out = []
    for a in members[i]:
        for b in members[j]:
            if sources[a] != sources[b] and (i != j or a < b):
                out.append((a, b) if a < b else (b, a))
    return out


def compared_pairs(claims: Sequence[Claim], *, block_k: int = BLOCK_K,
                   neighbours: Neighbours | None = None) -> set[tuple[str, str]]:
    """The pairs of claim ids ``find_matches`` scores (retrieval's and blocking's, and copies
    of one claim; with ``neighbours``, as ``find_matches`` fuses them), ``a < b`` in input
    order; the others are never compared (the benchmarks' blocking recall)."""
    active = [c for c in claims if c.get("status", "active") != "retracted"]
    prepared = [_prepare(c) for c in active]
    sources = [c.get("source") for c in active]
    _, _, members, lists = _candidates(prepared, sources, _Vocab.of(prepared), block_k,
                                       neighbours(active) if neighbours is not None else None)
    out = {pair for i, j in lists.pairs() for pair in _expand(members, sources, i, j)}
    out |= {pair for g in members.values() for pair in _expand({0: g}, sources, 0, 0)}
    return {(str(active[a]["id"]), str(active[b]["id"])) for a, b in out}


def _fused(index: StemIndex, lists: candidate_lists.Lists, lexical: Any, floor: float = 0.0,
           scorer: Scorer | None = None) -> dict[tuple[int, int], float]:
    """One calibrated score per pair of groups, the better of its two directions (the pairs
    scoring at least ``floor``); ``lexical``: each pair's lexical score (``lists.lo/hi``)."""
    import numpy as np

    if not len(lists.owner):
        return {}
    owner, cand, rank, pair = lists.owner, lists.cand, lists.rank, lists.pair
    # the IDF weight of the stems each pair shares (the same both ways: once a pair)
    pair_shared, pair_n_shared = candidate_lists.shared_weights(index, lists.lo, lists.hi)
    shared, n_shared = pair_shared[pair], pair_n_shared[pair]
    # the candidate's weight as similar reckons it: its stems outside the query weigh as the
    # query's median stem does (the database's index is not asked for them)
    cand_weight = shared + (np.diff(index.doc_start)[cand] - n_shared) * _typical_idf(index)[owner]
    lex = lexical[pair]
    args = (rank, shared, index.doc_weight[owner], cand_weight, lex)
    scores = (scorer.many(owner, cand, *args) if scorer is not None
              else fusion.calibrated_many(owner, *args))
    _rescore_copies(lists, lexical, rank, shared, index.doc_weight[owner], cand_weight, lex,
                    scores, scorer)
    # the better direction of each pair
    order = np.lexsort((-scores, pair))
    firsts = order[np.r_[True, pair[order][1:] != pair[order][:-1]]]
    firsts = firsts[scores[firsts] >= floor]
    return dict(zip(zip(lists.lo[pair[firsts]].tolist(), lists.hi[pair[firsts]].tolist(),
                        strict=True), scores[firsts].tolist(), strict=True))


def _typical_idf(index: StemIndex) -> Any:
    """Each document's median stem IDF: the BM25 IDF of the median document frequency of
    its stems (:func:`~.similar.candidates` weighs a candidate's other stems so)."""
    import numpy as np

    counts = np.diff(index.doc_start)
    docs = np.repeat(np.arange(index.n, dtype=np.int64), counts)
    df = index.df[index.doc_terms].astype(float)
    order = np.lexsort((df, docs))
    sorted_df = df[order]
    start = index.doc_start[:-1]
    low = np.minimum(start + np.maximum(counts - 1, 0) // 2, max(len(df) - 1, 0))
    high = np.minimum(start + counts // 2, max(len(df) - 1, 0))
    median = (sorted_df[low] + sorted_df[high]) / 2.0 if len(df) else np.zeros(index.n)
    n = float(index.n)
    out = np.maximum(np.log((n - median + 0.5) / (median + 0.5)), 1e-6)
    return np.where(counts > 0, out, 0.0)


def _rescore_copies(lists: candidate_lists.Lists, lexical: Any, rank: Any, shared: Any,
                    query_weight: Any, cand_weight: Any, lex: Any, scores: Any,
                    scorer: Scorer | None = None) -> None:
    """Score again, in place, the lists holding near-copies of one claim (two candidates with
    a lexical score of :data:`~.fusion.SAME_LEXICAL` or more: three outlets with one
    sentence), the copies not counting as each other's rivals (``similar`` does the same)."""
    import numpy as np

    near = np.flatnonzero(lexical >= fusion.SAME_LEXICAL)
    if not len(near):
        return
    copies: dict[int, set[int]] = {}
    for i, j in zip(lists.lo[near].tolist(), lists.hi[near].tolist(), strict=True):
        copies.setdefault(i, set()).add(j)
        copies.setdefault(j, set()).add(i)
    # only a list with two candidates that have copies can hold two copies of one claim
    marked = np.zeros(lists.n, dtype=bool)
    marked[np.fromiter(copies, dtype=np.int64, count=len(copies))] = True
    spans = lists.rows_of()
    maybe = np.flatnonzero(np.bincount(lists.owner[marked[lists.cand]]) > 1).tolist()
    cand = lists.cand
    rows: list[int] = []  # positions of the rows to score again
    labels: list[int] = []
    owners: list[int] = []
    for g in maybe:
        at, end = spans[g]
        members = cand[at:end].tolist()
        member_set = set(members)
        if not any(copies[j] & member_set for j in members if j in copies):
            continue
        if scorer is not None:  # another model: list by list
            label = _copy_labels(members, copies)
            evidence = [fusion.Evidence(float(rank[at + n]), float(shared[at + n]),
                                        float(query_weight[at + n]), float(cand_weight[at + n]),
                                        float(lex[at + n]), label[n]) for n in range(len(members))]
            scores[at:end] = scorer.one(g, members, evidence, _same_label(label))
            continue
        rows.extend(range(at, end))
        owners.extend([g] * len(members))
        labels.extend(_copy_labels(members, copies))
    if rows:
        at_rows = np.asarray(rows, dtype=np.int64)
        scores[at_rows] = calibrated_with_copies(
            np.asarray(owners, dtype=np.int64), np.asarray(labels, dtype=np.int64),
            rank[at_rows], shared[at_rows], query_weight[at_rows], cand_weight[at_rows],
            lex[at_rows])


def _same_label(label: Sequence[int]) -> Callable[[int, int], bool]:
    return lambda a, b: label[a] == label[b]


def _copy_labels(members: Sequence[int], copies: Mapping[int, set[int]]) -> list[int]:
    """Each list member's copy group: the position of the first member of its connected
    component under ``copies`` (as :func:`~.fusion.copy_groups`, walking the copies only)."""
    at = {j: n for n, j in enumerate(members)}
    parent = list(range(len(members)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, j in enumerate(members):
        for k in copies.get(j, ()):
            b = at.get(k)
            if b is not None:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return [find(a) for a in range(len(members))]


def model_thresholds(scorer: Scorer | None, link: float | None = None,
                     suggest: float | None = None) -> tuple[float, float]:
    """The link and suggest thresholds: those given, else the scorer's own (a model
    fitted apart has its own: :data:`.hybrid.LINK_THRESHOLD`), else the lexical model's."""
    default_link = getattr(scorer, "link_threshold", DEFAULT_LINK_THRESHOLD)
    default_suggest = getattr(scorer, "suggest_threshold", DEFAULT_SUGGEST_THRESHOLD)
    return (float(default_link if link is None else link),
            float(default_suggest if suggest is None else suggest))


def find_matches(
    claims: Sequence[Claim],
    *,
    link_threshold: float | None = None,
    suggest_threshold: float | None = None,
    progress: Callable[[int, int], object] | None = None,
    block_k: int = BLOCK_K,
    neighbours: Neighbours | None = None,
    scorer: Scorer | None = None,
    rejected: Collection[tuple[str, str]] = (),
) -> list[Candidate]:
    """Find pairs of claims from different sources that may be the same claim.

    Retracted claims are skipped.  Each pair's score is the calibrated
    probability (0-100) that the two are the same claim (see
    :mod:`claimtrack.matching.fusion` for how it was fitted and what the
    default thresholds mean in precision and recall).  Pairs scoring at
    least ``link_threshold`` are ``"link"`` unless a rule forbids it
    (numbers differ, a short claim, a negation on one side only), then
    ``"suggest"``; pairs scoring at least ``suggest_threshold`` are
    ``"suggest"``.  Copies of one claim (the same normalised texts and
    numbers) from different sources score 100.  Results are sorted by score,
    best first, then by claim order.  ``progress(done, total)`` is called
    while pairs are scored.

    The thresholds default to the model's: ``scorer``'s own
    (``scorer.link_threshold``, ``scorer.suggest_threshold``, when it has them:
    :class:`.hybrid.MatchSemantics`), else :data:`DEFAULT_LINK_THRESHOLD` and
    :data:`DEFAULT_SUGGEST_THRESHOLD` (the lexical model's).

    ``rejected``: pairs of claim ids a person said are not the same claim; they are
    returned as any pair, but do not keep a weaker pair between the same two sources
    from being suggested (:mod:`.one_to_one`).
    """
    link_threshold, suggest_threshold = model_thresholds(scorer, link_threshold, suggest_threshold)
    if suggest_threshold > link_threshold:
        raise ValueError("suggest_threshold must not exceed link_threshold")
    active = [c for c in claims if c.get("status", "active") != "retracted"]
    prepared = [_prepare(c) for c in active]
    vocab = _Vocab.of(prepared)
    idf = _idf_from_df(vocab.df_dict(), len(prepared))  # over every claim, copies included
    weight = _weight_fn(idf)
    # identical claims (a wire quote in 2,000 outlets): each copy joins the first with one
    # link, and only the first is matched (claimtrack.matching.identical)
    keys = _copy_keys(prepared)
    kept, identical = collapse(active, prepared, Candidate, keys)
    if identical:
        active, prepared = [active[i] for i in kept], [prepared[i] for i in kept]
        keys = [keys[i] for i in kept]
        vocab = _Vocab.of(prepared)
    sources = [c.get("source") for c in active]
    totals = [[_total(t, weight) for t in p.texts] for p in prepared]

    if scorer is not None:
        scorer.prepare(active)
    index, _, members, lists = _candidates(
        prepared, sources, vocab, block_k, neighbours(active) if neighbours is not None else None,
        keys)
    if progress is not None:
        progress(0, len(lists.lo))
    lexical = lexical_array(prepared, lists.lo, lists.hi, idf, weight, totals, progress)
    fused = _fused(index, lists, lexical, suggest_threshold, scorer)
    scored = [(p, _expand(members, sources, gi, gj)) for (gi, gj), p in fused.items()
              if p >= suggest_threshold]
    # copies of one claim (the same normalised texts and numbers) from other sources
    scored += [(100.0, _expand({0: g}, sources, 0, 0)) for g in members.values() if len(g) > 1]

    results: list[Candidate] = list(identical)
    for p, claim_pairs in scored:
        for i, j in claim_pairs:
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
    results = best_between_sources(results, {str(c["id"]): c.get("source") for c in claims},
                                   lambda c: (c.a, c.b, c.score, c.decision == "link"), rejected)
    order = {str(c["id"]): n for n, c in enumerate(claims)}
    results.sort(key=lambda c: (-c.score, order[c.a], order[c.b]))
    return results
