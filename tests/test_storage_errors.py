"""A full disk, a read-only folder or a read-only file system is named as such, never "not a
claimtrack database" (issue 16: a user told that might delete a healthy file).

The tests run as root here, and root writes through any permission, so the storage's
refusals are produced at SQLite's own layer instead:

- a full disk is real: ``PRAGMA max_page_count`` on claimtrack's connection makes SQLite
  answer ``SQLITE_FULL`` as it does on a full disk; ``/dev/full`` for an output file;
- a read-only folder or file system is injected: the connection's first statement fails
  with the error SQLite really gives there (``SQLITE_READONLY_DIRECTORY``, extended code
  1544, seen as an unprivileged user on a ``chmod a-w`` folder; ``SQLITE_CANTOPEN``), and
  the folder looks read-only to ``os.access`` / ``os.statvfs`` as it would to that user;
- a write refused by a read-only file system is real: the connection is opened
  ``mode=ro``, so SQLite itself refuses every write (``SQLITE_READONLY``).

Each asserts one line naming the real problem, a non-zero exit, and the database file
byte-identical.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import dump
from .reliability import assert_one_line_error, file_bytes

VOX = "vox-putin"
FREE_QUOTE = "frowns on its denizens"
SQLITE_READONLY_DIRECTORY = 1544  # (sqlite3 names only the primary codes)


def _connect_with(monkeypatch: pytest.MonkeyPatch, after: Callable[[Any], Any]) -> None:
    """Every sqlite3.connect from now on returns ``after(connection)``."""
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        return after(real(*args, **kwargs))

    monkeypatch.setattr(sqlite3, "connect", connect)


def _failing(error: sqlite3.Error) -> Callable[..., Any]:
    """A connect whose connection fails its first statement with ``error``."""
    real = sqlite3.connect

    class Refusing(sqlite3.Connection):
        def execute(self, *args: Any, **kwargs: Any) -> Any:
            raise error

    def connect(database: Any, *args: Any, **kwargs: Any) -> Any:
        return real(database, *args, factory=Refusing, **kwargs)

    return connect


def _error(message: str, code: int) -> sqlite3.OperationalError:
    e = sqlite3.OperationalError(message)
    e.sqlite_errorcode = code  # as SQLite sets it (the extended code)
    return e


def _unchanged(db: Path) -> Callable[[], None]:
    before, before_dump = file_bytes([db]), dump(db)

    def check() -> None:
        assert file_bytes([db]) == before
        assert dump(db) == before_dump

    return check


def _folder_read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """``os.access`` says the folder is not writable, as it does for a user who is not root."""
    real = os.access

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        if Path(path).resolve() == folder.resolve() and mode & os.W_OK:
            return False
        return real(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)


def _filesystem_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.statvfs

    class ReadOnly:
        def __init__(self, result: Any) -> None:
            self._result = result
            self.f_flag = result.f_flag | os.ST_RDONLY

        def __getattr__(self, name: str) -> Any:
            return getattr(self._result, name)

    monkeypatch.setattr(os, "statvfs", lambda path: ReadOnly(real(path)))


# -- a full disk ------------------------------------------------------------------------


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """No page may be added to any database claimtrack opens: SQLite's SQLITE_FULL."""
    def full(conn: Any) -> Any:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    _connect_with(monkeypatch, full)


def test_a_full_disk_during_a_write_is_named(cli, seeded, tmp_path, monkeypatch):
    seeded.close()
    big = tmp_path / "big.txt"
    big.write_text("The minister said many things about the budget. " * 4000, encoding="utf-8")
    db = tmp_path / "claims.db"
    unchanged = _unchanged(db)
    _disk_full(monkeypatch)
    r = cli("source", "add", str(big))
    monkeypatch.undo()
    assert_one_line_error(r.exit_code, r.stderr)
    assert f"cannot write to {db}: the disk is full" in r.stderr
    assert "not a claimtrack database" not in r.stderr
    unchanged()


def test_a_full_disk_for_a_new_database_leaves_no_file(cli, tmp_path, monkeypatch):
    source = tmp_path / "a.txt"
    source.write_text("The minister said the budget would grow.", encoding="utf-8")
    _disk_full(monkeypatch)
    r = cli("--db", str(tmp_path / "new.db"), "source", "add", str(source))
    monkeypatch.undo()
    assert_one_line_error(r.exit_code, r.stderr)
    assert "the disk is full" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_full_disk_in_the_library_is_our_error(seeded, tmp_path, monkeypatch):
    from claimtrack import ClaimStore
    from claimtrack.errors import DatabaseError

    seeded.close()
    big = tmp_path / "big.txt"
    big.write_text("Another long article about the budget. " * 4000, encoding="utf-8")
    _disk_full(monkeypatch)
    with ClaimStore(tmp_path / "claims.db") as store, \
            pytest.raises(DatabaseError, match="the disk is full"):
        store.add_source(big)


@pytest.mark.parametrize("args", [["export", "claims", "-o", "/dev/full"],
                                  ["report", "-o", "/dev/full"]])
def test_an_output_on_a_full_disk_is_named(cli, seeded, tmp_path, args):
    seeded.close()
    unchanged = _unchanged(tmp_path / "claims.db")
    r = cli(*args)
    assert_one_line_error(r.exit_code, r.stderr)
    assert "No space left on device" in r.stderr
    unchanged()


# -- a read-only folder or file system ---------------------------------------------------


@pytest.mark.parametrize("args", [["claim", "list"], ["claim", "add", VOX, FREE_QUOTE]])
def test_a_read_only_folder_is_named(cli, seeded, tmp_path, monkeypatch, args):
    seeded.close()
    db = tmp_path / "claims.db"
    unchanged = _unchanged(db)
    _folder_read_only(monkeypatch, tmp_path)
    monkeypatch.setattr(sqlite3, "connect", _failing(
        _error("attempt to write a readonly database", SQLITE_READONLY_DIRECTORY)))
    r = cli(*args)
    monkeypatch.undo()
    assert_one_line_error(r.exit_code, r.stderr)
    assert f"cannot open {db}: the folder {tmp_path.resolve()} is read-only" in r.stderr
    assert "not a claimtrack database" not in r.stderr
    unchanged()


@pytest.mark.parametrize("code", [sqlite3.SQLITE_CANTOPEN, SQLITE_READONLY_DIRECTORY,
                                  sqlite3.SQLITE_IOERR | (18 << 8)])  # IOERR_SHMOPEN
def test_a_read_only_file_system_at_open_is_named(cli, seeded, tmp_path, monkeypatch, code):
    seeded.close()
    db = tmp_path / "claims.db"
    unchanged = _unchanged(db)
    _filesystem_read_only(monkeypatch)
    monkeypatch.setattr(sqlite3, "connect", _failing(_error("unable to open database file", code)))
    r = cli("claim", "list")
    monkeypatch.undo()
    assert_one_line_error(r.exit_code, r.stderr)
    assert f"the file system holding {tmp_path.resolve()} is read-only" in r.stderr
    assert "not a claimtrack database" not in r.stderr
    unchanged()


def test_a_write_refused_by_a_read_only_file_system_is_named(cli, seeded, tmp_path,
                                                             monkeypatch):
    """SQLite itself refuses the write (the connection is read-only, as on a read-only
    mount); reading still works."""
    seeded.close()
    db = tmp_path / "claims.db"
    unchanged = _unchanged(db)
    real = sqlite3.connect

    def read_only(database: Any, *args: Any, **kwargs: Any) -> Any:
        return real(f"file:{database}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    _filesystem_read_only(monkeypatch)
    listed = cli("claim", "list", "--format", "json")
    r = cli("claim", "add", VOX, FREE_QUOTE)
    monkeypatch.undo()
    assert listed.exit_code == 0, listed.stderr
    assert_one_line_error(r.exit_code, r.stderr)
    assert f"cannot write to {db}: the file system holding {tmp_path.resolve()} is read-only" \
        in r.stderr
    unchanged()


def test_extended_codes_are_read_by_their_primary_code(tmp_path):
    """What the checks above rely on, at the lowest layer: SQLite's extended codes."""
    from claimtrack.store.opening import open_error

    path = str(tmp_path / "claims.db")
    for code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR | (3 << 8),  # IOERR_WRITE
                 SQLITE_READONLY_DIRECTORY, sqlite3.SQLITE_CANTOPEN | (1 << 8)):
        message = str(open_error(path, _error("some failure", code)))
        assert "not a claimtrack database" not in message, (code, message)
    assert "not a claimtrack database" in str(
        open_error(path, _error("file is not a database", sqlite3.SQLITE_NOTADB)))
