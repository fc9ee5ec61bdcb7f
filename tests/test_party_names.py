"""Party commands take only names that are parties: a typo is refused with the closest names.

A new user's report: ``party rename nobodyx foo`` renamed nobody, ``party member``
created the organisation it was given, ``party merge`` into a misspelling made the
misspelling the canonical name, ``party alias WSJ 'Wall Street Journal'`` turned an
outlet into an organisation, a group of officials was guessed to be a person,
``party history`` printed Python dicts and ``party kind`` said "is a anonymous".
The story is tests/test_parties.py's: four outlets, Peter Carr, the Special
Counsel's Office, Sarah Sanders and the White House.
"""

from __future__ import annotations

import json

import pytest

from claimtrack.parties import a_kind, closest, guess_kind, names_a_group, with_article
from tests.conftest import dump
from tests.reliability import assert_one_line_error
from tests.test_parties import story  # noqa: F401  (the fixture)


def _party(cli, name: str) -> dict:
    r = cli("party", "show", name, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)[0]


def _names(cli) -> set[str]:
    return {r["name"] for r in json.loads(cli("party", "list", "--format", "json").stdout)}


@pytest.mark.parametrize("args, unknown, hint", [
    (("party", "rename", "nobodyx", "foo"), "nobodyx", None),
    (("party", "kind", "nobodyx", "person"), "nobodyx", "claimtrack party add 'nobodyx' --kind KIND"),
    (("party", "alias", "nobodyx", "Nobody"), "nobodyx", "claimtrack party add"),
    (("party", "member", "Peter Carr", "Nobody Org"), "Nobody Org",
     "claimtrack party add 'Nobody Org' --kind organisation"),
    (("party", "member", "Nobody", "White House", "--remove"), "Nobody", None),
    (("party", "merge", "nobodyx", "White House"), "nobodyx", None),
])
def test_a_name_that_is_no_party_is_refused_and_nothing_changes(cli, story, tmp_path, args,  # noqa: F811
                                                                 unknown, hint):
    before = dump(tmp_path / "claims.db")
    r = cli(*args)
    assert_one_line_error(r.exit_code, r.stderr)
    assert r.exit_code == 1 and r.stderr.startswith(f"Error: unknown party {unknown!r}")
    if hint:
        assert hint in r.stderr
    assert dump(tmp_path / "claims.db") == before
    assert unknown not in _names(cli) and "foo" not in _names(cli)


@pytest.mark.parametrize("args, typo, meant", [
    (("party", "show", "Petr Carr"), "Petr Carr", "Peter Carr"),
    (("party", "kind", "Sara Sanders", "person"), "Sara Sanders", "Sarah Sanders"),
    (("party", "rename", "Whitehouse", "The White House"), "Whitehouse", "White House"),
    (("party", "member", "Peter Carr", "Special Counsels Ofice"), "Special Counsels Ofice",
     "Special Counsel's Office"),
    (("party", "merge", "Reuters", "Washington Pst"), "Washington Pst", "Washington Post"),
    (("party", "alias", "WP", "The Post"), "WP", "Washington Post"),  # initials
])
def test_a_typo_is_told_the_closest_names(cli, story, tmp_path, args, typo, meant):  # noqa: F811
    before = dump(tmp_path / "claims.db")
    r = cli(*args)
    assert_one_line_error(r.exit_code, r.stderr)
    assert r.stderr.startswith(f"Error: unknown party {typo!r} (did you mean {meant!r}")
    assert dump(tmp_path / "claims.db") == before


def test_alias_the_wrong_way_round_is_refused_and_the_outlet_stays_an_outlet(cli, story, tmp_path):  # noqa: F811
    before = dump(tmp_path / "claims.db")
    r = cli("party", "alias", "WP", "Washington Post")
    assert r.exit_code == 1
    assert "did you mean 'Washington Post'?" in r.stderr
    assert "claimtrack party alias 'Washington Post' 'WP'" in r.stderr
    assert dump(tmp_path / "claims.db") == before
    assert _party(cli, "Washington Post")["kind"] == "outlet"
    r = cli("party", "alias", "Washington Post", "WP")
    assert r.exit_code == 0, r.stderr
    shown = _party(cli, "wp")
    assert shown["name"] == "Washington Post" and shown["kind"] == "outlet"


def test_curating_a_name_in_use_keeps_its_listed_name_and_kind(cli, story):  # noqa: F811
    assert cli("party", "alias", "white house", "WH").exit_code == 0
    shown = _party(cli, "White House")
    assert shown["name"] == "White House" and shown["kind"] == "organisation"  # not "white house"
    assert cli("party", "member", "sarah sanders", "white house").exit_code == 0
    assert _party(cli, "Sarah Sanders")["name"] == "Sarah Sanders"


def test_alias_says_when_a_name_joins_a_party_of_another_kind(cli, story):  # noqa: F811
    r = cli("party", "alias", "Peter Carr", "White House")
    assert r.exit_code == 0, r.stderr
    assert "listed until now as an organisation; the party is a person" in r.stderr
    assert _party(cli, "White House")["kind"] == "person"


def test_party_add_makes_a_new_party_explicitly(cli, story, tmp_path):  # noqa: F811
    r = cli("party", "add", "Department of Justice")
    assert r.exit_code == 2 and "--kind" in r.stderr  # the kind is said, not guessed
    r = cli("party", "add", "Department of Justice", "--kind", "robot")
    assert r.exit_code == 2
    r = cli("party", "add", "Department of Justice", "--kind", "organisation")
    assert r.exit_code == 0, r.stderr
    assert "Added party 'Department of Justice', an organisation" in r.stderr
    r = cli("party", "member", "Special Counsel's Office", "Department of Justice")
    assert r.exit_code == 0, r.stderr
    assert _party(cli, "Department of Justice")["members"] == ["Special Counsel's Office"]
    before = dump(tmp_path / "claims.db")
    for name in ("department of justice", "white house"):  # curated, and in use
        r = cli("party", "add", name, "--kind", "organisation")
        assert_one_line_error(r.exit_code, r.stderr)
        assert "is already a party" in r.stderr
    assert dump(tmp_path / "claims.db") == before
    history = json.loads(cli("party", "history", "--format", "json").stdout)
    assert history[0] == {**history[0], "action": "add", "party": "Department of Justice",
                          "detail": {"kind": "organisation"}}


def test_merge_into_a_name_that_is_no_party_is_refused(cli, story, tmp_path):  # noqa: F811
    before = dump(tmp_path / "claims.db")
    r = cli("party", "merge", "Peter Carr", "Peter Car")
    assert_one_line_error(r.exit_code, r.stderr)
    assert r.stderr.startswith("Error: unknown party 'Peter Car'")
    assert "did you mean" not in r.stderr  # not the party being merged
    assert "claimtrack party rename 'Peter Carr' 'Peter Car'" in r.stderr
    assert dump(tmp_path / "claims.db") == before
    assert "Peter Car" not in _names(cli)


def test_merge_says_which_name_survives(cli, story):  # noqa: F811
    r = cli("party", "merge", "Peter Carr", "Special Counsel's Office")
    assert r.exit_code == 0, r.stderr
    assert ("Merged 'Peter Carr' into \"Special Counsel's Office\": the party is "
            "\"Special Counsel's Office\", and 'Peter Carr' one of its spellings") in r.stderr
    shown = _party(cli, "Peter Carr")
    assert shown["name"] == "Special Counsel's Office" and shown["kind"] == "organisation"
    help_text = cli("party", "merge", "--help").stdout
    assert "INTO's name survives" in help_text and "the party that stays" in help_text


def test_rename_to_another_partys_name_is_refused(cli, story, tmp_path):  # noqa: F811
    before = dump(tmp_path / "claims.db")
    r = cli("party", "rename", "Peter Carr", "sarah sanders")
    assert_one_line_error(r.exit_code, r.stderr)
    assert "is another party, named in 1 claim" in r.stderr and "party merge" in r.stderr
    assert dump(tmp_path / "claims.db") == before
    assert cli("party", "rename", "Peter Carr", "Peter Carr, spokesman").exit_code == 0  # new: fine


@pytest.mark.parametrize("name", [
    "US intelligence officials", "senior administration officials", "two people familiar with the talks",
    "officials familiar with the matter", "Pentagon aides", "White House spokesmen",
    "three former employees", "Secret Service agents", "local authorities", "Musk allies",
    "witnesses", "Two Officials",
])
@pytest.mark.parametrize("typed_as", ["person", "organisation"])
def test_a_group_of_people_is_not_guessed_a_person(name, typed_as):
    assert names_a_group(name)
    assert guess_kind(name, typed_as) == "anonymous"
    assert guess_kind(name, "outlet") == "outlet"


@pytest.mark.parametrize("name, kind", [
    ("Todd Harrison", "person"), ("Sarah Sanders", "person"), ("Peter Carr", "person"),
    ("Carmen Yulín Cruz", "person"), ("Special Counsel's Office", "organisation"),
    ("White House", "organisation"), ("a Democratic member of Congress", "person"),
    ("Reporters Without Borders", "organisation"), ("Americans for Prosperity", "organisation"),
    ("Mothers Against Drunk Driving", "organisation"), ("Jean-Luc for Mayor", "organisation"),
    ("Ludwig van Beethoven", "person"), ("Mary Anne MacLeod Trump", "person"),
])
def test_one_person_or_body_is_not_a_group(name, kind):
    assert not names_a_group(name)
    assert guess_kind(name, "person") == kind


def test_a_group_named_in_a_claim_is_listed_as_anonymous(cli, story):  # noqa: F811
    r = cli("claim", "add", "wapo", "Trump personally directed Cohen to lie", "--named",
            "US intelligence officials", "--again")
    assert r.exit_code == 0, r.stderr
    assert _party(cli, "US intelligence officials")["kind"] == "anonymous"
    assert _party(cli, "Sarah Sanders")["kind"] == "person"


def test_history_reads_as_words_and_json_stays_structured(cli, story):  # noqa: F811
    assert cli("party", "alias", "BuzzFeed News", "BuzzFeed").exit_code == 0
    assert cli("party", "merge", "Reuters", "CNN").exit_code == 0
    table = cli("party", "history").stdout
    assert "alias: BuzzFeed" in table and "merged: Reuters; spellings: Reuters" in table
    assert "{" not in table and "'" not in table
    rows = json.loads(cli("party", "history", "--format", "json").stdout)
    assert rows[0]["detail"] == {"alias": "BuzzFeed"}
    assert rows[1]["detail"] == {"merged": "Reuters", "spellings": ["Reuters"]}


@pytest.mark.parametrize("kind, said", [
    ("anonymous", "is an anonymous source"), ("organisation", "is an organisation"),
    ("outlet", "is an outlet"), ("person", "is a person"),
])
def test_kind_is_said_with_the_right_article(cli, story, kind, said):  # noqa: F811
    r = cli("party", "kind", "two law enforcement officials", kind)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.strip() == f"'two law enforcement officials' {said}"


def test_articles_and_closest_names():
    assert [with_article(w) for w in ("person", "organisation", "outlet", "anonymous")] == \
        ["a person", "an organisation", "an outlet", "an anonymous"]
    assert a_kind("anonymous") == "an anonymous source"
    known = ["Todd Harrison", "Elon Musk", "Wall Street Journal", "White House", "SpaceX", "Vox"]
    assert closest("Todd Harison", known) == ["Todd Harrison"]
    assert closest("WSJ", known) == ["Wall Street Journal"]
    assert closest("musk", known) == ["Elon Musk"]
    assert closest("nobodyx", known) == []
    assert closest("", known) == []


def test_claim_list_by_a_mistyped_party_names_the_closest(cli, seeded):
    r = cli("claim", "list", "--party", "Elon Muks")
    assert r.exit_code == 1 and "did you mean 'Elon Musk'" in r.stderr
    assert r.stderr.count("\n") == 1
