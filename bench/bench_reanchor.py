"""Re-anchoring speed on a 1 MB source, next to plain ``str.find``.

``python bench/bench_reanchor.py`` (or ``make bench``, through :func:`run`)
builds a deterministic ~1 MB source from the seed articles' vocabulary, picks
1,000 quotes that occur once, inserts a paragraph near the start (so every
quote is ``moved``) and times, in the same run:

* ``new_text.find(quote)`` for the 1,000 quotes (the baseline);
* :func:`claimtrack.text.reanchor.reanchor` for the same quotes, with the old text
  passed as ``claimtrack.verify`` does;

and prints the medians over a few repetitions and their ratio.  It also times
a few quotes with one character changed: with their context intact (found
with ``str.find`` between prefix and suffix), and with their prefix changed
too (only the approximate scan of the whole text finds them).
"""

from __future__ import annotations

import random
import re
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from timing import median_time, time_once  # noqa: E402

from claimtrack.text.reanchor import reanchor  # noqa: E402

SIZE = 1_000_000
QUOTES = 1_000
REPEATS = 5
CHANGED = 3
CONTEXT = 32


def build_source(size: int = SIZE, seed: int = 0) -> str:
    """About ``size`` characters of paragraphs of words drawn from the seed articles."""
    words = re.findall(
        r"\S+", " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    )
    rng = random.Random(seed)
    paragraphs: list[str] = []
    length = 0
    while length < size:
        paragraph = " ".join(rng.choices(words, k=rng.randint(40, 160)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 1
    return "\n".join(paragraphs)[:size]


def pick_quotes(text: str, count: int, after: int, seed: int = 1) -> list[tuple[int, int]]:
    """``(start, length)`` of ``count`` quotes (20-120 characters, each occurring once) past ``after``."""
    rng = random.Random(seed)
    spans: dict[int, int] = {}
    while len(spans) < count:
        length = rng.randint(20, 120)
        start = rng.randrange(after, len(text) - length)
        quote = text[start : start + length]
        if start not in spans and text.find(quote, text.find(quote) + 1) < 0:
            spans[start] = length
    return sorted(spans.items())


def run(repeats: int = REPEATS) -> dict[str, Any]:
    """Build the source, time both loops, and return the figures."""
    old_text = build_source()
    cut = old_text.index("\n", 1000) + 1
    new_text = old_text[:cut] + "An inserted paragraph that shifts everything after it.\n" + old_text[cut:]
    claims = [
        (old_text[s : s + n], old_text[max(0, s - CONTEXT) : s], old_text[s + n : s + n + CONTEXT], s)
        for s, n in pick_quotes(old_text, QUOTES, after=cut + CONTEXT)
    ]
    quotes = [quote for quote, *_ in claims]

    def baseline() -> None:
        for quote in quotes:
            new_text.find(quote)

    def reanchor_all() -> None:
        for quote, prefix, suffix, start in claims:
            reanchor(new_text, quote, prefix, suffix, start, old_text)

    statuses = Counter(reanchor(new_text, q, p, s, start, old_text).status for q, p, s, start in claims)
    find_s = median_time(baseline, repeats)
    reanchor_s = median_time(reanchor_all, repeats)

    # A few quotes with one character changed: found between their intact prefix and
    # suffix with str.find; with a character of the prefix changed too, only the
    # approximate scan over the whole text finds them.
    in_place: list[float] = []
    scanned: list[float] = []
    for quote, prefix, suffix, start in claims[:: len(claims) // CHANGED][:CHANGED]:
        middle = len(quote) // 2
        edited = quote[:middle] + "#" + quote[middle + 1 :]
        for context, times in ((prefix, in_place), ("#" + prefix[1:], scanned)):
            text = new_text.replace(prefix + quote, context + edited, 1)
            times.append(time_once(
                lambda t=text, q=quote, p=prefix, s=suffix, at=start:
                reanchor(t, q, p, s, at, old_text)))

    return {
        "text_chars": len(new_text),
        "quotes": len(claims),
        "statuses": dict(statuses),
        "find_median_s": find_s,
        "reanchor_median_s": reanchor_s,
        "ratio": reanchor_s / find_s,
        "changed_in_place_median_s": statistics.median(in_place),
        "changed_scanned_median_s": statistics.median(scanned),
    }


def report() -> dict[str, Any]:
    """Run, print the figures (for ``make bench``) and return them."""
    figures = run()
    print("## Re-anchoring\n")
    print(f"source: {figures['text_chars']:,} characters, {figures['quotes']:,} quotes")
    print(f"statuses: {figures['statuses']}")
    print(f"str.find, all quotes:  {figures['find_median_s'] * 1000:8.1f} ms (median of {REPEATS})")
    print(f"reanchor, all quotes:  {figures['reanchor_median_s'] * 1000:8.1f} ms (median of {REPEATS})")
    print(f"ratio reanchor/find:   {figures['ratio']:8.2f}x")
    print(f"one changed quote:     {figures['changed_in_place_median_s'] * 1000:8.1f} ms (context intact)")
    print(f"same, prefix changed:  {figures['changed_scanned_median_s'] * 1000:8.1f} ms (approximate scan)")
    return figures


def main() -> int:
    report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
