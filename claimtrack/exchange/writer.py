"""The bulk writer of an import: a thread that writes staged chunks of claims while the
main thread reads and checks the next ones, and the staging schema they pass through.

Claims are bound into a private in-memory database (``claimtrack_stage``: :data:`STAGE_TABLES`)
and handed to the writer as bytes; the writer copies them into ``claims`` with one
``INSERT ... SELECT`` (:data:`CLAIM_FROM_STAGE`) and indexes them for search every
:data:`INDEX_EVERY` claims.  :func:`_tuned` holds the connection settings of an import.

This module writes the claims tables with its own SQL, not through the store's methods,
on purpose: a million claims go through it in seconds, and the staging schema is the
import's own.
"""

from __future__ import annotations

import gc
import queue
import sqlite3
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

#: Rows per ``executemany``.
CHUNK = 20_000
BULK_CACHE_KIB = -262_144  # 256 MiB (negative: KiB, as PRAGMA cache_size takes it)
SWITCH_INTERVAL = 0.0005  # seconds, for an import (see _tuned); Python's default is 0.005


# -- the import ---------------------------------------------------------------------


#: The schema a chunk of claims is staged in (see :class:`_Writer`), attached for the import.
STAGE = "claimtrack_stage"
#: The claim_history columns of the history rows an import builds.
HISTORY_FIELDS = ("claim_id", "version", "action", "note", "data", "changed_at")
#: One statement for the writer: SQL, its parameters, and whether they are many rows.
_Statement = tuple[str, Any, bool]
#: What the claims_ai trigger (migration m004) indexes, for the claims after a rowid.
INDEX_SQL = ("INSERT INTO claims_fts (rowid, quote, statement)"
             " SELECT seq, quote, NULLIF(statement, quote) FROM claims WHERE rowid > ?")
#: How many imported claims the writer indexes at a time (see _Writer._index).
INDEX_EVERY = 100_000
_INDEX = object()  # a writer's queue item: index the claims inserted so far
#: Whether this Python's SQLite can hand a database over as bytes (SQLite 3.36 and later,
#: unless built without it); without, the writer binds the staged rows itself.
SERIALIZE = hasattr(sqlite3.Connection, "serialize")


def _staged(claims: Iterable[tuple[Any, ...]], history: list[tuple[Any, ...]]
            ) -> tuple[bytes | tuple[list[Any], list[Any]], int]:
    """A chunk of claims and their history rows as the writer loads them into :data:`STAGE`,
    and how many claims it holds.

    The rows are bound here, on the main thread, into a private in-memory
    database, which is handed over whole as bytes (``serialize``): binding
    holds the GIL for every value, and this way it holds neither the
    import's connection nor the writer thread (see :class:`_Writer`).
    ``history`` is read after ``claims``, which may fill it as it is consumed.
    """
    if not SERIALIZE:
        chunk = list(claims)
        return (chunk, history[:]), len(chunk)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("BEGIN")
        count = _fill_stage(conn, "main", claims, history)
        conn.execute("COMMIT")
        return conn.serialize(), count
    finally:
        conn.close()


def _fill_stage(conn: sqlite3.Connection, schema: str, claims: Iterable[tuple[Any, ...]],
                history: Iterable[tuple[Any, ...]]) -> int:
    """Bind a chunk's claims, then their history rows, into the staging tables of ``schema``
    (made if need be, emptied first); return how many claims."""
    counts = []
    for (table, fields), rows in zip(STAGE_TABLES.items(), (claims, history), strict=True):
        conn.execute(f"CREATE TABLE IF NOT EXISTS {schema}.{table} ({', '.join(fields)})")
        conn.execute(f"DELETE FROM {schema}.{table}")
        counts.append(conn.executemany(
            f"INSERT INTO {schema}.{table} VALUES ({', '.join('?' * len(fields))})",
            rows).rowcount)
    return counts[0]


class _Writer:
    """Runs the import's SQL on a second thread while the main thread reads the next rows.

    sqlite3 lets go of the GIL while SQLite works, but ``executemany`` takes
    it back for every row it binds: on the writer's thread it would wait for
    the GIL once a row while the main thread parses, and on the import's
    connection it would hold the connection while it binds.  So the main
    thread binds each chunk of claims (and their history) into a private
    in-memory database (:func:`_staged`), the writer swaps it in as the
    attached schema :data:`STAGE` (``deserialize``: a copy of the bytes) and
    runs only whole-chunk statements (``INSERT ... SELECT`` into ``claims``,
    the history and the full-text index) that need no GIL: binding, parsing
    and SQLite's writing then really run side by side on two cores.  The
    connection is shared with the main thread's lookups, guarded by ``lock``.
    """

    def __init__(self, conn: sqlite3.Connection, lock: threading.Lock, problems: list[str]):
        self.conn, self.lock, self.problems = conn, lock, problems
        # Room for the chunks the main thread stages while the writer indexes (INDEX_EVERY
        # claims at a time), and two more: parsing need not wait for the index.
        self.queue: queue.Queue[tuple[str, list[_Statement], Any] | None] = \
            queue.Queue(maxsize=max(1, INDEX_EVERY // CHUNK) + 2)
        self.cancelled = False
        #: The rowid in ``claims`` up to which claims are in the full-text index (see index()).
        self.indexed = 0
        self.thread = threading.Thread(target=self._run, name="claimtrack-import", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                where, statements, staged = item
                if self.problems or self.cancelled:
                    continue  # the import is failing or stopped: drain the queue unwritten
                if staged is _INDEX:
                    self._index()
                elif staged is not None:
                    self._load(staged)
                for sql, params, many in statements:
                    if self.problems or self.cancelled:
                        break
                    with self.lock:
                        if many:
                            self.conn.executemany(sql, params)
                        else:
                            self.conn.execute(sql, params)
            except sqlite3.Error as e:
                self.problems.append(f"{where}: the database refused a row ({e})")
            except BaseException as e:  # the thread must go on draining the queue
                self.problems.append(f"{where}: writing failed ({e!r})")
            finally:
                self.queue.task_done()

    def _load(self, staged: bytes | tuple[list[Any], list[Any]]) -> None:
        """Make a chunk from :func:`_staged` the content of :data:`STAGE`."""
        with self.lock:
            if isinstance(staged, bytes):
                self.conn.deserialize(staged, name=STAGE)
            else:
                _fill_stage(self.conn, STAGE, *staged)

    def _index(self) -> None:
        """Add the claims inserted since the last time to the full-text index, in one statement.

        FTS5 writes what it has gathered in memory as a new segment of the
        index at the start of every statement of the transaction (a
        savepoint), and merges segments as they pile up: indexing each
        chunk as it is inserted made a million claims 50 segments to merge.
        Indexing 200,000 claims at a time, from the rows just written (still
        in the page cache), took the indexing from 5.5 s to 3.3 s (SQL
        alone); :data:`INDEX_EVERY` is half that, to leave less of it to do
        after the last chunk (the import of a million claims: about 0.5 s
        faster, within this machine's noise).
        """
        with self.lock:
            self.conn.execute(INDEX_SQL, (self.indexed,))
            self.indexed = self.conn.execute("SELECT max(rowid) FROM claims").fetchone()[0] or 0

    def index(self, where: str) -> None:
        """Index the claims inserted so far (once the statements handed over before have run)."""
        self.queue.put((where, [], _INDEX))

    def put(self, where: str, statements: list[_Statement], staged: Any = None) -> None:
        """Run ``statements`` in turn, after loading ``staged`` (from :func:`_staged`)."""
        self.queue.put((where, statements, staged))

    def drain(self) -> None:
        """Wait until every statement handed over is run."""
        self.queue.join()

    def stop(self, *, cancel: bool = False) -> None:
        """Run what is queued (skip it when ``cancel``), then end the thread."""
        self.cancelled = self.cancelled or cancel
        self.queue.put(None)
        self.thread.join()


#: The columns a claim is staged with.  Binding costs per value, so the fields that
#: are mostly their defaults travel together in ``rest``: NULL when they all are,
#: else a JSON array of :data:`REST_FIELDS`; ``statement`` is NULL where it is the quote
#: (as the full-text index wants it); ``seq`` is the number in ``id``.
STAGE_FIELDS = ("id", "source", "quote", "statement", "span_start", "span_end", "prefix",
                "suffix", "strength", "attributed_to", "about", "created_at", "rest")
#: The staging tables (see _fill_stage): a chunk's claims, and the history rows they came with.
STAGE_TABLES = {"claims": STAGE_FIELDS, "history": HISTORY_FIELDS}
#: The defaults of the fields in ``rest``; ``updated_at``, last, is by default ``created_at``.
REST_DEFAULTS: dict[str, str | None] = {
    "denied_by": "[]", "declined": "[]", "via": "[]", "status": "active", "status_reason": None,
    "anchor_status": "anchored", "anchor_score": None, "anchor_diff": None,
    "anchor_version": None, "elisions": "[]"}
REST_FIELDS = (*REST_DEFAULTS, "updated_at")
_DEFAULT_REST = tuple(REST_DEFAULTS.values())


def _sql_value(name: str) -> str:
    """The SQL of a ``rest`` field's value in a staging row."""
    value = REST_DEFAULTS.get(name)
    if name not in REST_DEFAULTS:
        default = "created_at"  # updated_at
    else:
        default = "NULL" if value is None else "'" + value.replace("'", "''") + "'"
    return (f"CASE WHEN rest IS NULL THEN {default} "
            f"ELSE json_extract(rest, '$[{REST_FIELDS.index(name)}]') END")


#: The claims columns an import writes, each with the SQL of its value from a staging row.
CLAIM_FROM_STAGE = {
    "id": "id", "seq": "CAST(substr(id, 2) AS INTEGER)", "source": "source", "quote": "quote",
    "statement": "coalesce(statement, quote)",
    **{name: name for name in STAGE_FIELDS[4:-1]},
    **{name: _sql_value(name) for name in REST_FIELDS},
}


@contextmanager
def _tuned(conn: sqlite3.Connection) -> Iterator[None]:
    """Settings for the length of an import (outside its transaction), put back after.

    - :data:`STAGE` attached: the in-memory schema chunks of claims pass through;
    - a bigger page cache for the index B-trees of a bulk load;
    - no cyclic garbage collection: an import makes a dict and a tuple or two per
      record and keeps none of them; the collector would only walk them again and
      again (1-1.5 s of a million claims), and nothing here makes a reference cycle;
    - a shorter GIL switch interval (:data:`SWITCH_INTERVAL`): the writer thread
      takes the GIL back after each statement, and while the main thread parses
      it would wait up to the default 5 ms for it, the connection idle meanwhile;
    - no foreign-key checks: the import checks every reference itself, and names
      the row (a claim's source, a link's claims, a history's claim); SQLite's
      second look-up of each parent cost a million claims about 0.5-1 s.
    """
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    interval = sys.getswitchinterval()
    collecting = gc.isenabled()
    conn.execute(f"ATTACH ':memory:' AS {STAGE}")
    try:
        conn.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = OFF")
        sys.setswitchinterval(SWITCH_INTERVAL)
        gc.disable()
        yield
    finally:
        if collecting:
            gc.enable()
        sys.setswitchinterval(interval)
        conn.execute(f"PRAGMA foreign_keys = {int(keys)}")
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
        conn.execute(f"DETACH {STAGE}")  # (SQLite detaches only outside a transaction)
