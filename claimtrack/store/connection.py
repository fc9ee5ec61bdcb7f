"""The connection to a claimtrack database: opening (and creating or upgrading) it, WAL and
bulk mode, and transactions.

It talks to SQLite through the standard library's ``sqlite3`` so that a
command that only reads pays nothing for sqlite-utils; the schema itself is
created and upgraded by ``sqlite_utils.Migrations`` (see
:mod:`claimtrack.store.migrations`) the first time a database is opened by a
version of claimtrack that knows more migrations than it has.

Every write runs in one ``BEGIN IMMEDIATE`` transaction: it either happens
whole or not at all, and two processes writing at once wait for each other
(``busy_timeout``) instead of failing.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from ..config import database_path
from ..errors import (
    DatabaseError,
)
from . import locknote, migrations, opening

BUSY_TIMEOUT_MS = 60_000


def now() -> str:
    """UTC timestamp; honours SOURCE_DATE_EPOCH so a rebuilt claims.db is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        when = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    else:
        when = datetime.datetime.now(datetime.UTC)
    return when.isoformat(timespec="seconds")


def writable(path: str) -> bool:
    """Whether claimtrack may write to the database file at ``path``.

    ``os.access`` asks the kernel, which lets root write anything; so a file
    with no write permission for anyone (``chmod a-w claims.db``) also counts
    as read-only: that is how a user says "keep this as it is", and claimtrack
    honours it whoever runs it.
    """
    return os.access(path, os.W_OK) and bool(os.stat(path).st_mode & 0o222)


def is_locked(e: sqlite3.Error) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (``busy_timeout``)."""
    return getattr(e, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def locked_message(path: str) -> str:
    """What to tell someone whose command waited :data:`BUSY_TIMEOUT_MS` for a lock: who
    holds it (:func:`claimtrack.store.locknote.holder`), not a guess."""
    return (f"{path} is locked: {locknote.holder(path)} has kept it busy for over "
            f"{BUSY_TIMEOUT_MS / 1000:g} s; try again when it has finished")


class Database:
    """An open claimtrack database: the connection, its transactions, WAL and bulk mode.

    Opening applies outstanding migrations (:mod:`.migrations`), so a new and an old
    database are handled the same way.  :class:`~claimtrack.store.ClaimStore` adds the
    tables' reads and writes.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True):
        self.path = str(path if path is not None else database_path())
        #: Whether this store made the database file (see :meth:`discard_if_new`).
        self.created = self.path != ":memory:" and not Path(self.path).exists()
        if self.path != ":memory:":
            opening.check_file(self.path)  # a folder, a FIFO, /dev/zero: refused
            if self.created and not create:
                raise DatabaseError(
                    f"no database at {self.path}: add a source first "
                    "('claimtrack source add FILE') or run 'make demo'"
                )
        try:
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                        isolation_level=None, check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            opening.refuse_foreign(self.conn, self.path)  # before any write, WAL included
        except sqlite3.DatabaseError as e:
            self._close_quietly()
            if is_locked(e):
                raise DatabaseError(locked_message(self.path)) from None
            raise opening.open_error(self.path, e) from None
        except DatabaseError:
            self._close_quietly()
            raise
        #: Migrations from a newer claimtrack: the database is opened for reading only.
        self.newer = opening.newer(self.conn)
        self.readonly = bool(self.newer) or (self.path != ":memory:" and Path(self.path).exists()
                                             and not writable(self.path))
        if self.readonly:
            self.conn.execute("PRAGMA query_only = ON")  # SQLite itself refuses any write
        else:
            self._wal()
        if migrations.pending(self.conn):
            if self.newer:
                raise DatabaseError(self._newer_message())
            if self.readonly:
                raise DatabaseError(f"{self.path} is read-only and needs upgrading")
            try:
                with self.transaction():
                    if migrations.pending(self.conn):  # another process may have just done it
                        migrations.apply(self.conn)
            except DatabaseError:
                self._discard_created()  # a new database on a full disk: no empty file left
                raise

    def _discard_created(self) -> None:
        """Close, and delete the files of a database this store has just made."""
        self._close_quietly()
        if self.created:
            for suffix in ("", "-wal", "-shm", "-journal", locknote.SUFFIX):
                Path(self.path + suffix).unlink(missing_ok=True)

    def _close_quietly(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()

    def _newer_message(self) -> str:
        return (f"{self.path} was written by a newer claimtrack (migration "
                f"{self.newer[-1]} is unknown to this version): upgrade claimtrack to "
                "write to it; this version only reads it")

    def _wal(self) -> None:
        try:
            mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal" and self.path != ":memory:":
                # (out of WAL mode during another process's bulk write: this waits for it)
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError:
            pass  # read-only or locked: WAL is an optimisation, not a requirement

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Around a big write: the rollback journal instead of the WAL, if no one else is connected.

        In WAL mode every page a transaction writes is written twice, to the
        WAL and then, at the checkpoint, into the database file: the commit of
        a million imported claims (850 MB) took 4-5 s.  The rollback journal
        keeps only the old content of the pages a transaction changes, and a
        bulk import mostly adds new pages: the same commit takes under 1 s.
        The guarantees are SQLite's either way: a killed import leaves a hot
        journal, which the next connection to open the database rolls back
        (``synchronous = FULL`` meanwhile: NORMAL is not safe against power
        loss in rollback mode).

        Leaving WAL mode needs every other connection closed.  If another is
        open (another process reading), nothing changes and the write goes
        through the WAL as usual.  While a bulk write runs in rollback mode,
        other processes can read until its page cache fills and SQLite starts
        writing the database file; then they wait (``busy_timeout``, a minute)
        for the commit, as does any connection opened meanwhile (it waits to
        put WAL mode back).  WAL mode comes back at the end (:meth:`_wal`); if
        it cannot, the next open of the database puts it back.
        """
        left = self._leave_wal()
        try:
            yield
        finally:
            if left:
                self._wal()  # WAL and synchronous = NORMAL again, as every open sets them

    def _leave_wal(self) -> bool:
        """Switch to the rollback journal (see :meth:`bulk`) if no other connection is open."""
        if self.path == ":memory:" or self.readonly or self.conn.in_transaction:
            return False
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            mode = self.conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError:
            return False  # another connection is open: stay in WAL mode
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if mode != "delete":
            return False
        self.conn.execute("PRAGMA synchronous = FULL")
        return True

    def close(self) -> None:
        self.conn.close()

    def discard_if_new(self) -> bool:
        """Close, and delete the database file if this store made it and it holds nothing.

        For a command that failed before writing anything (an import refused
        whole): the user is left with no database, as before, not an empty one.
        """
        if not self.created:
            return False
        tables = ("sources", "claims", "links", "dismissals", "imports")
        if any(self.conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in tables):
            return False
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal", locknote.SUFFIX):
            Path(self.path + suffix).unlink(missing_ok=True)
        return True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def root(self) -> Path:
        """The folder source paths are stored relative to (the database's folder)."""
        return Path(self.path).resolve().parent if self.path != ":memory:" else Path.cwd()

    # -- transactions -----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested calls become savepoints."""
        if self.newer:
            raise DatabaseError(self._newer_message())
        if self.readonly:
            raise DatabaseError(f"{self.path} is read-only: cannot write to it")
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT nested")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO nested")
                self.conn.execute("RELEASE nested")
                raise
            self.conn.execute("RELEASE nested")
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as e:
            raise self._write_error(e) from None
        noted = locknote.write(self.path)  # who holds the lock, for others' busy message
        try:
            try:
                yield self.conn
            except BaseException as e:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if isinstance(e, sqlite3.DatabaseError):
                    storage = opening.storage_error(self.path, e)  # full disk, read-only
                    if storage is not None:
                        raise storage from None
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as e:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise self._write_error(e) from None
        finally:
            if noted is not None:
                locknote.remove(self.path, noted)

    def _write_error(self, e: sqlite3.DatabaseError) -> DatabaseError:
        """Why a write could not start or commit, in one line."""
        if is_locked(e):
            return DatabaseError(locked_message(self.path))
        return opening.storage_error(self.path, e) or \
            DatabaseError(f"cannot write to {self.path}: {e}")

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description or ()]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    # -- sources ------------------------------------------------------------------
