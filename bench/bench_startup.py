"""Start-up: ``claimtrack --help`` next to ``sqlite-utils --help`` (same machine, same run).

Both are console scripts of the same virtual environment; runs alternate so
that load on the machine hits both alike.  Target: at most 0.5x.
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
    return {"claimtrack_help_ms": o, "sqlite_utils_help_ms": b, "ratio": o / b}


if __name__ == "__main__":
    run()
