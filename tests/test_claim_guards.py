"""What `claim list` and `claim add`/`edit` must not do silently: drop a repeated filter,
store a passage twice, or take a party as both the speaker and a denier of one claim."""

from __future__ import annotations

import json

import pytest

from claimtrack.attribution import from_options
from claimtrack.errors import ClaimExists, InvalidInput, UsageError

from .conftest import dump

SPACEX_QUOTE = "has nothing to do with Russia or China"  # claim c45 of the seeds, named SpaceX


def _ids(cli, *args: str) -> list[str]:
    r = cli("claim", "list", *args, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return [c["id"] for c in json.loads(r.stdout)]


# -- (1) a repeated filter keeps every value ------------------------------------------------

def test_repeated_source_keeps_the_claims_of_every_source(cli, seeded):
    alliance, maga = _ids(cli, "--source", "alliance"), _ids(cli, "--source", "tech-maga")
    assert alliance and maga
    both = _ids(cli, "--source", "alliance", "--source", "tech-maga")
    assert set(both) == set(alliance) | set(maga)
    assert both == sorted(both, key=lambda c: int(c[1:]))  # id order, as one source lists


@pytest.mark.parametrize("option, a, b", [
    ("--strength", "named", "anonymous"),
    ("--status", "active", "retracted"),
    ("--by", "SpaceX", "Wall Street Journal"),
    ("--about", "Elon Musk", "Starlink"),
])
def test_every_repeatable_filter_is_any_of_its_values(cli, seeded, option, a, b):
    seeded.retract_claim("c1", "for the test")
    one, other = _ids(cli, option, a), _ids(cli, option, b)
    assert _ids(cli, option, a, option, b) == sorted(set(one) | set(other),
                                                     key=lambda c: int(c[1:]))


def test_different_filters_must_all_match(cli, seeded):
    sources = set(_ids(cli, "--source", "vox-putin")) | set(_ids(cli, "--source", "tech-maga"))
    for strength in ("named", "unattributed"):
        both = _ids(cli, "--source", "vox-putin", "--source", "tech-maga", "--strength", strength)
        assert both and set(both) == sources & set(_ids(cli, "--strength", strength))


def test_an_unknown_source_among_several_is_an_error(cli, seeded):
    r = cli("claim", "list", "--source", "alliance", "--source", "nope")
    assert r.exit_code == 1 and "unknown source 'nope'" in r.stderr


def test_a_repeated_search_is_refused_not_dropped(cli, seeded):
    r = cli("claim", "list", "--search", "Starlink", "--search", "Taiwan")
    assert r.exit_code == 2
    assert "--search 'Starlink Taiwan'" in r.stderr and len(r.stderr.splitlines()) == 1


def test_the_library_takes_one_value_or_several(seeded):
    one = seeded.list_claims(source="alliance")
    assert seeded.list_claims(source=["alliance"]) == one
    assert len(seeded.list_claims(source=("alliance", "tech-maga"))) > len(one)
    assert seeded.list_claims(status=["retracted", "all"]) == seeded.list_claims()


# -- (2) a passage already stored ------------------------------------------------------------

def test_adding_a_stored_passage_again_is_refused_naming_the_claim(cli, seeded, tmp_path):
    before = dump(tmp_path / "claims.db")
    r = cli("claim", "add", "vox-putin", SPACEX_QUOTE, "--named", "SpaceX")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == ("Error: the passage [4813:4851] of vox-putin is already claim c45 "
                        "(see 'claimtrack claim show c45'); to store it again, add --again\n")
    assert dump(tmp_path / "claims.db") == before


def test_the_same_span_however_the_quote_is_typed(cli, seeded):
    """The check is on the span found, not the words typed: curly or straight quotes, or
    another attribution, are the same passage."""
    c30 = seeded.get_claim("c30")
    typed = c30["quote"].replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    r = cli("claim", "add", "vox-putin", typed, "--named", "someone else")
    assert r.exit_code == 1 and "is already claim c30" in r.stderr


def test_again_stores_it_and_says_so(cli, seeded):
    r = cli("claim", "add", "vox-putin", SPACEX_QUOTE, "--named", "SpaceX", "--again")
    assert r.exit_code == 0, r.stderr
    new = r.stdout.strip()
    assert seeded.get_claim(new)["span_start"] == seeded.get_claim("c45")["span_start"]
    assert "the same passage is also claim c45 (active)" in r.stderr


def test_a_retracted_claim_does_not_stop_it(cli, seeded):
    seeded.retract_claim("c45", "misquoted")
    r = cli("claim", "add", "vox-putin", SPACEX_QUOTE, "--named", "SpaceX")
    assert r.exit_code == 0, r.stderr
    assert "the same passage is also claim c45 (retracted: misquoted)" in r.stderr


def test_a_different_passage_with_the_same_words_is_not_the_same(cli, seeded):
    """Only the same span counts: a part of a stored passage is another claim."""
    r = cli("claim", "add", "vox-putin", "nothing to do with Russia or China")
    assert r.exit_code == 0, r.stderr
    assert "the same passage" not in r.stderr


def test_closest_is_checked_too(cli, seeded):
    r = cli("claim", "add", "vox-putin", "has nothing to do with Rusia or China", "--closest")
    assert r.exit_code == 1 and "is already claim c45" in r.stderr


def test_the_library_refuses_when_asked(seeded):
    with pytest.raises(ClaimExists) as e:
        seeded.add_claim("vox-putin", SPACEX_QUOTE, unique=True)
    assert e.value.claim["id"] == "c45"
    assert seeded.add_claim("vox-putin", SPACEX_QUOTE)["id"] != "c45"  # as sqlite-utils inserts


def test_load_keeps_its_own_rule(seeded, seeds_dir):
    """load counts a claim already stored as already there; it never raised for a passage."""
    from claimtrack.store.seeds import load_seeds

    n = len(seeded.list_claims())
    load_seeds(seeded, seeds_dir)
    assert len(seeded.list_claims()) == n


# -- (3) a speaker who also denied the claim ----------------------------------------------------

@pytest.mark.parametrize("speaker, denier", [
    (["--named", "SpaceX"], "SpaceX"),
    (["--named", "SpaceX"], "spacex"),
    (["--named", "SpaceX"], "SpaceX, Inc."),
    (["--reported-by", "The Wall Street Journal"], "Wall Street Journal"),
    (["--anonymous", "a Pentagon official"], "A Pentagon official"),
])
def test_add_refuses_a_speaker_who_denies_the_claim(cli, seeded, tmp_path, speaker, denier):
    before = dump(tmp_path / "claims.db")
    r = cli("claim", "add", "vox-putin", "nothing to do with Russia", *speaker,
            "--denied-by", "NASA", "--denied-by", denier)
    assert r.exit_code == 1 and r.stdout == ""
    assert len(r.stderr.splitlines()) == 1
    assert f"rests on {speaker[1]} ({speaker[0]}), who cannot also deny it " \
           f"(--denied-by {denier})" in r.stderr
    assert dump(tmp_path / "claims.db") == before


def test_an_alias_is_the_same_party(cli, seeded):
    from claimtrack.store.parties import add_alias

    add_alias(seeded, "SpaceX", "Space Exploration Technologies")
    r = cli("claim", "add", "vox-putin", "nothing to do with Russia", "--named", "SpaceX",
            "--denied-by", "Space Exploration Technologies")
    assert r.exit_code == 1 and "who cannot also deny it" in r.stderr


def test_another_party_may_deny_and_the_speaker_may_decline(cli, seeded):
    r = cli("claim", "add", "vox-putin", "nothing to do with Russia", "--named", "SpaceX",
            "--denied-by", "the Kremlin", "--declined", "SpaceX")
    assert r.exit_code == 0, r.stderr


@pytest.mark.parametrize("args", [
    ["--denied-by", "SpaceX"],                        # c45 is named SpaceX
    ["--named", "NASA", "--denied-by", "nasa"],
])
def test_edit_refuses_it_too(cli, seeded, tmp_path, args):
    before = dump(tmp_path / "claims.db")
    r = cli("claim", "edit", "c45", *args)
    assert r.exit_code == 1 and r.stderr.startswith("Error: claim c45 rests on ")
    assert dump(tmp_path / "claims.db") == before


def test_edit_refuses_a_new_speaker_who_denied_it(cli, seeded):
    seeded.edit_claim("c12", denied_by=["SpaceX"])
    r = cli("claim", "edit", "c12", "--named", "SpaceX")
    assert r.exit_code == 1 and "who cannot also deny it (--denied-by SpaceX)" in r.stderr
    assert cli("claim", "edit", "c12", "--named", "SpaceX", "--denied-by", "").exit_code == 0


def test_the_library_refuses_it(seeded):
    with pytest.raises(InvalidInput, match="cannot also deny it"):
        seeded.add_claim("vox-putin", "nothing to do with Russia",
                         attribution=from_options(named="SpaceX", denied_by=["SpaceX"]))
    with pytest.raises(UsageError):  # the attribution itself still checks its options
        from_options(named="SpaceX", unattributed=True)


def test_claim_edit_will_not_move_a_claim_onto_another_claims_passage(cli, seeded):
    """`claim edit --quote` onto a passage another active claim of the source holds makes two
    claims of one passage, as `claim add` would: refused, unless --again."""
    from .conftest import dump

    c45 = seeded.get_claim("c45")
    other = next(c for c in seeded.list_claims(source=c45["source"]) if c["id"] != "c45")
    r = cli("claim", "edit", "c45", "--quote", c45["quote"])
    assert "already claim" not in r.stderr  # a claim's own passage is not another claim's
    before = dump(seeded.path)
    r = cli("claim", "edit", other["id"], "--quote", c45["quote"])
    assert r.exit_code == 1 and "already claim c45" in r.stderr and "--again" in r.stderr
    assert dump(seeded.path) == before
    r = cli("claim", "edit", other["id"], "--quote", c45["quote"], "--again")
    assert r.exit_code == 0, r.stderr
    assert seeded.get_claim(other["id"])["span_start"] == c45["span_start"]
