"""The database side of the check: read claims read-only with plain ``sqlite3``, and check
every source file against its stored text (CT103, CT301-CT305).

This module reads the tables with its own SQL rather than through
:class:`claimtrack.store.ClaimStore` on purpose: it runs on every commit, and the store
(with sqlite-utils and the migrations behind it) costs several times as much to load as
``sqlite3`` alone.  It never writes.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..config import database_path as database_path  # re-exported: the check's public API
from ..errors import DatabaseError
from .codes import Finding, Report, severities

TYPE_CHECKING = False  # typing costs more to import than sqlite3
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any


# -- the database -------------------------------------------------------------------

CLAIM_FIELDS = ("id", "source", "quote", "status", "status_reason", "anchor_status",
                "strength", "attributed_to", "denied_by", "span_start")
#: What :func:`claimtrack.text.drift.compare` needs of a claim.
DRIFT_FIELDS = ("id", "source", "quote", "prefix", "suffix", "span_start", "span_end",
                "anchor_status", "anchor_version")


def connect(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """Open a claimtrack database read-only (the check never writes)."""
    p = Path(path)
    if p.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file")
    if not p.exists():
        raise DatabaseError(
            f"no database at {path}: give --db PATH, set CLAIMTRACK_DB, or set db in "
            "[tool.claimtrack] (pyproject.toml) or .claimtrack.toml")
    try:
        from .readonly import open_readonly

        conn = open_readonly(p)  # leaves no -wal/-shm beside the database
        conn.execute("SELECT id FROM claims LIMIT 0")
    except sqlite3.DatabaseError as e:
        raise DatabaseError(f"{path} is not a claimtrack database ({e})") from None
    return conn


def load_claims(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The claims with these ids, with ``corroborated`` for anonymous ones.

    An anonymous claim is corroborated when a linked claim (``same`` or
    ``supports``) rests on a named party or another outlet's reporting.
    """
    wanted = sorted(set(ids))
    claims: dict[str, dict[str, Any]] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        rows = conn.execute(
            f"SELECT {', '.join(CLAIM_FIELDS)} FROM claims WHERE id IN "
            f"({', '.join('?' * len(chunk))})", chunk).fetchall()
        for row in rows:
            claim = dict(zip(CLAIM_FIELDS, row, strict=True))
            denied = claim["denied_by"]
            claim["denied_by"] = [] if denied in (None, "", "[]") else _json_list(denied)
            claim["corroborated"] = False
            claims[claim["id"]] = claim
    anonymous = [c for c in claims.values() if c["strength"] == "anonymous"]
    if anonymous:
        try:
            rows = conn.execute(
                "SELECT l.a, l.b FROM links l JOIN claims x ON x.id = l.a JOIN claims y"
                " ON y.id = l.b WHERE l.status = 'linked' AND l.relation IN ('same', 'supports')"
                " AND (x.strength IN ('named', 'reported') OR y.strength IN ('named', 'reported'))"
            ).fetchall()
        except sqlite3.OperationalError:
            rows = []  # no links table: nothing corroborates
        # An anonymous claim in such a pair has a named or reported partner.
        linked = {a for a, _ in rows} | {b for _, b in rows}
        for c in anonymous:
            c["corroborated"] = c["id"] in linked
    return claims


def _json_list(text: str) -> list[str]:
    import json

    return list(json.loads(text))


# -- checking the database --------------------------------------------------------------


def check_database(db: str | os.PathLike[str] | None = None, *,
                   severity: Mapping[str, str] | None = None) -> Report:
    """Check every source file against its stored text and every active claim's anchor
    (:func:`claimtrack.text.drift.compare`, as ``claimtrack verify`` does)."""
    from ..text import drift
    from ..text.anchoring import line_col  # database mode only: off the hook's path

    sev = dict(severity or severities())
    path = database_path(db)
    conn = connect(path)
    root = Path(path).resolve().parent
    report = Report("database")
    try:
        sources = conn.execute("SELECT key, path, sha256, text FROM sources ORDER BY key").fetchall()
        cur = conn.execute(f"SELECT {', '.join(DRIFT_FIELDS)} FROM claims"
                           " WHERE status = 'active' ORDER BY seq")
        claims = [dict(zip(DRIFT_FIELDS, row, strict=True)) for row in cur]
    finally:
        conn.close()
    by_source: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        by_source.setdefault(claim["source"], []).append(claim)
    report.files, report.citations = len(sources), len(claims)

    def emit(code: str, where: str, text: str, offset: int, message: str,
             claim: str | None = None, **extra: Any) -> None:
        if sev[code] != "off":
            line, col = line_col(text, offset)
            report.findings.append(Finding(where, line, col, code, sev[code], message, claim,
                                           extra))

    for key, rel, sha256, stored in sources:
        where = _display(root / rel) if rel else f"<source {key}>"
        state = drift.read_file(root / rel, sha256, stored) if rel else None
        if state is not None and state.problem:
            emit("CT301", where, "", 0, f"source {key!r}: {state.problem}")
        text = state.text if state is not None else None
        found = drift.compare(stored, text, by_source.get(key, []))
        for d in found:
            if d.against == "database" and d.problem:
                cid, start = d.claim["id"], d.claim["span_start"]
                emit("CT103", where, stored, start,
                     f"claim {cid}'s quote is stored as {d.status} in source {key!r}"
                     if d.stored == "status" else
                     f"claim {cid}'s quote is not at its stored span in source {key!r}", cid)
        if text is None:
            continue
        fates = [d.status for d in found if d.against == "file"]
        counts = ", ".join(f"{fates.count(s)} {s}" for s in ("moved", "changed", "orphaned")
                           if s in fates)
        emit("CT302", where, text, drift.first_difference(stored, text),
             f"source {key!r}: the file differs from the stored text from here on"
             f"{f' (quotes: {counts})' if counts else ''}; {drift.refresh_advice(key)}")
        for d in found:
            if d.against != "file":
                continue
            cid, start, result = d.claim["id"], d.claim["span_start"], d.result
            if result.status == "changed":
                emit("CT303", where, text, result.start,
                     f"claim {cid}'s quote changed in the file: {result.diff}", cid,
                     diff=result.diff, expected=d.claim["quote"], found=result.text)
            elif result.status == "orphaned":
                emit("CT304", where, stored, start,
                     f"claim {cid}'s quote is no longer in the file (it was at line "
                     f"{line_col(stored, start)[0]} of the stored text)", cid,
                     expected=d.claim["quote"])
            elif result.status == "moved":
                emit("CT305", where, text, result.start,
                     f"claim {cid}'s quote moved (it was at line {line_col(stored, start)[0]})",
                     cid)
    report.findings.sort(key=lambda f: (f.path, f.line, f.col, f.code))
    return report


def _display(path: Path) -> str:
    """A path relative to the current folder when it is under it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
