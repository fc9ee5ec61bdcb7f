"""Who holds a database's write lock: a small note beside the database, for the busy message.

SQLite says only that the database is locked, not by whom.  Each claimtrack
write transaction, once it holds the lock, writes ``DB-writer`` beside the
database (one line of JSON: the process id, what it is doing, since when) and
removes it when it ends.  A command that waited in vain for the lock reads the
note and names the operation (``source refresh``, ``import``, ...) instead of
guessing; a note left by a killed process (its process is gone) is ignored, and
without a note (another program holds the lock, or the folder is read-only) the
message says so generically.

What the holder is doing is :data:`OPERATION`: the command line sets it to the
command's name (``claim add``); a library call may set it with :func:`doing`.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar

#: What this process's writes are for, as a person would name it ("source refresh").
OPERATION: ContextVar[str | None] = ContextVar("claimtrack_operation", default=None)
SUFFIX = "-writer"


def note_path(db: str) -> str:
    return db + SUFFIX


@contextlib.contextmanager
def doing(what: str) -> Iterator[None]:
    """Name the writes made inside the block (for other commands' busy message)."""
    token = OPERATION.set(what)
    try:
        yield
    finally:
        OPERATION.reset(token)


def write(db: str) -> str | None:
    """Leave the note for ``db`` (the lock is held); returns its token for :func:`remove`,
    or None when it could not be written."""
    if db == ":memory:":
        return None
    token = f"{os.getpid()}-{threading.get_ident()}-{time.monotonic_ns()}"
    note = {"pid": os.getpid(), "operation": OPERATION.get() or "a claimtrack command",
            "since": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "token": token}
    try:
        with open(note_path(db), "w", encoding="utf-8") as f:
            f.write(json.dumps(note) + "\n")
    except OSError:
        return None  # a read-only folder: the message stays generic
    return token


def remove(db: str, token: str) -> None:
    """Remove the note written with ``token`` (a later holder's note is left alone)."""
    held = read(db)
    if held is not None and held.get("token") == token:
        with contextlib.suppress(OSError):
            os.unlink(note_path(db))


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def read(db: str) -> dict[str, object] | None:
    """The note of the process holding ``db``'s write lock, if one is alive."""
    try:
        with open(note_path(db), encoding="utf-8") as f:
            note = json.loads(f.read(4096))
    except (OSError, ValueError):
        return None
    if not isinstance(note, dict) or not _alive(note.get("pid")):
        return None
    return note


def holder(db: str) -> str:
    """Who holds the lock, in words: the note's operation, or a generic phrase."""
    from ..terminal import one_line

    note = read(db)
    if note is None:
        return "another command (or another program)"
    what = one_line(str(note.get("operation")))[:80]
    return f"'{what}' (process {note['pid']}, since {one_line(str(note.get('since')))[:40]})"
