"""Profile a bulk import: where the main thread and the writer thread spend their time.

The import runs on two threads (see ``claimtrack.exchange.writer._Writer``), and a
sampling profiler sees only the main one; so this script prints both:

- the main thread under pyinstrument (reading, validating, staging);
- every SQL statement, with the thread that ran it and its total time
  (the writer's ``INSERT ... SELECT`` into claims and the full-text index);
- when the import loop ended and when the commit returned.

Run: ``python bench/profile_import.py [N]`` (default 200,000 synthetic claims,
the same rows as ``bench_store.py``).  Profile before changing the import.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_store import _records  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from claimtrack import ClaimStore  # noqa: E402
from claimtrack.exchange import importer  # noqa: E402

TIMES: dict[str, float] = defaultdict(float)


class _TimedConnection:
    """A connection that adds each statement's time to TIMES, by thread and SQL."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def _timed(self, fn: Any, sql: str, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(sql, *args)
        finally:
            key = f"{threading.current_thread().name[:16]:16} {' '.join(sql.split())[:60]}"
            TIMES[key] += time.perf_counter() - start

    def execute(self, sql: str, *args: Any) -> Any:
        return self._timed(self._conn.execute, sql, *args)

    def executemany(self, sql: str, rows: Any) -> Any:
        return self._timed(self._conn.executemany, sql, rows)


def main(n: int) -> None:
    with tempfile.TemporaryDirectory(prefix="claimtrack-profile-") as tmp:
        work = Path(tmp)
        sources, claims = _records(n)
        files = [work / "sources.ndjson", work / "claims.ndjson"]
        for path, records in zip(files, (sources, claims), strict=True):
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                            encoding="utf-8")
        del sources, claims
        store = ClaimStore(work / "profile.db")
        store.conn = _TimedConnection(store.conn)  # type: ignore[assignment]
        profiler = Profiler(interval=0.002)
        start = time.perf_counter()
        profiler.start()
        importer.import_files(store, files)
        profiler.stop()
        total = time.perf_counter() - start
        store.close()
    print(profiler.output_text(unicode=False, color=False))
    print(f"import of {n:,} claims: {total:.2f} s; time per statement, by thread:")
    for key, seconds in sorted(TIMES.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {seconds:7.2f} s  {key}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
