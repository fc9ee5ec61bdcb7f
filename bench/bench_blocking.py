"""Benchmark: blocking recall of ``match`` on CLEF 2020 Task 2 (which true pairs are compared).

``find_matches`` scores only the pairs its candidate lists hold (each claim's
first ``fusion.CANDIDATES`` claims in the retrieval ranking, then claims from
other sources down to rank ``MATCH_DEPTH`` until the list holds
``MATCH_CROSS`` from other sources, plus the rare-word blocking).  For the verified claims and a split's tweets (each
tweet its own source, as bench_clef's match), this prints, for a grid of
(query stems, MATCH_CROSS, MATCH_DEPTH, rare-word blocking on or off), the
share of the split's true pairs compared, the pairs compared and the CPU
seconds ``compared_pairs`` took.  The shipped setting was chosen on *train*
(the smallest number of pairs reaching the best recall within 0.005); dev (and a
held-out split beside it, :func:`bench_clef.held_out_splits`) is printed for the shipped
setting only.  The ceiling: true pairs whose tweet
shares at least one stem with its verified claim (no ranking finds the rest).

Run: ``python bench/bench_blocking.py [--grid]`` (``$CLAIMTRACK_CLEF_DIR``, as bench_clef);
``--semantic CACHE``: the shipped setting with the semantic extra's nearest claims fused into
each list, as ``match`` does when claims are embedded (the database and vectors of
``fit_hybrid.py --cache CACHE``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
for p in (str(_ROOT), str(_ROOT / "bench")):
    if p not in sys.path:
        sys.path.insert(0, p)

import bench_clef  # noqa: E402
import clef_db  # noqa: E402

GRID_TERMS = (24,)
GRID = ((0, 20), (10, 100), (20, 100), (20, 200), (20, 400), (40, 400), (20, 2000))  # (MATCH_CROSS, MATCH_DEPTH)


def _setting(terms: int, cross: int, depth: int, block: bool) -> dict[str, Any]:
    from claimtrack.matching import fused, retrieval

    return {"terms": terms, "cross": cross, "depth": depth, "block": block,
            "_apply": lambda: (
                setattr(fused, "MATCH_CROSS", cross), setattr(fused, "MATCH_DEPTH", depth),
                retrieval.StemIndex.query.__kwdefaults__.update(terms=terms))}


def measure(claims: list[dict[str, Any]], tweets: Any, qrels: Any, ids: dict[str, str],
            setting: dict[str, Any], neighbours: Any = None) -> dict[str, Any]:
    from claimtrack.matching import fused

    tweet_claims = [{"id": f"t{n}", "source": f"tweet-{tid}", "statement": text, "quote": text}
                    for n, (tid, text) in enumerate(tweets, start=1)]
    truth = {(f"t{n}", ids[v]) for n, (tid, _) in enumerate(tweets, start=1)
             for v in qrels.get(tid, ())}
    setting["_apply"]()
    cpu = time.process_time()
    compared = fused.compared_pairs(claims + tweet_claims, block_k=6 if setting["block"] else 0,
                                    neighbours=neighbours)
    cpu = time.process_time() - cpu
    seen = sum(((a, b) in compared or (b, a) in compared) for a, b in truth)
    return {**{k: v for k, v in setting.items() if k != "_apply"},
            "recall": seen / len(truth), "pairs": len(compared), "cpu_s": round(cpu, 1)}


def run(grid: bool = False, log: Any = print) -> dict[str, Any]:
    from claimtrack import ClaimStore
    from claimtrack.matching import fused, retrieval

    folder = bench_clef.data_dir()
    if not (folder / "verified_claims.docs.tsv").exists():
        log(f"CLEF data not found in {folder} (set ${bench_clef.ENV_VAR}); skipped")
        return {"skipped": str(folder)}
    shipped = _setting(retrieval.StemIndex.query.__kwdefaults__["terms"], fused.MATCH_CROSS,
                       fused.MATCH_DEPTH, True)
    vclaims, _, _ = bench_clef.load("train", folder)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="claimtrack-clef-") as tmp:
        path = Path(tmp) / "clef.db"
        ids = clef_db.build(vclaims, path)
        store = ClaimStore(path)
        claims = store.list_claims()
        store.close()
    log("| split | query stems | MATCH_CROSS | MATCH_DEPTH | rare-word blocking | blocking recall "
        "| pairs compared | CPU s |")
    log("|---|---|---|---|---|---|---|---|")
    settings = [shipped]
    if grid:
        settings = [_setting(t, c, d, b) for t in GRID_TERMS for c, d in GRID for b in (True, False)]
    for split in ("train", *bench_clef.reported_splits(folder)):
        _, tweets, qrels = bench_clef.load(split, folder)
        rows = []
        for s in (settings if split == "train" else [shipped]):
            r = measure(claims, tweets, qrels, ids, s)
            rows.append(r)
            log(f"| {split} | {r['terms']} | {r['cross']} | {r['depth']} | "
                f"{'yes' if r['block'] else 'no'} | {r['recall']:.3f} | {r['pairs']:,} | {r['cpu_s']} |")
        out[split] = rows
    shipped["_apply"]()
    return out


def run_semantic(cache: Path, log: Any = print) -> dict[str, Any]:
    """Blocking recall at the shipped setting with the semantic extra's neighbours fused into
    each list, as ``match`` fuses them when claims are embedded (the vectors of
    ``fit_hybrid.py --cache``: the verified claims' quotes and the tweets)."""
    import fit_hybrid

    from claimtrack.matching import fused, hybrid, retrieval

    folder = bench_clef.data_dir()
    shipped = _setting(retrieval.StemIndex.query.__kwdefaults__["terms"], fused.MATCH_CROSS,
                       fused.MATCH_DEPTH, True)
    store, ids = fit_hybrid.database(folder, cache)
    out: dict[str, Any] = {}
    try:
        claims = store.list_claims()
        for split in ("train", *bench_clef.reported_splits(folder)):
            _, tweets, qrels = bench_clef.load(split, folder)
            vectors = fit_hybrid.tweet_vectors(split, tweets, cache)
            sem = hybrid.MatchSemantics(store, extra={f"t{n}": v for n, v in enumerate(vectors, start=1)})
            r = measure(claims, tweets, qrels, ids, shipped, neighbours=sem)
            out[split] = r
            log(f"| {split} (with the semantic extra's {hybrid.MATCH_SEMANTIC_DEPTH} nearest) | "
                f"{r['terms']} | {r['cross']} | {r['depth']} | yes | {r['recall']:.3f} | "
                f"{r['pairs']:,} | {r['cpu_s']} |")
    finally:
        store.close()
    return out


if __name__ == "__main__":
    if "--semantic" in sys.argv:  # --semantic CACHE
        run_semantic(Path(sys.argv[sys.argv.index("--semantic") + 1]))
    else:
        run(grid="--grid" in sys.argv)
