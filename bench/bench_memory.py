"""Peak memory of ``claim add`` and ``load`` on a large source (issue 16).

``claim add`` on a 34 MB source once took 3-8 GB: locating a quote folded the
whole source into Python lists (a string and two ints per character).  Each
command runs in a process of its own and its peak resident set size is read
with ``os.wait4`` (in a small launcher process); the baseline is a process that only reads the same file with
``Path.read_text`` (the least any command holding the text needs), and the raw
file size is printed too.

Run: ``python bench/bench_memory.py [MB]`` (default 34).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BIN = Path(sys.executable).parent
LOAD_CLAIMS = 5
CPU: dict[str, float] = {}  # CPU seconds of the last run of each command


# Run by a small process of its own: a child forked from this benchmark (which holds the
# generated text) would count this process's memory in its peak, since Linux keeps the
# larger of the peaks before and after ``exec``.
_LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
err = proc.stderr.read()
_pid, status, usage = os.wait4(proc.pid, 0)
code = os.waitstatus_to_exitcode(status)
if code and not (code == 1 and os.environ.get("BENCH_MEMORY_FAILS")):
    sys.exit(err.decode(errors="replace")[-500:] or f"exit {code}")
print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def _peak_mb(argv: list[str], fails: bool = False) -> float:
    """Run ``argv``; its peak resident set size in MB (fails loudly on a non-zero exit,
    unless the command is expected to exit 1: ``fails``).  Its CPU seconds (user and
    system) go in ``CPU``."""
    env = {**os.environ, "BENCH_MEMORY_FAILS": "1"} if fails else None
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, *argv], capture_output=True,
                          text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])} failed: {done.stderr.strip()}")
    kilobytes, cpu = done.stdout.split()
    CPU[(argv[3] if len(argv) > 3 else argv[0]) + ("-fails" if fails else "")] = float(cpu)
    return int(kilobytes) / 1024  # kilobytes on Linux


def _text(chars: int, seed: int = 16) -> tuple[str, list[str]]:
    """About ``chars`` characters of news-like paragraphs, and LOAD_CLAIMS quotes that
    occur once each, at the end (the whole source is searched for them)."""
    from bench_load import WORDS

    rng = random.Random(seed)
    paragraphs, size, i = [], 0, 0
    while size < chars:
        words = rng.choices(WORDS, k=rng.randint(60, 120))
        paragraph = f"In item {i}, \u201c{' '.join(words)}\u201d \u2014 she said."
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
        i += 1
    quotes = []
    for n in range(LOAD_CLAIMS):
        words = rng.choices(WORDS, k=12)
        paragraphs.append(f"Lastly, in item {n}, \u201c{' '.join(words)}\u201d, she said.")
        quotes.append(f"Lastly, in item {n}, \"{' '.join(words[:8])}")  # straight quotes, as typed
    return "\n\n".join(paragraphs), quotes


def _write(work: Path, mb: float) -> list[str]:
    text, tail_quotes = _text(int(mb * 1_000_000))
    # An accented word, so the text is not ASCII (as most sources are not).
    (work / "story.txt").write_text("Café Zürich.\n\n" + text, encoding="utf-8")
    (work / "sources.toml").write_text(
        '[[source]]\nfile = "story.txt"\nkey = "story"\ntitle = "A long story"\n',
        encoding="utf-8")
    (work / "claims.toml").write_text("".join(
        f'[[claim]]\nsource = "story"\nquote = {json.dumps(q, ensure_ascii=False)}\n\n'
        for q in tail_quotes), encoding="utf-8")
    return tail_quotes


def run(mb: float | None = None) -> dict[str, Any]:
    mb = mb or float(os.environ.get("BENCH_MEMORY_MB", "34"))
    work = Path(tempfile.mkdtemp(prefix="claimtrack-bench-memory-"))
    try:
        quotes = _write(work, mb)
        src = work / "story.txt"
        size = src.stat().st_size / 1e6
        ct = [str(BIN / "claimtrack"), "--db"]
        baseline = _peak_mb([sys.executable, "-c",
                             f"from pathlib import Path; t = Path({str(src)!r}).read_text()"])
        db = work / "claims.db"
        add_source = _peak_mb([*ct, str(db), "source", "add", str(src), "--key", "story"])
        add_claim = _peak_mb([*ct, str(db), "claim", "add", "story", quotes[0]])
        load = _peak_mb([*ct, str(work / "loaded.db"), "load", str(work)])
        missing = _peak_mb([*ct, str(db), "claim", "add", "story",
                            "the minister did not say this at all, according to nobody"],
                           fails=True)
        print(f"## Peak memory on a large source ({size:.1f} MB of text)\n")
        print(f"- baseline: `Path.read_text` of the file in a bare Python process: "
              f"{baseline:.0f} MB")
        print(f"- `claimtrack source add`: {add_source:.0f} MB")
        print(f"- `claimtrack claim add` (the quote at the end of the text): {add_claim:.0f} MB "
              f"({add_claim / baseline:.1f}x the baseline; 3.2 GB on 34 MB before issue 16), "
              f"{CPU['claim']:.1f} s CPU")
        print(f"- `claimtrack load` of the source and {LOAD_CLAIMS} claims: {load:.0f} MB "
              f"({load / baseline:.1f}x the baseline; 3.3 GB on 34 MB before issue 16), "
              f"{CPU['load']:.1f} s CPU")
        print(f"- `claimtrack claim add` of a quote not in the text (refused with the closest "
              f"passage, which folds the text twice more and aligns the quote along it): "
              f"{missing:.0f} MB, {CPU['claim-fails']:.1f} s CPU\n")
        return {"source_mb": size, "baseline_mb": baseline, "source_add_mb": add_source,
                "claim_add_mb": add_claim, "load_mb": load, "claim_add_cpu_s": CPU["claim"],
                "load_cpu_s": CPU["load"], "claim_add_not_found_mb": missing,
                "claim_add_not_found_cpu_s": CPU["claim-fails"]}
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    run(float(sys.argv[1]) if len(sys.argv) > 1 else None)
