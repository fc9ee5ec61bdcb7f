"""Contradiction detection: precision and recall on the labelled pairs, and speed.

``python bench/bench_contradictions.py`` (or ``make bench``) prints

* precision and recall of :func:`claimtrack.contradictions.detect` on
  ``tests/data/contradiction_pairs.jsonl`` (hand-labelled pairs built from the
  seed articles and paraphrases of them), and how often the kind is right;
* the time :func:`detect` takes on synthetic claims (``bench/synthetic.py``),
  with the recall of the planted ``number-changed`` duplicates and the number
  of other alarms raised.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "contradiction_pairs.jsonl"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from claimtrack.contradictions import Contradiction, detect  # noqa: E402


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    """The labelled pairs, one JSON object a line."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def judge(item: Mapping[str, Any]) -> Contradiction | None:
    """What :func:`detect` says about one labelled pair (``explicit`` pairs are linked)."""
    a, b = item["a"], item["b"]
    links = [(a["id"], b["id"])] if item.get("explicit") else []
    found = detect([a, b], candidate_pairs=[(a["id"], b["id"])], explicit=links)
    return found[0] if found else None


def evaluate(pairs: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Precision, recall, tp, fp, fn (and kind accuracy over true positives) on ``pairs``."""
    tp = fp = fn = right_kind = 0
    misses: list[str] = []
    for item in pairs:
        found = judge(item)
        expected = item["label"] == "contradiction"
        if found and expected:
            tp += 1
            right_kind += found.kind == item["kind"]
        elif found:
            fp += 1
            misses.append(f"false alarm ({found.kind}): {item.get('note', '')}")
        elif expected:
            fn += 1
            misses.append(f"missed ({item['kind']}): {item.get('note', '')}")
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "kind_accuracy": right_kind / tp if tp else 1.0,
        "errors": misses,
    }


def synthetic(n_claims: int = 5000) -> dict[str, Any]:
    """Time :func:`detect` on synthetic claims; recall of planted number changes.

    Alarms between claims planted from the same original (a reworded copy against
    a number-changed copy) are expected; alarms between unrelated claims are not.
    """
    from synthetic import generate

    _, claims = generate(n_claims)
    start = time.perf_counter()
    found = detect(claims)
    seconds = time.perf_counter() - start
    by_id = {c["id"]: c for c in claims}

    def root(claim_id: str) -> str:
        while "planted_of" in by_id[claim_id]:
            claim_id = by_id[claim_id]["planted_of"]
        return claim_id

    active = {c["id"] for c in claims if c["status"] == "active"}
    planted = {
        tuple(sorted((c["id"], c["planted_of"])))
        for c in claims
        if c.get("planted_kind") == "number-changed" and {c["id"], c["planted_of"]} <= active
    }
    pairs = {tuple(sorted(item.claims)) for item in found}
    unrelated = {p for p in pairs if root(p[0]) != root(p[1])}
    return {
        "claims": n_claims,
        "seconds": round(seconds, 2),
        "planted_number_changes": len(planted),
        "recall_number_changes": len(planted & pairs) / len(planted) if planted else 1.0,
        "alarms": len(pairs),
        "unrelated_alarms": len(unrelated),
    }


def run() -> dict[str, Any]:
    """Print and return the results (for ``make bench``)."""
    result = evaluate(load_pairs())
    print(
        f"contradictions (labelled pairs): precision {result['precision']:.3f}  "
        f"recall {result['recall']:.3f}  tp {result['tp']} fp {result['fp']} fn {result['fn']}  "
        f"kind accuracy {result['kind_accuracy']:.3f}"
    )
    for line in result["errors"]:
        print("  " + line)
    speed = synthetic()
    print(
        f"contradictions (synthetic): {speed['claims']} claims in {speed['seconds']} s, "
        f"planted number changes found {speed['recall_number_changes']:.3f} "
        f"of {speed['planted_number_changes']}; {speed['alarms']} alarms, "
        f"{speed['unrelated_alarms']} between unrelated claims"
    )
    result["synthetic"] = speed
    return result


if __name__ == "__main__":
    run()
