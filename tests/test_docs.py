"""The README's generated sections match the code (regenerate with `make docs`)."""

from __future__ import annotations

import sys

from .conftest import REPO


def test_readme_is_current():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import readme
    finally:
        sys.path.pop(0)
    current = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.render(current) == current, "README.md is out of date: run 'make docs'"


def test_readme_shows_the_two_commands_first():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert text.index("make demo") < text.index("## Concepts")
    assert text.index("make test") < text.index("## Concepts")
