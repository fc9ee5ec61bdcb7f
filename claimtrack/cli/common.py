"""What every command shares: the database option, the output format, errors."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    nl = "nl"


FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output: table (for people), json, csv or nl (JSON lines)."),
]


ColumnsOption = Annotated[
    list[str] | None,
    typer.Option("--column", "-c", metavar="NAME",
                 help="Only this column (repeatable, or comma-separated), in every format."),
]


def store(ctx: typer.Context, *, create: bool = False) -> Any:
    """The ClaimStore for ``--db`` / CLAIMTRACK_DB / ./claims.db (opened once per command)."""
    from ..store import ClaimStore

    obj = ctx.find_root().obj or {}
    cached = obj.get("store")
    if cached is not None:
        return cached
    db = obj.get("db")
    if db is None:
        from ..config import find

        db = find().db
    s = ClaimStore(db, create=create)
    ctx.find_root().call_on_close(s.close)
    obj["store"] = s
    ctx.find_root().obj = obj
    return s


def say(message: str) -> None:
    """A message for the person at the terminal: stderr, so stdout stays data."""
    typer.echo(message, err=True)

