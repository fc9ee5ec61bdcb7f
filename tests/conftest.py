"""Shared fixtures: every test gets its own database in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack import ClaimStore

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point CLAIMTRACK_DB at a temp folder and work there: no test touches the repo's db."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMTRACK_DB", str(tmp_path / "claims.db"))
    # the user's cache folder (contradictions.lookup), beside the test's folder, never ~/.cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path.parent / f"{tmp_path.name}-cache"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """A private copy of seeds/ (tests may edit it)."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture
def seeded(tmp_path: Path, seeds_dir: Path) -> ClaimStore:
    """A store at $CLAIMTRACK_DB with the seeds loaded."""
    from claimtrack.store.seeds import load_seeds

    store = ClaimStore(tmp_path / "claims.db")
    load_seeds(store, seeds_dir)
    yield store
    store.close()


@pytest.fixture
def cli():
    """Run ``claimtrack ARGS...`` in-process; returns the click Result."""
    from claimtrack.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


def dump(path: Path) -> str:
    """The database as SQL text, for byte-identical before/after comparisons."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()
