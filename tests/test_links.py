"""match, review, link/unlink and groups against a small corpus with known answers."""

from __future__ import annotations

import json

import pytest

from claimtrack import ClaimStore
from claimtrack.attribution import from_options
from claimtrack.matching.links import claim_groups, link, match_claims, unlink

WSJ_A = ("The Tesla chief has been having undisclosed conversations with Vladimir Putin since "
         "late 2022, the Wall Street Journal reported. So far in 2024, eight of the Department "
         "of Defense's launches were on SpaceX rockets. North Korea tested a missile.")
WSJ_B = ("Elon Musk has held undisclosed conversations with Vladimir Putin since late 2022, "
         "according to the Wall Street Journal. Nine of the Department of Defense's launches "
         "in 2024 were on SpaceX rockets. South Korea tested a missile.")
OTHER = "NASA administrator Bill Nelson called for an investigation of Musk's Russian ties."


@pytest.fixture
def corpus(tmp_path):
    store = ClaimStore(tmp_path / "claims.db")
    for key, text, outlet in (("a", WSJ_A, "Vox"), ("b", WSJ_B, "Daily"), ("c", OTHER, "Wire")):
        f = tmp_path / f"{key}.txt"
        f.write_text(text, encoding="utf-8")
        store.add_source(f, key=key, outlet=outlet)
    wsj = from_options(reported_by="Wall Street Journal")
    ids = {
        "putin_a": store.add_claim("a", "The Tesla chief has been having undisclosed conversations "
                                   "with Vladimir Putin since late 2022", attribution=wsj)["id"],
        "putin_b": store.add_claim("b", "Elon Musk has held undisclosed conversations with "
                                   "Vladimir Putin since late 2022", attribution=wsj)["id"],
        "eight": store.add_claim("a", "eight of the Department of Defense's launches were on "
                                 "SpaceX rockets")["id"],
        "nine": store.add_claim("b", "Nine of the Department of Defense's launches in 2024 were "
                                "on SpaceX rockets")["id"],
        "north": store.add_claim("a", "North Korea tested a missile")["id"],
        "south": store.add_claim("b", "South Korea tested a missile")["id"],
        "nelson": store.add_claim("c", "called for an investigation of Musk's Russian ties",
                                  attribution=from_options(named="Bill Nelson"))["id"],
    }
    yield store, ids
    store.close()


def _status(rows, x, y):
    return next((r["status"] for r in rows if {r["a"], r["b"]} == {x, y}), None)


def test_match_links_suggests_and_refuses(corpus):
    store, ids = corpus
    rows = match_claims(store)
    assert _status(rows, ids["putin_a"], ids["putin_b"]) == "linked"
    # numbers differ: never linked (they belong to the contradiction report)
    assert _status(rows, ids["eight"], ids["nine"]) in (None, "suggested")
    # very short look-alikes are at most suggested
    assert _status(rows, ids["north"], ids["south"]) in (None, "suggested")
    assert _status(rows, ids["putin_a"], ids["nelson"]) is None
    # recorded in the database
    stored = {(r["a"], r["b"]): r for r in store.query("SELECT * FROM links")}
    assert all(r["decided_by"] == "matcher" for r in stored.values())


def test_person_decisions_beat_the_matcher(corpus):
    store, ids = corpus
    match_claims(store)
    unlink(store, ids["putin_a"], ids["putin_b"])
    link(store, ids["putin_a"], ids["nelson"], "supports")
    rows = match_claims(store)
    assert _status(rows, ids["putin_a"], ids["putin_b"]) == "rejected"
    links = {(r["a"], r["b"]): r for r in store.query("SELECT * FROM links")}
    kept = links[tuple(sorted((ids["putin_a"], ids["nelson"])))]
    assert kept["decided_by"] == "person" and kept["relation"] == "supports"


def test_groups_count_relayed_reports_once(corpus):
    store, ids = corpus
    match_claims(store)
    groups = claim_groups(store)
    putin = next(g for g in groups if ids["putin_a"] in g["claims"])
    assert set(putin["claims"]) == {ids["putin_a"], ids["putin_b"]}
    assert putin["sources"] == ["a", "b"]
    assert putin["strongest"] == "reported"
    assert putin["independent_sources"] == 1  # one Wall Street Journal report, two outlets
    link(store, ids["putin_b"], ids["nelson"], "supports")
    putin = next(g for g in claim_groups(store) if ids["putin_a"] in g["claims"])
    assert putin["independent_sources"] == 2 and putin["strongest"] == "named"


def test_cli_match_review_and_groups(cli, corpus, tmp_path):
    store, ids = corpus
    r = cli("match", "--link-threshold", "101")
    assert r.exit_code == 2  # out of range
    r = cli("match", "--link-threshold", "99", "--suggest-threshold", "40", "--format", "json")
    assert r.exit_code == 0, r.stderr
    suggested = [x for x in json.loads(r.stdout) if x["status"] == "suggested"]
    assert suggested
    answers = "".join("n\n" for _ in suggested)
    r = cli("match", "review", input=answers)
    assert r.exit_code == 0 and f"Recorded {len(suggested)} decision(s)" in r.stderr
    again = json.loads(cli("match", "--link-threshold", "99", "--suggest-threshold", "40",
                           "--format", "json").stdout)
    assert not [x for x in again if x["status"] == "suggested"]
    assert cli("claim", "link", ids["putin_a"], ids["putin_b"], "--as", "same").exit_code == 0
    groups = json.loads(cli("claim", "groups", "--format", "json").stdout)
    assert groups[0]["claims"] == sorted([ids["putin_a"], ids["putin_b"]], key=lambda c: int(c[1:]))
    shown = cli("claim", "show", ids["putin_a"])
    assert groups[0]["group"] in shown.stdout


def test_thresholds_from_configuration(cli, corpus, tmp_path):
    (tmp_path / ".claimtrack.toml").write_text("[match]\nlink_threshold = 100\nsuggest_threshold = 99\n")
    rows = json.loads(cli("match", "--format", "json").stdout)
    assert all(r["score"] >= 99 for r in rows)


@pytest.mark.parametrize("args, words", [
    (["claim", "link", "c1", "c1"], "itself"),
    (["claim", "link", "c1", "c999"], "unknown claim"),
    (["claim", "link", "c1", "c2", "--as", "enemies"], "unknown relation"),
    (["match", "--source", "nope"], "unknown source"),
])
def test_link_errors(cli, corpus, args, words):
    r = cli(*args)
    assert r.exit_code in (1, 2) and words in r.stderr


def test_a_retracted_claims_suggestions_leave_review_and_the_next_match(corpus):
    """Retracting a claim takes its pairs out of `match review` at once, and the next `match`
    drops the matcher's rows for them (a person's decisions stay)."""
    from claimtrack.matching.links import suggestions

    store, ids = corpus
    match_claims(store, link_threshold=100, suggest_threshold=1)  # everything a suggestion
    pending = suggestions(store)
    assert pending
    a, b = pending[0]["a"], pending[0]["b"]
    other = next(r for r in pending if a not in (r["a"], r["b"]) and b not in (r["a"], r["b"]))
    link(store, other["a"], other["b"])  # a person's decision on another pair
    store.retract_claim(a, "withdrawn by the outlet")
    assert all(a not in (r["a"], r["b"]) for r in suggestions(store))
    match_claims(store, link_threshold=100, suggest_threshold=1)
    assert all(a not in (r["a"], r["b"]) for r in store.links() if r["decided_by"] == "matcher")
    kept = store.get_link(*sorted((other["a"], other["b"])))
    assert kept is not None and kept["decided_by"] == "person"


def test_one_quote_in_two_sources_is_one_link(tmp_path):
    """The plainest same claim: a wire quote carried word for word by two outlets.  Copies
    of one claim were paired twice, and `match` failed on the links table's key."""
    store = ClaimStore(tmp_path / "claims.db")
    quote = "the new bridge over the river will open in May, on budget and on time"
    for key, text in (("a", f"Officials said {quote}."), ("b", f"The wire: {quote}.")):
        (tmp_path / f"{key}.txt").write_text(text, encoding="utf-8")
        store.add_source(tmp_path / f"{key}.txt", key=key)
        store.add_claim(key, quote)
    rows = match_claims(store)
    assert [(r["a"], r["b"], r["status"], r["score"]) for r in rows] == [("c1", "c2", "linked", 100.0)]
    assert [(r["a"], r["b"]) for r in store.links()] == [("c1", "c2")]
    store.close()


def test_unlink_says_what_it_did(cli, seeded):
    """`claim unlink` of a pair never linked said "Unlinked"; it records that the two are not
    the same claim (so match will not suggest them) and says so."""
    r = cli("claim", "link", "c1", "c2")
    assert r.exit_code == 0, r.stderr
    r = cli("claim", "unlink", "c2", "c1")
    assert r.exit_code == 0 and r.stderr.startswith("Unlinked c1 and c2")
    r = cli("claim", "unlink", "c1", "c2")
    assert r.exit_code == 0 and "already marked not the same claim" in r.stderr
    r = cli("claim", "unlink", "c1", "c3")
    assert r.exit_code == 0 and "c1 and c3 were not linked" in r.stderr
    assert seeded.get_link("c1", "c3")["status"] == "rejected"
    r = cli("claim", "unlink", "c1", "c999")
    assert r.exit_code == 1 and "c999" in r.stderr
