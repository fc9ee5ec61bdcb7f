"""``contradictions dismiss`` against the whole report, on the same database in the same run.

``python bench/bench_dismiss.py [N]`` imports N synthetic claims (``bench/synthetic.py``,
default 3,000) into a new database, then times, in CPU seconds (medians):

* the whole report (:func:`claimtrack.contradictions.report`), the baseline: what
  ``dismiss`` cost before issue 16, since it ran the report to find one key;
* ``dismiss`` of each item (:func:`claimtrack.contradictions.dismiss`, which finds
  the item by its key, :mod:`claimtrack.contradictions.lookup`), split by how the
  item was found (a person's link, a denial, the matcher's candidate pairs).
"""

from __future__ import annotations

import json
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


def run(n: int = 3_000, repeats: int = 3) -> dict[str, Any]:
    """Print and return the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-dismiss-") as work:
        folder = Path(work)
        sources, claims = _records(n)
        (folder / "sources.ndjson").write_text("".join(json.dumps(s) + "\n" for s in sources))
        (folder / "claims.ndjson").write_text("".join(json.dumps(c) + "\n" for c in claims))
        with ClaimStore(folder / "bench.db") as store:
            import_files(store, [folder / "sources.ndjson", folder / "claims.ndjson"])
            ids = [c["id"] for c in claims if c["status"] == "active"]
            from claimtrack.matching.links import link

            link(store, ids[0], ids[-1], "contradicts")  # one explicit item (found by its link)
            report_s = statistics.median(_cpu(lambda: report(store)) for _ in range(repeats))
            items = report(store)
            times: dict[str, list[float]] = {}
            for item in items:
                how = "explicit" if item["kind"] == "explicit" else (
                    "denial" if item["kind"] == "denial" else "candidate pairs")
                times.setdefault(how, []).append(
                    _cpu(lambda: dismiss(store, item["item"], "bench")))  # noqa: B023
            unknown_s = _cpu(lambda: _refused(store))
    every = [t for ts in times.values() for t in ts]
    result = {"claims": n, "items": len(items), "report_s": report_s,
              "dismiss_median_s": statistics.median(every), "dismiss_max_s": max(every),
              "by_path": {k: statistics.median(v) for k, v in times.items()},
              "unknown_key_s": unknown_s}
    print(f"contradictions dismiss ({n} synthetic claims, {len(items)} items; CPU s, medians): "
          f"whole report (the old dismiss) {report_s:.3f} s; dismiss {result['dismiss_median_s']:.3f}"
          f" s (max {result['dismiss_max_s']:.3f}), {report_s / result['dismiss_median_s']:.1f}x "
          "less")
    for how, seconds in result["by_path"].items():
        print(f"  found by {how}: {seconds:.4f} s ({len(times[how])} items)")
    print(f"  unknown key (every path tried, then refused): {unknown_s:.3f} s")
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
