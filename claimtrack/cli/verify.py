"""``claimtrack verify``: are all quotes still where their claims say?"""

from __future__ import annotations

from typing import Annotated, Any

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
    _suggest(store(ctx), problems)
    emit(problems, fmt.value,
         columns=[*ANCHOR_COLUMNS, "checked_against", "suggested"],
         table=[*ANCHOR_TABLE, ("checked against", "checked_against"),
                ("suggested passage", "suggested")],
         empty="All quotes are anchored.")
    bad = [p for p in problems if p["anchor_status"] in PROBLEM_STATUSES]
    if any(p.get("suggested") for p in bad):
        say("To take a suggested passage: claimtrack claim edit ID --quote \"PASSAGE\"")
    if bad:
        say(f"{len(bad)} claim(s) changed or orphaned")
        raise typer.Exit(1)


def _suggest(s: Any, problems: list[dict[str, Any]]) -> None:
    """An orphaned quote gets the closest passage of its source's current text."""
    from ..text.anchoring import suggest_passage

    for p in problems:
        p["suggested"] = None
        if p["anchor_status"] == "orphaned":
            p["suggested"] = suggest_passage(s.source_text(p["source"]), p["quote"])
