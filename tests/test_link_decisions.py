"""A person's link decisions are never replaced silently, and a re-run of `match` leaves the
rows of the pairs it judges as before as they were."""

from __future__ import annotations

import pytest

from claimtrack import ClaimStore
from claimtrack.matching.links import link, match_claims, replaced, unlink

QUOTE = "the new bridge over the river will open in May, on budget and on time"


def _day(store: ClaimStore, a: str, b: str) -> str:
    row = store.get_link(a, b)
    assert row is not None
    return str(row["updated_at"])[:10]


# -- (4) a person's earlier decision -------------------------------------------------------------

def test_a_new_relation_says_what_it_replaced_and_how_to_go_back(cli, seeded):
    assert cli("claim", "link", "c1", "c12", "--as", "contradicts").stderr == \
        "Linked c1 and c12 as contradicts\n"
    day = _day(seeded, "c1", "c12")
    r = cli("claim", "link", "c12", "c1", "--as", "supports")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == (f"c1 and c12 were linked as contradicts by a person on {day}: now linked "
                        "as supports (to go back: claimtrack claim link c1 c12 --as contradicts)\n")
    assert seeded.get_link("c1", "c12")["relation"] == "supports"
    # the way back works and says so in turn
    r = cli("claim", "link", "c1", "c12", "--as", "contradicts")
    assert "were linked as supports" in r.stderr
    assert seeded.get_link("c1", "c12")["relation"] == "contradicts"


def test_linking_a_pair_marked_not_the_same(cli, seeded):
    cli("claim", "unlink", "c1", "c12", "--note", "different years")
    r = cli("claim", "link", "c1", "c12")
    assert r.stderr.startswith("c1 and c12 were marked not the same claim by a person on ")
    assert "(note: 'different years'): now linked as same (to go back: claimtrack claim unlink " \
           "c1 c12 --note 'different years')" in r.stderr
    row = seeded.get_link("c1", "c12")
    assert row["status"] == "linked" and row["note"] is None  # the note was the rejection's


def test_unlinking_a_persons_link_says_how_to_restore_it(cli, seeded):
    cli("claim", "link", "c1", "c12", "--as", "supports", "--note", "same figure")
    r = cli("claim", "unlink", "c1", "c12")
    assert r.stderr.startswith("Unlinked c1 and c12, linked as supports by a person on ")
    assert "to go back: claimtrack claim link c1 c12 --as supports --note 'same figure')" in r.stderr


def test_the_same_decision_again_changes_nothing(cli, seeded):
    cli("claim", "link", "c1", "c12", "--as", "supports", "--note", "why")
    before = seeded.get_link("c1", "c12")
    r = cli("claim", "link", "c1", "c12", "--as", "supports")
    assert r.stderr.startswith("c1 and c12 were already linked as supports by a person on ")
    assert seeded.get_link("c1", "c12") == before
    r = cli("claim", "link", "c1", "c12", "--as", "supports", "--note", "better reason")
    assert "the note is now 'better reason'" in r.stderr
    assert seeded.get_link("c1", "c12")["note"] == "better reason"


def test_a_matchers_link_is_replaced_without_a_word(cli, seeded):
    """Only a person's decision is worth a warning; the matcher's is what a person corrects."""
    match_claims(seeded, link_threshold=100, suggest_threshold=1)
    pair = seeded.links(status="suggested")[0]
    r = cli("claim", "link", pair["a"], pair["b"], "--as", "supports")
    assert r.stderr == f"Linked {pair['a']} and {pair['b']} as supports\n"


def test_the_library_returns_the_decision_replaced(seeded):
    first = link(seeded, "c1", "c12", "contradicts")
    assert first["before"] is None and replaced(first) is None
    second = link(seeded, "c1", "c12", "supports")
    assert replaced(second)["relation"] == "contradicts"
    third = unlink(seeded, "c1", "c12")
    assert replaced(third)["relation"] == "supports" and third["status"] == "rejected"
    assert replaced(unlink(seeded, "c1", "c12")) is None


# -- (5) a re-run of match ------------------------------------------------------------------------

@pytest.fixture
def wire(tmp_path):
    """Three outlets carrying one wire quote: three pairs the matcher links."""
    store = ClaimStore(tmp_path / "claims.db")
    for key, text in (("a", f"Officials said {QUOTE}."), ("b", f"The wire: {QUOTE}."),
                      ("c", f"We hear {QUOTE}.")):
        (tmp_path / f"{key}.txt").write_text(text, encoding="utf-8")
        store.add_source(tmp_path / f"{key}.txt", key=key)
        store.add_claim(key, QUOTE)
    yield store
    store.close()


def _rows(store: ClaimStore) -> dict[tuple[str, str], dict]:
    return {(r["a"], r["b"]): r for r in store.links()}


def test_a_rerun_keeps_unchanged_rows_as_they_were(wire, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    match_claims(wire)
    first = _rows(wire)
    assert len(first) == 3 and {r["status"] for r in first.values()} == {"linked"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    rows = match_claims(wire)
    assert {(r["a"], r["b"]) for r in rows} == set(first)
    assert _rows(wire) == first  # created_at and updated_at both kept


def test_a_changed_verdict_keeps_created_at_and_updates_updated_at(seeded, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    match_claims(seeded, link_threshold=50)
    first = _rows(seeded)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    match_claims(seeded)  # the default threshold: the pairs linked from 50 up are suggestions
    second = _rows(seeded)
    assert set(second) == set(first)
    changed = [pair for pair in first if first[pair]["status"] != second[pair]["status"]]
    assert changed and len(changed) < len(first)
    for pair, row in second.items():
        assert row["created_at"] == first[pair]["created_at"] == "2023-11-14T22:13:20+00:00"
        assert row["updated_at"] == ("2027-01-15T08:00:00+00:00" if pair in changed
                                     else first[pair]["updated_at"])


def test_a_pair_no_longer_found_is_dropped_and_found_again_is_new(wire, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    match_claims(wire)
    wire.retract_claim("c3", "withdrawn")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    match_claims(wire)
    assert set(_rows(wire)) == {("c1", "c2")}
    assert _rows(wire)[("c1", "c2")]["updated_at"].startswith("2023")  # kept, unchanged


def test_a_persons_decision_is_still_never_touched(wire, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    match_claims(wire)
    unlink(wire, "c1", "c2")
    kept = wire.get_link("c1", "c2")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    rows = match_claims(wire)
    assert wire.get_link("c1", "c2") == kept
    assert all(r["status"] == "linked" for r in rows if (r["a"], r["b"]) != ("c1", "c2"))
