"""claimtrack export: CSV reports, JSON and NDJSON, linked-data formats, the documented columns."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.errors import ClaimtrackError
from claimtrack.exchange.export import (
    COLUMNS,
    KINDS,
    column_reference_markdown,
    names,
)
from claimtrack.exchange.importer import import_files
from claimtrack.exchange.linked_data import annotation, claimreview, person_or_organisation

from .conftest import REPO
from .exchange_helpers import (  # noqa: F401 (fixtures)
    busy,
    export_text,
    seeded,
    seeded_template,
)


def test_csv_columns_and_lists(seeded: ClaimStore) -> None:
    rows = list(csv.reader(io.StringIO(export_text(seeded, "claims"))))
    assert rows[0] == names("claims")
    c1 = dict(zip(rows[0], rows[1], strict=True))
    assert c1["about"] == "White House; SpaceX"
    assert json.loads(c1["history"])[0]["action"] == "add"
    assert len(rows) == 84


def test_excel_adds_a_byte_order_mark(cli, seeded: ClaimStore, tmp_path: Path) -> None:
    r = cli("export", "sources", "--excel", "-o", "s.csv")
    assert r.exit_code == 0, r.stderr
    data = (tmp_path / "s.csv").read_bytes()
    assert data.startswith("\ufeffkey,title".encode())
    assert cli("export", "sources").stdout.startswith("key,title")
    r = cli("export", "sources", "--excel", "-f", "json")
    assert r.exit_code == 2 and "--excel goes with --format csv" in r.stderr
    with ClaimStore(tmp_path / "copy.db") as copy:  # the mark is no obstacle to import
        assert import_files(copy, [tmp_path / "s.csv"]).counts["sources"] == 3


def test_json_and_ndjson_hold_the_same_records(seeded: ClaimStore) -> None:
    as_json = json.loads(export_text(seeded, "claims", "json"))
    as_nd = [json.loads(line) for line in export_text(seeded, "claims", "ndjson").splitlines()]
    assert as_json == as_nd and len(as_json) == 83
    assert list(as_json[0]) == names("claims")
    assert as_json[0]["about"] == ["White House", "SpaceX"]
    assert export_text(seeded, "links", "json") == "[]\n"


def test_a_failed_export_leaves_no_file(cli, seeded: ClaimStore, tmp_path: Path) -> None:
    r = cli("export", "sources", "-f", "claimreview", "-o", "out.json")
    assert r.exit_code == 2 and r.stderr == (
        "Error: --format claimreview exports claims only, not sources\n")
    assert not (tmp_path / "out.json").exists()
    assert not list(tmp_path.glob(".out.json*"))


def test_claimreview(busy: ClaimStore) -> None:
    reviews = {r["identifier"]: r for r in json.loads(export_text(busy, "claims", "claimreview"))}
    named = next(c for c in busy.list_claims(source="vox-putin", strength="named")
                 if person_or_organisation(c["attributed_to"]) == "Person")
    r = reviews[named["id"]]
    assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
    assert r["claimReviewed"] == named["statement"]
    item = r["itemReviewed"]
    assert item["@type"] == "Claim" and item["text"] == named["quote"]
    assert item["author"] == {"@type": "Person", "name": named["attributed_to"]}
    assert item["appearance"]["publisher"] == {"@type": "Organization", "name": "Vox"}
    formula = reviews[busy.list_claims(source="formulas")[0]["id"]]
    assert formula["url"].startswith("https://example.org/minutes#:~:text=")
    assert formula["itemReviewed"]["appearance"]["url"] == "https://example.org/minutes"
    assert formula["itemReviewed"]["author"] == {"@type": "Person", "name": "-Anon Ymous"}
    source = busy.get_source("alliance")
    review = claimreview({**busy.get_claim("c1")}, {**source, "published": "2025-06-02"})
    assert review["itemReviewed"]["datePublished"] == "2025-06-02"


def test_person_or_organisation() -> None:
    assert [person_or_organisation(n) for n in (
        "Bill Nelson", "Joshua Ian Rosenstein", "SpaceX", "US intelligence officials",
        "White House", "Wall Street Journal")] == [
        "Person", "Person", "Organization", "Organization", "Organization", "Organization"]


def test_web_annotation_selectors_point_at_the_quote(busy: ClaimStore) -> None:
    notes = json.loads(export_text(busy, "claims", "annotation"))
    assert len(notes) == len(busy.list_claims())
    for note, claim in zip(notes, busy.list_claims(), strict=True):
        assert note["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert note["type"] == "Annotation" and note["id"].endswith(claim["id"])
        assert note["body"][0]["value"] == claim["statement"]
        quote, position = note["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == claim["quote"]
        assert position["type"] == "TextPositionSelector"
        if claim["anchor_status"] != "orphaned":
            text = busy.source_text(claim["source"])
            assert text[position["start"]:position["end"]] == quote["exact"]
            assert text[:position["start"]].endswith(quote["prefix"])
    formula = busy.list_claims(source="formulas")[0]
    assert annotation(formula, busy.get_source("formulas"))["target"]["source"] == \
        "https://example.org/minutes"


@pytest.mark.parametrize(("kind", "module", "function"), [
    ("groups", "claimtrack.matching.links", "claim_groups"),
    ("contradictions", "claimtrack.contradictions", "report"),
])
def test_report_exports(cli, busy: ClaimStore, kind: str, module: str, function: str) -> None:
    if not hasattr(pytest.importorskip(module), function):
        pytest.skip(f"{module}.{function} is not written yet")
    r = cli("export", kind)
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == names(kind) and len(rows) > 1
    records = json.loads(cli("export", kind, "-f", "json").stdout)
    assert [list(rec) for rec in records] == [names(kind)] * len(records)
    assert all(isinstance(rec["claims"], list) for rec in records)


def test_report_exports_without_their_module(monkeypatch: pytest.MonkeyPatch,
                                             seeded: ClaimStore) -> None:
    import claimtrack.matching.links

    monkeypatch.delattr(claimtrack.matching.links, "claim_groups", raising=False)
    with pytest.raises(ClaimtrackError, match="exporting groups is not available yet"):
        export_text(seeded, "groups")


def test_columns_cover_the_schema(seeded: ClaimStore) -> None:
    """A column added to the database must be added to the export too."""
    def table(name: str) -> set[str]:
        return {r[1] for r in seeded.conn.execute(f"PRAGMA table_info({name})")}

    assert set(names("sources")) - {"versions"} == table("sources")
    # import_id points into this database's import log: it means nothing elsewhere
    assert set(names("claims")) - {"history"} == table("claims") - {"seq", "import_id"}
    assert set(names("links")) == table("links")
    assert set(KINDS) == set(COLUMNS)


def test_documented_column_reference_is_current() -> None:
    readme = (REPO / "docs" / "export-columns.md").read_text(encoding="utf-8")
    start, end = "<!-- columns:start -->\n", "<!-- columns:end -->"
    assert start in readme and end in readme
    section = readme[readme.index(start) + len(start):readme.index(end)]
    assert section == column_reference_markdown(), (
        "docs/export-columns.md is out of date: run 'make docs'")


def test_cli_choices_are_the_library_kinds_and_formats() -> None:
    """The CLI spells out kinds (to start fast); they must match the library's."""
    from claimtrack.cli.exchange import Kind
    from claimtrack.columns import EXPORT_FORMATS
    from claimtrack.exchange.export import FORMATS

    assert [k.value for k in Kind] == list(KINDS)
    assert FORMATS == EXPORT_FORMATS


def test_listing_and_export_agree_on_keys(cli, seeded: ClaimStore) -> None:
    """``claim list -f json`` and ``export claims -f json`` give the same keys (the export adds
    only ``history``, too big for a listing); likewise for sources, links and the reports."""
    from claimtrack.columns import COLUMNS, EXPORT, LISTING

    listed = json.loads(cli("claim", "list", "-f", "json").stdout)
    exported = json.loads(cli("export", "claims", "-f", "json").stdout)
    assert list(listed[0]) + ["history"] == list(exported[0])
    sources = json.loads(cli("source", "list", "-f", "json").stdout)
    exported_sources = json.loads(cli("export", "sources", "-f", "json").stdout)
    assert [k for k in sources[0] if k not in ("chars", "claims")] + ["text", "versions"] == \
        list(exported_sources[0])
    for kind, cols in COLUMNS.items():
        assert {c.where for c in cols} <= {"both", EXPORT, LISTING}, kind


@pytest.mark.parametrize("args", [
    ("claim", "list"), ("source", "list"), ("export", "claims"), ("contradictions",),
    ("claim", "groups"), ("verify",),
])
def test_nl_and_ndjson_are_one_format_everywhere(cli, seeded: ClaimStore, args) -> None:
    nl = cli(*args, "-f", "nl")
    nd = cli(*args, "--format", "ndjson")
    assert nl.exit_code == nd.exit_code == 0, nl.stderr + nd.stderr
    assert nl.stdout == nd.stdout
    assert all(json.loads(line) for line in nl.stdout.splitlines())
    helptext = cli(*args, "--help").stdout
    assert "nl" in helptext and "ndjson" not in helptext
