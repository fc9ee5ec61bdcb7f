"""Reading the stored vectors into one matrix a chunk at a time (``semantic._read``): the same ids
and vectors, in rowid order, however the chunks fall and whatever was counted first."""

from __future__ import annotations

import numpy as np
import pytest

from claimtrack.matching import semantic

from .vectors import put_vector


def _raw(store, claim_id: str, vector, model: str = semantic.MODEL) -> bytes:
    return put_vector(store, claim_id, vector, model, normalise=False)


def _expected(store, after: int = 0) -> tuple[list[str], np.ndarray]:
    rows = store.conn.execute("SELECT claim_id, vector FROM claim_embeddings WHERE model = ? AND rowid > ?"
                              " ORDER BY rowid", [semantic.MODEL, after]).fetchall()
    return [r[0] for r in rows], np.array([np.frombuffer(r[1], dtype="<f4") for r in rows])


@pytest.fixture
def vectors(seeded):
    ids = [r["id"] for r in seeded.query("SELECT id FROM claims ORDER BY seq")][:9]
    rng = np.random.default_rng(1)
    for n, cid in enumerate(ids):
        _raw(seeded, cid, rng.standard_normal(4), model="other" if n == 4 else semantic.MODEL)
    return seeded


@pytest.mark.parametrize("chunk", [1, 2, 3, 100])
def test_read_in_chunks_is_the_table_in_rowid_order(vectors, monkeypatch, chunk):
    monkeypatch.setattr(semantic, "READ_CHUNK", chunk)
    ids, matrix = semantic._read(vectors)
    want_ids, want = _expected(vectors)
    assert ids == want_ids and len(ids) == 8  # the other model's row left out
    assert matrix.dtype == np.float32 and matrix.flags["C_CONTIGUOUS"]
    assert np.array_equal(matrix, want)
    top = vectors.conn.execute("SELECT rowid FROM claim_embeddings ORDER BY rowid").fetchall()[5][0]
    ids, matrix = semantic._read(vectors, after=top)
    want_ids, want = _expected(vectors, after=top)
    assert ids == want_ids and np.array_equal(matrix, want)


def test_rows_written_after_the_count_are_read_too(vectors, monkeypatch):
    monkeypatch.setattr(semantic, "READ_CHUNK", 2)
    monkeypatch.setattr(semantic, "_signature", lambda store: (1, 0))  # a count now out of date
    ids, matrix = semantic._read(vectors)
    want_ids, want = _expected(vectors)
    assert ids == want_ids and np.array_equal(matrix, want)


def test_an_empty_table_reads_as_no_rows(seeded):
    ids, matrix = semantic._read(seeded)
    assert ids == [] and matrix.shape == (0, 384)


def test_the_signature_counts_rows_and_the_top_rowid(vectors):
    count, top = vectors.conn.execute(
        "SELECT count(*), coalesce(max(rowid), 0) FROM claim_embeddings").fetchone()
    assert semantic._signature(vectors) == (count, top) == (9, top)


def test_count_missing_from_the_matrix_in_memory_equals_the_count(vectors):
    claims = vectors.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    assert semantic.count_missing(vectors) == claims - 8  # nothing in memory yet: counted
    semantic.stored(vectors)
    assert semantic.count_missing(vectors) == claims - 8  # from the matrix
    cid = vectors.conn.execute("SELECT id FROM claims ORDER BY seq LIMIT 1 OFFSET 20").fetchone()[0]
    _raw(vectors, cid, [1.0, 0.0, 0.0, 0.0])  # the matrix is out of date: counted again
    assert semantic.count_missing(vectors) == claims - 9
