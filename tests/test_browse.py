"""claimtrack serve, through Datasette's own test client (fast; no browser, no port)."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from claimtrack import ClaimStore

from .newsroom import build

pytest.importorskip("datasette", reason="Datasette is the optional extra 'browse'")


@pytest.fixture
def newsroom(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "newsroom.db"
    return path, build(path)


def serve(path: Path, tmp_path: Path, **kw: Any) -> Any:
    """The Datasette instance ``claimtrack serve`` would run for ``path``."""
    from claimtrack.browse.serve import datasette, prepare

    work = tmp_path / "serve-work"
    work.mkdir(exist_ok=True)
    with ClaimStore(path) as store:
        served = prepare(store, work, **kw)
    return datasette(served)


def get(ds: Any, url: str) -> Any:
    async def fetch() -> Any:
        return await ds.client.get(url)

    return asyncio.run(fetch())


def rows(ds: Any, url: str) -> list[dict[str, Any]]:
    r = get(ds, url + ("&" if "?" in url else "?") + "_shape=objects")
    assert r.status_code == 200, r.text
    return r.json()["rows"]


def test_search_box_finds_a_claim_by_a_word_of_its_quote(newsroom, tmp_path):
    path, ids = newsroom
    ds = serve(path, tmp_path)
    assert [r["id"] for r in rows(ds, "/newsroom/claims.json?_search=spring")] == [ids["leave"]]
    # Datasette quotes each term as a phrase, which the position-less index refuses;
    # claimtrack's plugin searches the words instead.
    found = rows(ds, "/newsroom/claims.json?_search=%22harbour,%22+spring.")
    assert [r["id"] for r in found] == [ids["leave"]]
    assert get(ds, "/newsroom/claims?_search=Orbital%27s").status_code == 200


def test_claims_sort_by_number_not_text(seeded, tmp_path):
    ds = serve(Path(seeded.path), tmp_path, report=False)
    got = [r["id"] for r in rows(ds, "/claims/claims.json?_size=12")]
    assert got == [f"c{i}" for i in range(1, 13)]  # c10 after c9, not after c1


def test_claims_facets_and_descriptions(newsroom, tmp_path):
    path, _ = newsroom
    ds = serve(path, tmp_path)
    r = get(ds, "/newsroom/claims.json?_shape=objects")
    facets = r.json()["facet_results"]
    assert {"source", "strength", "status", "denied_by"} <= set(facets)
    assert "stance" not in facets
    page = get(ds, "/newsroom/claims").text
    assert "Who the claim rests on" in page  # the export reference's column description


def test_a_stance_column_gets_a_facet(newsroom, tmp_path):
    path, ids = newsroom
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE claims ADD COLUMN stance TEXT")
        conn.execute("UPDATE claims SET stance = 'supports' WHERE id = ?", [ids["stay"]])
    ds = serve(path, tmp_path)
    facets = get(ds, "/newsroom/claims.json").json()["facet_results"]
    assert "stance" in facets


def test_canned_query_lists_open_contradictions_with_who_said_each(newsroom, tmp_path):
    path, ids = newsroom
    ds = serve(path, tmp_path)
    found = rows(ds, "/report/open_contradictions.json")
    planted = next(r for r in found if (r["a_claim"], r["b_claim"]) == (ids["leave"], ids["stay"]))
    assert planted["kind"] == "denial"
    assert planted["a_quote"] == "Orbital Freight plans to leave the harbour by next spring"
    assert planted["a_said_by"] == "anonymous: two people familiar with the matter"
    assert planted["b_quote"] == "has no plans to leave the harbour"
    assert planted["b_said_by"] == "Orbital Freight (on the record)"


def test_canned_query_groups_with_independent_sources(newsroom, tmp_path):
    path, ids = newsroom
    ds = serve(path, tmp_path)
    (group,) = rows(ds, "/report/groups_by_independent_sources.json")
    assert group["group"] == ids["jobs_times"].replace("c", "g")
    assert group["independent_sources"] == 2  # Ada Brennan twice, and the River Post
    assert group["claims"] == 3


def test_canned_queries_on_stored_claims(newsroom, tmp_path):
    path, ids = newsroom
    ds = serve(path, tmp_path)
    denied = rows(ds, "/newsroom/claims_denied_by.json?party=orbital")
    assert [r["id"] for r in denied] == [ids["leave"]]
    by_party = rows(ds, "/newsroom/claims_by_party.json?party=Orbital+Freight")
    roles = {(r["id"], r["role"]) for r in by_party}
    assert (ids["stay"], "said it") in roles and (ids["leave"], "denied it") in roles
    in_order = rows(ds, "/newsroom/source_claims.json?source=coast-gazette")
    assert [r["id"] for r in in_order] == [ids["jobs_gazette"], ids["leave"]]
    assert [r["span_start"] for r in in_order] == sorted(r["span_start"] for r in in_order)
    assert rows(ds, "/newsroom/orphaned_and_changed.json") == []


def test_orphaned_quotes_are_listed(newsroom, tmp_path):
    path, ids = newsroom
    with ClaimStore(path) as store:
        store.conn.execute("UPDATE claims SET anchor_status = 'orphaned' WHERE id = ?",
                           [ids["open_june"]])
    ds = serve(path, tmp_path)
    assert [r["id"] for r in rows(ds, "/newsroom/orphaned_and_changed.json")] == [ids["open_june"]]


def test_serving_leaves_the_database_unchanged_and_cannot_write(newsroom, tmp_path):
    path, _ = newsroom
    with ClaimStore(path) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    ds = serve(path, tmp_path)
    assert ds.databases["newsroom"].is_mutable is False
    r = get(ds, "/newsroom.json?sql=DELETE+FROM+claims")
    assert r.status_code == 400  # Datasette runs read-only SQL only
    rows(ds, "/newsroom/claims.json?_search=harbour")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_write_serves_the_file_mutable(newsroom, tmp_path):
    path, _ = newsroom
    ds = serve(path, tmp_path, write=True)
    assert ds.databases["newsroom"].is_mutable is True


def test_no_report_serves_the_stored_tables_only(newsroom, tmp_path):
    path, _ = newsroom
    ds = serve(path, tmp_path, report=False)
    assert set(ds.databases) - {"_internal", "_memory"} == {"newsroom"}
    assert "not shown" in get(ds, "/newsroom").text


def test_serve_without_datasette_says_how_to_install(cli, newsroom, monkeypatch):
    import importlib.util

    path, _ = newsroom
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "datasette" else real(name, *a))
    from typer.testing import CliRunner

    from claimtrack.cli import app

    r = CliRunner().invoke(app, ["--db", str(path), "serve"])
    assert r.exit_code == 1
    assert r.output.strip().count("\n") == 0
    assert "pip install 'claimtrack[browse]'" in r.output


def test_a_report_database_name_never_clashes(tmp_path, newsroom):
    path, _ = newsroom
    other = tmp_path / "report.db"
    shutil.copyfile(path, other)
    ds = serve(other, tmp_path)
    assert {"report", "computed"} <= set(ds.databases)


def test_serve_refuses_a_port_in_use_before_doing_anything(newsroom):
    import socket

    from typer.testing import CliRunner

    from claimtrack.cli import app

    path, _ = newsroom
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        r = CliRunner().invoke(app, ["--db", str(path), "serve", "--port", str(port)])
    assert r.exit_code == 1
    assert r.output.startswith(f"Error: port {port} on 127.0.0.1 is not free")
    assert r.output.count("\n") == 1


def test_serve_refuses_a_bad_port(newsroom):
    from typer.testing import CliRunner

    from claimtrack.cli import app

    path, _ = newsroom
    r = CliRunner().invoke(app, ["--db", str(path), "serve", "--port", "70000"])
    assert r.exit_code == 2 and r.output.count("\n") == 1


def test_serve_stopped_by_sigterm_removes_its_temporary_folder(newsroom, tmp_path):
    """The report database (quotes in it) lives in a temporary folder; `kill` (SIGTERM), as
    a service manager or a test stops it, removes it as Ctrl-C does."""
    import os
    import socket
    import subprocess
    import sys
    import time

    path, _ = newsroom
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "CLAIMTRACK_DB": str(path), "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "claimtrack", "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert list(tmp.glob("claimtrack-serve-*"))
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 143 and b"Traceback" not in err
    assert not list(tmp.glob("claimtrack-serve-*"))
