"""Regenerate the README's generated sections from the code.

Sections sit between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``:

- ``cli``: every command's ``--help`` (the CLI reference);
- ``columns``: the export/import column reference (:mod:`claimtrack.exporters`);
- ``codes``: the ``claimtrack check`` finding codes (:mod:`claimtrack.check`).

``python scripts/readme.py`` rewrites README.md; ``--check`` exits 1 when it
is out of date (tests/test_docs.py runs the same comparison).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def _commands() -> list[list[str]]:
    import typer.main

    from claimtrack.cli import app

    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: object, path: list[str]) -> None:
        paths.append(path)
        sub = getattr(cmd, "commands", None)
        if sub:
            for name in sorted(sub):
                walk(sub[name], [*path, name])

    walk(root, [])
    return paths


def cli_reference() -> str:
    from typer.testing import CliRunner

    from claimtrack.cli import app

    runner = CliRunner()
    parts = []
    for path in _commands():
        result = runner.invoke(app, [*path, "--help"], terminal_width=100,
                               env={"COLUMNS": "100", "CLAIMTRACK_DB": ""})
        text = result.stdout.replace("Usage: root", "Usage: claimtrack").rstrip()
        title = " ".join(["claimtrack", *path])
        parts.append(f"#### `{title}`\n\n```text\n{text}\n```\n")
    return "\n".join(parts)


def _columns() -> str:
    from claimtrack.exporters import column_reference_markdown

    return column_reference_markdown()


def _codes() -> str:
    from claimtrack.check import codes_markdown

    return codes_markdown()


SECTIONS: dict[str, Callable[[], str]] = {"cli": cli_reference, "columns": _columns,
                                          "codes": _codes}


def render(text: str) -> str:
    for name, fn in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)
        if pattern.search(text):
            body = fn().strip("\n") + "\n"
            text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(3), text)
    return text


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in argv:
        if fresh != current:
            print("README.md is out of date: run 'make docs'", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
