"""Exporters: plain functions from the store's rows to records and text.

Eight kinds can be exported (:data:`KINDS`): ``sources``, ``claims``,
``links`` and ``dismissals`` are the exchange kinds, which ``claimtrack
import`` reads back (:mod:`claimtrack.exchange.importer`); ``groups``,
``contradictions``, ``parties`` and ``report`` (the editor's one line per
claim) are reports.  Each kind's columns are declared in
:mod:`claimtrack.columns`; they are the documented reference
(:func:`column_reference_markdown` renders them for ``docs/export-columns.md``),
so the two cannot drift.

Formats (:data:`FORMATS`):

- ``csv``: UTF-8, a header row, list values joined with ``"; "``, JSON
  columns (``history``, ``versions``) as JSON text, and every cell a
  spreadsheet would run as a formula neutralised with a leading ``'``
  (:func:`claimtrack.exchange.cells.neutralise`, undone on import);
- ``json``: one array, one record per line;
- ``nl`` (also accepted as ``ndjson``): one record per line, no array;
- ``claimreview`` (claims only): schema.org ClaimReview JSON-LD;
- ``annotation`` (claims only): W3C Web Annotation JSON-LD
  (both built by :mod:`.linked_data`).

Records are streamed from the database, so exporting a million claims does
not hold them all in memory.

The record queries below read the tables with their own SQL rather than through
:class:`~claimtrack.store.ClaimStore`, on purpose: each record (a claim with its whole
history, a source with its earlier texts) is assembled as JSON by SQLite in one streamed
query, which the store's row-at-a-time reads would make a query per claim.

Usage::

    from claimtrack.exchange.export import export
    with open("claims.csv", "w", encoding="utf-8", newline="") as f:
        export(store, "claims", "csv", f)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from ..columns import (
    CLAIM_FORMATS,
    COLUMNS,
    DATA_FORMATS,
    EXPORT_FORMATS,
    IMPORTABLE,
    KINDS,
    LISTING,
    SIGNATURES,
    TYPES,
    exported,
    format_name,
    names,
)
from ..errors import ClaimtrackError, UsageError
from ..web import script_safe_json
from . import cells
from .cells import LIST_SEPARATOR
from .linked_data import annotation, claimreview

if TYPE_CHECKING:
    from ..store import ClaimStore

Record = dict[str, Any]


FORMATS = EXPORT_FORMATS


# -- records ----------------------------------------------------------------------


def source_records(store: ClaimStore) -> Iterator[Record]:
    """Every source with its full text and earlier versions, in the order they were added."""
    cur = store.conn.execute(
        "SELECT key, title, outlet, authors, url, published, path, sha256, version, added_at,"
        " updated_at, text, (SELECT json_group_array(json_object('version', v.version,"
        " 'sha256', v.sha256, 'text', v.text, 'path', v.path, 'replaced_at', v.replaced_at))"
        " FROM (SELECT * FROM source_versions v WHERE v.source_key = s.key"
        " ORDER BY v.version) v) AS versions FROM sources s ORDER BY s.added_at, s.key")
    cols = names("sources")
    for row in cur:
        rec = dict(zip(cols, row, strict=True))
        rec["authors"] = json.loads(rec["authors"] or "[]")
        rec["versions"] = json.loads(rec["versions"])
        yield rec


def claim_records(store: ClaimStore) -> Iterator[Record]:
    """Every claim (retracted ones too) with its history, in id order."""
    from ..store import IMPLIED_VERSION

    cols = [c for c in names("claims") if c != "history"] + ["history"]
    cur = store.conn.execute(
        f"SELECT {', '.join('c.' + c for c in cols[:-1])}, coalesce((SELECT json_group_array("
        "json_object('version', h.version, 'action', h.action, 'note', h.note,"
        " 'data', json(h.data), 'changed_at', h.changed_at)) FROM (SELECT * FROM claim_history h"
        " WHERE h.claim_id = c.id ORDER BY h.version) h HAVING count(*) > 0),"
        f" CASE WHEN c.import_id IS NULL THEN '[]' ELSE json_array({IMPLIED_VERSION}) END)"
        " AS history FROM claims c ORDER BY c.seq")
    loads = json.loads
    for row in cur:
        rec = dict(zip(cols, row, strict=True))
        for f in ("denied_by", "declined", "about", "via", "elisions", "history"):
            rec[f] = loads(rec[f])
        yield rec


def link_records(store: ClaimStore) -> Iterator[Record]:
    """Every link between claims, ordered by the claims' numbers."""
    cols = names("links")
    cur = store.conn.execute(
        f"SELECT {', '.join(cols)} FROM links"
        " ORDER BY CAST(substr(a, 2) AS INTEGER), CAST(substr(b, 2) AS INTEGER)")
    for row in cur:
        yield dict(zip(cols, row, strict=True))


def dismissal_records(store: ClaimStore) -> Iterator[Record]:
    """Every dismissed contradiction, in the order it was dismissed."""
    cols = names("dismissals")
    cur = store.conn.execute(
        f"SELECT {', '.join(cols)} FROM dismissals ORDER BY dismissed_at, item")
    for row in cur:
        yield dict(zip(cols, row, strict=True))


def group_records(store: ClaimStore) -> list[Record]:
    """Claim groups from :func:`claimtrack.matching.links.claim_groups`."""
    return _report(store, "claimtrack.matching.links", "claim_groups", "groups")


def contradiction_records(store: ClaimStore) -> list[Record]:
    """Contradictions from :func:`claimtrack.contradictions.report`."""
    return _report(store, "claimtrack.contradictions", "report", "contradictions")


def _report(store: ClaimStore, module: str, function: str, kind: str) -> list[Record]:
    import importlib

    try:
        fn = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        raise ClaimtrackError(
            f"exporting {kind} is not available yet: this version of claimtrack has no "
            f"{module}.{function}") from None
    return [_plain(item) for item in fn(store)]


def _plain(item: Any) -> Record:
    if isinstance(item, dict):
        return item
    if hasattr(item, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(item)
    return dict(item)


def party_records(store: ClaimStore) -> list[Record]:
    """Every party: canonical name, kind, spellings as typed, memberships."""
    from ..store.parties import list_parties

    return list_parties(store)


def report_records(store: ClaimStore) -> list[Record]:
    """The editor's report: one row per claim (:func:`claimtrack.story.editor_rows`)."""
    return _report(store, "claimtrack.story", "editor_rows", "report")


RECORDS: dict[str, Callable[[ClaimStore], Iterable[Record]]] = {
    "sources": source_records,
    "claims": claim_records,
    "links": link_records,
    "dismissals": dismissal_records,
    "groups": group_records,
    "contradictions": contradiction_records,
    "parties": party_records,
    "report": report_records,
}


def records(store: ClaimStore, kind: str) -> Iterable[Record]:
    """The records of ``kind`` with exactly the documented keys, JSON-ready."""
    if kind not in RECORDS:
        raise UsageError(f"unknown export kind {kind!r}: use one of {', '.join(KINDS)}")
    cols = names(kind)
    if kind in IMPORTABLE:
        return RECORDS[kind](store)
    rows = list(RECORDS[kind](store))  # reports are computed whole: fail before writing
    return [{c: _jsonable(r.get(c)) for c in cols} for r in rows]


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, (tuple, set, frozenset)) else value


# -- writers ----------------------------------------------------------------------


def write_csv(recs: Iterable[Record], kind: str, out: IO[str], *, bom: bool = False) -> int:
    """CSV with the kind's header (:func:`claimtrack.exchange.cells.write_csv`).  Returns the
    row count."""
    cols = exported(kind)
    return cells.write_csv(recs, [c.name for c in cols], out, bom=bom,
                           json_columns={c.name for c in cols if c.type == "json"})


def write_json(recs: Iterable[Any], out: IO[str], *, script_safe: bool = False) -> int:
    """A JSON array, one record per line.  Returns the record count.

    ``script_safe`` escapes ``<``, ``>`` and ``&`` (for a ``<script>`` block)."""
    n = 0
    out.write("[")
    for rec in recs:
        out.write(",\n " if n else "")
        text = json.dumps(rec, ensure_ascii=False)
        out.write(script_safe_json(text) if script_safe else text)
        n += 1
    out.write("]\n")
    return n


def write_ndjson(recs: Iterable[Any], out: IO[str]) -> int:
    """One JSON record per line.  Returns the record count."""
    n = 0
    for rec in recs:
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")
        n += 1
    return n


def export(store: ClaimStore, kind: str, fmt: str, out: IO[str], *, excel: bool = False,
           progress: Callable[[int, int], None] | None = None) -> int:
    """Write every record of ``kind`` to ``out`` in ``fmt``; return how many were written.

    ``progress(done, total)`` is told the records written so far, of how many."""
    if kind not in KINDS:
        raise UsageError(f"unknown export kind {kind!r}: use one of {', '.join(KINDS)}")
    fmt = format_name(str(fmt), FORMATS)
    if fmt in CLAIM_FORMATS and kind != "claims":
        raise UsageError(f"--format {fmt} exports claims only, not {kind}")
    if excel and fmt != "csv":
        raise UsageError("--excel goes with --format csv")
    if fmt in CLAIM_FORMATS:
        sources = {s["key"]: s for s in store.list_sources()}
        if fmt == "annotation":
            return write_json((annotation(c, sources[c["source"]])
                               for c in _counted(store, "claims", claim_records(store), progress)),
                              out, script_safe=True)
        from ..store.parties import registry

        parties = registry(store)
        return write_json((claimreview(c, sources[c["source"]], parties)
                           for c in _counted(store, "claims", claim_records(store), progress)),
                          out, script_safe=True)
    recs = _counted(store, kind, records(store, kind), progress)
    if fmt == "csv":
        return write_csv(recs, kind, out, bom=excel)
    if fmt == "json":
        return write_json(recs, out)
    return write_ndjson(recs, out)


PROGRESS_EVERY = 1_000  # records between two reports to a progress bar


def _counted(store: ClaimStore, kind: str, recs: Iterable[Record],
             progress: Callable[[int, int], None] | None) -> Iterable[Record]:
    """``recs``, telling ``progress`` how many have been taken, of how many there are (a table's
    row count for the kinds read as they are written, the list's length for reports)."""
    if progress is None:
        return recs
    if isinstance(recs, list):
        total = len(recs)
    else:
        table = {"sources": "sources", "claims": "claims", "links": "links",
                 "dismissals": "dismissals"}[kind]
        total = store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return _tell(recs, total, progress)


def _tell(recs: Iterable[Record], total: int,
          progress: Callable[[int, int], None]) -> Iterator[Record]:
    done = 0
    progress(0, total)
    for rec in recs:
        yield rec
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
    progress(done, total)


# -- documentation ----------------------------------------------------------------


def column_reference_markdown() -> str:
    """The reference for export and import (docs/export-columns.md), from :mod:`claimtrack.columns`.

    docs/export-columns.md holds exactly this text between ``<!-- columns:start -->`` and
    ``<!-- columns:end -->``; a test fails when the two disagree.
    """
    signatures = "; ".join(f"{kind} have {_alternatives(cols, 'and')}"
                           for kind, cols in SIGNATURES.items())
    lines = [
        f"`claimtrack export KIND` writes {_alternatives(KINDS)} as "
        f"{_alternatives(DATA_FORMATS)} (`--format`, CSV by default); claims also as "
        "`claimreview` (schema.org ClaimReview JSON-LD) or `annotation` (W3C Web "
        "Annotation JSON-LD, a TextQuoteSelector and a TextPositionSelector per claim). "
        "Files are UTF-8; `--excel` starts a CSV with a byte-order mark. In CSV, list "
        f"values are joined with `{LIST_SEPARATOR}`, and a cell that starts with `=`, `+`, "
        "`-`, `@`, a tab or a carriage return gets a leading `'` (as OWASP recommends "
        "against CSV injection), which `claimtrack import` removes again.",
        "",
        f"`claimtrack import FILE...` reads {_alternatives(IMPORTABLE)} as exported (CSV, "
        "a JSON array, or NDJSON, told apart by the first character) and writes them in "
        "that order in one transaction: one invalid row and nothing is written. Ids are "
        "kept; an id, source key or link already in the database is a problem, except a "
        "source with the same key and SHA-256, which is skipped. It tells what a file "
        f"holds from its columns (the CSV header or the JSON keys): {signatures}. "
        "Problems are listed as `FILE:LINE: problem`; in CSV, LINE is "
        "the row a spreadsheet shows (the header is row 1); in a JSON array, the line the "
        "record starts on, followed by its number. Each import is logged in the `imports` "
        "table (when, which files, how many rows of each kind), and each imported claim "
        "keeps the number of its import.",
        "",
        "| type | meaning |",
        "|---|---|",
    ]
    lines += [f"| {t} | {d} |" for t, d in TYPES.items()]
    for kind in KINDS:
        cols = exported(kind)
        lines += ["", f"### {kind}", ""]
        if kind in IMPORTABLE:
            lines += ["| column | type | required | meaning |", "|---|---|---|---|"]
            lines += [f"| `{c.name}` | {c.type} | {'yes' if c.required else ''} | "
                      f"{c.description} |" for c in cols]
        else:
            lines += ["A report: exported, not imported.", "",
                      "| column | type | meaning |", "|---|---|---|"]
            lines += [f"| `{c.name}` | {c.type} | {c.description} |" for c in cols]
        listed = [c for c in COLUMNS[kind] if c.where == LISTING]
        if listed:
            lines += ["", "Listings also show " + ", ".join(
                f"`{c.name}` ({c.description[0].lower()}{c.description[1:].rstrip('.')})"
                for c in listed) + "; they are not exported."]
    return "\n".join(lines) + "\n"


def _alternatives(items: Iterable[str], last: str = "or") -> str:
    quoted = [f"`{i}`" for i in items]
    return ", ".join(quoted[:-1]) + f" {last} " + quoted[-1] if len(quoted) > 1 else quoted[0]
