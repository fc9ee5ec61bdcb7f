"""``claimtrack db check``, ``db backup`` and ``db history``, and the core under them."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from claimtrack import ClaimStore
from claimtrack.errors import InvalidInput
from claimtrack.store.maintenance import backup, check, foreign_key_check, integrity_check

from .conftest import dump
from .reliability import PROCESS_TIMEOUT, add_claims_worker, assert_one_line_error, collect

# -- check ----------------------------------------------------------------------------


def test_a_sound_database_passes(seeded, cli) -> None:
    assert [(r.name, r.status) for r in check(seeded)] == [
        ("integrity", "ok"), ("foreign keys", "ok"), ("anchors", "ok")]
    r = cli("db", "check")
    assert r.exit_code == 0, r.stderr
    assert "integrity" in r.stdout and "Database check passed" in r.stderr
    assert json.loads(cli("db", "check", "--format", "json").stdout) == []


def test_a_broken_foreign_key_is_found(seeded, cli, tmp_path: Path) -> None:
    seeded.conn.execute("PRAGMA foreign_keys = OFF")
    row = seeded.conn.execute(
        "INSERT INTO claim_history (claim_id, version, action, data, changed_at)"
        " VALUES ('c999', 1, 'add', '{}', '2024-10-25')").lastrowid
    assert foreign_key_check(seeded.conn) == [
        {"table": "claim_history", "rowid": row, "parent": "claims", "fkid": 0}]
    r = cli("db", "check", "--format", "json")
    assert r.exit_code == 1
    assert_one_line_error(r.exit_code, r.stderr)
    assert r.stderr == "Error: check failed: foreign keys (1 problem)\n"
    assert json.loads(r.stdout) == [{"check": "foreign keys", "item": f"claim_history row {row}",
                                     "detail": "refers to a missing row of claims"}]


def test_a_span_that_no_longer_holds_its_quote_is_found(seeded, cli) -> None:
    """The anchors step: the database disagreeing with itself is never silent."""
    seeded.conn.execute("UPDATE claims SET span_start = span_start + 1 WHERE id = 'c5'")
    r = cli("db", "check", "--format", "json")
    assert r.exit_code == 1 and r.stderr == "Error: check failed: anchors (1 problem)\n"
    assert [p["item"] for p in json.loads(r.stdout)] == ["c5"]


def test_a_damaged_index_fails_the_integrity_check(seeded, cli, tmp_path: Path) -> None:
    db = tmp_path / "claims.db"
    n = len(seeded.list_claims())
    seeded.close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA writable_schema = ON")  # the index now claims to cover other rows
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX claims_source ON claims(quote)'"
                 " WHERE name = 'claims_source'")
    conn.commit()
    conn.close()
    with ClaimStore(db) as store:
        assert integrity_check(store.conn)[0] == "row 1 missing from index claims_source"
        assert [r.status for r in check(store)] == [
            f"{n} problems", "skipped: integrity check failed", "skipped: integrity check failed"]
    r = cli("db", "check")
    assert r.exit_code == 1 and r.stderr == f"Error: check failed: integrity ({n} problems)\n"
    assert "row 1 missing from index claims_source" in r.stdout


# -- backup ---------------------------------------------------------------------------


def test_backup_is_a_checked_single_file_copy(seeded, cli, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    r = cli("db", "backup", str(target))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == f"{target}\n" and "integrity ok" in r.stderr
    assert dump(target) == dump(tmp_path / "claims.db")
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert not Path(f"{target}-wal").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def test_backup_never_replaces_a_file_unless_forced(seeded, cli, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("precious")
    r = cli("db", "backup", str(target))
    assert_one_line_error(r.exit_code, r.stderr)
    assert "already exists: use --force" in r.stderr and target.read_text() == "precious"
    r = cli("db", "backup", str(target), "--force")
    assert r.exit_code == 0, r.stderr
    assert dump(target) == dump(tmp_path / "claims.db")


def test_backup_of_a_read_only_database(seeded, tmp_path: Path) -> None:
    db = tmp_path / "claims.db"
    seeded.close()
    os.chmod(db, 0o444)
    try:
        with ClaimStore(db) as store:
            assert store.readonly
            done = backup(store, tmp_path / "copy.db")
        assert dump(tmp_path / "copy.db") == dump(db)
        assert done["pages"] > 0 and done["bytes"] == (tmp_path / "copy.db").stat().st_size
    finally:
        os.chmod(db, 0o644)


def test_backup_refuses_bad_targets(seeded, tmp_path: Path) -> None:
    for target, message in [(tmp_path, "is a folder"),
                            (tmp_path / "no" / "copy.db", "no such folder"),
                            (tmp_path / "claims.db", "the database itself")]:
        with pytest.raises(InvalidInput, match=message):
            backup(seeded, target, force=True)


def test_backup_while_another_process_writes(tmp_path: Path) -> None:
    """Each backup is one consistent moment of a database another process is filling."""
    db = tmp_path / "busy.db"
    src = tmp_path / "lines.txt"
    src.write_text("\n".join(f"Line {i:04d} reports fact {i}." for i in range(300)),
                   encoding="utf-8")
    with ClaimStore(db) as store:
        store.add_source(src, key="lines")
    ctx = multiprocessing.get_context("spawn")
    results: Any = ctx.Queue()
    barrier = ctx.Barrier(1)  # kept referenced until the child has it
    writer = ctx.Process(target=add_claims_worker, args=(
        str(db), "lines", [f"Line {i:04d} reports" for i in range(300)], barrier, results))
    writer.start()
    copies: list[Path] = []
    try:
        deadline = time.monotonic() + PROCESS_TIMEOUT
        with ClaimStore(db) as store:
            while (writer.is_alive() or len(copies) < 3) and time.monotonic() < deadline:
                copies.append(Path(backup(store, tmp_path / f"copy{len(copies)}.db")["path"]))
                time.sleep(0.05)
        [(_, ids, error)] = collect(results, [writer])
    finally:
        writer.join(timeout=10)
        if writer.is_alive():
            writer.kill()
    assert error is None, error
    assert len(ids) == 300
    sizes = set()
    for copy in copies:
        conn = sqlite3.connect(copy)
        try:
            assert integrity_check(conn) == [] and foreign_key_check(conn) == []
            n = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
            # a snapshot: claims c1..cN and exactly their history, nothing half-added
            assert [r[0] for r in conn.execute("SELECT seq FROM claims ORDER BY seq")] == \
                list(range(1, n + 1))
            assert conn.execute("SELECT count(*) FROM claim_history").fetchone()[0] == n
            sizes.add(n)
        finally:
            conn.close()
    assert len(sizes) > 1, "every backup saw the same moment: the writer never overlapped"


# -- history --------------------------------------------------------------------------


def test_db_history_is_claim_history(seeded, cli) -> None:
    assert cli("claim", "edit", "c3", "--about", "DOGE", "--note", "narrower").exit_code == 0
    assert cli("claim", "retract", "c3", "--reason", "outlet corrected it").exit_code == 0
    for fmt in ("table", "json", "nl"):
        mine = cli("db", "history", "c3", "--format", fmt)
        theirs = cli("claim", "history", "c3", "--format", fmt)
        assert mine.exit_code == 0 and mine.stdout == theirs.stdout
    versions = json.loads(cli("db", "history", "c3", "--format", "json").stdout)
    assert [(v["version"], v["action"], v["data"]["status"]) for v in versions] == [
        (1, "add", "active"), (2, "edit", "active"), (3, "retract", "retracted")]
    assert versions[1]["note"] == "narrower" and versions[1]["data"]["about"] == ["DOGE"]
