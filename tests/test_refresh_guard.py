"""'source refresh' with what looks like the wrong file is refused unless --force.

A user's report: "`source refresh vox-putin article.txt` (the wrong file) prints `42 orphaned`
with exit 0 and no warning."  The rule (claimtrack.verify.ORPHAN_GUARD_SHARE, _MIN): a
refresh that would orphan more than half of the source's claims not already orphaned, and
at least 2, is refused with nothing written; --force (``force=True``) refreshes anyway.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.errors import RefreshWouldOrphan
from claimtrack.verify import refresh_source

from .conftest import dump
from .test_refresh import VOX_FILE

WRONG = ("The mayor said the city bridge will open in May, on budget. The builder was less "
         "sure:\na spokesperson for the builder, who was not named, said costs had risen by "
         "12 percent.\n")

SENTENCES = [
    "The harbour authority approved a new ferry terminal on the north quay.",
    "Councillors voted eleven to four to close the old swimming baths next spring.",
    "A retired teacher found a medieval coin hoard while walking her dog.",
    "The regional orchestra will tour seven Baltic cities in the autumn.",
]
QUOTES = ["approved a new ferry terminal", "voted eleven to four to close the old swimming baths",
          "found a medieval coin hoard", "will tour seven Baltic cities"]
OTHER = ["Snow closed the mountain pass for a third day running.",
         "The bakery on Mill Lane sold its last loaf after ninety years.",
         "Students built a solar car that crossed the desert in a week."]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "claims.db"


@pytest.fixture
def local(cli, tmp_path: Path) -> str:
    """A source of four sentences, a claim on each."""
    (tmp_path / "local.txt").write_text(" ".join(SENTENCES) + "\n", encoding="utf-8")
    assert cli("source", "add", "local.txt", "--key", "local").exit_code == 0
    for quote in QUOTES:
        assert cli("claim", "add", "local", quote).exit_code == 0
    return "local"


def _with_replaced(tmp_path: Path, n: int) -> Path:
    """local.txt with its first ``n`` sentences replaced by unrelated ones."""
    path = tmp_path / f"local-{n}.txt"
    path.write_text(" ".join(OTHER[:n] + SENTENCES[n:]) + "\n", encoding="utf-8")
    return path


def test_the_wrong_file_is_refused_and_nothing_changes(cli, seeded, tmp_path, db):
    (tmp_path / "article.txt").write_text(WRONG, encoding="utf-8")
    claims = len(seeded.list_claims(source="vox-putin"))
    before = dump(db)
    r = cli("source", "refresh", "vox-putin", "article.txt")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        f"Error: refresh refused, nothing changed: article.txt would orphan {claims} of the "
        f"{claims} claims of source 'vox-putin' (their quotes are not in it): is it the right "
        "file? To refresh anyway: claimtrack source refresh vox-putin article.txt --force\n")
    assert dump(db) == before
    r = cli("source", "refresh", "vox-putin", "article.txt", "--format", "json")
    assert r.exit_code == 1 and r.stdout == "" and dump(db) == before


def test_force_refreshes_anyway_and_refreshing_back_undoes_it(cli, seeded, seeds_dir, tmp_path):
    (tmp_path / "article.txt").write_text(WRONG, encoding="utf-8")
    claims = len(seeded.list_claims(source="vox-putin"))
    r = cli("source", "refresh", "vox-putin", "article.txt", "--force")
    assert r.exit_code == 0, r.stderr
    assert f"is now version 2: 0 anchored, 0 moved, 0 changed, {claims} orphaned" in r.stderr
    # back to the right file: nothing more is lost, so no --force is needed
    r = cli("source", "refresh", "vox-putin", str(seeds_dir / VOX_FILE))
    assert r.exit_code == 0, r.stderr
    assert f"is now version 3: {claims} anchored" in r.stderr


def test_the_stored_path_is_guarded_too(cli, seeded, seeds_dir, db):
    """'source refresh KEY' (no PATH) re-reads the stored file, here overwritten by another."""
    (seeds_dir / VOX_FILE).write_text(WRONG, encoding="utf-8")
    before = dump(db)
    r = cli("source", "refresh", "vox-putin")
    assert r.exit_code == 1 and r.stderr.count("\n") == 1
    assert r.stderr.rstrip().endswith("To refresh anyway: claimtrack source refresh vox-putin "
                                      "--force")
    assert dump(db) == before
    assert cli("source", "refresh", "vox-putin", "--force").exit_code == 0


@pytest.mark.parametrize("replaced, refused", [(1, False), (2, False), (3, True)])
def test_more_than_half_is_refused(cli, local, tmp_path, db, replaced, refused):
    """Of four claims: one or two orphaned (half) refresh; three are refused."""
    path = _with_replaced(tmp_path, replaced)
    before = dump(db)
    r = cli("source", "refresh", "local", str(path), "--format", "json")
    if refused:
        assert r.exit_code == 1
        assert f"would orphan {replaced} of the 4 claims of source 'local'" in r.stderr
        assert dump(db) == before
    else:
        assert r.exit_code == 0, r.stderr
        statuses = [c["anchor_status"] for c in json.loads(r.stdout)]
        assert statuses.count("orphaned") == replaced


def test_one_claim_orphaned_is_never_refused(cli, tmp_path):
    """A source with one claim: losing it is not 'at least 2'."""
    (tmp_path / "one.txt").write_text(SENTENCES[0] + "\n", encoding="utf-8")
    assert cli("source", "add", "one.txt", "--key", "one").exit_code == 0
    assert cli("claim", "add", "one", QUOTES[0]).exit_code == 0
    (tmp_path / "one.txt").write_text(OTHER[0] + "\n", encoding="utf-8")
    r = cli("source", "refresh", "one")
    assert r.exit_code == 0 and "1 orphaned" in r.stderr


def test_claims_already_orphaned_are_not_counted_again(cli, local, tmp_path):
    """After a forced refresh orphaned three claims, the next refresh counts only the claim
    still anchored: a text that brings one of the three back needs no --force."""
    assert cli("source", "refresh", "local", str(_with_replaced(tmp_path, 3)),
               "--force").exit_code == 0
    r = cli("source", "refresh", "local", str(_with_replaced(tmp_path, 2)))
    assert r.exit_code == 0, r.stderr  # two come back (from the version they index)
    assert "2 orphaned" in r.stderr


def test_the_library_raises_with_the_counts(seeded, tmp_path):
    wrong = tmp_path / "article.txt"
    wrong.write_text(WRONG, encoding="utf-8")
    claims = len(seeded.list_claims(source="vox-putin"))
    with pytest.raises(RefreshWouldOrphan) as refused:
        refresh_source(seeded, "vox-putin", wrong)
    assert (refused.value.orphaned, refused.value.anchored) == (claims, claims)
    assert refused.value.exit_code == 1
    assert seeded.get_source("vox-putin")["version"] == 1
    result = refresh_source(seeded, "vox-putin", wrong, force=True)
    assert result.changed and result.counts()["orphaned"] == claims


def test_help_says_when_and_how(cli):
    text = " ".join(cli("source", "refresh", "--help").stdout.split())
    assert "more than half" in text and "--force" in text
    assert "claimtrack source refresh vox-putin rewritten-article.txt --force" in text


def test_nothing_is_written_by_a_refusal_even_for_a_library_store(tmp_path, seeds_dir):
    """The refusal happens under the write lock, after the last re-anchoring: the
    transaction rolls back (no version, no claim history)."""
    from claimtrack.store.seeds import load_seeds

    path = tmp_path / "lib.db"
    with ClaimStore(path) as store:
        load_seeds(store, seeds_dir)
    before = dump(path)
    (tmp_path / "article.txt").write_text(WRONG, encoding="utf-8")
    with ClaimStore(path) as store, pytest.raises(RefreshWouldOrphan):
        refresh_source(store, "vox-putin", tmp_path / "article.txt")
    assert dump(path) == before
