"""Learn extra cue words from annotated articles (PolNeAR-style gold).

A word becomes a cue when annotators marked it as the head of a cue at least
``min_count`` times and in at least ``min_share`` of its occurrences in the articles.
Used by ``bench/bench_polnear.py`` (cross-validated) and by
``scripts/learn_cues.py``, which writes the shipped list ``learned_cues.txt``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from . import lexicon as lx

WORD = re.compile(r"[a-z]+(?:[’'-][a-z]+)*")
MIN_COUNT = 5
MIN_SHARE = 0.3
# A cue word whose proposals were right less often than this (and seen PRUNE_MIN_SEEN times)
# is dropped: it costs more precision than it brings recall.
PRUNE_PRECISION = 0.3
PRUNE_MIN_SEEN = 8


def cue_head(cue_text: str) -> str | None:
    """The word of a cue that carries it: 'has also called for' -> 'called'."""
    words: list[str] = WORD.findall(cue_text.lower())
    for w in words:
        if w not in lx.AUXILIARIES and not w.endswith("ly"):    # 'formally endorsed': endorsed
            return str(w)  # findall is typed Any (mypy no-any-return, arrived from main)
    return None


def learn(articles: Iterable[tuple[str, list[str]]], *, min_count: int = MIN_COUNT,
          min_share: float = MIN_SHARE) -> dict[str, str]:
    """``articles``: (text, [cue text of each gold attribution]) -> {word: word}."""
    heads: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for text, cues in articles:
        seen.update(WORD.findall(text.lower()))
        heads.update(h for h in map(cue_head, cues) if h)
    out = {}
    for word, n in heads.items():
        if n >= min_count and n / max(seen[word], 1) >= min_share and word not in lx.NOUNS \
                and word not in lx.NOT_BEFORE_CUE and len(word) > 2:
            out[word] = word
    return out


def prune(right: Counter[str], wrong: Counter[str], *, min_seen: int = PRUNE_MIN_SEEN,
          precision: float = PRUNE_PRECISION) -> set[str]:
    """Cue words to drop, from how often the proposals they cued matched the gold."""
    return {w for w in set(right) | set(wrong)
            if right[w] + wrong[w] >= min_seen and right[w] / (right[w] + wrong[w]) < precision}


def cue_forms(hand: dict[str, str], learned: dict[str, str], dropped: Iterable[str]) -> dict[str, str]:
    """The cue forms to use: the hand-written and the learned ones, less the dropped."""
    gone = set(dropped)
    return {w: b for w, b in {**learned, **hand}.items() if w not in gone}
