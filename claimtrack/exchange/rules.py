"""The rules of an import, kind by kind: what makes a source, a claim, a link or a
dismissal valid, checked row by row against the file and the database.

:class:`_Import` is one import in progress: it reads each file's records
(:mod:`.reading`), checks their values (:mod:`.values`), looks up what they refer
to (a claim's source, a link's claims), and hands rows to the bulk writer
(:mod:`.writer`).  It is about 600 lines because it is one per-kind rule each for
sources, claims, links and dismissals, sharing the import's state (its problems, the
ids seen so far, the writer); :mod:`.importer` runs it.

It reads and writes the tables with its own SQL rather than the store's methods, on
purpose: it checks a million rows in seconds, and the store's one-row-at-a-time
methods would take minutes.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Iterator
from typing import Any

from ..columns import (
    ANCHOR_STATUSES,
    CLAIM_STATUSES,
    DECIDERS,
    IMPORTABLE,
    LINK_STATUSES,
    RELATIONS,
    STRENGTHS,
    exported,
    names,
)
from ..errors import InvalidInput
from ..ids import MAX_SEQ
from ..store import ClaimStore
from ..text.anchoring import CONTEXT
from ..text.sources import MAX_SOURCE_BYTES, check_date, check_key, sha256_text
from ..web import url_problem
from . import writer
from .reading import ImportFile, _Fatal, _records
from .reading import inspect as inspect
from .values import (
    _JSON_TYPES,
    _TYPE_NAMES,
    _choice,
    _encode,
    _int,
    _json_list,
    _list,
    _number,
    _optional_int,
    _Problem,
    _required,
    _stamp,
    _string,
    _text,
)
from .writer import (
    _DEFAULT_REST,
    CLAIM_FROM_STAGE,
    HISTORY_FIELDS,
    STAGE,
    _staged,
    _Statement,
    _Writer,
)

#: Validation stops after this many problems: the file is clearly not right.
MAX_PROBLEMS = 1000
CLAIM_ID = re.compile(r"c[1-9][0-9]*\Z")


class _Import:
    """The state of one import: what the database and the files already hold."""

    def __init__(self, store: ClaimStore, stamp: str, files: list[str]):
        self.store = store
        self.conn = store.conn
        self.stamp = stamp
        self.problems: list[str] = []
        self.counts = dict.fromkeys(IMPORTABLE, 0)
        self.skipped: list[str] = []
        self.new_texts: dict[str, str] = {}
        self.db_texts: dict[str, str | None] = {}
        self.new_versions: dict[tuple[str, int], str] = {}
        self.seen_keys: set[str] = set()
        self._db_seqs: set[int] | None = None
        self.new_seqs: set[int] = set()
        self._db_links: set[tuple[str, str]] | None = None
        self.new_links: set[tuple[str, str]] = set()
        self.fts_sql: list[str] = []  # the dropped claims_ai trigger, to put back
        self.unindexed = 0  # claims handed to the writer since it last indexed (fts_sql)
        self.good_stamps = {stamp}  # timestamps already checked (see check_stamps)
        self.list_texts: dict[Any, str] = {}  # see list_text
        self.lock = threading.Lock()
        self.writer = _Writer(self.conn, self.lock, self.problems)
        # the import log (migration m003): imported claims name their import
        self.import_id = self.conn.execute(
            "INSERT INTO imports (imported_at, files, counts) VALUES (?, ?, '{}')",
            [stamp, json.dumps(files, ensure_ascii=False)]).lastrowid

    def log_counts(self) -> None:
        """Write what was imported into the import's log entry."""
        self.conn.execute("UPDATE imports SET counts = ? WHERE id = ?",
                          [json.dumps(self.counts), self.import_id])

    # -- bookkeeping

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    @property
    def db_seqs(self) -> set[int]:
        if self._db_seqs is None:
            with self.lock:
                self._db_seqs = {r[0] for r in self.conn.execute("SELECT seq FROM claims")}
        return self._db_seqs

    def source_text(self, key: str) -> str | None:
        if key in self.new_texts:
            return self.new_texts[key]
        if key not in self.db_texts:
            with self.lock:
                row = self.conn.execute("SELECT text FROM sources WHERE key = ?",
                                        [key]).fetchone()
            self.db_texts[key] = row[0] if row else None
        return self.db_texts[key]

    def version_text(self, key: str, version: int) -> str | None:
        """The text of an earlier version of a source, from this import or the database."""
        if (key, version) in self.new_versions:
            return self.new_versions[key, version]
        with self.lock:
            row = self.conn.execute("SELECT text FROM source_versions WHERE source_key = ?"
                                    " AND version = ?", [key, version]).fetchone()
        return row[0] if row else None

    def rows(self, f: ImportFile) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each valid-looking record of ``f``; problems are recorded on the way."""
        known = set(names(f.kind)) if f.fmt != "csv" else None
        required = [c.name for c in exported(f.kind) if c.required]
        types = {c.name: _JSON_TYPES[c.type] for c in exported(f.kind)}
        # Whether a record's fields are known, complete and of the right types depends only
        # on its keys and the types of its values: records of that shape seen before pass.
        shapes: set[tuple[str | type, ...]] = set()
        for where, rec in _records(f):
            if len(self.problems) >= MAX_PROBLEMS:
                return
            if isinstance(rec, _Fatal):
                self.problems.append(rec.message)
                return
            if isinstance(rec, str):
                self.problem(where, rec)
                continue
            if known is not None:
                if not isinstance(rec, dict):
                    self.problem(where, f"expected an object, found {type(rec).__name__}")
                    continue
                shape = (*rec, *map(type, rec.values()))  # the keys, then their types
                if shape in shapes:
                    yield where, rec
                    continue
                unknown = [k for k in rec if k not in known]
                if unknown:
                    self.problem(where, f"unknown field {unknown[0]!r} for {f.kind}")
                    continue
                missing = [k for k in required if k not in rec]
                if missing:
                    self.problem(where, f"missing field {missing[0]!r} for {f.kind}")
                    continue
                wrong = [k for k, v in rec.items() if v is not None and (
                    not isinstance(v, types[k]) or isinstance(v, bool))]
                if wrong:
                    self.problem(where, f"{wrong[0]} must be {_TYPE_NAMES[types[wrong[0]]]}, "
                                        f"not {json.dumps(rec[wrong[0]])[:40]}")
                    continue
                if len(shapes) < 100:
                    shapes.add(shape)
            yield where, rec

    def insert(self, sql: str, rows: list[Any], where: str) -> None:
        """Hand a chunk of rows to the writer thread (nothing more once a problem is found)."""
        if rows and not self.failed:
            self.writer.put(where, [(sql, rows[:], True)])
        rows.clear()

    # -- sources

    def sources(self, f: ImportFile) -> None:
        sources: list[tuple[Any, ...]] = []
        versions: list[tuple[Any, ...]] = []
        for where, rec in self.rows(f):
            try:
                row, vrows = self._source(rec)
            except _Problem as e:
                self.problem(where, str(e))
                continue
            if row is None:
                self.skipped.append(rec["key"])
                continue
            sources.append(row)
            versions.extend(vrows)
            self.counts["sources"] += 1
            if len(sources) >= 100:
                self._insert_sources(sources, versions, f.name)
        self._insert_sources(sources, versions, f.name)

    def _insert_sources(self, sources: list[Any], versions: list[Any], name: str) -> None:
        self.insert("INSERT INTO sources (key, title, outlet, authors, url, published, path,"
                    " sha256, text, version, added_at, updated_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", sources, name)
        self.insert("INSERT INTO source_versions (source_key, version, sha256, text, path,"
                    " replaced_at) VALUES (?,?,?,?,?,?)", versions, name)

    def _source(self, rec: dict[str, Any]) -> tuple[tuple[Any, ...] | None, list[Any]]:
        key = _required(rec, "key")
        try:
            check_key(key)
            published = check_date(_text(rec, "published"))
        except InvalidInput as e:
            raise _Problem(str(e)) from None
        text = _string(rec, "text")
        if not text or not text.strip():
            raise _Problem("text is required: the source's full text")
        if "\x00" in text:
            raise _Problem("text holds a NUL character: sources are plain text")
        _within_limit(text, "text")
        sha = _text(rec, "sha256") or sha256_text(text)
        if not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise _Problem(f"sha256 {sha!r} is not 64 lower-case hex digits")
        if key in self.seen_keys:
            raise _Problem(f"source {key!r} appears twice in this import")
        self.seen_keys.add(key)
        with self.lock:
            existing = self.conn.execute("SELECT sha256 FROM sources WHERE key = ?",
                                         [key]).fetchone()
        if existing:
            if existing[0] == sha:
                return None, []
            raise _Problem(f"source {key!r} is already in the database with different text")
        version = _int(rec, "version", 1)
        if version < 1:
            raise _Problem(f"version must be 1 or more, not {version}")
        vrows = []
        seen_versions = set()
        for v in _json_list(rec, "versions"):
            n = _int(v, "version")
            if n in seen_versions or not 1 <= n < version:
                raise _Problem(f"versions: version {n} is repeated or not below {version}")
            seen_versions.add(n)
            vtext = _string(v, "text")
            if not vtext:
                raise _Problem(f"versions: version {n} has no text")
            _within_limit(vtext, f"versions: version {n}'s text")
            self.new_versions[key, n] = vtext
            vrows.append((key, n, _text(v, "sha256") or sha256_text(vtext), vtext,
                          _text(v, "path"), _text(v, "replaced_at") or self.stamp))
        authors = _list(rec, "authors")
        self.new_texts[key] = text
        url = _text(rec, "url")
        if url is not None and url_problem(url):
            raise _Problem(f"url: {url_problem(url)}")
        row = (key, _text(rec, "title"), _text(rec, "outlet"), authors, url,
               published, _source_path(_text(rec, "path")), sha, text, version,
               _stamp(_text(rec, "added_at"), "added_at") or self.stamp,
               _stamp(_text(rec, "updated_at"), "updated_at") or self.stamp)
        return row, vrows

    # -- claims

    def claims(self, f: ImportFile) -> None:
        history: list[tuple[Any, ...]] = []
        rows = self._valid_claims(f, history)
        while True:
            # Each row is bound as soon as it is validated (no list of a chunk's rows).
            staged, count = _staged(itertools.islice(rows, writer.CHUNK), history)
            if not count:
                return
            self.counts["claims"] += count
            if not self.failed:
                self._insert_claims(staged, count, bool(history), f.name)
            history.clear()

    def _valid_claims(self, f: ImportFile, history: list[tuple[Any, ...]]
                      ) -> Iterator[tuple[Any, ...]]:
        """The staging rows of ``f``'s valid claims (their history rows go to ``history``)."""
        present = set(f.columns) if f.fmt == "csv" else None
        for where, rec in self.rows(f):
            try:
                yield self._claim(rec, present, history)
            except _Problem as e:
                self.problem(where, str(e))

    def _insert_claims(self, staged: Any, count: int, history: bool, name: str) -> None:
        """Let the writer move a staged chunk of claims into place."""
        history_columns = ", ".join(HISTORY_FIELDS)
        # A claim imported without a history gets no history row: its first version is
        # implied by its import_id until it changes (migration m003).
        statements: list[_Statement] = [
            (f"INSERT INTO claims ({', '.join(CLAIM_FROM_STAGE)}, import_id)"
             f" SELECT {', '.join(CLAIM_FROM_STAGE.values())}, ? FROM {STAGE}.claims",
             (self.import_id,), False)]
        if history:
            statements.append((f"INSERT INTO claim_history ({history_columns})"
                               f" SELECT {history_columns} FROM {STAGE}.history", (), False))
        self.writer.put(name, statements, staged)
        self.unindexed += count
        if self.fts_sql and self.unindexed >= writer.INDEX_EVERY:
            self.writer.index(name)
            self.unindexed = 0

    def _claim(self, rec: dict[str, Any], present: set[str] | None,  # noqa: C901 (hot path, inlined)
               history: list[tuple[Any, ...]]) -> tuple[Any, ...]:
        # The hot path of a big import: plain gets, no helper calls for the common case.
        # Values are strings or None here (JSON records were type-checked by rows()).
        g = rec.get
        cid = (g("id") or "").strip()
        if not CLAIM_ID.match(cid):
            raise _Problem(f"id {cid!r} is not a claim id (c and a number, e.g. c12)"
                           if cid else "id is required")
        seq = int(cid[1:])
        if seq > MAX_SEQ:
            raise _Problem(f"id {cid!r} is too big a number (at most c{MAX_SEQ})")
        if seq in self.new_seqs:
            raise _Problem(f"claim {cid} appears twice in this import")
        if seq in self.db_seqs:
            raise _Problem(f"claim {cid} is already in the database")
        source = g("source") or ""
        text = self.new_texts.get(source) or self.source_text(source)
        if text is None:
            raise _Problem(f"unknown source {source!r}: import its source first "
                           "(or in the same command)" if source else "source is required")
        quote = g("quote")
        if not quote:
            raise _Problem("quote is required")
        start, end = g("span_start"), g("span_end")
        if type(start) is not int or type(end) is not int:  # text (CSV) or a problem
            start, end = _int(rec, "span_start"), _int(rec, "span_end")
        if not 0 <= start < end:
            raise _Problem(f"span {start}:{end} is not a span (0 <= span_start < span_end)")
        anchor = g("anchor_status") or "anchored"
        if anchor not in ANCHOR_STATUSES:
            raise _Problem(f"anchor_status {anchor!r} is not one of {', '.join(ANCHOR_STATUSES)}")
        anchor_version = g("anchor_version")
        if anchor_version is not None and type(anchor_version) is not int:
            anchor_version = _optional_int(rec, "anchor_version")  # text (CSV) or a problem
        if anchor_version is not None:
            old_text = self.version_text(source, anchor_version)
            if old_text is None:
                raise _Problem(f"anchor_version {anchor_version}: source {source!r} has no "
                               "such earlier version")
            text = old_text
        if text[start:end] != quote and _same_words(text[start:end], quote):
            quote = text[start:end]  # typed in NFC, stored in NFD (or CRLF): the source's form
        if text[start:end] != quote:
            of = f"source {source!r}" + (f" v{anchor_version}" if anchor_version else "")
            found = (f"{of} has {text[start:end][:40]!r} there" if end <= len(text)
                     else f"{of} is only {len(text)} characters long")
            raise _Problem(f"quote is not the source's text at {start}:{end}: {found}")
        strength = g("strength")
        if strength not in STRENGTHS:
            raise _Problem(f"strength {strength!r} is not one of {', '.join(STRENGTHS)}"
                           if strength else f"strength is required ({', '.join(STRENGTHS)})")
        who = g("attributed_to") or None
        if strength == "unattributed":
            if who:
                raise _Problem("an unattributed claim has no attributed_to")
        elif not (who or "").strip():
            raise _Problem(f"attributed_to is required when strength is {strength}")
        prefix, suffix = g("prefix"), g("suffix")
        if prefix is None and (present is None or "prefix" not in present):
            prefix = text[max(0, start - CONTEXT):start]
        if suffix is None and (present is None or "suffix" not in present):
            suffix = text[end:end + CONTEXT]
        status = g("status") or "active"
        if status not in CLAIM_STATUSES:
            raise _Problem(f"status {status!r} is not one of {', '.join(CLAIM_STATUSES)}")
        score = g("anchor_score")
        statement = g("statement") or None
        created, updated = g("created_at") or self.stamp, g("updated_at") or self.stamp
        if created not in self.good_stamps or updated not in self.good_stamps:
            self.check_stamps(created, updated)
        denied, declined, about, via = g("denied_by"), g("declined"), g("about"), g("via")
        via_text = "[]" if not via else self.list_text(rec, "via", via)
        if strength == "unattributed" and via_text != "[]":
            raise _Problem("an unattributed claim is not reported by anyone: via must be empty")
        rest = ("[]" if not denied else self.list_text(rec, "denied_by", denied),
                "[]" if not declined else self.list_text(rec, "declined", declined), via_text,
                status,
                g("status_reason") or None, anchor,
                None if score is None or score == "" else _number(rec, "anchor_score"),
                g("anchor_diff") or None, anchor_version,
                "[]" if g("elisions") in (None, "", "[]", []) else _elisions(rec, quote), updated)
        row = (cid, source, quote, None if statement == quote else statement, start, end,
               prefix or "", suffix or "", strength, who,
               "[]" if not about else self.list_text(rec, "about", about), created,
               None if rest == (*_DEFAULT_REST, created) else _encode(rest))
        if g("history"):
            history.extend(self._history(rec, cid))
        self.new_seqs.add(seq)
        return row

    def check_stamps(self, *stamps: str) -> None:
        """Check timestamps (a claim's created_at and updated_at); remember the good ones."""
        if len(self.good_stamps) > 10_000:
            self.good_stamps.clear()
        for name, value in zip(("created_at", "updated_at"), stamps, strict=True):
            _stamp(value, name)
            self.good_stamps.add(value)

    def list_text(self, rec: dict[str, Any], name: str, value: Any) -> str:
        """``_list(rec, name)``, remembered: claims often share a list (topics, deniers)."""
        key = tuple(value) if type(value) is list else value
        try:
            return self.list_texts[key]
        except KeyError:
            text = self.list_texts[key] = _list(rec, name)
            if len(self.list_texts) > 10_000:
                self.list_texts.clear()
            return text
        except TypeError:  # an item is a list or an object: _list says so
            return _list(rec, name)

    def _history(self, rec: dict[str, Any], cid: str) -> list[tuple[Any, ...]]:
        entries = _json_list(rec, "history")
        if not entries:
            return []  # its first version is implied by its import (migration m003)
        out = []
        versions = set()
        for entry in entries:
            g = entry.get
            version, action, data, note = g("version"), g("action"), g("data"), g("note")
            if type(version) is not int or version < 1 or version in versions:
                raise _Problem(f"history: version {version!r} is missing, repeated or not a "
                               "whole number from 1")
            versions.add(version)
            if not isinstance(action, str) or not action:
                raise _Problem(f"history: version {version} has no action")
            if not isinstance(data, dict):
                raise _Problem(f"history: version {version} has no data object")
            if data.get("id", cid) != cid:
                raise _Problem(f"history: version {version} is of claim {data.get('id')!r}")
            if note is not None and not isinstance(note, str):
                raise _Problem(f"history: version {version} has a note that is not text")
            changed = g("changed_at") or self.stamp
            if isinstance(changed, str):
                _stamp(changed, f"history: version {version} changed_at")
            if not isinstance(changed, str):
                raise _Problem(f"history: version {version} has a changed_at that is not text")
            out.append((cid, version, action, note, _encode(data), changed))
        return out

    def claims_fts_off(self) -> None:
        """Index new claims in ``claims_fts`` many at a time instead of row by row.

        The insert trigger indexes each claim as it is inserted; an
        ``executemany`` of single rows then makes each row a statement of its
        own, and FTS5 writes out what it has gathered at every statement (see
        :meth:`_Writer._index`): a bulk import was several times slower
        (200k claims: 10.5 s of CPU with the trigger, against 3.5 s).  So the
        import drops the trigger, has the writer thread index the new claims
        every :data:`INDEX_EVERY` (where it overlaps with parsing), and
        :meth:`claims_fts_on` indexes the rest and puts the trigger back, all
        inside the import's transaction: a failed import leaves the trigger
        and the index as they were.
        """
        with self.lock:
            self.fts_sql = [r[0] for r in self.conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'claims_ai'")]
            if self.fts_sql:
                self.conn.execute("DROP TRIGGER claims_ai")
                self.writer.indexed = self.conn.execute(
                    "SELECT coalesce(max(rowid), 0) FROM claims").fetchone()[0]

    def claims_fts_on(self) -> None:
        """Index the claims not indexed yet, and put the insert trigger back."""
        if self.fts_sql and self.unindexed:
            self.writer.index("the full-text index")
        self.writer.drain()
        for sql in self.fts_sql:
            self.conn.execute(sql)

    # -- links

    def claim_exists(self, cid: str) -> bool:
        if not CLAIM_ID.match(cid):
            return False
        seq = int(cid[1:])
        return seq in self.new_seqs or seq in self.db_seqs

    def links(self, f: ImportFile) -> None:
        if self._db_links is None:
            with self.lock:
                self._db_links = {(a, b) for a, b in self.conn.execute(
                    "SELECT a, b FROM links")}
        links: list[tuple[Any, ...]] = []
        for where, rec in self.rows(f):
            try:
                links.append(self._link(rec))
            except _Problem as e:
                self.problem(where, str(e))
                continue
            self.counts["links"] += 1
            if len(links) >= writer.CHUNK:
                self._insert_links(links, f.name)
        self._insert_links(links, f.name)

    def _insert_links(self, links: list[Any], name: str) -> None:
        self.insert("INSERT INTO links (a, b, relation, status, score, method, decided_by, note,"
                    " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", links, name)

    def _link(self, rec: dict[str, Any]) -> tuple[Any, ...]:
        a, b = _required(rec, "a").strip(), _required(rec, "b").strip()
        for cid in (a, b):
            if not self.claim_exists(cid):
                raise _Problem(f"unknown claim {cid!r}: import its claims first "
                               "(or in the same command)")
        if not a < b:
            raise _Problem(f"a ({a}) must sort before b ({b}) as text; swap them")
        pair = (a, b)
        if pair in self.new_links:
            raise _Problem(f"link {a}-{b} appears twice in this import")
        if self._db_links and pair in self._db_links:
            raise _Problem(f"link {a}-{b} is already in the database")
        row = (a, b, _choice(rec, "relation", RELATIONS), _choice(rec, "status", LINK_STATUSES),
               _number(rec, "score"), _required(rec, "method"),
               _choice(rec, "decided_by", DECIDERS), _text(rec, "note"),
               _stamp(_text(rec, "created_at"), "created_at") or self.stamp,
               _stamp(_text(rec, "updated_at"), "updated_at") or self.stamp)
        self.new_links.add(pair)
        return row

    # -- dismissals

    def dismissals(self, f: ImportFile) -> None:
        from ..contradictions import KINDS, contradiction_key

        with self.lock:
            in_db = {r[0] for r in self.conn.execute("SELECT item FROM dismissals")}
        seen: set[str] = set()
        rows: list[tuple[Any, ...]] = []
        for where, rec in self.rows(f):
            try:
                item = _required(rec, "item").strip().lower()
                kind = _choice(rec, "kind", KINDS)
                a, b = _required(rec, "claim_a").strip(), _required(rec, "claim_b").strip()
                if item != contradiction_key(kind, a, b):
                    raise _Problem(f"item {item!r} is not the id of a {kind} contradiction "
                                   f"between {a} and {b} (that is "
                                   f"{contradiction_key(kind, a, b)})")
                if item in seen:
                    raise _Problem(f"dismissal {item} appears twice in this import")
                if item in in_db:
                    raise _Problem(f"dismissal {item} is already in the database")
                for cid in (a, b):
                    if not self.claim_exists(cid):
                        raise _Problem(f"unknown claim {cid!r}: import its claims first "
                                       "(or in the same command)")
                reason = _required(rec, "reason").strip()
                row = (item, kind, a, b, reason,
                       _stamp(_text(rec, "dismissed_at"), "dismissed_at") or self.stamp)
            except _Problem as e:
                self.problem(where, str(e))
                continue
            seen.add(item)
            rows.append(row)
            self.counts["dismissals"] += 1
        self.insert("INSERT INTO dismissals (item, kind, claim_a, claim_b, reason, dismissed_at)"
                    " VALUES (?,?,?,?,?,?)", rows, f.name)


def _within_limit(text: str, what: str) -> None:
    """Source texts are limited as ``source add`` limits files (MAX_SOURCE_BYTES)."""
    if len(text) * 4 > MAX_SOURCE_BYTES and len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        raise _Problem(f"{what} is over {MAX_SOURCE_BYTES // (1024 * 1024)} MB: sources are "
                       f"limited to {MAX_SOURCE_BYTES // (1024 * 1024)} MB, as in source add")


def _source_path(path: str | None) -> str | None:
    """A source's file path from an import file: relative, inside the database's folder.

    ``verify``, ``check`` and ``source refresh`` read that file (and refresh
    stores its text, which the next export carries): an absolute path or one
    climbing out with ``..`` (``../../etc/passwd``) from a stranger's file is refused.
    """
    if path is None:
        return None
    parts = path.replace("\\", "/").split("/")
    if "\x00" in path or path.startswith(("/", "~")) or ".." in parts or (
            len(path) > 1 and path[1] == ":"):
        raise _Problem(f"path {path[:60]!r} must be relative to the database's folder, "
                       "without '..' (leave it empty to import the source without its file)")
    return path


def _elisions(rec: dict[str, Any], quote: str) -> str:
    """A claim's elisions, checked against its quote, as stored (JSON text)."""
    from ..text.elisions import dumps, parse

    try:
        return dumps(parse(rec.get("elisions"), quote))
    except InvalidInput as e:
        raise _Problem(str(e)) from None


def _same_words(stored: str, quote: str) -> bool:
    """Whether a quote differs from the source's text at its span only in Unicode form
    (composed or decomposed accents) or line endings (issue 16)."""
    from ..text.canonical import canonical_text

    return canonical_text(stored) == canonical_text(quote)
