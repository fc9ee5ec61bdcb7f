"""claimtrack load run again: what is stored already is skipped, and a failed load into a
new database leaves no file behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.store.seeds import load_seeds

from .conftest import dump

VOX_QUOTE = "has nothing to do with Russia or China"


def _claims(cli) -> list[dict]:
    return json.loads(cli("claim", "list", "--status", "all", "--format", "json").stdout)


def _append(seeds: Path, text: str) -> None:
    with (seeds / "claims.toml").open("a", encoding="utf-8") as f:
        f.write(text)


def test_loading_twice_adds_nothing_the_second_time(cli, seeds_dir: Path, tmp_path: Path) -> None:
    assert cli("load", str(seeds_dir)).stderr == f"Loaded 3 sources and 83 claims from {seeds_dir}\n"
    before = dump(tmp_path / "claims.db")
    r = cli("load", str(seeds_dir))
    assert r.exit_code == 0, r.stderr
    assert r.stderr == (f"Loaded 0 sources and 0 claims from {seeds_dir} "
                        "(3 sources and 83 claims already there)\n")
    assert dump(tmp_path / "claims.db") == before
    assert len(_claims(cli)) == 83


def test_claims_appended_to_the_seeds_are_added_alone(cli, seeds_dir: Path) -> None:
    cli("load", str(seeds_dir))
    _append(seeds_dir, f'\n[[claim]]\nsource = "vox-putin"\nquote = "{VOX_QUOTE}"\n'
                       'named = "a SpaceX spokesperson"\n')
    r = cli("load", str(seeds_dir))
    assert r.stderr == (f"Loaded 0 sources and 1 claim from {seeds_dir} "
                        "(3 sources and 83 claims already there)\n")
    claims = _claims(cli)
    assert len(claims) == 84
    assert claims[-1]["id"] == "c84" and claims[-1]["attributed_to"] == "a SpaceX spokesperson"


def test_edited_and_retracted_claims_are_not_added_back(cli, seeds_dir: Path) -> None:
    cli("load", str(seeds_dir))
    c6 = json.loads(cli("claim", "show", "c6", "--format", "json").stdout)[0]
    assert cli("claim", "edit", "c5", "--named", "Someone Else").exit_code == 0
    assert cli("claim", "edit", "c6", "--quote", c6["quote"][:-12]).exit_code == 0
    assert cli("claim", "edit", "c8", "--claim", "New words", "--about", "").exit_code == 0
    assert cli("claim", "retract", "c7", "--reason", "wrong").exit_code == 0
    r = cli("load", str(seeds_dir))
    assert r.exit_code == 0, r.stderr
    assert "Loaded 0 sources and 0 claims" in r.stderr and "83 claims already there" in r.stderr
    claims = _claims(cli)
    assert len(claims) == 83
    assert claims[6]["status"] == "retracted"


def test_a_seed_whose_attribution_changed_is_a_new_claim(cli, seeds_dir: Path) -> None:
    cli("load", str(seeds_dir))
    text = (seeds_dir / "claims.toml").read_text(encoding="utf-8")
    first = text.index("[[claim]]  # c1")
    (seeds_dir / "claims.toml").write_text(
        text[:first] + text[first:].replace("unattributed = true", 'named = "The White House"', 1),
        encoding="utf-8")
    r = cli("load", str(seeds_dir))
    assert "Loaded 0 sources and 1 claim" in r.stderr and "82 claims already there" in r.stderr
    claims = _claims(cli)
    assert (claims[-1]["quote"], claims[-1]["attributed_to"]) == (
        claims[0]["quote"], "The White House")


def test_a_renamed_source_keeps_its_claims_already_there(cli, seeds_dir: Path) -> None:
    cli("load", str(seeds_dir))
    assert cli("source", "rename", "alliance", "essay").exit_code == 0
    r = cli("load", str(seeds_dir))
    assert r.exit_code == 0, r.stderr
    assert "Loaded 0 sources and 0 claims" in r.stderr and "83 claims already there" in r.stderr


def test_the_same_claim_twice_in_one_folder_is_loaded_twice_then_skipped(
        tmp_path: Path, seeds_dir: Path) -> None:
    """Ids follow the file's order on a first load, duplicates included (as before)."""
    _append(seeds_dir, f'\n[[claim]]\nsource = "vox-putin"\nquote = "{VOX_QUOTE}"\n' * 2)
    with ClaimStore(tmp_path / "claims.db") as store:
        assert load_seeds(store, seeds_dir) == (3, 85)
        again = load_seeds(store, seeds_dir)
        assert again == (0, 0)
        assert (again.sources_there, again.claims_there) == (3, 85)


def test_the_library_counts_what_it_skipped(seeded: ClaimStore, seeds_dir: Path) -> None:
    loaded = load_seeds(seeded, seeds_dir)
    assert (loaded.sources, loaded.claims) == (0, 0)
    assert (loaded.sources_there, loaded.claims_there) == (3, 83)


@pytest.mark.parametrize("breakage", ["toml", "late claim", "missing file"])
def test_a_failed_load_into_a_new_database_leaves_no_file(cli, seeds_dir: Path, tmp_path: Path,
                                                          breakage: str) -> None:
    if breakage == "toml":
        (seeds_dir / "sources.toml").write_text("[[source]\nfile = ", encoding="utf-8")
    elif breakage == "late claim":
        _append(seeds_dir, '\n[[claim]]\nsource = "vox-putin"\nquote = "words that are nowhere"\n')
    else:
        (seeds_dir / "001_5f9e32d0296bbd23.txt").unlink()
    r = cli("--db", "fresh.db", "load", str(seeds_dir))
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: ") and len(r.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("fresh.db")) == []


def test_a_failed_load_into_an_existing_database_keeps_it(cli, seeds_dir: Path,
                                                          tmp_path: Path) -> None:
    ClaimStore(tmp_path / "empty.db").close()  # made before, by someone: not the load's to remove
    before = dump(tmp_path / "empty.db")
    (seeds_dir / "claims.toml").write_text('[[claim]]\nsource = "nowhere"\nquote = "x"\n')
    r = cli("--db", "empty.db", "load", str(seeds_dir))
    assert r.exit_code == 1
    assert dump(tmp_path / "empty.db") == before
