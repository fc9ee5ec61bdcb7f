"""A long ``source refresh`` does not hold the write lock, and a busy database says who holds it
(issue 16: "a long source refresh holds the write lock over 60 s and others are told 'an
import?'").

Re-anchoring runs without the lock; the lock is taken for the writes only, after checking
that the source and its claims did not change meanwhile (if they did, the re-anchoring is
done again).  A command that waits in vain for the lock names the operation holding it
(:mod:`claimtrack.store.locknote`), or says generically that another command or program is
writing: never a guess.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from claimtrack import ClaimStore, verify
from claimtrack.store import connection, locknote

from .conftest import dump
from .reliability import assert_one_line_error

VOX = "vox-putin"
VOX_FILE = "001_5f9e32d0296bbd23.txt"
FREE_QUOTE = "frowns on its denizens"  # in vox-putin, in no seed claim


def _edited(seeds_dir: Path) -> Path:
    path = seeds_dir / VOX_FILE
    path.write_text("Editor's note: this story was updated.\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    return path


def test_other_commands_write_while_a_refresh_reanchors(seeded, seeds_dir, tmp_path,
                                                        monkeypatch):
    """Two threads, two connections: while the refresh re-anchors (held at its first claim),
    another connection adds a claim to the same source within a 0.2 s lock timeout; the
    refresh then sees the new claim and re-anchors it too."""
    _edited(seeds_dir)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    anchoring, go_on = threading.Event(), threading.Event()
    real = verify._anchor

    def held(*args, **kwargs):
        anchoring.set()
        assert go_on.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(verify, "_anchor", held)
    out: dict[str, object] = {}

    def refresh() -> None:
        with ClaimStore(tmp_path / "claims.db") as mine:
            try:
                out["result"] = verify.refresh_source(mine, VOX)
            except Exception as e:  # reported below, in the main thread
                out["error"] = e

    worker = threading.Thread(target=refresh)
    worker.start()
    try:
        assert anchoring.wait(30)
        with ClaimStore(tmp_path / "claims.db") as other:  # the lock is free: no wait
            added = other.add_claim(VOX, FREE_QUOTE)["id"]
    finally:
        go_on.set()
        worker.join(60)
    assert "error" not in out, out
    result = out["result"]
    assert isinstance(result, verify.RefreshResult) and result.changed and result.version == 2
    assert added in {c["id"] for c in result.claims}  # re-anchored after a second look
    assert seeded.get_claim(added)["span_start"] == \
        seeded.source_text(VOX).index(FREE_QUOTE)
    assert seeded.get_source(VOX)["version"] == 2


def test_a_source_that_keeps_changing_fails_cleanly(seeded, seeds_dir, tmp_path, monkeypatch):
    _edited(seeds_dir)
    real, touched = verify._plan, []

    def plan_then_touch(store, src, new_text, *rest):
        planned = real(store, src, new_text, *rest)
        other = sqlite3.connect(tmp_path / "claims.db", isolation_level=None)
        other.execute("UPDATE claims SET updated_at = ? WHERE source = ?", [f"t{len(touched)}", VOX])
        other.close()
        touched.append(True)
        return planned

    monkeypatch.setattr(verify, "_plan", plan_then_touch)
    from claimtrack.errors import DatabaseError

    with pytest.raises(DatabaseError, match="kept changing while it was being refreshed"):
        verify.refresh_source(seeded, VOX)
    assert len(touched) == verify.REFRESH_ATTEMPTS
    assert seeded.get_source(VOX)["version"] == 1


HOLDER = textwrap.dedent("""
    import sys
    from claimtrack import ClaimStore, verify
    real = verify._write
    def slow_write(*args, **kwargs):  # a refresh stopped while it holds the write lock
        print("held", flush=True)
        sys.stdin.readline()
        return real(*args, **kwargs)
    verify._write = slow_write
    with ClaimStore(sys.argv[1]) as store:
        print(verify.refresh_source(store, "vox-putin").version, flush=True)
""")


def test_a_busy_database_names_the_refresh_holding_it(cli, seeded, seeds_dir, tmp_path,
                                                      monkeypatch):
    """Two processes: a real refresh holds the write lock; a claim add waits in vain and
    is told it is that refresh (not "an import?"), and the database is unchanged."""
    _edited(seeds_dir)
    seeded.close()
    db = tmp_path / "claims.db"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "held", holder.stderr.read() if holder.stderr else ""
        before = dump(db)
        monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
        r = cli("claim", "add", VOX, FREE_QUOTE)
        assert_one_line_error(r.exit_code, r.stderr)
        assert (f"is locked: 'claimtrack source refresh {VOX}' (process {holder.pid}, since "
                in r.stderr), r.stderr
        assert "has kept it busy for over 0.1 s; try again when it has finished" in r.stderr
        assert "import" not in r.stderr
        assert dump(db) == before
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(60)
    assert holder.returncode == 0 and holder.stdout.read().strip() == "2"
    assert not Path(locknote.note_path(str(db))).exists()  # the note goes with the lock


def test_another_program_holding_the_lock_is_named_generically(cli, seeded, tmp_path,
                                                               monkeypatch):
    seeded.close()
    db = tmp_path / "claims.db"
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # sqlite3's shell, say: it leaves no note
        monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
        r = cli("claim", "add", VOX, FREE_QUOTE)
    finally:
        writer.close()
    assert_one_line_error(r.exit_code, r.stderr)
    assert "is locked: another command (or another program) has kept it busy" in r.stderr
    assert "import" not in r.stderr


def test_a_note_left_by_a_killed_command_is_ignored(seeded, tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    note = Path(locknote.note_path(str(tmp_path / "claims.db")))
    note.write_text(f'{{"pid": {dead}, "operation": "claimtrack import", "since": "x"}}\n')
    assert locknote.holder(str(tmp_path / "claims.db")) == "another command (or another program)"
    with seeded.transaction():  # the next writer replaces it, and removes its own
        assert str(__import__("os").getpid()) in note.read_text()
    assert not note.exists()


# -- issue 16, also: concurrent refreshes, and killed exports and backups ---------------------


def _at_once(commands: list[list[str]], db: Path) -> list[subprocess.CompletedProcess[str]]:
    import os

    from .reliability import claimtrack_cmd

    env = {**os.environ, "CLAIMTRACK_DB": str(db)}
    running = [subprocess.Popen(claimtrack_cmd(*c), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env) for c in commands]
    done = []
    for p in running:
        out, err = p.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return done


def test_concurrent_refreshes_of_one_source(seeded, seeds_dir, tmp_path):
    """Four processes refresh one source to the same text, then two to different texts:
    every one succeeds, no raw UNIQUE error, each text stored once, versions in order."""
    new = _edited(seeds_dir)
    seeded.close()
    db = tmp_path / "claims.db"
    runs = _at_once([["source", "refresh", VOX, str(new)]] * 4, db)
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    assert not any("UNIQUE" in r.stderr or "Traceback" in r.stderr for r in runs)
    assert sum("is now version 2" in r.stderr for r in runs) == 1
    texts = []
    for n in (1, 2):
        path = tmp_path / f"vox-{n}.txt"
        path.write_text(f"Correction {n}.\n" + new.read_text(encoding="utf-8"), encoding="utf-8")
        texts.append(path)
    runs = _at_once([["source", "refresh", VOX, str(p)] for p in texts], db)
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    assert not any("UNIQUE" in r.stderr for r in runs)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT version FROM sources WHERE key = ?", [VOX]).fetchone() == (4,)
        assert [v for (v,) in conn.execute("SELECT version FROM source_versions WHERE "
                                           "source_key = ? ORDER BY version", [VOX])] == [1, 2, 3]
    finally:
        conn.close()


KILLED = textwrap.dedent("""
    import sys, time
    from claimtrack import files
    def never(*args, **kwargs):  # killed between writing the temporary file and installing it
        print("written", flush=True)
        time.sleep(600)
    files.install = never
    from claimtrack.__main__ import main
    sys.argv = ["claimtrack", *sys.argv[1:]]
    main()
""")


@pytest.mark.parametrize("args, name", [(["export", "claims", "-o", "out.csv"], "out.csv"),
                                        (["db", "backup", "copy.db"], "copy.db")])
def test_a_killed_export_or_backup_leaves_nothing_after_the_next(cli, seeded, tmp_path,
                                                                  args, name):
    """A real kill -9 while the temporary file is complete: the file is left (nothing can
    remove it then), and the next export or backup to that name removes it."""
    import os
    import signal

    seeded.close()
    env = {**os.environ, "CLAIMTRACK_DB": str(tmp_path / "claims.db")}
    p = subprocess.Popen([sys.executable, "-c", KILLED, *args], cwd=tmp_path, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.stdout is not None
    try:
        assert p.stdout.readline().strip() == "written", p.stderr.read() if p.stderr else ""
    finally:
        os.kill(p.pid, signal.SIGKILL)
        p.wait(30)
    left = [f for f in tmp_path.iterdir() if f.name.startswith(f".{name}.")]
    assert len(left) == 1 and left[0].stat().st_size > 1000
    r = cli(*args)
    assert r.exit_code == 0, r.stderr
    assert [f for f in tmp_path.iterdir() if f.name.startswith(f".{name}.")] == []
    assert (tmp_path / name).stat().st_size > 1000
