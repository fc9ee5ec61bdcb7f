"""What a person sees in a real browser: headless Chromium on `claimtrack serve` and the report.

Chromium (Debian's package ``chromium``; .ci/run installs it) loads each page
with ``--dump-dom`` (the DOM after the page has loaded, as text) and
``--screenshot``.  The screenshots are kept in tests/artifacts/ (not
committed) for a person to look at.  `claimtrack serve` runs as its own
process on a free port of 127.0.0.1 and is stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest

from .conftest import REPO
from .newsroom import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "tests" / "artifacts"
START_TIMEOUT = 60  # seconds for `claimtrack serve` to answer
BROWSER_TIMEOUT = 90  # seconds for one Chromium run

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                       "(apt-get install chromium; .ci/run does)"),
]


def chromium(tmp_path: Path, url: str, *, screenshot: str | None = None,
             size: str = "1280,1600") -> str:
    """The page's DOM after loading, as HTML text; a screenshot into tests/artifacts/ too."""
    args = [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--window-size={size}"]
    if screenshot:
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run([*args, f"--screenshot={ARTIFACTS / screenshot}", url],
                       capture_output=True, timeout=BROWSER_TIMEOUT, check=True)
        assert (ARTIFACTS / screenshot).stat().st_size > 10_000  # a page, not a blank
    done = subprocess.run([*args, "--dump-dom", url], capture_output=True, text=True,
                          timeout=BROWSER_TIMEOUT, check=True)
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("newsroom") / "newsroom.db"
    return path, build(path)


@pytest.fixture(scope="module")
def served(newsroom: tuple[Path, dict[str, str]],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`claimtrack serve` on the newsroom database; yields its base URL."""
    pytest.importorskip("datasette", reason="Datasette is the optional extra 'browse'")
    path, _ = newsroom
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {**os.environ, "CLAIMTRACK_DB": str(path)}
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "claimtrack", "serve", "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"claimtrack serve did not start: {log.read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def text(dom: str) -> str:
    return unescape(dom)


def test_home_page_lists_both_databases(served, tmp_path):
    dom = text(chromium(tmp_path, served + "/", screenshot="serve-home.png"))
    assert "claimtrack: newsroom" in dom
    assert 'href="/newsroom"' in dom and 'href="/report"' in dom


def test_database_page_offers_the_canned_queries(served, tmp_path):
    dom = text(chromium(tmp_path, served + "/newsroom", screenshot="serve-database.png"))
    for title in ("Claims denied by a party", "Claims by party", "Orphaned and changed quotes",
                  "A source's claims in text order"):
        assert title in dom
    dom = text(chromium(tmp_path, served + "/report"))
    assert "Open contradictions" in dom and "Claim groups by independent sources" in dom


def test_search_box_finds_a_claim_by_a_word_of_its_quote(served, newsroom, tmp_path):
    _, ids = newsroom
    dom = text(chromium(tmp_path, served + "/newsroom/claims?_search=spring",
                        screenshot="serve-search.png", size="1280,2400"))
    assert "Orbital Freight plans to leave the harbour by next spring" in dom
    assert "1 row where search matches" in dom
    assert "The terminal will create 400 jobs" not in dom
    assert 'name="_search"' in dom  # the search box is there


def test_claims_table_lists_by_number(served, tmp_path):
    dom = chromium(tmp_path, served + "/newsroom/claims?_size=10")
    assert dom.index(">c1<") < dom.index(">c2<") < dom.index(">c8<")


def test_canned_query_lists_the_planted_contradiction(served, newsroom, tmp_path):
    _, ids = newsroom
    dom = text(chromium(tmp_path, served + "/report/open_contradictions",
                        screenshot="serve-contradictions.png"))
    assert "Open contradictions" in dom
    assert "Orbital Freight plans to leave the harbour by next spring" in dom
    assert "has no plans to leave the harbour" in dom
    assert "anonymous: two people familiar with the matter" in dom
    assert "Orbital Freight (on the record)" in dom


def test_canned_query_groups(served, tmp_path):
    dom = text(chromium(tmp_path, served + "/report/groups_by_independent_sources",
                        screenshot="serve-groups.png"))
    assert "The terminal will create 400 jobs." in dom
    assert "Ada Brennan (on the record)" in dom


def test_html_report_in_the_browser(newsroom, tmp_path):
    path, _ = newsroom
    out = tmp_path / "story.html"
    subprocess.run([sys.executable, "-m", "claimtrack", "--db", str(path), "report", "-o",
                    str(out)], check=True, capture_output=True, timeout=120)
    dom = chromium(tmp_path, out.as_uri(), screenshot="report.png", size="1100,2400")
    assert dom.count("<svg") == 2
    assert "<script" not in dom.lower()  # the hostile title stayed text
    assert "&lt;script&gt;alert('title')&lt;/script&gt;" in dom
    shown = text(dom)
    assert "Orbital Freight plans to leave the harbour by next spring" in shown
    assert "2 independent source(s)" in shown
    assert "Which sources corroborate or contradict which" in shown
