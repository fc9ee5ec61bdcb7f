"""The rules: find the attributions in one sentence of an article.

One concept (the attribution shapes of news prose) in one file of about 500 lines: the
rules share the cue scanning and the span helpers below, one small function per rule.

Each rule starts at a cue outside quotation marks and reads the words around it:

- a quote before the cue: ``“A,” Smith said`` / ``“A,” said Smith, “B.”``;
- reported speech: ``Smith said (that) A`` / ``Smith told reporters A``;
- a trailing cue: ``A, Smith said.``;
- ``according to Smith, A`` / ``A, according to Smith``;
- a continuing participle: ``…, adding that A``;
- a non-answer: ``Smith declined to comment`` (no content).

Spans are character offsets into the whole article.  The rules know nothing of the
database; :mod:`claimtrack.extract.speakers` turns the source spans into names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from . import lexicon as lx
from .sentences import ABBREVIATIONS, Sentence, Span

TOKEN = re.compile(r"\w+(?:[’'.&-]\w+)*|[^\w\s]")
STOPS = frozenset(",;:()—–[]<>")
QUOTE_MARKS = frozenset("“”\"")
FINAL = ".!?;:…"
MAX_SOURCE_TOKENS = 14
MAX_APPOSITIVE = 35
MAX_COLON_NAME = 5
MAX_BETWEEN_HALVES = 6
# Words before a colon that open a note, not a speaker's words.
NOT_SPEAKERS = frozenset("correction update updated note editor editor’s editor's read watch related "
                         "photo video source sources clarification disclosure".split())
HEAD_WORDS = frozenset("a an the one two three several some".split())
TIME_LEADS = frozenset("on last this early late".split())
MAX_LISTENER_TOKENS = 6
MAX_TRAILING_TOKENS = 7
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
ADVERBIAL_STARTS = frozenset("on in at during last this earlier after before to of about while "
                             "yesterday today tonight recently , late early".split()) | WEEKDAYS
NON_ANSWER_FIRST = frozenset(p.split()[0] for p in lx.NON_ANSWERS)
RELATIVES = frozenset("which who whom whose where".split())
CLAUSE_BREAKS = frozenset("and but while though although yet whereas".split())
SUBORDINATORS = frozenset("when if because as while although though since after before once until "
                          "unless whether".split())
LISTENER_OBJECTS = frozenset("me him her us them you reporters supporters voters "
                             "the audience crowd".split())


@dataclass
class Found:
    """One attribution found by the rules (the raw material of a proposal)."""

    kind: str                      # quote, reported, according, continuing, declined
    cue: Span
    content: list[Span] = field(default_factory=list)   # fragments, in order
    source: Span | None = None
    sentence: int = 0              # index of the sentence in the article
    cue_word: str = ""


@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    text: str
    lower: str
    quoted: bool                   # inside a quotation (its marks included)


def tokens(text: str, sentence: Sentence) -> list[Tok]:
    out = []
    for m in TOKEN.finditer(text, sentence.start, sentence.end):
        a, b = m.span()
        quoted = any(qa <= a and b <= qb for qa, qb in sentence.quotes)
        out.append(Tok(a, b, m.group(), m.group().lower(), quoted))
    return out


def cue_at(toks: list[Tok], i: int, forms: Mapping[str, str]) -> tuple[str, int] | None:
    """(kind of cue, index of its last token) if a cue starts at token i."""
    t = toks[i]
    if t.quoted:
        return None
    if t.lower in NON_ANSWER_FIRST:
        rest = " ".join(x.lower for x in toks[i:i + 6])
        for phrase in lx.NON_ANSWERS:
            if rest.startswith(phrase) and (len(rest) == len(phrase) or not rest[len(phrase)].isalnum()):
                return "declined", i + len(phrase.split()) - 1
    if t.lower == "according" and i + 1 < len(toks) and toks[i + 1].lower == "to":
        return "according", i + 1
    if t.lower in lx.DENIALS:
        return "denial", i
    base = forms.get(t.lower)
    if base is None or (i > 0 and toks[i - 1].lower in lx.NOT_BEFORE_CUE):
        return None
    last = i
    if base in lx.PARTICLES and i + 1 < len(toks) and toks[i + 1].lower in lx.PARTICLES[base]:
        last = i + 1
    if (t.lower in lx.CONTINUING or t.lower.endswith("ing")) and i > 0 and toks[i - 1].lower in (",", "and"):
        return "continuing", last
    return "verb", last


def _clause_floor(here: list[Found], toks: list[Tok], floor: int) -> int:
    """How far back an appositive may reach: past cues that found nothing."""
    if not here:
        return 0
    last = max(here[-1].content[-1][1] if here[-1].content else 0, here[-1].cue[1])
    return min(floor, next((k for k, t in enumerate(toks) if t.start >= last), floor))


def _source_before(toks: list[Tok], end: int, floor: int, forms: Mapping[str, str], *,
                   appositive_floor: int | None = None) -> tuple[int, int] | None:
    """Token range [a, b) of the noun phrase ending before token ``end`` (exclusive),
    going back no further than ``floor``; None when there is none."""
    k = end - 1
    # 'Christie, who chairs the team, on Sunday defended': the time is not the source's.
    while k > floor and toks[k].lower in lx.TIME_WORDS and toks[k - 1].lower in TIME_LEADS:
        k -= 2
    if k >= floor and toks[k].text == "," and not toks[k].quoted:
        # An appositive: 'Plumb, the former assistant defense secretary, said', or
        # 'Shook, a security expert who has helped investigate the breaches, said'.
        low = floor if appositive_floor is None else appositive_floor
        j, best = k - 1, None
        while j >= low and not toks[j].quoted and toks[j].text not in ";:" and k - j <= MAX_APPOSITIVE:
            if toks[j].text == ",":
                head = _plain_np(toks, j, low, forms)
                if head and (toks[head[0]].text[:1].isupper() or toks[head[0]].lower in HEAD_WORDS) \
                        and head[1] - head[0] <= 6:
                    best = head[0]
                    if head[0] == low or toks[head[0] - 1].text in STOPS:
                        break
            j -= 1
        return (best, k + 1) if best is not None else None
    return _plain_np(toks, k + 1, floor, forms)


def _plain_np(toks: list[Tok], end: int, floor: int, forms: Mapping[str, str]) -> tuple[int, int] | None:
    k = end - 1
    while k >= floor:
        t = toks[k]
        if t.text == ")" and not t.quoted:
            # '(D-Ore.)' after a name belongs to it.
            j = k - 1
            while j >= floor and k - j <= 8 and toks[j].text != "(":
                j -= 1
            if j >= floor and toks[j].text == "(":
                k = j - 1
                continue
        if t.quoted or t.text in STOPS or t.lower in lx.CLAUSE_WORDS:
            break
        if t.lower in forms:
            break
        k -= 1
    a, b = k + 1, end
    # 'Trump on Tuesday said': the time is not part of the source.
    while b > a and (toks[b - 1].lower in lx.TIME_WORDS):
        b -= 1
        while b > a and toks[b - 1].lower in ("on", "last", "this", "late", "early", "earlier", "in"):
            b -= 1
    if b <= a or b - a > MAX_SOURCE_TOKENS:
        return None
    return a, b


def _abbreviation(t: Tok) -> bool:
    return t.lower in ABBREVIATIONS or (len(t.text) == 1 and t.text.isupper())


def _source_after(toks: list[Tok], start: int) -> tuple[int, int] | None:
    """'… said Jeff Weaver, Sanders' campaign manager': the source after the cue."""
    b = start
    while b < len(toks) and not toks[b].quoted and toks[b].text not in STOPS and (
            toks[b].text not in FINAL or (toks[b].text == "." and b > start and _abbreviation(toks[b - 1]))):
        b += 1
    if b + 1 < len(toks) and toks[b].text == "," and toks[b + 1].lower in ("who", "a", "an", "the") \
            and len(toks) - b <= MAX_APPOSITIVE and not any(t.quoted for t in toks[b:]):
        # '… said Lee Epstein, who teaches constitutional law.'
        b = len(toks)
        while b > start and toks[b - 1].text in FINAL:
            b -= 1
        return start, b
    while b > start and toks[b - 1].lower in lx.TIME_WORDS:
        b -= 1
        while b > start and toks[b - 1].lower in ("on", "last", "this", "in"):
            b -= 1
    if b <= start or b - start > MAX_SOURCE_TOKENS:
        return None
    return start, b


def _content_start(toks: list[Tok], r: int, base: str) -> int:
    """The first token of the content after a cue whose last token is r - 1."""
    n = len(toks)
    if r < n and base in lx.LISTENER_VERBS:
        # Skip the listener: 'told reporters (on Tuesday) that', 'told The New York Times'.
        j = r
        while j < n and j - r < MAX_LISTENER_TOKENS and not toks[j].quoted and toks[j].lower != "that" \
                and toks[j].text not in ",:":
            j += 1
        if j < n and j - r < MAX_LISTENER_TOKENS and (toks[j].quoted or toks[j].lower == "that"
                                                     or toks[j].text in ",:"):
            r = j
        elif toks[r].lower in LISTENER_OBJECTS:
            r += 1
        else:
            while r < n and toks[r].text[:1].isupper() and not toks[r].quoted:
                r += 1
    if r < n and (toks[r].lower in ADVERBIAL_STARTS):
        # 'said on Tuesday that', 'said in a statement that'.
        for j in range(r, min(n, r + 12)):
            if toks[j].quoted:
                break
            if toks[j].lower == "that":
                r = j
                break
    while r < n and toks[r].text in ",:" and not toks[r].quoted:
        r += 1
    return r


def _strip_end(text: str, a: int, b: int) -> int:
    """End of a content span: without a final full stop or comma outside quotes."""
    while b > a and (text[b - 1] in FINAL + "," or text[b - 1].isspace()):
        b -= 1
    return b


def find(text: str, sentences: list[Sentence], forms: Mapping[str, str] | None = None,
         progress: Callable[[int], None] | None = None) -> list[Found]:
    """Every attribution the rules find in the article, in text order.

    ``forms`` maps each cue word to its base form [default: the shipped cues: the lexicon's
    and the learned ones, less the dropped (``learned_cues.SHIPPED_FORMS``)].
    ``progress(sentences done)`` is told after each sentence."""
    if forms is None:
        from .learned_cues import SHIPPED_FORMS

        forms = SHIPPED_FORMS
    found: list[Found] = []
    for si, s in enumerate(sentences):
        toks = tokens(text, s)
        cues = []
        i = 0
        while i < len(toks):
            hit = cue_at(toks, i, forms)
            if hit:
                cues.append((i, hit[1], hit[0]))
                i = hit[1] + 1
            else:
                i += 1
        here: list[Found] = []
        speaker = _colon_speaker(text, sentences, si, toks)
        if speaker is not None:
            here.append(speaker)
        for n in range(len(cues)):
            f = _one(text, sentences, si, toks, cues, n, here, forms)
            if f is not None:
                f.sentence = si
                here.append(f)
        found.extend(here)
        if progress is not None:
            progress(si + 1)
    return found


def _colon_speaker(text: str, sentences: list[Sentence], si: int, toks: list[Tok]) -> Found | None:
    """'BOULDUAN: You guys …' / 'Trey Gowdy: Benghazi Investigation …': a paragraph opened
    by a capitalised name and a colon; the content runs to the end of the paragraph."""
    s = sentences[si]
    if si and sentences[si - 1].paragraph == s.paragraph:
        return None
    k = next((j for j, t in enumerate(toks[:MAX_COLON_NAME + 1]) if t.text == ":"), None)
    if not k or k + 1 >= len(toks) or any(t.quoted or not t.text[:1].isupper() for t in toks[:k]
                                          if t.text not in ".-’'") or toks[0].lower in NOT_SPEAKERS:
        return None
    end = s.end
    for nxt in sentences[si + 1:]:
        if nxt.paragraph != s.paragraph:
            break
        end = nxt.end
    start = toks[k + 1].start
    end = _strip_end(text, start, end)
    if end <= start:
        return None
    return Found("quote" if toks[k + 1].quoted else "reported", (toks[k].start, toks[k].end),
                 [(start, end)], (toks[0].start, toks[k - 1].end), cue_word=":")


def _next_cut(toks: list[Tok], cues: list[tuple[int, int, str]], n: int,
              forms: Mapping[str, str]) -> int:
    """The token where the content after cue n stops: the next cue's clause, or the end."""
    for i, _last, kind in cues[n + 1:]:
        j = i
        while j > 0 and toks[j - 1].lower in lx.AUXILIARIES:
            j -= 1
        if j > 0 and toks[j - 1].lower in (",", "and", ";") or kind == "continuing":
            return j - 1 if toks[j - 1].lower in (",", "and", ";") else j
        # '…, and other GOP leaders said …': the next cue's own source starts a clause.
        np = _source_before(toks, j, cues[n][1] + 1, forms)
        if np and np[0] > 0 and toks[np[0] - 1].lower in (",", "and", "but", ";"):
            k = np[0] - 1
            while k > cues[n][1] + 1 and toks[k - 1].lower in (",", "and", "but"):
                k -= 1
            return k
    return len(toks)


@dataclass
class _At:
    """One cue of a sentence, and what the rules know around it."""

    text: str
    sentences: list[Sentence]
    si: int
    toks: list[Tok]
    cues: list[tuple[int, int, str]]
    n: int
    here: list[Found]
    forms: Mapping[str, str]
    i: int = 0          # the cue's verb
    last: int = 0       # the cue's last token
    kind: str = ""
    floor: int = 0      # no source reaches back past this token
    c0: int = 0         # the cue's first token (auxiliaries included)
    r: int = 0          # the first token after the cue
    cut: int = 0        # the content stops before this token
    cue: Span = (0, 0)
    word: str = ""

    @property
    def s(self) -> Sentence:
        return self.sentences[self.si]

    def found(self, kind: str, content: list[Span], source: Span | None) -> Found:
        return Found(kind, self.cue, content, source, cue_word=self.word)


def _one(text: str, sentences: list[Sentence], si: int, toks: list[Tok],
         cues: list[tuple[int, int, str]], n: int, here: list[Found],
         forms: Mapping[str, str]) -> Found | None:
    at = _At(text, sentences, si, toks, cues, n, here, forms)
    at.i, at.last, at.kind = cues[n]
    at.floor = cues[n - 1][1] + 1 if n else 0
    # Auxiliaries and adverbs before the verb belong to the cue: 'has also said'.
    at.c0 = at.i
    while at.c0 > at.floor and toks[at.c0 - 1].lower in lx.AUXILIARIES and not toks[at.c0 - 1].quoted:
        at.c0 -= 1
    at.cue = (toks[at.c0].start, toks[at.last].end)
    at.word = text[toks[at.i].start:toks[at.last].end]
    at.r = at.last + 1
    at.cut = _next_cut(toks, cues, n, forms)
    if at.kind == "according":
        return _according(at)
    # An appositive may hold cues of its own ('Shook, writing for the majority, said'):
    # its search may go back past them.
    np = _source_before(toks, at.c0, at.floor, forms, appositive_floor=_clause_floor(here, toks, at.floor))
    source = (toks[np[0]].start, toks[np[1] - 1].end) if np else None
    if at.kind == "declined":
        return at.found("declined", [], source) if source else None
    if at.kind == "continuing":
        return _continuing(at)
    quoted = _quoted(at, np, source)
    if quoted is not None:
        return quoted if quoted.content else None
    if source is None and at.c0 > 1 and toks[at.c0 - 1].text == "," and n == 0 \
            and forms.get(toks[at.i].lower) in lx.INVERTING:
        # 'The plan will fail, said Lee Epstein, a law professor.'
        after = _source_after(toks, at.r)
        if after and (after[1] >= len(toks) - 1 or toks[after[1]].text == ","):
            return at.found("reported", [(at.s.start, toks[at.c0 - 2].end)],
                            (toks[after[0]].start, toks[after[1] - 1].end))
    if source is None:
        if not (at.c0 > 0 and toks[at.c0 - 1].lower in ("and", "but")):
            return None
        # '… downplayed the attack — and said it was …': the subject is further back.
        source = here[-1].source if here else None
        np = None
    trailing = _trailing(at, np, source)
    if trailing is not None:
        return trailing if trailing.content else None
    return _reported(at, np, source)


def _according(at: _At) -> Found | None:
    """'according to Smith, A' / 'A, according to Smith'."""
    toks, r, c0 = at.toks, at.r, at.c0
    src_end = r
    while src_end < len(toks) and toks[src_end].text not in STOPS and not toks[src_end].quoted:
        src_end += 1
    if c0 > at.floor and toks[c0 - 1].text == ",":
        content = (at.s.start if at.floor == 0 else toks[at.floor].start, toks[c0 - 1].start)
    else:
        k = src_end + 1 if src_end < len(toks) and toks[src_end].text == "," else src_end
        if k >= at.cut:
            return None
        content = (toks[k].start, _strip_end(at.text, toks[k].start, toks[at.cut - 1].end))
    source = (toks[r].start, _strip_end(at.text, toks[r].start, toks[src_end - 1].end)) \
        if src_end > r else None
    if content[1] <= content[0]:
        return None
    return at.found("according", [content], source)


def _continuing(at: _At) -> Found | None:
    """'…, adding that A': the source of the attribution before, in the same sentence."""
    prev = at.here[-1] if at.here else None
    start = _content_start(at.toks, at.r, at.forms.get(at.toks[at.i].lower, ""))
    if start >= at.cut:
        return None
    content = (at.toks[start].start, _strip_end(at.text, at.toks[start].start, at.toks[at.cut - 1].end))
    return at.found("continuing", [content], prev.source if prev else None)


def _quoted(at: _At, np: tuple[int, int] | None, source: Span | None) -> Found | None:
    """A quote just before the source (or the cue): '“A,” Smith said' / '“A,” said Smith'.
    None when there is no such quote; a Found without content when the rule gives up."""
    toks, s, sentences, si = at.toks, at.s, at.sentences, at.si
    b = (np[0] if np else at.c0) - 1
    if b >= at.floor and toks[b].text == "," and not toks[b].quoted:
        b -= 1
    quote = None
    if b >= 0 and toks[b].quoted:
        quote = next((q for q in s.quotes if q[1] == toks[b].end), None)
    if quote is None and np and np[0] == 0 and si and sentences[si - 1].paragraph == s.paragraph:
        # '"Perpetual motion!" Rep. Glenn Thompson said.': the quote ended with '!' or '?',
        # so the splitter cut after it.
        q = sentences[si - 1]
        if q.quotes and q.quotes[0][0] == q.start and q.quotes[-1][1] >= q.end - 1 \
                and at.text[q.quotes[-1][1] - 2] in "!?":
            return at.found("quote", [(q.start, q.quotes[-1][1])], source)
    if quote is None:
        return None
    r = at.r
    if source is None:
        after = _source_after(toks, r)
        if after:
            source = (toks[after[0]].start, toks[after[1] - 1].end)
            r = after[1]
    parts = [(quote[0] if at.n else s.start, quote[1])]
    # '“A,” he added, “B.”': the second half is the same quote.
    # Words between ('she told Hewitt, “…”', 'he said on Tuesday, “…”') are allowed.
    j = r
    while j < len(toks) and j - r <= MAX_BETWEEN_HALVES and not toks[j].quoted \
            and toks[j].text not in FINAL:
        j += 1
    if j < len(toks) and toks[j].quoted and (j == r or toks[j - 1].text in ",:"):
        q2 = next((q for q in s.quotes if q[0] == toks[j].start), None)
        if q2:
            parts.append(q2)
    elif at.n == len(at.cues) - 1 and not any(t.quoted for t in toks[r:]) and si + 1 < len(sentences):
        # The next sentence, a quote and nothing else, goes on with the same quote.
        nxt = sentences[si + 1]
        if nxt.quotes and nxt.quotes[0][0] == nxt.start and nxt.quotes[0][1] >= nxt.end - 1:
            parts.append(nxt.quotes[0])
    return at.found("quote", parts, source)


def _trailing(at: _At, np: tuple[int, int] | None, source: Span | None) -> Found | None:
    """A trailing cue: 'A, Smith said (on Tuesday).'  None when the cue does not trail; a
    Found without content when it trails but the rule gives up."""
    toks, r, cut = at.toks, at.r, at.cut
    np_start = np[0] if np else at.c0
    interrupts = r < cut and toks[r].text == "," and np is not None and np[1] - np[0] <= 4
    if not (np_start > at.floor and toks[np_start - 1].text == "," and (
            cut - r <= MAX_TRAILING_TOKENS or interrupts) and not (
            r < len(toks) and (toks[r].lower == "that" or toks[r].quoted or toks[r].text == ":"))):
        return None
    if np_start < 2:
        return at.found("reported", [], source)
    start = at.s.start
    if r < cut and toks[r].text == "," and cut - r > 2:
        # 'A, his campaign said, B': the cue interrupts the content.
        content = (start, _strip_end(at.text, start, toks[cut - 1].end))
    else:
        content = (start, toks[np_start - 2].end)
    return at.found("reported", [content] if content[1] > content[0] else [], source)


def _reported(at: _At, np: tuple[int, int] | None, source: Span | None) -> Found | None:
    """Reported speech: 'Smith said (that) A', 'Smith told reporters A'."""
    toks, r, cut, s, text = at.toks, at.r, at.cut, at.s, at.text
    if r < len(toks) and toks[r].lower == "by":
        return None     # a passive: 'was criticized by libertarians'
    np_start = np[0] if np else at.c0
    start = _content_start(toks, r, at.forms.get(toks[at.i].lower, toks[at.i].lower))
    if np_start > 0 and toks[np_start - 1].lower in SUBORDINATORS:
        # 'When Clinton said she would debate, he ...': the content ends at the comma.
        comma = next((j for j in range(start, cut) if toks[j].text == "," and not toks[j].quoted), None)
        if comma is not None:
            cut = comma
    if start >= cut:
        # 'Trump said:' and the quote in the next sentence.
        if toks[-1].text == ":" and at.si + 1 < len(at.sentences):
            nxt = at.sentences[at.si + 1]
            return at.found("quote" if nxt.quotes and nxt.quotes[0][0] == nxt.start else "reported",
                            [(nxt.start, _strip_end(text, nxt.start, nxt.end))], source)
        return None
    cut = _clause_end(toks, start, cut)
    end = _strip_end(text, toks[start].start, toks[cut - 1].end)
    if end <= toks[start].start:
        return None
    first = toks[start]
    quoted = first.quoted and first.text in QUOTE_MARKS and end <= _quote_end(s, first.start)
    kind = "denial" if at.kind == "denial" else ("quote" if quoted else "reported")
    return at.found(kind, [(toks[start].start, end)], source)


def _clause_end(toks: list[Tok], start: int, cut: int) -> int:
    """'…, and Emanuel released the video', '…; …', '…, which …': a new clause is not the content."""
    for j in range(start + 1, cut - 2):
        if not toks[j].quoted and (toks[j].text == ";" or toks[j].text == "," and (
                toks[j + 1].lower in RELATIVES or toks[j + 1].lower in CLAUSE_BREAKS and (
                    toks[j + 2].text[:1].isupper() or toks[j + 2].lower in lx.PRONOUNS))):
            return j
    return cut


def _quote_end(s: Sentence, start: int) -> int:
    return next((b for a, b in s.quotes if a == start), start)
