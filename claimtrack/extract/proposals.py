"""Proposals: what the rules found, in the words a claim needs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from . import rules, sentences
from .lexicon import CONTINUING
from .speakers import Resolver

Span = tuple[int, int]
# What --only takes: each kind of proposal.
KINDS = ("quotes", "reported", "according", "denials", "declined")
_KIND = {"quote": "quotes", "reported": "reported", "continuing": "reported",
         "according": "according", "denial": "denials", "declined": "declined"}


@dataclass
class Proposal:
    """A proposed claim: its content (the quote), cue, source and implied attribution."""

    kind: str                       # one of KINDS
    content: Span | None            # first to last character of the content (None: a non-answer)
    parts: list[Span]               # the content's fragments ('“A,” he added, “B”': two)
    cue: Span
    cue_word: str
    source: Span | None
    source_text: str
    speaker: str                    # resolved name, outlet or description; "" when unknown
    strength: str                   # named, reported, anonymous; "" when the speaker is unknown
    denied_by: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)
    quote: str = ""                 # the content's words, fragments joined by ' ... '
    applies_to: int | None = None   # a non-answer: the proposal it answers (index)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def extract(text: str, *, forms: Mapping[str, str] | None = None,
            progress: Callable[[int, int], None] | None = None) -> list[Proposal]:
    """Proposals for every attribution the rules find in ``text``, in text order.

    ``progress(done, total)`` counts the sentences twice: read by the rules, then proposed."""
    sents = sentences.split(text)
    total = 2 * len(sents)
    found = rules.find(text, sents, forms,
                       None if progress is None else lambda done: progress(done, total))
    resolver = Resolver(text)
    out: list[Proposal] = []
    sentence_of: list[int] = []
    for f in found:
        src = text[f.source[0]:f.source[1]] if f.source else ""
        s = sents[f.sentence]
        # The sentence without the content: 'who spoke on condition of anonymity' counts,
        # 'unnamed sources' inside the quote does not.
        context, last = [], s.start
        for a, b in f.content:
            if a >= last:
                context.append(text[last:a])
                last = b
        context.append(text[max(last, s.start):s.end])
        who = resolver.who(src, f.sentence, " ".join(context), f.source[0]) if f.source else None
        speaker, strength = (who.name, who.strength) if who else ("", "")
        if not src and f.cue_word.lower() in CONTINUING and out and sentence_of[-1] == f.sentence:
            speaker, strength = out[-1].speaker, out[-1].strength
        kind = _KIND[f.kind]
        content = (f.content[0][0], f.content[-1][1]) if f.content else None
        p = Proposal(kind=kind, content=content, parts=list(f.content), cue=f.cue, cue_word=f.cue_word,
                     source=f.source, source_text=src, speaker=speaker, strength=strength,
                     quote=" ... ".join(text[a:b] for a, b in f.content))
        if kind == "denials" and speaker:
            p.denied_by, p.strength, p.speaker = [speaker], "", ""
        if kind == "declined":
            p.declined = [speaker] if speaker else []
            earlier = [i for i, q in enumerate(out) if q.content is not None]
            p.applies_to = earlier[-1] if earlier else None
        out.append(p)
        sentence_of.append(f.sentence)
        if progress is not None:
            progress(len(sents) + f.sentence + 1, total)
    if progress is not None:
        progress(total, total)
    return out
