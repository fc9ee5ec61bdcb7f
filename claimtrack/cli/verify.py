"""``claimtrack verify``: are all quotes still where their claims say?"""

from __future__ import annotations

from typing import Annotated

import typer

from ..columns import ANCHOR_COLUMNS
from .common import Format, FormatOption, say, store
from .output import emit
from .source import ANCHOR_TABLE


def register(app: typer.Typer) -> None:
    app.command("verify")(verify)


def verify(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option(metavar="KEY", help="Only this source.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Check every active claim against its stored source, and against the file
    on disk where the file no longer matches the stored hash.

    Prints the claims that are not anchored; exits 1 if any is changed or orphaned.

    Example: claimtrack verify --source vox-putin
    """
    from ..verify import PROBLEM_STATUSES
    from ..verify import verify as run_verify

    problems, notes = run_verify(store(ctx), source)
    for note in notes:
        say(note)
    emit(problems, fmt.value,
         columns=[*ANCHOR_COLUMNS, "checked_against"],
         table=[*ANCHOR_TABLE, ("checked against", "checked_against")],
         empty="All quotes are anchored.")
    bad = [p for p in problems if p["anchor_status"] in PROBLEM_STATUSES]
    if bad:
        say(f"{len(bad)} claim(s) changed or orphaned")
        raise typer.Exit(1)
