"""Parties: aliases, membership, attribution chains, and everything that compares parties.

The story: four outlets' coverage of one report (BuzzFeed News' anonymous
officials), a special counsel's spokesman's denial, a White House denial, and
relays of the report.  Each of the four failures the parties issue describes is
typed here as a user would, before (the failure) and after (the fix) the party
is curated.
"""

from __future__ import annotations

import json

import pytest

from claimtrack.parties import Registry, name_key, suggest

BUZZFEED = (
    "President Trump directed his longtime attorney Michael Cohen to lie to Congress about "
    "negotiations for a Moscow tower, according to two federal law enforcement officials "
    "involved in an investigation of the matter."
)
REUTERS = (
    "Peter Carr, a spokesman for the special counsel, said: \"BuzzFeed's description of "
    "specific statements to the Special Counsel's Office regarding Michael Cohen's "
    "Congressional testimony are not accurate.\" Trump directed Cohen to lie to Congress, "
    "BuzzFeed News reported, citing two law enforcement officials."
)
CNN = (
    "The Special Counsel's Office said \"BuzzFeed's description of specific statements to the "
    "Special Counsel's Office regarding Michael Cohen's Congressional testimony are not "
    "accurate.\" Trump directed Cohen to lie to Congress, according to BuzzFeed."
)
WAPO = (
    "White House press secretary Sarah Sanders said the BuzzFeed report that Trump directed "
    "Cohen to lie to Congress was categorically false. Trump personally directed Cohen to "
    "lie, said officials who spoke to BuzzFeed News."
)
DENIAL_QUOTE = ("description of specific statements to the Special Counsel's Office regarding "
                "Michael Cohen's Congressional testimony are not accurate")


@pytest.fixture
def story(cli, tmp_path):
    for key, text, outlet in (("buzzfeed", BUZZFEED, "BuzzFeed News"), ("reuters", REUTERS, "Reuters"),
                              ("cnn", CNN, "CNN"), ("wapo", WAPO, "Washington Post")):
        (tmp_path / f"{key}.txt").write_text(text, encoding="utf-8")
        assert cli("source", "add", f"{key}.txt", "--key", key, "--outlet", outlet).exit_code == 0

    def add(*args: str) -> str:
        r = cli("claim", "add", *args)
        assert r.exit_code == 0, r.stderr
        return r.stdout.strip()

    ids = {
        "bf": add("buzzfeed", "President Trump directed his longtime attorney Michael Cohen to lie "
                  "to Congress", "--anonymous", "two federal law enforcement officials",
                  "--denied-by", "White House", "--claim", "Trump directed Cohen to lie to Congress"),
        "reuters_relay": add("reuters", "Trump directed Cohen to lie to Congress", "--anonymous",
                             "two law enforcement officials", "--reported-by", "BuzzFeed News"),
        "cnn_relay": add("cnn", "Trump directed Cohen to lie to Congress", "--reported-by",
                         "BuzzFeed"),
        "wapo_relay": add("wapo", "Trump personally directed Cohen to lie", "--anonymous",
                          "officials", "--reported-by", "BuzzFeed News"),
        "carr": add("reuters", DENIAL_QUOTE, "--named", "Peter Carr"),
        "sco": add("cnn", DENIAL_QUOTE, "--named", "Special Counsel's Office"),
        "sanders": add("wapo", "Sarah Sanders said the BuzzFeed report that Trump directed Cohen "
                       "to lie to Congress was categorically false", "--named", "Sarah Sanders"),
    }
    for other in ("reuters_relay", "cnn_relay", "wapo_relay"):
        assert cli("claim", "link", ids["bf"], ids[other]).exit_code == 0
    assert cli("claim", "link", ids["carr"], ids["sco"]).exit_code == 0
    return ids


def _groups(cli) -> dict[str, dict]:
    groups = json.loads(cli("claim", "groups", "--format", "json").stdout)
    return {g["claims"][0]: g for g in groups}


def _contradictions(cli) -> list[dict]:
    return json.loads(cli("contradictions", "--format", "json").stdout)


def test_one_outlet_spelled_two_ways_counts_once(cli, story):
    before = _groups(cli)[story["bf"]]
    assert before["independent_sources"] == 2  # "BuzzFeed" and "BuzzFeed News"
    r = cli("party", "alias", "BuzzFeed News", "BuzzFeed")
    assert r.exit_code == 0, r.stderr
    after = _groups(cli)[story["bf"]]
    assert after["independent_sources"] == 1
    assert after["origins"] == ["outlet:BuzzFeed News"]


def test_a_spokesman_and_his_office_are_one_origin_and_no_misattribution(cli, story):
    pair = sorted([story["carr"], story["sco"]], key=lambda c: int(c[1:]))
    assert _groups(cli)[pair[0]]["independent_sources"] == 2
    assert any(c["kind"] == "misattribution" and sorted(c["claims"]) == sorted(pair)
               for c in _contradictions(cli))
    r = cli("party", "member", "Peter Carr", "Special Counsel's Office")
    assert r.exit_code == 0, r.stderr
    assert _groups(cli)[pair[0]]["independent_sources"] == 1
    assert not any(set(c["claims"]) == set(pair) for c in _contradictions(cli))


def test_a_denial_by_an_office_pairs_with_its_press_secretary(cli, story):
    def denial() -> list[dict]:
        return [c for c in _contradictions(cli) if c["kind"] == "denial"
                and story["sanders"] in c["claims"]]

    assert denial() == []
    assert cli("party", "member", "Sarah Sanders", "White House").exit_code == 0
    found = denial()
    assert found and story["bf"] in found[0]["claims"]
    assert "White House" in found[0]["reason"]


def test_a_denial_by_a_spokesman_counts_as_the_offices(cli, tmp_path):
    (tmp_path / "a.txt").write_text("The office has secret contacts with the Kremlin, officials "
                                    "said.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Peter Carr said the office has no secret contacts with the "
                                    "Kremlin.", encoding="utf-8")
    cli("source", "add", "a.txt", "--key", "a", "--outlet", "A")
    cli("source", "add", "b.txt", "--key", "b", "--outlet", "B")
    cli("claim", "add", "a", "The office has secret contacts with the Kremlin", "--anonymous",
        "officials", "--denied-by", "Special Counsel's Office")
    cli("claim", "add", "b", "the office has no secret contacts with the Kremlin", "--named",
        "Peter Carr")
    kinds = {c["kind"] for c in _contradictions(cli)}
    assert "denial" not in kinds
    cli("party", "member", "Peter Carr", "Special Counsel's Office")
    assert "denial" in {c["kind"] for c in _contradictions(cli)}


def test_anonymous_officials_as_reported_by_an_outlet(cli, story):
    r = cli("claim", "show", story["wapo_relay"])
    assert "anonymous: officials, as reported by BuzzFeed News" in r.stdout
    claim = json.loads(cli("claim", "list", "--format", "json").stdout)
    relay = next(c for c in claim if c["id"] == story["wapo_relay"])
    assert relay["strength"] == "anonymous" and relay["via"] == ["BuzzFeed News"]
    # two outlets' descriptions of BuzzFeed's officials: one origin with BuzzFeed's own report
    assert _groups(cli)[story["bf"]]["origins"].count("outlet:BuzzFeed News") == 1


def test_chain_options_that_make_no_sense_are_refused(cli, story):
    r = cli("claim", "add", "wapo", "Trump personally directed Cohen to lie", "--unattributed",
            "--reported-by", "BuzzFeed News")
    assert r.exit_code == 2 and r.stderr.startswith("Error: give one attribution")
    r = cli("claim", "add", "wapo", "Trump personally directed Cohen to lie", "--named", "X",
            "--anonymous", "officials")
    assert r.exit_code == 2


def test_claim_list_by_party_takes_aliases_and_members(cli, story):
    def ids(*args: str) -> set[str]:
        r = cli("claim", "list", "--format", "json", *args)
        assert r.exit_code == 0, r.stderr
        return {c["id"] for c in json.loads(r.stdout)}

    assert ids("--party", "buzzfeed news") == {story["reuters_relay"], story["wapo_relay"]}
    cli("party", "alias", "BuzzFeed News", "BuzzFeed")
    assert ids("--party", "buzzfeed news") == {story["reuters_relay"], story["wapo_relay"],
                                               story["cnn_relay"]}
    assert ids("--party", "Special Counsel's Office") == {story["sco"]}
    cli("party", "member", "Peter Carr", "Special Counsel's Office")
    assert ids("--party", "Special Counsel's Office", "--members") == {story["sco"], story["carr"]}
    r = cli("claim", "list", "--party", "Nobody At All")
    assert r.exit_code == 1 and r.stderr == "Error: unknown party 'Nobody At All' (see 'claimtrack party list')\n"


def test_merge_keeps_names_as_typed_and_its_history(cli, story):
    before = json.loads(cli("claim", "list", "--format", "json").stdout)
    r = cli("party", "merge", "BuzzFeed", "BuzzFeed News")
    assert r.exit_code == 0 and "Merged 'BuzzFeed' into 'BuzzFeed News'" in r.stderr
    assert json.loads(cli("claim", "list", "--format", "json").stdout) == before
    history = json.loads(cli("party", "history", "--format", "json").stdout)
    assert history[-1]["action"] == "merge"
    assert history[-1]["detail"] == {"merged": "BuzzFeed", "spellings": ["BuzzFeed"]}
    shown = json.loads(cli("party", "show", "buzzfeed", "--format", "json").stdout)[0]
    assert shown["name"] == "BuzzFeed News" and shown["aliases"] == ["BuzzFeed"]
    assert story["cnn_relay"] in shown["claim_ids"]
    r = cli("party", "merge", "BuzzFeed", "BuzzFeed News")
    assert r.exit_code == 1 and "already one party" in r.stderr


def test_rename_keeps_the_old_name_as_a_spelling(cli, story):
    assert cli("party", "rename", "White House", "The White House (Executive Office)").exit_code == 0
    rows = json.loads(cli("party", "list", "--format", "json").stdout)
    row = next(r for r in rows if r["name"] == "The White House (Executive Office)")
    assert "White House" in row["aliases"] and row["claims"] == 1


def test_membership_cannot_go_round_in_a_circle(cli, story):
    assert cli("party", "member", "Peter Carr", "Special Counsel's Office").exit_code == 0
    r = cli("party", "member", "Special Counsel's Office", "Peter Carr")
    assert r.exit_code == 1 and "circle" in r.stderr
    r = cli("party", "alias", "Peter Carr", "White House")
    assert r.exit_code == 0  # White House was nobody's curated party yet
    r = cli("party", "alias", "Special Counsel's Office", "White House")
    assert r.exit_code == 1 and "party merge" in r.stderr


def test_suggest_and_review(cli, story):
    rows = json.loads(cli("party", "suggest", "--format", "json").stdout)
    pairs = [(r["a"], r["b"]) for r in rows]
    assert ("BuzzFeed", "BuzzFeed News") in pairs
    # "maybe" is asked again; "n" is remembered; the rest skipped
    answers = ["s"] * pairs.index(("BuzzFeed", "BuzzFeed News")) + ["maybe", "n"] + ["s"] * 20
    r = cli("party", "suggest", "--review", input="\n".join(answers) + "\n")
    assert r.exit_code == 0
    assert "Please answer one of" in r.stderr
    rows = json.loads(cli("party", "suggest", "--format", "json").stdout)
    assert ("BuzzFeed", "BuzzFeed News") not in {(r["a"], r["b"]) for r in rows}


def test_suggest_accepts_into_the_second(cli, story):
    first = json.loads(cli("party", "suggest", "--format", "json").stdout)[0]
    r = cli("party", "suggest", "--review", input="y\nq\n")
    assert r.exit_code == 0, r.stderr
    shown = json.loads(cli("party", "show", first["a"], "--format", "json").stdout)[0]
    assert shown["name"] == first["b"]


def test_claimreview_uses_the_canonical_party(cli, story):
    cli("party", "rename", "Peter Carr", "Peter Carr (Special Counsel spokesman)")
    cli("party", "kind", "Peter Carr", "person")
    reviews = json.loads(cli("export", "claims", "--format", "claimreview").stdout)
    carr = next(r for r in reviews if r["identifier"] == story["carr"])
    assert carr["itemReviewed"]["author"] == {"@type": "Person",
                                              "name": "Peter Carr (Special Counsel spokesman)"}


def test_export_parties_gives_canonical_and_typed_names(cli, story):
    cli("party", "alias", "BuzzFeed News", "BuzzFeed")
    rows = json.loads(cli("export", "parties", "--format", "json").stdout)
    bf = next(r for r in rows if r["name"] == "BuzzFeed News")
    assert bf["aliases"] == ["BuzzFeed"] and bf["kind"] == "outlet" and bf["claims"] == 3


def test_chain_survives_export_and_import(cli, story, tmp_path):
    assert cli("export", "claims", "-o", "claims.csv").exit_code == 0
    assert cli("export", "sources", "-o", "sources.csv").exit_code == 0
    r = cli("--db", str(tmp_path / "copy.db"), "import", "sources.csv", "claims.csv")
    assert r.exit_code == 0, r.stderr
    copy = json.loads(cli("--db", str(tmp_path / "copy.db"), "claim", "show", story["wapo_relay"],
                          "--format", "json").stdout)[0]
    assert copy["via"] == ["BuzzFeed News"]


def test_bad_party_commands_change_nothing(cli, story, tmp_path):
    from tests.conftest import dump

    before = dump(tmp_path / "claims.db")
    for args in (("party", "kind", "Peter Carr", "robot"), ("party", "alias", "Peter Carr", "  "),
                 ("party", "member", "Peter Carr", "peter carr"),
                 ("party", "rename", "Peter Carr", "Peter Carr")):
        r = cli(*args)
        assert r.exit_code in (1, 2) and r.stderr.startswith("Error:") and "Traceback" not in r.stderr
    assert dump(tmp_path / "claims.db") == before


def test_registry_basics():
    assert name_key("The Wall Street Journal") == name_key("wall street journal")
    assert name_key("Special Counsel's Office") == name_key("special counsel office")
    pairs = {(s["a"], s["b"]) for s in suggest(
        ["Axel Rose", "Axl Rose", "ULA", "United Launch Alliance", "John Plumb", "Plumb",
         "J. Smith", "John Smith", "SpaceX", "Tesla"])}
    assert pairs == {("Axel Rose", "Axl Rose"), ("ULA", "United Launch Alliance"),
                     ("John Plumb", "Plumb"), ("J. Smith", "John Smith")}
    assert not Registry().related("SpaceX", "Tesla")
