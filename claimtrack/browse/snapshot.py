"""The computed report as a small SQLite database, for Datasette to serve beside claims.db.

Contradictions and claim groups are not stored in ``claims.db``: they are
computed from the claims and links each time they are asked for (only a
person's ``contradicts`` links and the dismissals are stored).  SQL cannot
compute them, so a canned query in ``claims.db`` could only show the stored
part.  ``claimtrack serve`` therefore computes them once, when it starts
(:func:`claimtrack.story.gather`), and writes them here, into a temporary
database it serves read-only as ``report``; ``claims.db`` itself is never
written.  The snapshot is as of the start of ``serve``: restart it to see
later changes (the ``snapshot`` table says when it was made).

Tables: ``contradictions`` (both quotes, who said each), ``claim_groups``
(with independent-source counts), ``group_claims`` (each group's claims) and
``claims_report`` (the editor's one line per claim, as ``claimtrack export
report`` writes it).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE snapshot (made_at TEXT NOT NULL, from_db TEXT NOT NULL, claims INTEGER NOT NULL);
CREATE TABLE contradictions (
    item TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL,
    dismissed_reason TEXT,
    a_claim TEXT NOT NULL, a_said_by TEXT, a_source TEXT, a_outlet TEXT, a_strength TEXT,
    a_quote TEXT,
    b_claim TEXT NOT NULL, b_said_by TEXT, b_source TEXT, b_outlet TEXT, b_strength TEXT,
    b_quote TEXT
);
CREATE TABLE claim_groups (
    "group" TEXT PRIMARY KEY, seq INTEGER NOT NULL, independent_sources INTEGER NOT NULL,
    claims INTEGER NOT NULL, sources TEXT NOT NULL, origins TEXT NOT NULL,
    strongest TEXT, strongest_claim TEXT, statement TEXT
);
CREATE TABLE group_claims (
    "group" TEXT NOT NULL REFERENCES claim_groups("group"), claim TEXT NOT NULL,
    seq INTEGER NOT NULL, source TEXT, outlet TEXT, said_by TEXT, quote TEXT,
    PRIMARY KEY ("group", claim)
);
CREATE TABLE claims_report (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, outlet TEXT, source TEXT, source_title TEXT,
    url TEXT, published TEXT, quote TEXT, attribution TEXT, stance TEXT, denied_by TEXT,
    declined TEXT, status TEXT, "group" TEXT, group_independent_sources INTEGER,
    open_contradictions TEXT
);
"""


def _seq(claim_id: str) -> int:
    return int(claim_id[1:]) if claim_id[1:].isdigit() else 0


def write_snapshot(store: Any, path: str | Path) -> dict[str, int]:
    """Compute the report from ``store`` and write it to a new database at ``path``.

    Returns how many rows each table got.
    """
    from ..story import gather
    from ..story.data import one_line
    from ..web import safe_url

    story = gather(store, include_retracted=True)
    outlets = {s["key"]: s.get("outlet") for s in story.sources}
    titles = {s["key"]: s for s in story.sources}
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.executescript(SCHEMA)
        conn.execute("BEGIN")
        conn.execute("INSERT INTO snapshot VALUES (?, ?, ?)",
                     [story.generated, story.db, len(story.claims)])
        conn.executemany(
            "INSERT INTO contradictions VALUES (?,?,?,?,?, ?,?,?,?,?,?, ?,?,?,?,?,?)",
            [[i["item"], i["kind"], i["status"], i["reason"], i.get("dismissed_reason"),
              *[v for side, cid in (("a", i["claims"][0]), ("b", i["claims"][1]))
                for v in (cid, i[f"{side}_said_by"], i[f"{side}_source"],
                          outlets.get(i[f"{side}_source"]), i[f"{side}_strength"],
                          one_line(i[f"{side}_quote"]))]]
             for i in story.contradictions])
        conn.executemany(
            "INSERT INTO claim_groups VALUES (?,?,?,?,?,?,?,?,?)",
            [[g["group"], _seq(g["group"]), g["independent_sources"], len(g["claims"]),
              json.dumps(g["sources"]), json.dumps(g["origins"]), g["strongest"],
              g["strongest_claim"], one_line(g["statement"])] for g in story.groups])
        conn.executemany(
            "INSERT INTO group_claims VALUES (?,?,?,?,?,?,?)",
            [[g["group"], m["id"], _seq(m["id"]), m["source"], m.get("outlet"), m["said_by"],
              one_line(m["quote"])] for g in story.groups for m in g["members"]])
        conn.executemany(
            "INSERT INTO claims_report VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [[c["id"], _seq(c["id"]), outlets.get(c["source"]), c["source"],
              one_line(titles.get(c["source"], {}).get("title")),
              safe_url(titles.get(c["source"], {}).get("url")),
              titles.get(c["source"], {}).get("published"), one_line(c["quote"]), c["said_by"],
              c.get("stance"), json.dumps(c["denied_by"]), json.dumps(c["declined"]),
              c["status"], c["group"], c["group_independent_sources"],
              json.dumps(c["contradictions"])] for c in story.claims])
        conn.execute("COMMIT")
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("contradictions", "claim_groups", "group_claims", "claims_report")}
    finally:
        conn.close()
