"""Migrations on their own: a new database gets every one, an old one is upgraded in place
and keeps its rows (claimtrack/store/migrations.py)."""

from __future__ import annotations

from claimtrack import ClaimStore
from claimtrack.store.migrations import MIGRATION_NAMES

from .conftest import dump


def test_new_database_has_every_migration_and_pragmas(tmp_path):
    s = ClaimStore(tmp_path / "new.db")
    applied = [r["name"] for r in s.query("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == MIGRATION_NAMES
    assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    tables = {r["name"] for r in s.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sources", "source_versions", "claims", "claim_history", "links",
            "dismissals", "claims_fts"} <= tables
    s.close()
    # opening again applies nothing and changes nothing
    before = dump(tmp_path / "new.db")
    ClaimStore(tmp_path / "new.db").close()
    assert dump(tmp_path / "new.db") == before


def old_database(path, stop_before):
    """A database with the migrations before ``stop_before`` applied (sqlite_utils.Database)."""
    from sqlite_utils import Database, Migrations

    from claimtrack.store import migrations

    old = Migrations(migrations.MIGRATION_SET)
    for fn in migrations.MIGRATIONS:
        old()(fn)
    db = Database(path)
    old.apply(db, stop_before=stop_before)
    return db


def test_old_database_is_upgraded_in_place(tmp_path):
    """A database made by the first schema gains later migrations and keeps its rows."""
    from claimtrack.store import migrations

    path = tmp_path / "old.db"
    db = old_database(path, stop_before=migrations.MIGRATION_NAMES[1])
    db.execute("INSERT INTO sources (key, sha256, text, added_at, updated_at)"
               " VALUES ('s', 'x', 'Hello world', 't', 't')")
    db.execute("INSERT INTO claims (id, seq, source, quote, statement, span_start, span_end,"
               " prefix, suffix, strength, created_at, updated_at)"
               " VALUES ('c1', 1, 's', 'Hello', 'Hello', 0, 5, '', ' world', 'unattributed', 't', 't')")
    db.conn.commit()
    db.close()
    store = ClaimStore(path)
    assert migrations.pending(store.conn) == []
    claim = store.get_claim("c1")
    assert claim["quote"] == "Hello" and claim["anchor_version"] is None
    assert store.add_claim("s", "world")["id"] == "c2"


def test_database_before_the_import_log_keeps_history_and_search(tmp_path):
    """m003 adds the import log and m004 rebuilds the full-text index; nothing is lost."""
    from claimtrack.store import migrations

    path = tmp_path / "old.db"
    db = old_database(path, stop_before="m003_import_log")
    db.execute("INSERT INTO sources (key, sha256, text, added_at, updated_at)"
               " VALUES ('s', 'x', 'Hello world', 't', 't')")
    db.execute("INSERT INTO claims (id, seq, source, quote, statement, span_start, span_end,"
               " prefix, suffix, strength, created_at, updated_at) VALUES"
               " ('c1', 1, 's', 'Hello', 'A greeting', 0, 5, '', ' world', 'unattributed', 't', 't')")
    db.execute("INSERT INTO claim_history (claim_id, version, action, data, changed_at)"
               " VALUES ('c1', 1, 'add', '{\"quote\": \"Hello\"}', 't')")
    db.conn.commit()
    db.close()
    store = ClaimStore(path)
    assert migrations.pending(store.conn) == []
    assert [(h["action"], h["data"]) for h in store.history("c1")] == [("add", {"quote": "Hello"})]
    for word in ("Hello", "greeting"):
        assert [c["id"] for c in store.list_claims(search=word)] == ["c1"]
    assert store.get_claim("c1")["statement"] == "A greeting"
    store.edit_claim("c1", statement="A salutation")
    assert [h["action"] for h in store.history("c1")] == ["add", "edit"]
