"""Import sources, claims and links from CSV, JSON or NDJSON as ``claimtrack export`` wrote them.

What a file holds is told from its columns (the CSV header, or each JSON
record's keys): claims have ``id`` and ``quote``, sources ``key`` and
``text``, links ``a``, ``b`` and ``relation`` (:data:`exporters.SIGNATURES`).
The format is told from the first character: ``[`` is a JSON array, ``{``
newline-delimited JSON, anything else CSV.

The import is all-or-nothing: every file is read and every row validated
inside one transaction, and any problem rolls all of it back.  Problems are
reported as ``FILE:LINE: problem`` (in CSV the row a spreadsheet shows, the
header being row 1; in a JSON array the line the record starts on and its
number).  Validation is cheap on purpose: a claim's quote is checked by
slicing its source's text at the span (``text[span_start:span_end]``), never
by searching for it again.  Claims are bound in chunks of :data:`CHUNK`
into a private in-memory database that a second thread (:class:`_Writer`)
copies into place, so that SQLite writes one chunk while Python parses the
next, and the full-text index is filled :data:`INDEX_EVERY` claims at a time
instead of by its per-row trigger: a million claims import in about 12 s on
a 2-core machine (see BENCHMARKS.md).

Ids are kept.  An id (or source key, or link) already in the database is a
problem, except a source whose key and SHA-256 are both already there, which
is skipped like ``claimtrack source add`` skips a file added twice.  Claims
added later continue after the highest imported number.

Usage::

    from claimtrack.exchange.importer import import_files
    result = import_files(store, ["sources.csv", "claims.csv", "links.csv"])
    result.counts  # {"sources": 3, "claims": 83, "links": 0}
"""

from __future__ import annotations

import codecs
import csv
import datetime
import gc
import itertools
import json
import queue
import re
import sqlite3
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import orjson

from ..attribution import STRENGTHS
from ..errors import ImportFailed, InvalidInput
from ..store import ANCHOR_STATUSES, CLAIM_STATUSES, ClaimStore, now
from ..text.anchoring import CONTEXT
from ..text.sources import check_date, check_key, sha256_text
from .cells import FORMULA_TRIGGERS, LIST_SEPARATOR, unneutralise
from .export import COLUMNS, IMPORTABLE, SIGNATURES, names

#: How many problems an error message lists (all are counted).
MAX_SHOWN = 20
#: Validation stops after this many problems: the file is clearly not right.
MAX_PROBLEMS = 1000
#: Rows per ``executemany``.
CHUNK = 20_000
BULK_CACHE_KIB = -262_144  # 256 MiB (negative: KiB, as PRAGMA cache_size takes it)
SWITCH_INTERVAL = 0.0005  # seconds, for an import (see _tuned); Python's default is 0.005

CLAIM_ID = re.compile(r"c[1-9][0-9]*\Z")
MAX_SEQ = 2**63 - 1  # SQLite's largest integer
RELATIONS = ("same", "supports", "contradicts")
LINK_STATUSES = ("linked", "suggested", "rejected")
DECIDERS = ("matcher", "person")
_WS = re.compile(r"[ \t\n\r]*")
# json.dumps(..., ensure_ascii=False) and json.loads, minus their per-call overhead.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_decode = json.JSONDecoder().raw_decode
#: The JSON types each column type accepts (besides null; numbers may come as text).
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,), "string": (str,), "date": (str,), "timestamp": (str,),
    "integer": (int, str), "number": (int, float, str), "list": (list, str), "json": (list, str),
}
_TYPE_NAMES: dict[tuple[type, ...], str] = {
    (str,): "text", (int, str): "a whole number", (int, float, str): "a number",
    (list, str): "a list"}
_FORMULA = frozenset(FORMULA_TRIGGERS)
_MARKED = _FORMULA | {"'"}


class _Problem(Exception):
    """One row's problem (caught, recorded, and the next row read)."""


class _CheckOnly(Exception):
    """Raised to roll back a ``check=True`` import."""


@dataclass
class ImportFile:
    """One file to import: its format and the kind of records it holds."""

    path: Path
    name: str
    fmt: str
    kind: str
    columns: tuple[str, ...] = ()
    text: str | None = field(default=None, repr=False)


@dataclass
class ImportResult:
    """What an import wrote (or, with ``check=True``, would write)."""

    counts: dict[str, int]
    skipped_sources: list[str]
    files: list[ImportFile]


# -- reading files ------------------------------------------------------------------


def inspect(paths: Iterable[str | Path]) -> list[ImportFile]:
    """Open each file and tell its format and kind; raise ImportFailed if one cannot be read."""
    files = [_inspect(Path(p), str(p)) for p in paths]
    if not files:
        raise ImportFailed("no file to import")
    return files


def _inspect(path: Path, name: str) -> ImportFile:
    try:
        if path.is_dir():
            raise ImportFailed(f"{name}: is a folder, not a file")
        with path.open("rb") as fh:
            head = fh.read(65536)
    except FileNotFoundError:
        raise ImportFailed(f"{name}: no such file") from None
    except OSError as e:
        raise ImportFailed(f"{name}: cannot read ({e.strerror or e})") from None
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not head:
        raise ImportFailed(f"{name}: empty file: nothing to import")
    if b"\x00" in head:
        raise ImportFailed(f"{name}: looks binary (it contains NUL bytes), not CSV or JSON")
    if head[:1] in (b"[", b"{"):
        fmt = "json" if head[:1] == b"[" else "ndjson"
        text = _read_text(path, name) if fmt == "json" else None
        first = _first_json_record(ImportFile(path, name, fmt, "", (), text))
        if first is None:
            return ImportFile(path, name, fmt, "", (), text)  # no records: nothing to do
        where, columns = first[0], tuple(first[1])
        return ImportFile(path, name, fmt, _kind(columns, where), columns, text)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh, strict=True))
    except UnicodeDecodeError:
        raise ImportFailed(_utf8_problem(path, name)) from None
    except csv.Error as e:
        raise ImportFailed(f"{name}:1: malformed CSV header ({e})") from None
    columns = tuple(h.strip() for h in header)
    kind = _kind(columns, f"{name}:1")
    _check_header(columns, kind, f"{name}:1")
    return ImportFile(path, name, "csv", kind, columns)


def _read_text(path: Path, name: str) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(_utf8_problem(path, name)) from None


def _utf8_problem(path: Path, name: str) -> str:
    """Where the first byte that is not UTF-8 is, as ``FILE:LINE: ...``."""
    data = path.read_bytes()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return (f"{name}:{line}: not UTF-8 text (invalid byte 0x{data[e.start]:02x} at offset "
                f"{e.start}); convert it with: iconv -f LATIN1 -t UTF-8")
    return f"{name}: not UTF-8 text"


def _skip_ws(text: str, i: int) -> int:
    """The offset of the first character at or after ``i`` that is not JSON whitespace."""
    m = _WS.match(text, i)
    return m.end() if m else i


def _first_json_record(f: ImportFile) -> tuple[str, dict[str, Any]] | None:
    """Where the first record is, and the record (its keys tell the kind of the file)."""
    for where, rec in _records(f):
        if isinstance(rec, _Fatal):
            raise ImportFailed(rec.message)
        if isinstance(rec, str):
            raise ImportFailed(f"{where}: {rec}")
        if not isinstance(rec, dict):
            raise ImportFailed(f"{where}: expected an object with named fields, "
                               f"found {type(rec).__name__}")
        return where, rec
    return None


def _kind(columns: Sequence[str], where: str) -> str:
    cols = set(columns)
    for kind, signature in SIGNATURES.items():
        if cols.issuperset(signature):
            return kind
    if "@context" in cols:
        raise ImportFailed(f"{where}: ClaimReview and Web Annotation exports cannot be "
                           "imported: export claims --format csv or json to exchange them")
    for kind in COLUMNS:
        if kind not in IMPORTABLE and cols == set(names(kind)):
            raise ImportFailed(f"{where}: this is a {kind} report, which cannot be imported")
    shown = ", ".join(list(columns)[:8]) or "none"
    wanted = "; ".join(f"{kind} need {' and '.join(sig)}" for kind, sig in SIGNATURES.items())
    raise ImportFailed(f"{where}: unknown kind of file: its columns ({shown}) match no "
                       f"importable kind ({wanted})")


def _check_header(columns: Sequence[str], kind: str, where: str) -> None:
    known = names(kind)
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise ImportFailed(f"{where}: unknown column {unknown[0]!r} for {kind} "
                           f"(columns: {', '.join(known)})")
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        raise ImportFailed(f"{where}: column {dupes[0]!r} appears twice")
    missing = [c.name for c in COLUMNS[kind] if c.required and c.name not in columns]
    if missing:
        raise ImportFailed(f"{where}: missing column {missing[0]!r} for {kind}")


@dataclass
class _Fatal:
    """A problem after which the rest of the file cannot be read."""

    message: str


def _records(f: ImportFile) -> Iterator[tuple[str, Any]]:
    """``(where, record)`` pairs; ``record`` is a dict, a problem string, or a _Fatal."""
    if f.fmt == "csv":
        yield from _csv_records(f)
    elif f.fmt == "ndjson":
        yield from _ndjson_records(f.path, f.name)
    else:
        assert f.text is not None, "a JSON array is read whole by inspect()"
        yield from _json_records(f.text, f.name)


def _csv_records(f: ImportFile) -> Iterator[tuple[str, Any]]:
    _raise_field_limit()
    row_no = 1
    try:
        with f.path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, strict=True)
            header = [h.strip() for h in next(reader)]
            width = len(header)
            for row in reader:
                row_no += 1
                if not row:
                    continue
                where = f"{f.name}:{row_no}"
                if len(row) != width:
                    yield where, f"expected {width} cells (as the header has), found {len(row)}"
                    continue
                if [c for c in row if c[:1] in _MARKED]:  # rare: formula-like or neutralised
                    bad = [h for h, c in zip(header, row, strict=True) if c[:1] in _FORMULA]
                    if bad:
                        yield where, (
                            f"column {bad[0]!r} starts with {row[header.index(bad[0])][:1]!r}, "
                            "which a spreadsheet runs as a formula; claimtrack export writes "
                            "such cells with a leading ' (add one to import the text as it is)")
                        continue
                    row = [unneutralise(c) for c in row]
                yield where, dict(zip(header, row, strict=True))
    except csv.Error as e:
        yield f"{f.name}:{row_no + 1}", _Fatal(f"{f.name}:{row_no + 1}: malformed CSV ({e})")
    except UnicodeDecodeError:
        yield f.name, _Fatal(_utf8_problem(f.path, f.name))


def _raise_field_limit() -> None:
    """Sources hold whole articles: allow CSV cells far above the default 128 KiB."""
    limit = 2**31 - 1
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def _ndjson_records(path: Path, name: str) -> Iterator[tuple[str, Any]]:
    """One record per line, read as the file streams by; blank lines are skipped.

    Lines are read as bytes and parsed with orjson, which checks that they are
    UTF-8 (decoding them first, then encoding them again for orjson, cost a
    big import 0.3 s); orjson is twice as fast as ``json`` (a JSON array keeps
    ``json``: its line numbers need ``raw_decode``).
    """
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if n == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if raw and not raw.isspace():  # (raw.strip() would copy every line)
                try:
                    yield f"{name}:{n}", orjson.loads(raw)
                except json.JSONDecodeError as e:
                    try:
                        raw.decode("utf-8")
                    except UnicodeDecodeError:
                        yield name, _Fatal(_utf8_problem(path, name))
                        return
                    yield f"{name}:{n}", f"not valid JSON ({e.msg}, column {e.colno})"


def _json_records(text: str, name: str) -> Iterator[tuple[str, Any]]:
    """The records of a JSON array, each with the line it starts on and its number."""
    decoder = json.JSONDecoder()
    i = _skip_ws(text, 0)
    pos, line = 0, 1  # line number of offset ``pos``, counted as the records go by
    try:
        if text[i:i + 1] != "[":
            raise json.JSONDecodeError("expected a JSON array", text, i)
        i = _skip_ws(text, i + 1)
        index = 0
        if text[i:i + 1] == "]":
            i += 1
        else:
            while True:
                obj, j = decoder.raw_decode(text, i)
                index += 1
                line += text.count("\n", pos, i)
                pos = i
                yield f"{name}:{line}: record {index}", obj
                i = _skip_ws(text, j)
                if text[i:i + 1] == ",":
                    i = _skip_ws(text, i + 1)
                elif text[i:i + 1] == "]":
                    i += 1
                    break
                else:
                    raise json.JSONDecodeError("expected ',' or ']' after a record", text, i)
        i = _skip_ws(text, i)
        if i != len(text):
            raise json.JSONDecodeError("extra data after the array", text, i)
    except json.JSONDecodeError as e:
        yield f"{name}:{e.lineno}", _Fatal(f"{name}:{e.lineno}: not valid JSON ({e.msg}, "
                                           f"column {e.colno})")


# -- values -------------------------------------------------------------------------


def _text(rec: dict[str, Any], name: str) -> str | None:
    v = rec.get(name)
    if v is None or v == "":
        return None
    if not isinstance(v, str):
        raise _Problem(f"{name} must be text, not {json.dumps(v)[:40]}")
    return v


def _string(rec: dict[str, Any], name: str) -> str | None:
    v = rec.get(name)
    if v is None or isinstance(v, str):
        return v
    raise _Problem(f"{name} must be text, not {json.dumps(v)[:40]}")


def _required(rec: dict[str, Any], name: str) -> str:
    v = _text(rec, name)
    if v is None or not v.strip():
        raise _Problem(f"{name} is required")
    return v


def _choice(rec: dict[str, Any], name: str, choices: Sequence[str], default: str | None = None
            ) -> str:
    v = _text(rec, name)
    if v is None:
        if default is None:
            raise _Problem(f"{name} is required ({', '.join(choices)})")
        return default
    if v not in choices:
        raise _Problem(f"{name} {v!r} is not one of {', '.join(choices)}")
    return v


def _int(rec: dict[str, Any], name: str, default: int | None = None) -> int:
    v = rec.get(name)
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip():
        try:
            return int(v)
        except ValueError:
            raise _Problem(f"{name} must be a whole number, not {v!r}") from None
    if v is None or v == "":
        if default is None:
            raise _Problem(f"{name} is required")
        return default
    raise _Problem(f"{name} must be a whole number, not {json.dumps(v)[:40]}")


def _optional_int(rec: dict[str, Any], name: str) -> int | None:
    v = rec.get(name)
    return None if v is None or v == "" else _int(rec, name)


def _number(rec: dict[str, Any], name: str) -> float | None:
    v = rec.get(name)
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            pass
    raise _Problem(f"{name} must be a number, not {json.dumps(v)[:40]}")


def _list(rec: dict[str, Any], name: str) -> str:
    """A list field, as the JSON text the database stores (what ``json.dumps`` would write)."""
    v = rec.get(name)
    if not v:  # None, "" or []
        return "[]"
    if isinstance(v, str):
        items = [" ".join(p.split()) for p in v.split(LIST_SEPARATOR.strip())]  # at ";"
    elif isinstance(v, list) and all(isinstance(i, str) for i in v):
        items = [" ".join(i.split()) for i in v]
    else:
        raise _Problem(f"{name} must be a list of text, not {json.dumps(v)[:40]}")
    return "[" + ", ".join(map(encode_basestring, dict.fromkeys(i for i in items if i))) + "]"


def _json_list(rec: dict[str, Any], name: str) -> list[Any]:
    v = rec.get(name)
    if v is None or v == "":
        return []
    if isinstance(v, str):
        try:
            text = v.strip()
            v, end = _decode(text)
            if end != len(text):
                raise json.JSONDecodeError("Extra data", text, end)
        except json.JSONDecodeError as e:
            raise _Problem(f"{name} is not valid JSON ({e.msg}, column {e.colno})") from None
    if not isinstance(v, list) or not all(isinstance(i, dict) for i in v):
        raise _Problem(f"{name} must be a list of objects")
    return v


# -- the import ---------------------------------------------------------------------


#: The schema a chunk of claims is staged in (see :class:`_Writer`), attached for the import.
STAGE = "claimtrack_stage"
#: The claim_history columns of the history rows an import builds.
HISTORY_FIELDS = ("claim_id", "version", "action", "note", "data", "changed_at")
#: One statement for the writer: SQL, its parameters, and whether they are many rows.
_Statement = tuple[str, Any, bool]
#: What the claims_ai trigger (migration m004) indexes, for the claims after a rowid.
INDEX_SQL = ("INSERT INTO claims_fts (rowid, quote, statement)"
             " SELECT seq, quote, NULLIF(statement, quote) FROM claims WHERE rowid > ?")
#: How many imported claims the writer indexes at a time (see _Writer._index).
INDEX_EVERY = 100_000
_INDEX = object()  # a writer's queue item: index the claims inserted so far
#: Whether this Python's SQLite can hand a database over as bytes (SQLite 3.36 and later,
#: unless built without it); without, the writer binds the staged rows itself.
SERIALIZE = hasattr(sqlite3.Connection, "serialize")


def _staged(claims: Iterable[tuple[Any, ...]], history: list[tuple[Any, ...]]
            ) -> tuple[bytes | tuple[list[Any], list[Any]], int]:
    """A chunk of claims and their history rows as the writer loads them into :data:`STAGE`,
    and how many claims it holds.

    The rows are bound here, on the main thread, into a private in-memory
    database, which is handed over whole as bytes (``serialize``): binding
    holds the GIL for every value, and this way it holds neither the
    import's connection nor the writer thread (see :class:`_Writer`).
    ``history`` is read after ``claims``, which may fill it as it is consumed.
    """
    if not SERIALIZE:
        chunk = list(claims)
        return (chunk, history[:]), len(chunk)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("BEGIN")
        count = _fill_stage(conn, "main", claims, history)
        conn.execute("COMMIT")
        return conn.serialize(), count
    finally:
        conn.close()


def _fill_stage(conn: sqlite3.Connection, schema: str, claims: Iterable[tuple[Any, ...]],
                history: Iterable[tuple[Any, ...]]) -> int:
    """Bind a chunk's claims, then their history rows, into the staging tables of ``schema``
    (made if need be, emptied first); return how many claims."""
    counts = []
    for (table, fields), rows in zip(STAGE_TABLES.items(), (claims, history), strict=True):
        conn.execute(f"CREATE TABLE IF NOT EXISTS {schema}.{table} ({', '.join(fields)})")
        conn.execute(f"DELETE FROM {schema}.{table}")
        counts.append(conn.executemany(
            f"INSERT INTO {schema}.{table} VALUES ({', '.join('?' * len(fields))})",
            rows).rowcount)
    return counts[0]


class _Writer:
    """Runs the import's SQL on a second thread while the main thread reads the next rows.

    sqlite3 lets go of the GIL while SQLite works, but ``executemany`` takes
    it back for every row it binds: on the writer's thread it would wait for
    the GIL once a row while the main thread parses, and on the import's
    connection it would hold the connection while it binds.  So the main
    thread binds each chunk of claims (and their history) into a private
    in-memory database (:func:`_staged`), the writer swaps it in as the
    attached schema :data:`STAGE` (``deserialize``: a copy of the bytes) and
    runs only whole-chunk statements (``INSERT ... SELECT`` into ``claims``,
    the history and the full-text index) that need no GIL: binding, parsing
    and SQLite's writing then really run side by side on two cores.  The
    connection is shared with the main thread's lookups, guarded by ``lock``.
    """

    def __init__(self, conn: sqlite3.Connection, lock: threading.Lock, problems: list[str]):
        self.conn, self.lock, self.problems = conn, lock, problems
        # Room for the chunks the main thread stages while the writer indexes (INDEX_EVERY
        # claims at a time), and two more: parsing need not wait for the index.
        self.queue: queue.Queue[tuple[str, list[_Statement], Any] | None] = \
            queue.Queue(maxsize=max(1, INDEX_EVERY // CHUNK) + 2)
        self.cancelled = False
        #: The rowid in ``claims`` up to which claims are in the full-text index (see index()).
        self.indexed = 0
        self.thread = threading.Thread(target=self._run, name="claimtrack-import", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                where, statements, staged = item
                if self.problems or self.cancelled:
                    continue  # the import is failing or stopped: drain the queue unwritten
                if staged is _INDEX:
                    self._index()
                elif staged is not None:
                    self._load(staged)
                for sql, params, many in statements:
                    if self.problems or self.cancelled:
                        break
                    with self.lock:
                        if many:
                            self.conn.executemany(sql, params)
                        else:
                            self.conn.execute(sql, params)
            except sqlite3.Error as e:
                self.problems.append(f"{where}: the database refused a row ({e})")
            except BaseException as e:  # the thread must go on draining the queue
                self.problems.append(f"{where}: writing failed ({e!r})")
            finally:
                self.queue.task_done()

    def _load(self, staged: bytes | tuple[list[Any], list[Any]]) -> None:
        """Make a chunk from :func:`_staged` the content of :data:`STAGE`."""
        with self.lock:
            if isinstance(staged, bytes):
                self.conn.deserialize(staged, name=STAGE)
            else:
                _fill_stage(self.conn, STAGE, *staged)

    def _index(self) -> None:
        """Add the claims inserted since the last time to the full-text index, in one statement.

        FTS5 writes what it has gathered in memory as a new segment of the
        index at the start of every statement of the transaction (a
        savepoint), and merges segments as they pile up: indexing each
        chunk as it is inserted made a million claims 50 segments to merge.
        Indexing 200,000 claims at a time, from the rows just written (still
        in the page cache), took the indexing from 5.5 s to 3.3 s (SQL
        alone); :data:`INDEX_EVERY` is half that, to leave less of it to do
        after the last chunk (the import of a million claims: about 0.5 s
        faster, within this machine's noise).
        """
        with self.lock:
            self.conn.execute(INDEX_SQL, (self.indexed,))
            self.indexed = self.conn.execute("SELECT max(rowid) FROM claims").fetchone()[0] or 0

    def index(self, where: str) -> None:
        """Index the claims inserted so far (once the statements handed over before have run)."""
        self.queue.put((where, [], _INDEX))

    def put(self, where: str, statements: list[_Statement], staged: Any = None) -> None:
        """Run ``statements`` in turn, after loading ``staged`` (from :func:`_staged`)."""
        self.queue.put((where, statements, staged))

    def drain(self) -> None:
        """Wait until every statement handed over is run."""
        self.queue.join()

    def stop(self, *, cancel: bool = False) -> None:
        """Run what is queued (skip it when ``cancel``), then end the thread."""
        self.cancelled = self.cancelled or cancel
        self.queue.put(None)
        self.thread.join()


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
        required = [c.name for c in COLUMNS[f.kind] if c.required]
        types = {c.name: _JSON_TYPES[c.type] for c in COLUMNS[f.kind]}
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
            self.new_versions[key, n] = vtext
            vrows.append((key, n, _text(v, "sha256") or sha256_text(vtext), vtext,
                          _text(v, "path"), _text(v, "replaced_at") or self.stamp))
        authors = _list(rec, "authors")
        self.new_texts[key] = text
        row = (key, _text(rec, "title"), _text(rec, "outlet"), authors, _text(rec, "url"),
               published, _text(rec, "path"), sha, text, version,
               _stamp(_text(rec, "added_at"), "added_at") or self.stamp,
               _stamp(_text(rec, "updated_at"), "updated_at") or self.stamp)
        return row, vrows

    # -- claims

    def claims(self, f: ImportFile) -> None:
        history: list[tuple[Any, ...]] = []
        rows = self._valid_claims(f, history)
        while True:
            # Each row is bound as soon as it is validated (no list of a chunk's rows).
            staged, count = _staged(itertools.islice(rows, CHUNK), history)
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
        if self.fts_sql and self.unindexed >= INDEX_EVERY:
            self.writer.index(name)
            self.unindexed = 0

    def _claim(self, rec: dict[str, Any], present: set[str] | None,
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
                g("anchor_diff") or None, anchor_version, updated)
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
            if len(links) >= CHUNK:
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


#: The columns a claim is staged with.  Binding costs per value, so the fields that
#: are mostly their defaults travel together in ``rest``: NULL when they all are,
#: else a JSON array of :data:`REST_FIELDS`; ``statement`` is NULL where it is the quote
#: (as the full-text index wants it); ``seq`` is the number in ``id``.
STAGE_FIELDS = ("id", "source", "quote", "statement", "span_start", "span_end", "prefix",
                "suffix", "strength", "attributed_to", "about", "created_at", "rest")
#: The staging tables (see _fill_stage): a chunk's claims, and the history rows they came with.
STAGE_TABLES = {"claims": STAGE_FIELDS, "history": HISTORY_FIELDS}
#: The defaults of the fields in ``rest``; ``updated_at``, last, is by default ``created_at``.
REST_DEFAULTS: dict[str, str | None] = {
    "denied_by": "[]", "declined": "[]", "via": "[]", "status": "active", "status_reason": None,
    "anchor_status": "anchored", "anchor_score": None, "anchor_diff": None,
    "anchor_version": None}
REST_FIELDS = (*REST_DEFAULTS, "updated_at")
_DEFAULT_REST = tuple(REST_DEFAULTS.values())


def _sql_value(name: str) -> str:
    """The SQL of a ``rest`` field's value in a staging row."""
    value = REST_DEFAULTS.get(name)
    if name not in REST_DEFAULTS:
        default = "created_at"  # updated_at
    else:
        default = "NULL" if value is None else "'" + value.replace("'", "''") + "'"
    return (f"CASE WHEN rest IS NULL THEN {default} "
            f"ELSE json_extract(rest, '$[{REST_FIELDS.index(name)}]') END")


#: The claims columns an import writes, each with the SQL of its value from a staging row.
CLAIM_FROM_STAGE = {
    "id": "id", "seq": "CAST(substr(id, 2) AS INTEGER)", "source": "source", "quote": "quote",
    "statement": "coalesce(statement, quote)",
    **{name: name for name in STAGE_FIELDS[4:-1]},
    **{name: _sql_value(name) for name in REST_FIELDS},
}


def _stamp(value: str | None, name: str) -> str | None:
    """An ISO 8601 timestamp (as claimtrack writes them), or None when empty."""
    if not value:
        return None
    try:
        datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Problem(f"{name} {value!r} is not an ISO 8601 timestamp "
                       "(e.g. 2026-01-31T12:00:00+00:00)") from None
    return value


def import_files(store: ClaimStore, files: Iterable[str | Path | ImportFile], *,
                 check: bool = False) -> ImportResult:
    """Validate and import ``files`` in one transaction: all of them, or nothing.

    Files are written sources first, then claims, then links, whatever order
    they are given in.  With ``check=True`` everything is validated (and
    written, to let the database check it too) and then rolled back.
    Raises :class:`ImportFailed` listing the problems as ``FILE:LINE: problem``.
    """
    plan = [f if isinstance(f, ImportFile) else _inspect(Path(f), str(f)) for f in files]
    if not plan:
        raise ImportFailed("no file to import")
    plan.sort(key=lambda f: IMPORTABLE.index(f.kind) if f.kind in IMPORTABLE else -1)
    try:
        with store.bulk(), _tuned(store.conn), store.transaction():
            job = _Import(store, now(), [f.name for f in plan])
            try:
                if any(f.kind == "claims" for f in plan):
                    job.claims_fts_off()
                for f in plan:
                    if f.kind == "sources":
                        job.sources(f)
                    elif f.kind == "claims":
                        job.claims(f)
                    elif f.kind == "links":
                        job.links(f)
                    elif f.kind == "dismissals":
                        job.dismissals(f)
                    if len(job.problems) >= MAX_PROBLEMS:
                        break
            except BaseException:
                job.writer.stop(cancel=True)
                raise
            job.claims_fts_on()
            job.writer.stop()
            job.log_counts()
            if job.failed:
                raise ImportFailed(_message(job.problems))
            if check:
                raise _CheckOnly
    except _CheckOnly:
        pass
    return ImportResult(job.counts, job.skipped, plan)


@contextmanager
def _tuned(conn: sqlite3.Connection) -> Iterator[None]:
    """Settings for the length of an import (outside its transaction), put back after.

    - :data:`STAGE` attached: the in-memory schema chunks of claims pass through;
    - a bigger page cache for the index B-trees of a bulk load;
    - no cyclic garbage collection: an import makes a dict and a tuple or two per
      record and keeps none of them; the collector would only walk them again and
      again (1-1.5 s of a million claims), and nothing here makes a reference cycle;
    - a shorter GIL switch interval (:data:`SWITCH_INTERVAL`): the writer thread
      takes the GIL back after each statement, and while the main thread parses
      it would wait up to the default 5 ms for it, the connection idle meanwhile;
    - no foreign-key checks: the import checks every reference itself, and names
      the row (a claim's source, a link's claims, a history's claim); SQLite's
      second look-up of each parent cost a million claims about 0.5-1 s.
    """
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    interval = sys.getswitchinterval()
    collecting = gc.isenabled()
    conn.execute(f"ATTACH ':memory:' AS {STAGE}")
    try:
        conn.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = OFF")
        sys.setswitchinterval(SWITCH_INTERVAL)
        gc.disable()
        yield
    finally:
        if collecting:
            gc.enable()
        sys.setswitchinterval(interval)
        conn.execute(f"PRAGMA foreign_keys = {int(keys)}")
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
        conn.execute(f"DETACH {STAGE}")  # (SQLite detaches only outside a transaction)


def _message(problems: list[str]) -> str:
    if len(problems) == 1:
        return f"{problems[0]} (nothing was imported)"
    shown = problems[:MAX_SHOWN]
    more = len(problems) - len(shown)
    tail = f"... and {more} more" + (" (stopped counting)" if len(problems) >= MAX_PROBLEMS
                                     else "") if more else ""
    return "\n".join(shown + ([tail] if tail else []) +
                     [f"{len(problems)}{'+' if len(problems) >= MAX_PROBLEMS else ''} problems: "
                      "nothing was imported"])
