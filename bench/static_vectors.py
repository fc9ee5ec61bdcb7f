"""Experiment (tenth session, not shipped): word vectors distilled from MiniLM for the default install.

The question: can the default install (no model at run time) get some of the
semantic extra's recall from a table of static word vectors?  The table is made
once with the extra: all-MiniLM-L6-v2 (``semantic.encode``) embeds each of the
100,000 most frequent words of ``wordsegment``'s English counts (a dependency
already) on its own, about 85 s here.  A text's vector is the SIF-weighted sum
of its words' vectors (weight a / (a + p(word)), p from the same counts), less
its projection on the claims' first singular vector, L2-normalised.  The smoothing
``a`` was read on train (1e-3, 1e-4, 1e-5: 1e-4 best, with the projection).

Printed, on train and dev: the static vectors alone (MAP@5, and recall at 20 and
100), and ``match``'s blocking recall if each tweet's list also held its K
nearest verified claims by static vector.  With ``--cache DIR``,
a copy of ``fit_hybrid.py``'s cache (``--from``, default /tmp/hybrid-cache) in DIR
whose claim and tweet vectors are the static ones, so that
``python bench/fit_hybrid.py --cache DIR`` fits and measures the fused model
with static vectors in the semantic slot (figures in bench/NOTES.md).

Run: ``python bench/static_vectors.py [--cache DIR] [--from DIR]`` (needs the extra).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
for p in (str(_ROOT), str(_ROOT / "bench")):
    if p not in sys.path:
        sys.path.insert(0, p)

import bench_clef  # noqa: E402

WORDS = 100_000
SMOOTHING = 1e-4
#: Words as wordsegment spells them (lower-case letters and digits), the table's vocabulary;
#: not the matcher's content words: SIF's weights, not a stop list, quieten common words.
_WORD = re.compile(r"[a-z0-9]+")


class StaticVectors:
    """The word table and the text vectors made from it."""

    def __init__(self, words: int = WORDS, smoothing: float = SMOOTHING) -> None:
        import numpy as np
        import wordsegment

        from claimtrack.matching import semantic

        wordsegment.load()
        counts = wordsegment.UNIGRAMS
        self.words = sorted(counts, key=lambda w: -counts[w])[:words]
        self.index = {w: i for i, w in enumerate(self.words)}
        total = sum(counts.values())
        p = np.array([counts[w] / total for w in self.words])
        self.weight = smoothing / (smoothing + p)
        self.table = semantic.encode(self.words, batch_size=256).astype(np.float32)
        self.common: Any = None

    def raw(self, texts: list[str]) -> Any:
        import numpy as np

        out = np.zeros((len(texts), self.table.shape[1]), np.float32)
        for n, text in enumerate(texts):
            rows = [self.index[w] for w in _WORD.findall(text.lower()) if w in self.index]
            if rows:
                out[n] = (self.table[rows] * self.weight[rows, None]).sum(0)
        return out

    def fit(self, texts: list[str]) -> Any:
        """The vectors of the collection's texts; remembers its first singular vector."""
        import numpy as np

        x = self.raw(texts)
        self.common = np.linalg.svd(x, full_matrices=False)[2][0]
        return self.finish(x)

    def finish(self, x: Any) -> Any:
        import numpy as np

        x = x - np.outer(x @ self.common, self.common)
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return (x / norms).astype(np.float32)

    def encode(self, texts: list[str]) -> Any:
        return self.finish(self.raw(texts))


def measure(sv: StaticVectors, folder: Path) -> None:
    """Per split: the static vectors alone (MAP@5, a right claim among the first 20 and 100),
    and ``match``'s blocking recall (as bench_blocking measures it, shipped setting) when each
    tweet's list also holds its K nearest verified claims by static vector."""
    import tempfile

    import clef_db
    import numpy as np

    from claimtrack import ClaimStore
    from claimtrack.matching import fused
    from claimtrack.matching.noise import strip_post_noise

    vclaims, _, _ = bench_clef.load("train", folder)
    with tempfile.TemporaryDirectory(prefix="claimtrack-static-") as tmp:
        ids = clef_db.build(vclaims, Path(tmp) / "clef.db")
        store = ClaimStore(Path(tmp) / "clef.db")
        claims = store.list_claims()
        store.close()
    clef_of = {cid: vid for vid, cid in ids.items()}
    row = {c["id"]: n for n, c in enumerate(claims)}
    vectors = sv.fit([c["quote"] for c in claims])
    for split in ("train", "dev"):
        _, tweets, qrels = bench_clef.load(split, folder)
        near = np.argsort(-(sv.encode([strip_post_noise(t) or t for _, t in tweets]) @ vectors.T),
                          axis=1)[:, :200]
        ranked = {tid: [clef_of[claims[j]["id"]] for j in near[i][:100]]
                  for i, (tid, _) in enumerate(tweets)}
        m = bench_clef.evaluate(ranked, qrels)
        at = {k: np.mean([bool(set(ranked[tid][:k]) & qrels[tid]) for tid, _ in tweets if tid in qrels])
              for k in (20, 100)}
        print(f"{split}: static vectors alone MAP@5 {m['map@5']:.3f}, right claim in the first 20 "
              f"{at[20]:.3f}, in the first 100 {at[100]:.3f}")
        tweet_claims = [{"id": f"t{n}", "source": f"tweet-{tid}", "statement": t, "quote": t}
                        for n, (tid, t) in enumerate(tweets, start=1)]
        compared = fused.compared_pairs(claims + tweet_claims)
        truth = [(n, ids[v]) for n, (tid, _) in enumerate(tweets, start=1) for v in qrels.get(tid, ())]
        seen = [(f"t{n}", c) in compared or (c, f"t{n}") in compared for n, c in truth]
        line = [f"{split}: blocking recall {np.mean(seen):.3f}"]
        for k in (10, 20, 50, 100, 200):
            got = [s or row[c] in near[n - 1][:k] for (n, c), s in zip(truth, seen, strict=True)]
            line.append(f"with {k} nearest {np.mean(got):.3f}")
        print(", ".join(line))


def cache(sv: StaticVectors, source: Path, target: Path, folder: Path) -> None:
    """A copy of fit_hybrid's cache with the static vectors in place of MiniLM's."""
    import numpy as np

    from claimtrack.matching import semantic
    from claimtrack.matching.noise import strip_post_noise

    target.mkdir(parents=True, exist_ok=True)
    for name in ("clef-hybrid.db", "clef-hybrid.ids.json", "token-vectors.pkl"):
        if (source / name).exists():
            shutil.copy(source / name, target / name)
    db = sqlite3.connect(target / "clef-hybrid.db")
    rows = db.execute("SELECT id, quote, statement FROM claims").fetchall()
    vectors = sv.fit([semantic.text_of(q, s) for _, q, s in rows])
    with db:
        db.executemany("UPDATE claim_embeddings SET vector = ? WHERE claim_id = ?",
                       [(v.astype("<f4").tobytes(), r[0]) for v, r in zip(vectors, rows, strict=True)])
    db.close()
    for split in ("train", "dev"):
        _, tweets, _ = bench_clef.load(split, folder)
        texts = [strip_post_noise(t) or t for _, t in tweets]
        digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]  # as fit_hybrid keys it
        np.save(target / f"tweets-{split}-{digest}.npy", sv.encode(texts))
    print(f"cache written: python bench/fit_hybrid.py --cache {target}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="write a fit_hybrid cache with static vectors here")
    parser.add_argument("--from", dest="source", type=Path, default=Path("/tmp/hybrid-cache"),
                        help="fit_hybrid's own cache (the database with every claim embedded)")
    args = parser.parse_args()
    folder = bench_clef.data_dir()
    sv = StaticVectors()
    measure(sv, folder)
    if args.cache:
        cache(sv, args.source, args.cache, folder)
