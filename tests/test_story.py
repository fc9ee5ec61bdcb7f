"""The editor's CSV (export report), who said each side of a contradiction, the HTML report."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from .newsroom import HOSTILE_QUOTE, HOSTILE_TITLE, build


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    path = tmp_path / "newsroom.db"
    ids = build(path)
    monkeypatch.setenv("CLAIMTRACK_DB", str(path))
    return ids


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_report_is_one_line_per_claim(cli, newsroom, tmp_path):
    r = cli("export", "report", "-o", str(tmp_path / "r.csv"))
    assert r.exit_code == 0, r.output
    text = (tmp_path / "r.csv").read_text(encoding="utf-8")
    rows = read(text)
    assert list(rows[0]) == ["id", "outlet", "source", "source_title", "url", "published",
                             "quote", "attribution", "stance", "denied_by", "declined",
                             "status", "group", "group_independent_sources",
                             "open_contradictions"]
    assert len(text.strip().split("\n")) == len(newsroom) + 1  # no cell breaks a line
    by_id = {row["id"]: row for row in rows}
    leave = by_id[newsroom["leave"]]
    assert leave["outlet"] == "Coast Gazette"
    assert leave["url"] == "https://coast-gazette.example/exit"
    assert leave["published"] == "2026-03-03"
    assert leave["attribution"] == "anonymous: two people familiar with the matter"
    assert leave["denied_by"] == "Orbital Freight"
    assert re.fullmatch(r"x-[0-9a-f]{6}", leave["open_contradictions"])
    assert by_id[newsroom["stay"]]["open_contradictions"] == leave["open_contradictions"]
    jobs = by_id[newsroom["jobs_post"]]
    assert jobs["group"] == "g" + newsroom["jobs_times"][1:]
    assert jobs["group_independent_sources"] == "2"
    assert jobs["attribution"] == "River Post (its own words)"
    assert by_id[newsroom["open_june"]]["group"] == ""


def test_export_report_neutralises_formulas_and_takes_a_bom(cli, newsroom, tmp_path):
    cli("export", "report", "--excel", "-o", str(tmp_path / "r.csv"))
    raw = (tmp_path / "r.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    by_id = {row["id"]: row for row in read(raw.decode("utf-8"))}
    assert by_id[newsroom["formula"]]["quote"] == "'" + HOSTILE_QUOTE
    assert by_id[newsroom["formula"]]["source_title"] == HOSTILE_TITLE


def test_export_report_fills_stance_when_claims_have_one(cli, newsroom, tmp_path):
    import sqlite3

    with sqlite3.connect(tmp_path / "newsroom.db") as conn:
        conn.execute("ALTER TABLE claims ADD COLUMN stance TEXT")
        conn.execute("UPDATE claims SET stance = 'refutes' WHERE id = ?", [newsroom["stay"]])
    rows = {row["id"]: row for row in read(cli("export", "report").stdout)}
    assert rows[newsroom["stay"]]["stance"] == "refutes"
    # issue 18: a claim with no recorded stance gets the one read from its words
    assert rows[newsroom["leave"]]["stance"].split()[0] in {"asserts", "denies", "reports",
                                                            "hedges"}


def test_contradictions_csv_says_who_said_each_side(cli, newsroom):
    for args in (("export", "contradictions"), ("contradictions", "--format", "csv")):
        (item,) = read(cli(*args).stdout)
        assert (item["a_said_by"], item["b_said_by"]) == (
            "anonymous: two people familiar with the matter", "Orbital Freight (on the record)")


def report(cli, tmp_path: Path, *args: str) -> str:
    r = cli("report", "-o", str(tmp_path / "story.html"), *args)
    assert r.exit_code == 0, r.output
    return (tmp_path / "story.html").read_text(encoding="utf-8")


def test_report_holds_sources_groups_contradictions_and_two_pictures(cli, newsroom, tmp_path):
    page = report(cli, tmp_path)
    assert page.count("<svg") == 2
    assert "Coast Gazette" in page and "River Post" in page
    assert "2 independent source(s)" in page
    assert "Orbital Freight plans to leave the harbour by next spring" in page
    assert "has no plans to leave the harbour" in page
    assert "Orbital Freight (on the record)" in page
    assert "class='edge contradict'" in page and "class='edge corroborate'" in page
    assert page.count("class='bar'") == 4  # four publication days


def test_report_is_self_contained_and_escapes_the_sources(cli, newsroom, tmp_path):
    page = report(cli, tmp_path)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower() and "<b>leaks" not in page and "<i>" not in page
    assert "&lt;script&gt;" in page
    assert "javascript:" not in page.replace("javascript:alert(&#x27;url&#x27;)", "")
    assert "href='javascript" not in page
    assert not re.search(r"\b(src|href)=['\"]?(?!https://)", page.replace(
        "href='https://", ""))  # the only links are the sources' https URLs
    assert "@import" not in page and "url(" not in page


def test_report_filters_by_source_and_by_party(cli, newsroom, tmp_path):
    page = report(cli, tmp_path, "--source", "river-post")
    assert "only source: river-post" in page
    assert "River Post (its own words)" in page and "Harbour Times" not in page.split(
        "<section id='sources'>")[1].split("</section>")[0]
    page = report(cli, tmp_path, "--about", "Orbital Freight")
    assert ">2</b>claims" in page  # the claim that says it and the claim it denied
    assert "The terminal will create 400 jobs" not in page


def test_report_refuses_an_unknown_source(cli, newsroom, tmp_path):
    from typer.testing import CliRunner

    from claimtrack.cli import app

    r = CliRunner().invoke(app, ["report", "-o", str(tmp_path / "x.html"), "--source", "nope"])
    assert r.exit_code == 1
    assert r.output.startswith("Error:") and r.output.count("\n") == 1
    assert not (tmp_path / "x.html").exists()


def test_report_on_sources_without_dates_says_so(cli, seeded, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMTRACK_DB", seeded.path)
    page = report(cli, tmp_path)
    assert "No source in this report has a publication date" in page


def test_the_graph_draws_the_most_connected_sources_only():
    from claimtrack.story.data import Story
    from claimtrack.story.svg import MAX_NODES, source_graph

    sources = [{"key": f"s{i}", "outlet": f"Outlet {i}", "shown": 3} for i in range(40)]
    claims = [{"id": "c1", "source": "s39"}, {"id": "c2", "source": "s38"}]
    group = {"group": "g1", "claims": ["c1", "c2"], "sources": ["s38", "s39"], "members": claims}
    story = Story(db="x.db", generated="now", sources=sources, claims=[], groups=[group],
                  contradictions=[])
    svg = source_graph(story)
    assert svg.count("class='node'") == MAX_NODES
    assert "Outlet 39" in svg and "Outlet 38" in svg  # the linked pair is drawn
    assert "24 less connected source(s) not drawn" in svg
    assert svg.count("class='edge corroborate'") == 1
