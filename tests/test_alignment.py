"""Token alignment (matching/alignment.py): BERTScore's F over word-piece vectors, and the word
pieces' vectors themselves (MiniLM.token_vectors)."""

from __future__ import annotations

import numpy as np
import pytest

from claimtrack.matching import semantic
from claimtrack.matching.alignment import f_score, f_scores

needs_extra = pytest.mark.skipif(
    not semantic.available(), reason=f"semantic extra not installed ({semantic.missing()})")


def _unit(*rows: list[float]) -> np.ndarray:
    a = np.asarray(rows, dtype=np.float32)
    return a / np.linalg.norm(a, axis=1, keepdims=True)


def test_a_text_aligns_fully_with_itself_and_not_at_all_with_what_shares_nothing() -> None:
    a = _unit([1, 0, 0], [0, 1, 0])
    assert f_score(a, a) == pytest.approx(1.0)
    assert f_score(a, _unit([0, 0, 1])) == pytest.approx(0.0)
    assert f_score(a, np.zeros((0, 3), dtype=np.float32)) == 0.0


def test_f_is_the_harmonic_mean_of_both_directions_and_symmetric() -> None:
    query = _unit([1, 0, 0], [0, 1, 0], [0, 0, 1])  # a longer text ...
    part = _unit([1, 0, 0])  # ... holding this one piece
    # every piece of the part is in the query (precision 1), a third of the query in the part
    assert f_score(query, part) == pytest.approx(2 * 1 * (1 / 3) / (1 + 1 / 3))
    assert f_score(part, query) == pytest.approx(f_score(query, part))
    assert f_scores(query, [part, query]) == [f_score(query, part), f_score(query, query)]


@needs_extra
def test_word_piece_vectors_are_normalised_and_the_same_batched_or_alone() -> None:
    texts = ["Taxes went up.", "The minimum wage rose to $15 in 2021 in most of the states.", ""]
    vectors = semantic.token_vectors(texts)
    pieces = semantic.encoder().token_ids(texts)
    assert [len(v) for v in vectors] == [len(p) - 2 for p in pieces]  # no [CLS], no [SEP]
    assert vectors[2].shape == (0, 384)
    for v in vectors[:2]:
        assert v.dtype == np.float32 and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    alone = semantic.token_vectors([texts[0]])[0]
    assert np.allclose(alone, vectors[0], atol=1e-4)  # padding beside a longer text changes nothing


@needs_extra
def test_a_quoted_claim_aligns_better_than_a_claim_on_the_same_subject() -> None:
    post = ("BREAKING: Democrats are trying to ban the POW/MIA flag because it is racist!! "
            "Share before they delete this")
    quoted = "Democrats are trying to ban the POW/MIA flag because it is racist."
    subject = "The POW/MIA flag will fly again over the White House, the president said."
    q, a, b = semantic.token_vectors([post, quoted, subject])
    assert f_score(q, a) > f_score(q, b) + 0.1
