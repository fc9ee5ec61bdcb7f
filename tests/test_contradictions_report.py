"""The contradictions report over the seeds, dismissals and CI mode."""

from __future__ import annotations

import csv
import io
import json

from .conftest import dump


def _items(cli, *args):
    r = cli("contradictions", "--format", "json", *args)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def _find(seeded, words):
    return next(c["id"] for c in seeded.list_claims() if words in c["quote"])


def test_seed_denial_is_reported(cli, seeded):
    putin = _find(seeded, "request from the Russian leader")
    spacex = _find(seeded, "has nothing to do with Russia or China")
    items = _items(cli)
    denial = next(i for i in items if set(i["claims"]) == {putin, spacex})
    assert denial["kind"] == "denial" and denial["status"] == "open"
    assert "SpaceX" in denial["reason"]
    for key in ("kind", "claims", "reason", "status", "item"):
        assert key in denial


def test_explicit_links_are_reported(cli, seeded):
    a, b = _find(seeded, "If I went and talked to Putin"), _find(seeded, "too big to fail")
    assert cli("claim", "link", a, b, "--as", "contradicts").exit_code == 0
    kinds = {tuple(i["claims"]): i["kind"] for i in _items(cli)}
    assert kinds[tuple(sorted((a, b), key=lambda c: int(c[1:])))] == "explicit"


def test_dismissal_persists_and_fail_on_any(cli, seeded, tmp_path):
    items = _items(cli)
    assert items
    assert cli("contradictions", "--fail-on-any").exit_code == 1
    for item in items:
        r = cli("contradictions", "dismiss", item["item"], "--reason", "checked by the desk")
        assert r.exit_code == 0, r.stderr
    again = _items(cli)
    assert {i["status"] for i in again} == {"dismissed"}
    assert again[0]["dismissed_reason"] == "checked by the desk"
    assert _items(cli, "--open") == []
    assert cli("contradictions", "--fail-on-any").exit_code == 0


def test_formats_and_source_filter(cli, seeded):
    r = cli("contradictions", "--format", "markdown")
    assert r.exit_code == 0 and r.stdout.startswith("## Contradictions") and "| item |" in r.stdout
    rows = list(csv.DictReader(io.StringIO(cli("contradictions", "--format", "csv").stdout)))
    assert rows and rows[0]["kind"] and ";" in rows[0]["claims"]
    assert _items(cli, "--source", "tech-maga") == []
    assert cli("contradictions", "--source", "nope").exit_code == 1


def test_dismiss_errors_change_nothing(cli, seeded, tmp_path):
    before = dump(tmp_path / "claims.db")
    r = cli("contradictions", "dismiss", "x-000000", "--reason", "x")
    assert r.exit_code == 1 and "no contradiction" in r.stderr
    item = _items(cli)[0]["item"]
    r = cli("contradictions", "dismiss", item, "--reason", "  ")
    assert r.exit_code == 1 and "--reason" in r.stderr
    assert dump(tmp_path / "claims.db") == before
