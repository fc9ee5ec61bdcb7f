r"""Fit the calibrated score (:mod:`claimtrack.matching.fusion`) on CLEF 2020 Task 2 *train*.

For each train tweet, the shipped retrieval (:func:`claimtrack.matching.similar.candidates`
over a claimtrack database of the 10,375 verified claims) gives its top
candidates and their evidence; a logistic regression (Newton's method, a
small L2 penalty) on :func:`fusion.features` is fitted to "is this the
tweet's verified claim" (:func:`fit_ranked`, the extra's way, was measured
against it and not taken: see :func:`run`).  Five folds grouped by tweet give out-of-fold
scores, from which the thresholds are chosen:

Each tweet is also scored as if its verified claim were not stored (see
:func:`collect`): the precision below counts those lists' false alarms too.

* link: the lowest whole score whose pairs at or above it are >= 0.98
  precise out of fold, over all lists, half of them without their claim (the
  target is 0.97 on dev; a margin for a new split, and a wrong link merges
  two claims);
* suggest: the lowest whole score whose pairs at or above it are >= 0.95
  precise out of fold on the lists whose claim is stored (CLEF's own
  condition, the target's: 0.90 on dev), and from which at most 10% of the
  texts whose claim is *not* stored get a suggestion (a false alarm: the
  share is printed for every threshold).

A candidate that is a copy of the tweet's verified claim (lexical score >=
bench_clef.COPY_LEXICAL against it: the collection holds some claims twice)
is labelled right; recall counts the labelled pairs only.

Dev is not read.  Prints the coefficients to paste into fusion.py and the
cross-validated figures.  Run: ``python bench/fit_fusion.py``.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
for p in (str(_ROOT), str(_ROOT / "bench")):
    if p not in sys.path:
        sys.path.insert(0, p)

import bench_clef  # noqa: E402
import clef_db  # noqa: E402

from claimtrack.matching import fusion  # noqa: E402

FOLDS = 5
L2 = 1e-2
LINK_PRECISION = 0.98
SUGGEST_PRECISION = 0.95
#: At most this share of the texts whose claim is not stored may get a suggestion.
SUGGEST_FALSE_ALARMS = 0.10


ABSENT = "#absent"
#: A candidate this alike a tweet's verified claim (lexical score) is a copy of it.
COPY = 60.0


def collect(store: Any, ids: dict[str, str], tweets: Sequence[tuple[str, str]],
            qrels: dict[str, set[str]]) -> list[tuple[str, list[str], list[Any], list[int]]]:
    """Per tweet, twice: (tweet id, candidate claim ids, evidence rows, labels).

    Every CLEF tweet has its verified claim in the collection, which a
    claims database mostly has not: the first candidate is right three times
    in four, and a model fitted on that alone learns to trust a first place.
    So each tweet also comes as ``ID#absent``: the same candidates with its
    verified claims taken out (ranks closed up), all labelled 0, as if the
    claim were not stored.  Half the lists then have no right answer.
    """
    from claimtrack.matching import build_idf, fusion, score_pair
    from claimtrack.matching.similar import candidates

    claims = store.list_claims()
    by_id = {c["id"]: c for c in claims}
    idf = build_idf(claims)
    out = []
    for tid, text in tweets:
        relevant = {ids[v] for v in qrels.get(tid, ())}
        found, _, rows = candidates(store, text, depth=fusion.CANDIDATES + len(relevant))
        cids = [c["id"] for c in found]
        keep = fusion.CANDIDATES
        # a copy of the verified claim (the collection holds some claims twice) is right too
        right = relevant | {c for c, claim in zip(cids[:keep], found, strict=False)
                            if c not in relevant and any(
                                score_pair(claim, by_id[r], idf).score >= bench_clef.COPY_LEXICAL
                                for r in relevant if r in by_id)}
        out.append((tid, cids[:keep], rows[:keep], [2 if c in relevant else int(c in right) for c in cids[:keep]]))
        # the claim is absent with its copies: verified claims the lexical scorer puts at
        # COPY or more against a relevant one (CLEF holds some claims checked twice)
        gone = relevant | {c for c, claim in zip(cids, found, strict=True) if c not in relevant
                           and any(score_pair(claim, by_id[r], idf).score >= COPY
                                   for r in relevant if r in by_id)}
        absent = [(c, r) for c, r in zip(cids, rows, strict=True) if c not in gone][:keep]
        out.append((tid + ABSENT, [c for c, _ in absent],
                    [r._replace(rank=n) for n, (_, r) in enumerate(absent, start=1)],
                    [0] * len(absent)))
    return out


def split(data: Sequence[Any], k: int) -> tuple[list[Any], list[Any]]:
    """Fold ``k`` of the five: (the other folds' lists, this fold's).  A tweet's lists (it and
    its ``#absent`` twin, neighbours in ``data``) always fall in the same fold: tweet ``i``
    is in fold ``i % FOLDS``."""
    rest = [d for i, d in enumerate(data) if (i // 2) % FOLDS != k]
    held = [d for i, d in enumerate(data) if (i // 2) % FOLDS == k]
    return rest, held


def fit(x: Any, y: Any, l2: float = L2) -> Any:
    import numpy as np

    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0  # no penalty on the intercept
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def stored_rows(data: Sequence[tuple[Any, ...]]) -> Any:
    """Which rows of ``design(data)`` come from a list whose claim is stored (not ``#absent``)."""
    import numpy as np

    return np.asarray([not d[0].endswith(ABSENT) for d in data for _ in d[2]], dtype=bool)


def fit_ranked(x: Any, y: Any, stored: Any, l2: float = L2) -> Any:
    """The model's coefficients: the weights fitted where the claim is stored, then rescaled on
    every list.

    Ranking is the concern of the lists whose claim is stored (``stored``, :func:`stored_rows`): the
    weights are fitted on those rows alone.  A slope and an offset of their score are then
    fitted, with no penalty, on every row, half the lists without their claim (Platt
    scaling), so that the score is again the probability :mod:`claimtrack.matching.fusion`
    describes.  The result is one set of logistic coefficients, as before; the rescaling is
    monotone, so it ranks as the weights do.  Fitting on every row at once gave CV MAP@5 0.8396
    (the lexical model) and 0.9070 (the extra's) on train; this, 0.8402 and 0.9102.  The extra's
    model is fitted this way (bench/fit_hybrid.py); the lexical model is not (:func:`run`).
    """
    import numpy as np

    w = fit(x[stored], y[stored], l2)
    z = x @ w
    offset, slope = fit(np.column_stack([np.ones(len(z)), z]), y, 0.0)
    out = w * slope
    out[0] += offset
    return out


MASK: tuple[int, ...] | None = None


def design(data: Sequence[tuple[str, list[str], list[Any], list[int]]]) -> tuple[Any, Any]:
    import numpy as np

    xs, ys = [], []
    for _, _, rows, labels in data:
        for f, y in zip(fusion.features(rows), labels, strict=True):
            if MASK is not None:
                f = tuple(v if i in MASK else 0.0 for i, v in enumerate(f))
            xs.append((1.0, *f))
            ys.append(y > 0)  # 2: the labelled claim, 1: a copy of it
    return np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)


def scored(data: Sequence[tuple[str, list[str], list[Any], list[int]]],
           coefficients: Sequence[float]) -> list[tuple[str, list[str], list[float], list[int]]]:
    return [(tid, cids, fusion.calibrated(rows, coefficients=coefficients), labels)
            for tid, cids, rows, labels in data]


def ranking_figures(scored_data: Sequence[tuple[str, list[str], list[float], list[int]]],
                    qrels: dict[str, set[str]], ids: dict[str, str]) -> dict[str, float]:
    rankings = {}
    for tid, cids, scores, _ in scored_data:
        if tid.endswith(ABSENT):
            continue
        order = sorted(range(len(cids)), key=lambda i: (-scores[i], i))
        rankings[tid] = [cids[i] for i in order]
    mapped = {t: {ids[v] for v in vs} for t, vs in qrels.items()}
    return bench_clef.evaluate(rankings, mapped)


def curve(scored_data: Sequence[tuple[str, list[str], list[float], list[int]]],
          n_true: int, present_only: bool = False) -> list[tuple[int, float, float, int]]:
    """(threshold, precision, recall, pairs) at every whole score 1-99.

    Precision counts a copy of the labelled claim as right; recall is of the
    labelled pairs.  ``present_only``: without the ``#absent`` lists (every
    tweet's claim stored, as in CLEF's own lists and bench_clef's match).
    """
    pairs = [(s, y) for tid, _, scores, labels in scored_data
             if not (present_only and tid.endswith(ABSENT))
             for s, y in zip(scores, labels, strict=True)]
    out = []
    for t in range(1, 100):
        sel = [y for s, y in pairs if s >= t]
        out.append((t, sum(y > 0 for y in sel) / len(sel) if sel else 1.0,
                    sum(y == 2 for y in sel) / n_true, len(sel)))
    return out


def threshold(points: Sequence[tuple[int, float, float, int]], precision: float) -> int:
    """The lowest threshold from which on every threshold is at least ``precision`` precise."""
    ok = 99
    for t, p, _, n in reversed(points):
        if p < precision or n == 0:
            break
        ok = t
    return ok


def run(folder: Path | None = None, log: Any = print) -> dict[str, Any]:
    import numpy as np

    from claimtrack import ClaimStore

    folder = folder or bench_clef.data_dir()
    vclaims, tweets, qrels = bench_clef.load("train", folder)
    with tempfile.TemporaryDirectory(prefix="claimtrack-clef-") as tmp:
        path = Path(tmp) / "clef.db"
        ids = clef_db.build(vclaims, path)
        store = ClaimStore(path)
        try:
            data = collect(store, ids, tweets, qrels)
        finally:
            store.close()
    n_true = sum(len(v) for v in qrels.values())
    found = sum(1 for _, _, _, labels in data if any(labels))
    log(f"train: {len(tweets)} tweets, {n_true} true pairs; a true pair among the candidates for "
        f"{found} tweets ({found / len(tweets):.3f}); each tweet also without its verified claims")
    x, y = design(data)
    # On every list at once, not fit_ranked: that gave CV MAP@5 0.8402 against 0.8396 (less
    # than one train tweet), and on the labelled news pairs (tests/data/match_pairs.jsonl) it
    # left one same-claim pair and one pair whose numbers differ unsurfaced; this model keeps
    # all of them.  The extra's model (fit_hybrid) gains 0.0034 from it and surfaces them all.
    w = fit(x, y)
    oof: list[tuple[str, list[str], list[float], list[int]]] = []
    for k in range(FOLDS):
        train, held = split(data, k)
        xk, yk = design(train)
        oof.extend(scored(held, tuple(fit(xk, yk).tolist())))
    coefficients = tuple(round(float(v), 4) for v in w)
    points = curve(oof, n_true)
    present_points = curve(oof, n_true, present_only=True)
    absent_alarms = {t: sum(1 for tid, _, scores, _ in oof if tid.endswith(ABSENT) and scores
                            and max(scores) >= t) / len(tweets) for t in range(1, 100)}
    link = threshold(points, LINK_PRECISION)
    suggest = max(threshold(present_points, SUGGEST_PRECISION),
                  min(t for t in range(1, 100) if absent_alarms[t] <= SUGGEST_FALSE_ALARMS))
    cv = ranking_figures(oof, qrels, ids)
    ins = ranking_figures(scored(data, coefficients), qrels, ids)
    log("COEFFICIENTS = " + repr(coefficients))
    log(f"thresholds (out of fold, train): link {link} (precision >= {LINK_PRECISION} over all "
        f"lists), suggest {suggest} (precision >= {SUGGEST_PRECISION} on the lists whose claim "
        f"is stored, and at most {SUGGEST_FALSE_ALARMS} of the texts whose claim is not stored "
        "get a suggestion)")
    log(f"train MAP@5 in-sample {ins['map@5']:.4f}, {FOLDS}-fold CV {cv['map@5']:.4f}")
    by_t = {t: (p, r, n) for t, p, r, n in points}
    present = {t: (p, r, n) for t, p, r, n in present_points}
    log("  out of fold, train: all lists (half without the claim) | lists with the claim stored "
        "| share of tweets whose list without the claim has a candidate at or above")
    for t in sorted({suggest, link, link + 1, 10, 20, 30, 40, 50, 60, 70, 80, 90}):
        p, r, n = by_t[t]
        pp, rp, np_ = present[t]
        log(f"  CV train at {t:2d}: precision {p:.3f} recall {r:.3f} ({n} pairs) | precision "
            f"{pp:.3f} recall {rp:.3f} ({np_} pairs) | false alarms {absent_alarms[t]:.3f}")
    _ = np.asarray(coefficients)
    return {"coefficients": coefficients, "link": link, "suggest": suggest, "cv_map5": cv["map@5"],
            "insample_map5": ins["map@5"], "cv_curve": points}


if __name__ == "__main__":
    if len(sys.argv) > 1:
        MASK = tuple(fusion.FEATURES.index(f) for f in sys.argv[1].split(","))
    run()
