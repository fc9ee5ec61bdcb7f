"""Keeping a database sound: integrity and foreign-key checks, anchor
verification, and online backups.

Like the store, this module is a library: it never prints and never exits.
:func:`check` runs every check and returns what each found;
:func:`backup` copies a live database with SQLite's online backup API.

A backup is written to a temporary file next to its destination, checked,
flushed to disk and only then given its name (:mod:`claimtrack.files`, the scheme
exports use too), so ``PATH`` is either the previous file or a complete, checked
copy, never a half-written one.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import files
from ..errors import DatabaseError, InvalidInput

if TYPE_CHECKING:
    from .claimstore import ClaimStore

CHECKS = ("integrity", "foreign keys", "anchors")


@dataclass
class CheckResult:
    """What one check found: ``problems`` is empty when it passed.

    ``skipped`` says why a check did not run (then it neither passed nor failed).
    """

    name: str
    problems: list[dict[str, Any]] = field(default_factory=list)
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        if self.skipped:
            return f"skipped: {self.skipped}"
        if self.ok:
            return "ok"
        n = len(self.problems)
        return f"{n} problem{'s' if n != 1 else ''}"


def integrity_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's ``PRAGMA integrity_check``: the problems it reports, ``[]`` when ok."""
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def foreign_key_check(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Rows that point at a parent row that does not exist (``PRAGMA foreign_key_check``)."""
    return [
        {"table": table, "rowid": rowid, "parent": parent, "fkid": fkid}
        for table, rowid, parent, fkid in conn.execute("PRAGMA foreign_key_check").fetchall()
    ]


def check(store: ClaimStore) -> list[CheckResult]:
    """Integrity check, then foreign keys, then anchors, each as a :class:`CheckResult`.

    The anchors check is :func:`claimtrack.verify.verify`: every active claim
    whose quote is no longer where the database says (read-only; its notes,
    such as a source file changed on disk, go in ``notes``).  A database that
    fails its integrity check is not checked further: its other answers could
    not be trusted.
    """
    integrity = CheckResult("integrity", [
        {"item": "", "detail": line} for line in integrity_check(store.conn)])
    results = [integrity]
    if not integrity.ok:
        results += [CheckResult(name, skipped="integrity check failed") for name in CHECKS[1:]]
        return results
    results.append(CheckResult("foreign keys", [
        {"item": f"{r['table']} row {r['rowid']}",
         "detail": f"refers to a missing row of {r['parent']}"}
        for r in foreign_key_check(store.conn)]))
    from ..verify import verify

    unanchored, notes = verify(store)
    results.append(CheckResult("anchors", [_anchor_problem(c) for c in unanchored], notes=notes))
    return results


def _anchor_problem(claim: dict[str, Any]) -> dict[str, Any]:
    against = claim.get("checked_against")
    return {"item": claim["id"],
            "detail": f"{claim['anchor_status']} in source {claim['source']}"
                      + (f" (checked against {against})" if against else "")}


def backup(store: ClaimStore, dest: str | os.PathLike[str], *, force: bool = False) -> dict[str, Any]:
    """Copy the open database to ``dest`` with SQLite's online backup API.

    Safe while other processes write: the copy is one consistent snapshot
    (in WAL mode writers carry on meanwhile; otherwise they wait for it).
    The copy is a single self-contained file (rollback journal, not WAL),
    checked with ``PRAGMA integrity_check`` before it gets its name.
    Refuses to replace an existing file unless ``force``.

    Returns ``{"path": ..., "bytes": ..., "pages": ...}``.
    """
    target = Path(dest)
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder: give a file name, e.g. {target / 'claims-backup.db'}")
    if not target.parent.is_dir():
        raise InvalidInput(f"{target.parent}: no such folder")
    if store.path != ":memory:" and target.exists() \
            and target.resolve() == Path(store.path).resolve():
        raise InvalidInput(f"{target} is the database itself: back it up to another file")
    if target.exists() and not force:
        raise InvalidInput(f"{target} already exists: use --force to replace it")
    from ..files import remove_stale_temps

    remove_stale_temps(target.parent, target.name)  # left by a killed backup
    try:
        tmp = files.temporary_beside(target)
    except OSError as e:
        raise DatabaseError(f"cannot write to {target.parent}: {e.strerror or e}") from None
    try:
        pages = _copy(store.conn, tmp)
        files.install(tmp, target, replace=force)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"{target} already exists: use --force to replace it") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return {"path": str(target), "bytes": target.stat().st_size, "pages": pages}


def _copy(source: sqlite3.Connection, tmp: Path) -> int:
    """Back ``source`` up into the empty file ``tmp``; return its page count."""
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        source.backup(conn)  # pages=-1: the whole database in one step, one snapshot
        conn.execute("PRAGMA journal_mode = DELETE")  # a WAL source's header says WAL
        problems = integrity_check(conn)
        if problems:
            raise DatabaseError(f"the backup failed its integrity check: {problems[0]}")
        return int(conn.execute("PRAGMA page_count").fetchone()[0])
    except sqlite3.DatabaseError as e:
        raise DatabaseError(f"backup failed: {e}") from None
    finally:
        conn.close()
