"""Every output of ``claimtrack report`` and ``claimtrack serve`` is safe for where it goes,
with a hostile source (tests/hostile.py: ANSI, OSC 8, a bare CR, an 8-bit CSI, a bidi
override, ``</script>``, ``<img onerror>``, ``javascript:`` URLs) (issue 16).

- HTML (the report, Datasette's pages): no markup from a source, no link but http(s), no
  raw control character (shown as ``\\x1b``, :func:`claimtrack.web.html_text`);
- the report snapshot and the editor's CSV (data): no ``javascript:`` URL;
- the terminal (the commands' messages): no raw control character
  (:func:`claimtrack.terminal.visible`).
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from .hostile import ANSI, RAW_CONTROLS, URLS, build


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "claims.db"
    build(path)
    return path


def assert_no_raw_controls(text: str, where: str) -> None:
    found = [repr(c) for c in RAW_CONTROLS if c in text]
    assert not found, f"{where}: raw {', '.join(found)}"


def assert_safe_html(page: str, where: str) -> None:
    assert_no_raw_controls(page, where)
    low = page.lower()
    assert "<script>alert" not in low and "</script><script>" not in low, where
    assert "<img src=x" not in low and "onerror=alert" not in low.replace(
        "onerror=alert(2)&gt;", ""), where
    for href in re.findall(r"""href=['"]?([^'" >]*)""", page):
        assert not href.strip().lower().startswith(("javascript", "data:", "vbscript")), \
            (where, href)


# -- the HTML report (claimtrack/story) ---------------------------------------------------


def test_the_html_report_shows_no_markup_link_or_control_character(cli, hostile, tmp_path):
    r = cli("report", "-o", str(tmp_path / "story.html"))
    assert r.exit_code == 0, r.stderr
    page = (tmp_path / "story.html").read_text(encoding="utf-8")
    assert_safe_html(page, "report")
    assert "\\x1b[31;1mALERT\\x1b[0m" in page  # the escapes are shown, not dropped
    assert "\\u202egnp.exe" in page and "\\x0d" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page
    links = re.findall(r"href='([^']*)'", page)
    assert links and all(u.startswith("https://") for u in links)
    assert "linked as contradicting" in page  # the contradiction is in it, hostile quotes too


def test_the_reports_message_on_the_terminal_shows_no_control_character(cli, hostile, tmp_path):
    name = tmp_path / f"story{ANSI}\x1b]0;title\x07.html"
    r = cli("report", "-o", str(name), "--title", f"Report {ANSI}")
    assert r.exit_code == 0, r.stderr
    assert_no_raw_controls(r.stderr, "report message")
    assert "\\x1b[31;1m" in r.stderr
    assert_safe_html(name.read_text(encoding="utf-8"), "report with a hostile title")


def test_the_editors_csv_carries_no_javascript_url(cli, hostile):
    r = cli("export", "report", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    urls = {row["source"]: row["url"] for row in rows}
    assert urls["evil-a"] == "" and urls["evil-c"] == ""
    assert urls["evil-b"] == URLS["evil-b"]  # an https URL is kept (links escape it)


# -- claimtrack serve (claimtrack/browse) -----------------------------------------------------


def _served(db: Path, tmp_path: Path) -> Any:
    pytest.importorskip("datasette", reason="Datasette is the optional extra 'browse'")
    from claimtrack import ClaimStore
    from claimtrack.browse.serve import datasette, prepare

    work = tmp_path / "serve-work"
    work.mkdir()
    with ClaimStore(db) as store:
        served = prepare(store, work)
    return served, datasette(served)


def _get(ds: Any, url: str) -> Any:
    async def fetch() -> Any:
        return await ds.client.get(url)

    return asyncio.run(fetch())


PAGES = ["/claims/claims", "/claims/claims?_facet=attributed_to", "/claims/claims/c1",
         "/claims/sources", "/claims/sources/evil-a", "/claims/links",
         "/report/contradictions", "/report/claims_report", "/report/claim_groups",
         "/report/group_claims", "/claims", "/report"]


def test_datasette_pages_show_no_markup_link_or_control_character(hostile, tmp_path):
    _, ds = _served(hostile, tmp_path)
    for url in PAGES:
        r = _get(ds, url)
        assert r.status_code == 200, (url, r.status_code)
        assert_safe_html(r.text, url)
        assert int(r.headers["content-length"]) == len(r.content)  # the length was fixed
    page = _get(ds, "/claims/claims").text
    assert "\\x1b[31;1mALERT" in page  # shown, facets and labels as well as cells
    assert "ALERT" in _get(ds, "/claims/claims?_facet=attributed_to").text


def test_a_head_request_gets_the_length_its_get_gets(hostile, tmp_path):
    """HEAD answers as GET would, without the body: the rewritten page's length, not 0."""
    _, ds = _served(hostile, tmp_path)

    async def both(url: str) -> Any:
        return await ds.client.get(url), await ds.client.head(url)

    for url in ("/claims/claims", "/claims/claims/c1", "/report/contradictions"):
        got, head = asyncio.run(both(url))
        assert head.status_code == got.status_code == 200, url
        assert head.content == b"", url
        # two renderings of a page differ by a few bytes (Datasette writes the query's time on
        # it); the exact length is the next test's, on a page that does not change
        assert abs(int(head.headers["content-length"]) - len(got.content)) <= 64, url
        assert len(got.content) > 1000, url
        assert head.headers["content-type"] == got.headers["content-type"], url
    got, head = asyncio.run(both("/claims/claims.json"))  # not rewritten: headers as GET's
    assert head.status_code == 200 and head.content == b""
    assert head.headers.get("content-length") == got.headers.get("content-length")


def test_the_rewrite_answers_head_with_the_rewritten_length():
    """The middleware alone, on a page with control characters (so the rewrite lengthens it)."""
    from claimtrack.browse.plugin import controls_shown, shown

    page = b"<p>\x1b[31mred\x07</p>"

    async def app(scope: Any, receive: Any, send: Any) -> None:
        body = page if scope["method"] == "GET" else b""  # as an app answers HEAD itself
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def call(method: str) -> list[Any]:
        sent: list[Any] = []

        async def send(message: Any) -> None:
            sent.append(message)

        await controls_shown(app)({"type": "http", "method": method}, None, send)
        return sent

    start, body = asyncio.run(call("HEAD"))
    assert body["body"] == b""
    assert dict(start["headers"])[b"content-length"] == str(len(shown(page))).encode()
    assert len(shown(page)) > len(page)
    _, got = asyncio.run(call("GET"))
    assert got["body"] == shown(page)


def test_datasette_json_is_data_unchanged(hostile, tmp_path):
    """JSON is for programs: the quote comes back exactly as stored (JSON escapes controls)."""
    _, ds = _served(hostile, tmp_path)
    r = _get(ds, "/claims/claims.json?_shape=objects")
    assert r.status_code == 200
    stored = sqlite3.connect(hostile).execute("SELECT quote FROM claims WHERE id = 'c1'")
    assert {row["id"]: row["quote"] for row in r.json()["rows"]}["c1"] == stored.fetchone()[0]
    assert_no_raw_controls(r.text, "json")


def test_the_report_snapshot_carries_no_javascript_url(hostile, tmp_path):
    served, _ = _served(hostile, tmp_path)
    conn = sqlite3.connect(served.report)
    try:
        urls = dict(conn.execute("SELECT source, url FROM claims_report"))
    finally:
        conn.close()
    assert urls["evil-a"] is None and urls["evil-c"] is None
    assert urls["evil-b"] == URLS["evil-b"]


def test_serves_messages_on_the_terminal_show_no_control_character(cli, hostile, tmp_path,
                                                                   monkeypatch):
    pytest.importorskip("datasette", reason="Datasette is the optional extra 'browse'")
    from claimtrack.browse import serve

    evil = tmp_path / f"news{ANSI}\x1b]0;t\x07.db"
    hostile.rename(evil)
    monkeypatch.setattr(serve, "run", lambda served, port: None)  # no server: its messages only
    monkeypatch.setattr(serve, "check_port", lambda port: None)
    r = cli("--db", str(evil), "serve", "--port", "8765")
    assert r.exit_code == 0, r.stderr
    assert "Serving news" in r.stderr
    assert_no_raw_controls(r.stderr, "serve messages")
