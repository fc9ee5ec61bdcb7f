"""Benchmark: ``claimtrack check`` as a commit hook.

1. Start-up: ``claimtrack check clean.md`` (one clean draft, 10 citations with
   quotations) as a subprocess, median of ``runs``, next to
   ``python -c "import sqlite3"`` run the same way with the same interpreter;
   the target is at most 3x.  ``claimtrack-check clean.md`` (the pre-commit
   entry point) and ``claimtrack --help`` (the typer app) are shown too.
2. Volume: one ``claimtrack check`` over 1,000 drafts holding 10,000
   citations (a third of them with a quotation, some misquoted; anonymous and
   denied claims give warnings), median of 3 runs, next to the same baseline;
   and the same check in-process (:func:`claimtrack.check.check_files`),
   which is the work without the start-up.

Everything is generated in a temporary folder against a database loaded from
``seeds/``.  Children run without ``PYTHONDONTWRITEBYTECODE`` (after one
warm-up run), so that they start from compiled bytecode as an installed
claimtrack does.

Run: ``python bench/bench_check.py [--runs 20]``.  No asserts: figures only.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DRAFTS, CITATIONS_PER_DRAFT = 1_000, 10


def _median_ms(cmd: list[str], runs: int, cwd: Path, env: dict[str, str]) -> float:
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)  # warm-up: bytecode, disk cache
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _seed(folder: Path) -> list[dict[str, Any]]:
    from claimtrack import ClaimStore
    from claimtrack.store.seeds import load_seeds

    with ClaimStore(folder / "claims.db") as store:
        load_seeds(store, REPO / "seeds")
        return store.list_claims()


def _sentence(claim: dict[str, Any], rng: random.Random, *, quote: bool) -> str:
    cite = f"[claim:{claim['id']}]"
    denial = " (which SpaceX denied)" if claim["denied_by"] else ""
    if not quote:
        return f"As reported{denial}, this matters {cite}."
    words = claim["quote"].split()
    n = min(len(words), rng.randint(4, 9))
    start = rng.randint(0, len(words) - n)
    part = " ".join(words[start:start + n]).strip("\u201c\u201d\"")
    if rng.random() < 0.05:  # a misquotation now and then
        part = part.replace(words[start + n // 2].strip("\u201c\u201d\""), "reportedly", 1)
    return f"They wrote \u201c{part}\u201d{denial} {cite}."


def _clean_draft(claims: list[dict[str, Any]]) -> str:
    ok = [c for c in claims if c["strength"] in ("named", "unattributed") and not c["denied_by"]]
    lines = ["# A clean draft", ""]
    for c in ok[:10]:
        words = c["quote"].split()[:8]
        lines.append(f"The source says \u201c{' '.join(words).strip(',;:')}\u201d [claim:{c['id']}].")
    return "\n".join(lines) + "\n"


def _drafts(folder: Path, claims: list[dict[str, Any]], rng: random.Random) -> list[str]:
    paths = []
    (folder / "drafts").mkdir()
    for i in range(DRAFTS):
        sentences = [_sentence(rng.choice(claims), rng, quote=rng.random() < 1 / 3)
                     for _ in range(CITATIONS_PER_DRAFT)]
        paragraphs = [" ".join(sentences[j:j + 3]) for j in range(0, len(sentences), 3)]
        path = folder / "drafts" / f"draft-{i:04d}.md"
        path.write_text(f"# Draft {i}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(str(path.relative_to(folder)))
    return paths


def run(runs: int = 20) -> dict[str, Any]:
    """Measure and print; return the figures."""
    from claimtrack.check import check_files

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("CLAIMTRACK_DB", None)
    rng = random.Random(20240601)
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        folder = Path(tmp)
        claims = _seed(folder)
        (folder / "clean.md").write_text(_clean_draft(claims), encoding="utf-8")
        paths = _drafts(folder, claims, rng)

        baseline = _median_ms([sys.executable, "-c", "import sqlite3"], runs, folder, env)
        check_one = _median_ms([str(BIN / "claimtrack"), "check", "clean.md"], runs, folder, env)
        hook_one = _median_ms([str(BIN / "claimtrack-check"), "clean.md"], runs, folder, env)
        typer_help = _median_ms([str(BIN / "claimtrack"), "--help"], max(5, runs // 4),
                                folder, env)
        clean = subprocess.run([str(BIN / "claimtrack"), "check", "clean.md"], cwd=folder,
                               env=env, capture_output=True, text=True)

        many = _median_ms([str(BIN / "claimtrack"), "check", *paths], 3, folder, env)
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            t = time.perf_counter()
            report = check_files(paths, db="claims.db")
            in_process = (time.perf_counter() - t) * 1000
        finally:
            os.chdir(cwd)

    result = {
        "import_sqlite3_ms": round(baseline, 1),
        "check_one_draft_ms": round(check_one, 1),
        "check_one_draft_ratio": round(check_one / baseline, 2),
        "claimtrack_check_entry_ms": round(hook_one, 1),
        "typer_help_ms": round(typer_help, 1),
        "clean_draft_exit": clean.returncode,
        "clean_draft_summary": clean.stderr.strip(),
        "drafts": len(paths),
        "citations": report.citations,
        "errors": report.errors,
        "warnings": report.warnings,
        "check_many_ms": round(many, 1),
        "check_many_ratio": round(many / baseline, 1),
        "check_many_in_process_ms": round(in_process, 1),
    }
    r = result
    print("== claimtrack check: start-up (median of "
          f"{runs} runs, PYTHONDONTWRITEBYTECODE unset) ==")
    print(f"python -c 'import sqlite3'       {r['import_sqlite3_ms']:7.1f} ms")
    print(f"claimtrack check clean.md        {r['check_one_draft_ms']:7.1f} ms  "
          f"= {r['check_one_draft_ratio']:.2f}x import sqlite3 (target <= 3x); "
          f"exit {r['clean_draft_exit']}: {r['clean_draft_summary']}")
    print(f"claimtrack-check clean.md        {r['claimtrack_check_entry_ms']:7.1f} ms  "
          "(the pre-commit entry point)")
    print(f"claimtrack --help (typer app)    {r['typer_help_ms']:7.1f} ms  (for comparison)")
    print(f"== {r['drafts']:,} drafts, {r['citations']:,} citations (median of 3) ==")
    print(f"claimtrack check DRAFTS...       {r['check_many_ms']:7.1f} ms  "
          f"= {r['check_many_ratio']:.1f}x import sqlite3; "
          f"{r['errors']} errors, {r['warnings']} warnings")
    print(f"check_files in-process           {r['check_many_in_process_ms']:7.1f} ms")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per start-up figure")
    args = parser.parse_args(argv)
    run(args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
