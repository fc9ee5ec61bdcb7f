"""The committed claims.db is what seeds/ builds."""

from __future__ import annotations

import sqlite3

import pytest

from claimtrack import ClaimStore
from claimtrack.store.seeds import load_seeds

from .conftest import REPO

CONTENT = ("SELECT id, source, quote, statement, span_start, span_end, prefix, suffix,"
           " strength, attributed_to, denied_by, declined, about, status FROM claims ORDER BY seq")


LINKS = ("SELECT a, b, relation, status, round(score, 2), method, decided_by, note FROM links"
         " ORDER BY a, b")


def _content(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        claims = conn.execute(CONTENT).fetchall()
        sources = conn.execute(
            "SELECT key, title, outlet, authors, url, published, sha256, text FROM sources"
            " ORDER BY key").fetchall()
        links = conn.execute(LINKS).fetchall()
    finally:
        conn.close()
    return sources, claims, links


def test_committed_db_matches_a_rebuild_from_seeds(tmp_path):
    """Sources, claims and what ``match`` suggests (make demo runs it): a change to the
    matcher's model or thresholds makes the committed database stale, and this says so."""
    from claimtrack.matching.links import match_claims

    committed = REPO / "claims.db"
    if not committed.exists():
        pytest.fail("claims.db is missing: run 'make demo' and commit it")
    store = ClaimStore(tmp_path / "rebuilt.db")
    load_seeds(store, REPO / "seeds")
    match_claims(store)
    store.close()
    assert _content(committed) == _content(tmp_path / "rebuilt.db"), (
        "claims.db is stale: run 'make demo' and commit claims.db")


def test_seeds_cover_every_attribution_kind(seeded):
    claims = seeded.list_claims()
    assert len(claims) >= 40
    assert {c["strength"] for c in claims} == {"named", "reported", "anonymous", "unattributed"}
    assert any(c["attributed_to"] == "Wall Street Journal" for c in claims)
    assert any("national security official" in (c["attributed_to"] or "") for c in claims)
    assert any("White House" in c["declined"] for c in claims)
    assert any("SpaceX" in c["denied_by"] for c in claims)


def test_seed_load_is_all_or_nothing(tmp_path, seeds_dir):
    from claimtrack.errors import ClaimtrackError

    from .conftest import dump

    claims = seeds_dir / "claims.toml"
    claims.write_text(claims.read_text(encoding="utf-8") +
                      '\n[[claim]]\nsource = "vox-putin"\nquote = "not in the article at all"\n',
                      encoding="utf-8")
    store = ClaimStore(tmp_path / "x.db")
    before = dump(tmp_path / "x.db")
    with pytest.raises(ClaimtrackError, match="claim #"):
        load_seeds(store, seeds_dir)
    assert dump(tmp_path / "x.db") == before


def test_a_rebuild_keeps_the_old_database_and_drops_its_wal(tmp_path, seeds_dir, monkeypatch):
    """make demo when seeds change: ./claims.db, with a claim the user added, is backed up
    first, and its -wal is not left beside the new file."""
    import importlib.util
    import shutil

    spec = importlib.util.spec_from_file_location("build_db", REPO / "scripts" / "build_db.py")
    assert spec and spec.loader
    build_db = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_db)
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(REPO / "claims.db", tmp_path / "claims.db")
    store = ClaimStore(tmp_path / "claims.db")
    mine = store.add_claim("vox-putin", "frowns on its denizens")["id"]
    held = sqlite3.connect(tmp_path / "claims.db")  # keeps the WAL from being checkpointed
    held.execute("SELECT count(*) FROM claims").fetchone()
    assert (tmp_path / "claims.db-wal").exists()
    toml = seeds_dir / "sources.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('title = "', 'title = "New: ', 1),
                    encoding="utf-8")
    assert build_db.main("claims.db", str(seeds_dir)) == 0
    assert not list(tmp_path.glob("claims.db.tmp*"))  # no -wal / -shm of the build left over
    held.close()
    store.close()
    backups = sorted(tmp_path.glob("claims.db.bak-*"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT count(*) FROM claims WHERE id = ?", [mine]).fetchone()[0] == 1
    conn.close()
    rebuilt = ClaimStore(tmp_path / "claims.db")
    assert rebuilt.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert any(s["title"].startswith("New: ") for s in rebuilt.list_sources() if s["title"])
    rebuilt.close()
