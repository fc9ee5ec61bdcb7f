"""Adding claims in a batch: every quote located, the rows written many at a time.

:meth:`ClaimStore.add_claim` adds one claim through a batch of one, and
``claimtrack load`` adds a whole ``claims.toml`` through one batch, so both
store the same rows and history.  Per claim, :meth:`ClaimBatch.add` checks and
locates the quote (raising as ``add_claim`` does) and keeps the row;
:meth:`ClaimBatch.write` inserts the kept claims with one ``executemany``, reads
them back and writes each one's first history entry ("add", the claim as
``get_claim`` returns it) with another.  A load of 10,000 claims made eight
statements a claim before (a savepoint, the source, the largest number, the
insert, the claim read twice, the history row, the release): see BENCHMARKS.md.

Run inside the caller's transaction: a claim that fails leaves the batch as it
was, and the caller's rollback undoes anything written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..attribution import Attribution, clean_list
from ..errors import InvalidInput
from ..ids import SQLITE_MAX_SEQ
from ..text.anchoring import locate
from ..text.elisions import dumps as dump_elisions
from .connection import now

if TYPE_CHECKING:
    from .claimstore import ClaimStore

#: Claims kept before they are written (a load of a million claims holds no more at once).
CHUNK = 5_000

INSERT_CLAIM = (
    "INSERT INTO claims (id, seq, source, quote, statement, span_start, span_end,"
    " prefix, suffix, strength, attributed_to, via, denied_by, declined, about, status,"
    " anchor_status, created_at, updated_at, elisions)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'active','anchored',?,?,?)")
INSERT_HISTORY = (
    "INSERT INTO claim_history (claim_id, version, action, note, data, changed_at)"
    " VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM claim_history"
    " WHERE claim_id = ?), ?, ?, ?, ?)")


class ClaimBatch:
    """``batch.add(...)`` for each claim, then ``batch.write()``, in one transaction."""

    def __init__(self, store: ClaimStore) -> None:
        self.store = store
        self.rows: list[list[Any]] = []
        self.texts: dict[str, str] = {}  # source key -> text, read once per batch
        self.top: int | None = None  # the largest claim number, stored or kept

    def add(self, source: str, quote: str, *, statement: str | None = None,
            attribution: Attribution | None = None, about: Sequence[str] = (),
            occurrence: int | None = None, unique: bool = False) -> str:
        """Locate ``quote`` in the source and keep the claim; return its id.

        Raises as :meth:`ClaimStore.add_claim` does; a claim that raises is not kept.
        ``unique`` refuses a passage already stored as an active claim of the source
        (:class:`~claimtrack.errors.ClaimExists`); ``load`` has its own rule (source, span and
        attribution).
        """
        attribution = attribution or Attribution()
        statement = clean_statement(statement)
        text = self.texts.get(source)
        if text is None:
            text = self.texts[source] = self.store.source_text(source)
        if quote.strip() and not any(ch.isalnum() for ch in quote):
            raise InvalidInput(f"the quote {quote.strip()!r} has no words: a claim quotes words "
                               "of its source, not only punctuation")
        span = locate(text, quote, occurrence, name=f"source {source!r}")
        if unique:
            self.store.refuse_a_second_claim(source, span.start, span.end)
        if self.top is None:
            self.top = self.store.conn.execute(
                "SELECT coalesce(max(seq), 0) FROM claims").fetchone()[0]
        top = self.top
        assert top is not None
        if top >= SQLITE_MAX_SEQ:  # (+1 would be a float: "datatype mismatch")
            raise InvalidInput(f"no claim number is left after c{top}, the largest SQLite "
                               "holds (an import brought it)")
        seq = self.top = top + 1
        claim_id = f"c{seq}"
        stamp = now()
        self.rows.append(
            [claim_id, seq, source, span.text, statement or span.text, span.start, span.end,
             span.prefix, span.suffix, attribution.strength, attribution.attributed_to,
             _dumps(attribution.via), _dumps(attribution.denied_by),
             _dumps(attribution.declined), _dumps(clean_list(about)), stamp, stamp,
             dump_elisions(span.elisions)])
        if len(self.rows) >= CHUNK:
            self.write()
        return claim_id

    def write(self) -> None:
        """Insert the kept claims and their first history entries."""
        if not self.rows:
            return
        from .claimstore import CLAIM_COLUMNS, claim_row

        conn = self.store.conn
        conn.executemany(INSERT_CLAIM, self.rows)
        first, last = self.rows[0][1], self.rows[-1][1]
        self.rows = []
        cursor = conn.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims"
                              " WHERE seq BETWEEN ? AND ? ORDER BY seq", [first, last])
        names = [d[0] for d in cursor.description]
        history, stamp = [], now()
        for values in cursor.fetchall():
            data = claim_row(dict(zip(names, values, strict=True)))
            history.append([data["id"], data["id"], "add", None,
                            json.dumps(data, ensure_ascii=False), stamp])
        conn.executemany(INSERT_HISTORY, history)


def clean_statement(statement: str | None) -> str | None:
    if statement is None:
        return None
    statement = " ".join(statement.split())
    return statement or None


def _dumps(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)
