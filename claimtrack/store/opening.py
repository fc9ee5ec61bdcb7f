"""What a database file is, before claimtrack writes to it, and why it could not be opened.

- Only a regular file is a database: ``/dev/zero`` reads as an empty SQLite
  database (and swallows every write), a FIFO hangs the open.
- Another application's SQLite file (tables, none of them claimtrack's) is
  refused before anything is written: no claimtrack tables added, no switch
  to WAL mode, the file left byte-identical.
- A database written by a newer claimtrack (a migration this version does not
  know) is opened for reading only.
- An open that fails says why (the folder is read-only, the disk is full, the
  file system is read-only) rather than "not a claimtrack database", which
  might lead someone to delete a healthy file.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from ..errors import DatabaseError
from . import migrations


def check_file(path: str) -> None:
    """Raise DatabaseError if ``path`` exists and is not a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as e:
        raise DatabaseError(f"{path}: cannot open ({e.strerror or e})") from None
    if stat.S_ISDIR(mode):
        raise DatabaseError(f"{path} is a folder, not a database file")
    if not stat.S_ISREG(mode):
        raise DatabaseError(f"{path} is not a regular file (a FIFO, a device or a socket), "
                            "not a database file")


def refuse_foreign(conn: sqlite3.Connection, path: str) -> None:
    """Raise DatabaseError if the database holds tables and none of claimtrack's migrations."""
    if path == ":memory:":
        return
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if not tables or set(migrations.MIGRATION_NAMES) & applied(conn):
        return
    shown = ", ".join(tables[:3]) + (f" and {len(tables) - 3} more" if len(tables) > 3 else "")
    raise DatabaseError(f"{path} is another application's SQLite database (tables: {shown}), "
                        "not a claimtrack database: it was left as it is; give --db a new file")


def applied(conn: sqlite3.Connection) -> set[str]:
    """Names of claimtrack's migrations recorded in the database (none if it has no record)."""
    try:
        return {r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
            [migrations.MIGRATION_SET])}
    except sqlite3.OperationalError:
        return set()


def newer(conn: sqlite3.Connection) -> list[str]:
    """Migrations in the database that this claimtrack does not know (a newer version's)."""
    return sorted(applied(conn) - set(migrations.MIGRATION_NAMES))


#: SQLite's primary result codes that mean the storage refused, not that the file is bad.
_STORAGE = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM,
            sqlite3.SQLITE_IOERR)


def _primary(e: sqlite3.Error) -> int | None:
    """SQLite's primary result code (``SQLITE_READONLY_DIRECTORY``, 1544, is ``SQLITE_READONLY``).

    Python reports the *extended* code: a read-only folder gives 1544, a failed write
    778 (``SQLITE_IOERR_WRITE``); compared as they come, none equals its primary code.
    """
    code = getattr(e, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def storage_error(path: str, e: sqlite3.Error, doing: str = "write to") -> DatabaseError | None:
    """The one-line reason when the disk or the file system refused (full, read-only,
    unreadable), or None when the error is about something else."""
    code = _primary(e)
    if code == sqlite3.SQLITE_FULL:
        return DatabaseError(f"cannot write to {path}: the disk is full ({e})")
    if code in _STORAGE or (code is None and "unable to open" in str(e)):
        return DatabaseError(f"cannot {doing} {path}: {why_unwritable(path) or e}")
    return None


def open_error(path: str, e: sqlite3.Error) -> DatabaseError:
    """The one-line reason an open (or its first read or write) failed."""
    return storage_error(path, e, "open") or \
        DatabaseError(f"{path} is not a claimtrack database ({e})")


def why_unwritable(path: str) -> str | None:
    """Why the database's folder or file system refuses writes, if it does."""
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"the file system holding {folder} is read-only"
    except OSError:
        pass
    if not os.access(folder, os.W_OK):
        return (f"the folder {folder} is read-only (SQLite needs to write its -wal and "
                "-shm files beside the database)")
    return None
