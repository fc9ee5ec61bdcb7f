"""``claimtrack serve``: Datasette on the database, read-only, on this machine only.

:func:`prepare` makes what Datasette needs in a working folder (the computed
report snapshot, :mod:`claimtrack.browse.snapshot`, and the metadata,
:mod:`claimtrack.browse.metadata`); :func:`datasette` builds the Datasette
instance (tests use its ``.client``); :func:`run` serves it with uvicorn,
bound to 127.0.0.1.

Read-only: by default the database is opened *immutable* (SQLite reads it
as a file no one writes: no locks, nothing written, counts computed once);
its WAL is checkpointed first so that nothing committed is missed, and when
that is impossible (another process holds the database, or the file is
read-only with a WAL beside it) it is opened ``mode=ro`` instead, which sees
later commits.  With ``write=True`` it is opened as an ordinary file, so that
Datasette plugins that write can (Datasette itself has no editing).

Datasette is an optional dependency (``pip install 'claimtrack[browse]'``):
:func:`require` says so in one line when it is missing.
"""

from __future__ import annotations

import json
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ClaimtrackError

INSTALL_HINT = ("claimtrack serve needs Datasette, an optional extra: "
                "pip install 'claimtrack[browse]' (or: pip install 'datasette>=0.65,<1')")
HOST = "127.0.0.1"
SETTINGS = {"sql_time_limit_ms": 5000, "facet_time_limit_ms": 500}


def require() -> None:
    """Raise a one-line error naming the install command when Datasette is missing."""
    import importlib.util

    if importlib.util.find_spec("datasette") is None:
        raise ClaimtrackError(INSTALL_HINT)


def check_port(port: int) -> None:
    """Raise a one-line error when ``port`` on 127.0.0.1 is taken (before any work is done)."""
    import socket

    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError as e:
            raise ClaimtrackError(f"port {port} on {HOST} is not free ({e.strerror or e}): "
                                  "choose another with --port") from None


@dataclass
class Served:
    """What Datasette serves: the claims database, the snapshot, the metadata."""

    db: Path
    immutable: bool
    report: Path | None
    metadata: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)
    note: str = ""

    @property
    def name(self) -> str:
        return self.db.stem


def _checkpoint(store: Any) -> bool:
    """Move the WAL into the database file, so that an immutable open sees every commit."""
    wal = Path(f"{store.path}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return True
    if store.readonly:
        return False
    import sqlite3

    try:
        busy, log, done = store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError:
        return False
    return not busy and log == done


def prepare(store: Any, workdir: Path, *, report: bool = True, write: bool = False) -> Served:
    """The snapshot and metadata for serving ``store``'s database, written into ``workdir``."""
    from .metadata import metadata
    from .snapshot import write_snapshot

    db = Path(store.path).resolve()
    report_path = None
    counts: dict[str, int] = {}
    if report:
        name = "report" if db.stem != "report" else "computed"
        report_path = workdir / f"{name}.db"
        counts = write_snapshot(store, report_path)
    columns = {r["name"] for r in store.query("PRAGMA table_info(claims)")}
    immutable, note = not write, ""
    if immutable and not _checkpoint(store):
        immutable = False
        note = ("its WAL could not be checkpointed (another process has it open?): "
                "opened mode=ro, not immutable")
    meta = metadata(db.stem, columns, report_path.stem if report_path else None)
    (workdir / "metadata.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return Served(db, immutable, report_path, meta, counts, note)


def datasette(served: Served) -> Any:
    """The Datasette instance for ``served``, with claimtrack's search plugin registered."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from . import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="claimtrack")
    immutables = [str(served.report)] if served.report else []
    files = []
    if served.immutable:
        immutables.insert(0, str(served.db))
    else:
        files.append(str(served.db))
    return Datasette(files=files, immutables=immutables, metadata=served.metadata,
                     settings=SETTINGS)


def run(served: Served, port: int) -> None:
    """Serve on 127.0.0.1:``port`` until interrupted."""
    import asyncio

    import uvicorn

    ds = datasette(served)
    asyncio.run(ds.invoke_startup())
    # uvicorn stops gracefully on SIGTERM, then raises the signal again under the handler it
    # found: with Python's default one the process died there, before the caller's
    # temporary folder (the report database, quotes in it) was removed.  This one unwinds.
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        uvicorn.run(ds.app(), host=HOST, port=port, log_level="warning")
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
