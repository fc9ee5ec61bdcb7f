"""ClaimStore: the SQLite store of sources, claims and their history.

The store is a library: it never prints and never exits.  It raises the
exceptions in :mod:`claimtrack.errors`, which the CLI turns into messages.

It talks to SQLite through the standard library's ``sqlite3`` so that a
command that only reads pays nothing for sqlite-utils; the schema itself is
created and upgraded by ``sqlite_utils.Migrations`` (see
:mod:`claimtrack.store.migrations`) the first time a database is opened by a
version of claimtrack that knows more migrations than it has.

Every write runs in one ``BEGIN IMMEDIATE`` transaction: it either happens
whole or not at all, and two processes writing at once wait for each other
(``busy_timeout``) instead of failing.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..attribution import Attribution
from ..columns import ANCHOR_STATUSES, CLAIM_STATUSES, STRENGTHS, listing
from ..config import database_path
from ..errors import (
    ClaimNotFound,
    ClaimtrackError,
    DatabaseError,
    InvalidInput,
    SourceConflict,
    SourceNotFound,
    UsageError,
)
from ..ids import normalise_claim_id
from ..text.anchoring import locate
from ..text.elisions import dumps as dump_elisions
from ..text.sources import check_date, check_key, read_text, slugify
from . import migrations

BUSY_TIMEOUT_MS = 60_000
LIST_FIELDS = ("denied_by", "declined", "about", "via")
#: A claim's columns as the store reads and lists them (:func:`claimtrack.columns.listing`).
CLAIM_COLUMNS = tuple(listing("claims"))
#: SQL for the claim ``c``'s implied first version (imported, unchanged since: migration m003),
#: as the JSON object a history entry is (the snapshot is what get_claim returns).
IMPLIED_VERSION = (
    "json_object('version', 1, 'action', 'import', 'note', NULL, 'data', "
    + migrations.snapshot_sql(CLAIM_COLUMNS, "c")
    + ", 'changed_at', (SELECT imported_at FROM imports WHERE id = c.import_id))")


def now() -> str:
    """UTC timestamp; honours SOURCE_DATE_EPOCH so a rebuilt claims.db is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        when = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    else:
        when = datetime.datetime.now(datetime.UTC)
    return when.isoformat(timespec="seconds")


def writable(path: str) -> bool:
    """Whether claimtrack may write to the database file at ``path``.

    ``os.access`` asks the kernel, which lets root write anything; so a file
    with no write permission for anyone (``chmod a-w claims.db``) also counts
    as read-only: that is how a user says "keep this as it is", and claimtrack
    honours it whoever runs it.
    """
    return os.access(path, os.W_OK) and bool(os.stat(path).st_mode & 0o222)


def is_locked(e: sqlite3.Error) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (``busy_timeout``)."""
    return getattr(e, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def locked_message(path: str) -> str:
    """What to tell someone whose command waited :data:`BUSY_TIMEOUT_MS` for a lock."""
    return (f"{path} is locked: another command has kept it busy for over "
            f"{BUSY_TIMEOUT_MS // 1000} s (an import?); try again when it has finished")


class ClaimStore:
    """Open (and if needed create or upgrade) a claimtrack database.

    >>> store = ClaimStore(":memory:")
    >>> store.add_source("seeds/001_5f9e32d0296bbd23.txt", key="vox")  # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True):
        self.path = str(path if path is not None else database_path())
        #: Whether this store made the database file (see :meth:`discard_if_new`).
        self.created = self.path != ":memory:" and not Path(self.path).exists()
        if self.path != ":memory:":
            if Path(self.path).is_dir():
                raise DatabaseError(f"{self.path} is a folder, not a database file")
            if self.created and not create:
                raise DatabaseError(
                    f"no database at {self.path}: add a source first "
                    "('claimtrack source add FILE') or run 'make demo'"
                )
        try:
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                        isolation_level=None, check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as e:
            if is_locked(e):
                raise DatabaseError(locked_message(self.path)) from None
            raise DatabaseError(f"{self.path} is not a claimtrack database ({e})") from None
        self.readonly = self.path != ":memory:" and Path(self.path).exists() \
            and not writable(self.path)
        if self.readonly:
            self.conn.execute("PRAGMA query_only = ON")  # SQLite itself refuses any write
        else:
            self._wal()
        if migrations.pending(self.conn):
            if self.readonly:
                raise DatabaseError(f"{self.path} is read-only and needs upgrading")
            with self.transaction():
                if migrations.pending(self.conn):  # another process may have just done it
                    migrations.apply(self.conn)

    def _wal(self) -> None:
        try:
            mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal" and self.path != ":memory:":
                # (out of WAL mode during another process's bulk write: this waits for it)
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError:
            pass  # read-only or locked: WAL is an optimisation, not a requirement

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Around a big write: the rollback journal instead of the WAL, if no one else is connected.

        In WAL mode every page a transaction writes is written twice, to the
        WAL and then, at the checkpoint, into the database file: the commit of
        a million imported claims (850 MB) took 4-5 s.  The rollback journal
        keeps only the old content of the pages a transaction changes, and a
        bulk import mostly adds new pages: the same commit takes under 1 s.
        The guarantees are SQLite's either way: a killed import leaves a hot
        journal, which the next connection to open the database rolls back
        (``synchronous = FULL`` meanwhile: NORMAL is not safe against power
        loss in rollback mode).

        Leaving WAL mode needs every other connection closed.  If another is
        open (another process reading), nothing changes and the write goes
        through the WAL as usual.  While a bulk write runs in rollback mode,
        other processes can read until its page cache fills and SQLite starts
        writing the database file; then they wait (``busy_timeout``, a minute)
        for the commit, as does any connection opened meanwhile (it waits to
        put WAL mode back).  WAL mode comes back at the end (:meth:`_wal`); if
        it cannot, the next open of the database puts it back.
        """
        left = self._leave_wal()
        try:
            yield
        finally:
            if left:
                self._wal()  # WAL and synchronous = NORMAL again, as every open sets them

    def _leave_wal(self) -> bool:
        """Switch to the rollback journal (see :meth:`bulk`) if no other connection is open."""
        if self.path == ":memory:" or self.readonly or self.conn.in_transaction:
            return False
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            mode = self.conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError:
            return False  # another connection is open: stay in WAL mode
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if mode != "delete":
            return False
        self.conn.execute("PRAGMA synchronous = FULL")
        return True

    def close(self) -> None:
        self.conn.close()

    def discard_if_new(self) -> bool:
        """Close, and delete the database file if this store made it and it holds nothing.

        For a command that failed before writing anything (an import refused
        whole): the user is left with no database, as before, not an empty one.
        """
        if not self.created:
            return False
        tables = ("sources", "claims", "links", "dismissals", "imports")
        if any(self.conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in tables):
            return False
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(self.path + suffix).unlink(missing_ok=True)
        return True

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def root(self) -> Path:
        """The folder source paths are stored relative to (the database's folder)."""
        return Path(self.path).resolve().parent if self.path != ":memory:" else Path.cwd()

    # -- transactions -----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested calls become savepoints."""
        if self.readonly:
            raise DatabaseError(f"{self.path} is read-only: cannot write to it")
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT nested")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO nested")
                self.conn.execute("RELEASE nested")
                raise
            self.conn.execute("RELEASE nested")
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise DatabaseError(locked_message(self.path) if is_locked(e)
                                else f"cannot write to {self.path}: {e}") from None
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise DatabaseError(locked_message(self.path) if is_locked(e)
                                else f"cannot write to {self.path}: {e}") from None

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        cols = [d[0] for d in cur.description or ()]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    # -- sources ------------------------------------------------------------------

    def add_source(
        self,
        path: str | os.PathLike[str],
        *,
        key: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        authors: Sequence[str] = (),
        url: str | None = None,
        published: str | None = None,
    ) -> tuple[dict[str, Any], bool]:
        """Store a source file.  Returns ``(source, created)``; ``created`` is False
        when the same text is already stored (adding a file twice is a no-op)."""
        text, digest = read_text(path)
        key = check_key(key if key is not None else slugify(Path(path).name))
        published = check_date(published)
        with self.transaction():
            existing = self.query("SELECT key, sha256 FROM sources WHERE key = ?", [key])
            if existing:
                if existing[0]["sha256"] == digest:
                    return self.get_source(key), False
                raise SourceConflict(
                    f"source {key!r} already exists with different text; "
                    f"use 'claimtrack source refresh {key} {path}' to record the new version"
                )
            same = self.query("SELECT key FROM sources WHERE sha256 = ?", [digest])
            if same:
                return self.get_source(same[0]["key"]), False
            stamp = now()
            self.conn.execute(
                "INSERT INTO sources (key, title, outlet, authors, url, published, path, sha256,"
                " text, version, added_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,1,?,?)",
                [key, title or None, outlet or None,
                 json.dumps([a for a in authors if a.strip()], ensure_ascii=False),
                 url or None, published, self.relpath(path), digest, text, stamp, stamp],
            )
        return self.get_source(key), True

    def relpath(self, path: str | os.PathLike[str]) -> str:
        p = Path(path).resolve()
        try:
            return str(p.relative_to(self.root))
        except ValueError:
            return str(p)

    def source_path(self, source: dict[str, Any]) -> Path | None:
        """The file a source was read from, resolved against the database's folder."""
        return self.root / source["path"] if source.get("path") else None

    def get_source(self, key: str, *, text: bool = False) -> dict[str, Any]:
        cols = "s.*" if text else ", ".join(
            f"s.{c}" for c in ("key", "title", "outlet", "authors", "url", "published", "path",
                               "sha256", "version", "added_at", "updated_at"))
        rows = self.query(
            f"SELECT {cols}, length(s.text) AS chars,"
            " (SELECT count(*) FROM claims c WHERE c.source = s.key) AS claims"
            " FROM sources s WHERE s.key = ?", [key])
        if not rows:
            raise SourceNotFound(key)
        return _source_row(rows[0])

    def source_text(self, key: str) -> str:
        # The last text read is kept (keyed by its sha256 and version): adding many claims to
        # one source reads and hashes a large text once, not once per claim.
        rows = self.query("SELECT sha256, version FROM sources WHERE key = ?", [key])
        if not rows:
            raise SourceNotFound(key)
        stamp = (key, rows[0]["sha256"], rows[0]["version"])
        kept = getattr(self, "_last_text", None)
        if kept is not None and kept[0] == stamp:
            return str(kept[1])
        text = str(self.query("SELECT text FROM sources WHERE key = ?", [key])[0]["text"])
        self._last_text = (stamp, text)
        return text

    def list_sources(self) -> list[dict[str, Any]]:
        rows = self.query(
            "SELECT s.key, s.title, s.outlet, s.authors, s.url, s.published, s.path, s.sha256,"
            " s.version, s.added_at, s.updated_at, length(s.text) AS chars,"
            " (SELECT count(*) FROM claims c WHERE c.source = s.key) AS claims"
            " FROM sources s ORDER BY s.added_at, s.key")
        return [_source_row(r) for r in rows]

    # -- claims -------------------------------------------------------------------

    def add_claim(
        self,
        source: str,
        quote: str,
        *,
        statement: str | None = None,
        attribution: Attribution | None = None,
        about: Sequence[str] = (),
        occurrence: int | None = None,
    ) -> dict[str, Any]:
        """Locate ``quote`` in the source and store it as a new claim."""
        attribution = attribution or Attribution()
        statement = _clean_statement(statement)
        with self.transaction():
            text = self.source_text(source)
            span = locate(text, quote, occurrence, name=f"source {source!r}")
            seq = self.conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM claims").fetchone()[0]
            claim_id = f"c{seq}"
            stamp = now()
            self.conn.execute(
                "INSERT INTO claims (id, seq, source, quote, statement, span_start, span_end,"
                " prefix, suffix, strength, attributed_to, via, denied_by, declined, about, status,"
                " anchor_status, created_at, updated_at, elisions)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'active','anchored',?,?,?)",
                [claim_id, seq, source, span.text, statement or span.text, span.start, span.end,
                 span.prefix, span.suffix, attribution.strength, attribution.attributed_to,
                 _dumps(attribution.via),
                 _dumps(attribution.denied_by), _dumps(attribution.declined),
                 _dumps(_clean_list(about)), stamp, stamp, dump_elisions(span.elisions)],
            )
            self.record_history(claim_id, "add")
        return self.get_claim(claim_id)

    def get_claim(self, claim_id: str) -> dict[str, Any]:
        cid = normalise_claim_id(claim_id)
        rows = self.query(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE id = ?", [cid])
        if not rows:
            raise ClaimNotFound(claim_id)
        return claim_row(rows[0])

    def list_claims(
        self,
        *,
        source: str | None = None,
        strength: str | None = None,
        by: str | None = None,
        denied_by: str | None = None,
        about: str | None = None,
        status: str | None = None,
        anchor_status: str | None = None,
        search: str | None = None,
        limit: int | None = None,
        party: str | None = None,
        members: bool = False,
    ) -> list[dict[str, Any]]:
        """Claims matching every filter given, in id order.

        ``party`` matches any spelling of the party (its aliases) in any role:
        attributed to, relayed by (``via``), denied by or declined; with
        ``members``, also the spellings of those who speak for it.
        """
        where: list[str] = []
        params: list[Any] = []
        if party is not None:
            from .parties import spellings_of

            names = sorted(spellings_of(self, party, members=members))
            if not names:
                from ..errors import PartyNotFound

                raise PartyNotFound(party)
            marks = ", ".join("?" * len(names))
            where.append(
                f"(c.attributed_to IN ({marks}) OR EXISTS (SELECT 1 FROM json_each(c.via) j"
                f" WHERE j.value IN ({marks})) OR EXISTS (SELECT 1 FROM json_each(c.denied_by) j"
                f" WHERE j.value IN ({marks})) OR EXISTS (SELECT 1 FROM json_each(c.declined) j"
                f" WHERE j.value IN ({marks})))")
            params.extend(names * 4)
        if source is not None:
            self.get_source(source)
            where.append("c.source = ?")
            params.append(source)
        if strength is not None:
            _check_choice("strength", strength, STRENGTHS)
            where.append("c.strength = ?")
            params.append(strength)
        if by is not None:
            where.append("c.attributed_to LIKE ?")
            params.append(f"%{by}%")
        if denied_by is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(c.denied_by) j WHERE j.value LIKE ?)")
            params.append(f"%{denied_by}%")
        if about is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(c.about) j WHERE j.value LIKE ?)")
            params.append(about)
        if status is not None and status != "all":
            _check_choice("status", status, CLAIM_STATUSES + ("all",))
            where.append("c.status = ?")
            params.append(status)
        if anchor_status is not None:
            _check_choice("anchor status", anchor_status, ANCHOR_STATUSES)
            where.append("c.anchor_status = ?")
            params.append(anchor_status)
        if search is not None:
            query = fts_query(search)
            if not query:
                raise InvalidInput("--search needs some words (letters or digits)")
            where.append("c.seq IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            params.append(query)
        sql = f"SELECT {', '.join('c.' + c for c in CLAIM_COLUMNS)} FROM claims c"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.seq"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [claim_row(r) for r in self.query(sql, params)]

    def edit_claim(
        self,
        claim_id: str,
        *,
        quote: str | None = None,
        occurrence: int | None = None,
        statement: str | None = None,
        attribution: Attribution | None = None,
        denied_by: Sequence[str] | None = None,
        declined: Sequence[str] | None = None,
        about: Sequence[str] | None = None,
        note: str | None = None,
    ) -> dict[str, Any]:
        """Change a claim; the id stays, the previous version stays in the history.

        ``attribution`` replaces strength and attributed_to; the list fields,
        when given, replace the stored lists.
        """
        with self.transaction():
            old = self.get_claim(claim_id)
            cid = old["id"]
            changes: dict[str, Any] = {}
            if quote is not None:
                span = locate(self.source_text(old["source"]), quote, occurrence,
                              name=f"source {old['source']!r}")
                changes.update(quote=span.text, span_start=span.start, span_end=span.end,
                               prefix=span.prefix, suffix=span.suffix,
                               anchor_status="anchored", anchor_score=None, anchor_diff=None,
                               elisions=dump_elisions(span.elisions))
                if old["statement"] == old["quote"] and statement is None:
                    changes["statement"] = span.text
            elif occurrence is not None:
                raise UsageError("--occurrence goes with --quote")
            if statement is not None:
                changes["statement"] = _clean_statement(statement) or changes.get(
                    "quote", old["quote"])
            if attribution is not None:
                changes.update(strength=attribution.strength,
                               attributed_to=attribution.attributed_to,
                               via=_dumps(attribution.via))
            for name, values in (("denied_by", denied_by), ("declined", declined),
                                 ("about", about)):
                if values is not None:
                    changes[name] = _dumps(_clean_list(values))
            changes = {k: v for k, v in changes.items()
                       if (json.loads(v) if k in (*LIST_FIELDS, "elisions") else v) != old.get(k)}
            if not changes:
                raise InvalidInput(f"nothing to change in claim {cid}: give an option to edit")
            changes["updated_at"] = now()
            sets = ", ".join(f"{k} = ?" for k in changes)
            self.conn.execute(f"UPDATE claims SET {sets} WHERE id = ?", [*changes.values(), cid])
            self.record_history(cid, "edit", note)
        return self.get_claim(cid)

    def retract_claim(self, claim_id: str, reason: str) -> dict[str, Any]:
        """Mark a claim retracted; it stays in the database with its history."""
        if not reason or not reason.strip():
            raise InvalidInput("--reason is required: say why the claim is retracted")
        with self.transaction():
            claim = self.get_claim(claim_id)
            if claim["status"] == "retracted":
                raise ClaimtrackError(f"claim {claim['id']} is already retracted")
            self.conn.execute(
                "UPDATE claims SET status = 'retracted', status_reason = ?, updated_at = ?"
                " WHERE id = ?", [reason.strip(), now(), claim["id"]])
            self.record_history(claim["id"], "retract", reason.strip())
        return self.get_claim(claim["id"])

    def history(self, claim_id: str) -> list[dict[str, Any]]:
        """Every version of a claim, oldest first."""
        claim = self.get_claim(claim_id)
        rows = self.query(
            "SELECT claim_id, version, action, note, data, changed_at FROM claim_history"
            " WHERE claim_id = ? ORDER BY version", [claim["id"]])
        for r in rows:
            r["data"] = json.loads(r["data"])
        if not rows:  # imported and unchanged since: its one version is implied (migration m003)
            implied = self.conn.execute(
                f"SELECT {IMPLIED_VERSION} FROM claims c WHERE c.id = ? AND c.import_id NOT NULL",
                [claim["id"]]).fetchone()
            if implied:
                rows = [{"claim_id": claim["id"], **json.loads(implied[0])}]
        return rows

    def record_history(self, claim_id: str, action: str, note: str | None = None) -> None:
        """Append the claim as it now is to its history (inside the caller's transaction).

        Call it after the UPDATE that changed the claim: for an imported claim
        with no history row yet, that UPDATE's trigger (migration m003) has
        written its first version, so this one follows it.
        """
        data = self.get_claim(claim_id)
        self.conn.execute(
            "INSERT INTO claim_history (claim_id, version, action, note, data, changed_at)"
            " VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM claim_history"
            " WHERE claim_id = ?), ?, ?, ?, ?)",
            [claim_id, claim_id, action, note, json.dumps(data, ensure_ascii=False), now()],
        )

    # -- reports ------------------------------------------------------------------

    def summary(self) -> list[dict[str, Any]]:
        """Claim counts by source and attribution strength (active claims)."""
        counts = self.query(
            "SELECT source, strength, count(*) AS n FROM claims WHERE status = 'active'"
            " GROUP BY source, strength")
        table: dict[str, dict[str, Any]] = {}
        for s in self.list_sources():
            table[s["key"]] = {"source": s["key"], **dict.fromkeys(STRENGTHS, 0), "total": 0}
        for r in counts:
            row = table[r["source"]]
            row[r["strength"]] = r["n"]
            row["total"] += r["n"]
        return list(table.values())


_TOKEN = re.compile(r"[^\W_]+")


def fts_words(text: str) -> list[str]:
    """The words of ``text`` as the full-text index splits them (see :func:`fts_query`)."""
    return _TOKEN.findall(text)


def fts_query(text: str) -> str:
    """Every word of ``text`` as a quoted FTS5 term (so user text is never FTS syntax).

    Words are split as the index's ``unicode61`` tokenizer splits them (at
    anything not a letter or digit), so "H-1B" asks for "H" and "1B": the
    index keeps no positions (migration m004), so a term must be one token.
    """
    return " ".join(f'"{w}"' for w in fts_words(text))


def _dumps(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _clean_list(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        v = " ".join(v.split())
        if v and v not in out:
            out.append(v)
    return out


def _clean_statement(statement: str | None) -> str | None:
    if statement is None:
        return None
    statement = " ".join(statement.split())
    return statement or None


def _check_choice(what: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise UsageError(f"unknown {what} {value!r}: use one of {', '.join(choices)}")


def claim_row(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for f in (*LIST_FIELDS, "elisions"):
        if f in out and isinstance(out[f], str):
            out[f] = json.loads(out[f])
    return out


def _source_row(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out["authors"] = json.loads(out["authors"]) if out.get("authors") else []
    return out
