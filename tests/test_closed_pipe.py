"""A reader that stops reading (`claimtrack claim show c12 | head -2`) ends every command
quietly with status 0, however it wrote (rich's console, click's echo, a plain write, the last
flush); an argument that is not UTF-8 is shown with each byte escaped once."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .reliability import claimtrack_cmd


def _closed_reader(*args: str, db: Path, stderr_too: bool = False) -> subprocess.CompletedProcess:
    """Run claimtrack with stdout a pipe whose reader has already gone: the first write fails,
    whatever the timing (with `head`, the status depended on whether the output fitted in the
    pipe before head exited)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(claimtrack_cmd(*args), stdout=write,
                              stderr=write if stderr_too else subprocess.PIPE, timeout=120,
                              env={**os.environ, "CLAIMTRACK_DB": str(db)})
    finally:
        os.close(write)


@pytest.mark.parametrize("args", [
    ["claim", "show", "c12"],                    # rich's console (the panel)
    ["claim", "list"],                           # a rich table
    ["claim", "list", "--format", "nl"],         # plain writes
    ["claim", "list", "--format", "csv"],
    ["claim", "show", "c12", "--format", "json"],
    ["claim", "history", "c12"],
    ["claim", "add", "vox-putin", "Starlink satellite internet service over Taiwan"],
    ["export", "claims"],
    ["claim", "--help"],                         # printed while the arguments are parsed
    ["--version"],
])
def test_a_closed_pipe_ends_quietly_with_status_0(seeded, tmp_path, args):
    r = _closed_reader(*args, db=tmp_path / "claims.db")
    err = r.stderr.decode()
    assert r.returncode == 0, (args, err)
    assert "Traceback" not in err and "Error" not in err and "Exception" not in err, err


def test_stderr_on_the_same_closed_pipe(seeded, tmp_path):
    r = _closed_reader("claim", "list", db=tmp_path / "claims.db", stderr_too=True)
    assert r.returncode == 0


def test_a_reader_that_goes_midway(seeded, tmp_path):
    """As `| head -c 10` does: some output read, then the pipe closed."""
    for args in (["claim", "list", "--format", "nl"], ["claim", "show", "c12"]):
        p = subprocess.Popen(claimtrack_cmd(*args), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE,
                             env={**os.environ, "CLAIMTRACK_DB": str(tmp_path / "claims.db")})
        assert p.stdout is not None and p.stderr is not None
        p.stdout.read(10)
        p.stdout.close()
        err = p.stderr.read().decode()
        assert p.wait(60) == 0 and err == "", err


def test_an_ordinary_error_keeps_its_status(seeded, tmp_path):
    r = _closed_reader("claim", "show", "c99999", db=tmp_path / "claims.db")
    assert r.returncode == 1 and "unknown claim" in r.stderr.decode()


@pytest.mark.parametrize("arg, shown", [
    (b"Musk\xff Kremlin", r"'Musk\xff Kremlin'"),
    (b"caf\xe9\\menu", r"'caf\xe9\\menu'"),          # a backslash typed stays told apart
    (b"\xff\x1b[2J", r"'\xff\x1b[2J'"),                 # a control character is not obeyed
])
def test_a_byte_that_is_not_utf8_is_escaped_once(tmp_path, arg, shown):
    r = subprocess.run(claimtrack_cmd("similar", os.fsdecode(arg)), capture_output=True,
                       env={**os.environ, "CLAIMTRACK_DB": str(tmp_path / "claims.db")})
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2
    assert err == f"Error: argument {shown} is not UTF-8 text (rename the file, or convert " \
                  "the text with iconv)\n"
