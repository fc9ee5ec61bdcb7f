"""``contradictions dismiss`` finds its one item by key: no run of the whole report (issue 16).

Dismissing used to run every detector over the database to find one key.  It now
hashes the pairs the report could hold and checks the matching pair alone
(:mod:`claimtrack.contradictions.lookup`).  The cost figure is in
``bench/bench_dismiss.py``; these tests check what it does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack import ClaimStore
from claimtrack.attribution import Attribution
from claimtrack.contradictions import dismiss, report
from claimtrack.contradictions.lookup import find_item

from .conftest import dump
from .reliability import assert_one_line_error

PAIRS = {  # two sources' wording of one fact, each pair a different kind of contradiction
    "quantity": ("The company hired 500 engineers in Berlin during the spring.",
                 "The company hired 800 engineers in Berlin during the spring."),
    "polarity": ("Starlink is available in Taiwan through a local telecom partner.",
                 "Starlink is not available in Taiwan through a local telecom partner."),
    "misattribution": ("We will rebuild every bridge in the county before the winter floods.",
                       "We will rebuild every bridge in the county before the winter floods."),
}


@pytest.fixture
def varied(seeded: ClaimStore, tmp_path: Path) -> ClaimStore:
    """The seeds (denials) plus a quantity, a polarity, a misattribution and an explicit pair."""
    for kind, (one, two) in PAIRS.items():
        ids = []
        for n, text in enumerate((one, two)):
            path = tmp_path / f"{kind}-{n}.txt"
            path.write_text(f"Report {n}. {text} More news follows.\n", encoding="utf-8")
            seeded.add_source(path, key=f"{kind}-{n}")
            who = Attribution("named", ("Anna Berg", "Tom Weir")[n]) \
                if kind == "misattribution" else None
            ids.append(seeded.add_claim(f"{kind}-{n}", text, attribution=who)["id"])
    from claimtrack.matching.links import link

    link(seeded, "c1", "c2", "contradicts")
    return seeded


@pytest.mark.parametrize("remembered", [True, False])
def test_every_item_of_the_report_is_found_by_its_key(varied, tmp_path, monkeypatch, remembered):
    """From the last report's remembered items, or (none remembered) by searching."""
    items = report(varied)
    assert {"denial", "quantity", "polarity", "misattribution", "explicit"} <= \
        {i["kind"] for i in items}
    if not remembered:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    for i in items:
        found = find_item(varied, i["item"])
        assert found is not None, i
        assert (found.kind, list(found.claims)) == (i["kind"], i["claims"])


def test_after_a_report_dismiss_checks_one_pair_only(varied, monkeypatch):
    """The report remembered each item's pair: no blocking, no parsing of other claims."""
    import importlib

    items = report(varied)
    detect_module = importlib.import_module("claimtrack.contradictions.detect")
    candidates = importlib.import_module("claimtrack.matching.candidates")
    parsed: list[str] = []
    real = detect_module._parse

    def counting(claim):
        parsed.append(claim["id"])
        return real(claim)

    def refuse(*args, **kwargs):
        raise AssertionError("dismiss searched the candidate pairs")

    monkeypatch.setattr(candidates, "candidate_pairs", refuse)
    monkeypatch.setattr(detect_module, "_parse", counting)
    for i in items:
        parsed.clear()
        row = dismiss(varied, i["item"], "checked")
        assert row["claims"] == i["claims"]
        assert set(parsed) <= set(i["claims"])  # its own two claims at most


def test_a_wrong_remembered_entry_is_checked_and_passed_over(varied):
    from claimtrack.contradictions import lookup

    items = report(varied)
    path = lookup._cache_file(varied.path)
    assert path is not None and path.exists()
    other = items[1]
    forged = {i["item"]: [other["kind"], *other["claims"]] for i in items}  # every key wrong
    forged["x-000000"] = [items[0]["kind"], *items[0]["claims"]]
    path.write_text(__import__("json").dumps(forged), encoding="utf-8")
    for i in items:
        found = find_item(varied, i["item"])
        assert found is not None and list(found.claims) == i["claims"]
    assert find_item(varied, "x-000000") is None
    path.write_text("not json {", encoding="utf-8")
    assert find_item(varied, items[0]["item"]) is not None


def test_dismiss_does_not_run_the_report(varied, monkeypatch):
    items = report(varied)
    import importlib

    detect_module = importlib.import_module("claimtrack.contradictions.detect")
    report_module = importlib.import_module("claimtrack.contradictions.report")

    def refuse(*args, **kwargs):
        raise AssertionError("dismiss ran the whole detector")

    monkeypatch.setattr(report_module, "report", refuse)
    monkeypatch.setattr(report_module, "detect", refuse)
    monkeypatch.setattr(detect_module, "_detect", refuse)
    for i in items:
        row = dismiss(varied, i["item"], "checked by the desk")
        assert row["kind"] == i["kind"] and row["claims"] == i["claims"]
    monkeypatch.undo()
    assert {i["status"] for i in report(varied)} == {"dismissed"}
    assert len(varied.dismissals()) == len(items)


def test_a_dismissal_can_be_reworded(varied):
    item = report(varied)[0]["item"]
    dismiss(varied, item, "first reason")
    dismiss(varied, item, "second reason")
    assert varied.dismissals()[item]["reason"] == "second reason"


def test_an_item_that_no_longer_stands_is_not_dismissed(varied, tmp_path):
    item = next(i for i in report(varied) if i["kind"] == "quantity")
    varied.retract_claim(item["claims"][0], "a typo in the figure")
    assert find_item(varied, item["item"]) is None


def test_unknown_key_is_one_line_and_changes_nothing(cli, varied, tmp_path):
    varied.close()
    before = dump(tmp_path / "claims.db")
    for key in ("x-000000", "x-zzzzzz", "c1"):
        r = cli("contradictions", "dismiss", key, "--reason", "x")
        assert_one_line_error(r.exit_code, r.stderr)
        assert "no contradiction" in r.stderr
    assert dump(tmp_path / "claims.db") == before


def test_cli_dismiss_names_the_item(cli, varied):
    item = next(i for i in report(varied) if i["kind"] == "polarity")
    varied.close()
    r = cli("contradictions", "dismiss", item["item"].upper(), "--reason", "two periods")
    assert r.exit_code == 0, r.stderr
    assert f"Dismissed {item['item']} (polarity: " in r.stderr
