"""Looking after sources once added: their earlier versions, a diff between two,
a new key, and removing one that no claim quotes.

Each write is one transaction; a renamed source's claims keep their ids and
get a history entry saying so.
"""

from __future__ import annotations

import difflib
from typing import Any

from ..errors import InvalidInput, SourceConflict
from ..text.sources import check_key
from .claimstore import ClaimStore
from .connection import now


def versions(store: ClaimStore, key: str) -> list[dict[str, Any]]:
    """Every version of a source, oldest first, the current one last (``current`` True)."""
    current = store.get_source(key)
    rows = store.query(
        "SELECT version, sha256, path, length(text) AS chars, replaced_at FROM source_versions"
        " WHERE source_key = ? ORDER BY version", [key])
    out = [{**r, "current": False} for r in rows]
    out.append({"version": current["version"], "sha256": current["sha256"],
                "path": current["path"], "chars": current["chars"], "replaced_at": None,
                "current": True})
    return out


def version_text(store: ClaimStore, key: str, version: int) -> str:
    current = store.get_source(key)
    if version == current["version"]:
        return store.source_text(key)
    rows = store.query("SELECT text FROM source_versions WHERE source_key = ? AND version = ?",
                       [key, version])
    if not rows:
        known = ", ".join(str(v["version"]) for v in versions(store, key))
        raise InvalidInput(f"source {key!r} has no version {version} (versions: {known})")
    return str(rows[0]["text"])


def diff(store: ClaimStore, key: str, old: int | None = None, new: int | None = None) -> str:
    """A unified diff of two versions of a source (default: the last two)."""
    all_versions = [v["version"] for v in versions(store, key)]
    if new is None:
        new = all_versions[-1]
    if old is None:
        earlier = [v for v in all_versions if v < new]
        if not earlier:
            raise InvalidInput(f"source {key!r} has only one version: nothing to compare")
        old = earlier[-1]
    a, b = version_text(store, key, old), version_text(store, key, new)
    return "".join(difflib.unified_diff(
        a.splitlines(keepends=True), b.splitlines(keepends=True),
        fromfile=f"{key} version {old}", tofile=f"{key} version {new}"))


def rename(store: ClaimStore, old: str, new: str) -> int:
    """Give source ``old`` the key ``new``; its claims and versions follow.  Returns the
    number of claims moved (each gets a history entry)."""
    check_key(new)
    store.get_source(old)  # raises SourceNotFound
    if store.query("SELECT 1 FROM sources WHERE key = ?", [new]):
        raise SourceConflict(f"a source {new!r} already exists: pick another key")
    with store.transaction() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")  # the key and its references move together
        conn.execute("UPDATE sources SET key = ?, updated_at = ? WHERE key = ?", [new, now(), old])
        conn.execute("UPDATE source_versions SET source_key = ? WHERE source_key = ?", [new, old])
        ids = [r["id"] for r in store.query("SELECT id FROM claims WHERE source = ?", [old])]
        conn.execute("UPDATE claims SET source = ? WHERE source = ?", [new, old])
        for claim_id in ids:
            store.record_history(claim_id, "edit", note=f"source renamed from {old} to {new}")
    return len(ids)


def remove(store: ClaimStore, key: str) -> None:
    """Remove a source no claim quotes (with its earlier versions)."""
    source = store.get_source(key)
    if source["claims"]:
        raise SourceConflict(
            f"source {key!r} has {source['claims']} claim(s): a source that claims quote "
            "cannot be removed (their history would lose its text)")
    with store.transaction() as conn:
        conn.execute("DELETE FROM source_versions WHERE source_key = ?", [key])
        conn.execute("DELETE FROM sources WHERE key = ?", [key])
