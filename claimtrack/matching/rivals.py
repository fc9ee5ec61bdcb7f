"""Lists whose candidates include copies of one claim, scored in bulk.

:func:`calibrated_with_copies` is :func:`claimtrack.matching.fusion.calibrated`
for many candidate lists at once, each row carrying its copy group (rows of a
list with one group are copies of one claim and not each other's rivals):
``match`` scores the lists that hold near-copies (three outlets with one
sentence) with it.  Each list is padded to the longest of its batch and every
row compared with every other row of its list, in numpy.
"""

from __future__ import annotations

from typing import Any

from . import fusion

__all__ = ["calibrated_with_copies"]


def calibrated_with_copies(owner: Any, label: Any, rank: Any, overlap: Any, query_weight: Any,
                            doc_weight: Any, lexical: Any) -> Any:
    """:func:`fusion.calibrated` of many lists whose rows carry copy groups (``label``: rows
    of a list with one label are copies), in numpy: each list padded to the longest of its
    batch, every row compared with every other row of its list."""
    import numpy as np

    coefficients = np.asarray(fusion.COEFFICIENTS, dtype=float)
    out = np.zeros(len(owner))
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    sizes = np.diff(np.r_[starts, len(owner)])
    order = np.argsort(sizes, kind="stable")
    batch: list[int] = []
    width = 0

    def run(lists: list[int], k: int) -> None:
        m = len(lists)
        pos = np.full((m, k), -1, dtype=np.int64)
        for n, g in enumerate(lists):
            pos[n, :sizes[g]] = np.arange(starts[g], starts[g] + sizes[g])
        valid = pos >= 0
        p = np.where(valid, pos, 0)
        r, ov, lx, lab = rank[p], overlap[p], lexical[p] / 100.0, label[p]
        qw, dw = query_weight[p], doc_weight[p]
        rival = valid[:, None, :] & valid[:, :, None] & (lab[:, :, None] != lab[:, None, :])
        better = r[:, None, :] < r[:, :, None]
        own_rank = 1 + (rival & better).sum(axis=2)
        lex_better = (lx[:, None, :] > lx[:, :, None]) | ((lx[:, None, :] == lx[:, :, None]) & better)
        lex_rank = 1 + (rival & lex_better).sum(axis=2)
        other_ov = np.where(rival, ov[:, None, :], 0.0).max(axis=2)
        other_lex = np.where(rival, lx[:, None, :], 0.0).max(axis=2)
        other_ov = np.maximum(other_ov, fusion.RIVAL_COVER * qw)
        other_lex = np.maximum(other_lex, fusion.RIVAL_LEXICAL)
        best_ov = np.maximum(ov, other_ov)
        best_ov = np.where(best_ov > 0, best_ov, 1.0)
        gap = np.where(other_ov > 0, np.minimum(fusion._GAP_CAP,
                                                ov / np.where(other_ov > 0, other_ov, 1.0)),
                       fusion._GAP_CAP)
        x = np.stack([1.0 / own_rank, (own_rank == 1).astype(float), ov / best_ov,
                      np.where(qw > 0, ov / np.where(qw > 0, qw, 1.0), 0.0),
                      np.where(dw > 0, ov / np.where(dw > 0, dw, 1.0), 0.0),
                      lx, gap, lx - other_lex, 1.0 / lex_rank], axis=2)
        z = coefficients[0] + x @ coefficients[1:]
        out[pos[valid]] = np.round(100.0 / (1.0 + np.exp(-z)), 2)[valid]

    for g in order.tolist():
        k = int(sizes[g])
        if batch and (len(batch) + 1) * max(width, k) ** 2 > 2_000_000:
            run(batch, width)
            batch, width = [], 0
        batch.append(g)
        width = max(width, k)
    if batch:
        run(batch, width)
    return out
