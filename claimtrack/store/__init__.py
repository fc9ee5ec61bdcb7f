"""The store: one SQLite database of sources, claims, links and their history.

- :mod:`.connection`: opening a database (creating or upgrading it), WAL, transactions;
- :mod:`.claimstore`: :class:`ClaimStore`, the one door to the tables: sources, claims and
  their history, with :mod:`.links` (links, dismissals) and :mod:`.versions` (earlier texts,
  re-anchored quotes) mixed in;
- :mod:`.migrations`: the schema, as an ordered, append-only list of migrations;
- :mod:`.maintenance`: integrity and foreign-key checks, online backups;
- :mod:`.seeds`: loading a seeds folder (``sources.toml`` + ``claims.toml``).

``from claimtrack.store import ClaimStore`` is the public path.
"""

from __future__ import annotations

from ..columns import ANCHOR_STATUSES, CLAIM_STATUSES
from ..config import DEFAULT_DB
from ..ids import normalise_claim_id
from .claimstore import CLAIM_COLUMNS, IMPLIED_VERSION, LIST_FIELDS, ClaimStore, claim_row, fts_query
from .connection import BUSY_TIMEOUT_MS, is_locked, locked_message, now, writable

__all__ = [
    "ANCHOR_STATUSES", "BUSY_TIMEOUT_MS", "CLAIM_COLUMNS", "CLAIM_STATUSES", "DEFAULT_DB",
    "IMPLIED_VERSION", "LIST_FIELDS", "ClaimStore", "claim_row", "fts_query",
    "is_locked", "locked_message", "normalise_claim_id", "now", "writable",
]
