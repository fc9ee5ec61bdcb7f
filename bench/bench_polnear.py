"""Claim extraction on the PolNeAR training articles, beside the quotation-mark baseline.

Data: ``../shared/bench-data/polnear`` (or ``$CLAIMTRACK_POLNEAR_DIR``): 840 articles with
gold attributions, and ``score_polnear.py``, whose matching (overlap: tokens shared >= half
of each span; exact: same extent) and one-to-one greedy pairing are used unchanged.

Figures (content, source and cue spans; P/R/F1, overlap and exact):

- the quotation-mark baseline (``score_polnear.quote_baseline``), in this run;
- ``claimtrack.extract`` with the hand-written lexicon only (no word learned from the data);
- ``claimtrack.extract`` as shipped: hand-written lexicon + the cue words learned from all 840
  articles, less the cue words whose proposals were mostly wrong on them
  (``claimtrack/extract/learned_cues.py``): in-sample;
- the same, 5-fold cross-validated by article (article i is in fold i mod 5, sorted by name):
  cue words learned and dropped on 4/5, scored on the other 1/5.  This is the honest figure.
  The rules themselves were written while reading folds 1-4 only; fold 0 is shown apart.

Speed: all 840 articles through ``extract()`` (proposals with speakers), and a 15,000-character
article (articles joined to that length), median of 5.

The dev and test compartments are held back.  When their owners drop them beside ``train/``
(any subfolder with ``text/`` and ``attributions/``), each gets a table of its own: the
quotation-mark baseline and the rules as shipped (cue words learned on train: nothing fitted
on it).  Without one, a line says so.
"""

from __future__ import annotations

import collections
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from claimtrack.extract import extract, learn, lexicon, rules, sentences  # noqa: E402
from claimtrack.extract.learned_cues import DROPPED, LEARNED, SHIPPED_FORMS  # noqa: E402

DEFAULT_DIR = _ROOT / ".." / "shared" / "bench-data" / "polnear"
ENV_VAR = "CLAIMTRACK_POLNEAR_DIR"
FOLDS = 5
ROLES = ("content", "source", "cue")


def data_dir() -> Path:
    """``$CLAIMTRACK_POLNEAR_DIR``, or the shared copy beside the repository (or beside the
    worktrees' folder)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    if os.environ.get("CLAIMTRACK_BENCH_DATA"):  # the folder of all bench data sets
        return Path(os.environ["CLAIMTRACK_BENCH_DATA"]) / "polnear"
    for candidate in (DEFAULT_DIR, _ROOT / ".." / ".." / "shared" / "bench-data" / "polnear"):
        if candidate.exists():
            return candidate
    return DEFAULT_DIR


def scorer() -> Any:
    """The data set's own score_polnear.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location("score_polnear", data_dir() / "score_polnear.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cue_texts(entry: dict[str, Any]) -> list[str]:
    text = entry["text"]
    return [" ".join(text[a:b] for a, b in g["cue"]) for g in entry["attributions"] if g["cue"]]


def predict(text: str, forms: dict[str, str] | None) -> list[dict[str, Any]]:
    found = rules.find(text, sentences.split(text), forms)
    return [{"source": f.source, "cue": f.cue,
             "content": (f.content[0][0], f.content[-1][1]) if f.content else None} for f in found]


def fit(sp: Any, gold: dict[str, Any], docs: list[str]) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """Learn cue words on ``docs``, then drop the cue words whose proposals were mostly wrong
    there: (cue forms to use, learned words, dropped words)."""
    learned = learn.learn((gold[d]["text"], cue_texts(gold[d])) for d in docs)
    forms = {**learned, **lexicon.CUE_FORMS}
    right: collections.Counter[str] = collections.Counter()
    wrong: collections.Counter[str] = collections.Counter()
    for d in docs:
        text = gold[d]["text"]
        found = [f for f in rules.find(text, sentences.split(text), forms) if f.content]
        golds = [g for g in gold[d]["attributions"] if g["content"]]
        tokens = sp.Tokens(text)
        pairs = [(sc, gi, pi) for gi, g in enumerate(golds) for pi, f in enumerate(found)
                 if (sc := sp.role_score(g["content"], (f.content[0][0], f.content[-1][1]), tokens,
                                         "overlap")) > 0]
        matched = {pi for _gi, pi in sp.greedy(pairs)}
        for pi, f in enumerate(found):
            word = f.cue_word.lower().split()[0]
            (right if pi in matched else wrong)[word] += 1
    dropped = learn.prune(right, wrong)
    return learn.cue_forms(lexicon.CUE_FORMS, learned, dropped), learned, dropped


def score(sp: Any, gold: dict[str, Any], preds: dict[str, list[dict[str, Any]]],
          docs: list[str]) -> dict[str, dict[str, tuple[float, float, float, int, int, int]]]:
    out = {}
    for mode in ("overlap", "exact"):
        tot: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
        for d in docs:
            c = sp.score_doc(gold[d]["attributions"], preds.get(d, []), sp.Tokens(gold[d]["text"]), mode)
            for r in ROLES:
                for k in range(3):
                    tot[r][k] += c[r][k]
        out[mode] = {r: (*sp.prf(*tot[r]), *tot[r]) for r in ROLES}
    return out


def baseline(sp: Any, gold: dict[str, Any], docs: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The quotation-mark baseline's predictions per article."""
    return {d: [{k: v for k, v in p.items()} for p in sp.quote_baseline(gold[d]["text"])] for d in docs}


def _row(name: str, s: dict[str, Any], mode: str) -> str:
    cells = []
    for r in ROLES:
        p, rec, f, *_ = s[mode][r]
        cells.append(f"{f:.3f} ({p:.3f} / {rec:.3f})")
    return f"| {name} | {mode} | " + " | ".join(cells) + " |"


def _table(systems: dict[str, dict[str, Any]]) -> None:
    print("| system | matching | content span | source span | cue span |")
    print("|---|---|---|---|---|")
    for mode in ("overlap", "exact"):
        for name, s in systems.items():
            print(_row(name, s, mode))


def held_out_splits(folder: Path) -> list[tuple[str, Path]]:
    """(name, folder) of each compartment beside ``train/`` holding ``text/`` and
    ``attributions/`` (dev, test), by name."""
    return [(p.name, p) for p in sorted(folder.iterdir()) if p.name != "train"
            and (p / "text").is_dir() and (p / "attributions").is_dir()]


def report_held_out(sp: Any, folder: Path) -> dict[str, dict[str, Any]]:
    """Print a table per held-out compartment (baseline and rules as shipped, nothing fitted
    on it) and return its overlap F1s by name; a line when there is none."""
    splits = held_out_splits(folder)
    if not splits:
        print(f"No held-out split found in {folder} (train only).\n")
        return {}
    out = {}
    for name, path in splits:
        gold = sp.load_gold(str(path))
        docs = sorted(gold)
        systems = {"quotation-mark baseline": score(sp, gold, baseline(sp, gold, docs), docs),
                   "rules as shipped": score(sp, gold, {d: predict(gold[d]["text"], SHIPPED_FORMS)
                                                        for d in docs}, docs)}
        print(f"### Held-out split: {name} ({len(docs)} articles)\n")
        print(f"Gold: {sum(len(gold[d]['attributions']) for d in docs):,} attributions.\n")
        _table(systems)
        print()
        shipped = systems["rules as shipped"]["overlap"]
        out[name] = {"articles": len(docs), "content_f1": shipped["content"][2],
                     "source_f1": shipped["source"][2], "cue_f1": shipped["cue"][2],
                     "content_f1_baseline":
                         systems["quotation-mark baseline"]["overlap"]["content"][2]}
    return out


def run() -> dict[str, Any]:
    sp = scorer()
    gold = sp.load_gold(str(data_dir() / "train"))
    docs = sorted(gold)
    systems: dict[str, dict[str, Any]] = {}

    systems["quotation-mark baseline"] = score(sp, gold, baseline(sp, gold, docs), docs)
    hand = {d: predict(gold[d]["text"], dict(lexicon.CUE_FORMS)) for d in docs}
    systems["rules, hand-written lexicon only"] = score(sp, gold, hand, docs)
    shipped_forms = SHIPPED_FORMS
    shipped = {d: predict(gold[d]["text"], shipped_forms) for d in docs}
    systems["rules as shipped (in-sample)"] = score(sp, gold, shipped, docs)

    cv: dict[str, list[dict[str, Any]]] = {}
    fold0: list[str] = []
    learned_sizes, dropped_sizes = [], []
    for k in range(FOLDS):
        train = [d for i, d in enumerate(docs) if i % FOLDS != k]
        test = [d for i, d in enumerate(docs) if i % FOLDS == k]
        forms, extra, dropped = fit(sp, gold, train)
        learned_sizes.append(len(extra))
        dropped_sizes.append(len(dropped))
        for d in test:
            cv[d] = predict(gold[d]["text"], forms)
        if k == 0:
            fold0 = test
    systems[f"rules as shipped, {FOLDS}-fold cross-validated"] = score(sp, gold, cv, docs)
    systems["  … fold 0 only (never read while writing the rules)"] = score(sp, gold, cv, fold0)

    # Speed: the whole public call, speakers included.
    texts = [gold[d]["text"] for d in docs]
    started, cpu = time.perf_counter(), time.process_time()
    n_props = sum(len(extract(t)) for t in texts)
    all_s, all_cpu = time.perf_counter() - started, time.process_time() - cpu
    long_text = ""
    for t in texts:
        if len(long_text) >= 15_000:
            break
        long_text += t + "\n\n"
    long_text = long_text[:15_000]
    times, cpus = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        extract(long_text)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    one_s, one_cpu = statistics.median(times), statistics.median(cpus)
    t0 = time.perf_counter()
    for t in texts:
        sp.quote_baseline(t)
    base_s = time.perf_counter() - t0

    print("## Claim extraction (PolNeAR train, 840 articles)\n")
    print(f"Gold: {sum(len(gold[d]['attributions']) for d in docs):,} attributions. "
          "Cells: F1 (precision / recall); matching as `score_polnear.py` defines it.\n")
    _table(systems)
    print(f"\nLearned cue words: {len(LEARNED)} shipped (from all 840 articles); "
          f"{min(learned_sizes)}-{max(learned_sizes)} per cross-validation fold "
          f"(min count {learn.MIN_COUNT}, min share {learn.MIN_SHARE}). Dropped cue words "
          f"(precision < {learn.PRUNE_PRECISION} over >= {learn.PRUNE_MIN_SEEN} proposals): "
          f"{len(DROPPED)} shipped, {min(dropped_sizes)}-{max(dropped_sizes)} per fold.\n")
    print(f"Speed: {n_props:,} proposals from 840 articles in {all_s:.1f} s wall, {all_cpu:.1f} s CPU "
          f"(quotation-mark baseline rule: {base_s:.2f} s wall); a 15,000-character article in "
          f"{one_s * 1000:.0f} ms wall, {one_cpu * 1000:.0f} ms CPU (median of 5). "
          f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n")
    held_out = report_held_out(sp, data_dir())
    cvs = systems[f"rules as shipped, {FOLDS}-fold cross-validated"]["overlap"]
    return {"content_f1_cv": cvs["content"][2], "source_f1_cv": cvs["source"][2],
            "content_f1_baseline": systems["quotation-mark baseline"]["overlap"]["content"][2],
            "all_s": all_s, "one_15k_s": one_s, "held_out": held_out}


def _main(argv: list[str]) -> int:
    run_fn: Callable[[], Any] = run
    run_fn()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
