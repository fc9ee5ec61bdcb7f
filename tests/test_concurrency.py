"""Several processes writing to one database at once lose nothing.

Each worker is a separate process (``spawn``: a fresh interpreter, as a
second terminal would be) with its own ClaimStore on the same file; a
barrier releases them together.  SQLite's WAL mode, ``busy_timeout`` and
``BEGIN IMMEDIATE`` make them take turns: no "database is locked", no id
given twice, none skipped.
"""

from __future__ import annotations

import multiprocessing
import shlex
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from claimtrack import ClaimStore
from claimtrack.store.maintenance import foreign_key_check, integrity_check

from .reliability import (
    PROCESS_TIMEOUT,
    add_claims_worker,
    claimtrack_cmd,
    collect,
    time_limit,
)

WORKERS = 4
PER_WORKER = 100


def source_text(n: int) -> str:
    """``n`` numbered lines; ``Line 0042 reports`` occurs exactly once."""
    return "\n".join(f"Line {i:04d} reports fact number {i}, and nothing else." for i in range(n))


def quotes(worker: int, per_worker: int) -> list[str]:
    return [f"Line {worker * per_worker + i:04d} reports" for i in range(per_worker)]


def run_workers(db: Path, key: str, per_worker: int, source_file: Path | None = None
                ) -> list[tuple[int, list[str], str | None]]:
    """Start WORKERS processes together; return each one's ``(pid, ids, error)``."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results: Any = ctx.Queue()
    procs = [ctx.Process(target=add_claims_worker,
                         args=(str(db), key, quotes(w, per_worker), barrier, results,
                               str(source_file) if source_file else None))
             for w in range(WORKERS)]
    for p in procs:
        p.start()
    try:
        return collect(results, procs)
    finally:
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()
                p.join()


def check_all_there(db: Path, n: int) -> None:
    """``n`` claims c1..cN, each quote once, each with its first history version."""
    conn = sqlite3.connect(db)
    try:
        assert integrity_check(conn) == [] and foreign_key_check(conn) == []
        ids = [r[0] for r in conn.execute("SELECT id FROM claims")]
        assert len(ids) == n
        assert sorted(ids, key=lambda i: int(i[1:])) == [f"c{i}" for i in range(1, n + 1)]
        seqs = [r[0] for r in conn.execute("SELECT seq FROM claims ORDER BY seq")]
        assert seqs == list(range(1, n + 1))
        assert conn.execute("SELECT count(DISTINCT quote) FROM claims").fetchone()[0] == n
        history = conn.execute("SELECT count(*), count(DISTINCT claim_id) FROM claim_history"
                               " WHERE version = 1 AND action = 'add'").fetchone()
        assert history == (n, n)
    finally:
        conn.close()


def test_four_processes_add_100_claims_each(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    src = tmp_path / "lines.txt"
    src.write_text(source_text(WORKERS * PER_WORKER), encoding="utf-8")
    with ClaimStore(db) as store:
        store.add_source(src, key="lines")

    results = run_workers(db, "lines", PER_WORKER)

    errors = [err for _, _, err in results if err]
    assert not errors, errors[0]
    ids = [i for _, worker_ids, _ in results for i in worker_ids]
    assert len(ids) == len(set(ids)) == WORKERS * PER_WORKER
    check_all_there(db, WORKERS * PER_WORKER)


def test_four_processes_open_a_new_database_at_once(tmp_path: Path) -> None:
    """The first open creates the schema and switches to WAL: all four race for it."""
    db = tmp_path / "new.db"
    src = tmp_path / "lines.txt"
    src.write_text(source_text(WORKERS * 25), encoding="utf-8")

    results = run_workers(db, "lines", 25, source_file=src)

    errors = [err for _, _, err in results if err]
    assert not errors, errors[0]
    check_all_there(db, WORKERS * 25)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 1
    finally:
        conn.close()


def test_four_cli_processes_at_once(tmp_path: Path) -> None:
    """The same through the command line, each process adding the source and 3 claims."""
    db = tmp_path / "cli.db"
    src = tmp_path / "lines.txt"
    src.write_text(source_text(WORKERS * 3), encoding="utf-8")
    claimtrack = shlex.join(claimtrack_cmd())
    script = (
        f'{claimtrack} --db "$1" source add "$2" --key lines >/dev/null || exit 1\n'
        'for q in "$3" "$4" "$5"; do\n'
        f'  {claimtrack} --db "$1" claim add lines "$q" >/dev/null || exit 1\n'
        'done\n'
    )
    with time_limit(PROCESS_TIMEOUT * 2):
        procs = [subprocess.Popen(["sh", "-c", script, "sh", str(db), str(src), *quotes(w, 3)],
                                  stderr=subprocess.PIPE, text=True)
                 for w in range(WORKERS)]
        try:
            outcomes = [(p.wait(timeout=PROCESS_TIMEOUT), p.stderr.read() if p.stderr else "")
                        for p in procs]
        finally:
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
                if p.stderr:
                    p.stderr.close()
    assert all(code == 0 for code, _ in outcomes), outcomes
    assert not any("locked" in err for _, err in outcomes), outcomes
    check_all_there(db, WORKERS * 3)
