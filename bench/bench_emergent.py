"""Stance on public news data: Emergent (claim headline vs article headline), train split.

``python bench/bench_emergent.py`` (or ``make bench``) prints, for the 2,071 train rows of
``../shared/bench-data/emergent/`` (README.md there gives the data, metric and baseline):

* the negation/hedge cue rule (the data folder's own implementation, ``score_emergent.py``)
  and claimtrack's :func:`claimtrack.contradictions.stance.stance` in the same run: accuracy, macro-F1 and
  against P/R/F1, with stances mapped ``denies -> against``, ``hedges``/``reports ->
  observing``, ``asserts -> for``;
* the contradiction detector on the same pairs (a contradiction found -> against), beside
  the figure of the detector before issue 18 (measured at a75c005 with this script);
* 10-fold cross-validation grouped by claim (no claimId on both sides of a fold):
  per-fold against-F1 of both systems on the held-out claims, and the pooled figure of the
  *revisions* (the rule groups added after reading misclassified train rows) when each is
  kept or dropped by its against-F1 on the other nine folds.  See NOTES.md for what this
  does and does not measure.

The test split (524 rows, 60 claims) is held back.  When its owners drop it beside train
(``url-versions-2015-06-14-clean-test.csv``, same format; any other
``url-versions-2015-06-14-clean-<name>.csv`` but train and the origin's cross-validation
folds counts too), each such split gets a section of its own: the cue rule and claimtrack
stance as shipped (nothing fitted on it), with the against-F1 target.  Without one, a line
says so.
"""

from __future__ import annotations

import importlib.util
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent.parent / "shared" / "bench-data" / "emergent"
if not DATA.exists():  # a worktree at /work/wt/x or the main repo at /work/main
    DATA = ROOT.parent / "shared" / "bench-data" / "emergent"
if os.environ.get("CLAIMTRACK_BENCH_DATA"):  # the folder of all bench data sets, as the others
    DATA = Path(os.environ["CLAIMTRACK_BENCH_DATA"]) / "emergent"
sys.path.insert(0, str(ROOT))

from claimtrack.contradictions import stance as stance_module  # noqa: E402

#: Stance label -> Emergent label.
EMERGENT = {"denies": "against", "hedges": "observing", "reports": "observing",
            "asserts": "for"}
FOLDS = 10
TARGET = 0.80
#: The data files, by split name: ``SPLIT_FILE.format("train")`` is the train split.
SPLIT_FILE = "url-versions-2015-06-14-clean-{}.csv"


def scorer(data: Path = DATA) -> ModuleType:
    """The data folder's ``score_emergent.py`` (its cue rule and measures), imported by path."""
    spec = importlib.util.spec_from_file_location("score_emergent", data / "score_emergent.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(data / "score_emergent.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(rows: Sequence[dict[str, str]]) -> list[str]:
    """claimtrack's stance of each article headline toward its claim, as an Emergent label."""
    return [EMERGENT[stance_module.stance(r["articleHeadline"], toward=r["claimHeadline"]).label]
            for r in rows]


#: The detector's against-F1 before issue 18 (commit a75c005, this script's detector row).
OLD_DETECTOR_AGAINST_F1 = 0.1210


def detector(rows: Sequence[dict[str, str]]) -> list[str]:
    """The contradiction detector on each (claim, headline) pair: a contradiction -> against."""
    from claimtrack.contradictions import detect

    out = []
    for r in rows:
        a = {"id": "a", "source": "claim", "statement": r["claimHeadline"]}
        b = {"id": "b", "source": "article", "statement": r["articleHeadline"]}
        out.append("against" if detect([a, b], candidate_pairs=[("a", "b")]) else "for")
    return out


def folds(rows: Sequence[dict[str, str]], k: int = FOLDS) -> list[int]:
    """A fold number per row; whole claims go to one fold (claims shuffled with seed 0)."""
    claims = sorted({r["claimId"] for r in rows})
    random.Random(0).shuffle(claims)
    fold_of = {c: i % k for i, c in enumerate(claims)}
    return [fold_of[r["claimId"]] for r in rows]


# --------------------------------------------------------------------------- the revisions

# Each revision is a group of rules added to the first draft after reading misclassified
# train rows.  Switching one off restores the first draft's behaviour for that group.
_EXTRA_REFUTATIONS = frozenset(
    "quash quashes quashed squash squashes squashed dispel dispels dispelled rebuff rebuffs "
    "rebuffed repudiate repudiates repudiated contradict contradicts contradicted bullshit bs "
    "nope".split())
_EXTRA_PHRASES = ("record straight", "shoots down", "shoot down", "put to rest", "puts to rest")
_EXTRA_IDIOMS = ("no idea", "not sure", "or not", "may or may not", "confirm or deny",
                 "confirms or denies")
_FIRST_OPPOSITES = (("dead", "alive"), ("died", "alive"), ("death", "alive"),
                    ("true", "false"), ("real", "fake"))


def _never(*_: object) -> bool:
    return False


def _keep(_: object, cues: list[str]) -> list[str]:
    return cues


REVISIONS: dict[str, dict[str, Any]] = {
    "more refutation words": {
        "REFUTATION_CUES": stance_module.REFUTATION_CUES - _EXTRA_REFUTATIONS,
        "REFUTATION_PHRASES": tuple(p for p in stance_module.REFUTATION_PHRASES
                                    if p not in _EXTRA_PHRASES)},
    "idioms that do not deny": {
        "NOT_A_DENIAL": tuple(p for p in stance_module.NOT_A_DENIAL if p not in _EXTRA_IDIOMS)},
    "more opposites": {"OPPOSITES": _FIRST_OPPOSITES},
    "negation in a subordinate clause": {"_subordinate": _never},
    "double negation": {"_cancel_double_negation": _keep},
}


@contextmanager
def without(names: Sequence[str]) -> Iterator[None]:
    """The stance module with the named revisions switched off, for the duration."""
    saved: dict[str, Any] = {}
    try:
        for name in names:
            for attr, value in REVISIONS[name].items():
                saved.setdefault(attr, getattr(stance_module, attr))
                setattr(stance_module, attr, value)
        yield
    finally:
        for attr, value in saved.items():
            setattr(stance_module, attr, value)


def _against_f1(gold: Sequence[str], pred: Sequence[str], se: ModuleType) -> float:
    return float(se.prf(gold, pred, "against")[2])


def revision_cv(rows: Sequence[dict[str, str]], fold: Sequence[int],
                se: ModuleType) -> tuple[list[str | None], list[dict[str, bool]]]:
    """Pooled held-out predictions when each revision is kept by the other folds' against-F1.

    Each revision is judged on its own: kept when the nine training folds score at least
    as well with it (all other revisions on) as without it.
    """
    gold = [r["articleHeadlineStance"] for r in rows]
    full = predict(rows)
    ablated = {}
    for name in REVISIONS:
        with without([name]):
            ablated[name] = predict(rows)
    pooled: list[str | None] = [None] * len(rows)
    choices = []
    for k in sorted(set(fold)):
        train = [i for i, f in enumerate(fold) if f != k]
        test = [i for i, f in enumerate(fold) if f == k]
        g = [gold[i] for i in train]
        keep = {name: _against_f1(g, [full[i] for i in train], se)
                >= _against_f1(g, [ablated[name][i] for i in train], se) for name in REVISIONS}
        choices.append(keep)
        with without([n for n, kept in keep.items() if not kept]):
            chosen = predict([rows[i] for i in test])
        for i, label in zip(test, chosen, strict=True):
            pooled[i] = label
    return pooled, choices


def target_met(against_f1: float, cue_against_f1: float) -> bool:
    """The target: against-F1 at least :data:`TARGET` and above the cue rule's."""
    return against_f1 >= TARGET and against_f1 > cue_against_f1


def held_out_splits(data: Path = DATA) -> list[tuple[str, Path]]:
    """(name, file) of each split beside train, by name; not train, not the origin's CV folds
    (``...-train-fold-N`` / ``...-test-fold-N``, cut from the train file)."""
    prefix, suffix = SPLIT_FILE.split("{}")
    out = []
    for path in sorted(data.glob(SPLIT_FILE.format("*"))):
        name = path.name[len(prefix):-len(suffix)]
        if name != "train" and "-fold-" not in name:
            out.append((name, path))
    return out


def report_held_out(se: ModuleType, data: Path = DATA) -> dict[str, dict[str, Any]]:
    """Print a section per held-out split (cue rule and claimtrack stance as shipped, no
    fitting on it) and return its figures by split name; a line when there is none."""
    splits = held_out_splits(data)
    if not splits:
        print(f"\nNo held-out split found in {data} (train only).")
        return {}
    out = {}
    for name, path in splits:
        rows = se.load_train(str(path))
        gold = [r["articleHeadlineStance"] for r in rows]
        cue = [se.cue_rule(r["claimHeadline"], r["articleHeadline"]) for r in rows]
        ours = predict(rows)
        accuracy, macro, per_class = se.measures(gold, ours)
        against, cue_f1 = per_class["against"][2], _against_f1(gold, cue, se)
        met = target_met(against, cue_f1)
        print(f"\n### Held-out split: {name} ({len(rows):,} rows, "
              f"{len({r['claimId'] for r in rows})} claims)\n")
        print(se.TABLE_HEAD)
        print(se.table_row("negation/hedge cue rule (baseline)", gold, cue))
        print(se.table_row("claimtrack stance", gold, ours))
        print(f"\nTarget against-F1 >= {TARGET:.2f} and above the cue rule on {name}: "
              f"{against:.4f} vs {cue_f1:.4f} ({'met' if met else 'NOT met'}).")
        out[name] = {"rows": len(rows), "against_f1": against, "cue_against_f1": cue_f1,
                     "accuracy": accuracy, "macro_f1": macro, "target_met": met}
    return out


# --------------------------------------------------------------------------- the report


def run(data: Path = DATA) -> dict[str, Any]:
    """Print the section (and one per held-out split) and return the figures (for
    ``make bench``)."""
    se = scorer(data)
    rows = se.load_train(str(data / SPLIT_FILE.format("train")))
    gold = [r["articleHeadlineStance"] for r in rows]
    cue = [se.cue_rule(r["claimHeadline"], r["articleHeadline"]) for r in rows]
    start = time.perf_counter()
    ours = predict(rows)
    seconds = time.perf_counter() - start
    found = detector(rows)
    fold = folds(rows)
    pooled, choices = revision_cv(rows, fold, se)

    print("## Stance on Emergent (claim vs headline, train split)\n")
    print(f"{len(rows):,} rows, {len({r['claimId'] for r in rows})} claims; the cue rule is "
          "`score_emergent.py`'s own; stances mapped denies -> against, hedges/reports -> "
          "observing, asserts -> for. In-sample figures (every row scored once):\n")
    print(se.TABLE_HEAD)
    print(se.table_row("negation/hedge cue rule (baseline)", gold, cue))
    print(se.table_row("claimtrack stance", gold, ours))
    print(se.table_row("claimtrack stance, revisions chosen by the other folds (CV)",
                       gold, pooled))
    with without(list(REVISIONS)):
        print(se.table_row("claimtrack stance, every revision off (the first draft)", gold,
                           predict(rows)))
    det_p, det_r, det_f1 = se.prf(gold, found, "against")
    print(f"\nThe contradiction detector on the same pairs (claim and headline as two claims; "
          f"any contradiction -> against): against P {det_p:.4f}, R {det_r:.4f}, F1 "
          f"{det_f1:.4f}; before issue 18 (a75c005): F1 {OLD_DETECTOR_AGAINST_F1:.4f}.")
    print(f"claimtrack stance took {seconds * 1000:.0f} ms for {len(rows):,} headlines.\n")
    print("Confusion matrix, claimtrack stance (rows gold, columns predicted):\n")
    print(se.confusion(gold, ours))

    print(f"\n{FOLDS}-fold cross-validation grouped by claim (whole claims held out): "
          "against-F1 on each held-out fold\n")
    print("| fold | claims | rows | cue rule | claimtrack stance | stance, revisions by CV |")
    print("|---|---|---|---|---|---|")
    per_fold: dict[str, list[float]] = {"cue": [], "ours": [], "cv": []}
    for k in range(FOLDS):
        idx = [i for i, f in enumerate(fold) if f == k]
        g = [gold[i] for i in idx]
        figures = {name: _against_f1(g, [p[i] for i in idx], se)  # type: ignore[misc]
                   for name, p in (("cue", cue), ("ours", ours), ("cv", pooled))}
        for name, value in figures.items():
            per_fold[name].append(value)
        n_claims = len({rows[i]["claimId"] for i in idx})
        print(f"| {k} | {n_claims} | {len(idx)} | {figures['cue']:.3f} | {figures['ours']:.3f} "
              f"| {figures['cv']:.3f} |")
    print("| mean ± sd | | | " + " | ".join(
        f"{statistics.mean(v):.3f} ± {statistics.stdev(v):.3f}" for v in per_fold.values())
        + " |")
    print("\nEach revision switched off alone (in-sample against-F1; all others on):\n")
    for name in REVISIONS:
        with without([name]):
            print(f"- {name}: {_against_f1(gold, predict(rows), se):.4f}")
    kept = {name: sum(c[name] for c in choices) for name in REVISIONS}
    print("\nRevisions kept by the training folds (of 10): "
          + ", ".join(f"{name} {n}" for name, n in kept.items()) + ".")

    accuracy, macro, per_class = se.measures(gold, ours)
    cv_accuracy, _, cv_class = se.measures(gold, pooled)
    cue_f1 = _against_f1(gold, cue, se)
    met = target_met(per_class["against"][2], cue_f1)
    print(f"\nTarget against-F1 >= {TARGET:.2f} and above the cue rule: in-sample "
          f"{per_class['against'][2]:.4f} vs {cue_f1:.4f} ({'met' if met else 'NOT met'}); "
          f"cross-validated {cv_class['against'][2]:.4f}.")
    held_out = report_held_out(se, data)
    return {
        "against_f1": per_class["against"][2], "accuracy": accuracy, "macro_f1": macro,
        "cv_against_f1": cv_class["against"][2], "cv_accuracy": cv_accuracy,
        "cue_against_f1": cue_f1, "cue_accuracy": se.measures(gold, cue)[0],
        "detector_against_f1": det_f1, "old_detector_against_f1": OLD_DETECTOR_AGAINST_F1, "fold_mean_against_f1": statistics.mean(
            per_fold["ours"]), "revisions_kept": kept, "target_met": met,
        "held_out": held_out,
    }


def _predictions_csv(path: str) -> None:
    """Write claimtrack's predictions for ``score_emergent.py PRED.csv`` (a cross-check)."""
    import csv

    se = scorer()
    rows = se.load_train(str(DATA / SPLIT_FILE.format("train")))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["claimId", "articleId", "predicted"])
        for r, label in zip(rows, predict(rows), strict=True):
            out.writerow([r["claimId"], r["articleId"], label])


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        _predictions_csv(sys.argv[2])
    else:
        run()
