"""Open a database for reading without leaving anything beside it.

A read-only SQLite connection to a WAL database creates ``-wal`` and ``-shm``
files and, being read-only, cannot remove them when it closes: a database kept
inside the repository being committed gained two untracked files at every
commit the hook checked.  When no ``-wal`` file is there (no writer has the
database open, nothing is waiting to be checkpointed), the file is opened
``immutable``: read as it is, without locks or WAL files.  When one is there,
its content may be newer than the main file, so the usual read-only open
reads it (and the files were there already).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def open_readonly(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A read-only connection to the database at ``path`` (which exists)."""
    p = Path(path).resolve()
    busy = Path(f"{p}-wal").exists()
    mode = "mode=ro" if busy else "mode=ro&immutable=1"
    return sqlite3.connect(f"{p.as_uri()}?{mode}", uri=True)
