"""The walk-through shows every command a reader needs to repeat it."""

from __future__ import annotations

import re
import shlex

from .conftest import REPO

#: What the walk-through's folder holds before its first command (scripts/readme.py).
SET_UP = ("seeds/", "corrected/", "draft.md")


def test_every_file_an_import_reads_is_written_by_a_command_shown_before_it() -> None:
    text = (REPO / "docs" / "walkthrough.md").read_text(encoding="utf-8")
    written: set[str] = set()
    imports = 0
    for line in re.findall(r"^\$ claimtrack (.*)$", text, re.M):
        args = shlex.split(line)
        if "import" in args:
            imports += 1
            files = [a for a in args[args.index("import") + 1:] if not a.startswith("-")]
            missing = [f for f in files if f not in written and not f.startswith(SET_UP)]
            assert not missing, f"'claimtrack {line}' reads {missing}, which no command shown wrote"
        for flag in ("-o", "--output"):
            if flag in args:
                written.add(args[args.index(flag) + 1])
    assert imports
