"""The exchange commands as typed: claimtrack export and claimtrack import."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack import ClaimStore

from .conftest import dump
from .exchange_helpers import (  # noqa: F401 (fixtures)
    busy,
    corrupt,
    export_to,
    read_csv,
    seeded,
    seeded_template,
    tables,
    write_csv,
)


def test_cli_round_trip(cli, busy: ClaimStore, tmp_path: Path) -> None:
    for kind in ("sources", "claims", "links", "dismissals"):
        r = cli("export", kind, "-o", str(tmp_path / f"{kind}.csv"))
        assert r.exit_code == 0, r.stderr
        assert r.stdout == ""
    target = tmp_path / "copy.db"
    r = cli("--db", str(target), "import", *(str(tmp_path / f"{k}.csv")
                                             for k in ("dismissals", "claims", "links", "sources")))
    assert r.exit_code == 0, r.stderr
    assert "Imported 4 sources, 86 claims, 2 links, 1 dismissal " in r.stderr
    assert tables(target) == tables(Path(busy.path))


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


def test_help_has_examples(cli) -> None:
    for command in ("export", "import"):
        r = cli(command, "--help")
        assert r.exit_code == 0 and "Example" in r.stdout


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


def test_many_problems_are_one_error_line_then_one_line_each(cli, seeded: ClaimStore,
                                                             tmp_path: Path) -> None:
    export_to(seeded, "claims", "csv", tmp_path / "claims.csv")
    r = cli("--db", "copy.db", "import", "claims.csv")  # without its sources: 83 problems
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert lines[0] == "Error: claims.csv: 83 problems, nothing was imported"
    assert lines[1] == ("  claims.csv:2: unknown source 'alliance': import its source first "
                        "(or in the same command)")
    assert all(line.startswith("  claims.csv:") for line in lines[1:21])
    assert lines[21:] == ["  ... and 63 more"]
    assert "\\x0a" not in r.stderr and "Traceback" not in r.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("copy.db")]


def test_each_listed_problem_is_escaped(cli, seeded: ClaimStore, tmp_path: Path) -> None:
    """A file name is the user's: a terminal escape in it is shown, not obeyed, on every line."""
    name = "evil\x1b[2J\n.csv"
    export_to(seeded, "claims", "csv", tmp_path / name)
    r = cli("--db", "copy.db", "import", name)
    assert r.exit_code == 1
    assert "\x1b" not in r.stderr
    lines = r.stderr.splitlines()
    assert lines[0] == "Error: evil\\x1b[2J\\x0a.csv: 83 problems, nothing was imported"
    assert len(lines) == 22 and lines[1].startswith("  evil\\x1b[2J\\x0a.csv:2: unknown source")


def test_one_problem_is_still_one_line(seeded: ClaimStore, tmp_path: Path) -> None:
    from claimtrack.errors import ImportFailed
    from claimtrack.exchange.importer import ImportProblems, import_files

    rows = read_csv(export_to(seeded, "claims", "csv", tmp_path / "claims.csv"))
    path = write_csv(tmp_path / "one.csv", [rows[0], rows[1]])
    with ClaimStore(tmp_path / "sources-only.db") as target:
        import_files(target, [export_to(seeded, "sources", "csv", tmp_path / "sources.csv")])
        rows[1][rows[0].index("strength")] = "maybe"
        write_csv(path, [rows[0], rows[1]])
        with pytest.raises(ImportFailed) as err:
            import_files(target, [path])
    assert not isinstance(err.value, ImportProblems)
    assert str(err.value).startswith(f"{path}:2: strength 'maybe'")
    assert str(err.value).endswith(" (nothing was imported)") and "\n" not in str(err.value)


@pytest.mark.parametrize("fmt", ["csv", "json", "nl"])
def test_the_editors_report_is_refused_as_a_report(cli, seeded: ClaimStore, tmp_path: Path,
                                                   fmt: str) -> None:
    assert cli("export", "report", "--format", fmt, "-o", f"report.{fmt}").exit_code == 0
    r = cli("--db", "copy.db", "import", f"report.{fmt}")
    assert r.exit_code == 1
    assert "this is the editor's report (export report), which cannot be imported" in r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert not (tmp_path / "copy.db").exists()
