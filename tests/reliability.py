"""Helpers for the reliability tests: real processes, time limits, error shape."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Every real process a test starts is killed after this many seconds.
PROCESS_TIMEOUT = 60


def claimtrack_cmd(*args: str) -> list[str]:
    """``python -m claimtrack ARGS`` with this interpreter (the venv's)."""
    return [sys.executable, "-m", "claimtrack", *args]


def run_claimtrack(*args: str, db: Path | None = None, timeout: float = PROCESS_TIMEOUT,
                   **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run claimtrack in a real process; a hang fails the test instead of stalling it."""
    env = dict(os.environ)
    if db is not None:
        env["CLAIMTRACK_DB"] = str(db)
    return subprocess.run(claimtrack_cmd(*args), capture_output=True, text=True,
                          timeout=timeout, env=env, **kwargs)


def assert_one_line_error(exit_code: int, stderr: str) -> None:
    """A user error: non-zero exit, and stderr exactly one non-empty line, no traceback."""
    assert exit_code != 0, "expected the command to fail"
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip(), f"expected one line on stderr, got: {stderr!r}"


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail with TimeoutError if the block runs longer than ``seconds`` (main thread, Unix).

    Python code is interrupted; a single long call into C returns first.  For
    a hard bound, run the work in a subprocess with a timeout instead.
    """

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def file_bytes(paths: Sequence[Path]) -> dict[Path, bytes | None]:
    """Each file's bytes (None for a missing file), to compare before and after."""
    return {p: (p.read_bytes() if p.is_file() else None) for p in paths}


def add_claims_worker(db: str, key: str, quotes: list[str], barrier: Any, results: Any,
                      source_file: str | None = None) -> None:
    """One of several processes adding claims to the same database at once.

    Opens its own store (after the others are ready, so that they really
    collide: on a new database, the first open creates the schema), optionally
    adds ``source_file`` as ``key`` first, then adds one claim per quote.  Puts
    ``(pid, ids, error)`` on ``results``; ``error`` is None or a traceback.
    """
    import traceback

    try:
        from claimtrack.store import ClaimStore

        barrier.wait(timeout=PROCESS_TIMEOUT)
        with ClaimStore(db) as store:
            if source_file is not None:
                store.add_source(source_file, key=key)
            ids = [store.add_claim(key, quote)["id"] for quote in quotes]
        results.put((os.getpid(), ids, None))
    except BaseException:
        results.put((os.getpid(), [], traceback.format_exc()))


def collect(results: Any, procs: Sequence[Any], timeout: float = PROCESS_TIMEOUT) -> list[Any]:
    """One result from each process in ``procs``; raise if they die or take too long."""
    import queue

    out: list[Any] = []
    deadline = time.monotonic() + timeout
    while len(out) < len(procs):
        try:
            out.append(results.get(timeout=0.2))
        except queue.Empty:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no result from a worker within {timeout} s") from None
            if not any(p.is_alive() for p in procs) and results.empty():
                codes = [p.exitcode for p in procs]
                raise RuntimeError(f"a worker died without a result (exit codes {codes})") \
                    from None
    return out
