"""The core library, used without the CLI."""

from __future__ import annotations

import json
import sqlite3

import pytest

from claimtrack import ClaimStore
from claimtrack.attribution import from_options
from claimtrack.errors import (
    ClaimNotFound,
    InvalidInput,
    QuoteNotFound,
    SourceConflict,
    SourceFileError,
    SourceNotFound,
    UsageError,
)

from .conftest import SEEDS, dump


@pytest.fixture
def store(tmp_path):
    s = ClaimStore(tmp_path / "t.db")
    s.add_source(SEEDS / "001_5f9e32d0296bbd23.txt", key="vox", outlet="Vox",
                 published="2024-10-25")
    yield s
    s.close()


def test_import_from_package():
    import claimtrack

    assert claimtrack.ClaimStore is ClaimStore


def test_add_source_stores_text_hash_and_metadata(store):
    src = store.get_source("vox", text=True)
    raw = (SEEDS / "001_5f9e32d0296bbd23.txt").read_bytes()
    assert src["text"] == raw.decode("utf-8")
    import hashlib

    assert src["sha256"] == hashlib.sha256(raw).hexdigest()
    assert src["outlet"] == "Vox" and src["published"] == "2024-10-25"


def test_same_file_again_is_a_noop(store, tmp_path):
    before = dump(tmp_path / "t.db")
    src, created = store.add_source(SEEDS / "001_5f9e32d0296bbd23.txt", key="vox")
    assert not created and src["key"] == "vox"
    assert dump(tmp_path / "t.db") == before


def test_same_key_different_text_is_refused(store, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Some other text entirely.", encoding="utf-8")
    with pytest.raises(SourceConflict, match="refresh"):
        store.add_source(other, key="vox")


def test_default_key_is_a_slug_of_the_file_name(tmp_path):
    s = ClaimStore(tmp_path / "t.db")
    f = tmp_path / "Vox Article (1).md"
    f.write_text("# Hello\n\nA text.", encoding="utf-8")
    src, _ = s.add_source(f)
    assert src["key"] == "vox-article-1"


@pytest.mark.parametrize("content, match", [
    (b"\xff\xfe caf\xe9", "not UTF-8"),
    (b"abc\x00def", "binary"),
    (b"   \n", "empty"),
])
def test_bad_source_files(tmp_path, content, match):
    s = ClaimStore(tmp_path / "t.db")
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(SourceFileError, match=match):
        s.add_source(f)


def test_missing_file_and_folder(tmp_path):
    s = ClaimStore(tmp_path / "t.db")
    with pytest.raises(SourceFileError, match="no such file"):
        s.add_source(tmp_path / "nope.txt")
    with pytest.raises(SourceFileError, match="folder"):
        s.add_source(tmp_path)


def test_bad_date(tmp_path):
    s = ClaimStore(tmp_path / "t.db")
    for bad in ("2024-13-01", "25/10/2024", "yesterday"):
        with pytest.raises(InvalidInput, match="bad date"):
            s.add_source(SEEDS / "002_a5c30c16f2984d1a.txt", published=bad)
    assert s.list_sources() == []


def test_add_claim_stores_span_selectors_and_attribution(store):
    claim = store.add_claim(
        "vox", "has nothing to do with Russia or China",
        statement="Starlink's absence from Taiwan is not about Russia or China",
        attribution=from_options(named="SpaceX"), about=["Starlink", "Taiwan"])
    text = store.source_text("vox")
    assert claim["id"] == "c1"
    assert text[claim["span_start"]:claim["span_end"]] == claim["quote"]
    assert claim["prefix"] == text[claim["span_start"] - 32:claim["span_start"]]
    assert claim["suffix"] == text[claim["span_end"]:claim["span_end"] + 32]
    assert claim["strength"] == "named" and claim["attributed_to"] == "SpaceX"
    assert claim["about"] == ["Starlink", "Taiwan"]
    assert claim["status"] == "active"


def test_statement_defaults_to_quote(store):
    claim = store.add_claim("vox", 'a "closely held secret"')
    assert claim["statement"] == claim["quote"] == "a “closely held secret”"


def test_ids_are_sequential_and_never_reused(store):
    ids = [store.add_claim("vox", q)["id"] for q in
           ("Generally speaking", "That is just what Elon Musk has been doing")]
    store.retract_claim(ids[0], "test")
    assert store.add_claim("vox", "In the near term")["id"] == "c3"
    assert ids == ["c1", "c2"]


def test_failed_add_leaves_database_unchanged(store, tmp_path):
    before = dump(tmp_path / "t.db")
    with pytest.raises(QuoteNotFound):
        store.add_claim("vox", "Musk is secretly a Martian")
    with pytest.raises(SourceNotFound):
        store.add_claim("nope", "Generally speaking")
    with pytest.raises(UsageError):
        store.add_claim("vox", "Generally", attribution=from_options(named="X", anonymous="Y"))
    assert dump(tmp_path / "t.db") == before


def test_anonymous_needs_a_description():
    with pytest.raises(UsageError, match="--anonymous"):
        from_options(anonymous="  ")


def test_edit_keeps_id_and_history(store):
    c = store.add_claim("vox", "has nothing to do with Russia or China",
                        attribution=from_options(named="SpaceX"))
    edited = store.edit_claim(c["id"], denied_by=["Kremlin"], about=["Taiwan"], note="test")
    assert edited["id"] == c["id"] and edited["denied_by"] == ["Kremlin"]
    store.retract_claim(c["id"], "story corrected")
    hist = store.history(c["id"])
    assert [h["action"] for h in hist] == ["add", "edit", "retract"]
    assert hist[0]["data"]["denied_by"] == [] and hist[1]["data"]["denied_by"] == ["Kremlin"]
    assert hist[2]["data"]["status"] == "retracted"
    assert store.get_claim(c["id"])["status_reason"] == "story corrected"


def test_edit_quote_relocates(store):
    c = store.add_claim("vox", "Generally speaking")
    e = store.edit_claim(c["id"], quote="the national security state frowns")
    assert store.source_text("vox")[e["span_start"]:e["span_end"]] == e["quote"]
    assert e["statement"] == e["quote"]


def test_edit_with_nothing_to_change(store):
    c = store.add_claim("vox", "Generally speaking")
    with pytest.raises(InvalidInput, match="nothing to change"):
        store.edit_claim(c["id"])


def test_unknown_claim(store):
    with pytest.raises(ClaimNotFound):
        store.get_claim("c999")
    with pytest.raises(ClaimNotFound):
        store.retract_claim("c999", "x")


def test_claim_id_forms(store):
    c = store.add_claim("vox", "Generally speaking")
    for form in ("c1", "C1", "1", "claim:c1", " c1 "):
        assert store.get_claim(form)["id"] == c["id"]


def test_list_filters(seeded):
    by_source = seeded.list_claims(source="vox-putin")
    assert by_source and all(c["source"] == "vox-putin" for c in by_source)
    anon = seeded.list_claims(strength="anonymous")
    assert anon and all(c["strength"] == "anonymous" for c in anon)
    denied = seeded.list_claims(denied_by="SpaceX")
    assert denied and all("SpaceX" in c["denied_by"] for c in denied)
    about = seeded.list_claims(about="Starlink")
    assert about and all("Starlink" in c["about"] for c in about)
    by = seeded.list_claims(by="Plumb")
    assert by and all("Plumb" in c["attributed_to"] for c in by)
    found = seeded.list_claims(search="Taiwan")
    assert found and all("taiwan" in (c["quote"] + c["statement"]).lower() for c in found)
    assert seeded.list_claims(search='"; DROP TABLE claims; --') == []
    # words with punctuation are split as the index splits them (it keeps no positions)
    h1b = seeded.list_claims(search="H-1B")
    assert h1b and all("h-1b" in (c["quote"] + c["statement"]).lower() for c in h1b)
    assert seeded.list_claims(search="Musk's") == seeded.list_claims(search="Musk s")
    with pytest.raises(InvalidInput, match="needs some words"):
        seeded.list_claims(search="-- ?")
    seeded.retract_claim(by[0]["id"], "test")
    assert [c["id"] for c in seeded.list_claims(status="retracted")] == [by[0]["id"]]
    assert len(seeded.list_claims(status="active")) == len(seeded.list_claims()) - 1


def test_list_rejects_unknown_filter_values(seeded):
    with pytest.raises(UsageError):
        seeded.list_claims(strength="loud")
    with pytest.raises(SourceNotFound):
        seeded.list_claims(source="nope")


def test_not_a_database(tmp_path):
    from claimtrack.errors import DatabaseError

    bad = tmp_path / "bad.db"
    bad.write_text("hello, I am not SQLite" * 100)
    with pytest.raises(DatabaseError, match="not a claimtrack database"):
        ClaimStore(bad)


def test_history_rows_are_json(store, tmp_path):
    c = store.add_claim("vox", "Generally speaking")
    raw = sqlite3.connect(tmp_path / "t.db").execute(
        "SELECT data FROM claim_history WHERE claim_id = ?", [c["id"]]).fetchone()[0]
    assert json.loads(raw)["quote"] == "Generally speaking"


# -- bulk writes: the rollback journal instead of the WAL (ClaimStore.bulk) ---------


def _modes(s: ClaimStore) -> tuple[str, int]:
    return (s.conn.execute("PRAGMA journal_mode").fetchone()[0],
            s.conn.execute("PRAGMA synchronous").fetchone()[0])


def test_bulk_uses_the_rollback_journal_and_puts_wal_back(store, tmp_path):
    assert _modes(store) == ("wal", 1)  # synchronous NORMAL
    with store.bulk():
        assert _modes(store) == ("delete", 2)  # FULL: NORMAL is not power-safe without WAL
        with store.transaction():
            store.add_claim("vox", "In the near term")
            assert (tmp_path / "t.db-journal").exists()
    assert _modes(store) == ("wal", 1)
    assert not (tmp_path / "t.db-journal").exists()
    assert [c["quote"] for c in store.list_claims()] == ["In the near term"]


def test_bulk_keeps_the_wal_while_another_connection_is_open(store, tmp_path):
    other = sqlite3.connect(tmp_path / "t.db")
    try:
        other.execute("SELECT count(*) FROM claims").fetchone()
        with store.bulk():
            assert _modes(store) == ("wal", 1)
            with store.transaction():
                store.add_claim("vox", "In the near term")
        assert other.execute("SELECT count(*) FROM claims").fetchone() == (1,)
    finally:
        other.close()


def test_bulk_rolls_back_whole_and_inside_a_transaction_changes_nothing(store):
    before = store.list_claims()
    with pytest.raises(RuntimeError), store.bulk(), store.transaction():
        store.add_claim("vox", "In the near term")
        raise RuntimeError("interrupted")
    assert store.list_claims() == before and _modes(store) == ("wal", 1)
    with store.transaction(), store.bulk():
        assert _modes(store) == ("wal", 1)


def test_a_hot_journal_left_by_a_killed_bulk_write_is_rolled_back(store, tmp_path):
    """What a kill -9 in the middle of a bulk write leaves: the database file already
    holds some of the transaction's pages, the journal the pages they replaced."""
    db = tmp_path / "t.db"
    before = dump(db)
    store.close()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA cache_size = 1")  # spill changed pages to the file at once
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE sources SET title = 'half written', text = text || text")
    conn.execute("DELETE FROM source_versions")
    journal = (tmp_path / "t.db-journal").read_bytes()
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())  # the file as a killed process would leave it
    (tmp_path / "copy.db-journal").write_bytes(journal)
    conn.execute("ROLLBACK")
    conn.close()
    with ClaimStore(copy) as reopened:
        assert reopened.get_source("vox")["title"] != "half written"
        assert _modes(reopened) == ("wal", 1)
    assert not (tmp_path / "copy.db-journal").exists()
    assert dump(copy) == before


def test_opening_a_database_locked_by_a_long_write_says_so(tmp_path, monkeypatch):
    from claimtrack.errors import DatabaseError
    from claimtrack.store import connection as store_module

    ClaimStore(tmp_path / "t.db").close()
    writer = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    try:
        writer.execute("PRAGMA journal_mode = DELETE")  # as during a bulk import
        writer.execute("BEGIN EXCLUSIVE")
        monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
        with pytest.raises(DatabaseError, match=r"t\.db is locked: another command \(or another "
                                                r"program\) has kept it busy for over .* try again "
                                                r"when it has finished"):
            ClaimStore(tmp_path / "t.db")
    finally:
        writer.close()


def test_a_command_that_waits_too_long_for_a_lock_says_so(cli, tmp_path, monkeypatch):
    """A write that cannot get the lock in time (another connection holds it, as a long
    import does) gets the same one-line answer as an open that cannot, and changes nothing."""
    from claimtrack.store import connection as store_module

    db = tmp_path / "t.db"
    source = tmp_path / "note.txt"
    source.write_text("The minister said the budget would grow.", encoding="utf-8")
    assert cli("--db", str(db), "source", "add", str(source), "--key", "note").exit_code == 0
    before = dump(db)
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # a writer that does not finish (WAL: reads go on)
        monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
        r = cli("--db", str(db), "claim", "add", "note", "the budget would grow")
    finally:
        writer.close()
    assert r.exit_code == 1
    assert r.stderr.strip() == (f"Error: {db} is locked: another command (or another program) "
                                "has kept it busy for over 0.05 s; try again when it has finished")
    assert dump(db) == before
