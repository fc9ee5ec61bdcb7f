"""An import killed with ``kill -9`` leaves the database sound: whole or untouched.

The import file is an export of a database filled through the library,
repeated to a few thousand claims so that an import takes about a second.
Each round starts ``claimtrack import`` in a real process on a fresh
database and kills it (SIGKILL: no cleanup, no ``finally``) after a random
delay; half the rounds wait until the import starts writing the database
file (its commit: see ClaimStore.bulk) and kill it then.
Then the database must pass ``PRAGMA integrity_check`` and hold either all
of the import or none of it, and the same import run again must succeed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.store.maintenance import integrity_check

from .reliability import PROCESS_TIMEOUT, claimtrack_cmd, run_claimtrack

ROUNDS = 10
CLAIMS = 30_000  # a second or two of import on a 2-core machine (it got faster)
SEED = 20241025


@pytest.fixture(scope="module")
def import_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """``sources.json`` and ``claims.json`` (CLAIMS claims) written by ``claimtrack export``."""
    folder = tmp_path_factory.mktemp("kill-import")
    if run_claimtrack("import", "--help", timeout=PROCESS_TIMEOUT).returncode != 0 or \
            run_claimtrack("export", "--help", timeout=PROCESS_TIMEOUT).returncode != 0:
        pytest.skip("import not available yet")
    src = folder / "lines.txt"
    src.write_text("\n".join(f"Line {i:04d} reports fact number {i}." for i in range(200)),
                   encoding="utf-8")
    filled = folder / "filled.db"
    with ClaimStore(filled) as store:
        store.add_source(src, key="lines")
        with store.transaction():
            for i in range(200):
                store.add_claim("lines", f"Line {i:04d} reports")
    for kind in ("sources", "claims"):
        done = run_claimtrack("--db", str(filled), "export", kind, "--format", "json",
                              "--output", str(folder / f"{kind}.json"))
        assert done.returncode == 0, done.stderr
    claims = json.loads((folder / "claims.json").read_text(encoding="utf-8"))
    many = []
    for n in range(CLAIMS):
        record = {k: v for k, v in claims[n % len(claims)].items() if k != "history"}
        record["id"] = f"c{n + 1}"
        many.append(record)
    (folder / "claims.json").write_text(json.dumps(many, ensure_ascii=False), encoding="utf-8")
    return [folder / "sources.json", folder / "claims.json"]


def counts(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        assert integrity_check(conn) == [], f"{db} is damaged"
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'claims'").fetchone():
            return 0, 0
        return (conn.execute("SELECT count(*) FROM sources").fetchone()[0],
                conn.execute("SELECT count(*) FROM claims").fetchone()[0])
    finally:
        conn.close()


def import_cmd(db: Path, files: list[Path]) -> list[str]:
    return claimtrack_cmd("--db", str(db), "import", *map(str, files))


def written(db: Path) -> int:
    """How many bytes the database file and its WAL hold (the WAL goes as the import starts)."""
    total = 0
    for path in (db, Path(f"{db}-wal")):
        try:
            total += path.stat().st_size
        except FileNotFoundError:
            pass
    return total


def wait_until_writing(db: Path, proc: subprocess.Popen[bytes], limit: float) -> None:
    """Wait until the import writes the database (or ended, or ``limit`` s passed).

    An import alone with the database uses the rollback journal (ClaimStore.bulk):
    the database file itself grows as its commit writes it; through the WAL (another
    connection open), the WAL grows.
    """
    start_size = written(db)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if written(db) > start_size:
            return
        time.sleep(0.002)


def test_import_killed_at_random_moments(import_files: list[Path], tmp_path: Path) -> None:
    rng = random.Random(SEED)
    reference = tmp_path / "reference.db"
    started = time.monotonic()
    done = subprocess.run(import_cmd(reference, import_files), capture_output=True, text=True,
                          timeout=PROCESS_TIMEOUT)
    duration = time.monotonic() - started
    print(f"a whole import takes {duration:.2f} s")
    assert done.returncode == 0, done.stderr
    assert counts(reference) == (1, CLAIMS)

    killed_midway = 0
    for round_ in range(ROUNDS):
        db = tmp_path / f"round{round_}.db"
        ClaimStore(db).close()  # an existing, empty database (WAL mode)
        proc = subprocess.Popen(import_cmd(db, import_files), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            if round_ % 2:
                wait_until_writing(db, proc, limit=duration)
                time.sleep(rng.uniform(0, 0.02))
            else:
                time.sleep(rng.uniform(0.05, 0.8) * duration)
            running = proc.poll() is None
            if running:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=PROCESS_TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

        found = counts(db)  # also: integrity_check is ok
        print(f"round {round_}: running at the kill: {running}, found: {found}")
        assert found in ((0, 0), (1, CLAIMS)), f"round {round_}: half an import: {found}"
        if found == (0, 0):
            killed_midway += running
            again = subprocess.run(import_cmd(db, import_files), capture_output=True,
                                   text=True, timeout=PROCESS_TIMEOUT)
            assert again.returncode == 0, f"round {round_}: {again.stderr}"
            assert counts(db) == (1, CLAIMS)
    assert killed_midway >= ROUNDS // 3, "too few kills landed while the import ran"
