"""bench/fit_fusion.fit_ranked, the way the semantic extra's model is fitted: weights from the
lists whose claim is stored, then a scale and offset on every list, in one set of coefficients."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from .conftest import REPO


@pytest.fixture(scope="module")
def fit_fusion():
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import fit_fusion

        yield fit_fusion
    finally:
        sys.path.remove(str(REPO / "bench"))


def _data(seed: int = 3):
    """Lists of five candidates: in a stored list one is right and scores higher on feature 0;
    its #absent twin has the others only."""
    rng = np.random.default_rng(seed)
    data = []
    for n in range(300):
        x = rng.normal(size=(5, 2))
        x[0, 0] += 2.0
        data.append((f"t{n}", ["a"] * 5, list(x), [2, 0, 0, 0, 0]))
        data.append((f"t{n}#absent", ["a"] * 4, list(x[1:]), [0, 0, 0, 0]))
    x = np.vstack([np.column_stack([np.ones(len(d[2])), np.asarray(d[2])]) for d in data])
    y = np.concatenate([np.asarray(d[3]) > 0 for d in data]).astype(float)
    return data, x, y


def test_stored_rows_marks_the_rows_of_lists_with_their_claim(fit_fusion) -> None:
    data, x, _ = _data()
    stored = fit_fusion.stored_rows(data)
    assert stored.shape == (len(x),) and stored.sum() == 300 * 5
    assert stored[:5].all() and not stored[5:9].any()


def test_fit_ranked_ranks_as_the_stored_lists_fit_and_is_calibrated_on_all(fit_fusion) -> None:
    data, x, y = _data()
    stored = fit_fusion.stored_rows(data)
    w = fit_fusion.fit_ranked(x, y, stored)
    ranking = fit_fusion.fit(x[stored], y[stored])
    # the same order of candidates (a positive rescaling of the same weights) ...
    assert np.allclose(w[1:] / np.linalg.norm(w[1:]), ranking[1:] / np.linalg.norm(ranking[1:]))
    # ... and probabilities that add up to the right candidates over every list, half of them
    # without one (an unpenalised logistic fit with an intercept does), which the stored
    # lists' own fit over-counts
    p = 1 / (1 + np.exp(-(x @ w)))
    assert p.sum() == pytest.approx(y.sum(), rel=1e-3)
    p_stored_fit = 1 / (1 + np.exp(-(x @ ranking)))
    assert p_stored_fit.sum() > 1.2 * y.sum()
