"""Re-anchoring quotes after their source changed (``claimtrack.text.reanchor``).

Properties run on the seed articles: passages of 20-120 characters that occur
once, with paragraphs inserted or deleted around them, their sentence deleted,
one of their words changed, or a near-identical paragraph set as a trap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimtrack.errors import InvalidInput
from claimtrack.text.approx import Match, scored
from claimtrack.text.reanchor import CONFIDENCE_THRESHOLD, Reanchor, reanchor, word_diff

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
ARTICLES = [path.read_text(encoding="utf-8") for path in SEEDS]
PARAGRAPHS = [article.split("\n") for article in ARTICLES]
FILLER = [p for paragraphs in PARAGRAPHS for p in paragraphs if p.strip()]
REPLACEMENTS = ["zebra", "walrus", "nine", "green", "okapi"]
CONTEXT = 32

# Deterministic and modest: the suite stays fast and a failure replays.
examples = settings(max_examples=50, derandomize=True, deadline=None)


@dataclass(frozen=True)
class Passage:
    """A quote taken from paragraph ``para`` of article ``article``, at ``offset`` in it."""

    article: int
    para: int
    offset: int
    quote: str

    @property
    def text(self) -> str:
        return ARTICLES[self.article]

    @property
    def start(self) -> int:
        return paragraph_start(PARAGRAPHS[self.article], self.para) + self.offset

    @property
    def end(self) -> int:
        return self.start + len(self.quote)

    @property
    def prefix(self) -> str:
        return self.text[max(0, self.start - CONTEXT) : self.start]

    @property
    def suffix(self) -> str:
        return self.text[self.end : self.end + CONTEXT]

    def reanchor(self, new_text: str, old_text: str | None) -> Reanchor:
        return reanchor(new_text, self.quote, self.prefix, self.suffix, self.start, old_text)


def paragraph_start(paragraphs: list[str], index: int) -> int:
    return sum(len(p) + 1 for p in paragraphs[:index])


@st.composite
def passages(draw: st.DrawFn, *, margin: int = 0, whole_words: bool = False) -> Passage:
    """A unique passage inside one paragraph, ``margin`` characters from both its ends."""
    article = draw(st.integers(0, len(ARTICLES) - 1))
    paragraphs = PARAGRAPHS[article]
    para = draw(st.sampled_from([i for i, p in enumerate(paragraphs) if len(p) >= 20 + 2 * margin]))
    text = paragraphs[para]
    if whole_words:
        words = [
            m.span() for m in re.finditer(r"\w+", text) if margin <= m.start() < m.end() <= len(text) - margin
        ]
        assume(words)
        first = draw(st.integers(0, len(words) - 1))
        last = draw(st.integers(first, len(words) - 1))
        offset, end = words[first][0], words[last][1]
        assume(20 <= end - offset <= 120)
    else:
        length = draw(st.integers(20, min(120, len(text) - 2 * margin)))
        offset = draw(st.integers(margin, len(text) - margin - length))
        end = offset + length
    quote = text[offset:end]
    assume(ARTICLES[article].count(quote) == 1)
    return Passage(article, para, offset, quote)


# -- moves -------------------------------------------------------------------------------------

edits = st.lists(
    st.tuples(st.booleans(), st.integers(0, 10**6), st.integers(0, 10**6)), min_size=1, max_size=4
)


@examples
@given(passage=passages(), changes=edits, with_old_text=st.booleans())
def test_paragraphs_inserted_or_deleted_elsewhere_move_the_quote(
    passage: Passage, changes: list[tuple[bool, int, int]], with_old_text: bool
) -> None:
    paragraphs = list(PARAGRAPHS[passage.article])
    para = passage.para
    for insert, where, pick in changes:
        if insert:
            at = where % (len(paragraphs) + 1)
            paragraphs.insert(at, FILLER[pick % len(FILLER)])
            para += at <= para
        else:
            others = [i for i in range(len(paragraphs)) if i != para]
            gone = others[where % len(others)]
            del paragraphs[gone]
            para -= gone < para
    new_text = "\n".join(paragraphs)
    assume(new_text.count(passage.quote) == 1)
    start = paragraph_start(paragraphs, para) + passage.offset

    r = passage.reanchor(new_text, passage.text if with_old_text else None)

    status = "anchored" if start == passage.start else "moved"
    assert (r.status, r.start, r.end, r.text, r.diff) == (
        status,
        start,
        start + len(passage.quote),
        passage.quote,
        "",
    )


@examples
@given(passage=passages(), with_old_text=st.booleans())
def test_an_exact_substring_anchors_back_to_itself(passage: Passage, with_old_text: bool) -> None:
    r = passage.reanchor(passage.text, passage.text if with_old_text else None)
    assert (r.status, r.start, r.end, r.text) == ("anchored", passage.start, passage.end, passage.quote)
    assert r.score == pytest.approx(1.0)


@examples
@given(data=st.data())
def test_a_repeated_substring_anchors_back_to_its_own_copy(data: st.DataObject) -> None:
    """Even a short, repeated quote ("the ") stays on its own occurrence when nothing changed."""
    text = ARTICLES[data.draw(st.integers(0, len(ARTICLES) - 1))]
    length = data.draw(st.integers(3, 12))
    start = data.draw(st.integers(0, len(text) - length))
    quote = text[start : start + length]
    prefix, suffix = text[max(0, start - CONTEXT) : start], text[start + length : start + length + CONTEXT]
    r = reanchor(text, quote, prefix, suffix, start, text)
    assert (r.status, r.start) == ("anchored", start)


# -- orphans and changes -----------------------------------------------------------------------

SENTENCE_END = re.compile(r"[.!?][”\"’)]*\s+")


@examples
@given(passage=passages(), with_old_text=st.booleans())
def test_deleting_the_quotes_sentence_orphans_it(passage: Passage, with_old_text: bool) -> None:
    paragraphs = list(PARAGRAPHS[passage.article])
    text = paragraphs[passage.para]
    bounds = [0, *(m.end() for m in SENTENCE_END.finditer(text)), len(text)]
    first = max(b for b in bounds if b <= passage.offset)
    last = min(b for b in bounds if b >= passage.offset + len(passage.quote))
    paragraphs[passage.para] = text[:first] + text[last:]
    new_text = "\n".join(paragraphs)

    r = passage.reanchor(new_text, passage.text if with_old_text else None)

    assert (r.status, r.start, r.end, r.text, r.diff) == (
        "orphaned",
        passage.start,
        passage.end,
        passage.quote,
        "",
    )


@examples
@given(
    passage=passages(whole_words=True),
    pick=st.integers(0, 10**6),
    replacement=st.sampled_from(REPLACEMENTS),
    shift=st.booleans(),
    with_old_text=st.booleans(),
)
def test_changing_one_word_gives_the_new_span_and_a_diff(
    passage: Passage, pick: int, replacement: str, shift: bool, with_old_text: bool
) -> None:
    quote = passage.quote
    inner = list(re.finditer(r"\w+", quote))[1:-1]
    assume(inner)
    word = inner[pick % len(inner)]
    assume(word.group() != replacement)
    assume(max(len(word.group()), len(replacement)) <= len(quote) / 4)
    new_quote = quote[: word.start()] + replacement + quote[word.end() :]
    # A paragraph inserted at the top shifts the quote without touching its context.
    assume(not shift or passage.start >= CONTEXT)
    inserted = FILLER[pick % len(FILLER)] + "\n" if shift else ""
    new_text = inserted + passage.text[: passage.start] + new_quote + passage.text[passage.end :]
    assume(quote not in new_text)  # the inserted paragraph may hold a copy

    r = passage.reanchor(new_text, passage.text if with_old_text else None)

    start = passage.start + len(inserted)
    assert (r.status, r.start, r.end, r.text) == ("changed", start, start + len(new_quote), new_quote)
    assert "[-" in r.diff and "{+" in r.diff
    assert word.group() in r.diff and replacement in r.diff
    assert r.score >= CONFIDENCE_THRESHOLD


# -- look-alike traps --------------------------------------------------------------------------


@examples
@given(
    passage=passages(margin=CONTEXT, whole_words=True),
    where=st.sampled_from(["quote", "context", "elsewhere"]),
    pick=st.integers(0, 10**6),
    at=st.integers(0, 10**6),
)
def test_a_quote_on_a_deleted_paragraph_does_not_jump_to_its_look_alike(
    passage: Passage, where: str, pick: int, at: int
) -> None:
    """Two near-identical paragraphs, the quoted one deleted.

    The quote may follow the survivor only when its prefix and suffix are
    there too (the paragraphs differ outside the quote's context); if they
    differ in the quote or in its context, the quote is orphaned.
    """
    paragraphs = list(PARAGRAPHS[passage.article])
    original = paragraphs[passage.para]
    lo, hi = passage.offset, passage.offset + len(passage.quote)
    regions = {
        "quote": lambda s, e: lo < s and e < hi,
        "context": lambda s, e: (lo - CONTEXT <= s and e <= lo) or (hi <= s and e <= hi + CONTEXT),
        "elsewhere": lambda s, e: e < lo - CONTEXT or s > hi + CONTEXT,
    }
    words = [m for m in re.finditer(r"\w+", original) if regions[where](*m.span())]
    assume(words)
    word = words[pick % len(words)]
    replacement = next(r for r in REPLACEMENTS if r != word.group())
    if where == "quote":  # close enough to the quote to be a real trap
        assume(max(len(word.group()), len(replacement)) <= len(passage.quote) / 4)
    twin = original[: word.start()] + replacement + original[word.end() :]

    # Old text: the article with the twin inserted somewhere; new text: the quoted original deleted.
    slot = at % (len(paragraphs) + 1)
    old = paragraphs[:slot] + [twin] + paragraphs[slot:]
    para = passage.para + (slot <= passage.para)
    old_text = "\n".join(old)
    old_start = paragraph_start(old, para) + passage.offset
    del old[para]
    new_text = "\n".join(old)
    prefix = old_text[old_start - CONTEXT : old_start]
    suffix = old_text[old_start + len(passage.quote) : old_start + len(passage.quote) + CONTEXT]

    r = reanchor(new_text, passage.quote, prefix, suffix, old_start, old_text)

    if where == "elsewhere":
        shift = len(replacement) - len(word.group()) if word.start() < lo else 0
        twin_start = paragraph_start(old, old.index(twin)) + passage.offset + shift
        status = "anchored" if twin_start == old_start else "moved"
        assert (r.status, r.start, r.text) == (status, twin_start, passage.quote)
    else:
        assert (r.status, r.start, r.text) == ("orphaned", old_start, passage.quote)


BOARD = (
    "The city council met on Tuesday to discuss the annual budget and the new transit plan. "
    "After a long debate, the council approved eight new members of the transit board, "
    "citing the need for more oversight of the project."
)


def _board_and_its_twin() -> tuple[str, str, int, str, str]:
    """A text with BOARD and a look-alike of it; the quote in BOARD, its start and context."""
    twin = BOARD.replace("eight", "nine")
    old_text = "\n".join(["Intro paragraph.", BOARD, "Filler in between.", twin, "Closing."])
    quote = "the council approved eight new members of the transit board"
    start = old_text.index(quote)
    end = start + len(quote)
    return old_text, quote, start, old_text[start - CONTEXT : start], old_text[end : end + CONTEXT]


def test_an_edited_quote_is_found_in_place_not_on_its_look_alike() -> None:
    old_text, quote, start, prefix, suffix = _board_and_its_twin()
    new_text = old_text.replace(BOARD, BOARD.replace("eight", "ten"), 1)

    r = reanchor(new_text, quote, prefix, suffix, start, old_text)

    assert (r.status, r.start, r.text) == ("changed", start, quote.replace("eight", "ten"))
    assert r.diff == "the council approved [-eight-]{+ten+} new members of ..."


def test_a_deleted_quote_is_orphaned_even_when_a_look_alike_fits_its_context() -> None:
    old_text, quote, start, prefix, suffix = _board_and_its_twin()
    new_text = old_text.replace(BOARD + "\n", "", 1)

    r = reanchor(new_text, quote, prefix, suffix, start, old_text)
    assert (r.status, r.start, r.text) == ("orphaned", start, quote)
    assert r.score > CONFIDENCE_THRESHOLD  # the look-alike scored high: only the old text unmasks it


def test_identical_copies_keep_their_order_when_text_is_inserted_before_them() -> None:
    """Two identical copies with identical context: the position hint goes by rank.

    After a long insertion before both, the first copy sits nearer the old
    offset of the second; the quote on the second must stay on the second.
    """
    block = "Repeated notice: the office is closed on public holidays."
    old_text = "x" * 200 + "\n" + block + "\n" + "x" * 40 + "\n" + block + "\n" + "x" * 100
    second = old_text.rindex(block)
    end = second + len(block)
    prefix, suffix = old_text[second - CONTEXT : second], old_text[end : end + CONTEXT]
    new_text = "x" * 150 + old_text
    new_second = new_text.rindex(block)
    assert abs(new_text.index(block) - second) < abs(new_second - second)

    r = reanchor(new_text, block, prefix, suffix, second, old_text)
    assert (r.status, r.start) == ("moved", new_second)


def test_a_repeated_quote_without_supporting_context_is_orphaned() -> None:
    """Two copies remain, neither with the stored context: a guess would be a confident wrong match."""
    quote = "the office is closed on public holidays"
    new_text = f"Alpha beta gamma, {quote}. Delta epsilon.\nZeta eta theta, {quote}. Iota kappa."
    r = reanchor(new_text, quote, "Something else entirely before: ", " and then other words after it.", 5)
    assert r.status == "orphaned"


@pytest.mark.parametrize(
    ("quote", "prefix", "suffix", "figure", "accepted"),
    [
        (1.0, 0.28, 0.28, 0.69, False),
        (1.0, 0.41, 0.41, 0.74, False),
        (1.0, 1.0, 0.28, 0.84, True),
        (0.9, 1.0, 1.0, 0.95, True),
        (0.75, 1.0, 1.0, 0.86, True),
        (0.9, 1.0, 0.28, 0.79, False),
        (0.95, 1.0, 0.28, 0.82, True),
    ],
)
def test_the_thresholds_worked_figures(
    quote: float, prefix: float, suffix: float, figure: float, accepted: bool
) -> None:
    """The figures in CONFIDENCE_THRESHOLD's docstring, at position score 1."""
    score = scored(Match(0, 1, 0), quote, prefix, suffix, 1.0).score
    assert round(score, 2) == figure
    assert (score >= CONFIDENCE_THRESHOLD) == accepted


def test_an_empty_quote_is_refused() -> None:
    with pytest.raises(InvalidInput):
        reanchor("some text", "", "", "", 0)


# -- word diff ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("same words", "same words", ""),
        ("same  words", "same words", "(whitespace only)"),
        ("eight of the nine", "nine of the nine", "[-eight-]{+nine+} of the nine"),
        (
            "one two three four five six seven eight nine ten eleven twelve",
            "one two three four five six SEVEN eight nine ten eleven twelve",
            "... four five six [-seven-]{+SEVEN+} eight nine ten ...",
        ),
        ("a b c", "a c", "a [-b-] c"),
        ("a c", "a b c", "a {+b+} c"),
        (
            "w1 w2 w3 w4 X w5 w6 w7 w8 w9 w10 w11 w12 Y w13",
            "w1 w2 w3 w4 x w5 w6 w7 w8 w9 w10 w11 w12 y w13",
            "... w2 w3 w4 [-X-]{+x+} w5 w6 w7 ... w10 w11 w12 [-Y-]{+y+} w13",
        ),
    ],
)
def test_word_diff(old: str, new: str, expected: str) -> None:
    assert word_diff(old, new) == expected
