"""Regenerate the generated sections of README.md and docs/*.md from the code.

Sections sit between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``:

- ``cli``: every command's ``--help`` (docs/cli-reference.md);
- ``columns``: the export/import column reference (docs/export-columns.md,
  from :mod:`claimtrack.columns` via :mod:`claimtrack.exchange.export`);
- ``codes``: the ``claimtrack check`` finding codes (docs/check-codes.md);
- ``walkthrough``: a session run for real in a temporary folder on a copy of
  ``seeds/`` (docs/walkthrough.md: every command in :data:`WALKTHROUGH`, with
  its output and exit status; the repository's claims.db is never opened).

``python scripts/readme.py`` rewrites the files; ``--check`` exits 1 when one
is out of date (tests/test_docs.py runs the same comparison).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def documents() -> list[Path]:
    """The files that may hold generated sections."""
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


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
    from claimtrack.exchange.export import column_reference_markdown

    return column_reference_markdown()


def _codes() -> str:
    from claimtrack.check import codes_markdown

    return codes_markdown()


DRAFT = """# Who talks to Putin?

Musk's Kremlin contacts were a "closely held secret" [claim:c30]. SpaceX said it
"has nothing to do with Russia or China" [claim:c45].

A former official said: "If I went and talked to Putin ... I would surely lose my
clearance" [claim:c35]. Putin asked Musk to keep Starlink off over Taiwan [claim:c29].
See also [claim:c999].
"""

# (what it shows, the command line after "claimtrack")
WALKTHROUGH: list[tuple[str, str]] = [
    ("Load the sample corpus (what `make demo` does) and summarise it.", "load seeds"),
    ("", "summary"),
    ("", "source list"),
    ("Adding the same file again changes nothing, and so does loading the folder again: "
     "what is already stored is skipped.",
     "source add seeds/001_5f9e32d0296bbd23.txt --key vox-putin"),
    ("", "load seeds"),
    ("A quote typed with straight quotes and apostrophes is found all the same; the exact "
     "text and span are stored.",
     'claim add vox-putin "The Journal reported that Musk\'s Kremlin contacts were a '
     '\\"closely held secret\\"" --reported-by "Wall Street Journal" --declined "White House" '
     '--about "Elon Musk"'),
    ("A quote found more than once is refused, listing where it occurs.",
     'claim add vox-putin "Starlink satellite internet"'),
    ("A quote that is not in the source is refused, with the closest passage as a hint.",
     'claim add vox-putin "no other firm right now can compete with SpaceX"'),
    ("Filters: who denied it, who said it, full-text search.", "claim list --denied-by SpaceX"),
    ("", 'claim list --search "Starlink Taiwan"'),
    ("", "claim show c45"),
    ("Edits and retractions keep the id and the history.",
     'claim edit c84 --claim "The WSJ said Musk\'s Kremlin contacts were a closely held secret."'),
    ("", 'claim retract c84 --reason "Duplicate of c30"'),
    ("", "claim history c84"),
    ("The outlet corrects the story (a new first paragraph, 'eight' becomes 'seven', SpaceX's "
     "statement is cut): re-anchor every claim on it.",
     "source refresh vox-putin corrected/vox-putin.txt"),
    ("", "verify"),
    ("Propose the claims of each seed article: the quote, its cue, the speaker resolved within "
     "the article and the attribution it implies; proposals already stored carry their claim id.",
     "extract alliance"),
    ("", "extract vox-putin"),
    ("", "extract tech-maga"),
    ("Find the same claim across sources; link by hand where the matcher only suggests.",
     "match"),
    ("What do we already have on this? The stored claims most like a text, best first "
     "(a claim id works too).", "similar \"SpaceX flew most of the Pentagon's launches this year\" -n 3"),
    ("", "claim link c4 c79 --as same"),
    ("", "claim groups"),
    ("Where sources disagree.", "contradictions"),
    ("Export for a spreadsheet, and back in (into a new database, with the sources the "
     "claims quote).", "export claims --format csv -o claims.csv"),
    ("", "export sources --format json -o claims-sources.json"),
    ("", "--db copy.db import claims-sources.json claims.csv"),
    ("Check the citations in a draft (the draft is shown above).", "check draft.md"),
    ("", "db check"),
]


def walkthrough() -> str:
    """Run WALKTHROUGH in a scratch folder and render it as console sessions."""
    import os
    import shlex
    import shutil
    import tempfile

    from typer.testing import CliRunner

    from claimtrack.cli import app

    root = ROOT
    parts = []
    old = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(root / "seeds", Path(tmp) / "seeds")
        corrected = Path(tmp) / "corrected"
        corrected.mkdir()
        text = (root / "seeds" / "001_5f9e32d0296bbd23.txt").read_text(encoding="utf-8")
        cut = ("SpaceX told Vox that Starlink is not available in Taiwan because the Taiwanese "
               "government has not given it a license to operate and that this \u201chas nothing "
               "to do with Russia or China.\u201d\n")
        text = ("Correction: an earlier version of this story misstated the number of launches.\n"
                + text.replace("eight of the Department", "seven of the Department").replace(cut, ""))
        (corrected / "vox-putin.txt").write_text(text, encoding="utf-8")
        (Path(tmp) / "draft.md").write_text(DRAFT, encoding="utf-8")
        # the default install (no semantic extra), whatever this one has
        env = {"COLUMNS": "100", "CLAIMTRACK_DB": str(Path(tmp) / "claims.db"),
               "SOURCE_DATE_EPOCH": "1795352701", "NO_COLOR": "1",
               "CLAIMTRACK_MINILM_DIR": str(Path(tmp) / "no-semantic-extra")}
        runner = CliRunner()
        os.chdir(tmp)
        try:
            for note, line in WALKTHROUGH:
                args = shlex.split(line)
                result = runner.invoke(app, args, env=env, terminal_width=100)
                out = (result.stdout + result.stderr).replace(tmp, "~").rstrip()
                status = f"\n[exit {result.exit_code}]" if result.exit_code else ""
                block = f"```console\n$ claimtrack {line}\n{out}{status}\n```\n"
                parts.append((f"{note}\n\n" if note else "") + block)
        finally:
            os.chdir(old)
    return f"The draft checked at the end:\n\n```markdown\n{DRAFT}```\n\n" + "\n".join(parts)


SECTIONS: dict[str, Callable[[], str]] = {"cli": cli_reference, "columns": _columns,
                                          "codes": _codes, "walkthrough": walkthrough}


def render(text: str) -> str:
    for name, fn in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)
        if pattern.search(text):
            body = fn().strip("\n") + "\n"
            text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(3), text)
    return text


def main(argv: list[str]) -> int:
    stale = []
    for path in documents():
        current = path.read_text(encoding="utf-8")
        fresh = render(current)
        if fresh != current:
            stale.append(path.relative_to(ROOT))
            if "--check" not in argv:
                path.write_text(fresh, encoding="utf-8")
    if stale and "--check" in argv:
        print(f"{', '.join(map(str, stale))}: out of date: run 'make docs'", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
