"""Issue 18, typed as a user would: contradictions that read the text.

Each test adds sources and claims with the CLI and reads ``claimtrack contradictions
--format json``: refutations without ``--denied-by``, relatedness that survives
paraphrase, numbers as people write them, polarity false alarms, and items that show
both quotes, who said each, the stance of each and the clashing words.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimtrack.contradictions import pair_conflict


@pytest.fixture
def desk(cli: Any, tmp_path: Path) -> Any:
    """``desk(key, text)`` adds a source; ``desk.claim(key, quote, *options)`` a claim (its id)."""

    class Desk:
        def __call__(self, key: str, text: str) -> None:
            path = tmp_path / f"{key}.txt"
            path.write_text(text, encoding="utf-8")
            r = cli("source", "add", str(path), "--key", key)
            assert r.exit_code == 0, r.stderr

        def claim(self, key: str, quote: str, *options: str) -> str:
            r = cli("claim", "add", key, quote, *options, "--format", "json")
            assert r.exit_code == 0, r.stderr
            data = json.loads(r.stdout)
            return str((data[0] if isinstance(data, list) else data)["id"])

        def items(self) -> list[dict[str, Any]]:
            r = cli("contradictions", "--format", "json")
            assert r.exit_code == 0, r.stderr
            return list(json.loads(r.stdout))

    return Desk()


def test_a_denial_in_the_text_is_a_refutation_without_denied_by(desk: Any) -> None:
    desk("blog", "Egypt's President offered land in Sinai to the Palestinians, a blog said.")
    desk("ahram", "Egypt's President denies offering land in Sinai to the Palestinians.")
    a = desk.claim("blog", "Egypt's President offered land in Sinai to the Palestinians")
    b = desk.claim("ahram", "Egypt's President denies offering land in Sinai to the Palestinians",
                   "--named", "Egyptian presidency")
    (item,) = desk.items()
    assert item["kind"] == "refutation"
    assert item["claims"] == [a, b]
    assert "denies" in item["reason"] and item["clash"] == ["denies"]
    assert item["a_quote"].startswith("Egypt's President offered")
    assert item["b_quote"].startswith("Egypt's President denies")
    assert "Egyptian presidency" in item["b_said_by"]
    assert item["b_stance"] == "denies (denies)"
    assert item["a_stance"] == "asserts"


def test_a_death_hoax_refutes_the_death_and_reads_a_name_variant(desk: Any) -> None:
    desk("tabloid", "Axel Rose is dead.")
    desk("wire", "Axl Rose NOT dead: death hoax spreads online.")
    desk.claim("tabloid", "Axel Rose is dead")
    desk.claim("wire", "Axl Rose NOT dead: death hoax spreads online")
    (item,) = desk.items()
    assert item["kind"] == "refutation"
    assert "hoax" in item["clash"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ULA flew two of the Pentagon's launches in 2024.",
         "United Launch Alliance flew three of the Pentagon's launches in 2024."),
        ("So far in 2024, eight of the Department of Defense's launches were on SpaceX rockets.",
         "So far in 2024, nine of the Defense Department's launches were on SpaceX rockets."),
    ],
)
def test_acronyms_and_word_order_do_not_hide_a_clash(desk: Any, first: str, second: str) -> None:
    desk("one", first)
    desk("two", second)
    desk.claim("one", first.rstrip("."))
    desk.claim("two", second.rstrip("."))
    (item,) = desk.items()
    assert item["kind"] == "quantity"
    assert len(item["clash"]) == 2


def test_quote_words_count_for_a_denial_without_about(desk: Any) -> None:
    # The denial's --claim wording shares little with the report; its quote names the topic.
    desk("wsj", "Musk told Putin he would keep Starlink switched off over Taiwan, people said.")
    desk("x", "Musk wrote: I have never discussed Starlink over Taiwan with Putin.")
    desk.claim("wsj", "Musk told Putin he would keep Starlink switched off over Taiwan",
               "--reported-by", "Wall Street Journal", "--denied-by", "Elon Musk")
    desk.claim("x", "I have never discussed Starlink over Taiwan with Putin",
               "--named", "Elon Musk", "--claim", "Musk denies the report.")
    (item,) = desk.items()
    assert item["kind"] == "denial"


def test_a_clear_negation_is_not_silenced_by_added_words(desk: Any) -> None:
    desk("spacex", "Starlink is not available in Taiwan because the Taiwanese government has "
         "not given it a license to operate.")
    desk("blog", "Starlink is available in Taiwan through a local partner.")
    desk.claim("spacex", "Starlink is not available in Taiwan because the Taiwanese government "
               "has not given it a license to operate", "--named", "SpaceX")
    desk.claim("blog", "Starlink is available in Taiwan through a local partner")
    (item,) = desk.items()
    assert item["kind"] == "polarity"
    assert item["clash"][0].startswith("not available")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("He hadn't been to work in 24 years.", "He skipped work for 24 years."),
        ("The hostage was killed in a failed rescue attempt.",
         "The hostage was killed in a rescue attempt by special forces."),
        ("Kirchner adopted the boy so he won't turn into a werewolf.",
         "Kirchner adopted the boy to stop him turning into a werewolf."),
        ("The Pentagon worries about a lack of competition among launch providers.",
         "The Pentagon wants more competition among launch providers."),
        ("The company has 300K employees.", "The company has 300,000 employees."),
        ("The app has 585M users.", "The app has 585 million users."),
        ("Tesla will invest US$5 billion in the plant.", "Tesla will invest $5bn in the plant."),
        ("Tesla will invest $3-4 billion in the plant.",
         "Tesla will invest $3.5 billion in the plant."),
        ("Musk's companies hold about $3 billion in contracts.",
         "Musk's companies hold $3.2 billion in contracts."),
        ("The 21-year-old driver was arrested in Ohio.", "21 drivers were arrested in Ohio."),
        ("SpaceX flew its 21st mission of the year.", "SpaceX flew 21 missions this year."),
        ("The launch was on 5 June 2024.", "The launch was on June 5, 2024."),
    ],
)
def test_false_alarms_of_old_are_quiet(desk: Any, first: str, second: str) -> None:
    desk("one", first)
    desk("two", second)
    desk.claim("one", first.rstrip("."))
    desk.claim("two", second.rstrip("."))
    assert desk.items() == []


@pytest.mark.parametrize(
    ("first", "second", "clash"),
    [
        ("The deal is worth roughly $4 billion.", "The deal is worth $3 billion.",
         ["roughly $4 billion", "$3 billion"]),
        ("The 21-year-old driver was arrested.", "The 23-year-old driver was arrested.",
         ["21 year old", "23 year old"]),
        ("Tesla will invest $3-4 billion in the plant.", "Tesla will invest $6bn in the plant.",
         ["$3 to 4 billion", "$6bn"]),
        ("The launch was on 5 June 2024.", "The launch was on June 7, 2024.",
         ["5 june", "june 7"]),
    ],
)
def test_numbers_as_people_write_them(desk: Any, first: str, second: str,
                                      clash: list[str]) -> None:
    desk("one", first)
    desk("two", second)
    desk.claim("one", first.rstrip("."))
    desk.claim("two", second.rstrip("."))
    (item,) = desk.items()
    assert item["kind"] == "quantity"
    assert item["clash"] == clash


def test_about_tolerates_ten_percent() -> None:
    def claim(cid: str, text: str) -> dict[str, Any]:
        return {"id": cid, "source": cid, "statement": text}

    base = "Starshield consists of a constellation of about 100 satellites."
    assert pair_conflict(claim("c1", base), claim("c2", "Starshield has 109 satellites.")) is None
    found = pair_conflict(claim("c1", base), claim("c2", "Starshield has 112 satellites."))
    assert found is not None and found.kind == "quantity"


def test_claim_show_and_export_carry_the_stance(cli: Any, desk: Any) -> None:
    desk("ahram", "Egypt's President denies offering land in Sinai to the Palestinians.")
    cid = desk.claim("ahram", "denies offering land in Sinai", "--named", "Egyptian presidency")
    shown = cli("claim", "show", cid)
    assert shown.exit_code == 0 and "stance: denies (denies)" in shown.stdout
    data = json.loads(cli("claim", "show", cid, "--format", "json").stdout)
    row = data[0] if isinstance(data, list) else data
    assert row["stance"] == "denies (denies)"


def test_markdown_report_shows_who_and_stance(cli: Any, desk: Any) -> None:
    desk("blog", "Egypt's President offered land in Sinai to the Palestinians.")
    desk("ahram", "Egypt's President denies offering land in Sinai to the Palestinians.")
    desk.claim("blog", "Egypt's President offered land in Sinai to the Palestinians")
    desk.claim("ahram", "Egypt's President denies offering land in Sinai to the Palestinians",
               "--named", "Egyptian presidency")
    out = cli("contradictions", "--format", "markdown").stdout
    assert "refutation" in out and "denies (denies)" in out and "Egyptian presidency" in out
