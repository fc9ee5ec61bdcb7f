"""The database schema, as an ordered list of migrations.

Each migration is a function named ``mNNN_description`` taking a
``sqlite_utils.Database``.  The list is append-only: once a migration has
landed it is never edited, only followed by a new one.  ``apply`` runs the
pending ones through ``sqlite_utils.Migrations``, which records each in
``_sqlite_migrations`` inside the same transaction as its changes.

This module does not import sqlite-utils at import time, so that commands
that find the schema current (``ClaimStore`` checks the names first) never
pay for it.

It is over 500 lines because it is one concept, the schema's history: each
migration's SQL stays here as it landed (migrations are never edited), so the
file only grows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

MIGRATION_SET = "claimtrack"


def m001_initial(db: Any) -> None:
    """Sources, their versions, claims with spans and attribution, history, links."""
    db.execute(
        """
        CREATE TABLE sources (
            key TEXT PRIMARY KEY,
            title TEXT,
            outlet TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            url TEXT,
            published TEXT,
            path TEXT,
            sha256 TEXT NOT NULL,
            text TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE source_versions (
            id INTEGER PRIMARY KEY,
            source_key TEXT NOT NULL REFERENCES sources(key),
            version INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            text TEXT NOT NULL,
            path TEXT,
            replaced_at TEXT NOT NULL,
            UNIQUE (source_key, version)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            source TEXT NOT NULL REFERENCES sources(key),
            quote TEXT NOT NULL,
            statement TEXT NOT NULL,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            strength TEXT NOT NULL
                CHECK (strength IN ('named', 'reported', 'anonymous', 'unattributed')),
            attributed_to TEXT,
            denied_by TEXT NOT NULL DEFAULT '[]',
            declined TEXT NOT NULL DEFAULT '[]',
            about TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'retracted')),
            status_reason TEXT,
            anchor_status TEXT NOT NULL DEFAULT 'anchored'
                CHECK (anchor_status IN ('anchored', 'moved', 'changed', 'orphaned')),
            anchor_score REAL,
            anchor_diff TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (span_start >= 0 AND span_end > span_start)
        )
        """
    )
    db.execute("CREATE INDEX claims_source ON claims(source)")
    db.execute(
        """
        CREATE TABLE claim_history (
            id INTEGER PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            version INTEGER NOT NULL,
            action TEXT NOT NULL,
            note TEXT,
            data TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            UNIQUE (claim_id, version)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE links (
            a TEXT NOT NULL REFERENCES claims(id),
            b TEXT NOT NULL REFERENCES claims(id),
            relation TEXT NOT NULL CHECK (relation IN ('same', 'supports', 'contradicts')),
            status TEXT NOT NULL CHECK (status IN ('linked', 'suggested', 'rejected')),
            score REAL,
            method TEXT NOT NULL,
            decided_by TEXT NOT NULL CHECK (decided_by IN ('matcher', 'person')),
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (a, b),
            CHECK (a < b)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE dismissals (
            item TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            claim_a TEXT NOT NULL,
            claim_b TEXT NOT NULL,
            reason TEXT NOT NULL,
            dismissed_at TEXT NOT NULL
        )
        """
    )
    # Full-text search over quote and statement, kept current by triggers.
    db.execute(
        """
        CREATE VIRTUAL TABLE claims_fts USING fts5(
            quote, statement, content='claims', content_rowid='seq'
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
            INSERT INTO claims_fts(rowid, quote, statement)
            VALUES (new.seq, new.quote, new.statement);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, quote, statement)
            VALUES ('delete', old.seq, old.quote, old.statement);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER claims_au AFTER UPDATE OF quote, statement ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, quote, statement)
            VALUES ('delete', old.seq, old.quote, old.statement);
            INSERT INTO claims_fts(rowid, quote, statement)
            VALUES (new.seq, new.quote, new.statement);
        END
        """
    )


def m002_claim_anchor_version(db: Any) -> None:
    """Which source version an orphaned claim's span indexes (NULL: the current one)."""
    db.execute("ALTER TABLE claims ADD COLUMN anchor_version INTEGER")


def snapshot_sql(columns: tuple[str, ...], row: str) -> str:
    """SQL for a claim's history snapshot: ``json_object`` of ``columns`` of the row ``row``.

    The same JSON object ``ClaimStore.get_claim`` returns (list columns as
    arrays).  Migrations pass their own frozen column list, so a later change
    to the claims table never changes what an applied migration created.
    """
    lists = ("denied_by", "declined", "about", "via", "elisions")
    return "json_object(" + ", ".join(
        f"'{c}', json({row}.{c})" if c in lists else f"'{c}', {row}.{c}" for c in columns) + ")"


M003_CLAIM_COLUMNS = (
    "id", "source", "quote", "statement", "span_start", "span_end", "prefix", "suffix",
    "strength", "attributed_to", "denied_by", "declined", "about", "status", "status_reason",
    "anchor_status", "anchor_score", "anchor_diff", "anchor_version", "created_at", "updated_at",
)


def m003_import_log(db: Any) -> None:
    """A log of imports; an imported claim's first version is implied until it changes.

    ``imports`` has one row per ``claimtrack import`` (when, which files, how
    many rows of each kind) and each imported claim names its import in
    ``claims.import_id``.  A claim imported without a history has no
    ``claim_history`` row at first: its one version ("import", at the time
    of its import) is the claim as it now is.  Writing that row for each of a
    million claims was a sixth of the time of a big import, for claims that
    mostly never change.  The trigger ``claims_first_version`` writes the
    row, with the claim's old values, before the first UPDATE of such a
    claim, whichever code makes it: the version it replaces is never lost.
    Readers imply the version where the row is missing (``store.history``,
    ``exporters.claim_records``).
    """
    db.execute(
        """
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            imported_at TEXT NOT NULL,
            files TEXT NOT NULL,
            counts TEXT NOT NULL
        )
        """
    )
    db.execute("ALTER TABLE claims ADD COLUMN import_id INTEGER REFERENCES imports(id)")
    db.execute(
        f"""
        CREATE TRIGGER claims_first_version BEFORE UPDATE ON claims
        WHEN old.import_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM claim_history WHERE claim_id = old.id)
        BEGIN
            INSERT INTO claim_history (claim_id, version, action, note, data, changed_at)
            VALUES (old.id, 1, 'import', NULL, {snapshot_sql(M003_CLAIM_COLUMNS, "old")},
                    (SELECT imported_at FROM imports WHERE id = old.import_id));
        END
        """
    )


def m004_index_statement_only_where_it_differs(db: Any) -> None:
    """A leaner full-text index: statements only where they differ from the quote, no positions.

    Most claims keep their quote as their statement; indexing both made the
    index (and a bulk import) half as big again for nothing.  The index now
    reads its external content through the view ``claims_fts_content``
    (``NULLIF(statement, quote)``), so that a ``rebuild`` and the triggers
    index exactly the same text.

    Search looks up words (``store.fts_query``), never phrases, and orders by
    claim number, not rank: so the index keeps no token positions
    (``detail=none``) and no column sizes (``columnsize=0``), which makes it
    about a third cheaper to build.  A phrase search would add
    ``instr(quote, ...)`` over the claims the words find.
    """
    for trigger in ("claims_ai", "claims_ad", "claims_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP TABLE claims_fts")
    db.execute(
        """
        CREATE VIEW claims_fts_content AS
            SELECT seq, quote, NULLIF(statement, quote) AS statement FROM claims
        """
    )
    db.execute(
        """
        CREATE VIRTUAL TABLE claims_fts USING fts5(
            quote, statement, content='claims_fts_content', content_rowid='seq',
            detail=none, columnsize=0
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
            INSERT INTO claims_fts(rowid, quote, statement)
            VALUES (new.seq, new.quote, NULLIF(new.statement, new.quote));
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, quote, statement)
            VALUES ('delete', old.seq, old.quote, NULLIF(old.statement, old.quote));
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER claims_au AFTER UPDATE OF quote, statement ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, quote, statement)
            VALUES ('delete', old.seq, old.quote, NULLIF(old.statement, old.quote));
            INSERT INTO claims_fts(rowid, quote, statement)
            VALUES (new.seq, new.quote, NULLIF(new.statement, new.quote));
        END
        """
    )
    # Let a big transaction gather 64 MiB of index in memory before writing a segment (the
    # default, 1 MiB, makes a million-claim import spend a third of its indexing merging).
    db.execute("INSERT INTO claims_fts(claims_fts, rank) VALUES ('hashsize', 67108864)")
    db.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")


def _snapshot_first_version(db: Any, columns: tuple[str, ...]) -> None:
    """Recreate m003's ``claims_first_version`` trigger to snapshot ``columns`` (a new column
    of ``claims`` belongs in an imported claim's implied first version too)."""
    db.execute("DROP TRIGGER claims_first_version")
    db.execute(
        f"""
        CREATE TRIGGER claims_first_version BEFORE UPDATE ON claims
        WHEN old.import_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM claim_history WHERE claim_id = old.id)
        BEGIN
            INSERT INTO claim_history (claim_id, version, action, note, data, changed_at)
            VALUES (old.id, 1, 'import', NULL, {snapshot_sql(columns, "old")},
                    (SELECT imported_at FROM imports WHERE id = old.import_id));
        END
        """
    )


def m005_parties(db: Any) -> None:
    """Parties (canonical names, aliases, kinds, membership) and attribution chains.

    Claims keep every name as it was typed; a party is what those spellings
    refer to.  Only parties a person has curated (an alias, a membership, a
    merge, a rename, a kind) are rows here: any other name is its own party
    (``claimtrack.parties.Registry``), so nothing has to be kept in step when
    claims are added or imported.  ``party_aliases.key`` is the spelling's
    ``parties.name_key`` (case, accents, punctuation and "the" ignored), and
    includes the canonical name itself.

    ``claims.via`` is the chain of outlets a claim came through, from the one
    nearest its origin outward: ``--anonymous "officials" --reported-by
    "BuzzFeed News"`` stores ``["BuzzFeed News"]``.
    """
    db.execute(
        """
        CREATE TABLE parties (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('person', 'organisation', 'outlet', 'anonymous')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE party_aliases (
            key TEXT PRIMARY KEY,
            alias TEXT NOT NULL,
            party_id INTEGER NOT NULL REFERENCES parties(id)
        )
        """
    )
    db.execute("CREATE INDEX party_aliases_party ON party_aliases(party_id)")
    db.execute(
        """
        CREATE TABLE party_members (
            member_id INTEGER NOT NULL REFERENCES parties(id),
            org_id INTEGER NOT NULL REFERENCES parties(id),
            PRIMARY KEY (member_id, org_id),
            CHECK (member_id <> org_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE party_history (
            id INTEGER PRIMARY KEY,
            action TEXT NOT NULL,
            party TEXT NOT NULL,
            detail TEXT NOT NULL,
            changed_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE party_rejections (
            a_key TEXT NOT NULL,
            b_key TEXT NOT NULL,
            rejected_at TEXT NOT NULL,
            PRIMARY KEY (a_key, b_key),
            CHECK (a_key < b_key)
        )
        """
    )
    db.execute("ALTER TABLE claims ADD COLUMN via TEXT NOT NULL DEFAULT '[]'")
    # An imported claim's implied first version (m003) now includes the chain.
    columns = (*M003_CLAIM_COLUMNS[:10], "via", *M003_CLAIM_COLUMNS[10:])
    _snapshot_first_version(db, columns)


def m006_claim_elisions(db: Any) -> None:
    """What a quote, as typed, leaves out of its span: ``[[start, end], ...]`` in the quote.

    See :mod:`claimtrack.text.elisions`; ``[]`` for every claim stored before.
    """
    db.execute("ALTER TABLE claims ADD COLUMN elisions TEXT NOT NULL DEFAULT '[]'")
    # An imported claim's implied first version (m003, then m005_parties) carries the new column too.
    columns = (*M003_CLAIM_COLUMNS[:10], "via", *M003_CLAIM_COLUMNS[10:], "elisions")
    _snapshot_first_version(db, columns)


def m007_index_stems(db: Any) -> None:
    """The full-text index stems words (Porter), and its vocabulary can be read.

    ``claims_fts`` is rebuilt with ``tokenize='porter unicode61'``: "satellites"
    finds "satellite", "racist" finds "racists", so a search and the ranking
    of similar claims (``claimtrack similar``, ``claimtrack.matching.similar``)
    meet a claim however its words are inflected.  Everything else is as
    m004 left it (the same content view, no positions, no column sizes: the
    Porter step costs a bulk import about a fifth more indexing time; column
    sizes would cost half as much again).  ``claims_fts_vocab`` (fts5vocab,
    ``row``) gives each stem's number of claims, which the ranking uses to
    query a text's rarer words first.
    """
    for trigger in ("claims_ai", "claims_ad", "claims_au"):
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("DROP TABLE claims_fts")
    db.execute(
        """
        CREATE VIRTUAL TABLE claims_fts USING fts5(
            quote, statement, content='claims_fts_content', content_rowid='seq',
            tokenize='porter unicode61', detail=none, columnsize=0
        )
        """
    )
    db.execute("CREATE VIRTUAL TABLE claims_fts_vocab USING fts5vocab(claims_fts, row)")
    db.execute(
        """
        CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
            INSERT INTO claims_fts(rowid, quote, statement)
            VALUES (new.seq, new.quote, NULLIF(new.statement, new.quote));
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, quote, statement)
            VALUES ('delete', old.seq, old.quote, NULLIF(old.statement, old.quote));
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER claims_au AFTER UPDATE OF quote, statement ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, quote, statement)
            VALUES ('delete', old.seq, old.quote, NULLIF(old.statement, old.quote));
            INSERT INTO claims_fts(rowid, quote, statement)
            VALUES (new.seq, new.quote, NULLIF(new.statement, new.quote));
        END
        """
    )
    db.execute("INSERT INTO claims_fts(claims_fts, rank) VALUES ('hashsize', 67108864)")
    db.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")


def m008_claim_embeddings(db: Any) -> None:
    """Sentence embeddings of claims, for the optional semantic extra (``claimtrack embed``).

    One row per claim: the model that made it, its dimension and the
    float32 vector as little-endian bytes.  An embedding is of the claim's
    statement: the triggers drop it when the claim is deleted or its
    statement changes, so ``embed`` computes it again.  Inserting claims
    fires neither trigger (an import pays nothing).
    """
    db.execute(
        """
        CREATE TABLE claim_embeddings (
            claim_id TEXT PRIMARY KEY REFERENCES claims(id),
            model TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER claims_embedding_ad AFTER DELETE ON claims BEGIN
            DELETE FROM claim_embeddings WHERE claim_id = old.id;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER claims_embedding_au AFTER UPDATE OF statement ON claims
        WHEN old.statement IS NOT new.statement
        BEGIN
            DELETE FROM claim_embeddings WHERE claim_id = old.id;
        END
        """
    )


def m009_embedding_follows_quote(db: Any) -> None:
    """A claim's embedding is of its quote (``semantic.text_of``; m008 embedded the statement):
    editing the quote drops it, so ``embed`` computes it again."""
    db.execute("DROP TRIGGER claims_embedding_au")
    db.execute(
        """
        CREATE TRIGGER claims_embedding_au AFTER UPDATE OF quote, statement ON claims
        WHEN old.quote IS NOT new.quote OR (new.quote = '' AND old.statement IS NOT new.statement)
        BEGIN
            DELETE FROM claim_embeddings WHERE claim_id = old.id;
        END
        """
    )


def m010_source_history(db: Any) -> None:
    """A source's metadata edits (``claimtrack source edit``), oldest first.

    Each row is one edit, written in the transaction that changed the
    source: the fields it changed, as they were (``old_values``) and as they
    became (``new_values``), JSON objects keyed by column (``authors`` a
    list), with the text version the source was at, a note, and when.  Text
    changes stay in ``source_versions``; a claim's own changes in
    ``claim_history``.
    """
    db.execute(
        """
        CREATE TABLE source_history (
            id INTEGER PRIMARY KEY,
            source_key TEXT NOT NULL REFERENCES sources(key),
            action TEXT NOT NULL,
            version INTEGER NOT NULL,
            old_values TEXT NOT NULL,
            new_values TEXT NOT NULL,
            note TEXT,
            changed_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX source_history_source ON source_history(source_key)")


MIGRATIONS: list[Callable[[Any], None]] = [
    m001_initial, m002_claim_anchor_version, m003_import_log,
    m004_index_statement_only_where_it_differs, m005_parties, m006_claim_elisions,
    m007_index_stems, m008_claim_embeddings, m009_embedding_follows_quote,
    m010_source_history,
]
MIGRATION_NAMES = [m.__name__ for m in MIGRATIONS]


def pending(conn: sqlite3.Connection) -> list[str]:
    """Names of migrations not yet applied, read with plain sqlite3 (cheap)."""
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
            [MIGRATION_SET],
        ).fetchall()
    except sqlite3.OperationalError:
        return list(MIGRATION_NAMES)
    done = {r[0] for r in rows}
    return [n for n in MIGRATION_NAMES if n not in done]


def apply(conn: sqlite3.Connection) -> None:
    """Apply pending migrations through ``sqlite_utils.Migrations``."""
    from sqlite_utils import Database, Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        migrations()(fn)
    migrations.apply(Database(conn))
