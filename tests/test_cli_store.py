"""The source and claim commands, as a user types them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import SEEDS, dump

VOX = str(SEEDS / "001_5f9e32d0296bbd23.txt")


@pytest.fixture
def vox(cli):
    r = cli("source", "add", VOX, "--key", "vox", "--outlet", "Vox", "--published", "2024-10-25")
    assert r.exit_code == 0, r.stderr
    return "vox"


def test_source_add_list_show(cli, vox):
    again = cli("source", "add", VOX, "--key", "vox")
    assert again.exit_code == 0 and "nothing to do" in again.stderr
    listed = json.loads(cli("source", "list", "--format", "json").stdout)
    assert [s["key"] for s in listed] == ["vox"]
    shown = json.loads(cli("source", "show", "vox", "--format", "json").stdout)[0]
    assert shown["outlet"] == "Vox" and shown["published"] == "2024-10-25"
    assert "vox" in cli("source", "show", "vox").stdout


def test_claim_add_and_show(cli, vox):
    r = cli("claim", "add", "vox", '"has nothing to do with Russia or China"', "--named", "SpaceX",
            "--about", "Starlink", "--about", "Taiwan")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == "c1"
    shown = cli("claim", "show", "c1")
    assert shown.exit_code == 0 and "has nothing to do with Russia or China" in shown.stdout
    assert "SpaceX told Vox" in shown.stdout  # the paragraph around the quote
    data = json.loads(cli("claim", "show", "c1", "--format", "json").stdout)[0]
    for key in ("id", "source", "quote", "statement", "span_start", "span_end", "prefix",
                "suffix", "strength", "attributed_to", "denied_by", "declined", "about",
                "status", "created_at", "anchor_status"):
        assert key in data
    assert data["strength"] == "named" and data["about"] == ["Starlink", "Taiwan"]


def test_listing_shows_whole_attribution(cli, vox):
    cli("claim", "add", "vox", "Were these engagements coordinated and cleared?",
        "--anonymous", "former US national security official", "--denied-by", "SpaceX",
        "--declined", "White House")
    out = cli("claim", "list").stdout
    assert "anonymous: former US national security official" in out
    assert "denied by SpaceX" in out and "White House declined to comment" in out


@pytest.mark.parametrize("fmt", ["json", "csv", "nl", "table"])
def test_every_format(cli, vox, fmt):
    cli("claim", "add", "vox", "Generally speaking", "--about", "a", "--about", "b")
    r = cli("claim", "list", "--format", fmt)
    assert r.exit_code == 0
    if fmt == "json":
        assert json.loads(r.stdout)[0]["about"] == ["a", "b"]
    elif fmt == "csv":
        row = next(csv.DictReader(io.StringIO(r.stdout)))
        assert row["about"] == "a; b" and row["id"] == "c1"
    elif fmt == "nl":
        assert json.loads(r.stdout.splitlines()[0])["id"] == "c1"
    else:
        assert "c1" in r.stdout


def test_edit_retract_history(cli, vox):
    cli("claim", "add", "vox", "Generally speaking")
    assert cli("claim", "edit", "c1", "--claim", "A general statement").exit_code == 0
    r = cli("claim", "retract", "c1", "--reason", "duplicate")
    assert r.exit_code == 0
    hist = json.loads(cli("claim", "history", "c1", "--format", "json").stdout)
    assert [h["action"] for h in hist] == ["add", "edit", "retract"]
    listed = json.loads(cli("claim", "list", "--status", "retracted", "--format", "json").stdout)
    assert [c["id"] for c in listed] == ["c1"]


def test_list_filters_from_cli(cli, seeded):
    out = json.loads(cli("claim", "list", "--strength", "reported", "--format", "json").stdout)
    assert out and {c["strength"] for c in out} == {"reported"}
    out = json.loads(cli("claim", "list", "--search", "Starlink Taiwan", "--format", "json").stdout)
    assert out and all("Taiwan" in c["quote"] + c["statement"] for c in out)


def test_summary(cli, seeded):
    rows = json.loads(cli("summary", "--format", "json").stdout)
    assert {r["source"] for r in rows} == {"alliance", "vox-putin", "tech-maga"}
    assert sum(r["total"] for r in rows) == len(seeded.list_claims())


def test_db_option_beats_env(cli, tmp_path, monkeypatch):
    other = tmp_path / "other.db"
    r = cli("--db", str(other), "source", "add", VOX, "--key", "vox")
    assert r.exit_code == 0 and other.exists()
    assert not (tmp_path / "claims.db").exists()


@pytest.mark.parametrize("args, code, words", [
    (["claim", "show", "c999"], 1, "unknown claim"),
    (["claim", "add", "vox", "Musk is a Martian"], 1, "quote not found"),
    (["claim", "add", "vox", ""], 1, "empty"),
    (["claim", "add", "vox", "Starlink satellite internet"], 1, "--occurrence"),
    (["claim", "add", "nope", "Generally"], 1, "unknown source"),
    (["claim", "add", "vox", "Generally", "--named", "A", "--anonymous", "B"], 2, "one attribution"),
    (["claim", "list", "--strength", "loud"], 2, "unknown strength"),
    (["claim", "retract", "c1"], 2, "reason"),
    (["source", "add", "missing.txt"], 1, "no such file"),
    (["source", "add", VOX, "--key", "v2", "--published", "2024-02-30"], 1, "bad date"),
    (["source", "show", "nope"], 1, "unknown source"),
    (["claim", "add", "vox"], 2, "Missing argument 'QUOTE'"),
    (["claim", "ad", "vox", "x"], 2, "No such command"),
    (["claim", "add", "vox", "Generally", "--occurrence", "0"], 2, "--occurrence"),
    (["claim", "list", "--format", "xml"], 2, "--format"),
])
def test_errors_are_one_line_and_change_nothing(cli, vox, tmp_path, args, code, words):
    before = dump(tmp_path / "claims.db")
    r = cli(*args)
    assert r.exit_code == code
    assert words in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr + r.stdout
    assert dump(tmp_path / "claims.db") == before


def test_non_utf8_file(cli, tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("café société".encode("latin-1"))
    r = cli("source", "add", str(f))
    assert r.exit_code == 1 and "not UTF-8" in r.stderr


def test_read_commands_do_not_create_a_database(cli, tmp_path):
    r = cli("claim", "list")
    assert r.exit_code == 1 and "no database" in r.stderr
    assert not (tmp_path / "claims.db").exists()


def test_help_has_examples(cli):
    for cmd in (["claim", "add"], ["claim", "list"], ["source", "add"]):
        out = cli(*cmd, "--help").stdout
        assert "claimtrack" in out and "Example" in out


def test_top_level_usage_error_is_one_line(cli):
    r = cli("--bogus")
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == ["Error: No such option: --bogus (see 'claimtrack --help')"]
