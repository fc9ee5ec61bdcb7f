"""Benchmark: ``match``'s calibrated score in small collections, drawn from CLEF 2020 train.

The score was fitted on lists from CLEF's 10,375 verified claims, where a candidate has
many rivals.  A reporter's project holds dozens of claims.  This draws collections of
``S`` claims (2 to 1,000) at random from the verified claims, with ``T`` train tweets
(about S/3, at most 60), each its own source; half the tweets have their labelled claims
in the collection, half do not.  It runs ``find_matches`` over them (the whole shipped
path: a crash here is a bug, and was: ba6df72) and, for each tweet, takes its best pair
with a verified claim.  Printed per size: the tweets, how many had their claim stored,
what the shipped thresholds surface and how precise it is, and the score against how
often it was right (a calibrated score is right about as often as it says).  Nothing is
chosen here: it checks the model's calibration away from the collection it was fitted on.

Run: ``python bench/bench_small.py [--reps N]`` ($CLAIMTRACK_CLEF_DIR, as bench_clef).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
for p in (str(_ROOT), str(_ROOT / "bench")):
    if p not in sys.path:
        sys.path.insert(0, p)

import bench_clef  # noqa: E402

SIZES = (2, 3, 5, 10, 30, 100, 300, 1000)
BANDS = ((0, 26), (26, 50), (50, 80), (80, 93), (93, 101))


def _claim(vid: str, text: str, title: str) -> dict[str, Any]:
    text = " ".join(text.split()) or "(empty)"
    return {"id": "v" + vid, "source": "clef", "quote": text,
            "statement": " ".join((title or "").split()) or text}


def draw(size: int, rep: int, vclaims: Sequence[tuple[str, str, str]],
         tweets: Sequence[tuple[str, str]], qrels: dict[str, set[str]]
         ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[tuple[str, str]], int]:
    """One collection: its verified claims, its tweets as claims
    (:func:`bench_clef.match_tweets`), the true pairs, and how many tweets have their
    labelled claims in it (the first half)."""
    rng = random.Random(1000 * size + rep)
    n_tweets = max(2, min(60, size // 3))
    chosen = rng.sample([t for t in tweets if t[0] in qrels], n_tweets)
    stored = {tid: qrels[tid] for tid, _ in chosen[:n_tweets // 2]}
    labelled = {v for tid, _ in chosen for v in qrels[tid]}
    keep = sorted({v for vs in stored.values() for v in vs})
    pool = [v for v in vclaims if v[0] not in labelled]
    by_id = {v[0]: v for v in vclaims}
    claims = [_claim(*by_id[v]) for v in keep] + [_claim(*v) for v in
                                                   rng.sample(pool, max(0, size - len(keep)))]
    as_claims, _, truth = bench_clef.match_tweets(chosen, stored, {v: "v" + v for v in keep})
    return claims, as_claims, truth, len(stored)


def run(sizes: Sequence[int] = SIZES, reps: int = 3, log: Callable[[str], object] = print,
        folder: Path | None = None) -> dict[str, Any]:
    from claimtrack.matching import fusion
    from claimtrack.matching.fused import find_matches

    folder = folder or bench_clef.data_dir()
    if not (folder / "verified_claims.docs.tsv").exists():
        log(f"CLEF data not found in {folder} (set ${bench_clef.ENV_VAR}); skipped")
        return {"skipped": str(folder)}
    vclaims, tweets, qrels = bench_clef.load("train", folder)
    start = time.perf_counter()
    out: dict[str, Any] = {"sizes": {}}
    log("## `match`'s score in small collections (bench/bench_small.py)\n")
    log(f"Collections of S verified claims drawn from CLEF train, {reps} draws per size; half "
        "the tweets have their claim stored. Each tweet's best pair with a verified claim:")
    log("")
    head = " | ".join(f"score {a}-{min(b, 100) - 1 if b <= 100 else 100}: right/pairs"
                      for a, b in BANDS)
    log(f"| S | tweets | claim stored | surfaced from {fusion.SUGGEST_THRESHOLD:g} (precision) "
        f"| linked from {fusion.LINK_THRESHOLD:g} (precision) | {head} |")
    log("|---|---|---|---|---|" + "---|" * len(BANDS))
    twice = 0
    for size in sizes:
        best: list[tuple[float, bool]] = []
        with_claim = 0
        for rep in range(reps):
            claims, as_claims, truth, stored = draw(size, rep, vclaims, tweets, qrels)
            with_claim += stored
            found = find_matches(claims + as_claims, suggest_threshold=1.0)
            pairs = [(m.a, m.b) for m in found]
            twice += len(pairs) - len(set(pairs))
            top: dict[str, tuple[float, bool]] = {}
            for m in found:
                t, v = (m.a, m.b) if m.a.startswith("t") else (m.b, m.a)
                if t.startswith("t") and v.startswith("v") and m.score > top.get(t, (-1.0, False))[0]:
                    top[t] = (m.score, (t, v) in truth)
            best += [top.get(c["id"], (0.0, False)) for c in as_claims]
        row: dict[str, Any] = {"tweets": len(best), "stored": with_claim}
        cells = []
        for name, at in (("surfaced", fusion.SUGGEST_THRESHOLD), ("linked", fusion.LINK_THRESHOLD)):
            sel = [ok for score, ok in best if score >= at]
            row[name] = {"pairs": len(sel), "precision": sum(sel) / len(sel) if sel else None}
            cells.append(f"{len(sel)} ({sum(sel) / len(sel):.2f})" if sel else "0")
        bands = []
        for a, b in BANDS:
            sel = [ok for score, ok in best if a <= score < b]
            bands.append(f"{sum(sel)}/{len(sel)}")
        row["bands"] = bands
        out["sizes"][size] = row
        log(f"| {size} | {len(best)} | {with_claim} | {cells[0]} | {cells[1]} | "
            + " | ".join(bands) + " |")
    out["seconds"] = round(time.perf_counter() - start, 1)
    out["pairs_reported_twice"] = twice
    log(f"\n({out['seconds']} s; pairs reported twice: {twice})")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="draws per size")
    args = parser.parse_args()
    run(reps=args.reps)
