"""The stance of a text toward what it is about (claimtrack.contradictions.stance)."""

from __future__ import annotations

import pytest

from claimtrack.contradictions.stance import STANCES, Stance, stance


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Egypt's President denies offering land to Palestinians in Sinai", "denies"),
        ("Axl Rose NOT dead: death hoax spreads online", "not"),
        ("Axl Rose NOT dead: death hoax spreads online", "hoax"),
        ("Cosby says he NEVER touched her", "never"),
        ("The report that Tesla will close the factory is false", "false"),
        ("Viral story of the third breast debunked", "debunked"),
        ("No, Banksy hasn't been arrested", "hasn't"),
        ("Scientists doubt that a meteor caused the crater", "doubt"),
        ("Report of quarantined town is not true", "not true"),
        ("Jeh Johnson shoots down claim that IS is entering the U.S.", "shoots down"),
    ],
)
def test_refutations_deny(text: str, cue: str) -> None:
    found = stance(text)
    assert found.label == "denies"
    assert cue in found.cues


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Tesla may close its Shanghai factory", "may"),
        ("Musk is said to have spoken to Putin", "is said to"),
        ("Woman claims she had a third breast added", "claims"),
        ("Did Banksy draw the Charlie Hebdo cartoon?", "?"),
        ("White House won't say if Foley family was threatened", "won't say"),
        ("Morin refuses to confirm or deny report that Apple is buying Path", "confirm or deny"),
        ("ISIS leader allegedly killed in airstrike", "allegedly"),
    ],
)
def test_hedges(text: str, cue: str) -> None:
    found = stance(text)
    assert found.label == "hedges"
    assert cue in found.cues


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Apple reportedly plans a cheaper iPhone", "reportedly"),
        ("Amazon to open its first store in Manhattan, according to sources", "according to"),
        ("Pentagon: Somali terror group leader killed in US airstrike", "pentagon:"),
        ("Microsoft nears deal to buy Mojang: WSJ", ": wsj"),
        ("SpaceX says Starlink is available in Taiwan", "says"),
    ],
)
def test_reports(text: str, cue: str) -> None:
    found = stance(text)
    assert found.label == "reports"
    assert cue in found.cues


def test_plain_statement_asserts() -> None:
    assert stance("Starlink is available in Taiwan through a local partner") == Stance("asserts")
    assert str(stance("Starlink launched 60 satellites")) == "asserts"


def test_a_negation_the_claim_shares_does_not_deny_it() -> None:
    claim = "ESPN planned a domestic violence panel that didn't include any women"
    assert stance("ESPN panel didn't include any women", toward=claim).label == "asserts"
    assert stance("ESPN panel didn't include any women", toward="").label == "denies"


def test_alive_denies_dead() -> None:
    found = stance("Macaulay Culkin alive and well", toward="Macaulay Culkin is dead")
    assert found == Stance("denies", ("alive",))
    assert stance("Macaulay Culkin alive and well").label == "asserts"


@pytest.mark.parametrize(
    "text",
    [
        "There is no doubt the launch succeeded",
        "Not only did SpaceX launch, it landed the booster",
        "Nun who had no idea she was pregnant gives birth",
        "Men keep a burger for a friend who never showed up",
        "Argentina's President adopts a boy so he won't turn into a werewolf",
        "Homeless man insists it was NOT a hoax",
        "Woman denies surgery hoax claims",
    ],
)
def test_negations_that_do_not_deny_the_claim(text: str) -> None:
    assert stance(text).label != "denies", stance(text)


def test_did_not_say_still_denies() -> None:
    found = stance("Pope Francis did NOT say our pets are going to heaven")
    assert found.label == "denies"
    assert found.cues == ("not",)


def test_no_says_denies() -> None:
    assert stance("NHL expansion ahead? No, says Gary Bettman").label == "denies"


def test_labels_and_cues_are_tuples_of_strings() -> None:
    for text in ("", "?", "not", "Reportedly", "hoax hoax hoax"):
        found = stance(text)
        assert found.label in STANCES
        assert all(isinstance(c, str) for c in found.cues)
    assert stance("hoax hoax hoax").cues == ("hoax",)


def test_curly_apostrophes_read_as_straight() -> None:
    assert stance("Banksy hasn\u2019t been arrested").cues == ("hasn't",)
