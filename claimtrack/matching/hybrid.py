"""The semantic extra in ``similar``, ``match``, ``claim show`` and ``match review``.

When the extra is installed (:func:`.semantic.available`) and claims have
stored embeddings (``claimtrack embed``), :func:`similar` adds the semantic
model's nearest claims to the index's candidates (reciprocal-rank fusion,
:func:`.retrieval.fuse_ranked`) and :func:`match_hooks` gives
``find_matches`` each claim's nearest claims by meaning and the model that
scores with them.  Otherwise both fall back to the index alone, and :func:`hint` says, once per command, what
would add the semantic ranking (``claimtrack embed``, or installing the
extra).  Nothing here fails for want of the extra.

This module imports only the standard library at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from . import fusion, semantic

if TYPE_CHECKING:
    import numpy as np

    from ..store import ClaimStore
    from .similar import Neighbour

__all__ = ["COEFFICIENTS", "FEATURES", "SEMANTIC_DEPTH", "SIMILAR_COEFFICIENTS", "SIMILAR_FEATURES",
           "State", "alignments", "calibrated", "candidates", "hint", "match_hooks", "similar",
           "similarity", "state"]

#: The lexical model's features (:mod:`.fusion`) and three of the semantic model's, per candidate:
#: ``cos`` its cosine with the query, ``cosgap`` that less the best other candidate's,
#: ``cosrr`` 1 / its rank by cosine among the candidates.
FEATURES = (*fusion.FEATURES, "cos", "cosgap", "cosrr")
#: Intercept, then one weight per feature (fitted by bench/fit_hybrid.py on CLEF train, on the
#: lists of queries of 24 stems: 5-fold CV MAP@5 0.9115, 0.9102 on those of 12).
COEFFICIENTS: tuple[float, ...] = (
    -7.237, 2.5243, -1.0342, 4.1351, -1.7451, 3.0171, 1.1186, 0.0527, 1.0288, 0.9804, 0.9398,
    17.6737, -0.2358)
#: ``similar``'s features: :data:`FEATURES` and ``align``, the token alignment of the query and
#: the candidate (:func:`.alignment.f_score`).  ``match`` has no ``align``: it would need the word
#: pieces' vectors of every claim it compares (about 35 KB a claim, 3.5 GB at 100,000 claims, or
#: a forward pass over every claim on every run), so it scores with :data:`COEFFICIENTS`.
SIMILAR_FEATURES = (*FEATURES, "align")
#: ``similar``'s model: intercept, then one weight per :data:`SIMILAR_FEATURES` (fitted by
#: bench/fit_hybrid.py on CLEF train as :data:`COEFFICIENTS` is: 5-fold CV MAP@5 0.9145, against
#: 0.9115 without ``align``).  The alignment costs ``similar`` a forward pass of the model over
#: the query and its 20 candidates: about 0.2 s on two cores.
SIMILAR_COEFFICIENTS: tuple[float, ...] = (
    -8.3388, 2.3998, -0.9856, 4.2053, -1.845, 1.489, -1.9556, 0.1164, 1.3064, 0.9751, -6.9143,
    17.785, -0.1596, 14.412)
#: The weakest rival a candidate's cosine is compared with (as fusion.RIVAL_LEXICAL): in a
#: small collection nothing else may be near, and that alone must not make a candidate stand out.
RIVAL_COSINE = 0.30
#: The lexical features' weakest rival: the lexical model's (fusion.RIVAL_LEXICAL,
#: fusion.RIVAL_COVER).  First chosen on the seeds (with the model fitted on every list at
#: once, CV MAP@5 was 0.907 here and 0.911 at 0.30 / 0.10, where the embedded seed database
#: had two unrelated claims at 69); with the weights fitted where the claim is stored
#: (bench/fit_fusion.fit_ranked), CV MAP@5 (5 folds grouped by tweet) chooses them too:
#: 0.9102, against 0.9095 at 0.30 / 0.10 (bench/fit_hybrid.py --variants, with the queries of
#: 12 stems then; bench/NOTES.md).
LEXICAL_RIVALS = (fusion.RIVAL_LEXICAL, fusion.RIVAL_COVER)
#: Unlike the lexical model, this one weighs each candidate against every other candidate,
#: copies of one claim (:attr:`.fusion.Evidence.group`) included; as the lexical model, it was
#: fitted with copies of the labelled claim right.  At these floors, CV MAP@5 chose both: 0.910
#: (the labelled claim alone right: 0.905; copies kept from being rivals: 0.886-0.887).
COPIES_ARE_RIVALS = True
#: ``match`` links at or above this score of this model (the lexical model's threshold,
#: fusion.LINK_THRESHOLD, is not used with it), chosen by fusion's rule out of fold on CLEF
#: train: from 98 up, 0.995 of the pairs were right over all lists (half without their
#: claim), holding 0.27 of the true pairs (>= 0.98 was the rule; at 95, 0.976).
LINK_THRESHOLD = 98.0
#: ``match`` suggests at or above this score of this model, by fusion's rule, out of fold on
#: CLEF train from ``match`` itself (bench/match_thresholds.py): from 20 up its pairs were
#: 0.950 precise counting copies (recall 0.85).  Of the texts whose claim is not stored, 37%
#: get a (wrong) suggestion this high; 60 holds that to 11% (recall 0.75).
SUGGEST_THRESHOLD = 20.0

#: How many of the semantic model's nearest claims are fused with the index's.
SEMANTIC_DEPTH = 100
#: Each claim's nearest claims by meaning that ``match`` fuses into its candidate list.
MATCH_SEMANTIC_DEPTH = 100


class State(NamedTuple):
    """Whether the semantic ranking is used for a store, and what it lacks (a named tuple: a
    frozen dataclass costs a one-shot command 0.6 ms to define)."""

    installed: bool  # the extra (tokenizers and the model's files)
    embedded: bool  # some claims have a stored embedding
    missing: int  # claims without a current embedding (0 when nothing is embedded or installed)

    @property
    def used(self) -> bool:
        return self.installed and self.embedded


def state(store: ClaimStore, *, count: bool = True) -> State:
    """What the semantic extra can do for ``store`` (cheap: no model is loaded).

    ``count=False`` leaves :attr:`State.missing` at 0: counting the claims without an
    embedding reads every stored vector's row (0.7 s at a million) unless the vectors are
    already in memory (:func:`.semantic.count_missing`), so a search counts after it searched.
    """
    installed = semantic.available()
    embedded = semantic.has_vectors(store)
    missing = semantic.count_missing(store) if installed and embedded and count else 0
    return State(installed, embedded, missing)


def hint(st: State) -> str | None:
    """One line on what would add (or complete) the semantic ranking, or ``None``.

    Without the extra nothing is said unless claims were embedded before
    (the default install is unchanged; ``similar --help`` names the extra).
    """
    if not st.installed:
        if st.embedded:
            return (f"Hint: claims have embeddings but the semantic extra is not installed "
                    f"({semantic.missing()}); ranking by words only.  Add it: {semantic.INSTALL_HINT}")
        return None
    if not st.embedded:
        return "Hint: run 'claimtrack embed' once to rank claims by meaning too (the semantic extra)."
    if st.missing:
        return (f"Hint: {st.missing} claim{'s' if st.missing != 1 else ''} without an embedding "
                "yet (found by words only): run 'claimtrack embed'.")
    return None


def semantic_features(cosines: Sequence[float],
                      same: Callable[[int, int], bool] | None = None) -> list[tuple[float, float, float]]:
    """Each candidate's ``cos``, ``cosgap`` and ``cosrr`` (rivals as in :func:`.fusion.features`)."""
    out = []
    for j, c in enumerate(cosines):
        other = RIVAL_COSINE
        rank = 1
        for k, o in enumerate(cosines):
            if k == j or (same is not None and same(j, k)):
                continue
            other = max(other, o)
            if o > c:
                rank += 1
        out.append((c, c - other, 1.0 / rank))
    return out


def features(rows: Sequence[fusion.Evidence], cosines: Sequence[float],
             same: Callable[[int, int], bool] | None = None,
             align: Sequence[float] | None = None) -> list[tuple[float, ...]]:
    """Each candidate's feature vector, in :data:`FEATURES` order, or :data:`SIMILAR_FEATURES`
    with ``align`` (each candidate's token alignment with the query).  With
    :data:`COPIES_ARE_RIVALS`, ``same`` and the rows' copy groups are not used."""
    if COPIES_ARE_RIVALS:
        same = None
        rows = [r._replace(group=-1) if r.group >= 0 else r for r in rows]
    out = [(*a, *b) for a, b in zip(fusion.features(rows, same, rivals=LEXICAL_RIVALS),
                                    semantic_features(cosines, same), strict=True)]
    if align is not None:
        out = [(*x, a) for x, a in zip(out, align, strict=True)]
    return out


def calibrated(rows: Sequence[fusion.Evidence], cosines: Sequence[float],
               same: Callable[[int, int], bool] | None = None, *,
               coefficients: Sequence[float] | None = None,
               align: Sequence[float] | None = None) -> list[float]:
    """The probability (0-100, two decimals) that each candidate is the same claim: by
    :data:`COEFFICIENTS`, or with ``align`` by :data:`SIMILAR_COEFFICIENTS` (unless given)."""
    import math

    if coefficients is None:
        coefficients = SIMILAR_COEFFICIENTS if align is not None else COEFFICIENTS
    out = []
    for x in features(rows, cosines, same, align):
        z = coefficients[0] + math.fsum(w * v for w, v in zip(coefficients[1:], x, strict=True))
        out.append(round(100.0 / (1.0 + math.exp(-max(-700.0, min(700.0, z)))), 2))
    return out


def _query(store: ClaimStore, query: str) -> tuple[str, np.ndarray, str | None]:
    """What the semantic model reads of the query (a claim's embedded text, or the text with
    post noise stripped), its vector (the claim's stored one, or the text encoded) and, for a
    claim id, the claim's own id."""
    from .noise import strip_post_noise
    from .similar import claim_id_of

    q = query.strip()
    if (named := claim_id_of(q)) is not None:
        claim = store.get_claim(named)
        return (semantic.text_of(claim["quote"], claim["statement"]),
                semantic.vector_of(store, claim["id"]), claim["id"])
    text = strip_post_noise(q) or q
    return text, semantic.encode([text])[0], None


def alignments(query: str, texts: Sequence[str]) -> list[float]:
    """The token alignment (:func:`.alignment.f_score`) of ``query`` with each of ``texts``: one
    forward pass of the model over all of them."""
    from .alignment import f_scores

    vectors = semantic.token_vectors([query, *texts])
    return f_scores(vectors[0], vectors[1:])


def candidates(store: ClaimStore, query: str, *, vector: np.ndarray | None = None,
               own: str | None = None, include_retracted: bool = False,
               depth: int = fusion.CANDIDATES,
               ) -> tuple[list[dict[str, Any]], list[Any], list[fusion.Evidence], list[float]]:
    """:func:`.similar.candidates` with the semantic ranking fused in, and each one's cosine.

    ``vector``: the query's embedding when the caller has it (the benchmarks, :func:`similar`),
    with ``own``, the query claim's id, left out of the nearest claims.
    A candidate with no stored embedding has cosine 0.
    """
    from .similar import candidates as by_words

    if vector is None:
        _, vector, own = _query(store, query)
    nearest = semantic.nearest(store, vector, SEMANTIC_DEPTH, exclude=[own] if own else ())
    found, scores, rows = by_words(store, query, extra=[cid for cid, _ in nearest],
                                   include_retracted=include_retracted, depth=depth)
    cache = semantic._cached(store)
    cos = [float(cache.matrix[cache.row_of[c["id"]]] @ vector) if c["id"] in cache.row_of else 0.0
           for c in found]
    return found, scores, rows, cos


def similar(store: ClaimStore, query: str, n: int = 10, *, include_retracted: bool = False,
            st: State | None = None) -> list[Neighbour]:
    """:func:`.similar.similar`, by meaning too when the semantic extra is usable.

    The semantic model's nearest claims are fused with the index's by
    reciprocal rank, and each candidate is scored by the model of
    :data:`SIMILAR_COEFFICIENTS` (the lexical evidence, the cosines and the token alignment
    with the query: one forward pass of the model over the query and the candidates).
    """
    from .similar import Neighbour
    from .similar import similar as by_words

    st = st if st is not None else state(store, count=False)
    if not st.used:
        return by_words(store, query, n, include_retracted=include_retracted)
    text, vector, own = _query(store, query)
    found, scores, rows, cos = candidates(store, query, vector=vector, own=own,
                                          include_retracted=include_retracted,
                                          depth=max(fusion.CANDIDATES, n))
    align = alignments(text, [semantic.text_of(c["quote"], c["statement"]) for c in found])
    probs = calibrated(rows, cos, align=align)
    out = [Neighbour(claim=c, score=p, rank=i, lexical=ps.score, shared=tuple(ps.shared_rare))
           for i, (c, p, ps) in enumerate(zip(found, probs, scores, strict=True), start=1)]
    out.sort(key=lambda nb: (-nb.score, nb.rank))
    return out[:n]


def match_hooks(store: ClaimStore, st: State | None = None) -> dict[str, Any]:
    """The keyword arguments that put the semantic extra into :func:`.fused.find_matches`
    (``neighbours`` and ``scorer``), or none when it is not usable."""
    st = st if st is not None else state(store)
    if not st.used:
        return {}
    hooks = MatchSemantics(store)
    return {"neighbours": hooks, "scorer": hooks}


def similarity(store: ClaimStore, st: State | None = None) -> Callable[[str, str], float | None] | None:
    """The cosine of two claims' stored embeddings (None when one has none), for the
    contradiction detector's relatedness test (``detect(..., similarity=)``); ``None`` when
    the extra is not usable."""
    st = st if st is not None else state(store)
    if not st.used:
        return None
    cache = semantic._cached(store)

    def cosine(a: str, b: str) -> float | None:
        ra, rb = cache.row_of.get(a), cache.row_of.get(b)
        if ra is None or rb is None:
            return None
        return float(cache.matrix[ra] @ cache.matrix[rb])

    return cosine


def semantic_many(groups: Any, cosines: Any) -> Any:
    """:func:`semantic_features` for many candidate lists at once (rows of a list contiguous)."""
    import numpy as np

    n = len(groups)
    if n == 0:
        return np.zeros((0, 3))
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, n])
    gid = np.repeat(np.arange(len(starts)), sizes)
    key = gid * 4.0 + (1.0 - cosines)  # ascending: by list, then by cosine, best first
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    ahead = np.searchsorted(ordered, key, side="left") - starts[gid]  # rows with a greater cosine
    best = cosines[order[starts]]
    second = np.where(sizes > 1, cosines[order[np.minimum(starts + 1, n - 1)]], -np.inf)
    is_first = np.zeros(n, dtype=bool)
    is_first[order[starts]] = True
    other = np.maximum(np.where(is_first, second[gid], best[gid]), RIVAL_COSINE)
    return np.column_stack([cosines, cosines - other, 1.0 / (ahead + 1)])


class MatchSemantics:
    """The semantic extra in ``match``: the ``neighbours`` and ``scorer`` hooks of
    :func:`.fused.find_matches` (the nearest claims by meaning in each candidate list, and
    each pair scored with its cosine by :data:`COEFFICIENTS`)."""

    def __init__(self, store: ClaimStore, k: int = MATCH_SEMANTIC_DEPTH,
                 coefficients: Sequence[float] = COEFFICIENTS,
                 extra: Mapping[str, Any] | None = None,
                 thresholds: tuple[float, float] | None = None) -> None:
        self.store = store
        self.k = k
        self.coefficients = tuple(coefficients)
        #: The model's own thresholds: ``find_matches`` uses them unless given others.
        self.link_threshold, self.suggest_threshold = thresholds or (LINK_THRESHOLD,
                                                                     SUGGEST_THRESHOLD)
        self.extra = extra or {}  # vectors of claims not in the store (the benchmarks' tweets)
        self.vectors: Any = None
        self.have: list[int] = []

    def prepare(self, claims: Sequence[Any]) -> None:
        """Each claim's vector (zeros for a claim with none: cosine 0 with everything)."""
        import numpy as np

        cache = semantic._cached(self.store)
        dim = cache.matrix.shape[1] if len(cache.ids) else 384
        vectors = np.zeros((len(claims), dim), dtype=np.float32)
        have = []
        for n, c in enumerate(claims):
            cid = str(c["id"])
            if cid in cache.row_of:
                vectors[n] = cache.matrix[cache.row_of[cid]]
            elif cid in self.extra:
                vectors[n] = self.extra[cid]
            else:
                continue
            have.append(n)
        self.vectors, self.have = vectors, have

    def __call__(self, claims: Sequence[Any]) -> list[list[int]]:
        """Each claim's nearest claims by meaning (positions, best first)."""
        if self.vectors is None or len(self.vectors) != len(claims):
            self.prepare(claims)
        return semantic.neighbours_of(self.vectors[self.have], self.have, len(claims), self.k)

    def many(self, groups: Any, cands: Any, rank: Any, overlap: Any, query_weight: Any,
             doc_weight: Any, lexical: Any) -> Any:
        import numpy as np

        if len(groups) == 0:
            return np.zeros(0)
        cos = np.einsum("ij,ij->i", self.vectors[groups], self.vectors[cands]).astype(float)
        x = np.column_stack([fusion.features_many(groups, rank, overlap, query_weight, doc_weight,
                                                  lexical, rivals=LEXICAL_RIVALS),
                             semantic_many(groups, cos)])
        z = self.coefficients[0] + x @ np.asarray(self.coefficients[1:], dtype=float)
        return np.round(100.0 / (1.0 + np.exp(-np.clip(z, -700, 700))), 2)

    def one(self, query: int, cands: Sequence[int], rows: Sequence[fusion.Evidence],
            same: Callable[[int, int], bool]) -> list[float]:
        cos = [float(self.vectors[query] @ self.vectors[j]) for j in cands]
        return calibrated(rows, cos, same, coefficients=self.coefficients)
