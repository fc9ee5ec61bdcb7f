"""One database-path resolver (claimtrack.config.database_path) for the store, the CLI and check."""

from __future__ import annotations

from pathlib import Path

from claimtrack import ClaimStore, config
from claimtrack.check import check_files


def _settings(db: str = "data/claims.db") -> None:
    Path("pyproject.toml").write_text(f'[tool.claimtrack]\ndb = "{db}"\n', encoding="utf-8")
    Path("data").mkdir(exist_ok=True)


def test_precedence(tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMTRACK_DB")
    assert config.database_path() == "claims.db"
    _settings()
    assert config.database_path() == str(tmp_path / "data" / "claims.db")
    monkeypatch.setenv("CLAIMTRACK_DB", "env.db")
    assert config.database_path() == "env.db"
    assert config.database_path("given.db") == "given.db"


def test_store_cli_and_check_follow_the_settings_file(tmp_path, monkeypatch, cli):
    monkeypatch.delenv("CLAIMTRACK_DB")
    _settings()
    Path("a.txt").write_text("The minister said the bridge would open in May.\n", encoding="utf-8")
    r = cli("source", "add", "a.txt", "--key", "a")
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "data" / "claims.db").exists() and not (tmp_path / "claims.db").exists()
    r = cli("claim", "add", "a", "the bridge would open in May")
    assert r.exit_code == 0, r.stderr
    with ClaimStore() as store:
        assert store.path == str(tmp_path / "data" / "claims.db")
        assert [c["id"] for c in store.list_claims()] == ["c1"]
    Path("draft.md").write_text("The bridge opens in May [claim:c1].\n", encoding="utf-8")
    assert check_files(["draft.md"]).ok  # the library call, with no db given
    Path("draft.md").write_text("The bridge opens in May [claim:c2].\n", encoding="utf-8")
    assert [f.code for f in check_files(["draft.md"]).findings] == ["CT101"]
