"""A source's earlier texts (``source_versions``) and the anchors a refresh moves: the SQL
behind ``claimtrack source refresh`` (:func:`claimtrack.verify.refresh_source`)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any


class SourceVersions:
    """Mixed into :class:`~claimtrack.store.ClaimStore`: the SQL of ``source_versions`` and of
    a re-anchored claim."""

    conn: sqlite3.Connection
    if TYPE_CHECKING:
        def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]: ...
        def relpath(self, path: Any) -> str: ...

    def source_versions(self, key: str) -> dict[int, str]:
        """The earlier texts of a source, by version."""
        return {r["version"]: r["text"] for r in self.query(
            "SELECT version, text FROM source_versions WHERE source_key = ?", [key])}

    def replace_source_text(self, source: dict[str, Any], text: str, sha256: str, path: Any,
                            stamp: str) -> int:
        """Keep ``source``'s text as a version and store ``text`` as the next; returns the
        new version number.  Call inside a transaction."""
        version = int(source["version"]) + 1
        self.conn.execute(
            "INSERT INTO source_versions (source_key, version, sha256, text, path, replaced_at)"
            " VALUES (?,?,?,?,?,?)",
            [source["key"], source["version"], source["sha256"], source["text"], source["path"],
             stamp])
        self.conn.execute(
            "UPDATE sources SET text = ?, sha256 = ?, version = ?, path = ?, updated_at = ?"
            " WHERE key = ?",
            [text, sha256, version, self.relpath(path), stamp, source["key"]])
        return version

    def set_anchor(self, claim_id: str, result: Any, text: str, stamp: str,
                   elisions: str | None = None) -> None:
        """Store where a re-anchored quote now is (``result``: a
        :class:`~claimtrack.text.reanchor.Reanchor` that is not ``orphaned``) in ``text``, with
        the quote's elisions carried over (JSON text)."""
        from ..text.anchoring import CONTEXT

        self.conn.execute(
            "UPDATE claims SET quote = ?, span_start = ?, span_end = ?, prefix = ?,"
            " suffix = ?, anchor_status = ?, anchor_score = ?, anchor_diff = ?,"
            " anchor_version = NULL, elisions = ?, updated_at = ? WHERE id = ?",
            [result.text, result.start, result.end, text[max(0, result.start - CONTEXT):result.start],
             text[result.end:result.end + CONTEXT], result.status, round(result.score, 4),
             result.diff or None, elisions, stamp, claim_id])

    def set_orphaned(self, claim_id: str, score: float, version: int | None, stamp: str) -> None:
        """Mark a quote lost: its old span and text are kept, indexing ``version``."""
        self.conn.execute(
            "UPDATE claims SET anchor_status = 'orphaned', anchor_score = ?,"
            " anchor_diff = NULL, anchor_version = ?, updated_at = ? WHERE id = ?",
            [round(score, 4), version, stamp, claim_id])
