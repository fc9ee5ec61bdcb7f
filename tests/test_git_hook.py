"""``claimtrack check`` as a commit hook: the plain git hook (``claimtrack hook install``) and the pre-commit framework."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .check_helpers import CLEAN, write
from .conftest import REPO

# -- git hooks ------------------------------------------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def git(*args: str, cwd: str | Path = ".", check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check,
                          env={**os.environ, **GIT_ENV})


def test_hook_install_outside_a_repository(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    r = cli("hook", "install")
    assert r.exit_code == 1
    assert r.stderr == "Error: not inside a git repository: run this in your drafts' repository\n"


def test_hook_install_refuses_a_foreign_hook(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    git("init", "-q")
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    r = cli("hook", "install")
    assert r.exit_code == 0 and "Installed" in r.stderr
    assert os.access(hook, os.X_OK) and "claimtrack" in hook.read_text()
    assert cli("hook", "install").exit_code == 0  # ours: replaced quietly
    hook.write_text("#!/bin/sh\necho mine\n")
    r = cli("hook", "install")
    assert r.exit_code == 1 and "already exists" in r.stderr and "--force" in r.stderr
    assert hook.read_text() == "#!/bin/sh\necho mine\n"
    assert cli("hook", "install", "--force").exit_code == 0
    assert hook.with_name("pre-commit.bak").read_text() == "#!/bin/sh\necho mine\n"


def test_plain_git_hook_blocks_a_bad_commit(cli, seeded, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    git("init", "-q")
    assert cli("hook", "install").exit_code == 0
    write("my draft.md", "Unknown [claim:c999].\n")
    write("notes.py", "x = '[claim:c999]'\n")  # not a draft: not checked
    git("add", "my draft.md", "notes.py")
    r = git("commit", "-q", "-m", "bad", check=False)
    assert r.returncode != 0
    assert "my draft.md:1:9: CT101 error: unknown claim 'c999'" in r.stdout + r.stderr
    write("my draft.md", CLEAN)
    git("add", "my draft.md")
    r = git("commit", "-q", "-m", "good", check=False)
    assert r.returncode == 0, r.stdout + r.stderr


# -- the pre-commit framework -----------------------------------------------------------

PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """A committed copy of this project: what a writing repository's config points at."""
    import shutil

    dest = tmp_path_factory.mktemp("claimtrack-repo")
    for name in PACKAGE_FILES:
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "claimtrack", dest / "claimtrack",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "claimtrack", cwd=dest)
    return dest


def test_pre_commit_framework(seeded, hook_repo, tmp_path, monkeypatch):
    """pre-commit try-repo: a bad draft fails the hook, a clean one passes; then a real
    ``git commit`` through ``pre-commit install`` is blocked, and goes through once fixed."""
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (it comes with pip install -e '.[dev]')")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # nothing may be written to the real home folder
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path.parent / "pre-commit-cache"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    pre_commit = [sys.executable, "-m", "pre_commit"]

    def pc(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*pre_commit, *args], capture_output=True, text=True,
                              env={**os.environ, **GIT_ENV}, timeout=900)

    git("init", "-q")
    write(".claimtrack.toml", 'db = "claims.db"\n')  # how the hook finds the database
    monkeypatch.delenv("CLAIMTRACK_DB")
    write("draft.md", "Musk said \"I would surely lose my clearance\" [claim:c35].\n")
    git("add", "draft.md", ".claimtrack.toml")
    bad = pc("try-repo", str(hook_repo), "claimtrack-check", "--files", "draft.md")
    output = bad.stdout + bad.stderr
    if "An unexpected error has occurred" in output:
        pytest.skip("pre-commit could not build the hook's environment (no network?): "
                    + output.strip().splitlines()[-1])
    assert bad.returncode == 1, output
    assert "draft.md:1:11: CT104 error: quotation does not match claim c35" in output
    assert "[-surely-]{+definitely+}" in output

    write("draft.md", CLEAN)
    good = pc("try-repo", str(hook_repo), "claimtrack-check", "--files", "draft.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    rev = git("rev-parse", "HEAD", cwd=hook_repo).stdout.strip()
    write(".pre-commit-config.yaml",
          f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n"
          "      - id: claimtrack-check\n")
    assert pc("install").returncode == 0
    write("draft.md", "Unknown [claim:c999].\n")
    git("add", "draft.md", ".pre-commit-config.yaml")
    blocked = git("commit", "-m", "draft", check=False)
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert "CT101 error: unknown claim 'c999'" in blocked.stdout + blocked.stderr
    assert git("rev-parse", "--verify", "HEAD", check=False).returncode != 0  # nothing committed
    write("draft.md", CLEAN)
    git("add", "draft.md")
    done = git("commit", "-m", "draft", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
