"""What every command shares: the database option, the output format, errors."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer._types import TyperChoice

from ..columns import FORMAT_ALIASES, LISTING_FORMATS, Format

__all__ = ["Format", "FormatOption", "format_option", "say", "store"]


class _FormatChoice(TyperChoice[str]):
    """The formats a command offers, shown by one name each; other names
    (:data:`claimtrack.columns.FORMAT_ALIASES`: ``ndjson`` for ``nl``) are accepted too."""

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        if isinstance(value, str):
            value = FORMAT_ALIASES.get(value.lower(), value)
        return super().convert(value, param, ctx)


def format_option(choices: tuple[str, ...], help: str) -> Any:
    """``--format`` / ``-f`` with these choices (a :class:`~claimtrack.columns.Format`)."""
    return typer.Option("--format", "-f", click_type=_FormatChoice(choices), help=help)


FormatOption = Annotated[
    Format,
    format_option(LISTING_FORMATS, "Output: table (for people), json, csv or nl (JSON lines)."),
]


ColumnsOption = Annotated[
    list[str] | None,
    typer.Option("--column", "-c", metavar="NAME",
                 help="Only this column (repeatable, or comma-separated), in every format."),
]


def store(ctx: typer.Context, *, create: bool = False) -> Any:
    """The ClaimStore for ``--db`` / CLAIMTRACK_DB / settings / ./claims.db
    (:func:`claimtrack.config.database_path`; opened once per command)."""
    from ..store import ClaimStore

    obj = ctx.find_root().obj or {}
    cached = obj.get("store")
    if cached is not None:
        return cached
    from ..config import database_path
    from ..store.locknote import OPERATION

    OPERATION.set(_command_name(ctx))  # named in other commands' busy message
    s = ClaimStore(database_path(obj.get("db")), create=create)
    ctx.find_root().call_on_close(s.close)
    obj["store"] = s
    ctx.find_root().obj = obj
    return s


def _command_name(ctx: Any) -> str:
    """``claimtrack source refresh``: the command as typed, without its arguments."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(["claimtrack", *reversed(names)])


def say(message: str) -> None:
    """A message for the person at the terminal: stderr, so stdout stays data."""
    from ..terminal import visible

    typer.echo(visible(message), err=True)

