"""Bad input never hurts: every case below fails with one line on stderr, a
non-zero exit and no traceback, and leaves the database byte-for-byte as it was.

Each case builds its files in the test's temporary folder and returns the
command line to run against the seeded database ($CLAIMTRACK_DB).  All of
them run in-process (typer's CliRunner, fast); the ones marked ``real`` run
again in a real ``python -m claimtrack`` process, where a traceback would
show as it does for a user.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.store.seeds import load_seeds

from .conftest import SEEDS, dump
from .reliability import assert_one_line_error, file_bytes, run_claimtrack, time_limit

VOX = "vox-putin"
UNIQUE_QUOTE = "frowns on its denizens"  # occurs once in vox-putin, in no seed claim
SQL = "'); DROP TABLE claims; --"
SQL_DQ = '" OR 1=1; DELETE FROM sources WHERE "1"="1'


@dataclass
class Call:
    """A command line, and the files (besides the database) that must not change."""

    args: list[str]
    watch: list[Path] = field(default_factory=list)


Builder = Callable[[Path], Call]
CASES: dict[str, Builder] = {}
REAL_PROCESS: list[str] = []
NEEDS_IMPORT: set[str] = set()


def case(name: str, *, real: bool = False, needs_import: bool = False
         ) -> Callable[[Builder], Builder]:
    """Register a bad-input case; ``real`` also runs it in a real process."""
    def register(build: Builder) -> Builder:
        assert name not in CASES
        CASES[name] = build
        if real:
            REAL_PROCESS.append(name)
        if needs_import:
            NEEDS_IMPORT.add(name)
        return build
    return register


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# -- source files -------------------------------------------------------------------

@case("source: non-UTF-8 (Latin-1) file", real=True)
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "latin1.txt", "Caf\xe9 cr\xe8me".encode("latin-1")))])


@case("source: UTF-16 file")
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "utf16.txt", "Some text".encode("utf-16")))])


@case("source: binary file (PNG)", real=True)
def _(tmp: Path) -> Call:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    return Call(["source", "add", str(write(tmp / "image.png", png))])


@case("source: text with a NUL byte")
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "nul.txt", "before\x00after"))])


@case("source: empty file")
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "empty.txt", b""))])


@case("source: only whitespace")
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "blank.txt", " \n\t\n  "))])


@case("source: very large file (51 MB)")
def _(tmp: Path) -> Call:
    big = tmp / "big.txt"
    with big.open("wb") as f:  # sparse: costs no disk and no time
        f.truncate(51 * 1024 * 1024)
    return Call(["source", "add", str(big)])


@case("source: path does not exist", real=True)
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(tmp / "no-such-file.txt")])


@case("source: path is a folder")
def _(tmp: Path) -> Call:
    (tmp / "a-folder").mkdir()
    return Call(["source", "add", str(tmp / "a-folder")])


@case("source: bad date (not a day)")
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "new.txt", "New text.")),
                 "--published", "2024-02-30"])


@case("source: bad date (words)")
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "new.txt", "New text.")),
                 "--published", "last Tuesday"])


@case("source: SQL-like key")
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "new.txt", "New text.")), "--key", SQL])


@case("source: SQL-like text in every field, and a bad date")
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "new.txt", f"New text. {SQL}")),
                 "--key", "new", "--title", SQL, "--outlet", SQL_DQ, "--author", SQL,
                 "--url", SQL, "--published", f"2024-01-01{SQL}"])


@case("source: same key, different text")
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "other.txt", "Other text.")), "--key", VOX])


# -- quotes -------------------------------------------------------------------------

@case("claim: quote not in its source")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, "Musk has never spoken to anyone in the Kremlin"])


@case("claim: ambiguous quote")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, "Musk"])


@case("claim: --occurrence out of range")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, "Musk", "--occurrence", "999"])


@case("claim: empty quote")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, ""])


@case("claim: whitespace quote")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, " \t\n "])


@case("claim: quote with a NUL byte")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, "frowns on\x00its denizens"])


@case("claim: very long quote (100,000 characters)", real=True)
def _(tmp: Path) -> Call:
    # Once took ten minutes: the closest-passage hint compared it all.
    return Call(["claim", "add", VOX, "the national security state " * 3700])


@case("claim: SQL-like quote", real=True)
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, SQL])


@case("claim: SQL-like text in every field, quote not found")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, SQL_DQ, "--claim", SQL, "--named", SQL,
                 "--denied-by", SQL_DQ, "--declined", SQL, "--about", SQL])


@case("claim: unknown source")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", "no-such-source", UNIQUE_QUOTE])


@case("claim: SQL-like source key")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", f"{VOX}{SQL}", UNIQUE_QUOTE])


@case("claim: empty --named")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, UNIQUE_QUOTE, "--named", " "])


@case("claim: two attributions at once")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, UNIQUE_QUOTE, "--named", "Vox", "--anonymous", "an aide"])


# -- ids ----------------------------------------------------------------------------

@case("claim show: unknown id", real=True)
def _(tmp: Path) -> Call:
    return Call(["claim", "show", "c9999"])


@case("claim edit: unknown id")
def _(tmp: Path) -> Call:
    return Call(["claim", "edit", "c9999", "--claim", "new words"])


@case("claim edit: SQL-like id")
def _(tmp: Path) -> Call:
    return Call(["claim", "edit", "c1' OR '1'='1", "--claim", SQL])


@case("claim edit: new quote not in the source, SQL-like note")
def _(tmp: Path) -> Call:
    return Call(["claim", "edit", "c1", "--quote", "words nobody wrote", "--note", SQL])


@case("claim edit: nothing to change")
def _(tmp: Path) -> Call:
    return Call(["claim", "edit", "c1"])


@case("claim retract: unknown id")
def _(tmp: Path) -> Call:
    return Call(["claim", "retract", "c9999", "--reason", "gone"])


@case("claim retract: empty reason")
def _(tmp: Path) -> Call:
    return Call(["claim", "retract", "c1", "--reason", "  "])


@case("claim list: SQL-like filters")
def _(tmp: Path) -> Call:
    return Call(["claim", "list", "--source", SQL, "--by", SQL, "--search", SQL])


@case("claim list: unknown strength")
def _(tmp: Path) -> Call:
    return Call(["claim", "list", "--strength", f"named{SQL}"])


@case("db history: unknown id")
def _(tmp: Path) -> Call:
    return Call(["db", "history", "c9999"])


@case("db history: SQL-like id")
def _(tmp: Path) -> Call:
    return Call(["db", "history", f"1; {SQL}"])


# -- seeds folders ------------------------------------------------------------------

@case("load: folder does not exist")
def _(tmp: Path) -> Call:
    return Call(["load", str(tmp / "no-such-folder")])


@case("load: a file, not a folder")
def _(tmp: Path) -> Call:
    return Call(["load", str(write(tmp / "seeds.txt", "not a folder"))])


@case("load: malformed TOML")
def _(tmp: Path) -> Call:
    folder = tmp / "bad-toml"
    folder.mkdir()
    write(folder / "sources.toml", "[[source]\nfile = ")
    write(folder / "claims.toml", "")
    return Call(["load", str(folder)])


@case("load: last claim not in its source (nothing of the load is kept)")
def _(tmp: Path) -> Call:
    folder = tmp / "half-good"
    folder.mkdir()
    write(folder / "new.txt", "A brand new article. It says one thing and then another.")
    write(folder / "sources.toml", '[[source]]\nfile = "new.txt"\nkey = "new"\n')
    write(folder / "claims.toml",
          '[[claim]]\nsource = "new"\nquote = "It says one thing"\n\n'
          f'[[claim]]\nsource = "new"\nquote = "{SQL}"\n')
    return Call(["load", str(folder)])


# -- database files -----------------------------------------------------------------

@case("database: not an SQLite file", real=True)
def _(tmp: Path) -> Call:
    fake = write(tmp / "fake.db", "This is a text file, not a database. " * 10)
    return Call(["--db", str(fake), "claim", "add", VOX, UNIQUE_QUOTE], watch=[fake])


@case("database: a truncated SQLite file")
def _(tmp: Path) -> Call:
    conn = sqlite3.connect(tmp / "claims.db")
    conn.execute("VACUUM INTO ?", [str(tmp / "whole.db")])  # one file, no WAL
    conn.close()
    whole = (tmp / "whole.db").read_bytes()
    cut = write(tmp / "cut.db", whole[:len(whole) // 2])
    return Call(["--db", str(cut), "claim", "list"], watch=[cut])


@case("database: path is a folder")
def _(tmp: Path) -> Call:
    (tmp / "db-folder").mkdir()
    return Call(["--db", str(tmp / "db-folder"), "claim", "list"])


@case("database: does not exist (and is not created by a read)")
def _(tmp: Path) -> Call:
    return Call(["--db", str(tmp / "missing.db"), "claim", "list"], watch=[tmp / "missing.db"])


@case("database: in a folder that does not exist")
def _(tmp: Path) -> Call:
    return Call(["--db", str(tmp / "nowhere" / "claims.db"), "source", "add",
                 str(SEEDS / "001_5f9e32d0296bbd23.txt")])


@case("database: read-only file, claim add", real=True)
def _(tmp: Path) -> Call:
    os.chmod(tmp / "claims.db", 0o444)
    return Call(["claim", "add", VOX, UNIQUE_QUOTE])


@case("database: read-only file, claim retract")
def _(tmp: Path) -> Call:
    os.chmod(tmp / "claims.db", 0o444)
    return Call(["claim", "retract", "c1", "--reason", "testing"])


@case("db check: not an SQLite file")
def _(tmp: Path) -> Call:
    fake = write(tmp / "fake.db", b"\x00\x01\x02garbage" * 100)
    return Call(["--db", str(fake), "db", "check"], watch=[fake])


@case("db backup: target exists")
def _(tmp: Path) -> Call:
    target = write(tmp / "precious.db", "someone's file")
    return Call(["db", "backup", str(target)], watch=[target])


@case("db backup: target folder does not exist")
def _(tmp: Path) -> Call:
    return Call(["db", "backup", str(tmp / "nowhere" / "copy.db")])


@case("db backup: target is a folder")
def _(tmp: Path) -> Call:
    (tmp / "backups").mkdir()
    return Call(["db", "backup", str(tmp / "backups")])


@case("db backup: onto the database itself")
def _(tmp: Path) -> Call:
    return Call(["db", "backup", str(tmp / "claims.db"), "--force"])


# -- import files -------------------------------------------------------------------

def _claim(**changes: object) -> dict[str, object]:
    """A complete, valid claim record for ``claimtrack import`` (vox-putin's UNIQUE_QUOTE)."""
    text = (SEEDS / "001_5f9e32d0296bbd23.txt").read_text(encoding="utf-8")
    start, end = text.index(UNIQUE_QUOTE), text.index(UNIQUE_QUOTE) + len(UNIQUE_QUOTE)
    record: dict[str, object] = {
        "id": "c9000", "source": VOX, "quote": UNIQUE_QUOTE, "statement": UNIQUE_QUOTE,
        "span_start": start, "span_end": end, "prefix": text[max(0, start - 32):start],
        "suffix": text[end:end + 32], "strength": "unattributed", "attributed_to": None,
        "denied_by": [], "declined": [], "about": [], "status": "active",
        "anchor_status": "anchored", "created_at": "2024-10-25T00:00:00+00:00",
        "updated_at": "2024-10-25T00:00:00+00:00"}
    return {**record, **changes}


def _csv(records: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "; ".join(v) if isinstance(v, list) else v for k, v in r.items()}
                     for r in records)
    return out.getvalue()


def _import(tmp: Path, name: str, data: bytes | str) -> Call:
    return Call(["import", str(write(tmp / name, data))])


@case("import: malformed JSON", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "bad.json", json.dumps([_claim()])[:-20])


@case("import: JSON of the wrong shape", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "numbers.json", "[1, 2, 3]")


@case("import: JSON with formulas and an unknown source", real=True, needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "formula.json", json.dumps([_claim(
        source='=HYPERLINK("http://evil.example","x")', statement="=cmd|' /C calc'!A0")]))


@case("import: malformed CSV", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "bad.csv", 'colour,"unterminated\nred,"blue\n')


@case("import: formula-laden CSV", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "formula.csv", _csv([_claim(
        source="=1+1", statement='=HYPERLINK("http://evil.example")', about=["@SUM(A1:A9)"])]))


@case("import: SQL-like text in every field, span not the quote", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "sql.json", json.dumps([_claim(
        quote=SQL, statement=SQL_DQ, strength="named", attributed_to=SQL, denied_by=[SQL],
        declined=[SQL_DQ], about=[SQL], status_reason=SQL)]))


@case("import: a source with a bad date", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "dates.json", json.dumps([{
        "key": "new", "title": "New", "text": "A new text.", "published": "2024-13-45"}]))


@case("import: non-UTF-8 CSV", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "latin1.csv", "key,text\ncafe,Caf\xe9\n".encode("latin-1"))


@case("import: binary file", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "blob.csv", bytes(range(256)) * 4)


@case("import: empty file", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "empty.json", b"")


@case("import: path does not exist", needs_import=True)
def _(tmp: Path) -> Call:
    return Call(["import", str(tmp / "no-such.csv")])


@case("import: path is a folder", needs_import=True)
def _(tmp: Path) -> Call:
    (tmp / "import-folder").mkdir()
    return Call(["import", str(tmp / "import-folder")])


@case("import: a claim id already in the database", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "dupe.json", json.dumps([_claim(id="c1")]))


# -- hostile files and values (issue 16) ----------------------------------------------

def _fifo(tmp: Path, name: str = "fifo.txt") -> Path:
    os.mkfifo(tmp / name)
    return tmp / name


def _sqlite_of_another_app(path: Path) -> Path:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Ann', '555')")
    conn.close()
    return path


def _nested(depth: int) -> str:
    return "[" + '{"key": ' * depth + "1" + "}" * depth + "]"


@case("source: /dev/zero", real=True)
def _(tmp: Path) -> Call:
    return Call(["source", "add", "/dev/zero"])


@case("source: a FIFO (no writer: must not hang)", real=True)
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(_fifo(tmp))])


@case("source refresh: /dev/zero as the new file")
def _(tmp: Path) -> Call:
    return Call(["source", "refresh", VOX, "/dev/zero"])


@case("source refresh: a FIFO as the new file")
def _(tmp: Path) -> Call:
    return Call(["source", "refresh", VOX, str(_fifo(tmp))])


@case("source: javascript: URL")
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "new.txt", "New text.")),
                 "--url", "javascript:alert(document.cookie)"])


@case("source: data: URL, mixed case and a tab", real=True)
def _(tmp: Path) -> Call:
    return Call(["source", "add", str(write(tmp / "new.txt", "New text.")),
                 "--url", " DaTa\t:text/html,<script>alert(1)</script>"])


@case("import: /dev/zero", needs_import=True)
def _(tmp: Path) -> Call:
    return Call(["import", "/dev/zero"])


@case("import: a FIFO (no writer: must not hang)", real=True, needs_import=True)
def _(tmp: Path) -> Call:
    return Call(["import", str(_fifo(tmp, "fifo.json"))])


@case("import: JSON nested 100,000 deep", real=True, needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "deep.json", "[" * 100_000)


@case("import: JSON record nested 5,000 deep", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "deep2.json", _nested(5000))


@case("import: NDJSON record nested 5,000 deep", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "deep.ndjson", _nested(5000)[1:-1] + "\n")


@case("import: lone surrogate in a JSON string", real=True, needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "surrogate.json", '[{"key": "new", "text": "a \\ud800 b"}]')


@case("import: lone surrogate in an NDJSON string", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "surrogate.ndjson", '{"key": "new", "text": "a \\udfff b"}\n')


@case("import: source path climbing out (../../etc/passwd)", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "path.json", json.dumps([{"key": "new", "text": "A new text.",
                                                  "path": "../../etc/passwd"}]))


@case("import: source path absolute (/dev/zero)", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "abs.csv", _csv([{"key": "new", "text": "A new text.",
                                          "path": "/dev/zero"}]))


@case("import: source URL javascript:", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "url.json", json.dumps([{"key": "new", "text": "A new text.",
                                                 "url": "javascript:alert(1)"}]))


@case("import: source text over the size limit (51 MB)", needs_import=True)
def _(tmp: Path) -> Call:
    path = tmp / "huge.ndjson"
    with path.open("w", encoding="utf-8") as f:
        f.write('{"key": "huge", "text": "')
        chunk = "x" * (1024 * 1024)
        for _ in range(51):
            f.write(chunk)
        f.write('"}\n')
    return Call(["import", str(path)])


@case("import: claim id above 2^53 - 1", needs_import=True)
def _(tmp: Path) -> Call:
    return _import(tmp, "bigid.json", json.dumps([_claim(id=f"c{2**53}")]))


@case("export: -o the database itself", real=True)
def _(tmp: Path) -> Call:
    return Call(["export", "claims", "-o", str(tmp / "claims.db")])


@case("export: -o another application's SQLite file")
def _(tmp: Path) -> Call:
    other = _sqlite_of_another_app(tmp / "contacts.db")
    return Call(["export", "claims", "--format", "json", "-o", str(other)], watch=[other])


@case("database: /dev/zero", real=True)
def _(tmp: Path) -> Call:
    return Call(["--db", "/dev/zero", "source", "add", str(write(tmp / "new.txt", "New."))])


@case("database: a FIFO (must not hang)")
def _(tmp: Path) -> Call:
    return Call(["--db", str(_fifo(tmp, "fifo.db")), "claim", "list"])


@case("database: another application's SQLite file, claim list", real=True)
def _(tmp: Path) -> Call:
    other = _sqlite_of_another_app(tmp / "contacts.db")
    return Call(["--db", str(other), "claim", "list"], watch=[other])


@case("database: another application's SQLite file, source add")
def _(tmp: Path) -> Call:
    other = _sqlite_of_another_app(tmp / "contacts.db")
    return Call(["--db", str(other), "source", "add", str(write(tmp / "new.txt", "New."))],
                watch=[other])


@case("database: written by a newer claimtrack, claim add")
def _(tmp: Path) -> Call:
    conn = sqlite3.connect(tmp / "claims.db")
    with conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('claimtrack', 'm999_future', '2030-01-01')")
    conn.close()
    return Call(["claim", "add", VOX, UNIQUE_QUOTE])


@case("claim add: no claim number left after SQLite's largest")
def _(tmp: Path) -> Call:
    conn = sqlite3.connect(tmp / "claims.db")
    with conn:
        conn.execute("UPDATE claims SET seq = 9223372036854775807 WHERE id = 'c1'")
    conn.close()
    return Call(["claim", "add", VOX, UNIQUE_QUOTE])


@case("claim add: quote full of terminal escapes, not in the source")
def _(tmp: Path) -> Call:
    return Call(["claim", "add", VOX, "\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://x\x1b\\y\u202e"])


# -- the tests ----------------------------------------------------------------------

def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 90
    assert len(REAL_PROCESS) >= 15


def _import_available(cli) -> bool:
    return cli("import", "--help").exit_code == 0


def _prepare(name: str, tmp_path: Path, cli) -> Call:
    if name in NEEDS_IMPORT and not _import_available(cli):
        pytest.skip("import not available yet")
    return CASES[name](tmp_path)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the seeds and a database loaded from them, built once."""
    folder = tmp_path_factory.mktemp("seeded")
    shutil.copytree(SEEDS, folder / "seeds")
    with ClaimStore(folder / "claims.db") as store:
        load_seeds(store, folder / "seeds")
    return folder  # closed: the WAL is checkpointed into claims.db


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the seeded database at $CLAIMTRACK_DB (what ``seeded`` gives, faster)."""
    shutil.copytree(template, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "claims.db"
    yield path
    if path.exists():
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.parametrize("name", CASES)
def test_bad_input_fails_cleanly(name: str, db: Path, tmp_path: Path, cli) -> None:
    call = _prepare(name, tmp_path, cli)
    before, watched = dump(db), file_bytes(call.watch)
    with time_limit(30):
        result = cli(*call.args)
    assert_one_line_error(result.exit_code, result.stderr)
    assert dump(db) == before
    assert file_bytes(call.watch) == watched


@pytest.mark.parametrize("name", REAL_PROCESS)
def test_bad_input_fails_cleanly_in_a_real_process(name: str, db: Path, tmp_path: Path,
                                                    cli) -> None:
    call = _prepare(name, tmp_path, cli)
    before, watched = dump(db), file_bytes(call.watch)
    result = run_claimtrack(*call.args, db=db, timeout=30)
    assert_one_line_error(result.returncode, result.stderr)
    assert result.stderr.startswith("Error: ")
    assert dump(db) == before
    assert file_bytes(call.watch) == watched


def test_sql_like_text_is_stored_as_text(db: Path, tmp_path: Path, cli) -> None:
    """The other side of the SQL cases: valid input full of SQL is kept verbatim."""
    claims_before = len(json.loads(cli("claim", "list", "--format", "json").stdout))
    src = write(tmp_path / "sql.txt", f"The article quotes {SQL} and moves on.")
    added = cli("source", "add", str(src), "--key", "sql", "--title", SQL, "--outlet", SQL_DQ,
                "--author", SQL, "--url", SQL)
    assert added.exit_code == 0, added.stderr
    r = cli("claim", "add", "sql", SQL, "--claim", SQL_DQ, "--named", SQL, "--denied-by", SQL_DQ,
            "--about", SQL_DQ)
    assert r.exit_code == 0, r.stderr
    claim = json.loads(cli("claim", "show", r.stdout.strip(), "--format", "json").stdout)[0]
    assert claim["quote"] == SQL and claim["statement"] == SQL_DQ
    assert claim["attributed_to"] == SQL and claim["denied_by"] == [SQL_DQ]
    source = json.loads(cli("source", "show", "sql", "--format", "json").stdout)[0]
    assert source["title"] == SQL and source["outlet"] == SQL_DQ and source["authors"] == [SQL]
    listed = json.loads(cli("claim", "list", "--format", "json").stdout)
    assert len(listed) == claims_before + 1  # no table was dropped, no row deleted
