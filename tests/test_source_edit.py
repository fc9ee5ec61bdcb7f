"""A source's metadata fixed after it is added: 'source edit' (kept in 'source history'), and
'source add' of a text already stored saying what it did not do.

A user's report: "`source add h.txt --outlet "New Outlet"` on an already-added file prints
`Source h already holds this text: nothing to do` and exits 0; the outlet is dropped. No
command edits title, outlet, URL or date. Similarly, `source add article.txt --key other`
quietly answers with the existing key."
"""

from __future__ import annotations

import json
import shlex
import sqlite3
from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.errors import InvalidInput, SourceConflict, SourceNotFound
from claimtrack.store import sourceadmin

from .conftest import dump

ARTICLE = ("The mayor said the city bridge will open in May, on budget. The builder was less "
           "sure:\na spokesperson for the builder, who was not named, said costs had risen by "
           "12 percent.\n")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "claims.db"


@pytest.fixture
def city_post(cli, tmp_path: Path) -> str:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    r = cli("source", "add", "article.txt", "--key", "city-post", "--outlet", "Old")
    assert r.exit_code == 0, r.stderr
    return "city-post"


def _show(cli, key: str) -> dict:
    r = cli("source", "show", key, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)[0]


def _history(cli, key: str) -> list[dict]:
    r = cli("source", "history", key, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


# -- source edit ------------------------------------------------------------------------------


def test_edit_changes_the_metadata_and_the_history_keeps_what_it_was(cli, city_post):
    r = cli("source", "edit", city_post, "--outlet", "New Outlet", "--published", "2024-10-25",
            "--title", "Bridge to open in May", "--note", "outlet misspelt")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.strip() == ("Edited source city-post: title: none -> 'Bridge to open in "
                                "May'; outlet: 'Old' -> 'New Outlet'; published: none -> "
                                "'2024-10-25'")
    shown = _show(cli, city_post)
    assert (shown["outlet"], shown["published"], shown["title"]) == (
        "New Outlet", "2024-10-25", "Bridge to open in May")
    assert shown["updated_at"] >= shown["added_at"]

    added, edit = _history(cli, city_post)
    assert (added["version"], added["current"], added["change"]) == (1, True, "text added")
    assert edit["version"] == 1 and edit["note"] == "outlet misspelt"
    assert edit["old"] == {"title": None, "outlet": "Old", "published": None}
    assert edit["new"] == {"title": "Bridge to open in May", "outlet": "New Outlet",
                           "published": "2024-10-25"}
    table = cli("source", "history", city_post).stdout
    assert "text added" in table and "misspelt" in table


def test_each_edit_is_kept_in_order_and_survives_a_refresh(cli, city_post, tmp_path):
    for outlet in ("Second", "Third"):
        assert cli("source", "edit", city_post, "--outlet", outlet).exit_code == 0
    (tmp_path / "article.txt").write_text(ARTICLE + "Update: the council met.\n",
                                          encoding="utf-8")
    assert cli("source", "refresh", city_post).exit_code == 0
    assert cli("source", "edit", city_post, "--outlet", "Fourth").exit_code == 0
    rows = _history(cli, city_post)
    assert [(r["version"], r["change"]) for r in rows] == [
        (1, "text added"), (1, "outlet: 'Old' -> 'Second'"),
        (1, "outlet: 'Second' -> 'Third'"), (2, "text refreshed"),
        (2, "outlet: 'Third' -> 'Fourth'")]
    assert [r["current"] for r in rows] == [False, False, False, True, False]


def test_authors_are_replaced_and_an_empty_value_clears_a_field(cli, city_post):
    assert cli("source", "edit", city_post, "--author", "Ana Ruiz", "--author", "Bo Li",
               "--url", "https://citypost.example/bridge").exit_code == 0
    assert _show(cli, city_post)["authors"] == ["Ana Ruiz", "Bo Li"]
    assert cli("source", "edit", city_post, "--author", "Bo Li").exit_code == 0
    assert _show(cli, city_post)["authors"] == ["Bo Li"]
    r = cli("source", "edit", city_post, "--author", "", "--url", "", "--outlet", "")
    assert r.exit_code == 0, r.stderr
    shown = _show(cli, city_post)
    assert (shown["authors"], shown["url"], shown["outlet"]) == ([], None, None)
    last = _history(cli, city_post)[-1]
    assert last["old"] == {"outlet": "Old", "authors": ["Bo Li"],
                           "url": "https://citypost.example/bridge"}
    assert last["new"] == {"outlet": None, "authors": [], "url": None}


def test_values_already_stored_change_nothing(cli, city_post, db):
    before = dump(db)
    r = cli("source", "edit", city_post, "--outlet", "Old")
    assert r.exit_code == 0 and "nothing changed" in r.stderr
    assert dump(db) == before


@pytest.mark.parametrize("args, words", [
    (["--published", "25/10/2024"], "bad date '25/10/2024': use YYYY-MM-DD"),
    (["--published", "2024-13-01"], "bad date"),
    (["--url", "javascript:alert(1)"], "URL scheme 'javascript' is not allowed"),
    ([], "nothing to change in source 'city-post': give --title, --outlet"),
])
def test_edit_refuses_what_add_refuses_and_writes_nothing(cli, city_post, db, args, words):
    before = dump(db)
    r = cli("source", "edit", city_post, "--outlet", "Not kept", *args) if args else \
        cli("source", "edit", city_post)
    assert r.exit_code == 1 and words in r.stderr and r.stderr.count("\n") == 1
    assert dump(db) == before


def test_edit_of_an_unknown_source(cli, city_post, db):
    before = dump(db)
    r = cli("source", "edit", "city-psot", "--outlet", "X")
    assert r.exit_code == 1 and "unknown source 'city-psot'" in r.stderr
    assert dump(db) == before


def test_an_edit_is_one_transaction(city_post, db):
    """The metadata changes with its history line or not at all."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TRIGGER no_history BEFORE INSERT ON source_history"
                 " BEGIN SELECT RAISE(ABORT, 'history is full'); END")
    conn.commit()
    conn.close()
    before = dump(db)
    with ClaimStore(db) as store, pytest.raises(sqlite3.DatabaseError, match="history is full"):
        sourceadmin.edit(store, city_post, outlet="New Outlet")
    assert dump(db) == before


def test_the_library_edit(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with ClaimStore(tmp_path / "lib.db") as store:
        store.add_source(tmp_path / "a.txt", key="a", outlet="Old")
        assert sourceadmin.edit(store, "a", outlet="New", note="typo") == {
            "outlet": ("Old", "New")}
        assert sourceadmin.edit(store, "a", outlet="New") == {}
        assert store.get_source("a")["outlet"] == "New"
        assert [e["old"] for e in sourceadmin.edits(store, "a")] == [{"outlet": "Old"}]
        with pytest.raises(InvalidInput, match="bad date"):
            sourceadmin.edit(store, "a", published="May 2024")
        with pytest.raises(SourceNotFound):
            sourceadmin.edit(store, "b", outlet="X")


def test_rename_carries_the_edits_and_remove_drops_them(cli, city_post, db):
    assert cli("source", "edit", city_post, "--outlet", "New").exit_code == 0
    assert cli("source", "rename", city_post, "post").exit_code == 0
    assert [r["change"] for r in _history(cli, "post")][-1] == "outlet: 'Old' -> 'New'"
    assert cli("source", "remove", "post").exit_code == 0
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM source_history").fetchone() == (0,)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_an_old_database_gains_the_history_table(tmp_path):
    from claimtrack.store import migrations

    from .test_migrations import old_database

    path = tmp_path / "old.db"
    db = old_database(path, stop_before="m010_source_history")
    db.execute("INSERT INTO sources (key, outlet, sha256, text, added_at, updated_at)"
               " VALUES ('s', 'Old', 'x', 'Hello world', 't', 't')")
    db.conn.commit()
    db.close()
    with ClaimStore(path) as store:
        assert migrations.pending(store.conn) == []
        sourceadmin.edit(store, "s", outlet="New")
        assert [r["change"] for r in sourceadmin.history(store, "s")] == [
            "text added", "outlet: 'Old' -> 'New'"]


# -- source add of a text already stored ------------------------------------------------------


def test_add_again_with_another_outlet_is_refused_and_says_how(cli, tmp_path, db):
    (tmp_path / "h.txt").write_text(ARTICLE, encoding="utf-8")
    assert cli("source", "add", "h.txt", "--outlet", "Old").exit_code == 0
    before = dump(db)
    r = cli("source", "add", "h.txt", "--outlet", "New Outlet")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == ("Error: source 'h' already holds this text: nothing added; its outlet "
                        "is 'Old' (you gave 'New Outlet'); to change it, claimtrack source edit "
                        "h --outlet 'New Outlet'\n")
    assert dump(db) == before
    # the command it gives does it
    command = r.stderr.rsplit("to change it, ", 1)[1].strip()
    assert cli(*shlex.split(command)[1:]).exit_code == 0
    assert _show(cli, "h")["outlet"] == "New Outlet"
    again = cli("source", "add", "h.txt", "--outlet", "New Outlet")
    assert again.exit_code == 0 and "nothing to do" in again.stderr and again.stdout == "h\n"


def test_add_again_with_another_key_is_refused(cli, city_post, db):
    before = dump(db)
    r = cli("source", "add", "article.txt", "--key", "other")
    assert r.exit_code == 1 and r.stdout == ""
    assert ("this text is already stored as source 'city-post' (you gave the key 'other'): "
            "nothing added; to give it the key 'other', claimtrack source rename city-post "
            "other") in r.stderr
    assert dump(db) == before
    with ClaimStore(db) as store, pytest.raises(SourceNotFound):
        store.get_source("other")


def test_add_again_with_several_differences_names_each(cli, city_post, db):
    before = dump(db)
    r = cli("source", "add", "article.txt", "--key", "other", "--title", "Bridge",
            "--author", "Ana Ruiz", "--author", "Bo Li", "--published", "2024-10-25")
    assert r.exit_code == 1 and r.stderr.count("\n") == 1
    for words in ("it has no title (you gave 'Bridge')",
                  "it has no authors (you gave 'Ana Ruiz', 'Bo Li')",
                  "it has no publication date (you gave '2024-10-25')",
                  "to change them, claimtrack source edit city-post --title Bridge --author "
                  "'Ana Ruiz' --author 'Bo Li' --published 2024-10-25",
                  "claimtrack source rename city-post other"):
        assert words in r.stderr, words
    assert dump(db) == before


@pytest.mark.parametrize("args", [
    [],  # nothing given: nothing differs
    ["--key", "city-post"],
    ["--outlet", "Old"],
    ["--outlet", ""],  # an empty value is not a value given
    ["--published", "2024-10-25", "--key", "city-post"],
])
def test_add_again_with_what_is_stored_is_a_no_op(cli, city_post, db, args):
    if "--published" in args:
        assert cli("source", "edit", city_post, "--published", "2024-10-25").exit_code == 0
    before = dump(db)
    r = cli("source", "add", "article.txt", *args)
    assert r.exit_code == 0, r.stderr
    assert r.stderr == "Source city-post already holds this text: nothing to do\n"
    assert r.stdout == "city-post\n"
    assert dump(db) == before


def test_the_same_text_under_another_file_name_is_a_no_op(cli, city_post, tmp_path):
    """The key a file name makes is not a key the user typed."""
    (tmp_path / "copy.txt").write_text(ARTICLE, encoding="utf-8")
    r = cli("source", "add", "copy.txt")
    assert r.exit_code == 0 and r.stdout == "city-post\n"


def test_the_library_still_returns_the_stored_source_unless_asked(tmp_path):
    """``load`` (and library callers) keep the old answer; ``refuse_changes`` is the CLI's."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with ClaimStore(tmp_path / "lib.db") as store:
        store.add_source(tmp_path / "a.txt", key="a", outlet="Old")
        source, created = store.add_source(tmp_path / "a.txt", key="a", outlet="New")
        assert not created and source["outlet"] == "Old"
        with pytest.raises(SourceConflict, match="its outlet is 'Old' \\(you gave 'New'\\)"):
            store.add_source(tmp_path / "a.txt", key="a", outlet="New", refuse_changes=True)


def test_help_shows_examples(cli):
    r = cli("source", "edit", "--help")
    assert r.exit_code == 0
    text = " ".join(r.stdout.split())
    assert "claimtrack source edit city-post --outlet \"City Post\"" in text
    for option in ("--title", "--outlet", "--author", "--url", "--published", "--note"):
        assert option in text
    add = " ".join(cli("source", "add", "--help").stdout.split())
    assert "refused (exit 1)" in add and "source edit" in add
