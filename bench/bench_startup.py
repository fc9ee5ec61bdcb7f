"""Start-up: ``claimtrack --help`` next to ``sqlite-utils --help`` (same machine, same run).

Both are console scripts of the same virtual environment; runs alternate so
that load on the machine hits both alike.  Target: at most 0.5x.

Also, paired: what the console scripts save by ending without the
interpreter's teardown (``claimtrack.__main__.leave``), against the ordinary
exit of the same command in the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent


def _time(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    return time.perf_counter() - t


def run(runs: int = 21) -> dict[str, Any]:
    ours_cmd = [str(BIN / "claimtrack"), "--help"]
    base_cmd = [str(BIN / "sqlite-utils"), "--help"]
    _time(ours_cmd), _time(base_cmd)  # warm the file cache and bytecode
    ours, base = [], []
    for _ in range(runs):
        ours.append(_time(ours_cmd))
        base.append(_time(base_cmd))
    o, b = statistics.median(ours) * 1000, statistics.median(base) * 1000
    print("## Start-up\n")
    print(f"- `claimtrack --help`: {o:.0f} ms median of {runs}")
    print(f"- baseline `sqlite-utils --help`: {b:.0f} ms")
    print(f"- ratio: {o / b:.2f}x (target <= 0.5x)\n")
    exits = exit_saving(runs)
    return {"claimtrack_help_ms": o, "sqlite_utils_help_ms": b, "ratio": o / b, "exit": exits}


def exit_saving(runs: int = 21) -> dict[str, tuple[float, float]]:
    """``--help`` and ``check`` of one clean draft, each ended by :func:`leave` (the console
    script's way) and by the ordinary exit, alternating: medians in ms."""
    import tempfile

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "clean.md").write_text("Nothing cited here.\n", encoding="utf-8")
        for name, args in (("--help", ["--help"]), ("check clean.md", ["check", "clean.md"])):
            times: dict[str, list[float]] = {"main()": [], "run()": []}
            for _ in range(runs):
                for call in times:
                    code = (f"import sys; sys.argv = ['claimtrack', *{args!r}]; "
                            f"from claimtrack.__main__ import main, run; {call}")
                    t = time.perf_counter()
                    subprocess.run([sys.executable, "-c", code], cwd=tmp, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
                    times[call].append(time.perf_counter() - t)
            ordinary, fast = (statistics.median(times[c]) * 1000 for c in ("main()", "run()"))
            out[name] = (ordinary, fast)
    print("Ending without the interpreter's teardown (`__main__.leave`; medians of "
          f"{runs} alternating runs):\n")
    for name, (ordinary, fast) in out.items():
        print(f"- `claimtrack {name}`: ordinary exit {ordinary:.0f} ms, the console script's "
              f"exit {fast:.0f} ms ({ordinary - fast:.0f} ms less)")
    print()
    return out


if __name__ == "__main__":
    run()
