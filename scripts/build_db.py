"""Build claims.db from seeds/ (``make demo``), replacing it only if the content changed.

The database is built into a temporary file (load the seeds, run the matcher)
with timestamps pinned to SOURCE_DATE_EPOCH.  When its content equals the
existing claims.db (every table but the migrations log, whose timestamps say
when the build ran), the existing file is kept untouched, so a fresh clone's
``make demo`` leaves ``git status`` clean.

When the content differs, ./claims.db (the default database: claims a user
added may be in it) is first copied to ``claims.db.bak-YYYYmmdd-HHMMSS`` with
SQLite's backup API (the WAL's content included), and the old ``-wal`` and
``-shm`` files are removed with it: a stale WAL beside the new file would be
replayed into it ("database disk image is malformed").
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def content(path: Path) -> list[str]:
    # Read-write, though it only reads: the last connection to a WAL database closing removes
    # its -wal and -shm files; a read-only one leaves them behind (claims.db.tmp-wal, -shm).
    conn = sqlite3.connect(path)
    try:
        return [line for line in conn.iterdump() if "_sqlite_migrations" not in line]
    finally:
        conn.close()


def main(target: str = "claims.db", seeds: str = "seeds") -> int:
    exe = str(Path(sys.executable).parent / "claimtrack")
    tmp = Path(target + ".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    env = dict(os.environ)
    subprocess.run([exe, "--db", str(tmp), "load", seeds], check=True, env=env)
    subprocess.run([exe, "--db", str(tmp), "match", "--format", "json"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    dest = Path(target)
    if dest.exists() and content(dest) == content(tmp):
        tmp.unlink()
        dest.touch()
        print(f"{target} is up to date with {seeds}/", file=sys.stderr)
    else:
        saved = backup(dest) if dest.exists() else None
        for suffix in ("-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
        tmp.replace(dest)
        note = f" (the old one is kept as {saved})" if saved else ""
        print(f"built {target} from {seeds}/{note}", file=sys.stderr)
    return 0


def backup(dest: Path) -> Path:
    """Copy ``dest`` (and what its WAL holds) to a new ``.bak-TIMESTAMP`` file beside it."""
    import time

    stamp = time.strftime("%Y%m%d-%H%M%S")
    saved = dest.with_name(f"{dest.name}.bak-{stamp}")
    n = 1
    while saved.exists():
        n += 1
        saved = dest.with_name(f"{dest.name}.bak-{stamp}-{n}")
    src = sqlite3.connect(dest)
    out = sqlite3.connect(saved)
    try:
        src.backup(out)
        out.execute("PRAGMA journal_mode = DELETE")
    finally:
        out.close()
        src.close()
    return saved


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
