"""claimtrack export / import: CSV reports, exchange formats, and the round trip."""

from __future__ import annotations

import codecs
import csv
import gc
import io
import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.errors import ClaimtrackError, ImportFailed
from claimtrack.exchange import writer
from claimtrack.exchange.export import (
    COLUMNS,
    KINDS,
    annotation,
    claim_records,
    claimreview,
    column_reference_markdown,
    export,
    names,
    person_or_organisation,
)
from claimtrack.exchange.importer import import_files
from claimtrack.store import CLAIM_COLUMNS

from .conftest import REPO, dump

VOX_FILE = "001_5f9e32d0296bbd23.txt"
FORMULA_TEXT = (
    "Minutes of the budget meeting.\n"
    "=SUM(A1:A9) was typed into the shared sheet by the treasurer.\n"
    "-40% was the drop in revenue the auditors reported.\n"
    "@channel was how the alert went out, according to staff.\n"
)


# -- fixtures and helpers -----------------------------------------------------------


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


# -- the round trip -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "ndjson"])
def test_round_trip_gives_the_same_database(busy: ClaimStore, tmp_path: Path, fmt: str) -> None:
    states = {c["anchor_status"] for c in busy.list_claims()}
    assert {"moved", "orphaned"} <= states  # the fixture exercises re-anchored claims
    copy = round_trip(busy, tmp_path, fmt)
    before, after = tables(Path(busy.path)), tables(copy)
    for name in before:
        assert after[name] == before[name], name
    assert before["links"] and before["source_versions"] and before["search"]
    assert before["dismissals"]


def test_claims_added_after_an_import_continue_the_numbering(busy: ClaimStore,
                                                             tmp_path: Path) -> None:
    with ClaimStore(round_trip(busy, tmp_path, "csv")) as copy:
        highest = max(int(c["id"][1:]) for c in copy.list_claims())
        added = copy.add_claim("formulas", "the treasurer")
        assert added["id"] == f"c{highest + 1}"
        assert [c["id"] for c in copy.list_claims(search="treasurer")][-1] == added["id"]


def test_cli_round_trip(cli, busy: ClaimStore, tmp_path: Path) -> None:
    for kind in ("sources", "claims", "links", "dismissals"):
        r = cli("export", kind, "-o", str(tmp_path / f"{kind}.csv"))
        assert r.exit_code == 0, r.stderr
        assert r.stdout == ""
    target = tmp_path / "copy.db"
    r = cli("--db", str(target), "import", *(str(tmp_path / f"{k}.csv")
                                             for k in ("dismissals", "claims", "links", "sources")))
    assert r.exit_code == 0, r.stderr
    assert "Imported 4 sources, 86 claims, 2 links, 1 dismissals" in r.stderr
    assert tables(target) == tables(Path(busy.path))


def test_import_into_a_database_with_claims_keeps_search_current(
        seeded: ClaimStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = read_csv(export_to(seeded, "claims", "csv", tmp_path / "claims.csv"))
    header, body = rows[0], rows[1:4]
    for row in body:  # the same claims under new ids
        row[0] = f"c{int(row[0][1:]) + 1000}"
        row[header.index("history")] = ""
    write_csv(tmp_path / "more.csv", [header, *body])
    monkeypatch.setattr(writer, "CHUNK", 1)  # indexed in two goes: c1001-c1002, then c1003
    monkeypatch.setattr(writer, "INDEX_EVERY", 2)
    result = import_files(seeded, [tmp_path / "more.csv"])
    assert result.counts["claims"] == 3
    found = {c["id"] for c in seeded.list_claims(search="White House review")}
    assert {"c1001", "c1002"} <= found and {"c1", "c2"} <= found
    assert [h["action"] for h in seeded.history("c1001")] == ["import"]
    seeded.conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")
    assert_index_is_rebuilt_as_is(seeded.conn)
    triggers = seeded.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    assert "claims_ai" in {r[0] for r in triggers}
    assert seeded.add_claim("alliance", seeded.get_claim("c1")["quote"])["id"] == "c1004"


def test_an_identical_source_is_skipped(seeded: ClaimStore, tmp_path: Path) -> None:
    path = export_to(seeded, "sources", "json", tmp_path / "sources.json")
    result = import_files(seeded, [path])
    assert result.counts["sources"] == 0
    assert sorted(result.skipped_sources) == ["alliance", "tech-maga", "vox-putin"]


# -- formula-like cells -------------------------------------------------------------


def test_formula_like_cells_are_neutralised_in_csv_and_survive(busy: ClaimStore,
                                                                tmp_path: Path) -> None:
    claims = read_csv(export_to(busy, "claims", "csv", tmp_path / "claims.csv"))
    header = claims[0]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in claims[1:]}
    formula_ids = [c["id"] for c in busy.list_claims(source="formulas")]
    quotes = [by_id[i]["quote"] for i in formula_ids]
    assert quotes == ["'=SUM(A1:A9) was typed into the shared sheet",
                      "'-40% was the drop in revenue", "'@channel was how the alert went out"]
    assert by_id[formula_ids[1]]["about"] == "'+revenue"
    sources = read_csv(export_to(busy, "sources", "csv", tmp_path / "sources.csv"))
    row = next(dict(zip(sources[0], r, strict=True)) for r in sources if r[0] == "formulas")
    assert (row["title"], row["authors"]) == ("'=Budget minutes", "'-Anon Ymous")
    links = read_csv(export_to(busy, "links", "csv", tmp_path / "links.csv"))
    assert links[2][links[0].index("note")] == "'=why not"
    for rows in (claims, sources, links):  # no cell a spreadsheet would run
        assert not [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]

    with ClaimStore(round_trip(busy, tmp_path, "csv")) as copy:
        assert [copy.get_claim(i)["quote"] for i in formula_ids] == [
            "=SUM(A1:A9) was typed into the shared sheet", "-40% was the drop in revenue",
            "@channel was how the alert went out"]
        assert copy.get_source("formulas")["title"] == "=Budget minutes"


def test_a_formula_written_by_someone_else_is_refused(seeded: ClaimStore,
                                                      tmp_path: Path) -> None:
    rows = read_csv(export_to(seeded, "claims", "csv", tmp_path / "claims.csv"))
    rows[3][rows[0].index("statement")] = '=HYPERLINK("http://evil.example","click")'
    path = write_csv(tmp_path / "evil.csv", rows)
    before = dump(Path(seeded.path))
    with pytest.raises(ImportFailed, match=r"evil\.csv:4: column 'statement' starts with '='"):
        import_files(seeded, [path])
    assert dump(Path(seeded.path)) == before


# -- refusals -----------------------------------------------------------------------


def corrupt(seeded: ClaimStore, tmp_path: Path, row: int, column: str, value: str) -> Path:
    rows = read_csv(export_to(seeded, "claims", "csv", tmp_path / "claims.csv"))
    rows[row - 1][rows[0].index(column)] = value
    return write_csv(tmp_path / "bad.csv", rows)


@pytest.mark.parametrize(("row", "column", "value", "message"), [
    (4, "strength", "maybe", "bad.csv:4: strength 'maybe' is not one of named, reported"),
    (5, "span_start", "five", "bad.csv:5: span_start must be a whole number, not 'five'"),
    (6, "quote", "words that are not there", "bad.csv:6: quote is not the source's text at"),
    (7, "source", "nowhere", "bad.csv:7: unknown source 'nowhere'"),
    (8, "id", "c1", "bad.csv:8: claim c1 appears twice in this import"),
    (3, "attributed_to", "", "bad.csv:3: attributed_to is required when strength is anonymous"),
    (10, "history", "[{", "bad.csv:10: history is not valid JSON"),
    (11, "id", "claim eleven", "bad.csv:11: id 'claim eleven' is not a claim id"),
])
def test_a_bad_row_is_refused_with_its_line_and_nothing_is_written(
        cli, seeded: ClaimStore, tmp_path: Path, row: int, column: str, value: str,
        message: str) -> None:
    corrupt(seeded, tmp_path, row, column, value)
    export_to(seeded, "sources", "csv", tmp_path / "sources.csv")
    target = tmp_path / "empty.db"
    ClaimStore(target).close()
    before = dump(target)
    r = cli("--db", str(target), "import", "sources.csv", "bad.csv")
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: {message}"), r.stderr
    assert r.stderr.endswith(" (nothing was imported)\n")
    assert len(r.stderr.splitlines()) == 1
    assert dump(target) == before


def test_line_numbers_are_spreadsheet_rows_even_with_line_breaks_in_cells(
        seeded: ClaimStore, tmp_path: Path) -> None:
    path = corrupt(seeded, tmp_path, 3, "status", "gone")
    assert "c2," not in path.read_text(encoding="utf-8").split("\n")[2]  # c1 spans 2 lines
    sources = export_to(seeded, "sources", "csv", tmp_path / "sources.csv")
    with ClaimStore(tmp_path / "empty.db") as empty, pytest.raises(
            ImportFailed, match=rf"^{re.escape(str(path))}:3: status 'gone' is not one of"):
        import_files(empty, [sources, path])


def test_every_bad_row_is_listed(seeded: ClaimStore, tmp_path: Path) -> None:
    path = export_to(seeded, "claims", "csv", tmp_path / "orphans.csv")
    target = tmp_path / "empty.db"
    with ClaimStore(target) as empty:
        before = dump(target)
        with pytest.raises(ImportFailed) as err:
            import_files(empty, [path])
        lines = str(err.value).splitlines()
        assert lines[0] == (f"{path}:2: unknown source 'alliance': import its source first "
                            "(or in the same command)")
        assert len(lines) == 22 and lines[-2] == "... and 63 more"
        assert lines[-1] == "83 problems: nothing was imported"
        assert dump(target) == before


def test_malformed_csv_is_refused_with_its_line(cli, seeded: ClaimStore,
                                                tmp_path: Path) -> None:
    rows = read_csv(export_to(seeded, "claims", "csv", tmp_path / "claims.csv"))
    header = ",".join(rows[0])
    bad_quoting = write_csv(tmp_path / "quoting.csv", rows[:4])  # header and rows 2-4
    with bad_quoting.open("a", encoding="utf-8") as f:
        f.write('c999,"vox-putin"x,more\n')  # row 5: text after a closing quote
    (tmp_path / "short.csv").write_text(f"{header}\nc999,vox-putin,too few\n", "utf-8")
    (tmp_path / "wrong.csv").write_text(header.replace("quote", "quotation") + "\n", "utf-8")
    (tmp_path / "unknown.csv").write_text("colour,size\nred,2\n", "utf-8")
    (tmp_path / "open.csv").write_text(f'{header}\nc999,"vox-putin\n', "utf-8")
    export_to(seeded, "sources", "csv", tmp_path / "sources.csv")
    target = tmp_path / "empty.db"
    ClaimStore(target).close()
    before = dump(target)
    for message in [
        "quoting.csv:5: malformed CSV (',' expected after '\"')",
        "short.csv:2: expected 24 cells (as the header has), found 3",
        "wrong.csv:1: unknown kind of file",
        "unknown.csv:1: unknown kind of file: its columns (colour, size) match no importable",
        "open.csv:2: malformed CSV (unexpected end of data)",
    ]:
        r = cli("--db", str(target), "import", "sources.csv", message.split(":")[0])
        assert r.exit_code == 1, message
        assert r.stderr.startswith(f"Error: {message}"), r.stderr
        assert len(r.stderr.splitlines()) == 1
    assert dump(target) == before


@pytest.mark.parametrize(("name", "data", "message"), [
    ("latin1.csv", "key,text\ncafe,Caf\xe9\n".encode("latin-1"), "latin1.csv:2: not UTF-8"),
    ("empty.csv", b"", "empty.csv: empty file"),
    ("broken.json", b'[{"id": "c1",\n "quote": }]', "broken.json:2: not valid JSON"),
    ("claimreview.json", b'[{"@context": "https://schema.org"}]', "cannot be imported"),
    ("groups.csv", b"group,claims,sources,strongest,strongest_claim,independent_sources,"
                   b"origins,statement\n", "this is a groups report, which cannot be imported"),
    ("extra.csv", b"key,text,colour\nk,t,red\n", "extra.csv:1: unknown column 'colour'"),
    ("nokey.csv", b"text,key2\n", "unknown kind of file"),
])
def test_unreadable_files_are_refused_before_the_database_is_touched(
        cli, seeded: ClaimStore, tmp_path: Path, name: str, data: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(data)
    before = dump(Path(seeded.path))
    r = cli("import", name)
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: ") and message in r.stderr, r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert dump(Path(seeded.path)) == before


def test_a_missing_file_creates_no_database(cli, tmp_path: Path) -> None:
    r = cli("--db", str(tmp_path / "new.db"), "import", "nothing.csv")
    assert (r.exit_code, r.stderr) == (1, "Error: nothing.csv: no such file\n")
    assert not (tmp_path / "new.db").exists()


def test_a_refused_or_checked_import_leaves_no_new_database(cli, busy: ClaimStore,
                                                            tmp_path: Path) -> None:
    """Into a file that did not exist: a refused import or a --check leaves no empty one."""
    claims = export_to(busy, "claims", "csv", tmp_path / "claims.csv")  # its sources are missing
    sources = export_to(busy, "sources", "csv", tmp_path / "sources.csv")
    new = tmp_path / "new.db"
    r = cli("--db", str(new), "import", str(claims))
    assert r.exit_code == 1 and "unknown source" in r.stderr
    assert not new.exists() and not Path(str(new) + "-wal").exists()
    r = cli("--db", str(new), "import", "--check", str(sources), str(claims))
    assert r.exit_code == 0 and "Checked: would import" in r.stderr
    assert not new.exists()
    r = cli("--db", str(new), "import", str(sources), str(claims))
    assert r.exit_code == 0 and new.exists()
    r = cli("--db", str(new), "import", str(claims))  # refused: the database stays
    assert r.exit_code == 1 and "already in the database" in r.stderr
    with ClaimStore(new) as kept:
        assert len(kept.list_claims()) == len(busy.list_claims())


def test_json_problems_name_line_and_record(seeded: ClaimStore, tmp_path: Path) -> None:
    records = json.loads(export_text(seeded, "claims", "json"))
    records[2]["strength"] = "rumour"
    records[4]["span_end"] = "far"
    path = tmp_path / "claims.json"
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    starts = [n for n, line in enumerate(path.read_text().split("\n"), 1) if line == " {"]
    target = tmp_path / "empty.db"
    with ClaimStore(target) as empty:
        import_files(empty, [export_to(seeded, "sources", "csv", tmp_path / "s.csv")])
        with pytest.raises(ImportFailed) as err:
            import_files(empty, [path])
        lines = str(err.value).splitlines()
        assert lines[0] == (f"{path}:{starts[2]}: record 3: strength 'rumour' is not one of "
                            "named, reported, anonymous, unattributed")
        assert lines[1] == (f"{path}:{starts[4]}: record 5: span_end must be a whole number, "
                            "not 'far'")
        nd = tmp_path / "claims.ndjson"
        nd.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        with pytest.raises(ImportFailed, match=r"ndjson:3: strength 'rumour'"):
            import_files(empty, [nd])


def test_check_validates_without_writing(cli, seeded: ClaimStore, tmp_path: Path) -> None:
    for kind in ("sources", "claims"):
        cli("export", kind, "-f", "ndjson", "-o", str(tmp_path / f"{kind}.ndjson"))
    target = tmp_path / "empty.db"
    ClaimStore(target).close()
    before = dump(target)
    r = cli("--db", str(target), "import", "--check", str(tmp_path / "claims.ndjson"),
            str(tmp_path / "sources.ndjson"))
    assert r.exit_code == 0, r.stderr
    assert "Checked: would import 3 sources, 83 claims" in r.stderr
    assert dump(target) == before


def test_links_need_their_claims(seeded: ClaimStore, tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_text(",".join(names("links")) + "\n"
                    "c1,c9999,same,linked,,manual,person,,,\n"
                    "c9,c1,same,linked,,manual,person,,,\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as err:
        import_files(seeded, [path])
    assert str(err.value).splitlines()[:2] == [
        f"{path}:2: unknown claim 'c9999': import its claims first (or in the same command)",
        f"{path}:3: a (c9) must sort before b (c1) as text; swap them"]


# -- export formats -----------------------------------------------------------------


def test_csv_columns_and_lists(seeded: ClaimStore) -> None:
    rows = list(csv.reader(io.StringIO(export_text(seeded, "claims"))))
    assert rows[0] == names("claims")
    c1 = dict(zip(rows[0], rows[1], strict=True))
    assert c1["about"] == "White House; SpaceX"
    assert json.loads(c1["history"])[0]["action"] == "add"
    assert len(rows) == 84


def test_excel_adds_a_byte_order_mark(cli, seeded: ClaimStore, tmp_path: Path) -> None:
    r = cli("export", "sources", "--excel", "-o", "s.csv")
    assert r.exit_code == 0, r.stderr
    data = (tmp_path / "s.csv").read_bytes()
    assert data.startswith("\ufeffkey,title".encode())
    assert cli("export", "sources").stdout.startswith("key,title")
    r = cli("export", "sources", "--excel", "-f", "json")
    assert r.exit_code == 2 and "--excel goes with --format csv" in r.stderr
    with ClaimStore(tmp_path / "copy.db") as copy:  # the mark is no obstacle to import
        assert import_files(copy, [tmp_path / "s.csv"]).counts["sources"] == 3


def test_json_and_ndjson_hold_the_same_records(seeded: ClaimStore) -> None:
    as_json = json.loads(export_text(seeded, "claims", "json"))
    as_nd = [json.loads(line) for line in export_text(seeded, "claims", "ndjson").splitlines()]
    assert as_json == as_nd and len(as_json) == 83
    assert list(as_json[0]) == names("claims")
    assert as_json[0]["about"] == ["White House", "SpaceX"]
    assert export_text(seeded, "links", "json") == "[]\n"


def test_a_failed_export_leaves_no_file(cli, seeded: ClaimStore, tmp_path: Path) -> None:
    r = cli("export", "sources", "-f", "claimreview", "-o", "out.json")
    assert r.exit_code == 2 and r.stderr == (
        "Error: --format claimreview exports claims only, not sources\n")
    assert not (tmp_path / "out.json").exists()
    assert not list(tmp_path.glob(".out.json*"))


def test_claimreview(busy: ClaimStore) -> None:
    reviews = {r["identifier"]: r for r in json.loads(export_text(busy, "claims", "claimreview"))}
    named = next(c for c in busy.list_claims(source="vox-putin", strength="named")
                 if person_or_organisation(c["attributed_to"]) == "Person")
    r = reviews[named["id"]]
    assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
    assert r["claimReviewed"] == named["statement"]
    item = r["itemReviewed"]
    assert item["@type"] == "Claim" and item["text"] == named["quote"]
    assert item["author"] == {"@type": "Person", "name": named["attributed_to"]}
    assert item["appearance"]["publisher"] == {"@type": "Organization", "name": "Vox"}
    formula = reviews[busy.list_claims(source="formulas")[0]["id"]]
    assert formula["url"].startswith("https://example.org/minutes#:~:text=")
    assert formula["itemReviewed"]["appearance"]["url"] == "https://example.org/minutes"
    assert formula["itemReviewed"]["author"] == {"@type": "Person", "name": "-Anon Ymous"}
    source = busy.get_source("alliance")
    review = claimreview({**busy.get_claim("c1")}, {**source, "published": "2025-06-02"})
    assert review["itemReviewed"]["datePublished"] == "2025-06-02"


def test_person_or_organisation() -> None:
    assert [person_or_organisation(n) for n in (
        "Bill Nelson", "Joshua Ian Rosenstein", "SpaceX", "US intelligence officials",
        "White House", "Wall Street Journal")] == [
        "Person", "Person", "Organization", "Organization", "Organization", "Organization"]


def test_web_annotation_selectors_point_at_the_quote(busy: ClaimStore) -> None:
    notes = json.loads(export_text(busy, "claims", "annotation"))
    assert len(notes) == len(busy.list_claims())
    for note, claim in zip(notes, busy.list_claims(), strict=True):
        assert note["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert note["type"] == "Annotation" and note["id"].endswith(claim["id"])
        assert note["body"][0]["value"] == claim["statement"]
        quote, position = note["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == claim["quote"]
        assert position["type"] == "TextPositionSelector"
        if claim["anchor_status"] != "orphaned":
            text = busy.source_text(claim["source"])
            assert text[position["start"]:position["end"]] == quote["exact"]
            assert text[:position["start"]].endswith(quote["prefix"])
    formula = busy.list_claims(source="formulas")[0]
    assert annotation(formula, busy.get_source("formulas"))["target"]["source"] == \
        "https://example.org/minutes"


@pytest.mark.parametrize(("kind", "module", "function"), [
    ("groups", "claimtrack.matching.links", "claim_groups"),
    ("contradictions", "claimtrack.contradictions", "report"),
])
def test_report_exports(cli, busy: ClaimStore, kind: str, module: str, function: str) -> None:
    if not hasattr(pytest.importorskip(module), function):
        pytest.skip(f"{module}.{function} is not written yet")
    r = cli("export", kind)
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == names(kind) and len(rows) > 1
    records = json.loads(cli("export", kind, "-f", "json").stdout)
    assert [list(rec) for rec in records] == [names(kind)] * len(records)
    assert all(isinstance(rec["claims"], list) for rec in records)


def test_report_exports_without_their_module(monkeypatch: pytest.MonkeyPatch,
                                             seeded: ClaimStore) -> None:
    import claimtrack.matching.links

    monkeypatch.delattr(claimtrack.matching.links, "claim_groups", raising=False)
    with pytest.raises(ClaimtrackError, match="exporting groups is not available yet"):
        export_text(seeded, "groups")


# -- documentation ------------------------------------------------------------------


def test_columns_cover_the_schema(seeded: ClaimStore) -> None:
    """A column added to the database must be added to the export too."""
    def table(name: str) -> set[str]:
        return {r[1] for r in seeded.conn.execute(f"PRAGMA table_info({name})")}

    assert set(names("sources")) - {"versions"} == table("sources")
    # import_id points into this database's import log: it means nothing elsewhere
    assert set(names("claims")) - {"history"} == table("claims") - {"seq", "import_id"}
    assert set(names("links")) == table("links")
    assert set(KINDS) == set(COLUMNS)


def test_readme_column_reference_is_current() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- columns:start -->\n", "<!-- columns:end -->"
    assert start in readme and end in readme
    section = readme[readme.index(start) + len(start):readme.index(end)]
    assert section == column_reference_markdown(), (
        "README.md is out of date: run 'make docs'")


def test_help_has_examples(cli) -> None:
    for command in ("export", "import"):
        r = cli(command, "--help")
        assert r.exit_code == 0 and "Example" in r.stdout


@pytest.mark.parametrize("chunk", [20_000, 5])
def test_a_row_the_database_refuses_rolls_everything_back(seeded: ClaimStore, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          chunk: int) -> None:
    """Validation misses nothing the schema checks, but if SQLite refuses a chunk anyway
    (with chunks of 5, the tenth, after nine went through the staging schema), the writer
    thread reports it, the whole import is rolled back and the settings an import changes
    for its length are put back."""
    monkeypatch.setattr(writer, "CHUNK", chunk)
    sources = export_to(seeded, "sources", "csv", tmp_path / "sources.csv")
    claims = export_to(seeded, "claims", "csv", tmp_path / "claims.csv")
    target = tmp_path / "guarded.db"
    interval = sys.getswitchinterval()
    with ClaimStore(target) as guarded:
        guarded.conn.execute("CREATE TRIGGER no_c50 BEFORE INSERT ON claims WHEN new.id = 'c50'"
                             " BEGIN SELECT RAISE(ABORT, 'c50 is not welcome'); END")
        before = dump(target)
        with pytest.raises(ImportFailed, match=r"claims\.csv: the database refused a row "
                                               r"\(c50 is not welcome\)"):
            import_files(guarded, [sources, claims])
        assert dump(target) == before
        assert_settings_back(guarded, interval)


def assert_settings_back(store: ClaimStore, interval: float) -> None:
    """What an import changes for its length (writer._tuned) is as it was."""
    assert writer.STAGE not in [r[1] for r in store.conn.execute("PRAGMA database_list")]
    assert store.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert store.conn.execute("PRAGMA cache_size").fetchone() == (-2000,)
    assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert sys.getswitchinterval() == interval
    assert gc.isenabled()


@pytest.mark.parametrize("serialize", [True, False])
def test_small_chunks_pass_through_the_staging_schema(busy: ClaimStore, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      serialize: bool) -> None:
    """Chunks of 5 claims pass one by one through the staging schema, handed over as a
    serialized database or (where SQLite lacks serialize) bound by the writer, and are
    indexed for search 10 at a time and the rest at the end: the copy is the same (its
    full-text index too), every reference in it resolves (the import checks them, not
    SQLite), and the settings are back."""
    monkeypatch.setattr(writer, "CHUNK", 5)
    monkeypatch.setattr(writer, "INDEX_EVERY", 7)
    monkeypatch.setattr(writer, "SERIALIZE", serialize)
    interval = sys.getswitchinterval()
    files = [export_to(busy, kind, "ndjson", tmp_path / f"{kind}.ndjson")
             for kind in ("sources", "claims", "links", "dismissals")]
    copy = tmp_path / "copy.db"
    with ClaimStore(copy) as store:
        import_files(store, files)
        assert tables(copy) == tables(Path(busy.path))
        assert store.conn.execute("SELECT count(*) FROM imports").fetchone() == (1,)
        assert_index_is_rebuilt_as_is(store.conn)
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.conn.execute("SELECT count(*) FROM claim_history").fetchone()[0] > 0
        assert_settings_back(store, interval)


def test_bad_timestamp_is_refused_with_its_line(cli, seeded, tmp_path):
    out = tmp_path / "claims.ndjson"
    assert cli("export", "claims", "--format", "ndjson", "-o", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    import json

    rec = json.loads(lines[2])
    rec["created_at"] = "yesterday"
    rec["history"] = []
    lines[2] = json.dumps(rec)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sources = tmp_path / "sources.ndjson"
    assert cli("export", "sources", "--format", "ndjson", "-o", str(sources)).exit_code == 0
    fresh = tmp_path / "fresh.db"
    r = cli("--db", str(fresh), "import", str(sources), str(out))
    assert r.exit_code == 1
    assert len(r.stderr.strip().splitlines()) == 1
    assert "claims.ndjson:3:" in r.stderr and "created_at 'yesterday'" in r.stderr


def import_without_history(store: ClaimStore, tmp_path: Path, cid: str, new_id: str
                           ) -> dict:
    """Import a copy of claim ``cid`` as ``new_id``, with no history (from one.csv)."""
    rows = read_csv(export_to(store, "claims", "csv", tmp_path / "claims.csv"))
    header = rows[0]
    row = next(r for r in rows[1:] if r[0] == cid)
    row[0] = new_id
    row[header.index("history")] = ""
    import_files(store, [write_csv(tmp_path / "one.csv", [header, row])])
    return store.get_claim(new_id)


def test_an_imported_claims_first_version_is_kept_when_it_changes(seeded: ClaimStore,
                                                                  tmp_path: Path) -> None:
    """An imported claim's first version is implied by its import; the first change writes it."""
    imported = import_without_history(seeded, tmp_path, "c1", "c1001")
    logged = seeded.query("SELECT id, imported_at, files, counts FROM imports")[-1]
    assert json.loads(logged["files"]) == [str(tmp_path / "one.csv")]
    assert json.loads(logged["counts"])["claims"] == 1
    raw = "SELECT version, action, data, changed_at FROM claim_history WHERE claim_id = 'c1001'"
    assert seeded.conn.execute(raw).fetchall() == []
    implied = ("import", imported, logged["imported_at"])
    history = seeded.history("c1001")
    assert [(h["action"], h["data"], h["changed_at"]) for h in history] == [implied]
    exported = next(r for r in claim_records(seeded) if r["id"] == "c1001")
    assert [(h["action"], h["data"], h["changed_at"]) for h in exported["history"]] == [implied]

    seeded.edit_claim("c1001", statement="An edited statement.")
    edited = seeded.get_claim("c1001")
    history = seeded.history("c1001")
    assert [(h["version"], h["action"], h["data"]) for h in history] == [
        (1, "import", imported), (2, "edit", edited)]
    assert history[0]["changed_at"] == logged["imported_at"]
    first = seeded.conn.execute(raw + " ORDER BY version").fetchone()
    assert (first[0], first[1], json.loads(first[2])) == (1, "import", imported)
    exported = next(r for r in claim_records(seeded) if r["id"] == "c1001")
    assert [h["data"] for h in exported["history"]] == [imported, edited]


def test_a_change_by_any_path_keeps_the_implied_first_version(seeded: ClaimStore,
                                                              tmp_path: Path) -> None:
    """A trigger writes the first version, so a raw UPDATE (no record_history) keeps it too."""
    imported = import_without_history(seeded, tmp_path, "c2", "c2001")
    seeded.conn.execute("UPDATE claims SET anchor_status = 'orphaned' WHERE id = 'c2001'")
    seeded.conn.execute("UPDATE claims SET anchor_status = 'moved' WHERE id = 'c2001'")
    assert seeded.get_claim("c2001")["anchor_status"] == "moved"
    assert [(h["version"], h["data"]) for h in seeded.history("c2001")] == [(1, imported)]
    # a claim added by hand has its own history and gets no implied version
    added = seeded.add_claim("alliance", seeded.get_claim("c1")["quote"])
    seeded.conn.execute("UPDATE claims SET anchor_status = 'moved' WHERE id = ?", [added["id"]])
    assert [h["action"] for h in seeded.history(added["id"])] == ["add"]


def test_statement_is_searchable_only_where_it_differs(seeded: ClaimStore) -> None:
    """The index holds a statement only when it is not the quote; edits keep it exact."""
    claim = seeded.add_claim("alliance", seeded.get_claim("c1")["quote"])
    assert claim["statement"] == claim["quote"]
    indexed = "SELECT statement FROM claims_fts WHERE rowid = ?"
    seq = int(claim["id"][1:])
    seeded.edit_claim(claim["id"], statement="Zanzibar flamingos convened.")
    assert claim["id"] in {c["id"] for c in seeded.list_claims(search="flamingos")}
    seeded.edit_claim(claim["id"], statement=claim["quote"])
    assert claim["id"] not in {c["id"] for c in seeded.list_claims(search="flamingos")}
    assert claim["id"] in {c["id"] for c in seeded.list_claims(search=claim["quote"][:30])}
    # The index agrees with a rebuild from the content view, term by term.
    seeded.conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, claims_fts, row)")
    terms = "SELECT term, doc, cnt FROM temp.vocab ORDER BY term"
    before = seeded.conn.execute(terms).fetchall()
    seeded.conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
    assert seeded.conn.execute(terms).fetchall() == before
    assert "flamingos" not in {t for t, _, _ in before}
    assert seeded.conn.execute(indexed, [seq]).fetchone()[0] is None


@pytest.mark.parametrize(("column", "value", "message"), [
    ("item", "x-000000", "is not the id of a denial contradiction between"),
    ("claim_a", "c999", "is not the id of a"),
    ("kind", "rumour", "kind 'rumour' is not one of explicit, denial"),
    ("reason", "", "reason is required"),
])
def test_a_bad_dismissal_is_refused_with_its_line(busy: ClaimStore, tmp_path: Path,
                                                   column: str, value: str, message: str) -> None:
    rows = read_csv(export_to(busy, "dismissals", "csv", tmp_path / "dismissals.csv"))
    header = rows[0]
    rows[1][header.index(column)] = value
    bad = write_csv(tmp_path / "bad.csv", rows)
    target = tmp_path / "copy.db"
    files = [export_to(busy, kind, "csv", tmp_path / f"{kind}.csv")
             for kind in ("sources", "claims")]
    with ClaimStore(target) as copy:
        before = dump(target)
        with pytest.raises(ImportFailed, match=re.escape("bad.csv:2: ") + ".*" + re.escape(message)):
            import_files(copy, [*files, bad])
        assert dump(target) == before


def test_a_dismissal_needs_its_claims_and_is_not_imported_twice(busy: ClaimStore,
                                                                 tmp_path: Path) -> None:
    dismissals = export_to(busy, "dismissals", "csv", tmp_path / "dismissals.csv")
    with ClaimStore(tmp_path / "empty.db") as empty:
        with pytest.raises(ImportFailed, match="unknown claim 'c"):
            import_files(empty, [dismissals])
    with pytest.raises(ImportFailed, match="is already in the database"):
        import_files(busy, [dismissals])


def test_cli_choices_are_the_library_kinds_and_formats() -> None:
    """The CLI spells out kinds (to start fast); they must match the library's."""
    from claimtrack.cli.exchange import Kind
    from claimtrack.columns import EXPORT_FORMATS
    from claimtrack.exchange.export import FORMATS

    assert [k.value for k in Kind] == list(KINDS)
    assert FORMATS == EXPORT_FORMATS


def test_listing_and_export_agree_on_keys(cli, seeded: ClaimStore) -> None:
    """``claim list -f json`` and ``export claims -f json`` give the same keys (the export adds
    only ``history``, too big for a listing); likewise for sources, links and the reports."""
    from claimtrack.columns import COLUMNS, EXPORT, LISTING

    listed = json.loads(cli("claim", "list", "-f", "json").stdout)
    exported = json.loads(cli("export", "claims", "-f", "json").stdout)
    assert list(listed[0]) + ["history"] == list(exported[0])
    sources = json.loads(cli("source", "list", "-f", "json").stdout)
    exported_sources = json.loads(cli("export", "sources", "-f", "json").stdout)
    assert [k for k in sources[0] if k not in ("chars", "claims")] + ["text", "versions"] == \
        list(exported_sources[0])
    for kind, cols in COLUMNS.items():
        assert {c.where for c in cols} <= {"both", EXPORT, LISTING}, kind


@pytest.mark.parametrize("args", [
    ("claim", "list"), ("source", "list"), ("export", "claims"), ("contradictions",),
    ("claim", "groups"), ("verify",),
])
def test_nl_and_ndjson_are_one_format_everywhere(cli, seeded: ClaimStore, args) -> None:
    nl = cli(*args, "-f", "nl")
    nd = cli(*args, "--format", "ndjson")
    assert nl.exit_code == nd.exit_code == 0, nl.stderr + nd.stderr
    assert nl.stdout == nd.stdout
    assert all(json.loads(line) for line in nl.stdout.splitlines())
    helptext = cli(*args, "--help").stdout
    assert "nl" in helptext and "ndjson" not in helptext


@pytest.mark.parametrize(("field", "value", "message"), [
    ("id", "c99999999999999999999", "id 'c99999999999999999999' is too big a number"),
    ("updated_at", "tomorrow", "updated_at 'tomorrow' is not an ISO 8601 timestamp"),
    ("about", [["nested"]], "about must be a list of text"),
    ("denied_by", [7], "denied_by must be a list of text"),
    ("anchor_version", "two", "anchor_version must be a whole number"),
])
def test_a_bad_value_after_good_ones_is_refused_with_its_line(seeded: ClaimStore, tmp_path: Path,
                                                               field: str, value: object,
                                                               message: str) -> None:
    """The fast paths of a big import (timestamps and lists already seen, numbers already
    numbers) still catch a bad value on a later line, as the first one would be caught."""
    sources = export_to(seeded, "sources", "ndjson", tmp_path / "sources.ndjson")
    claims = export_to(seeded, "claims", "ndjson", tmp_path / "claims.ndjson")
    lines = claims.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for rec in records:  # the same lists and timestamps on every line
        rec.update(history=[], about=["Starlink"], denied_by=["SpaceX"],
                   created_at=records[0]["created_at"], updated_at=records[0]["updated_at"])
    records[4][field] = value
    claims.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    target = tmp_path / "fresh.db"
    with ClaimStore(target) as fresh:
        before = dump(target)
        with pytest.raises(ImportFailed) as e:
            import_files(fresh, [sources, claims])
        assert str(e.value).startswith(f"{claims}:5: {message}"), str(e.value)
        assert dump(target) == before


def test_ndjson_is_read_as_utf8_with_or_without_a_byte_order_mark(seeded: ClaimStore,
                                                                  tmp_path: Path) -> None:
    sources = export_to(seeded, "sources", "ndjson", tmp_path / "sources.ndjson")
    data = sources.read_bytes()
    marked = tmp_path / "marked.ndjson"
    marked.write_bytes(codecs.BOM_UTF8 + data)
    with ClaimStore(tmp_path / "a.db") as store:
        assert import_files(store, [marked]).counts["sources"] == 3
    latin = tmp_path / "latin.ndjson"
    lines = data.split(b"\n")
    lines[1] = lines[1].replace(b'"title": "', b'"title": "\xf6', 1)  # Latin-1 for "ö"
    latin.write_bytes(b"\n".join(lines))
    with ClaimStore(tmp_path / "b.db") as store, \
            pytest.raises(ImportFailed, match=r"latin\.ndjson:2: not UTF-8 text \(invalid byte "
                                              r"0xf6 at offset \d+\); convert it with: iconv"):
        import_files(store, [latin])
