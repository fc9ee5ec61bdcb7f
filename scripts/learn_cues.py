"""Write claimtrack/extract/learned_cues.py: cue words learned from the PolNeAR train gold.

Usage: python scripts/learn_cues.py [POLNEAR_DIR]  (default ../shared/bench-data/polnear)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_polnear  # noqa: E402

from claimtrack.extract import learn  # noqa: E402


def main(argv: list[str]) -> int:
    if argv:
        import os

        os.environ[bench_polnear.ENV_VAR] = argv[0]
    sp = bench_polnear.scorer()
    gold = sp.load_gold(str(bench_polnear.data_dir() / "train"))
    _forms, words, dropped = bench_polnear.fit(sp, gold, sorted(gold))
    body = "\n".join(f"    {w!r}," for w in sorted(words))
    gone = "\n".join(f"    {w!r}," for w in sorted(dropped))
    out = ROOT / "claimtrack" / "extract" / "learned_cues.py"
    out.write_text(
        '"""Cue words learned from the 840 PolNeAR training articles by scripts/learn_cues.py\n'
        f"(claimtrack.extract.learn: a cue head at least {learn.MIN_COUNT} times and in at least "
        f"{learn.MIN_SHARE:.0%}\nof its occurrences).  Generated: do not edit by hand.\n"
        f"Dropped: cue words whose proposals were right in under {learn.PRUNE_PRECISION:.0%} of "
        f"at least {learn.PRUNE_MIN_SEEN}.\n"
        '"""\n\nfrom . import learn, lexicon\n\nLEARNED_WORDS = (\n' + body + "\n)\n"
        "DROPPED = frozenset((\n" + gone + "\n))\n"
        "LEARNED = {w: w for w in LEARNED_WORDS}\n"
        "# The cue forms extract() uses.\n"
        "SHIPPED_FORMS = learn.cue_forms(lexicon.CUE_FORMS, LEARNED, DROPPED)\n",
        encoding="utf-8")
    print(f"wrote {len(words)} learned and {len(dropped)} dropped words to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
