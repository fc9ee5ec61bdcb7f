"""Build claims.db from seeds/ (``make demo``), replacing it only if the content changed.

The database is built into a temporary file (load the seeds, run the matcher)
with timestamps pinned to SOURCE_DATE_EPOCH.  When its content equals the
existing claims.db (every table but the migrations log, whose timestamps say
when the build ran), the existing file is kept untouched, so a fresh clone's
``make demo`` leaves ``git status`` clean.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def content(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
        tmp.replace(dest)
        print(f"built {target} from {seeds}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
