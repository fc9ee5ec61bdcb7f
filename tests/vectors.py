"""Stored embeddings for the semantic tests: one vector written as `claimtrack embed` writes it."""

from __future__ import annotations

from typing import Any

import numpy as np

from claimtrack.matching import semantic


def put_vector(store: Any, claim_id: str, vector: Any, model: str = semantic.MODEL,
               normalise: bool = True) -> bytes:
    """Store ``vector`` (made unit length unless ``normalise`` is false) as ``claim_id``'s
    embedding; return the stored bytes."""
    v = np.asarray(vector, dtype=np.float32)
    if normalise:
        v = v / np.linalg.norm(v)
    blob = v.astype("<f4").tobytes()
    with store.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO claim_embeddings VALUES (?, ?, ?, ?)",
                     [claim_id, model, len(v), blob])
    return blob
