"""The links and dismissals tables: links between claims (the matcher's and a person's),
and contradictions a person dismissed.  Reads and writes only; the rules (who may
overwrite what) are :mod:`claimtrack.matching.links`' and :mod:`claimtrack.contradictions`'.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from ..ids import claim_order


class LinkTables:
    """Mixed into :class:`~claimtrack.store.ClaimStore`: the SQL of ``links`` and ``dismissals``."""

    conn: sqlite3.Connection
    if TYPE_CHECKING:
        def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]: ...

    def links(self, status: str | None = None, relation: str | None = None) -> list[dict[str, Any]]:
        """Links, with this status and relation if given, in the order of their claims."""
        where = [f"{k} = ?" for k, v in (("status", status), ("relation", relation)) if v]
        rows = self.query("SELECT * FROM links" + (" WHERE " + " AND ".join(where) if where else ""),
                          [v for v in (status, relation) if v])
        return sorted(rows, key=lambda r: (claim_order(r["a"]), claim_order(r["b"])))

    def get_link(self, a: str, b: str) -> dict[str, Any] | None:
        """The link between ``a`` and ``b`` (``a < b`` as text), or None."""
        rows = self.query("SELECT * FROM links WHERE a = ? AND b = ?", [a, b])
        return rows[0] if rows else None

    def delete_link(self, a: str, b: str) -> None:
        self.conn.execute("DELETE FROM links WHERE a = ? AND b = ?", [a, b])

    def add_matcher_link(self, a: str, b: str, status: str, score: float, method: str,
                         stamp: str) -> None:
        """A link the matcher found (relation ``same``)."""
        self.conn.execute(
            "INSERT INTO links (a, b, relation, status, score, method, decided_by,"
            " created_at, updated_at) VALUES (?,?,?,?,?,?,'matcher',?,?)",
            [a, b, "same", status, score, method, stamp, stamp])

    def set_person_link(self, a: str, b: str, status: str, relation: str | None,
                        note: str | None, stamp: str, *, keep_note: bool = True) -> None:
        """A person's decision on a pair (it replaces the matcher's; the relation stays as it
        was when not given, and so does the note unless ``keep_note`` is false)."""
        self.conn.execute(
            "INSERT INTO links (a, b, relation, status, score, method, decided_by, note,"
            " created_at, updated_at) VALUES (?,?,?,?,NULL,'manual','person',?,?,?)"
            " ON CONFLICT (a, b) DO UPDATE SET relation = coalesce(?, links.relation),"
            " status = excluded.status, method = 'manual', decided_by = 'person',"
            " note = CASE WHEN ? THEN coalesce(excluded.note, links.note) ELSE excluded.note"
            " END, updated_at = excluded.updated_at",
            [a, b, relation or "same", status, note, stamp, stamp, relation, keep_note])

    def update_matcher_link(self, a: str, b: str, status: str, score: float, method: str,
                            stamp: str) -> None:
        """The matcher's new verdict on a pair it had already linked or suggested: its
        ``created_at`` stays, ``updated_at`` becomes ``stamp``."""
        self.conn.execute(
            "UPDATE links SET status = ?, score = ?, method = ?, updated_at = ?"
            " WHERE a = ? AND b = ? AND decided_by = 'matcher'",
            [status, score, method, stamp, a, b])

    def dismissals(self) -> dict[str, dict[str, Any]]:
        """Dismissed contradictions by item key."""
        return {r["item"]: r for r in self.query("SELECT * FROM dismissals")}

    def dismiss(self, item: str, kind: str, a: str, b: str, reason: str, stamp: str) -> None:
        """Record (or re-word) a dismissal."""
        self.conn.execute(
            "INSERT INTO dismissals (item, kind, claim_a, claim_b, reason, dismissed_at)"
            " VALUES (?,?,?,?,?,?) ON CONFLICT (item) DO UPDATE SET reason = excluded.reason,"
            " dismissed_at = excluded.dismissed_at",
            [item, kind, a, b, reason, stamp])
