"""Helpers shared by the check tests: run ``claimtrack check`` in-process, write drafts."""

from __future__ import annotations

import json
from pathlib import Path

from claimtrack.check import main as check_cli

C1 = "In June 2025, the White House initiated a review of SpaceX\u2019s federal contracts."
C35 = ("If I went and talked to Putin without going through the appropriate steps, "
       "I would definitely lose my clearance.")

CLEAN = """\
# The review

In June 2025, the White House "initiated a review of SpaceX's federal contracts" [claim:c1].
Musk's critics saw it as bargaining [claim:c10].
"""




def run(*argv: str) -> tuple[int, str, str]:
    """``claimtrack check ARGV...`` in-process: (exit code, stdout, stderr)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = check_cli.main(list(argv))
        except SystemExit as e:  # argparse usage errors
            code = int(e.code or 0)
    return code, out.getvalue(), err.getvalue()


def write(name: str, text: str) -> str:
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_text(text, encoding="utf-8")
    return name


def at(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column of the ``nth`` occurrence of ``needle``."""
    pos = -1
    for _ in range(nth):
        pos = text.index(needle, pos + 1)
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def findings(*argv: str) -> list[dict]:
    code, out, err = run("--format", "json", *argv)
    assert code in (0, 1), err
    return json.loads(out)["findings"]


def where(found: list[dict], code: str) -> list[tuple[int, int]]:
    return [(f["line"], f["col"]) for f in found if f["code"] == code]
