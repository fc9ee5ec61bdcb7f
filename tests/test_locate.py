"""Locating a quote as a person typed it (claimtrack.text.anchoring.locate)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.errors import AmbiguousQuote, InvalidInput, QuoteNotFound
from claimtrack.text.anchoring import fold, locate

from .conftest import SEEDS

VOX = (SEEDS / "001_5f9e32d0296bbd23.txt").read_text(encoding="utf-8")
TECH = (SEEDS / "002_a5c30c16f2984d1a.txt").read_text(encoding="utf-8")


def test_exact_quote_gives_span_and_context():
    span = locate(VOX, "has nothing to do with Russia or China")
    assert VOX[span.start:span.end] == "has nothing to do with Russia or China"
    assert span.prefix == VOX[span.start - 32:span.start]
    assert span.suffix == VOX[span.end:span.end + 32]


@pytest.mark.parametrize(
    "typed, expected",
    [
        # straight quotes for curly ones
        ('were a "closely held secret" in government', "were a “closely held secret” in government"),
        # straight apostrophe for a curly one
        ("Musk's Kremlin contacts", "Musk’s Kremlin contacts"),
        # quotation marks around the whole quote
        ('"has nothing to do with Russia or China"', "has nothing to do with Russia or China"),
        # ellipsis character in the source, three dots typed
        ("incredibly misleading story ... based upon", "incredibly misleading story … based upon"),
        # square-bracketed editorial insertion that the source contains
        ("compete with [SpaceX], for scale", "compete with [SpaceX], for scale"),
        # ...and typed without the brackets
        ("compete with SpaceX, for scale", "compete with [SpaceX], for scale"),
        # a different case at the start of a quote
        ("the Journal reported that Musk", "The Journal reported that Musk"),
    ],
)
def test_typed_variants_are_found(typed, expected):
    span = locate(VOX, typed)
    assert span.text == expected


def test_dash_variants_and_whitespace():
    expected = "bridge the divide — such as his fiery rhetoric"
    for typed in ("bridge the divide - such as his fiery rhetoric",
                  "bridge the divide--such as his fiery rhetoric",
                  "bridge  the\n divide – such as his  fiery rhetoric"):
        assert locate(TECH, typed).text == expected


def test_line_breaks_in_a_quote_spanning_paragraphs():
    span = locate(TECH, "How the Alliance Between Tech Titans and MAGA Could Redefine America The inauguration")
    assert "\n" in span.text


def test_ellipsis_stands_for_omitted_words():
    span = locate(VOX, "SpaceX told Vox that Starlink ... license to operate")
    assert span.text.startswith("SpaceX told Vox that Starlink is not available")
    assert span.text.endswith("license to operate")
    assert span.mode == "ellipsis"


def test_ellipsis_parts_must_be_close_together():
    with pytest.raises(QuoteNotFound):
        locate(VOX, "Generally speaking ... address it.")


def test_ellipsis_parts_must_be_in_order():
    with pytest.raises(QuoteNotFound):
        locate(VOX, "license to operate ... SpaceX told Vox")


def test_ambiguous_quote_lists_places_and_occurrence_picks_one():
    with pytest.raises(AmbiguousQuote) as err:
        locate(VOX, "Starlink satellite internet")
    assert "2 times" in str(err.value) and "--occurrence" in str(err.value)
    first = locate(VOX, "Starlink satellite internet", occurrence=1)
    second = locate(VOX, "Starlink satellite internet", occurrence=2)
    assert first.start < second.start
    assert [first.start, second.start] == [p[0] for p in err.value.positions]


def test_occurrence_out_of_range():
    with pytest.raises(InvalidInput, match="out of range"):
        locate(VOX, "Starlink satellite internet", occurrence=3)


def test_not_found_shows_the_closest_passage():
    with pytest.raises(QuoteNotFound) as err:
        locate(VOX, "there is really no other firm right now that can compete with SpaceX")
    message = str(err.value)
    assert "closest passage" in message and "no other company right now" in message
    assert "\n" not in message


@pytest.mark.parametrize("quote", ["", "   ", "\n"])
def test_empty_quote_is_refused(quote):
    with pytest.raises(InvalidInput):
        locate(VOX, quote)


def test_fold_keeps_offsets():
    folded = fold("a  “b” — c…")
    assert folded.text == 'a "b"-c...'
    assert len(folded.offsets) == len(folded.text)


def _retype(passage: str) -> str:
    """What a person types: straight quotes, collapsed whitespace."""
    table = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
    return " ".join(passage.translate(table).split())


SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_retyped_unique_passage_anchors_to_its_span(data):
    """Any passage that occurs once, retyped, anchors back to exactly its span."""
    text = data.draw(st.sampled_from(SEED_TEXTS))
    start = data.draw(st.integers(0, len(text) - 10))
    length = data.draw(st.integers(8, 160))
    end = min(len(text), start + length)
    # a passage a person would select: no leading/trailing space
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    passage = text[start:end]
    typed = _retype(passage)
    folded = fold(text).text
    from hypothesis import assume

    assume(len(typed) >= 8 and folded.count(fold(typed).text) == 1)
    assume(folded.lower().count(fold(typed).text.lower()) == 1)
    span = locate(text, typed)
    from claimtrack.text.anchoring import _CLOSING_MARKS, _OPENING_MARKS

    if (typed[0] in _OPENING_MARKS and typed[-1] in _CLOSING_MARKS and end - start > 2
            and text[start] in _OPENING_MARKS and text[end - 1] in _CLOSING_MARKS):
        # typed in its own quotation marks: the words are stored, not the marks (issue 22)
        start, end = start + 1, end - 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    assert (span.start, span.end) == (start, end)
