r"""Fit the semantic extra's calibrated score (:mod:`claimtrack.matching.hybrid`) on CLEF *train*.

As ``bench/fit_fusion.py`` does for the lexical model, with the semantic
model added: a claimtrack database of the 10,375 verified claims, each
claim's statement embedded (``claimtrack embed``'s work); for each train
tweet, :func:`hybrid.candidates` (the index's candidates and the 100
nearest by meaning, fused by reciprocal rank, first 20 kept) gives the
evidence and each candidate's cosine; a logistic regression on
:func:`hybrid.features` is fitted to "is this the tweet's verified claim".
Each tweet also comes without its verified claims (``#absent``), and copies of
the labelled claim count as right, as in fit_fusion.  The weights are fitted
on the lists whose claim is stored, then rescaled on all lists
(``fit_fusion.fit_ranked``: CV MAP@5 0.9102 against 0.9070 fitted on all
lists at once).  Five folds grouped by
tweet give the out-of-fold figures (MAP@5 of the re-ranking) and the model's
own thresholds by fit_fusion's rule (:func:`choose`: link, the lowest score
>= 0.98 precise over all lists; suggest, the lowest >= 0.95 precise where the
claim is stored with at most 10% false alarms where it is not).
``--variants`` prints the CV MAP@5 of the variants the shipped one was chosen
from (rival floors, copies as rivals, copies labelled right).

Dev is used for nothing but the report after the fit: MAP@5 of ``fts5``
(the index alone), ``similar`` (the default install), ``rrf`` (the index's
and the semantic ranking fused, no model) and ``hybrid`` (the semantic
extra's similar).  Prints the coefficients to paste into hybrid.py.

Run: ``python bench/fit_hybrid.py [--cache DIR] [--variants | --shipped]``
(``--cache``: keep the database and the tweets' vectors there between runs;
embedding the claims takes minutes; ``--shipped``: no fit, the shipped model
beside fts5, the default install's similar and rrf in the same run, and
``match`` on dev at each model's thresholds).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
for p in (str(_ROOT), str(_ROOT / "bench")):
    if p not in sys.path:
        sys.path.insert(0, p)

import bench_clef  # noqa: E402
import clef_db  # noqa: E402
import fit_fusion  # noqa: E402

from claimtrack.matching import fusion, hybrid  # noqa: E402

ABSENT = fit_fusion.ABSENT
Row = tuple[str, list[str], list[Any], list[float], list[int]]


def database(folder: Path, cache: Path, vectors: Any = None) -> tuple[Any, dict[str, str]]:
    """The CLEF claims database with every claim embedded (reused from ``cache``).

    ``vectors``: the claims' embeddings, one row per verified claim in file order, when the
    caller has them (bench_semantic, which embeds the same texts): stored as they are.
    """
    import json

    from claimtrack import ClaimStore
    from claimtrack.matching import semantic

    vclaims, _, _ = bench_clef.load("train", folder)
    path, id_file = cache / "clef-hybrid.db", cache / "clef-hybrid.ids.json"
    if not (path.exists() and id_file.exists()):
        for f in (path, id_file):
            f.unlink(missing_ok=True)
        ids = clef_db.build(vclaims, path)
        id_file.write_text(json.dumps(ids))
    store = ClaimStore(path)
    if vectors is not None and semantic.count_missing(store):
        with store.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO claim_embeddings VALUES (?, ?, ?, ?)",
                [(f"c{n}", semantic.MODEL, len(v), v.astype("<f4").tobytes())
                 for n, v in enumerate(vectors, start=1)])
    semantic.embed_missing(store)
    return store, json.loads(id_file.read_text())


def tweet_vectors(split: str, tweets: Sequence[tuple[str, str]], cache: Path) -> Any:
    """The tweets' embeddings, as ``hybrid`` embeds a query text (post noise stripped)."""
    import numpy as np

    from claimtrack.matching import semantic
    from claimtrack.matching.noise import strip_post_noise

    texts = [strip_post_noise(t) or t for _, t in tweets]
    # keyed by the texts embedded: a change in the cleaning is a new file, never a stale one
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
    path = cache / f"tweets-{split}-{digest}.npy"
    if path.exists():
        return np.load(path)
    vectors = semantic.encode(texts)
    np.save(path, vectors)
    return vectors


def collect(store: Any, ids: dict[str, str], tweets: Sequence[tuple[str, str]], vectors: Any,
            qrels: dict[str, set[str]]) -> list[Row]:
    """Per tweet, twice (as it is, and ``#absent``): ids, evidence, cosines, labels."""
    from claimtrack.matching import build_idf, score_pair

    claims = store.list_claims()
    by_id = {c["id"]: c for c in claims}
    idf = build_idf(claims)
    keep = fusion.CANDIDATES
    out: list[Row] = []
    for (tid, text), vector in zip(tweets, vectors, strict=True):
        relevant = {ids[v] for v in qrels.get(tid, ())}
        found, _, rows, cos = hybrid.candidates(store, text, vector=vector, depth=keep + len(relevant))
        cids = [c["id"] for c in found]
        # a copy of the verified claim (the collection holds some claims twice) is right too,
        # as in fit_fusion: 2 the labelled claim, 1 a copy of it
        right = relevant | {c for c, claim in zip(cids[:keep], found, strict=False)
                            if c not in relevant and any(
                                score_pair(claim, by_id[r], idf).score >= bench_clef.COPY_LEXICAL
                                for r in relevant if r in by_id)}
        out.append((tid, cids[:keep], rows[:keep], cos[:keep],
                    [2 if c in relevant else int(c in right) for c in cids[:keep]]))
        gone = relevant | {c for c, claim in zip(cids, found, strict=True) if c not in relevant
                           and any(score_pair(claim, by_id[r], idf).score >= fit_fusion.COPY
                                   for r in relevant if r in by_id)}
        absent = [(c, r, x) for c, r, x in zip(cids, rows, cos, strict=True) if c not in gone][:keep]
        out.append((tid + ABSENT, [c for c, _, _ in absent],
                    [r._replace(rank=n) for n, (_, r, _) in enumerate(absent, start=1)],
                    [x for _, _, x in absent], [0] * len(absent)))
    return out


def token_vectors(texts: Iterable[str], cache: Path) -> dict[str, Any]:
    """Each text's word-piece vectors (``semantic.token_vectors``, float16), kept in ``cache``
    between runs: about 8,400 texts for CLEF's train and dev lists, minutes to compute."""
    import pickle

    import numpy as np

    from claimtrack.matching import semantic

    path = cache / "token-vectors.pkl"
    vectors: dict[str, Any] = pickle.loads(path.read_bytes()) if path.exists() else {}
    need = sorted(set(texts) - vectors.keys())
    if need:
        vectors.update((t, v.astype(np.float16))
                       for t, v in zip(need, semantic.token_vectors(need), strict=True))
        path.write_bytes(pickle.dumps(vectors))
    return vectors


def aligned(store: Any, tweets: Sequence[tuple[str, str]], data: Sequence[Row],
            cache: Path) -> list[list[float]]:
    """Each list's token alignments (``similar``'s ``align`` feature: :func:`hybrid.alignments`
    of the tweet, as ``similar`` reads a text, with each candidate's embedded text)."""
    import numpy as np

    from claimtrack.matching import semantic
    from claimtrack.matching.alignment import f_scores
    from claimtrack.matching.noise import strip_post_noise

    text_of = {c["id"]: semantic.text_of(c["quote"], c["statement"]) for c in store.list_claims()}
    query = {tid: strip_post_noise(text) or text for tid, text in tweets}
    vectors = token_vectors([*query.values(), *(text_of[c] for _, cids, *_ in data for c in cids)],
                            cache)

    def vec(text: str) -> Any:
        return vectors[text].astype(np.float32)

    return [f_scores(vec(query[tid.removesuffix(ABSENT)]), [vec(text_of[c]) for c in cids])
            for tid, cids, *_ in data]


def design(data: Sequence[Row], copies_right: bool = True,
           align: Sequence[Sequence[float]] | None = None) -> tuple[Any, Any]:
    """Features and labels: the labelled claim and its copies are right, as fit_fusion labels
    them (CV MAP@5 chose it, :func:`variants`); without ``copies_right``, the labelled claim alone.
    With ``align`` (:func:`aligned`), ``similar``'s features (hybrid.SIMILAR_FEATURES)."""
    import numpy as np

    xs, ys = [], []
    for n, (_, _, rows, cos, labels) in enumerate(data):
        a = align[n] if align is not None else None
        for f, y in zip(hybrid.features(rows, cos, align=a), labels, strict=True):
            xs.append((1.0, *f))
            ys.append(y > 0 if copies_right else y == 2)
    return np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)


def scored(data: Sequence[Row], coefficients: Sequence[float],
           align: Sequence[Sequence[float]] | None = None) -> list[tuple[str, list[str], list[float], list[int]]]:
    return [(tid, cids, hybrid.calibrated(rows, cos, coefficients=coefficients,
                                          align=align[n] if align is not None else None), labels)
            for n, (tid, cids, rows, cos, labels) in enumerate(data)]


def fitted(data: Sequence[Row], align: Sequence[Sequence[float]] | None = None,
           copies_right: bool = True) -> tuple[float, ...]:
    """The model fitted on ``data`` as the shipped one is (``fit_fusion.fit_ranked``); with
    ``align``, ``similar``'s model (hybrid.SIMILAR_FEATURES)."""
    x, y = design(data, copies_right, align)
    return tuple(float(v) for v in fit_fusion.fit_ranked(x, y, fit_fusion.stored_rows(data)))


def out_of_fold(data: Sequence[Row], align: Sequence[Sequence[float]] | None = None,
                copies_right: bool = True) -> list[tuple[str, list[str], list[float], list[int]]]:
    """Every list scored by the model :func:`fitted` on the other folds (fit_fusion.split)."""
    def part(at: Sequence[int]) -> tuple[list[Row], list[Sequence[float]] | None]:
        return [data[i] for i in at], [align[i] for i in at] if align is not None else None

    oof: list[tuple[str, list[str], list[float], list[int]]] = []
    for k in range(fit_fusion.FOLDS):
        rest, held = fit_fusion.split(range(len(data)), k)
        rows, rest_align = part(rest)
        held_rows, held_align = part(held)
        oof.extend(scored(held_rows, fitted(rows, rest_align, copies_right), held_align))
    return oof


def match_split(store: Any, ids: dict[str, str], folder: Path, cache: Path,
                log: Any = print, coefficients: Sequence[float] = hybrid.COEFFICIENTS,
                thresholds: tuple[float, float] | None = None, split: str = "dev") -> dict[str, Any]:
    """``match`` on dev (or another reported split), as bench_clef.py --shipped measures it: the
    verified claims and the split's tweets (each its own source), without and with the semantic
    extra's hooks, at the shipped thresholds (surfaced = linked or suggested; precision strict,
    and with copies of the labelled claim counted right; what is linked outright)."""
    import time

    from claimtrack.matching.fused import find_matches

    _, tweets, qrels = bench_clef.load(split, folder)
    vectors = tweet_vectors(split, tweets, cache)
    claims = store.list_claims()
    tweet_claims, tweet_of, truth = bench_clef.match_tweets(tweets, qrels, ids)
    everything = claims + tweet_claims
    copy = bench_clef.copy_judge(claims, everything, truth)

    out: dict[str, Any] = {"true_pairs": len(truth)}
    extra = {f"t{n}": v for n, v in enumerate(vectors, start=1)}
    hybrid_link, hybrid_suggest = thresholds or (hybrid.LINK_THRESHOLD, hybrid.SUGGEST_THRESHOLD)
    for name in ("default", "semantic"):
        link_at, suggest_at = fusion.LINK_THRESHOLD, fusion.SUGGEST_THRESHOLD
        hooks: dict[str, Any] = {}
        if name == "semantic":
            sem = hybrid.MatchSemantics(store, extra=extra, coefficients=coefficients,
                                        thresholds=(hybrid_link, hybrid_suggest))
            hooks = {"neighbours": sem, "scorer": sem}
            link_at, suggest_at = hybrid_link, hybrid_suggest
        start, cpu = time.perf_counter(), time.process_time()
        found = find_matches(everything, link_threshold=link_at, suggest_threshold=1.0, **hooks)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        shipped = [m for m in found if m.score >= suggest_at]
        tweets_set = set(tweet_of)
        surfaced = bench_clef._match_curve(shipped, truth, tweets_set, [suggest_at], copy)[0]
        links = bench_clef._match_curve([m for m in shipped if m.decision == "link"], truth, tweets_set,
                                        [suggest_at], copy)[0]
        curve = bench_clef._match_curve(found, truth, tweets_set,
                                        sorted({30.0, 50.0, 60.0, 71.0, 80.0, 92.0, 95.0,
                                                suggest_at, link_at}), copy)
        best = bench_clef.best_recall(found, truth, tweets_set, copy)
        out[name] = {"thresholds": (link_at, suggest_at), "surfaced": surfaced, "linked": links,
                     "curve": curve, "best_any_threshold": best, "seconds": round(seconds, 1),
                     "cpu_seconds": round(cpu, 1)}
        log(f"match on {split}, {name} (link {link_at:g}, suggest {suggest_at:g}): surfaced {surfaced['pairs']} tweet-claim pairs, recall "
            f"{surfaced['recall']:.3f}, precision {surfaced['precision']:.3f} strict, "
            f"{surfaced['precision_copies']:.3f} with copies; linked {links['pairs']}, recall "
            f"{links['recall']:.3f}, precision {links['precision']:.3f} strict, "
            f"{links['precision_copies']:.3f} with copies ({seconds:.0f} s, {cpu:.0f} s CPU)")
        for row in curve:
            log(f"    at {row['threshold']:g}: {row['pairs']} pairs, precision {row['precision']:.3f} "
                f"({row['precision_copies']:.3f} with copies), recall {row['recall']:.3f}")
        log("    " + bench_clef.describe_best(best, split))
    return out


def baselines(store: Any, ids: dict[str, str], folder: Path, log: Any = print) -> dict[str, Any]:
    """MAP@5 on train and dev of what the shipped extra is compared with, in the same run:
    ``fts5`` (SQLite FTS5 alone), ``similar`` of the default install (the lexical model) and
    ``rrf`` (FTS5 and MiniLM fused by reciprocal rank, k chosen on train, no model), as
    bench_semantic.py measures them, over this run's stored vectors."""
    import bench_semantic

    from claimtrack.matching import semantic

    vclaims, _, _ = bench_clef.load("train", folder)
    clef_of = {cid: vid for vid, cid in ids.items()}
    stored_ids, matrix = semantic.stored(store)
    vids = [clef_of[c] for c in stored_ids]
    out: dict[str, Any] = {}
    ranks: dict[str, dict[str, dict[str, list[str]]]] = {}
    qrels_of = {}
    for split in ("train", "dev"):
        _, tweets, qrels = bench_clef.load(split, folder)
        qrels_of[split] = qrels
        clean = [(t, bench_clef.clean_tweet(x)) for t, x in tweets]
        ranks[split] = {"fts5": bench_semantic.fts5_rankings(vclaims, clean),
                        "semantic": bench_semantic.semantic_rankings(vids, matrix, clean)}
        data = fit_fusion.collect(store, ids, tweets, qrels)
        out[split] = {"similar": fit_fusion.ranking_figures(
            fit_fusion.scored(data, fusion.COEFFICIENTS), qrels, ids)}
    grid = {k: bench_clef.evaluate(bench_semantic._fuse(ranks["train"]["fts5"], ranks["train"]["semantic"], k),
                                   qrels_of["train"])["map@5"] for k in bench_semantic.K_GRID}
    k_best = max(bench_semantic.K_GRID, key=lambda k: (grid[k], -k))
    out["k"] = k_best
    for split in ("train", "dev"):
        ranks[split]["rrf"] = bench_semantic._fuse(ranks[split]["fts5"], ranks[split]["semantic"], k_best)
        for method in ("fts5", "semantic", "rrf"):
            out[split][method] = bench_clef.evaluate(ranks[split][method], qrels_of[split])
        log(f"{split} MAP@5: fts5 {out[split]['fts5']['map@5']:.4f}, semantic alone "
            f"{out[split]['semantic']['map@5']:.4f}, rrf (k={k_best}, chosen on train) "
            f"{out[split]['rrf']['map@5']:.4f}, similar default install "
            f"{out[split]['similar']['map@5']:.4f}")
    return out


def shipped(folder: Path, work: Path, log: Any = print, vectors: Any = None,
            with_match: bool = True, with_baselines: bool = False) -> dict[str, Any]:
    """The shipped model (hybrid.COEFFICIENTS) on CLEF: MAP@5 of ``similar`` with the extra on
    train (in-sample; the fit prints the CV figure), dev and any held-out split
    (:func:`bench_clef.held_out_splits`), and ``match`` on each of those but train."""
    store, ids = database(folder, work, vectors)
    out: dict[str, Any] = {}
    try:
        if with_baselines:
            out["baselines"] = baselines(store, ids, folder, log)
        reported = bench_clef.reported_splits(folder)
        for split in ("train", *reported):
            _, tweets, qrels = bench_clef.load(split, folder)
            data = collect(store, ids, tweets, tweet_vectors(split, tweets, work), qrels)
            align = aligned(store, tweets, data, work)
            out[split] = fit_fusion.ranking_figures(scored(data, hybrid.SIMILAR_COEFFICIENTS, align),
                                                    qrels, ids)
            out[split + "_match_model"] = fit_fusion.ranking_figures(
                scored(data, hybrid.COEFFICIENTS), qrels, ids)
        log(f"claimtrack similar with the extra (hybrid.py: index and semantic candidates, calibrated "
            f"model with the cosine and the token alignment): MAP@5 train {out['train']['map@5']:.4f} "
            f"(in-sample), dev {out['dev']['map@5']:.4f}; match's model (no alignment) ranks them "
            f"{out['train_match_model']['map@5']:.4f} / {out['dev_match_model']['map@5']:.4f}")
        for split in reported[1:]:
            log(f"  held-out split {split}: MAP@5 {out[split]['map@5']:.4f}; match's model "
                f"{out[split + '_match_model']['map@5']:.4f}")
        # the same figure from the command's own code path: hybrid.similar for every tweet
        clef_of = {cid: vid for vid, cid in ids.items()}
        st = hybrid.state(store, count=False)
        for split in reported:
            _, tweets, qrels = bench_clef.load(split, folder)
            ranked = {tid: [clef_of[nb.claim["id"]]
                            for nb in hybrid.similar(store, text, fusion.CANDIDATES, st=st)]
                      for tid, text in tweets}
            out[split + "_end_to_end"] = bench_clef.evaluate(ranked, qrels)
            log(f"  the same, by hybrid.similar itself on each {split} tweet: MAP@5 "
                f"{out[split + '_end_to_end']['map@5']:.4f}")
        if with_match:
            for split in reported:
                out["match_" + split] = match_split(store, ids, folder, work, log, split=split)
    finally:
        store.close()
    return out


def variants(store: Any, ids: dict[str, str], folder: Path, work: Path, log: Any = print) -> None:
    """5-fold CV MAP@5 on train (grouped by tweet) of the model's variants: the lexical rival
    floors (0.30 / 0.10 as first fitted, 0.50 / 0.20 as the lexical model's now), copies of one
    claim as rivals or not (hybrid.COPIES_ARE_RIVALS), copies labelled right or not; with the
    thresholds fusion's rule gives each.  The shipped one is the best CV MAP@5."""
    _, tweets, qrels = bench_clef.load("train", folder)
    data = collect(store, ids, tweets, tweet_vectors("train", tweets, work), qrels)
    n_true = sum(len(v) for v in qrels.values())
    shipped = (hybrid.COPIES_ARE_RIVALS, hybrid.LEXICAL_RIVALS)
    try:
        for rivals_too in (True, False):
            for floors in ((0.30, 0.10), (fusion.RIVAL_LEXICAL, fusion.RIVAL_COVER)):
                for copies_right in (False, True):
                    hybrid.COPIES_ARE_RIVALS, hybrid.LEXICAL_RIVALS = rivals_too, floors
                    oof = out_of_fold(data, copies_right=copies_right)
                    cv = fit_fusion.ranking_figures(oof, qrels, ids)["map@5"]
                    link, suggest = choose(oof, n_true, len(tweets), log=lambda *a: None)
                    log(f"copies as rivals {rivals_too!s:5}, floors {floors[0]:.2f} / {floors[1]:.2f}, "
                        f"copies labelled {'right' if copies_right else 'wrong'}: CV MAP@5 {cv:.4f}, "
                        f"thresholds link {link} suggest {suggest}")
    finally:
        hybrid.COPIES_ARE_RIVALS, hybrid.LEXICAL_RIVALS = shipped


def choose(oof: Sequence[tuple[str, list[str], list[float], list[int]]], n_true: int, n_tweets: int,
           log: Any = print) -> tuple[int, int]:
    """The link and suggest thresholds by fit_fusion's rule, from out-of-fold scores on train.

    Link: the lowest whole score from which pairs are >= fit_fusion.LINK_PRECISION precise over
    all lists (half without their claim).  Suggest: the lowest whole score from which pairs
    are >= fit_fusion.SUGGEST_PRECISION precise on the lists whose claim is stored, and at
    which at most fit_fusion.SUGGEST_FALSE_ALARMS of the texts whose claim is not stored get
    a candidate that high.
    """
    points = fit_fusion.curve(oof, n_true)
    present_points = fit_fusion.curve(oof, n_true, present_only=True)
    alarms = {t: sum(1 for tid, _, scores, _ in oof if tid.endswith(ABSENT) and scores
                     and max(scores) >= t) / n_tweets for t in range(1, 100)}
    link = fit_fusion.threshold(points, fit_fusion.LINK_PRECISION)
    suggest = max(fit_fusion.threshold(present_points, fit_fusion.SUGGEST_PRECISION),
                  min(t for t in range(1, 100) if alarms[t] <= fit_fusion.SUGGEST_FALSE_ALARMS))
    log(f"thresholds (out of fold, train): link {link} (precision >= {fit_fusion.LINK_PRECISION} "
        f"over all lists), suggest {suggest} (precision >= {fit_fusion.SUGGEST_PRECISION} on the "
        f"lists whose claim is stored, at most {fit_fusion.SUGGEST_FALSE_ALARMS} false alarms)")
    log("  out of fold, train: all lists (half without the claim) | lists with the claim stored "
        "| share of tweets whose list without the claim has a candidate at or above")
    by_t = {t: (p, r, n) for t, p, r, n in points}
    present = {t: (p, r, n) for t, p, r, n in present_points}
    for t in sorted({suggest, link, min(99, link + 1), 30, 40, 50, 60, 70, 80, 90,
                     int(hybrid.SUGGEST_THRESHOLD), int(hybrid.LINK_THRESHOLD)}):
        p, r, n = by_t[t]
        pp, rp, np_ = present[t]
        log(f"  CV train at {t:2d}: precision {p:.3f} recall {r:.3f} ({n} pairs) | precision "
            f"{pp:.3f} recall {rp:.3f} ({np_} pairs) | false alarms {alarms[t]:.3f}")
    return link, suggest


def run(folder: Path | None = None, cache: Path | None = None, log: Any = print,
        with_match: bool = True) -> dict[str, Any]:
    folder = folder or bench_clef.data_dir()
    with tempfile.TemporaryDirectory(prefix="claimtrack-hybrid-") as tmp:
        work = cache or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        store, ids = database(folder, work)
        try:
            _, tweets, qrels = bench_clef.load("train", folder)
            data = collect(store, ids, tweets, tweet_vectors("train", tweets, work), qrels)
            n_true = sum(len(v) for v in qrels.values())
            coefficients = tuple(round(v, 4) for v in fitted(data))
            oof = out_of_fold(data)
            cv = fit_fusion.ranking_figures(oof, qrels, ids)
            ins = fit_fusion.ranking_figures(scored(data, coefficients), qrels, ids)
            log("COEFFICIENTS = " + repr(coefficients))
            log(f"train MAP@5 in-sample {ins['map@5']:.4f}, {fit_fusion.FOLDS}-fold CV (grouped by "
                f"tweet) {cv['map@5']:.4f}")
            link, suggest = choose(oof, n_true, len(tweets), log)
            results: dict[str, Any] = {"coefficients": coefficients, "cv_map5": cv["map@5"],
                                       "insample_map5": ins["map@5"], "link": link, "suggest": suggest}
            # dev: reported only
            _, dev_tweets, dev_qrels = bench_clef.load("dev", folder)
            dev = collect(store, ids, dev_tweets, tweet_vectors("dev", dev_tweets, work), dev_qrels)
            results["dev"] = fit_fusion.ranking_figures(scored(dev, coefficients), dev_qrels, ids)
            results["dev_shipped"] = fit_fusion.ranking_figures(
                scored(dev, hybrid.COEFFICIENTS), dev_qrels, ids)
            log(f"dev MAP@5 with these coefficients {results['dev']['map@5']:.4f} "
                f"(with hybrid.COEFFICIENTS as shipped: {results['dev_shipped']['map@5']:.4f})")
            # similar's model: the same evidence and the token alignment (SIMILAR_COEFFICIENTS)
            align = aligned(store, tweets, data, work)
            similar_coefficients = tuple(round(v, 4) for v in fitted(data, align))
            oof = out_of_fold(data, align)
            dev_align = aligned(store, dev_tweets, dev, work)
            results["similar"] = {
                "coefficients": similar_coefficients,
                "cv_map5": fit_fusion.ranking_figures(oof, qrels, ids)["map@5"],
                "dev": fit_fusion.ranking_figures(scored(dev, similar_coefficients, dev_align),
                                                  dev_qrels, ids)}
            log("SIMILAR_COEFFICIENTS = " + repr(similar_coefficients))
            log(f"similar's model (with the token alignment): train {fit_fusion.FOLDS}-fold CV MAP@5 "
                f"{results['similar']['cv_map5']:.4f}, dev {results['similar']['dev']['map@5']:.4f}")
            if with_match:
                results["match_dev"] = match_split(store, ids, folder, work, log, coefficients,
                                                   (float(link), float(suggest)))
        finally:
            store.close()
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="keep the database and vectors here between runs")
    parser.add_argument("--no-match", action="store_true", help="skip match on dev (minutes)")
    parser.add_argument("--variants", action="store_true",
                        help="no fit: CV MAP@5 on train of the model's variants (rival floors, copies)")
    parser.add_argument("--shipped", action="store_true",
                        help="no fit: the shipped model on train and dev beside fts5, the default "
                             "install's similar and rrf in the same run, and match on dev")
    args = parser.parse_args()
    if args.variants:
        with tempfile.TemporaryDirectory(prefix="claimtrack-hybrid-") as tmp:
            work = args.cache or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            folder = bench_clef.data_dir()
            store, ids = database(folder, work)
            try:
                variants(store, ids, folder, work)
            finally:
                store.close()
    elif args.shipped:
        with tempfile.TemporaryDirectory(prefix="claimtrack-hybrid-") as tmp:
            work = args.cache or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            shipped(bench_clef.data_dir(), work, with_match=not args.no_match, with_baselines=True)
    else:
        run(cache=args.cache, with_match=not args.no_match)
