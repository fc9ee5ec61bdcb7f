"""Numbers in digits (claimtrack.text.numbers): one reader for the matcher and the
contradiction detector, so "300K", "$US346,807" and "585M" mean the same to both."""

from __future__ import annotations

import re

import pytest

from claimtrack.contradictions.cues import _tokens
from claimtrack.contradictions.quantities import _quantities
from claimtrack.matching import numbers_in
from claimtrack.matching.noise import split_scaled
from claimtrack.text.numbers import FIGURE, MONEY, Figure, letter_scale, read_figure


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("300k", Figure("", "300", "k")),
        ("585m", Figure("", "585", "m")),
        ("2.5bn", Figure("", "2.5", "bn")),
        ("1.2tn", Figure("", "1.2", "tn")),
        ("$us346,807", Figure("$", "346,807", "")),
        ("us$5", Figure("$", "5", "")),
        ("a$3", Figure("$", "3", "")),
        ("€3mn", Figure("€", "3", "mn")),
        ("70%", Figure("", "70", "%")),
        ("1990s", Figure("", "1990", "s")),
        ("21st", Figure("", "21", "st")),
        ("1,234,567", Figure("", "1,234,567", "")),
    ],
)
def test_read_figure(token: str, expected: Figure) -> None:
    assert read_figure(token) == expected


@pytest.mark.parametrize("token", ["4g", "300kb", "k300", "fifty", "$", "", "5 k"])
def test_not_a_figure(token: str) -> None:
    assert read_figure(token) is None


def test_value_scale_and_decimals() -> None:
    figure = read_figure("$us346,807.50")
    assert figure is not None
    assert (figure.value, figure.decimals, figure.scale) == (346807.5, 2, None)
    assert read_figure("2.5bn") == Figure("", "2.5", "bn")
    assert [letter_scale(x) for x in ("k", "m", "mn", "b", "bn", "tn", "trn", "s", "")] == [
        10**3, 10**6, 10**6, 10**9, 10**9, 10**12, 10**12, None, None]


def test_figure_is_a_whole_token_in_running_text() -> None:
    pattern = re.compile(FIGURE)
    assert pattern.findall("us$5 and $us346,807, 300k jobs, 70% in the 1990s") == [
        "us$5", "$us346,807", "300k", "70%", "1990s"]
    assert pattern.fullmatch("300kb") is None  # a letter suffix ends the word


def test_money_in_running_text() -> None:
    found = [m.groups() for m in re.finditer(MONEY, "$us346807 and us$ 5 million, a$3, $5bn, €2k")]
    assert found == [("$", "346807", None), ("$", "5", "million"), ("$", "3", None),
                     ("$", "5", "bn"), ("€", "2", "k")]


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("300K jobs were created", 300_000, "count"),
        ("585M people", 585_000_000, "count"),
        ("it cost $US346,807 in total", 346_807, "money$"),
        ("it cost US$5 in total", 5, "money$"),
        ("a $2.5bn deal", 2_500_000_000, "money$"),
    ],
)
def test_the_detector_and_the_matcher_read_the_same_number(text: str, value: int, kind: str) -> None:
    (quantity,) = _quantities(_tokens(text))
    assert quantity.kind == kind
    assert quantity.lo <= value <= quantity.hi
    assert numbers_in(text) == {str(value)}


def test_the_matcher_splits_scale_letters_into_words() -> None:
    assert split_scaled(["300k", "jobs", "2.5bn", "5trn", "4g", "1990s"]) == [
        "300", "thousand", "jobs", "2.5", "billion", "5", "trillion", "4g", "1990s"]
