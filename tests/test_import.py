"""claimtrack import: the round trip, refusals with their lines, the staging schema and the bulk writer."""

from __future__ import annotations

import codecs
import gc
import json
import re
import sys
from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.errors import ImportFailed
from claimtrack.exchange import writer
from claimtrack.exchange.export import (
    claim_records,
    names,
)
from claimtrack.exchange.importer import ImportProblems, import_files

from .conftest import dump
from .exchange_helpers import (  # noqa: F401 (fixtures)
    assert_index_is_rebuilt_as_is,
    busy,
    corrupt,
    export_text,
    export_to,
    read_csv,
    round_trip,
    seeded,
    seeded_template,
    tables,
    write_csv,
)


def problems(err: ImportFailed) -> list[str]:
    """Every problem an import was refused for: one, or an ImportProblems' list."""
    return err.problems if isinstance(err, ImportProblems) else [str(err)]


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
    with pytest.raises(ImportFailed) as err:
        import_files(seeded, [path])
    assert any(re.search(r"evil\.csv:4: column 'statement' starts with '='", p)
               for p in problems(err.value))
    assert dump(Path(seeded.path)) == before




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
        with pytest.raises(ImportProblems) as err:
            import_files(empty, [path])
        first = "unknown source 'alliance': import its source first (or in the same command)"
        assert str(err.value) == (f"{path}: 83 problems, nothing was imported; the first: "
                                  f"line 2: {first}")  # one line, as every error's
        assert len(err.value.problems) == 83 and err.value.problems[0] == f"{path}:2: {first}"
        listed = err.value.listed()
        assert len(listed) == 21 and listed[-1] == "... and 63 more"
        assert dump(target) == before


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
        lines = problems(err.value)
        assert lines[0] == (f"{path}:{starts[2]}: record 3: strength 'rumour' is not one of "
                            "named, reported, anonymous, unattributed")
        assert lines[1] == (f"{path}:{starts[4]}: record 5: span_end must be a whole number, "
                            "not 'far'")
        nd = tmp_path / "claims.ndjson"
        nd.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        with pytest.raises(ImportFailed) as err:
            import_files(empty, [nd])
        assert problems(err.value)[0].startswith(f"{nd}:3: strength 'rumour'")


def test_links_need_their_claims(seeded: ClaimStore, tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_text(",".join(names("links")) + "\n"
                    "c1,c9999,same,linked,,manual,person,,,\n"
                    "c9,c1,same,linked,,manual,person,,,\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as err:
        import_files(seeded, [path])
    assert problems(err.value)[:2] == [
        f"{path}:2: unknown claim 'c9999': import its claims first (or in the same command)",
        f"{path}:3: a (c9) must sort before b (c1) as text; swap them"]


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
