"""``claimtrack load`` (a seeds folder) and ``claimtrack summary``."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import ColumnsOption, Format, FormatOption, say, store
from .output import emit


def register(app: typer.Typer) -> None:
    app.command("load")(load)
    app.command("summary")(summary)


def load(
    ctx: typer.Context,
    folder: Annotated[str, typer.Argument(help="A folder with sources.toml and claims.toml.")] = "seeds",
) -> None:
    """Load a seeds folder: its sources, then its claims, in one transaction.

    Example: claimtrack --db claims.db load seeds
    """
    from ..store.seeds import load_seeds
    from .progress import progress_bar

    with progress_bar("Locating quotes") as step:
        n_sources, n_claims = load_seeds(store(ctx, create=True), folder, progress=step)
    say(f"Loaded {n_sources} sources and {n_claims} claims from {folder}")


def summary(ctx: typer.Context, fmt: FormatOption = Format.table,
            column: ColumnsOption = None) -> None:
    """Active claims by source and attribution strength.

    Example: claimtrack summary
    """
    rows = store(ctx).summary()
    if rows:
        total = {"source": "total", **{k: sum(r[k] for r in rows) for k in rows[0] if k != "source"}}
        rows = rows + [total] if fmt is Format.table else rows
    emit(rows, fmt.value, title="Claims by source and attribution strength",
         empty="No sources yet.", select=column)
