"""``claimtrack load`` of many claims on one large source, beside ``claimtrack import`` of the same.

``load`` locates every quote in its source (as ``claim add`` does); ``import``
takes the spans as given.  Both are timed as the commands a user types, each in
a process of its own, into a new database: N claims (default 10,000) on one
source of about 1 MB.  A third figure shows what the folded-text cache saves:
``load`` of a smaller set (20 claims) in-process with the cache switched off
(every claim folds the whole source again, as before issue 22) and on.

Run: ``python bench/bench_load.py [N]``.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BIN = Path(sys.executable).parent
SOURCE_CHARS = 1_000_000
WORDS = ("officials said the company would review its contracts with the agency after the "
         "report found that satellites launched last year were used by forces near the border "
         "according to documents seen by reporters and people familiar with the talks").split()


def _story(n_claims: int, chars: int = SOURCE_CHARS, seed: int = 22) -> tuple[str, list[str]]:
    """A source of about ``chars`` characters and ``n_claims`` quotes, each occurring once."""
    rng = random.Random(seed)
    sentences, quotes = [], []
    i = 0
    while sum(map(len, sentences)) + len(sentences) < chars or len(sentences) < n_claims:
        words = rng.choices(WORDS, k=rng.randint(10, 20))
        sentence = f"In item {i}, “{' '.join(words)}” — she said."
        sentences.append(sentence)
        if len(quotes) < n_claims:
            quotes.append(f"In item {i}, \"{' '.join(words[:8])}")  # straight quotes, as typed
        i += 1
    return "\n".join(" ".join(sentences[j:j + 6]) for j in range(0, len(sentences), 6)), quotes


def _write(work: Path, n: int) -> None:
    text, quotes = _story(n)
    (work / "seeds").mkdir()
    (work / "seeds" / "story.txt").write_text(text, encoding="utf-8")
    (work / "seeds" / "sources.toml").write_text(
        '[[source]]\nfile = "story.txt"\nkey = "story"\ntitle = "A long story"\n',
        encoding="utf-8")
    (work / "seeds" / "claims.toml").write_text("".join(
        f'[[claim]]\nsource = "story"\nquote = {json.dumps(q, ensure_ascii=False)}\n\n'
        for q in quotes), encoding="utf-8")


def _command(*args: str, cpu: list[float] | None = None) -> float:
    """Run ``claimtrack ARGS``; its wall time (its CPU time, user + system, onto ``cpu``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([str(BIN / "claimtrack"), *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"claimtrack {args[2]} failed: {done.stderr.strip()}")
    if cpu is not None:
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return seconds


def _fresh(db: Path) -> Path:
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    return db


def _in_process_load(work: Path, n: int, cached: bool) -> float:
    from claimtrack import ClaimStore
    from claimtrack.store.seeds import load_seeds
    from claimtrack.text import anchoring

    text, quotes = _story(n, seed=23)
    small = work / f"small-{n}"
    shutil.rmtree(small, ignore_errors=True)
    small.mkdir()
    (small / "story.txt").write_text(text, encoding="utf-8")
    (small / "sources.toml").write_text('[[source]]\nfile = "story.txt"\nkey = "story"\n')
    (small / "claims.toml").write_text("".join(
        f'[[claim]]\nsource = "story"\nquote = {json.dumps(q, ensure_ascii=False)}\n\n'
        for q in quotes), encoding="utf-8")
    saved = anchoring.FOLD_CACHE_MIN_CHARS
    anchoring.FOLD_CACHE_MIN_CHARS = 0 if cached else 10**12
    anchoring._fold_cached.cache_clear()
    try:
        store = ClaimStore(_fresh(work / "small.db"))
        started = time.perf_counter()
        load_seeds(store, small)
        seconds = time.perf_counter() - started
        store.close()
    finally:
        anchoring.FOLD_CACHE_MIN_CHARS = saved
    return seconds


def run(n: int | None = None, runs: int = 3) -> dict[str, Any]:
    n = n or int(os.environ.get("BENCH_LOAD_N", "10000"))
    work = Path(tempfile.mkdtemp(prefix="claimtrack-bench-load-"))
    try:
        _write(work, n)
        chars = len((work / "seeds" / "story.txt").read_text(encoding="utf-8"))
        loaded = work / "loaded.db"
        load_runs: list[float] = []
        import_runs: list[float] = []
        load_cpu: list[float] = []
        import_cpu: list[float] = []
        _command("--db", str(_fresh(loaded)), "load", str(work / "seeds"))
        for kind in ("sources", "claims"):
            _command("--db", str(loaded), "export", kind, "--format", "ndjson",
                     "-o", str(work / f"{kind}.ndjson"))
        for _ in range(runs):
            load_runs.append(_command("--db", str(_fresh(loaded)), "load", str(work / "seeds"),
                                      cpu=load_cpu))
            import_runs.append(_command("--db", str(_fresh(work / "imported.db")), "import",
                                        str(work / "sources.ndjson"), str(work / "claims.ndjson"),
                                        cpu=import_cpu))
        load_s, import_s = statistics.median(load_runs), statistics.median(import_runs)
        load_c, import_c = statistics.median(load_cpu), statistics.median(import_cpu)
        small = min(n, 20)
        before = _in_process_load(work, small, cached=False)
        after = _in_process_load(work, small, cached=True)
        print(f"## Load of many claims on one source ({n:,} claims, one source of "
              f"{chars / 1e6:.2f} MB)\n")
        print(f"- `claimtrack load` (every quote located, as `claim add` does), median of {runs}:"
              f" {load_s:.1f} s; runs: " + ", ".join(f"{x:.1f}" for x in load_runs) + " s")
        print(f"- baseline `claimtrack import` of the same claims (spans given), median of {runs}:"
              f" {import_s:.1f} s; runs: " + ", ".join(f"{x:.1f}" for x in import_runs) + " s")
        print(f"- ratio: load takes {load_s / import_s:.1f}x the import's time "
              "(target: 10,000 claims on a 1 MB source load in seconds)")
        print(f"- CPU time (user + system), median: load {load_c:.1f} s, import {import_c:.1f} s"
              f" ({load_c / import_c:.1f}x); load average at the end "
              f"{os.getloadavg()[0]:.1f}")
        print(f"- the folded-source cache, {small:,} claims in-process: without it "
              f"{before:.1f} s (the whole source folded per claim), with it {after:.1f} s "
              f"({before / after:.0f}x)\n")
        return {"n": n, "chars": chars, "load_s": load_s, "load_runs_s": load_runs,
                "import_s": import_s, "import_runs_s": import_runs,
                "ratio": load_s / import_s, "load_cpu_s": load_c, "import_cpu_s": import_c,
                "cpu_ratio": load_c / import_c, "uncached_small_s": before,
                "cached_small_s": after, "small_n": small}
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else None)
