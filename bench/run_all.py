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
from typing import Any

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
    import bench_dismiss
    import bench_emergent
    import bench_load
    import bench_match
    import bench_memory
    import bench_polnear
    import bench_reanchor
    import bench_semantic
    import bench_small
    import bench_startup
    import bench_store

    return [
        ("startup", lambda: bench_startup.run(runs=7 if QUICK else 21)),
        ("check", lambda: bench_check.run(runs=5 if QUICK else 20)),
        ("reanchor", lambda: bench_reanchor.report()),
        ("store", lambda: bench_store.run(20_000 if QUICK else 1_000_000)),
        ("match", lambda: bench_match.run(sizes=(2_000,) if QUICK else (10_000, 100_000))),
        ("clef", lambda: bench_clef.run()),
        ("small", lambda: bench_small.run(reps=1 if QUICK else 5)),
        ("contradictions", lambda: bench_contradictions.run()),
        ("dismiss", lambda: bench_dismiss.run(1_000 if QUICK else 3_000)),
        ("emergent", lambda: bench_emergent.run()),
        ("extract", lambda: bench_polnear.run()),
        ("semantic", lambda: bench_semantic.run(quick=QUICK)),  # skips itself without the extra
        ("load", lambda: bench_load.run(2_000 if QUICK else 10_000)),
        ("memory", lambda: bench_memory.run(5 if QUICK else 34)),
    ]


def _targets(r: dict[str, Any]) -> str:  # noqa: C901 (one flat if per benchmark)
    """The speed issue's targets, each with this run's figure and whether it was met."""
    rows: list[tuple[str, str, str, bool | None]] = []

    def add(what: str, figure: str, target: str, met: bool | None) -> None:
        rows.append((what, figure, target, met))

    if s := r.get("startup"):
        add("`claimtrack --help` vs `sqlite-utils --help`", f"{s['ratio']:.2f}x", "<= 0.5x",
            s["ratio"] <= 0.5)
    if c := r.get("check"):
        add("`claimtrack check` one clean draft vs `python -c 'import sqlite3'`",
            f"{c['check_one_draft_ratio']:.2f}x", "<= 3x", c["check_one_draft_ratio"] <= 3)
    if st := r.get("store"):
        imp, se = st["import"], st["search"]
        add("bulk import rows/s vs raw `executemany`", f"{imp['ratio']:.2f}x", ">= 0.5x",
            imp["ratio"] >= 0.5)
        add(f"bulk import of {imp['n']:,} claims", f"{imp['import_s']:.1f} s",
            "< 15 s for 1,000,000", imp["import_s"] < 15 if imp["n"] >= 1_000_000 else None)
        add("`claim list --search`: the query", f"{se['query_ms_median']:.2f} ms", "<= 5 ms",
            se["query_ms_median"] <= 5)
        add("`claim list --search`: whole command minus start-up",
            f"{se['command_minus_startup_ms']:.0f} ms", "<= 20 ms",
            se["command_minus_startup_ms"] <= 20)
        if sim := st.get("similar"):
            add("`similar` at 1M claims: whole command minus start-up",
                f"{sim['command_minus_startup_ms']:.0f} ms", "<= 50 ms",
                sim["command_minus_startup_ms"] <= 50 if imp["n"] >= 1_000_000 else None)
    if m := r.get("match"):
        big = m.get("100000")
        if big:
            add("`match` on 100,000 claims", f"{big['find_matches_s']:.1f} s", "<= 30 s",
                big["find_matches_s"] <= 30)
            rec = big["blocking_recall"].get("72")
            if rec is not None:
                add("blocking recall vs sampled naive cdist (same scorer, link threshold)",
                    f"{rec:.4f}", ">= 0.99", rec >= 0.99)
    if (cl := r.get("clef")) and "dev" in cl:
        for split in ("dev", *cl.get("held_out", ())):
            _clef_rows(add, _split_name(split), cl[split], cl["match_" + split])
    if mem := r.get("memory"):
        add(f"`claim add` peak memory on a {mem['source_mb']:.0f} MB source (bare read "
            f"{mem['baseline_mb']:.0f} MB)", f"{mem['claim_add_mb']:.0f} MB", "well under 1 GB",
            mem["claim_add_mb"] < 1000)
    if ra := r.get("reanchor"):
        add("re-anchoring 1,000 quotes in a 1 MB source vs `str.find`",
            f"{ra['ratio']:.2f}x", "<= 20x", ra["ratio"] <= 20)
    if e := r.get("emergent"):
        add("stance against-F1 on Emergent train (cue rule in the same run)",
            f"{e['against_f1']:.3f} (CV {e['cv_against_f1']:.3f}; cue rule "
            f"{e['cue_against_f1']:.3f})", ">= 0.80 and above the cue rule", e["target_met"])
        for name, h in e.get("held_out", {}).items():
            add(f"stance against-F1 on Emergent {name} (held-out split; cue rule in the same run)",
                f"{h['against_f1']:.3f} (cue rule {h['cue_against_f1']:.3f})",
                ">= 0.80 and above the cue rule", h["target_met"])
    if ex := r.get("extract"):
        add("extraction content-span F1 (overlap, 5-fold CV) vs quotation-mark baseline",
            f"{ex['content_f1_cv']:.3f} vs {ex['content_f1_baseline']:.3f}", ">= 0.60",
            ex["content_f1_cv"] >= 0.60)
        add("extraction source-span F1 (overlap, 5-fold CV)", f"{ex['source_f1_cv']:.3f}", ">= 0.50",
            ex["source_f1_cv"] >= 0.50)
        for name, h in ex.get("held_out", {}).items():
            add(f"extraction content-span F1 (overlap) on PolNeAR {name} (held-out split) vs "
                "quotation-mark baseline", f"{h['content_f1']:.3f} vs {h['content_f1_baseline']:.3f}",
                ">= 0.60", h["content_f1"] >= 0.60)
            add(f"extraction source-span F1 (overlap) on PolNeAR {name} (held-out split)",
                f"{h['source_f1']:.3f}", ">= 0.50", h["source_f1"] >= 0.50)
        add("extraction of the 840 PolNeAR articles", f"{ex['all_s']:.1f} s", "< 60 s", ex["all_s"] < 60)
        add("extraction of a 15,000-character article", f"{ex['one_15k_s'] * 1000:.0f} ms", "well under 1 s",
            ex["one_15k_s"] < 0.5)
    if (se := r.get("semantic")) and "reference" in se:
        add("semantic: cosine with sentence-transformers, worst of 305 texts",
            f"{se['reference']['min_cosine']:.7f}", ">= 0.9999", se["reference"]["min_cosine"] >= 0.9999)
        if "shipped" in se:
            sh = se["shipped"]
            for split in ("dev", *r.get("clef", {}).get("held_out", ())):
                _semantic_rows(add, split, sh, se.get("blocking", {}).get(split))
        em = se["embed"]
        add("semantic: `claimtrack embed` of 100,000 claims (extrapolated)",
            f"{em['extrapolated_100k_min']:.0f} min wall ({em['extrapolated_100k_cpu_min']:.0f} CPU-min, "
            f"load {em['load_average']:.1f})", "<= 30 min", em["extrapolated_100k_min"] <= 30)
    lines = ["## Targets (this run)", "", "| what | figure | target | met |", "|---|---|---|---|"]
    for what, figure, target, met in rows:
        mark = "n/a (smaller run)" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {what} | {figure} | {target} | {mark} |")
    return "\n".join(lines) + "\n"


def _split_name(split: str) -> str:
    """A CLEF split as the target table names it (dev is reported, the others held out)."""
    return split if split == "dev" else f"{split} (held-out split)"


def _clef_rows(add: Any, split: str, ranked: dict[str, Any], md: dict[str, Any]) -> None:
    """The matching issue's default-install targets on one reported CLEF split."""
    add(f"CLEF {split} MAP@5, `similar`, default install (beside fts5 alone "
        f"{ranked['fts5']['map@5']:.3f}, bm25 {ranked['bm25']['map@5']:.3f})",
        f"{ranked['similar']['map@5']:.3f}", ">= 0.80", ranked["similar"]["map@5"] >= 0.80)
    add(f"CLEF {split} `match`, default install: blocking recall of true pairs",
        f"{md['blocking_recall']:.3f}",
        ">= 0.98", md["blocking_recall"] >= 0.98)
    add(f"CLEF {split} `match`, default install, at the shipped thresholds: surfaced recall "
        "(precision; counting "
        f"copies); the most any threshold reaches at precision >= 0.90: "
        f"{md['best_any_threshold']['recall']:.3f}",
        f"{md['surfaced_recall']:.3f} ({md['surfaced_precision']:.3f}; "
        f"{md['surfaced_precision_copies']:.3f})", ">= 0.75 at precision >= 0.90 (judged "
        "counting copies: CLEF stores some claims twice)",
        md["surfaced_recall"] >= 0.75 and md["surfaced_precision_copies"] >= 0.90)
    add(f"CLEF {split} `match`, default install: precision of links (counting copies)",
        f"{md['linked_precision']:.3f} ({md['linked_precision_copies']:.3f})",
        ">= 0.97 (judged counting copies)", md["linked_precision_copies"] >= 0.97)


def _semantic_rows(add: Any, split: str, sh: dict[str, Any], blocking: dict[str, Any] | None) -> None:
    """The semantic extra's CLEF targets on one reported split (fit_hybrid.shipped's figures)."""
    name = _split_name(split)
    e2e = sh.get(split + "_end_to_end", {}).get("map@5")
    add(f"semantic: CLEF {name} MAP@5, `similar` with the extra"
        + (f" (by the command's own code: {e2e:.4f}; `match`'s model without the token "
           f"alignment: {sh[split + '_match_model']['map@5']:.4f})" if e2e is not None else ""),
        f"{sh[split]['map@5']:.4f}", ">= 0.90", sh[split]["map@5"] >= 0.90)
    if sm := sh.get("match_" + split, {}).get("semantic"):
        sf, lk = sm["surfaced"], sm["linked"]
        add(f"semantic: CLEF {name} `match` with the extra, surfaced recall (precision; counting "
            "copies)", f"{sf['recall']:.3f} ({sf['precision']:.3f}; {sf['precision_copies']:.3f})",
            ">= 0.75 at precision >= 0.90 (judged counting copies)",
            sf["recall"] >= 0.75 and sf["precision_copies"] >= 0.90)
        add(f"semantic: CLEF {name} `match` with the extra, precision of links (counting copies)",
            f"{lk['precision']:.3f} ({lk['precision_copies']:.3f})", ">= 0.97",
            lk["precision_copies"] >= 0.97)
    if blocking:
        add(f"semantic: CLEF {name} `match` blocking recall with the extra", f"{blocking['recall']:.3f}",
            ">= 0.98", blocking["recall"] >= 0.98)


def main() -> int:
    sections = [f"# Benchmarks\n\nWritten by `make bench` ({'quick' if QUICK else 'full'} run); "
                "every figure sits next to a baseline measured in the same run.\n\n"
                + _machine()]
    failed = []
    results: dict[str, Any] = {}
    for name, fn in _benchmarks():
        buf = io.StringIO()
        print(f"== {name}", file=sys.stderr)
        try:
            with contextlib.redirect_stdout(buf):
                results[name] = fn()  # type: ignore[operator]
        except Exception as e:  # a broken benchmark must not hide the others' figures
            failed.append(name)
            buf.write(f"\n**{name} failed: {type(e).__name__}: {e}**\n")
        sys.stderr.write(buf.getvalue())
        sections.append(buf.getvalue().rstrip() + "\n")
    sections.insert(1, _targets({k: v for k, v in results.items() if isinstance(v, dict)}))
    notes = HERE / "NOTES.md"
    if notes.exists():
        sections.append(notes.read_text(encoding="utf-8"))
    out = HERE.parent / "BENCHMARKS.md"
    out.write_text("\n".join(sections), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
