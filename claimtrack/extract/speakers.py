"""Who a source span names: a person, an outlet, or an anonymous description.

Names are resolved within the article: 'Plumb, the former assistant defense
secretary' after an earlier 'John Plumb' is John Plumb; 'he' or 'she' is the last
named speaker when no other person spoke in the sentences just before, else blank.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from . import lexicon as lx

WORD = re.compile(r"[\w’'.-]+")
TOKEN = re.compile(r"\S+")
PERSON = re.compile(r"(?:[A-Z][\w’'.-]*\s)*[A-Z][\w’'-]*")
# Sentence-initial capitals that are not names ('If I went …', 'But Plumb …').
NOT_NAMES = frozenset("if i but and the when as in on at it we he she they this that a an so or "
                      "for to of after before while then there what why how who".split())
HONORIFICS = ("mr", "mrs", "ms", "dr")
DETERMINERS = frozenset("a an one some several two three four many".split())


@dataclass(frozen=True)
class Who:
    strength: str          # named, reported, anonymous (or "" when unknown)
    name: str              # the name, outlet or description ("" when unknown)


def _bare(word: str) -> str:
    word = word.strip("“”\"‘’'(),;:")
    if word.endswith(("’s", "'s")):
        word = word[:-2]
    return word


def name_runs(text: str) -> list[str]:
    """Capitalised runs of a text without their titles: 'Spokeswoman Haley Morris' -> ['Haley Morris']."""
    runs: list[list[str]] = [[]]
    for m in TOKEN.finditer(text):
        raw = m.group()
        word = _bare(raw)
        if not word or not word[0].isupper():
            runs.append([])
            continue
        runs[-1].append(word.rstrip(".") if word.endswith(".") and not _abbrev(word) else word)
        possessive = raw.rstrip(",;:”\"").endswith(("’s", "'s"))
        if raw.endswith((",", ";", ":")) or possessive or (word.endswith(".") and not _abbrev(word)):
            runs.append([])
    out = []
    for words in runs:
        while words and words[0].lower().rstrip(".") in lx.TITLES:
            words.pop(0)
        words = [w for w in words if w.lower().rstrip(".") not in HONORIFICS]
        if len(words) > 3:
            words = words[-2:]     # 'Digital Affairs Herming Chiueh' -> 'Herming Chiueh'
        if words:
            out.append(" ".join(words))
    return out


def _abbrev(word: str) -> bool:
    bare = word.rstrip(".").lower()
    return bare in lx.TITLES or bare in HONORIFICS or len(bare) == 1 or "." in bare


class Resolver:
    """Resolves the sources of one article, in text order."""

    def __init__(self, text: str):
        self.full: dict[str, str] = {}     # last name -> most recent full name seen
        for run in name_runs(text):
            parts = run.split()
            if len(parts) >= 2 and not any(p.lower() in NOT_NAMES or len(p) < 2 for p in parts):
                self.full.setdefault(parts[-1], run)
        self.recent: list[tuple[int, str]] = []   # (sentence, person) of named speakers
        # Every mention of a known person (offset, full name): a pronoun is ambiguous when
        # the person last mentioned is not the last speaker.
        self.mentions: list[tuple[int, str]] = []
        for m in PERSON.finditer(text):
            if m.group().endswith(("’s", "'s")):
                continue    # 'whatever Musk’s views': a possessive is not someone speaking
            words = [_bare(w) for w in m.group().split()]
            while words and words[0].lower().rstrip(".") in lx.TITLES:
                words.pop(0)
            if len(words) >= 2 and words[-1] in self.full:
                self.mentions.append((m.start(), self.full[words[-1]]))
            elif words and words[-1] in self.full:
                self.mentions.append((m.start(), self.full[words[-1]]))
        self.mention_offsets = [offset for offset, _ in self.mentions]

    def expand(self, name: str) -> str:
        parts = name.split()
        if len(parts) == 1 and parts[0] in self.full:
            return self.full[parts[0]]
        return name

    def who(self, source: str, sentence: int, context: str = "", at: int = 0) -> Who:
        """The attribution a source span implies; ``context`` is its sentence (less the
        content), ``at`` the source's offset in the article."""
        clean = " ".join(source.split()).strip(" ,")
        head = clean.split(",")[0].strip()
        low = head.lower()
        first = low.split()[0] if low else ""
        lowctx = context.lower()
        if first in lx.PRONOUNS:
            low = first     # 'he personally'
        if low in lx.PRONOUNS:
            if low in lx.PERSON_PRONOUNS and self.recent:
                _sentence, person = self.recent[-1]
                k = bisect.bisect_left(self.mention_offsets, at)
                if k == 0 or self.mentions[k - 1][1] == person:
                    return Who("named", person)
            return Who("", "")
        runs = name_runs(head)
        words = set(WORD.findall(low))
        people = [r for r in name_runs(clean) if len(r.split()) >= 2]
        if any(mark in lowctx for mark in lx.ANONYMOUS_MARKS) or (
                first in lx.ANONYMOUS_HEADS and not runs) or (first in DETERMINERS and not (
                    people and "," in clean)):
            desc = re.sub(r"^(?:an?|one)\s+", "", head, flags=re.I)
            return Who("anonymous", desc or clean)
        if words & lx.OUTLET_WORDS and runs:
            return Who("reported", re.sub(r"^the\s+", "", runs[-1], flags=re.I))
        if runs:
            person = self.expand(runs[-1])
            self.recent.append((sentence, person))
            return Who("named", person)
        described = re.sub(r"^the\s+", "", head, flags=re.I)
        if described and not described[0].isupper():
            return Who("anonymous", described)
        return Who("named", head) if head else Who("", "")
