"""Benchmark: claim matching speed and blocking recall on synthetic claims.

For each size (10,000 and 100,000 claims by default) this

1. generates claims with :func:`synthetic.generate` (fixed seed);
2. times :func:`claimtrack.matching.find_matches` end to end (normalising,
   IDF, blocking, scoring) and :func:`candidate_pairs` on its own;
3. runs the naive baseline in the same process: ``rapidfuzz.process.cdist``
   over all pairs with the *same* base scorer (``fuzz.ratio`` on each claim's
   sorted content words, :func:`claimtrack.matching.sort_key`), all pairs for
   10,000 claims, a random sample of query claims against all claims for
   100,000 (its all-pairs time extrapolated);
4. reports blocking recall: the share of naive cross-source pairs at or above
   a threshold that blocking also proposes; the same for the naive pairs
   (base >= the suggest threshold) that the full scorer (:func:`score_pair`)
   would suggest or link; and the share of planted near-duplicates that
   ``find_matches`` links or suggests.

Thresholds: recall is reported at the link threshold (the headline), at 60
and at the suggest threshold (50).  Below about 72 the base ratio alone is
increasingly dominated by chance: sorting puts common words in the same order,
so unrelated claims score 50-70 on sorted keys (about 113,000 such pairs for
2,000 queries among 100,000 claims) while sharing no rare word; the full
scorer puts random pairs at 36 at most, below the suggest threshold, so
blocking rightly never proposes them.  The "full scorer" line is the fair
comparison: naive pairs that the real scorer would suggest or link.

Run: ``python bench/bench_match.py [--sizes 10000 100000] [--sample 2000]``.
No asserts: figures only.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
for _path in (str(_ROOT), str(_ROOT / "bench")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import synthetic  # noqa: E402

from claimtrack import matching  # noqa: E402

THRESHOLDS = (matching.LEXICAL_LINK, 60.0, matching.LEXICAL_SUGGEST)  # the lexical scorer's
SAME_KINDS = ("reworded", "reordered", "word-changed")


def _naive_pairs(
    keys: list[str], sources: list[str], queries: list[int] | None, cutoff: float
) -> tuple[dict[tuple[int, int], float], float, int]:
    """Cross-source pairs with base ratio >= cutoff, the time taken, pairs scored.

    ``queries=None`` scores all pairs (one triangle, in row blocks); otherwise
    each query claim is scored against every claim.
    """
    import numpy as np
    from rapidfuzz.fuzz import ratio
    from rapidfuzz.process import cdist

    src = np.asarray(sources)
    found: dict[tuple[int, int], float] = {}
    n = len(keys)
    block = 250
    scored = 0
    start = time.perf_counter()
    if queries is None:
        for a in range(0, n, block):
            rows = keys[a : a + block]
            m = cdist(rows, keys[a:], scorer=ratio, dtype=np.float32, workers=-1,
                      score_cutoff=cutoff)  # fmt: skip
            scored += len(rows) * (n - a)
            qi, cj = np.nonzero(m >= cutoff)
            for r, c, s in zip(qi.tolist(), cj.tolist(), m[qi, cj].tolist(), strict=True):
                i, j = a + r, a + c
                if j > i and src[i] != src[j]:
                    found[(i, j)] = s
    else:
        for a in range(0, len(queries), block):
            q = queries[a : a + block]
            m = cdist([keys[i] for i in q], keys, scorer=ratio, dtype=np.float32, workers=-1,
                      score_cutoff=cutoff)  # fmt: skip
            scored += len(q) * n
            qi, cj = np.nonzero(m >= cutoff)
            for r, j, s in zip(qi.tolist(), cj.tolist(), m[qi, cj].tolist(), strict=True):
                i = q[r]
                if i != j and src[i] != src[j]:
                    found[(min(i, j), max(i, j))] = s
    return found, time.perf_counter() - start, scored


def bench_size(n: int, sample: int | None, seed: int = 20240601) -> dict[str, Any]:
    """Benchmark one size; ``sample`` query claims for the naive side (None: all)."""
    _, claims = synthetic.generate(n, seed=seed)
    active = [c for c in claims if c["status"] != "retracted"]

    start, cpu = time.perf_counter(), time.process_time()
    matches = matching.find_matches(claims)
    match_s, match_cpu = time.perf_counter() - start, time.process_time() - cpu

    start = time.perf_counter()
    blocked = matching.candidate_pairs(active)
    block_s = time.perf_counter() - start

    # planted near-duplicates: found by find_matches?
    by_pair = {(m.a, m.b): m for m in matches}
    alive = {c["id"] for c in active}
    planted: Counter[str] = Counter()
    linked: Counter[str] = Counter()
    found: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    for c in active:
        kind = c.get("planted_kind")
        if kind is None or c["planted_of"] not in alive:
            continue
        planted[kind] += 1
        m = by_pair.get((c["planted_of"], c["id"]))
        if m is not None:
            found[kind] += 1
            linked[kind] += m.decision == "link"
            flagged[kind] += m.numbers_differ
    root: dict[str, str] = {}
    for c in claims:
        root[c["id"]] = root.get(c.get("planted_of", ""), c["id"])
    links = [m for m in matches if m.decision == "link"]
    true_links = sum(root[m.a] == root[m.b] for m in links)

    # naive all-pairs (or sampled) with the same base scorer
    keys = [matching.sort_key(c["statement"]) for c in active]
    sources = [c["source"] for c in active]
    queries = None
    if sample is not None and sample < len(active):
        queries = sorted(random.Random(seed).sample(range(len(active)), sample))
    naive, naive_s, scored = _naive_pairs(keys, sources, queries, min(THRESHOLDS))
    all_pairs = len(active) * (len(active) - 1) // 2
    # sampled: extrapolate per pair scored; all pairs: one triangle, in full
    naive_all_s = naive_s * all_pairs / scored if queries is not None else naive_s
    recall: dict[str, float | None] = {}
    naive_counts: dict[str, int] = {}
    for t in THRESHOLDS:
        want = [p for p, s in naive.items() if s >= t]
        naive_counts[f"{t:g}"] = len(want)
        recall[f"{t:g}"] = (sum(p in blocked for p in want) / len(want)) if want else None
    # naive pairs that the full scorer would also suggest or link
    idf = matching.build_idf(active)
    kept = [
        p
        for p in naive
        if matching.score_pair(active[p[0]], active[p[1]], idf).score >= matching.LEXICAL_SUGGEST
    ]
    full_recall = sum(p in blocked for p in kept) / len(kept) if kept else None

    same_total = sum(planted[k] for k in SAME_KINDS)
    result: dict[str, Any] = {
        "claims": n,
        "active": len(active),
        "find_matches_s": round(match_s, 2),
        "find_matches_cpu_s": round(match_cpu, 2),
        "candidate_pairs_s": round(block_s, 2),
        "candidate_pairs": len(blocked),
        "links": len(links),
        "suggestions": len(matches) - len(links),
        "link_precision_vs_planted": round(true_links / len(links), 4) if links else None,
        "planted_same": same_total,
        "planted_same_linked": round(sum(linked[k] for k in SAME_KINDS) / same_total, 4),
        "planted_same_found": round(sum(found[k] for k in SAME_KINDS) / same_total, 4),
        "planted_number_changed": planted["number-changed"],
        "number_changed_flagged": round(flagged["number-changed"] / max(1, planted["number-changed"]), 4),
        "number_changed_linked": linked["number-changed"],
        "naive_queries": len(queries) if queries is not None else len(active),
        "naive_s": round(naive_s, 2),
        "naive_all_pairs_s": round(naive_all_s, 1),
        "naive_pairs": naive_counts,
        "blocking_recall": recall,
        "naive_full_scorer_pairs": len(kept),
        "blocking_recall_full_scorer": round(full_recall, 4) if full_recall is not None else None,
    }
    return result


def _print(r: dict[str, Any]) -> None:
    q = r["naive_queries"]
    naive_kind = "all pairs" if q == r["active"] else f"{q} sampled queries x all"
    print(f"\n== {r['claims']:,} synthetic claims ({r['active']:,} active) ==")
    print(f"find_matches            {r['find_matches_s']:8.2f} s wall, {r['find_matches_cpu_s']:.2f} s CPU  "
          f"({r['links']:,} links, {r['suggestions']:,} suggestions)")  # fmt: skip
    print(f"candidate_pairs alone   {r['candidate_pairs_s']:8.2f} s  "
          f"({r['candidate_pairs']:,} pairs to score)")  # fmt: skip
    print(f"naive cdist ({naive_kind}) {r['naive_s']:.2f} s; "
          f"all pairs ~{r['naive_all_pairs_s']:.1f} s")  # fmt: skip
    for t, rec in r["blocking_recall"].items():
        shown = "n/a" if rec is None else f"{rec:.4f}"
        print(f"blocking recall vs naive, base ratio >= {t:>4}: {shown}"
              f"  ({r['naive_pairs'][t]:,} naive pairs)")  # fmt: skip
    print(f"blocking recall vs naive pairs the full scorer suggests or links: "
          f"{r['blocking_recall_full_scorer']}  ({r['naive_full_scorer_pairs']:,} pairs)")  # fmt: skip
    print(f"planted same-claim pairs {r['planted_same']:,}: "
          f"linked {r['planted_same_linked']:.4f}, linked or suggested {r['planted_same_found']:.4f}")  # fmt: skip
    print(f"planted number changes {r['planted_number_changed']:,}: flagged numbers_differ "
          f"{r['number_changed_flagged']:.4f}, linked {r['number_changed_linked']}")  # fmt: skip
    print(f"link precision (same planted root) {r['link_precision_vs_planted']}")


def run(sizes: tuple[int, ...] = (10_000, 100_000), sample: int = 2_000) -> dict[str, Any]:
    """Run the benchmark and print its figures; return them as a dict."""
    results: dict[str, Any] = {}
    for n in sizes:
        r = bench_size(n, None if n <= 10_000 else sample)
        _print(r)
        results[str(n)] = r
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--sample", type=int, default=2_000,
                        help="naive query claims for sizes above 10,000")  # fmt: skip
    args = parser.parse_args(argv)
    run(tuple(args.sizes), args.sample)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
