"""``claimtrack source history|diff|rename|remove``: looking after sources once added."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import ColumnsOption, Format, FormatOption, say, store
from .output import emit


def register(source_app: typer.Typer) -> None:
    source_app.command("history")(history)
    source_app.command("diff")(diff)
    source_app.command("rename")(rename)
    source_app.command("remove")(remove)


def history(ctx: typer.Context, key: str, fmt: FormatOption = Format.table,
            column: ColumnsOption = None) -> None:
    """A source's versions, oldest first (each 'source refresh' keeps the text it replaced).

    Example: claimtrack source history vox-putin
    """
    from ..store.sourceadmin import versions

    emit(versions(store(ctx), key), fmt.value,
         columns=["version", "current", "chars", "sha256", "path", "replaced_at"],
         table=[("version", "version"), ("current", lambda v: "current" if v["current"] else ""),
                ("chars", "chars"), ("sha256", lambda v: v["sha256"][:12]), ("path", "path"),
                ("replaced at", "replaced_at")],
         title=f"source {key}", select=column)


def diff(
    ctx: typer.Context,
    key: str,
    old: Annotated[int | None, typer.Argument(metavar="[V1]", help="[default: the one before V2]")]
    = None,
    new: Annotated[int | None, typer.Argument(metavar="[V2]", help="[default: the current one]")]
    = None,
) -> None:
    """Show what changed between two versions of a source (a unified diff).

    Examples:

      claimtrack source diff vox-putin

      claimtrack source diff vox-putin 1 3
    """
    from ..store.sourceadmin import diff as run_diff

    text = run_diff(store(ctx), key, old, new)
    if not text:
        say("The two versions have the same text.")
    typer.echo(text, nl=False)


def rename(ctx: typer.Context, old: Annotated[str, typer.Argument(metavar="OLD")],
           new: Annotated[str, typer.Argument(metavar="NEW")]) -> None:
    """Give a source a new key.  Its claims keep their ids (each gets a history entry);
    its earlier versions follow it.

    Example: claimtrack source rename vox vox-putin
    """
    from ..store.sourceadmin import rename as run_rename

    moved = run_rename(store(ctx), old, new)
    say(f"Renamed source {old} to {new} ({moved} claim(s) follow it)")


def remove(ctx: typer.Context, key: str) -> None:
    """Remove a source that no claim quotes (with its earlier versions).

    Example: claimtrack source remove draft-copy
    """
    from ..store.sourceadmin import remove as run_remove

    run_remove(store(ctx), key)
    say(f"Removed source {key}")
