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

:func:`rewrites` measures the "rewritten in place" rule on the seed articles
(quotes of 6-14 words, seeded at random): a run of about a third of a quote's
inner words replaced by other words of the articles, the sentence around it
untouched (should be ``changed`` at the right span); the quote's paragraph
deleted while a copy of it with the same rewrite stands after it or at the
end of the article (should be ``orphaned``); the quote replaced by an unrelated passage of the same length
(should be ``orphaned``).  The baseline is the same run with the rule off.
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


def _rewrite_cases(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Quotes from the seed articles, each with a rewrite of about a third of its inner words."""
    articles = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    vocabulary = sorted({w for a in articles for w in re.findall(r"[A-Za-z]+", a)})
    rng = random.Random(seed)
    cases: list[dict[str, Any]] = []
    while len(cases) < count:
        text = rng.choice(articles)
        paragraphs = text.split("\n")
        para = rng.randrange(len(paragraphs))
        words = list(re.finditer(r"\S+", paragraphs[para]))
        n = rng.randint(6, 14)
        if len(words) < n + 2:
            continue
        first = rng.randrange(0, len(words) - n + 1)
        para_start = sum(len(p) + 1 for p in paragraphs[:para])
        start = para_start + words[first].start()
        end = para_start + words[first + n - 1].end()
        quote = text[start:end]
        if text.count(quote) != 1 or start < CONTEXT or end + CONTEXT > len(text):
            continue
        run = max(2, round(n / 3))
        at = rng.randint(1, n - 1 - run)
        new_words = [m.group() for m in words[first:first + n]]
        new_words[at:at + run] = rng.choices(vocabulary, k=rng.randint(run - 1, run + 1))
        rewritten = " ".join(new_words)
        cases.append({"text": text, "quote": quote, "start": start, "rewritten": rewritten,
                      "paragraph": paragraphs[para], "para_start": para_start,
                      "other": rng.choice(articles)})
    return cases


def rewrites(count: int = 300) -> dict[str, Any]:
    """Outcomes of the three kinds of edit, with the in-place rule and without it (baseline)."""
    import claimtrack.text.reanchor as module

    cases = _rewrite_cases(count)
    floor = module.MIN_IN_PLACE_QUOTE_SCORE
    out: dict[str, Any] = {"cases": len(cases)}
    for label, value in (("rule", floor), ("baseline", module.MIN_QUOTE_SCORE)):
        module.MIN_IN_PLACE_QUOTE_SCORE = value
        try:
            tally: Counter[str] = Counter()
            for c in cases:
                text, quote, start = c["text"], c["quote"], c["start"]
                prefix, suffix = text[start - CONTEXT:start], text[start + len(quote):][:CONTEXT]
                new_text = text[:start] + c["rewritten"] + text[start + len(quote):]
                r = reanchor(new_text, quote, prefix, suffix, start, text)
                ok = (r.status, r.start, r.text) == ("changed", start, c["rewritten"])
                tally["rewritten: changed at the right span" if ok else
                      f"rewritten: {r.status}" + ("" if r.status == "orphaned" else " (wrong span)")] += 1
                # The paragraph deleted; a copy with the rewrite stood after it, and stays.
                twin = c["paragraph"].replace(quote, c["rewritten"])
                end_para = c["para_start"] + len(c["paragraph"])
                old_text = text[:end_para] + "\n" + twin + text[end_para:]
                new_text = text[:c["para_start"]] + twin + text[end_para:]
                r = reanchor(new_text, quote, prefix, suffix, start, old_text)
                tally[f"deleted, rewritten copy next to it: {r.status}"] += 1
                # The same, the copy at the end of the article.
                old_text = text + "\n" + twin
                new_text = text[:c["para_start"]] + text[end_para + 1:] + "\n" + twin
                r = reanchor(new_text, quote, prefix, suffix, start, old_text)
                tally[f"deleted, rewritten copy at the end: {r.status}"] += 1
                # The quote replaced by an unrelated passage of the same length.
                at = random.Random(start).randrange(0, len(c["other"]) - len(quote))
                new_text = text[:start] + c["other"][at:at + len(quote)] + text[start + len(quote):]
                r = reanchor(new_text, quote, prefix, suffix, start, text)
                tally[f"replaced by unrelated words: {r.status}"] += 1
            out[label] = dict(sorted(tally.items()))
        finally:
            module.MIN_IN_PLACE_QUOTE_SCORE = floor
    return out


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
    figures["rewrites"] = outcomes = rewrites()
    print(f"\nrewritten in place, {outcomes['cases']} seed quotes (rule | baseline: rule off):")
    for key in sorted(set(outcomes["rule"]) | set(outcomes["baseline"])):
        print(f"  {key:50} {outcomes['rule'].get(key, 0):4} | {outcomes['baseline'].get(key, 0):4}")
    return figures


def main() -> int:
    report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
