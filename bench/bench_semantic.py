r"""Benchmark: the optional semantic extra (all-MiniLM-L6-v2 in numpy).

1. **Equality** with sentence-transformers: cosine of our vectors with
   ``../shared/bench-data/minilm-reference`` (305 texts; target >= 0.9999 on
   every one).
2. **Speed**: ``claimtrack.semantic.embed_missing`` on a store holding the
   10,375 CLEF 2020 verified claims (encode + write, the work of
   ``claimtrack embed``), in claims/s and word pieces/s, and the time for
   100,000 claims extrapolated from it (linear: each claim is encoded on its
   own); beside it, in the same run, encoding 500 of the claims in input
   order (batches padded to their longest claim) instead of length-sorted
   batches, and SQLite building an FTS5 index over the same claims.
   ``--claims N`` instead embeds N synthetic claims (``bench/synthetic.py``,
   15-40 words each) and times that for real.  ``semantic.nearest`` with the
   stored matrix cached (once per process and store) beside the baseline of
   reading every vector per call, over the 10,389 claims and over 100,000
   random vectors (``--nearest N``: that alone).
3. **Ranking** on CLEF 2020 Task 2 (English), MAP@5 (``bench_clef.evaluate``,
   the same tweet cleaning): ``fts5`` = SQLite FTS5 (``porter`` tokenizer)
   over each verified claim and its title, queried with the tweet's content
   words OR-ed, ranked by ``bm25()``; ``semantic`` = cosine of the tweet's
   embedding with each claim's (:func:`claimtrack.matching.semantic.nearest`'s matrix
   product); ``rrf`` = reciprocal-rank fusion
   (:func:`claimtrack.matching.retrieval.reciprocal_rank_fusion`)
   of the top 100 of each.  The fusion constant k is chosen on train (grid
   printed), then applied to dev.
4. **The shipped extra** on CLEF (``bench/fit_hybrid.py``'s :func:`shipped`): MAP@5 of
   ``similar`` with the extra (:mod:`claimtrack.matching.hybrid`) on train and dev, and
   ``match`` on dev beside the default install in the same run.
5. **Contradiction relatedness** (``--relatedness`` alone): the detector with
   and without ``detect(..., similarity=)`` on Emergent train (against-F1) and
   on the labelled pairs (precision, recall).

Data: ``../shared/bench-data`` (or ``$CLAIMTRACK_BENCH_DATA``).  Skipped,
saying why, without the extra.  Run: ``python bench/bench_semantic.py``.
No asserts: figures only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
for p in (_ROOT, _ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import bench_clef  # noqa: E402

from claimtrack.matching import semantic  # noqa: E402

DATA = Path(os.environ.get("CLAIMTRACK_BENCH_DATA") or _ROOT.parent / "shared" / "bench-data")
DEPTH = 100  # candidates from each ranking that the fusion sees
K_GRID = (1, 2, 5, 10, 20, 60)
_WORD = re.compile(r"[^\W_]+")


def reference_equality(log: Callable[[str], object]) -> dict[str, Any]:
    import numpy as np

    path = DATA / "minilm-reference" / "reference.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in rows]
    ref = np.asarray([r["embedding"] for r in rows], dtype=np.float64)
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    start = time.perf_counter()
    got = semantic.encode(texts)
    seconds = time.perf_counter() - start
    cos = (got.astype(np.float64) * ref).sum(axis=1)
    worst = int(cos.argmin())
    log(f"reference equality: {len(texts)} texts, cosine with sentence-transformers "
        f"min {cos.min():.7f}, mean {cos.mean():.7f} (target >= 0.9999 on every text); "
        f"worst: {texts[worst][:50]!r}; encoded in {seconds:.1f} s")
    return {"texts": len(texts), "min_cosine": float(cos.min()), "mean_cosine": float(cos.mean()),
            "all_at_least_0.9999": bool(cos.min() >= 0.9999)}


def _store_with(texts: Sequence[str], path: Path) -> Any:
    """A claimtrack store holding ``texts`` as claims of one source (rows written directly)."""
    import hashlib

    from claimtrack import ClaimStore

    store = ClaimStore(path)
    body = "\n".join(texts)
    stamp = "2026-01-01T00:00:00+00:00"
    rows, pos = [], 0
    for i, text in enumerate(texts):
        end = pos + max(len(text), 1)
        rows.append((f"c{i}", i + 1, "bench", text or " ", text or " ", pos, end, "", "", "unattributed",
                     stamp, stamp))
        pos += len(text) + 1
    with store.transaction() as conn:
        conn.execute("INSERT INTO sources (key, sha256, text, added_at, updated_at) VALUES (?,?,?,?,?)",
                     ["bench", hashlib.sha256(body.encode()).hexdigest(), body, stamp, stamp])
        conn.executemany(
            "INSERT INTO claims (id, seq, source, quote, statement, span_start, span_end, prefix, suffix,"
            " strength, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    return store


def embed_speed(texts: Sequence[str], work: Path, log: Callable[[str], object]) -> tuple[dict[str, Any], Any]:
    """Time ``embed_missing`` on a store of ``texts``; return the figures and the store."""
    store = _store_with(texts, work / "embed.db")
    semantic.encoder()  # load the model outside the timing (0.3 s, once per process)
    pieces = sum(len(ids) for ids in semantic.encoder().token_ids(list(texts)))
    start, cpu = time.perf_counter(), time.process_time()
    done = semantic.embed_missing(store)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rate = done / seconds
    load = os.getloadavg()[0]
    figures = {"claims": done, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
               "claims_per_s": round(rate, 1), "pieces_per_s": round(pieces / seconds),
               "mean_pieces": round(pieces / len(texts), 1),
               "extrapolated_100k_min": round(100_000 / rate / 60, 1),
               "extrapolated_100k_cpu_min": round(100_000 / done * cpu / 60, 1), "load_average": round(load, 2)}
    log(f"embed {done:,} claims (claimtrack embed's work: encode + store): {seconds:.1f} s wall, "
        f"{cpu:.1f} s CPU (both cores), {rate:.0f} claims/s, {pieces / seconds:,.0f} word pieces/s "
        f"(mean {pieces / len(texts):.1f} pieces a claim); 100,000 such claims: "
        f"~{100_000 / rate / 60:.0f} min wall extrapolated, {100_000 / done * cpu / 60:.0f} CPU-min "
        f"(load average {load:.2f}: other processes share the 2 cores)")
    return figures, store


def batching_baseline(texts: Sequence[str], log: Callable[[str], object]) -> dict[str, Any]:
    """Length-sorted batches (ours) vs input order, on the same texts; and FTS5 indexing them."""
    enc = semantic.encoder()
    sample = list(texts)
    start = time.perf_counter()
    enc.encode(sample)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(0, len(sample), 64):  # the same forward pass, batches padded to their longest
        ids = enc.token_ids(sample[i:i + 64])
        _encode_padded(enc, ids)
    naive = time.perf_counter() - start
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter')")
    start = time.perf_counter()
    conn.executemany("INSERT INTO t(x) VALUES (?)", [(t,) for t in texts])
    fts = time.perf_counter() - start
    log(f"encode {len(sample):,} claims: length-sorted batches {ours:.1f} s, input-order batches "
        f"of 64 {naive:.1f} s ({naive / ours:.2f}x); FTS5 indexing the same claims {fts * 1000:.0f} ms")
    return {"sorted_s": round(ours, 2), "input_order_s": round(naive, 2), "fts5_index_ms": round(fts * 1000)}


def _encode_padded(enc: Any, ids: list[list[int]]) -> Any:
    import numpy as np

    length = max(len(x) for x in ids)
    batch = np.zeros((len(ids), length), dtype=np.int64)
    mask = np.zeros((len(ids), length), dtype=bool)
    for r, x in enumerate(ids):
        batch[r, :len(x)] = x
        mask[r, :len(x)] = True
    return enc._forward(batch, mask)


def nearest_speed(store: Any, log: Callable[[str], object], repeat: int = 7) -> dict[str, Any]:
    """``semantic.nearest`` for one stored vector, as ``similar`` calls it once per query: with the
    matrix cached (the first call reads it; later ones check the table's count and top rowid) beside
    the baseline of reading every vector per call, as before the cache."""
    import statistics

    import numpy as np

    ids, matrix = semantic.stored_uncached(store)
    query = np.array(matrix[0])
    semantic._CACHE.pop(store, None)
    start = time.perf_counter()
    semantic.nearest(store, query, 10)
    first = (time.perf_counter() - start) * 1000
    cached, baseline = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        semantic.nearest(store, query, 10)
        cached.append(time.perf_counter() - start)
        start = time.perf_counter()
        _, every = semantic.stored_uncached(store)
        scores = every @ query
        np.argpartition(-scores, 10)[:10]
        baseline.append(time.perf_counter() - start)
    hot, base = statistics.median(cached) * 1000, statistics.median(baseline) * 1000
    log(f"nearest over {len(ids):,} stored vectors (top 10): cached matrix {hot:.1f} ms a call "
        f"(first call, reading it: {first:.0f} ms); baseline reading every vector per call {base:.0f} ms "
        f"({base / hot:.0f}x; medians of {repeat})")
    return {"vectors": len(ids), "cached_ms": round(hot, 2), "first_ms": round(first, 1),
            "read_every_call_ms": round(base, 1)}


def nearest_at(n: int, work: Path, log: Callable[[str], object]) -> dict[str, Any]:
    """:func:`nearest_speed` on ``n`` claims with random unit vectors (written directly)."""
    import numpy as np

    store = _store_with([f"claim {i}" for i in range(n)], work / f"nearest-{n}.db")
    rng = np.random.default_rng(0)
    with store.transaction() as conn:
        for start in range(0, n, 10_000):
            v = rng.standard_normal((min(10_000, n - start), 384)).astype(np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            conn.executemany("INSERT INTO claim_embeddings VALUES (?, ?, ?, ?)",
                             [(f"c{start + i}", semantic.MODEL, 384, row.astype("<f4").tobytes())
                              for i, row in enumerate(v)])
    try:
        return nearest_speed(store, log, repeat=5)
    finally:
        store.close()


def _fts_query(text: str) -> str:
    from claimtrack.matching import STOPWORDS

    words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]
    return " OR ".join(f'"{w}"' for w in dict.fromkeys(words))


def fts5_rankings(vclaims: Sequence[tuple[str, str, str]], tweets: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5(claim, title, tokenize='porter')")
    conn.executemany("INSERT INTO v(rowid, claim, title) VALUES (?,?,?)",
                     [(i, c, t) for i, (_, c, t) in enumerate(vclaims)])
    out = {}
    for tid, text in tweets:
        q = _fts_query(text)
        rows = conn.execute("SELECT rowid FROM v WHERE v MATCH ? ORDER BY bm25(v) LIMIT ?",
                            [q, DEPTH]).fetchall() if q else []
        out[tid] = [vclaims[r[0]][0] for r in rows]
    return out


def semantic_rankings(ids: Sequence[str], matrix: Any, tweets: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    import numpy as np

    vectors = semantic.encode([text for _, text in tweets])
    scores = vectors @ matrix.T
    out = {}
    for row, (tid, _) in enumerate(tweets):
        top = np.argpartition(-scores[row], DEPTH)[:DEPTH]
        top = top[np.argsort(-scores[row][top], kind="stable")]
        out[tid] = [ids[i] for i in top.tolist()]
    return out


def _fuse(a: dict[str, list[str]], b: dict[str, list[str]], k: float) -> dict[str, list[str]]:
    from claimtrack.matching.retrieval import reciprocal_rank_fusion

    return {tid: [cid for cid, _ in reciprocal_rank_fusion([a[tid], b[tid]], k=k, depth=DEPTH)] for tid in a}


def clef_ranking(store: Any, vclaims: Sequence[tuple[str, str, str]], log: Callable[[str], object]) -> dict[str, Any]:
    folder = DATA / "clef2020-task2"
    _, train_tweets, train_qrels = bench_clef.load("train", folder)
    _, dev_tweets, dev_qrels = bench_clef.load("dev", folder)
    ids, matrix = semantic.stored(store)
    claim_of = {f"c{i}": v[0] for i, v in enumerate(vclaims)}
    ids = [claim_of[cid] for cid in ids]
    results: dict[str, Any] = {}
    ranks: dict[str, dict[str, dict[str, list[str]]]] = {}
    for split, tweets in (("train", train_tweets), ("dev", dev_tweets)):
        clean = [(t, bench_clef.clean_tweet(x)) for t, x in tweets]
        ranks[split] = {"fts5": fts5_rankings(vclaims, clean), "semantic": semantic_rankings(ids, matrix, clean)}
    grid = {k: bench_clef.evaluate(_fuse(ranks["train"]["fts5"], ranks["train"]["semantic"], k),
                                   train_qrels)["map@5"] for k in K_GRID}
    k_best = max(K_GRID, key=lambda k: (grid[k], -k))
    log("train grid, rrf MAP@5 by k:  " + "  ".join(f"k={k}: {v:.4f}" for k, v in grid.items()))
    log(f"rrf = reciprocal-rank fusion of the top {DEPTH} of fts5 and of semantic, k={k_best} (chosen on train)")
    log(f"{'split':6} {'method':9} {'MAP@5':>7} {'MRR':>7} {'R@1':>7} {'R@5':>7}")
    for split, qrels in (("train", train_qrels), ("dev", dev_qrels)):
        ranks[split]["rrf"] = _fuse(ranks[split]["fts5"], ranks[split]["semantic"], k_best)
        results[split] = {}
        for method in ("fts5", "semantic", "rrf"):
            m = bench_clef.evaluate(ranks[split][method], qrels)
            results[split][method] = m
            log(f"{split:6} {method:9} {m['map@5']:7.4f} {m['mrr']:7.4f} {m['recall@1']:7.4f} {m['recall@5']:7.4f}")
    results["k"] = k_best
    results["train_grid"] = {str(k): round(v, 4) for k, v in grid.items()}
    return results


def relatedness(log: Callable[[str], object]) -> dict[str, Any]:
    """The contradiction detector with and without the semantic relatedness (``detect(...,
    similarity=)`` at ``RELATED_COSINE``): against-F1 on Emergent train (bench_emergent's
    pairs) and precision/recall on the labelled pairs (bench_contradictions')."""
    import bench_contradictions
    import bench_emergent

    from claimtrack.contradictions import detect
    from claimtrack.contradictions.relatedness import RELATED_COSINE

    def cosines(pairs: Sequence[tuple[str, str]]) -> list[float]:
        texts = sorted({t for pair in pairs for t in pair})
        vectors = semantic.encode(texts)
        at = {t: i for i, t in enumerate(texts)}
        return [float(vectors[at[a]] @ vectors[at[b]]) for a, b in pairs]

    se = bench_emergent.scorer()
    rows = se.load_train(str(bench_emergent.DATA / "url-versions-2015-06-14-clean-train.csv"))
    gold = [r["articleHeadlineStance"] for r in rows]
    cos = cosines([(r["claimHeadline"], r["articleHeadline"]) for r in rows])
    out: dict[str, Any] = {"cutoff": RELATED_COSINE}
    for name, use in (("without", False), ("with", True)):
        pred = []
        for r, c in zip(rows, cos, strict=True):
            a = {"id": "a", "source": "claim", "statement": r["claimHeadline"]}
            b = {"id": "b", "source": "article", "statement": r["articleHeadline"]}
            found = detect([a, b], candidate_pairs=[("a", "b")],
                           similarity=(lambda x, y, c=c: c) if use else None)
            pred.append("against" if found else "for")
        p, rec, f1 = se.prf(gold, pred, "against")
        out[f"emergent_{name}"] = {"precision": p, "recall": rec, "f1": f1}
    pairs = bench_contradictions.load_pairs()
    side = [(i["a"].get("quote") or i["a"]["statement"], i["b"].get("quote") or i["b"]["statement"])
            for i in pairs]
    pair_cos = cosines(side)
    tp = fp = fn = 0
    for item, c in zip(pairs, pair_cos, strict=True):
        a, b = item["a"], item["b"]
        links = [(a["id"], b["id"])] if item.get("explicit") else []
        found = detect([a, b], candidate_pairs=[(a["id"], b["id"])], explicit=links,
                       similarity=lambda x, y, c=c: c)
        expected = item["label"] == "contradiction"
        tp += bool(found) and expected
        fp += bool(found) and not expected
        fn += (not found) and expected
    base = bench_contradictions.evaluate(pairs)
    out["pairs_without"] = {"precision": base["precision"], "recall": base["recall"]}
    out["pairs_with"] = {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn)}
    ew, eo = out["emergent_with"], out["emergent_without"]
    log(f"contradiction relatedness by cosine >= {RELATED_COSINE}: Emergent train against-F1 "
        f"{ew['f1']:.4f} (P {ew['precision']:.3f}, R {ew['recall']:.3f}) against {eo['f1']:.4f} without "
        f"(P {eo['precision']:.3f}, R {eo['recall']:.3f}); labelled pairs precision "
        f"{out['pairs_with']['precision']:.3f} recall {out['pairs_with']['recall']:.3f} against "
        f"{out['pairs_without']['precision']:.3f} / {out['pairs_without']['recall']:.3f} without")
    return out


def run(claims: int | None = None, quick: bool = False, log: Callable[[str], object] = print) -> dict[str, Any]:
    """Every figure of this benchmark (see the module's docstring); ``quick``: speed on 1,000 claims only."""
    log("\n== Semantic extra: all-MiniLM-L6-v2 in numpy ==")
    if not semantic.available():
        log(f"skipped: {semantic.missing()} ({semantic.INSTALL_HINT})")
        return {"skipped": semantic.missing()}
    if not (DATA / "minilm-reference").exists():
        log(f"skipped: no bench data in {DATA} (set $CLAIMTRACK_BENCH_DATA)")
        return {"skipped": str(DATA)}
    results: dict[str, Any] = {"reference": reference_equality(log)}
    with tempfile.TemporaryDirectory() as tmp:
        if claims:
            from synthetic import generate

            _, synthetic = generate(claims, seed=7)
            results["embed_synthetic"], store = embed_speed([c["quote"] for c in synthetic], Path(tmp), log)
            store.close()
            return results
        vclaims, _, _ = bench_clef.load("train", DATA / "clef2020-task2")
        texts = [v[1] for v in vclaims]
        results["embed"], store = embed_speed(texts[:1000] if quick else texts, Path(tmp), log)
        if quick:
            store.close()
            return results
        results["nearest"] = nearest_speed(store, log)
        results["nearest_100k"] = nearest_at(100_000, Path(tmp), log)
        results["batching"] = batching_baseline(texts[:500], log)
        log(f"\nCLEF 2020 Task 2 (English), {len(vclaims):,} verified claims (each claim's text embedded, "
            "as claimtrack embeds a claim's quote)")
        results["clef"] = clef_ranking(store, vclaims, log)
        import fit_hybrid

        ids, matrix = semantic.stored(store)
        row_of = {cid: n for n, cid in enumerate(ids)}
        vectors = matrix[[row_of[f"c{i}"] for i in range(len(vclaims))]]
        store.close()
        log("\nThe shipped semantic extra on CLEF (bench/fit_hybrid.py fits it on train; the claims' "
            "vectors above, each claim's quote)")
        results["shipped"] = fit_hybrid.shipped(DATA / "clef2020-task2", Path(tmp), log, vectors)
        import bench_blocking

        log("\nBlocking recall of match with the extra (the shipped setting, each list fused with "
            "the claim's nearest by meaning; bench/bench_blocking.py --semantic)")
        results["blocking"] = bench_blocking.run_semantic(Path(tmp), log)
    results["relatedness"] = relatedness(log)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, help="embed N synthetic claims instead (e.g. 100000)")
    parser.add_argument("--nearest", type=int, metavar="N", help="only time nearest over N random vectors")
    parser.add_argument("--relatedness", action="store_true", help="only the contradiction relatedness figures")
    args = parser.parse_args()
    if args.relatedness:
        relatedness(print)
    elif args.nearest:
        with tempfile.TemporaryDirectory() as tmp:
            nearest_at(args.nearest, Path(tmp), print)
    else:
        run(claims=args.claims)
