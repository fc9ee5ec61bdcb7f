"""Fixtures and helpers shared by the export, import and exchange-CLI tests."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.exchange.export import (
    export,
)
from claimtrack.exchange.importer import import_files
from claimtrack.store import CLAIM_COLUMNS

from .conftest import REPO

VOX_FILE = "001_5f9e32d0296bbd23.txt"


FORMULA_TEXT = (
    "Minutes of the budget meeting.\n"
    "=SUM(A1:A9) was typed into the shared sheet by the treasurer.\n"
    "-40% was the drop in revenue the auditors reported.\n"
    "@channel was how the alert went out, according to staff.\n"
)


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds loaded once per module (loading them is most of a test's time)."""
    import shutil

    from claimtrack.store.seeds import load_seeds

    folder = tmp_path_factory.mktemp("template")
    shutil.copytree(REPO / "seeds", folder / "seeds")
    with ClaimStore(folder / "claims.db") as store:
        load_seeds(store, folder / "seeds")
    return folder / "claims.db"


@pytest.fixture
def seeded(seeded_template: Path, seeds_dir: Path, tmp_path: Path) -> ClaimStore:
    """conftest's ``seeded``, copied from the module's template instead of loaded again."""
    import shutil

    shutil.copyfile(seeded_template, tmp_path / "claims.db")
    store = ClaimStore(tmp_path / "claims.db")
    yield store
    store.close()


def tables(path: Path) -> dict[str, list[tuple]]:
    """Everything an import must carry, table by table (autoincrement ids aside)."""
    conn = sqlite3.connect(path)
    try:
        q = {
            "sources": "SELECT * FROM sources ORDER BY key",
            "source_versions": "SELECT source_key, version, sha256, text, path, replaced_at"
                               " FROM source_versions ORDER BY source_key, version",
            # import_id is this database's own bookkeeping (which import brought the claim)
            "claims": f"SELECT seq, {', '.join(CLAIM_COLUMNS)} FROM claims ORDER BY seq",
            "claim_history": "SELECT claim_id, version, action, note, data, changed_at"
                             " FROM claim_history ORDER BY claim_id, version",
            "links": "SELECT * FROM links ORDER BY a, b",
            "dismissals": "SELECT * FROM dismissals ORDER BY item",
            "search": "SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'SpaceX'"
                      " ORDER BY rowid",
        }
        conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")
        return {name: conn.execute(sql).fetchall() for name, sql in q.items()}
    finally:
        conn.close()


def assert_index_is_rebuilt_as_is(conn: sqlite3.Connection) -> None:
    """The full-text index holds each claim once: as a rebuild from the claims would.

    (With ``detail=none`` FTS5's integrity-check misses a claim indexed twice, and a
    search shows it once; its term counts do not.)
    """
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, claims_fts, 'row')")
    try:
        counts = "SELECT term, doc FROM temp.vocab ORDER BY term"
        before = conn.execute(counts).fetchall()
        conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
        assert conn.execute(counts).fetchall() == before
    finally:
        conn.execute("DROP TABLE temp.vocab")


def export_to(store: ClaimStore, kind: str, fmt: str, path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        export(store, kind, fmt, f)
    return path


def export_text(store: ClaimStore, kind: str, fmt: str = "csv") -> str:
    buf = io.StringIO()
    export(store, kind, fmt, buf)
    return buf.getvalue()


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


@pytest.fixture
def busy(seeded: ClaimStore, seeds_dir: Path) -> ClaimStore:
    """The seeds plus everything a round trip must carry: edits, a retraction, links,
    a refreshed source (so earlier versions and an orphaned claim), formula-like quotes."""
    from claimtrack.verify import refresh_source

    s = seeded
    s.edit_claim("c2", statement="Observers called the review a negotiating posture.",
                 denied_by=["White House"], note="second reading")
    s.retract_claim("c3", "the outlet corrected it")
    (seeds_dir / "formulas.txt").write_text(FORMULA_TEXT, encoding="utf-8")
    s.add_source(seeds_dir / "formulas.txt", key="formulas", title="=Budget minutes",
                 authors=["-Anon Ymous"], url="https://example.org/minutes")
    s.add_claim("formulas", "=SUM(A1:A9) was typed into the shared sheet")
    s.add_claim("formulas", "-40% was the drop in revenue", about=["+revenue"])
    s.add_claim("formulas", "@channel was how the alert went out")
    with s.transaction() as conn:  # links as the matcher and a person leave them
        conn.execute("INSERT INTO links VALUES ('c1', 'c2', 'same', 'linked', 0.91, 'ratio',"
                     " 'matcher', NULL, '2024-01-01T00:00:00+00:00',"
                     " '2024-01-01T00:00:00+00:00')")
        conn.execute("INSERT INTO links VALUES ('c10', 'c9', 'contradicts', 'suggested', NULL,"
                     " 'manual', 'person', '=why not', '2024-01-02T00:00:00+00:00',"
                     " '2024-01-02T00:00:00+00:00')")
    path = seeds_dir / VOX_FILE
    text = path.read_text(encoding="utf-8")
    denial = next(c for c in s.list_claims(source="vox-putin")
                  if "has nothing to do with Russia or China" in c["quote"])["quote"]
    path.write_text("Editor's note: updated.\n" + text.replace(denial, "no comment"),
                    encoding="utf-8")
    refresh_source(s, "vox-putin")
    from claimtrack.contradictions import dismiss, report

    item = report(s)[0]["item"]
    dismiss(s, item, "=the same event, reported twice")  # formula-like on purpose
    return s


def round_trip(store: ClaimStore, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / f"export-{fmt}"
    out.mkdir()
    ext = {"csv": "csv", "json": "json", "ndjson": "ndjson"}[fmt]
    files = [export_to(store, kind, fmt, out / f"{kind}.{ext}")
             for kind in ("dismissals", "links", "claims", "sources")]  # any order
    target = tmp_path / f"copy-{fmt}.db"
    with ClaimStore(target) as copy:
        import_files(copy, files)
    return target

def corrupt(seeded: ClaimStore, tmp_path: Path, row: int, column: str, value: str) -> Path:
    rows = read_csv(export_to(seeded, "claims", "csv", tmp_path / "claims.csv"))
    rows[row - 1][rows[0].index(column)] = value
    return write_csv(tmp_path / "bad.csv", rows)
