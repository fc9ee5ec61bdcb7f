"""Who a source span names: a person, an outlet, or an anonymous description.

Names are resolved within the article: 'Plumb, the former assistant defense
secretary' after an earlier 'John Plumb' is John Plumb; 'he' or 'she' is the last
named speaker when no other person spoke in the sentences just before, else blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as lx

CAPITALISED_RUN = re.compile(r"(?:[A-Z][\w’'.-]*\.?(?:\s+|$))+")
WORD = re.compile(r"[\w’'.-]+")


@dataclass(frozen=True)
class Who:
    strength: str          # named, reported, anonymous (or "" when unknown)
    name: str              # the name, outlet or description ("" when unknown)


def name_runs(text: str) -> list[str]:
    """Capitalised runs of a text without their titles: 'Spokeswoman Haley Morris' -> ['Haley Morris']."""
    out = []
    for m in CAPITALISED_RUN.finditer(text):
        words = WORD.findall(m.group())
        while words and words[0].lower().rstrip(".") in lx.TITLES:
            words.pop(0)
        words = [w for w in words if w.lower().rstrip(".") not in ("mr", "mrs", "ms", "dr")]
        if words:
            out.append(" ".join(w.rstrip("’'s") if w.endswith(("’s", "'s")) else w for w in words))
    return out


class Resolver:
    """Resolves the sources of one article, in text order."""

    def __init__(self, text: str):
        self.full: dict[str, str] = {}     # last name -> most recent full name seen
        for run in name_runs(text):
            parts = run.split()
            if len(parts) >= 2:
                self.full.setdefault(parts[-1], run)
        self.recent: list[tuple[int, str]] = []   # (sentence, person) of named speakers

    def expand(self, name: str) -> str:
        parts = name.split()
        if len(parts) == 1 and parts[0] in self.full:
            return self.full[parts[0]]
        return name

    def who(self, source: str, sentence: int, context: str = "") -> Who:
        """The attribution a source span implies; ``context`` is its sentence."""
        clean = " ".join(source.split()).strip(" ,")
        head = clean.split(",")[0].strip()
        low = head.lower()
        first = low.split()[0] if low else ""
        lowctx = context.lower()
        if low in lx.PRONOUNS:
            if low in lx.PERSON_PRONOUNS and self.recent:
                last_sentence, person = self.recent[-1]
                others = {p for s, p in self.recent if s >= last_sentence - 2 and p != person}
                if not others:
                    return Who("named", person)
            return Who("", "")
        runs = name_runs(head)
        words = set(WORD.findall(low))
        if any(mark in lowctx for mark in lx.ANONYMOUS_MARKS) or (
                first in lx.ANONYMOUS_HEADS and not runs):
            desc = re.sub(r"^(?:an?|one)\s+", "", clean.split(",")[0].strip(), flags=re.I)
            return Who("anonymous", desc or clean)
        if words & lx.OUTLET_WORDS and runs:
            return Who("reported", re.sub(r"^the\s+", "", runs[-1], flags=re.I))
        if runs:
            person = self.expand(runs[-1])
            self.recent.append((sentence, person))
            return Who("named", person)
        return Who("named", head) if head else Who("", "")
