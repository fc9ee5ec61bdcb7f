"""README.md and docs/ are current (regenerate with `make docs`), and the README is a front door."""

from __future__ import annotations

import sys

import pytest

from .conftest import REPO


def _readme_module():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import readme
    finally:
        sys.path.pop(0)
    return readme


def _docs() -> list:
    return _readme_module().documents()


@pytest.mark.parametrize("path", _docs(), ids=lambda p: p.name)
def test_generated_sections_are_current(path):
    readme = _readme_module()
    claims_db = (REPO / "claims.db").read_bytes()
    current = path.read_text(encoding="utf-8")
    assert readme.render(current) == current, f"{path.name} is out of date: run 'make docs'"
    # the walk-through is replayed in a temporary folder: the committed database is untouched
    assert (REPO / "claims.db").read_bytes() == claims_db


def test_every_generated_section_is_somewhere():
    readme = _readme_module()
    text = "".join(p.read_text(encoding="utf-8") for p in _docs())
    for name in readme.SECTIONS:
        assert f"<!-- {name}:start -->" in text and f"<!-- {name}:end -->" in text, name


def test_readme_shows_the_two_commands_first():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert text.index("make demo") < text.index("## Concepts")
    assert text.index("make test") < text.index("## Concepts")


def test_readme_is_a_front_door():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(text.encode()) <= 20_000
    assert "## Quick start: your own project" in text
    for doc in ("walkthrough", "cli-reference", "export-columns", "check-codes", "design"):
        assert f"(docs/{doc}.md)" in text and (REPO / "docs" / f"{doc}.md").exists()


def test_readme_reliability_counts_are_the_suites():
    """The README's "Reliability and security" counts are the bad-input corpus as it is."""
    from .test_bad_input import CASES

    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Reliability and security" in text
    assert f"a corpus of {len(CASES)} bad inputs" in text
