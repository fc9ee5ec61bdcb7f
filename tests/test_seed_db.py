"""The committed claims.db is what seeds/ builds."""

from __future__ import annotations

import sqlite3

import pytest

from claimtrack import ClaimStore
from claimtrack.store.seeds import load_seeds

from .conftest import REPO

CONTENT = ("SELECT id, source, quote, statement, span_start, span_end, prefix, suffix,"
           " strength, attributed_to, denied_by, declined, about, status FROM claims ORDER BY seq")


def _content(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        claims = conn.execute(CONTENT).fetchall()
        sources = conn.execute(
            "SELECT key, title, outlet, authors, url, published, sha256, text FROM sources"
            " ORDER BY key").fetchall()
    finally:
        conn.close()
    return sources, claims


def test_committed_db_matches_a_rebuild_from_seeds(tmp_path):
    committed = REPO / "claims.db"
    if not committed.exists():
        pytest.fail("claims.db is missing: run 'make demo' and commit it")
    store = ClaimStore(tmp_path / "rebuilt.db")
    load_seeds(store, REPO / "seeds")
    store.close()
    assert _content(committed) == _content(tmp_path / "rebuilt.db")


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
