"""``claim edit --claim ""`` is refused (it reset the claim to the quote unasked);
``--reset-claim`` is the way to do that; the edit and retract options' help reads right."""

from __future__ import annotations

import json

import pytest

from .conftest import dump
from .reliability import assert_one_line_error

ARTICLE = "The mayor said the bridge will open in May, on budget. Costs rose by 12 percent."


@pytest.fixture
def claim(cli, tmp_path) -> str:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    assert cli("source", "add", "article.txt").exit_code == 0
    r = cli("claim", "add", "article", "the bridge will open in May, on budget", "--named",
            "the mayor", "--claim", "The bridge opens in May.")
    assert r.exit_code == 0, r.stderr
    return r.stdout.strip()


def _statement(cli, cid: str) -> str:
    return json.loads(cli("claim", "show", cid, "--format", "json").stdout)[0]["statement"]


@pytest.mark.parametrize("empty", ["", "   ", "\n"])
def test_an_empty_claim_is_refused(cli, claim, tmp_path, empty):
    before = dump(tmp_path / "claims.db")
    r = cli("claim", "edit", claim, "--claim", empty)
    assert_one_line_error(r.exit_code, r.stderr)
    assert r.exit_code == 1 and "--claim cannot be empty" in r.stderr and "--reset-claim" in r.stderr
    assert dump(tmp_path / "claims.db") == before
    assert _statement(cli, claim) == "The bridge opens in May."


def test_reset_claim_sets_it_back_to_the_quote(cli, claim, tmp_path):
    r = cli("claim", "edit", claim, "--claim", "x", "--reset-claim")
    assert r.exit_code == 2 and "not both" in r.stderr
    assert cli("claim", "edit", claim, "--reset-claim").exit_code == 0
    assert _statement(cli, claim) == "the bridge will open in May, on budget"
    history = json.loads(cli("claim", "history", claim, "--format", "json").stdout)
    assert history[-2]["data"]["statement"] == "The bridge opens in May."  # kept
    cli("claim", "edit", claim, "--claim", "Opens in May.")
    assert cli("claim", "edit", claim, "--quote", "Costs rose by 12 percent",
               "--reset-claim").exit_code == 0
    assert _statement(cli, claim) == "Costs rose by 12 percent"  # the new quote's words


def test_edit_and_retract_help(cli):
    edit = cli("claim", "edit", "--help").stdout
    line = next(x for x in edit.splitlines() if x.strip().startswith("--claim "))
    assert "plain words" in line
    assert "--reset-claim" in edit
    retract = cli("claim", "retract", "--help").stdout
    assert "(required)" not in retract and "[required]" in retract
