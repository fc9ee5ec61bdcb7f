r"""More tries at the semantic extra's MAP@5 on CLEF (issue 17: >= 0.90 on dev; shipped 0.886).

The eighth session's search, after ``hybrid_variants.py``'s (features built
from the shipped evidence).  These add evidence the shipped model does not
see, or rank without a model; each is judged by 5-fold CV MAP@5 on CLEF
*train* (grouped by tweet, as fit_hybrid), dev printed beside, never used for
a choice.  BENCHMARKS.md's notes (bench/NOTES.md) have the table this prints.

Experiments (``--experiment``, all by default):

``bm25``
    FTS5's own ``bm25()`` of the tweet against each candidate (claim and title
    columns, or the claim alone; term frequency and length normalised, which
    the shipped index's ranking leaves out) as features: relative to the
    list's best, 1 / its rank, and its gap to the best other.
``tokens``
    BERTScore-style token alignment with MiniLM's last layer: each token of
    one side matched to its most similar token of the other (P, R, F), as
    features, with F's gap to the best other candidate.
``adapter``
    A learned weighting of the 384 embedding dimensions: the products
    ``q_i * d_i`` as features beside the shipped ones (a diagonal metric),
    by L2 strength.
``rrf``
    No model: reciprocal-rank fusion of FTS5 (``bm25()``, the tweet with post
    noise stripped) and MiniLM's cosine with the claim, the title, or both,
    by k; and the shipped model's ranking fused with the plain RRF.
``copies``
    Ordering copies of one claim (a list's copy groups) among themselves by
    the title's or the lexical score instead of the model's score.

Run: ``CLAIMTRACK_BENCH_DATA=... python bench/rerank_experiments.py --cache /tmp/hybrid-cache``
(the database, vectors and titles of ``fit_hybrid.py --cache`` and
``hybrid_variants.py``; ``tokens`` runs MiniLM over about 8,400 texts, some
minutes on two cores, and keeps them in the cache).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
for p in (str(_ROOT), str(_ROOT / "bench")):
    if p not in sys.path:
        sys.path.insert(0, p)

import bench_clef  # noqa: E402
import bench_semantic  # noqa: E402
import fit_fusion  # noqa: E402
import fit_hybrid  # noqa: E402
import hybrid_variants  # noqa: E402

from claimtrack.matching import hybrid  # noqa: E402

EXPERIMENTS = ("bm25", "tokens", "adapter", "rrf", "copies")
Log = Callable[[str], object]


class Data:
    """fit_hybrid's candidate lists for train and dev, and what the experiments look up."""

    def __init__(self, cache: Path) -> None:
        import numpy as np

        from claimtrack.matching import semantic

        self.cache = cache
        self.folder = bench_clef.data_dir()
        self.vclaims, _, _ = bench_clef.load("train", self.folder)
        self.store, self.ids = fit_hybrid.database(self.folder, cache)
        self.quotes = {c["id"]: semantic.text_of(c["quote"], c["statement"])
                       for c in self.store.list_claims()}  # what similar reads of each claim
        self.vectors = semantic._cached(self.store)
        self.splits: dict[str, tuple[list[Any], list[tuple[str, str]], Any, dict[str, set[str]]]] = {}
        for split in ("train", "dev"):
            _, tweets, qrels = bench_clef.load(split, self.folder)
            vec = fit_hybrid.tweet_vectors(split, tweets, cache)
            self.splits[split] = (fit_hybrid.collect(self.store, self.ids, tweets, vec, qrels),
                                  tweets, vec, qrels)
        path = cache / "titles.npy"
        if not path.exists():
            hybrid_variants.run(cache, log=lambda _: None, variants=())
        self.titles = np.load(path)

    def vclaim(self, cid: str) -> int:
        """The verified claim's position in the file (store ids are ``c`` + position + 1)."""
        return int(cid[1:]) - 1


def _base(rows: Sequence[Any], cos: Sequence[float]) -> Any:
    import numpy as np

    if not rows:
        return np.zeros((0, len(hybrid.FEATURES)))
    return np.asarray(hybrid.features(rows, cos), dtype=float)


def _gap(values: Any) -> Any:
    """Each value less the best other value in its list."""
    import numpy as np

    if len(values) < 2:
        return np.zeros(len(values))
    top = np.sort(values)[::-1]
    return values - np.where(values == top[0], top[1], top[0])


def judged(data: Data, extra: Callable[[str, int, Any], Sequence[Any]] | None,
           fit: Callable[[Sequence[Any]], Any] = hybrid_variants.fit_pointwise) -> tuple[float, float]:
    """CV MAP@5 on train and MAP@5 on dev of the shipped features plus ``extra(split, n, row)``'s
    columns (each list of ``fit_hybrid.collect``, its position ``n``), fitted as the shipped model."""
    import numpy as np

    built = {}
    for split, (rows_of, _, _, qrels) in data.splits.items():
        lists = []
        for n, row in enumerate(rows_of):
            tid, cids, rows, cos, labels = row
            f = _base(rows, cos)
            if extra is not None and len(cids):
                f = np.column_stack([f, *extra(split, n, row)])
            lists.append((tid, cids, f, np.asarray(labels)))
        built[split] = (lists, qrels)
    return hybrid_variants.judge(*built["train"], *built["dev"], data.ids, fit)


def bm25(data: Data, log: Log) -> None:
    import sqlite3

    import numpy as np

    from claimtrack.matching.noise import strip_post_noise

    for columns in ("claim, title", "claim"):
        conn = sqlite3.connect(":memory:")
        conn.execute(f"CREATE VIRTUAL TABLE v USING fts5({columns}, tokenize='porter')")
        rows = [(i + 1, c, t) if "title" in columns else (i + 1, c)
                for i, (_, c, t) in enumerate(data.vclaims)]
        conn.executemany(f"INSERT INTO v(rowid, {columns}) VALUES ({', '.join('?' * len(rows[0]))})",
                         rows)
        memo: dict[tuple[str, int], Any] = {}

        def scores(split: str, n: int, row: Any, conn: Any = conn, memo: Any = memo) -> Any:
            if (split, n) not in memo:
                tweets = data.splits[split][1]
                text = tweets[n // 2][1]
                q = bench_semantic._fts_query(strip_post_noise(text) or text)
                seqs = [data.vclaim(c) + 1 for c in row[1]]
                got = dict(conn.execute(
                    f"SELECT rowid, -bm25(v) FROM v WHERE v MATCH ? AND rowid IN ({', '.join('?' * len(seqs))})",
                    [q, *seqs]).fetchall()) if q else {}
                memo[(split, n)] = np.asarray([got.get(s, 0.0) for s in seqs])
            return memo[(split, n)]

        def rel(b: Any) -> Any:
            return b / (b.max() if b.max() > 0 else 1.0)

        def rr(b: Any) -> Any:
            rank = np.empty(len(b))
            rank[np.argsort(-b, kind="stable")] = np.arange(1, len(b) + 1)
            return 1.0 / rank

        for name, cols in (("relative", lambda b: [rel(b)]),
                           ("relative, 1/rank", lambda b: [rel(b), rr(b)]),
                           ("relative, 1/rank, gap", lambda b: [rel(b), rr(b), _gap(rel(b))])):
            cv, dev = judged(data, lambda s, n, r, cols=cols: cols(scores(s, n, r)))
            log(f"| bm25() ({columns}): {name} | {cv:.4f} | {dev:.4f} |")


def _token_vectors(data: Data) -> dict[str, Any]:
    """Each tweet's (``T`` + id) and each listed claim's word-piece vectors, as
    ``similar`` reads them (fit_hybrid.token_vectors, whose cache they share)."""
    from claimtrack.matching.noise import strip_post_noise

    texts = {}
    for rows_of, tweets, _, _ in data.splits.values():
        for tid, text in tweets:
            texts["T" + tid] = strip_post_noise(text) or text
        for _, cids, *_ in rows_of:
            texts.update({c: data.quotes[c] for c in cids})
    by_text = fit_hybrid.token_vectors(texts.values(), data.cache)
    return {key: by_text[text] for key, text in texts.items()}


def tokens(data: Data, log: Log) -> None:
    import numpy as np

    from claimtrack.matching.alignment import f_score, precision_recall

    vec = _token_vectors(data)

    def prf(split: str, n: int, row: Any) -> Any:
        tid, cids = row[0].removesuffix(fit_fusion.ABSENT), row[1]
        q = vec["T" + tid].astype(np.float32)
        out = []
        for c in cids:
            d = vec[c].astype(np.float32)
            out.append((*precision_recall(q, d), f_score(q, d)))
        return np.asarray(out)

    for name, cols in (("F", lambda m: [m[:, 2]]),
                       ("P, R, F", lambda m: [m[:, 0], m[:, 1], m[:, 2]]),
                       ("F, F's gap", lambda m: [m[:, 2], _gap(m[:, 2])]),
                       ("P, R, F, F's gap", lambda m: [m[:, 0], m[:, 1], m[:, 2], _gap(m[:, 2])])):
        cv, dev = judged(data, lambda s, n, r, cols=cols: cols(prf(s, n, r)))
        log(f"| token alignment: {name} | {cv:.4f} | {dev:.4f} |")


def adapter(data: Data, log: Log, scale: float = 20.0) -> None:
    import numpy as np

    cache = data.vectors

    def products(split: str, n: int, row: Any) -> Any:
        q = data.splits[split][2][n // 2]
        d = np.stack([cache.matrix[cache.row_of[c]] for c in row[1]])
        return list((scale * d * q).T)

    for l2 in (1.0, 10.0, 100.0, 1000.0):
        def fit(lists: Sequence[Any], l2: float = l2) -> Any:
            return hybrid_variants.fit_pointwise(lists, l2)

        cv, dev = judged(data, products, fit)
        log(f"| diagonal metric (384 products q_i d_i), L2 {l2:g} | {cv:.4f} | {dev:.4f} |")


def rrf(data: Data, log: Log, depth: int = 100) -> None:
    import numpy as np

    from claimtrack.matching.noise import strip_post_noise
    from claimtrack.matching.retrieval import reciprocal_rank_fusion

    cache = data.vectors
    quotes = np.stack([cache.matrix[cache.row_of[f"c{i + 1}"]] for i in range(len(data.vclaims))])
    vids = [v[0] for v in data.vclaims]
    inv = {v: k for k, v in data.ids.items()}

    def by_cosine(scores: Any, tweets: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
        out = {}
        for r, (tid, _) in enumerate(tweets):
            top = np.argpartition(-scores[r], depth)[:depth]
            out[tid] = [vids[i] for i in top[np.argsort(-scores[r][top], kind="stable")]]
        return out

    figures: dict[str, dict[str, float]] = {}
    for split, (rows_of, tweets, vec, qrels) in data.splits.items():
        clean = [(t, strip_post_noise(x) or x) for t, x in tweets]
        ranks = {"fts5": bench_semantic.fts5_rankings(data.vclaims, clean),
                 "claim": by_cosine(vec @ quotes.T, tweets),
                 "title": by_cosine(vec @ data.titles.T, tweets),
                 "claim + title": by_cosine(vec @ quotes.T + vec @ data.titles.T, tweets)}
        model = {}
        for tid, cids, rows, cos, _ in rows_of:
            if not tid.endswith(fit_fusion.ABSENT):
                p = hybrid.calibrated(rows, cos)
                model[tid] = [inv[cids[i]] for i in sorted(range(len(cids)), key=lambda i: -p[i])]
        ev = figures.setdefault(split, {})
        for name in ranks:
            ev[f"{name} alone"] = bench_clef.evaluate(ranks[name], qrels)["map@5"]
        for k in (2, 5, 10):
            for sem in ("claim", "title", "claim + title"):
                fused = {tid: [c for c, _ in reciprocal_rank_fusion([ranks["fts5"][tid], ranks[sem][tid]], k=k, depth=depth)]
                         for tid, _ in tweets}
                ev[f"RRF fts5 + cosine with {sem}, k={k}"] = bench_clef.evaluate(fused, qrels)["map@5"]
                if sem == "claim":
                    ranks[f"plain{k}"] = fused
        plain = ranks["plain5"]
        for k in (2, 20, 60):
            both = {tid: [c for c, _ in reciprocal_rank_fusion([model[tid], plain[tid]], k=k, depth=depth)]
                    for tid, _ in tweets}
            ev[f"shipped model's ranking RRF plain RRF (k=5), k={k}"] = bench_clef.evaluate(both, qrels)["map@5"]
    for name in figures["train"]:
        log(f"| {name} | {figures['train'][name]:.4f} (no fit) | {figures['dev'][name]:.4f} |")


def copies(data: Data, log: Log) -> None:
    """Copies of one claim (a list's copy groups) ordered among themselves by another key."""
    from rapidfuzz import fuzz

    from claimtrack.matching.noise import strip_post_noise

    def key_of(name: str, split: str, n: int, row: Any) -> list[float]:
        tweets, vec = data.splits[split][1], data.splits[split][2]
        cids, rows = row[1], row[2]
        if name == "title cosine":
            return [float(data.titles[data.vclaim(c)] @ vec[n // 2]) for c in cids]
        if name == "title words":
            text = tweets[n // 2][1]
            q = (strip_post_noise(text) or text).lower()
            return [fuzz.token_set_ratio(q, (data.vclaims[data.vclaim(c)][2] or "").lower()) for c in cids]
        return [r.lexical for r in rows]

    for name in ("title cosine", "title words", "lexical score"):
        got = []
        for split, (rows_of, _, _, qrels) in data.splits.items():
            scored = []
            for n, row in enumerate(rows_of):
                tid, cids, rows, cos, labels = row
                p = list(hybrid.calibrated(rows, cos))
                key = key_of(name, split, n, row) if cids else []
                groups: dict[int, list[int]] = {}
                for i, r in enumerate(rows):
                    if r.group >= 0:
                        groups.setdefault(r.group, []).append(i)
                for members in groups.values():
                    best = sorted((p[i] for i in members), reverse=True)
                    for i, value in zip(sorted(members, key=lambda i: -key[i]), best, strict=True):
                        p[i] = value
                scored.append((tid, cids, p, labels))
            got.append(fit_fusion.ranking_figures(scored, qrels, data.ids)["map@5"])
        log(f"| copies ordered by {name} | {got[0]:.4f} (no fit) | {got[1]:.4f} |")


def run(cache: Path, log: Log = print, experiments: Sequence[str] = EXPERIMENTS) -> None:
    data = Data(cache)
    cv, dev = judged(data, None)
    log("| experiment | CV train | dev |\n|---|---|---|")
    log(f"| shipped model (12 features) | {cv:.4f} | {dev:.4f} |")
    for name in experiments:
        {"bm25": bm25, "tokens": tokens, "adapter": adapter, "rrf": rrf, "copies": copies}[name](data, log)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, required=True, help="fit_hybrid.py's --cache folder")
    parser.add_argument("--experiment", choices=EXPERIMENTS, action="append", help="only these")
    args = parser.parse_args()
    run(args.cache, experiments=args.experiment or EXPERIMENTS)
