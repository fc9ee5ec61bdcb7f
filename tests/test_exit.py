"""The console scripts end without the interpreter's teardown (``claimtrack.__main__.leave``),
and lose nothing by it: the exit status, every byte of output, the ``atexit`` handlers, the
store's WAL files, a thread still at work."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, cwd=cwd)


@pytest.mark.parametrize("raised, status, stderr", [
    ("None", 0, ""), ("3", 3, ""), ("'Error: a message'", 1, "Error: a message\n")])
def test_the_status_is_what_python_would_give(tmp_path, raised, status, stderr):
    r = _python(f"""
        import sys
        from claimtrack import __main__ as m
        m.main = lambda: sys.exit({raised})
        m.run()
        """, tmp_path)
    assert (r.returncode, r.stderr) == (status, stderr)


def test_buffered_output_and_atexit_handlers_are_not_lost(tmp_path):
    r = _python("""
        import atexit, sys
        from claimtrack.__main__ import leave
        atexit.register(lambda: open("handler-ran", "w").close())
        sys.stdout.write("x" * 200_000)  # more than one buffer, still in it at the exit
        sys.stderr.write("to stderr")
        leave(4)
        print("not reached")
        """, tmp_path)
    assert r.returncode == 4
    assert r.stdout == "x" * 200_000 and r.stderr == "to stderr"
    assert (tmp_path / "handler-ran").exists()


def test_a_thread_still_running_gets_the_ordinary_exit(tmp_path):
    r = _python("""
        import threading, time
        from claimtrack.__main__ import leave
        def late():
            time.sleep(0.3)
            open("thread-finished", "w").close()
        threading.Thread(target=late).start()
        leave(0)
        """, tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "thread-finished").exists()


def test_the_console_scripts_leave_the_database_closed(seeded, tmp_path):
    db = Path(seeded.path)
    seeded.close()  # the fixture's own connection would keep the WAL files
    bin_dir = Path(sys.executable).parent
    (tmp_path / "d.md").write_text("Unknown [claim:c999].\n", encoding="utf-8")
    for cmd, status in ((["claimtrack", "--db", str(db), "claim", "retract", "c1",
                          "--reason", "test"], 0),
                        (["claimtrack", "--db", str(db), "similar", "SpaceX"], 0),
                        (["claimtrack", "--db", str(db), "claim", "show", "c99999"], 1),
                        (["claimtrack-check", "--db", str(db), "d.md"], 1)):
        r = subprocess.run([str(bin_dir / cmd[0]), *cmd[1:]], capture_output=True, text=True,
                           cwd=tmp_path)
        assert r.returncode == status, (cmd, r.stderr)
        assert r.stdout or r.stderr
        left = sorted(p.name for p in db.parent.iterdir()
                      if p.name.startswith(db.name + "-"))
        assert left == [], (cmd, left)  # no -wal or -shm: the last connection closed
