"""``claimtrack db ...``: check, back up, and look into the history of a database."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import DatabaseError
from .claim import print_history
from .common import Format, FormatOption, say, store
from .output import emit

app = typer.Typer(help="Check the database, back it up, and show a claim's every version.",
                  epilog="Examples:\n\n\b\n  claimtrack db path\n  claimtrack db check\n"
                  "  claimtrack db backup backups/claims.db",
                  no_args_is_help=True)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """Print the database file's path (absolute), and on stderr where it came from.

    In order: the --db option, the CLAIMTRACK_DB environment variable, 'db' in
    the settings file (.claimtrack.toml or [tool.claimtrack] in pyproject.toml),
    else ./claims.db.  The file need not exist yet.

    Examples:

      claimtrack db path

      sqlite3 "$(claimtrack db path)"
    """
    import os

    from ..config import locate_database

    root = ctx.find_root()
    given = (root.obj or {}).get("db")
    source = root.get_parameter_source("db")
    from_env = source is not None and source.name == "ENVIRONMENT"
    found, origin = locate_database(given, explicit_from="environment" if from_env else "option")
    full = os.path.abspath(found)
    exists = "" if os.path.exists(full) else " (does not exist yet)"
    words = {"option": "the --db option", "environment": "the CLAIMTRACK_DB environment variable",
             "default": "the default, ./claims.db"}.get(origin, origin)
    typer.echo(full)
    say(f"(from {words}{exists})")


@app.command("check")
def check(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """Check integrity, foreign keys, then every claim's anchor in its source.

    Runs SQLite's integrity check, its foreign-key check, then verifies that
    each claim's quote is still where the database says it is.

    Prints one row per check (with --format json|csv|nl, one row per problem
    found).  Exits 1 when any check finds a problem.

    Examples:

      claimtrack db check

      claimtrack --db archive.db db check --format json
    """
    from ..store.maintenance import check as run_checks

    results = run_checks(store(ctx))
    if fmt is Format.table:
        rows = [{"check": r.name, "result": r.status,
                 "details": "; ".join(_problem(p) for p in r.problems[:5])
                 + (f"; ... ({len(r.problems) - 5} more)" if len(r.problems) > 5 else "")}
                for r in results]
        emit(rows, "table", title="Database check")
    else:
        emit([{"check": r.name, **p} for r in results for p in r.problems], fmt.value,
             columns=["check", "item", "detail"])
    for note in (n for r in results for n in r.notes):
        say(f"Note: {note}")
    failed = [r for r in results if not r.ok]
    if failed:
        raise DatabaseError("check failed: " + ", ".join(f"{r.name} ({r.status})" for r in failed))
    say("Database check passed: " + ", ".join(f"{r.name} {r.status}" for r in results))


def _problem(problem: dict[str, str]) -> str:
    return f"{problem['item']}: {problem['detail']}" if problem["item"] else problem["detail"]


@app.command("backup")
def backup(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="PATH", help="The file to write the copy to.")],
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Copy the database to PATH with SQLite's online backup API.

    Safe while other commands write to the database: the copy is one
    consistent snapshot, checked before it is given its name, so PATH is
    never left half-written.  Prints PATH.

    Examples:

      claimtrack db backup backups/claims-2024-10-25.db

      claimtrack --db claims.db db backup /mnt/usb/claims.db --force
    """
    from ..store.maintenance import backup as run_backup

    done = run_backup(store(ctx), path, force=force)
    say(f"Backed up {store(ctx).path} to {done['path']} ({done['bytes']} bytes, integrity ok)")
    typer.echo(done["path"])


@app.command("history")
def history(ctx: typer.Context, claim_id: Annotated[str, typer.Argument(metavar="ID")],
            fmt: FormatOption = Format.table) -> None:
    """Every version of a claim, oldest first.

    One row per add, edit and retraction, with the claim as it was after it
    (the same table as 'claimtrack claim history').

    Examples:

      claimtrack db history c12

      claimtrack db history c12 --format json
    """
    print_history(store(ctx).history(claim_id), fmt)
