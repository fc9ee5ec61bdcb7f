"""Bulk import and full-text search at scale, each next to a raw-sqlite3 baseline.

- Import: ``claimtrack import`` (the command, in a process of its own, start-up
  and the new database's schema included) of N synthetic claims (spans known)
  into a new database, against raw ``sqlite3.executemany`` of the same rows
  into the same ``claims`` table (no FTS triggers) in one transaction; the
  median of three runs of each, taken in turn.
- Search: ``claim list --search`` on the imported database: the FTS query by
  itself (median over several words), and the whole command in a fresh
  process, against the start-up of ``claimtrack --help``.

Run: ``python bench/bench_store.py [N]`` (default 1,000,000).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import generate  # noqa: E402
from timing import median_time, time_once  # noqa: E402

from claimtrack import ClaimStore  # noqa: E402
from claimtrack.store import CLAIM_COLUMNS, fts_query  # noqa: E402

BIN = Path(sys.executable).parent


def _records(n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    sources, claims = generate(n, seed=7)
    by_source: dict[str, int] = {}
    out = []
    stamp = "2026-01-01T00:00:00+00:00"
    for s in sources:
        s["sha256"] = hashlib.sha256(s["text"].encode()).hexdigest()
    texts = {s["key"]: s["text"] for s in sources}
    for c in claims:
        start = by_source.get(c["source"], 0)
        end = start + len(c["quote"])
        by_source[c["source"]] = end + 1
        text = texts[c["source"]]
        named_ok = c["strength"] != "named" or c["attributed_to"]
        strength = c["strength"] if named_ok else "unattributed"
        who = c["attributed_to"] or (None if strength in ("named", "unattributed") else "a source")
        out.append({
            "id": c["id"], "source": c["source"], "quote": c["quote"], "statement": c["quote"],
            "span_start": start, "span_end": end, "prefix": text[max(0, start - 32):start],
            "suffix": text[end:end + 32], "strength": strength,
            "attributed_to": who if strength != "unattributed" else None,
            "denied_by": [], "declined": [], "about": c["about"], "status": "active",
            "anchor_status": "anchored", "created_at": stamp, "updated_at": stamp,
        })
    return sources, out


def _sync() -> None:
    if hasattr(os, "sync"):
        os.sync()


def _baseline(work: Path, sources: list[dict[str, Any]], cols: list[str],
              rows: list[tuple[Any, ...]]) -> float:
    """Raw executemany of the same rows into the same claims table (no FTS), one transaction."""
    base_db = work / "baseline.db"
    base_db.unlink(missing_ok=True)
    ClaimStore(base_db).close()
    conn = sqlite3.connect(base_db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    for trig in ("claims_ai", "claims_ad", "claims_au"):
        conn.execute(f"DROP TRIGGER {trig}")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO sources (key, title, sha256, text, added_at, updated_at)"
                     " VALUES (?,?,?,?,?,?)",
                     [(s["key"], s["title"], s["sha256"], s["text"], "x", "x") for s in sources])
    conn.execute("COMMIT")
    # Each timed run starts with nothing left for the kernel to write back (the files just
    # written, the other run's database), so neither pays for the other's writes.
    _sync()
    t = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO claims ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                     rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - t
    conn.close()
    base_db.unlink()
    return seconds


def _ours(work: Path) -> tuple[float, Path]:
    """``claimtrack import`` of the NDJSON files into a new database, as a user types it."""
    db = work / "imported.db"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    command = [str(BIN / "claimtrack"), "--db", str(db), "import",
               str(work / "sources.ndjson"), str(work / "claims.ndjson")]
    _sync()
    t = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(f"claimtrack import failed: {done.stderr.strip()}")
    return seconds, db


def bench_import(n: int, work: Path, runs: int = 3) -> dict[str, Any]:
    """The median of ``runs`` imports and of as many baseline runs, taken in turn."""
    sources, claims = _records(n)
    (work / "sources.ndjson").write_text(
        "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in sources), encoding="utf-8")
    (work / "claims.ndjson").write_text(
        "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims), encoding="utf-8")
    cols = [c for c in CLAIM_COLUMNS if c in claims[0]] + ["seq"]
    rows = [tuple(json.dumps(c[k]) if isinstance(c.get(k), list) else
                  (int(c["id"][1:]) if k == "seq" else c.get(k)) for k in cols) for c in claims]
    del claims
    base_runs, our_runs = [], []
    for _ in range(runs):
        base_runs.append(_baseline(work, sources, cols, rows))
        seconds, db = _ours(work)
        our_runs.append(seconds)
    base_s, ours_s = statistics.median(base_runs), statistics.median(our_runs)
    return {"n": n, "runs": runs, "import_s": ours_s, "import_runs_s": our_runs,
            "import_rows_per_s": n / ours_s, "baseline_s": base_s, "baseline_runs_s": base_runs,
            "baseline_rows_per_s": n / base_s, "ratio": (n / ours_s) / (n / base_s),
            "db": str(db)}


def bench_search(db: str, repeat: int = 21) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    words = ["Harrow", "budget", "satellites", "investigation", "tariffs"]
    sql = ("SELECT c.id FROM claims c WHERE c.seq IN (SELECT rowid FROM claims_fts"
           " WHERE claims_fts MATCH ?) ORDER BY c.seq LIMIT 20")
    per_word = {w: median_time(lambda w=w: conn.execute(sql, [fts_query(w)]).fetchall(), repeat)
                for w in words}
    conn.close()
    exe = str(BIN / "claimtrack")

    def run(*args: str) -> None:
        subprocess.run([exe, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    # The two commands run in turn, and the difference is the median of the pairs' differences:
    # on a shared machine, load drifts between two separate series of runs.
    helps, commands = [], []
    for _ in range(repeat):
        helps.append(time_once(lambda: run("--help")))
        commands.append(time_once(lambda: run("--db", db, "claim", "list", "--search", "budget",
                                              "--limit", "20", "--format", "json")))
    startup, command = statistics.median(helps), statistics.median(commands)
    difference = statistics.median(c - h for c, h in zip(commands, helps, strict=True))
    return {"query_ms": {w: v * 1000 for w, v in per_word.items()},
            "query_ms_median": statistics.median(per_word.values()) * 1000,
            "startup_ms": startup * 1000, "command_ms": command * 1000,
            "command_minus_startup_ms": difference * 1000}


SIMILAR_CLAIMS = ("c5", "c500", "c50000", "c500000")


def bench_similar(db: str, repeat: int = 11) -> dict[str, Any]:
    """``claimtrack similar`` on the imported database: the command minus start-up, the call alone."""
    from claimtrack.matching.similar import similar

    store = ClaimStore(db)
    try:
        have = [c for c in SIMILAR_CLAIMS if store.conn.execute(
            "SELECT 1 FROM claims WHERE id = ?", [c]).fetchone()]
        texts = [store.get_claim(c)["quote"] for c in have] + ["budget satellites investigation"]
        calls = [median_time(lambda t=t: similar(store, t, 10), repeat) * 1000 for t in texts]
    finally:
        store.close()
    exe = str(BIN / "claimtrack")

    def run(*args: str) -> None:
        subprocess.run([exe, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    helps, commands = [], []
    for k in range(repeat):
        helps.append(time_once(lambda: run("--help")))
        text = texts[k % len(texts)]
        commands.append(time_once(lambda text=text: run("--db", db, "similar", text, "-n", "10",
                                                        "--format", "json")))
    startup, command = statistics.median(helps), statistics.median(commands)
    difference = statistics.median(c - h for c, h in zip(commands, helps, strict=True))
    return {"call_ms": calls, "call_ms_median": statistics.median(calls),
            "startup_ms": startup * 1000, "command_ms": command * 1000,
            "command_minus_startup_ms": difference * 1000}


def run(n: int | None = None) -> dict[str, Any]:
    n = n or int(os.environ.get("BENCH_IMPORT_N", "1000000"))
    work = Path(tempfile.mkdtemp(prefix="claimtrack-bench-"))
    try:
        print(f"## Bulk import and search ({n:,} synthetic claims)\n")
        imp = bench_import(n, work, int(os.environ.get("BENCH_IMPORT_RUNS", "3")))
        print(f"- import, median of {imp['runs']} (each into a new database): "
              f"{imp['import_s']:.1f} s, {imp['import_rows_per_s']:,.0f} rows/s "
              f"(includes reading NDJSON, validation and the FTS index); runs: "
              + ", ".join(f"{x:.1f}" for x in imp["import_runs_s"]) + " s")
        print(f"- baseline raw sqlite3.executemany, same rows, one transaction, no FTS, "
              f"median of {imp['runs']} taken in turn with the imports: "
              f"{imp['baseline_s']:.1f} s, {imp['baseline_rows_per_s']:,.0f} rows/s; runs: "
              + ", ".join(f"{x:.1f}" for x in imp["baseline_runs_s"]) + " s")
        print(f"- ratio: {imp['ratio']:.2f}x the baseline's rows/s (target >= 0.5x); "
              f"{n:,} claims in {imp['import_s']:.1f} s (target < 15 s for 1,000,000)")
        s = bench_search(imp["db"])
        print(f"- search query alone (FTS5, LIMIT 20), median over words: "
              f"{s['query_ms_median']:.2f} ms (target <= 5 ms); per word: "
              + ", ".join(f"{w} {v:.2f}" for w, v in s["query_ms"].items()))
        print(f"- whole command `claim list --search budget --limit 20 --format json`: "
              f"{s['command_ms']:.0f} ms; start-up (`claimtrack --help`) {s['startup_ms']:.0f} ms; "
              f"difference (median of paired runs) {s['command_minus_startup_ms']:.0f} ms "
              "(target <= 20 ms)")
        sim = bench_similar(imp["db"])
        print(f"- `claimtrack similar TEXT -n 10 --format json` (texts of claims {', '.join(SIMILAR_CLAIMS)}"
              f" and a three-word text): {sim['command_ms']:.0f} ms; start-up {sim['startup_ms']:.0f} ms;"
              f" difference (median of paired runs) {sim['command_minus_startup_ms']:.0f} ms "
              "(target <= 50 ms); the library call alone, median: "
              f"{sim['call_ms_median']:.1f} ms (per text: "
              + ", ".join(f"{v:.1f}" for v in sim["call_ms"]) + ")\n")
        return {"import": imp, "search": s, "similar": sim}
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else None)
