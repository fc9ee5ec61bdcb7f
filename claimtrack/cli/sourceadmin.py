"""``claimtrack source edit|history|diff|rename|remove``: looking after sources once added."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import ColumnsOption, Format, FormatOption, say, store
from .output import emit


def register(source_app: typer.Typer) -> None:
    source_app.command("edit")(edit)
    source_app.command("history")(history)
    source_app.command("diff")(diff)
    source_app.command("rename")(rename)
    source_app.command("remove")(remove)


def edit(
    ctx: typer.Context,
    key: str,
    title: Annotated[str | None, typer.Option(help="Headline.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Publication, e.g. Vox.")] = None,
    author: Annotated[list[str] | None, typer.Option(
        "--author", help="Author (repeatable): the list given replaces the stored one.")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published.")] = None,
    published: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD",
                                                  help="Publication date.")] = None,
    note: Annotated[str | None, typer.Option(help="Why, kept in the history.")] = None,
) -> None:
    """Change a source's title, outlet, authors, URL or publication date.

    The options are those of 'source add', checked the same way; an empty value
    ("") clears a field (its text: 'source refresh'; its key: 'source rename').
    The values replaced are kept: 'source history KEY' shows each edit.  Values
    already stored change nothing (exit 0).

    Examples:

      claimtrack source edit city-post --outlet "City Post" --published 2024-10-25

      claimtrack source edit vox --author "Jonathan Guyer" --author "Joshua Keating"

      claimtrack source edit vox --url "" --note "the link is dead"
    """
    from ..store.sourceadmin import edit as run_edit
    from ..store.sourceadmin import edit_words

    changes = run_edit(store(ctx), key, title=title, outlet=outlet, authors=author, url=url,
                       published=published, note=note)
    if not changes:
        say(f"Source {key} already has these values: nothing changed")
        return
    say(f"Edited source {key}: {edit_words(changes)}")


def history(ctx: typer.Context, key: str, fmt: FormatOption = Format.table,
            column: ColumnsOption = None) -> None:
    """A source's versions and metadata edits, oldest first (each 'source refresh' keeps
    the text it replaced; each 'source edit' the values it replaced).

    Example: claimtrack source history vox-putin
    """
    from ..store.sourceadmin import history as rows

    emit(rows(store(ctx), key), fmt.value,
         columns=["version", "current", "change", "changed_at", "chars", "sha256", "path",
                  "replaced_at", "old", "new", "note"],
         table=[("version", "version"), ("current", lambda v: "current" if v["current"] else ""),
                ("when", "changed_at"),
                ("change", lambda v: v["change"] + (f" ({v['note']})" if v["note"] else "")),
                ("chars", "chars"), ("sha256", lambda v: (v["sha256"] or "")[:12]),
                ("path", "path")],
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
