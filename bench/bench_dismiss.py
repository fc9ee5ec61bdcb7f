"""``contradictions dismiss`` against the whole report, on the same database in the same run.

``python bench/bench_dismiss.py [N]`` imports N synthetic claims (``bench/synthetic.py``,
default 3,000) into a new database, then times, in CPU seconds (medians):

* the whole report (:func:`claimtrack.contradictions.report`), the baseline: what
  ``dismiss`` cost before issue 16, since it ran the report to find one key;
* ``dismiss`` of each item (:func:`claimtrack.contradictions.dismiss`, which finds
  the item by its key, :mod:`claimtrack.contradictions.lookup`): after a report (the
  items it remembered), and with nothing remembered (searching the pairs the report
  could hold), split by how the item was found.

The cache folder is a temporary one (``XDG_CACHE_HOME``), never the user's.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_store import _records  # noqa: E402

from claimtrack import ClaimStore  # noqa: E402
from claimtrack.contradictions import dismiss, report  # noqa: E402
from claimtrack.exchange.importer import import_files  # noqa: E402


def _cpu(fn: Any) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def _dismiss_each(store: ClaimStore, items: list[dict[str, Any]]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for item in items:
        how = item["kind"] if item["kind"] in ("explicit", "denial") else "candidate pairs"
        times.setdefault(how, []).append(
            _cpu(lambda: dismiss(store, item["item"], "bench")))  # noqa: B023
    return times


def run(n: int = 3_000, repeats: int = 3) -> dict[str, Any]:
    """Print and return the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-dismiss-") as work:
        folder = Path(work)
        saved = os.environ.get("XDG_CACHE_HOME")
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        try:
            sources, claims = _records(n)
            (folder / "sources.ndjson").write_text("".join(json.dumps(s) + "\n" for s in sources))
            (folder / "claims.ndjson").write_text("".join(json.dumps(c) + "\n" for c in claims))
            with ClaimStore(folder / "bench.db") as store:
                import_files(store, [folder / "sources.ndjson", folder / "claims.ndjson"])
                ids = [c["id"] for c in claims if c["status"] == "active"]
                from claimtrack.matching.links import link

                link(store, ids[0], ids[-1], "contradicts")  # one explicit item
                report_s = statistics.median(_cpu(lambda: report(store)) for _ in range(repeats))
                items = report(store)  # remembers its items, as 'claimtrack contradictions' does
                remembered = _dismiss_each(store, items)
                with store.transaction() as conn:
                    conn.execute("DELETE FROM dismissals")  # (a dismissal is found first)
                os.environ["XDG_CACHE_HOME"] = str(folder / "empty-cache")  # nothing remembered
                searched = _dismiss_each(store, items)
                unknown_s = _cpu(lambda: _refused(store))
        finally:
            if saved is None:
                os.environ.pop("XDG_CACHE_HOME", None)
            else:
                os.environ["XDG_CACHE_HOME"] = saved
    after = [t for ts in remembered.values() for t in ts]
    blind = [t for ts in searched.values() for t in ts]
    result = {"claims": n, "items": len(items), "report_s": report_s,
              "dismiss_after_report_s": statistics.median(after),
              "dismiss_searching_s": statistics.median(blind),
              "searching_by_path": {k: statistics.median(v) for k, v in searched.items()},
              "unknown_key_s": unknown_s}
    print(f"contradictions dismiss ({n} synthetic claims, {len(items)} items; CPU s, medians; "
          f"baseline: the whole report, which dismiss ran before) report {report_s:.3f} s")
    print(f"  dismiss after a report (its items remembered): {result['dismiss_after_report_s']:.4f}"
          f" s, {report_s / result['dismiss_after_report_s']:.0f}x less than the report")
    print(f"  dismiss with nothing remembered (searching): {result['dismiss_searching_s']:.3f} s, "
          f"{report_s / result['dismiss_searching_s']:.1f}x less; by how it is found: "
          + ", ".join(f"{how} {seconds:.4f} s ({len(searched[how])})"
                      for how, seconds in result["searching_by_path"].items()))
    print(f"  unknown key (every step tried, then refused): {unknown_s:.3f} s")
    return result


def _refused(store: ClaimStore) -> None:
    from claimtrack.errors import ClaimtrackError

    try:
        dismiss(store, "x-000000", "bench")
    except ClaimtrackError:
        return
    raise AssertionError("x-000000 was dismissed")


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 3_000)
