"""ClaimStore: the SQLite store of sources, claims and their history.

The store is a library: it never prints and never exits.  It raises the
exceptions in :mod:`claimtrack.errors`, which the CLI turns into messages.

Opening, transactions, WAL and bulk mode are :class:`.connection.Database`'s; every
write runs in one ``BEGIN IMMEDIATE`` transaction.  The SQL of the tables lives in this
package (this module, :mod:`.links`, :mod:`.versions`), except where a module says why
it reads or writes them itself (the commit hook's read-only check, the bulk import).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..columns import ANCHOR_STATUSES, CLAIM_STATUSES, STRENGTHS, listing
from ..errors import (
    ClaimNotFound,
    ClaimtrackError,
    InvalidInput,
    SourceConflict,
    SourceNotFound,
    UsageError,
)
from ..ids import normalise_claim_id
from ..text.elisions import dumps as dump_elisions
from . import migrations
from .connection import Database, now
from .links import LinkTables
from .versions import SourceVersions

if TYPE_CHECKING:
    from ..attribution import Attribution

LIST_FIELDS = ("denied_by", "declined", "about", "via")
#: A filter of :meth:`ClaimStore.list_claims`: one value, or several (any of them).
Filter = str | Sequence[str] | None
#: A claim's columns as the store reads and lists them (:func:`claimtrack.columns.listing`).
CLAIM_COLUMNS = tuple(listing("claims"))
#: SQL for the claim ``c``'s implied first version (imported, unchanged since: migration m003),
#: as the JSON object a history entry is (the snapshot is what get_claim returns).
IMPLIED_VERSION = (
    "json_object('version', 1, 'action', 'import', 'note', NULL, 'data', "
    + migrations.snapshot_sql(CLAIM_COLUMNS, "c")
    + ", 'changed_at', (SELECT imported_at FROM imports WHERE id = c.import_id))")


class ClaimStore(Database, LinkTables, SourceVersions):
    """Open (and if needed create or upgrade) a claimtrack database, and read and write
    its sources, claims and history (links and dismissals: :class:`.links.LinkTables`;
    earlier texts: :class:`.versions.SourceVersions`).

    >>> store = ClaimStore(":memory:")
    >>> store.add_source("seeds/001_5f9e32d0296bbd23.txt", key="vox")  # doctest: +SKIP
    """

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
        refuse_changes: bool = False,
    ) -> tuple[dict[str, Any], bool]:
        """Store a source file.  Returns ``(source, created)``; ``created`` is False
        when the same text is already stored (adding a file twice is a no-op).

        With ``refuse_changes``, a text already stored is refused instead
        (:class:`~claimtrack.errors.SourceConflict`, nothing written) when a key
        or metadata given differs from the stored source's: they would be dropped.
        """
        from ..text.sources import check_key, read_text, slugify  # not on a read's path
        from .sourceadmin import refuse_differences, source_metadata

        text, digest = read_text(path)
        asked_key = key
        key = check_key(key if key is not None else slugify(Path(path).name))
        given = source_metadata(title=title, outlet=outlet, authors=authors, url=url,
                                published=published)
        with self.transaction():
            existing = self.query("SELECT key, sha256 FROM sources WHERE key = ?", [key])
            stored: dict[str, Any] | None
            if existing:
                if existing[0]["sha256"] != digest:
                    raise SourceConflict(
                        f"source {key!r} already holds a different text (another file, or "
                        f"refreshed since): if {path} is its new version, 'claimtrack source "
                        f"refresh {key} {path}' records it; else pick another --key"
                    )
                stored = self.get_source(key)
            else:
                same = self.query("SELECT key FROM sources WHERE sha256 = ?", [digest])
                stored = self.get_source(same[0]["key"]) if same else None
            if stored is not None:
                if refuse_changes:
                    refuse_differences(stored, asked_key, given)
                return stored, False
            stamp = now()
            self.conn.execute(
                "INSERT INTO sources (key, title, outlet, authors, url, published, path, sha256,"
                " text, version, added_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,1,?,?)",
                [key, given["title"], given["outlet"], json.dumps(given["authors"] or [],
                                                                   ensure_ascii=False),
                 given["url"], given["published"], self.relpath(path), digest, text, stamp,
                 stamp],
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
        unique: bool = False,
    ) -> dict[str, Any]:
        """Locate ``quote`` in the source and store it as a new claim (a
        :class:`.claimbatch.ClaimBatch` of one: ``claimtrack load`` adds many).

        With ``unique`` (``claim add`` without ``--again``), a passage that is already an
        active claim of the source raises :class:`~claimtrack.errors.ClaimExists`; a retracted one does not
        stop it.  An attribution whose source also denies the claim raises
        :class:`InvalidInput`.
        """
        from .claimbatch import ClaimBatch  # with quote anchoring: not on a read's path

        with self.transaction():
            if attribution is not None:
                self._check_attribution(attribution.attributed_to, attribution.strength,
                                        attribution.denied_by)
            batch = ClaimBatch(self)
            claim_id = batch.add(source, quote, statement=statement, attribution=attribution,
                                 about=about, occurrence=occurrence, unique=unique)
            batch.write()
        return self.get_claim(claim_id)

    def claims_at(self, source: str, start: int, end: int) -> list[dict[str, Any]]:
        """The claims of ``source`` whose span is ``[start:end)``, active first, in id order."""
        rows = self.query(
            f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE source = ? AND span_start = ?"
            " AND span_end = ? ORDER BY status <> 'active', seq", [source, start, end])
        return [claim_row(r) for r in rows]

    def refuse_a_second_claim(self, source: str, start: int, end: int,
                              besides: str | None = None) -> None:
        """:class:`~claimtrack.errors.ClaimExists` if an active claim (not ``besides``) holds
        the span: ``claim add`` and ``claim edit --quote`` without ``--again``."""
        from ..errors import ClaimExists

        for c in self.claims_at(source, start, end):
            if c["status"] == "active" and c["id"] != besides:
                raise ClaimExists(c)

    def _check_attribution(self, attributed_to: str | None, strength: str,
                           denied_by: Sequence[str], claim_id: str | None = None) -> None:
        """Refuse a claim that rests on a party which also denied it (spellings and aliases
        compared as the parties do: :meth:`claimtrack.parties.Registry.same`)."""
        from ..attribution import denied_by_its_source
        from .parties import registry

        if not attributed_to or not denied_by:
            return
        problem = denied_by_its_source(attributed_to, strength, denied_by,
                                       same=registry(self).same,
                                       subject=f"claim {claim_id}" if claim_id else "the claim")
        if problem:
            raise InvalidInput(problem)

    def get_claim(self, claim_id: str) -> dict[str, Any]:
        cid = normalise_claim_id(claim_id)
        rows = self.query(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE id = ?", [cid])
        if not rows:
            raise ClaimNotFound(claim_id)
        return claim_row(rows[0])

    def list_claims(
        self,
        *,
        source: Filter = None,
        strength: Filter = None,
        by: Filter = None,
        denied_by: Filter = None,
        about: Filter = None,
        status: Filter = None,
        anchor_status: Filter = None,
        search: str | None = None,
        limit: int | None = None,
        party: Filter = None,
        members: bool = False,
    ) -> list[dict[str, Any]]:
        """Claims matching every filter given, in id order.

        A filter is one value or several: a claim matches a filter when it matches any
        of its values (``source=["vox", "wsj"]``: claims of either source).

        ``party`` matches any spelling of the party (its aliases) in any role:
        attributed to, relayed by (``via``), denied by or declined; with
        ``members``, also the spellings of those who speak for it.
        """
        where: list[str] = []
        params: list[Any] = []
        parties = _values(party)
        if parties:
            from .parties import spellings_of

            spelt: set[str] = set()
            for one in parties:
                found = spellings_of(self, one, members=members)
                if not found:
                    from .parties import require_party

                    require_party(self, one)  # unknown: raises, naming the closest names
                spelt |= found
            names = sorted(spelt)
            marks = ", ".join("?" * len(names))
            where.append(
                f"(c.attributed_to IN ({marks}) OR EXISTS (SELECT 1 FROM json_each(c.via) j"
                f" WHERE j.value IN ({marks})) OR EXISTS (SELECT 1 FROM json_each(c.denied_by) j"
                f" WHERE j.value IN ({marks})) OR EXISTS (SELECT 1 FROM json_each(c.declined) j"
                f" WHERE j.value IN ({marks})))")
            params.extend(names * 4)
        sources = _values(source)
        for key in sources:
            self.get_source(key)
        _any_of(where, params, "c.source = ?", sources)
        strengths = _values(strength)
        for value in strengths:
            _check_choice("strength", value, STRENGTHS)
        _any_of(where, params, "c.strength = ?", strengths)
        _any_of(where, params, "c.attributed_to LIKE ?", [f"%{v}%" for v in _values(by)])
        _any_of(where, params,
                "EXISTS (SELECT 1 FROM json_each(c.denied_by) j WHERE j.value LIKE ?)",
                [f"%{v}%" for v in _values(denied_by)])
        _any_of(where, params, "EXISTS (SELECT 1 FROM json_each(c.about) j WHERE j.value LIKE ?)",
                _values(about))
        statuses = _values(status)
        for value in statuses:
            _check_choice("status", value, CLAIM_STATUSES + ("all",))
        if "all" not in statuses:
            _any_of(where, params, "c.status = ?", statuses)
        anchors = _values(anchor_status)
        for value in anchors:
            _check_choice("anchor status", value, ANCHOR_STATUSES)
        _any_of(where, params, "c.anchor_status = ?", anchors)
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
        unique: bool = False,
    ) -> dict[str, Any]:
        """Change a claim; the id stays, the previous version stays in the history.

        ``attribution`` replaces strength and attributed_to; the list fields,
        when given, replace the stored lists.  With ``unique`` (``claim edit``
        without ``--again``), a new quote on a passage that another active claim of
        the source holds raises :class:`~claimtrack.errors.ClaimExists`.
        """
        # what a write needs, kept off a read's path (quote anchoring alone: about 4 ms)
        from ..attribution import clean_list
        from ..text.anchoring import locate
        from .claimbatch import clean_statement

        with self.transaction():
            old = self.get_claim(claim_id)
            cid = old["id"]
            changes: dict[str, Any] = {}
            if quote is not None:
                span = locate(self.source_text(old["source"]), quote, occurrence,
                              name=f"source {old['source']!r}")
                if unique:
                    self.refuse_a_second_claim(old["source"], span.start, span.end, besides=cid)
                changes.update(quote=span.text, span_start=span.start, span_end=span.end,
                               prefix=span.prefix, suffix=span.suffix,
                               anchor_status="anchored", anchor_score=None, anchor_diff=None,
                               elisions=dump_elisions(span.elisions))
                if old["statement"] == old["quote"] and statement is None:
                    changes["statement"] = span.text
            elif occurrence is not None:
                raise UsageError("--occurrence goes with --quote")
            if statement is not None:
                changes["statement"] = clean_statement(statement) or changes.get(
                    "quote", old["quote"])
            if attribution is not None:
                changes.update(strength=attribution.strength,
                               attributed_to=attribution.attributed_to,
                               via=_dumps(attribution.via))
            for name, values in (("denied_by", denied_by), ("declined", declined),
                                 ("about", about)):
                if values is not None:
                    changes[name] = _dumps(clean_list(values))
            if attribution is not None or denied_by is not None:  # what the claim will say
                self._check_attribution(
                    attribution.attributed_to if attribution else old["attributed_to"],
                    attribution.strength if attribution else old["strength"],
                    clean_list(denied_by) if denied_by is not None else old["denied_by"], cid)
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


def _values(value: Filter) -> list[str]:
    """A filter's values, each once, in order (one value is a list of one)."""
    values = [value] if isinstance(value, str) else list(value or ())
    return list(dict.fromkeys(values))


def _any_of(where: list[str], params: list[Any], test: str, values: Sequence[str]) -> None:
    """Add ``test`` (one ``?``) to ``where``, true when any of ``values`` passes it."""
    if values:
        where.append("(" + " OR ".join([test] * len(values)) + ")")
        params.extend(values)


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
