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

from ..errors import DatabaseError
from .codes import Finding, Report, severities

TYPE_CHECKING = False  # typing costs more to import than sqlite3
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any


# -- the database -------------------------------------------------------------------

CLAIM_FIELDS = ("id", "source", "quote", "status", "status_reason", "anchor_status",
                "strength", "attributed_to", "denied_by", "span_start")


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
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
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


def database_path(db: str | os.PathLike[str] | None) -> str:
    """``db``, else CLAIMTRACK_DB, else ``claims.db``."""
    return str(db) if db else os.environ.get("CLAIMTRACK_DB") or "claims.db"


# -- checking the database --------------------------------------------------------------


def check_database(db: str | os.PathLike[str] | None = None, *,
                   severity: Mapping[str, str] | None = None) -> Report:
    """Check every source file against its stored text and every active claim's anchor."""
    sev = dict(severity or severities())
    path = database_path(db)
    conn = connect(path)
    root = Path(path).resolve().parent
    report = Report("database")
    try:
        sources = conn.execute("SELECT key, path, sha256, text FROM sources ORDER BY key").fetchall()
        claims = conn.execute(
            "SELECT id, source, quote, prefix, suffix, span_start, anchor_status FROM claims"
            " WHERE status = 'active' ORDER BY seq").fetchall()
    finally:
        conn.close()
    by_source: dict[str, list[tuple[Any, ...]]] = {}
    for row in claims:
        by_source.setdefault(row[1], []).append(row)
    report.files, report.citations = len(sources), len(claims)

    from ..text.anchoring import line_col as _line_col  # database mode only: off the hook's path

    def emit(code: str, where: str, text: str, offset: int, message: str,
             claim: str | None = None, **extra: Any) -> None:
        if sev[code] != "off":
            line, col = _line_col(text, offset)
            report.findings.append(Finding(where, line, col, code, sev[code], message, claim,
                                           extra))

    for key, rel, sha256, stored in sources:
        ours = by_source.get(key, [])
        where = _display(root / rel) if rel else f"<source {key}>"
        for cid, _src, _quote, _p, _s, start, status in ours:
            if status in ("changed", "orphaned"):
                emit("CT103", where, stored, start,
                     f"claim {cid}'s quote is stored as {status} in source {key!r}", cid)
        if not rel:
            continue
        file = root / rel
        try:
            data = file.read_bytes()
        except OSError as e:
            why = "missing" if isinstance(e, FileNotFoundError) else f"unreadable ({e.strerror})"
            emit("CT301", where, "", 0, f"source {key!r}: its file is {why}")
            continue
        import hashlib

        if hashlib.sha256(data).hexdigest() == sha256:
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            emit("CT301", where, "", 0, f"source {key!r}: its file is no longer UTF-8 text")
            continue
        first = next((i for i, (a, b) in enumerate(zip(stored, text, strict=False)) if a != b),
                     min(len(stored), len(text)))
        results = {cid: _reanchor(text, quote, prefix, suffix, start, stored)
                   for cid, _src, quote, prefix, suffix, start, status in ours
                   if status not in ("changed", "orphaned")}  # those are CT103 above
        fates = [r.status for r in results.values()]
        counts = ", ".join(f"{fates.count(s)} {s}" for s in ("moved", "changed", "orphaned")
                           if s in fates)
        emit("CT302", where, text, first,
             f"source {key!r}: the file differs from the stored text from here on"
             f"{f' (quotes: {counts})' if counts else ''}; record the new version with "
             f"'claimtrack source refresh {key} {where}'")
        for cid, _src, quote, _prefix, _suffix, start, _status in ours:
            if cid not in results:
                continue
            result = results[cid]
            if result.status == "changed":
                emit("CT303", where, text, result.start,
                     f"claim {cid}'s quote changed in the file: {result.diff}", cid,
                     diff=result.diff, expected=quote, found=result.text)
            elif result.status == "orphaned":
                emit("CT304", where, stored, start,
                     f"claim {cid}'s quote is no longer in the file (it was at line "
                     f"{_line_col(stored, start)[0]} of the stored text)", cid, expected=quote)
            elif result.status == "moved":
                emit("CT305", where, text, result.start,
                     f"claim {cid}'s quote moved (it was at line {_line_col(stored, start)[0]})",
                     cid)
    report.findings.sort(key=lambda f: (f.path, f.line, f.col, f.code))
    return report


def _reanchor(text: str, quote: str, prefix: str, suffix: str, start: int, old: str) -> Any:
    from ..text.reanchor import reanchor

    return reanchor(text, quote, prefix, suffix, start, old_text=old)


def _display(path: Path) -> str:
    """A path relative to the current folder when it is under it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
