"""The shared word diff (claimtrack.text.worddiff): re-anchoring and the citation check use it."""

from __future__ import annotations

import pytest

from claimtrack.check.quotations import quotation_diff
from claimtrack.text.reanchor import word_diff
from claimtrack.text.worddiff import diff_words


def test_equal_words_are_no_diff() -> None:
    assert diff_words(["a", "b"], ["a", "b"], context=3) is None
    assert diff_words([], [], context=3) is None


def test_a_key_decides_what_differs_and_new_words_are_shown() -> None:
    old, new = ["The", "EIGHT", "members."], ["the", "nine", "members"]

    def key(word: str) -> str:
        return word.casefold().strip(".")

    assert diff_words(old, new, 3, key=key) == "the [-EIGHT-]{+nine+} members"
    assert diff_words(["The", "Board"], ["the", "board"], 3, key=str.casefold) is None


@pytest.mark.parametrize(
    ("old", "new", "context", "expected"),
    [
        ("a b c", "a c", 3, "a [-b-] c"),
        ("a c", "a b c", 3, "a {+b+} c"),
        ("a b", "c d", 3, "[-a b-]{+c d+}"),
        ("1 2 3 4 5 x 6 7 8 9 10", "1 2 3 4 5 y 6 7 8 9 10", 2, "... 4 5 [-x-]{+y+} 6 7 ..."),
        # the unchanged run between two changes keeps context on both sides, or all of it
        ("x 1 2 3 4 5 y", "X 1 2 3 4 5 Y", 2, "[-x-]{+X+} 1 2 ... 4 5 [-y-]{+Y+}"),
        ("x 1 2 3 4 y", "X 1 2 3 4 Y", 2, "[-x-]{+X+} 1 2 3 4 [-y-]{+Y+}"),
    ],
)
def test_diff_words(old: str, new: str, context: int, expected: str) -> None:
    assert diff_words(old.split(), new.split(), context) == expected


def test_both_callers_word_the_same_change_alike() -> None:
    old, new = "the agency said eight of the nine launches failed", "the agency said nine of the nine launches failed"
    assert word_diff(old, new, context=6) == quotation_diff(old, new)
    assert quotation_diff(old, new) == diff_words(old.split(), new.split(), 6)


def test_callers_keep_their_own_no_change_wording() -> None:
    assert word_diff("same  words", "same words") == "(whitespace only)"
    assert quotation_diff("Same words.", "same \u201cwords\u201d") == "(differs only in case or punctuation)"
