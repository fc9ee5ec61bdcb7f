"""``make bench``: run every benchmark and write BENCHMARKS.md.

Every figure is printed next to a baseline measured in the same run.  The
output of each benchmark is copied into BENCHMARKS.md under a header giving
the machine it ran on.  ``BENCH_QUICK=1`` runs smaller sizes (for a smoke test).
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

QUICK = os.environ.get("BENCH_QUICK") == "1"


def _machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, cwd=HERE).stdout.strip()
    except OSError:
        commit = "?"
    return (f"- machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}\n"
            f"- Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}\n"
            f"- load average at start: {', '.join(f'{x:.2f}' for x in load)}\n"
            f"- commit {commit}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")


def _benchmarks() -> list[tuple[str, object]]:
    import bench_check
    import bench_clef
    import bench_contradictions
    import bench_match
    import bench_reanchor
    import bench_startup
    import bench_store

    return [
        ("startup", lambda: bench_startup.run(runs=7 if QUICK else 21)),
        ("check", lambda: bench_check.run(runs=5 if QUICK else 20)),
        ("reanchor", lambda: bench_reanchor.main()),
        ("store", lambda: bench_store.run(20_000 if QUICK else 1_000_000)),
        ("match", lambda: bench_match.run(sizes=(2_000,) if QUICK else (10_000, 100_000))),
        ("clef", lambda: bench_clef.run()),
        ("contradictions", lambda: bench_contradictions.run()),
    ]


def main() -> int:
    sections = [f"# Benchmarks\n\nWritten by `make bench` ({'quick' if QUICK else 'full'} run); "
                "every figure sits next to a baseline measured in the same run.\n\n"
                + _machine()]
    failed = []
    for name, fn in _benchmarks():
        buf = io.StringIO()
        print(f"== {name}", file=sys.stderr)
        try:
            with contextlib.redirect_stdout(buf):
                fn()  # type: ignore[operator]
        except Exception as e:  # a broken benchmark must not hide the others' figures
            failed.append(name)
            buf.write(f"\n**{name} failed: {type(e).__name__}: {e}**\n")
        sys.stderr.write(buf.getvalue())
        sections.append(buf.getvalue().rstrip() + "\n")
    notes = HERE / "NOTES.md"
    if notes.exists():
        sections.append(notes.read_text(encoding="utf-8"))
    out = HERE.parent / "BENCHMARKS.md"
    out.write_text("\n".join(sections), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
