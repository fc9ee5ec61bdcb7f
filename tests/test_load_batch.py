"""``load`` writes many claims at a time and finds quotes through a word index (issue 22):
the same claims, spans, history and errors as adding each claim with ``claim add``."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack import ClaimStore
from claimtrack.errors import ClaimtrackError
from claimtrack.store import claimbatch
from claimtrack.store.seeds import load_seeds
from claimtrack.text import anchoring, wordindex

from .conftest import dump


@pytest.fixture
def index_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """The word index used for every text, from the first search."""
    monkeypatch.setattr(wordindex, "MIN_CHARS", 0)
    monkeypatch.setattr(wordindex, "BUILD_AFTER", 1)
    monkeypatch.setattr(anchoring, "FOLD_CACHE_MIN_CHARS", 0)
    wordindex._words.cache_clear()
    anchoring._fold_cached.cache_clear()


def _naive(text: str, phrase: str) -> list[int]:
    return [i for i in range(len(text) - len(phrase) + 1) if text.startswith(phrase, i)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab -", max_size=60), st.text(alphabet="ab -", max_size=8))
def test_the_word_index_finds_what_str_find_finds(text: str, phrase: str) -> None:
    wordindex._words.cache_clear()
    saved = wordindex.MIN_CHARS, wordindex.BUILD_AFTER
    wordindex.MIN_CHARS, wordindex.BUILD_AFTER = 0, 1
    try:
        assert wordindex.find_all(text, phrase) == _naive(text, phrase)
        assert wordindex.find_all(text, phrase) == _naive(text, phrase)  # index built now
    finally:
        wordindex.MIN_CHARS, wordindex.BUILD_AFTER = saved


def test_overlapping_and_edge_occurrences(index_always: None) -> None:
    text = "a b a b a b c"
    assert wordindex.find_all(text, "a b a") == [0, 4]
    assert wordindex.find_all(text, " b a b ") == [1, 5]
    assert wordindex.find_all(text, "b a b c") == [6]
    assert wordindex.find_all(text, "x y z") == []


def _per_claim(store: ClaimStore, folder: Path) -> None:
    """The seeds added one ``add_claim`` at a time (what ``load`` did before batches)."""
    import tomllib

    from claimtrack.store.seeds import claim_fields

    for entry in tomllib.loads((folder / "sources.toml").read_text())["source"]:
        store.add_source(folder / entry["file"], key=entry.get("key"), title=entry.get("title"),
                         outlet=entry.get("outlet"), authors=entry.get("authors", []),
                         url=entry.get("url"), published=entry.get("published"))
    for entry in tomllib.loads((folder / "claims.toml").read_text())["claim"]:
        store.add_claim(entry["source"], entry["quote"], **claim_fields(entry))


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall()
                for t in ("sources", "claims", "claim_history")}
    finally:
        conn.close()


def test_load_stores_what_adding_each_claim_stores(tmp_path: Path, seeds_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   index_always: None) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(claimbatch, "CHUNK", 7)  # several writes in one load
    one = ClaimStore(tmp_path / "one.db")
    _per_claim(one, seeds_dir)
    one.close()
    many = ClaimStore(tmp_path / "many.db")
    assert load_seeds(many, seeds_dir) == (3, 83)
    history = many.history("c5")
    many.close()
    assert _rows(tmp_path / "many.db") == _rows(tmp_path / "one.db")
    assert [h["action"] for h in history] == ["add"]
    assert history[0]["data"]["id"] == "c5" and history[0]["version"] == 1


def test_a_bad_claim_late_in_a_load_leaves_the_database_as_it_was(
        tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claimbatch, "CHUNK", 10)  # claims written before the bad one
    store = ClaimStore(tmp_path / "claims.db")
    (tmp_path / "early.txt").write_text("An earlier source, with words in it.\n")
    store.add_source(tmp_path / "early.txt", key="early")
    store.add_claim("early", "with words in it")
    before = dump(tmp_path / "claims.db")
    claims = (seeds_dir / "claims.toml").read_text()
    (seeds_dir / "claims.toml").write_text(
        claims + '\n[[claim]]\nsource = "vox-putin"\nquote = "words that are nowhere"\n')
    with pytest.raises(ClaimtrackError, match=r"claims\.toml claim #84: quote not found"):
        load_seeds(store, seeds_dir)
    store.close()
    assert dump(tmp_path / "claims.db") == before


def test_claims_added_after_a_load_continue_its_numbers(seeded: ClaimStore) -> None:
    first = seeded.get_claim("c1")
    claim = seeded.add_claim(first["source"], first["quote"], occurrence=1)
    assert claim["id"] == "c84"
    assert [h["action"] for h in seeded.history("c84")] == ["add"]
