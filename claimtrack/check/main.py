"""``claimtrack check`` and the ``claimtrack-check`` console script: a commit hook.

Like the hooks of pre-commit-hooks, :func:`main` takes the arguments (file
names, options), prints one ``path:line:col: CODE severity: message`` line
per finding, and returns the exit code: 0 when there is no error, 1 when
there is one (or a file could not be read), 2 for a usage error.

It runs on every commit, so it is plain argparse and imports neither typer
nor rich; ``claimtrack check`` reaches it from :mod:`claimtrack.__main__`
without loading the rest of the command line.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys

from ..errors import ClaimtrackError
from ..terminal import json_safe, one_line

TYPE_CHECKING = False  # typing costs more to import than this whole command
if TYPE_CHECKING:
    from collections.abc import Sequence

    from .codes import Report

EXAMPLES = """\
Examples:

    claimtrack check drafts/*.md            check the citations in some drafts
    claimtrack check --format json draft.md findings as JSON, for tools
    claimtrack check --error anonymous a.md make CT201 an error for this run
    claimtrack check                        no files: check the database itself
                                            (source files on disk, every quote)

  A draft cites a claim as [claim:c12], several as [claim:c12, c14] (or
  [claim:c12; claim:c14]); a [claim:...] holding anything else is an error
  (CT105).  A line holding 'claimtrack: ignore' or 'claimtrack: ignore[CT104]'
  (in an HTML comment, say) is not reported.

  Database: --db, else $CLAIMTRACK_DB, else db in [tool.claimtrack] of
  pyproject.toml or in .claimtrack.toml (searched from here upwards), else
  ./claims.db.  Severities in settings: [tool.claimtrack.check] anonymous = "error".
"""


class _ClickStyle(argparse.RawDescriptionHelpFormatter):
    """``--help`` laid out as the rest of claimtrack's (click's): ``Usage:``, ``Arguments:``,
    ``Options:``, indented text."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix="Usage: ")

    def start_section(self, heading):  # type: ignore[no-untyped-def]
        titles = {"positional arguments": "Arguments", "options": "Options"}
        super().start_section(titles.get(heading, heading))


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    from .codes import CODES

    codes = "\n".join(f"    {c.code} {c.name:<15} {c.severity}" for c in CODES)
    parser = argparse.ArgumentParser(
        prog=prog,
        description="  Check [claim:ID] citations in drafts against the claims database\n"
        "  (or, given no files, the database against its source files).",
        epilog=f"{EXAMPLES}\n  Codes and default severities "
        f"(errors stay errors; the others can change):\n\n{codes}",
        formatter_class=_ClickStyle,
        add_help=False,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="Markdown or text drafts.")
    parser.add_argument("--db", metavar="PATH", help="The claims database (see below).")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (one line per finding, then a summary) or json.")
    for flag, severity in (("--error", "error"), ("--warn", "warning"), ("--off", "off")):
        parser.add_argument(flag, action="append", default=[], metavar="CODE",
                            dest=severity,
                            help=f"Report CODE (e.g. CT201 or anonymous) as {severity}; "
                            "repeat or separate with commas.")
    parser.add_argument("-h", "--help", action="help", help="Show this message and exit.")
    return parser


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Run the check; return the exit code."""
    args = build_parser(prog).parse_args(argv)
    try:
        report = _run(args)
    except ClaimtrackError as e:
        print(one_line(f"Error: {e}"), file=sys.stderr)
        return e.exit_code
    except sqlite3.DatabaseError as e:
        print(one_line(f"Error: database: {e}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    try:
        if args.format == "json":
            print(json_safe(report.as_json()))
        else:
            out = "\n".join(one_line(f.format()) for f in report.findings)
            if out:
                print(out)
        for problem in report.problems:
            print(one_line(f"Error: {problem}"), file=sys.stderr)
        if args.format == "text":
            print(report.summary(), file=sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0 if report.ok else 1


def _run(args: argparse.Namespace) -> Report:
    from .. import config
    from . import codes, database, drafts

    settings = config.find()
    flags = {code: severity for severity in ("error", "warning", "off")
             for value in getattr(args, severity) for code in value.split(",") if code.strip()}
    where = f"{settings.path}: " if settings.path else ""
    try:
        from_settings = codes.severities(settings.check)
    except ClaimtrackError as e:
        raise type(e)(f"{where}{e}") from None
    severity = codes.severities(from_settings, flags)
    db = config.database_path(args.db, settings=settings)
    if args.paths:
        return drafts.check_files(args.paths, db=db, severity=severity)
    return database.check_database(db, severity=severity)


if __name__ == "__main__":
    raise SystemExit(main())
