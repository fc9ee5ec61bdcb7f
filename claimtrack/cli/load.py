"""``claimtrack load`` (a seeds folder) and ``claimtrack summary``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..terminal import counted
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

    Loading a folder again adds only what is new: a source whose text is stored
    already is skipped (as 'source add' skips it), and so is a claim already
    there, one stored with the same source, span and attribution (strength, who,
    and the outlets it came through), as it is now or was before an edit, and
    even if retracted since.  A load never changes a stored claim ('claim edit'
    does): a seed whose quote now covers other words, or whose attribution has
    changed, is a new claim.  A failed load leaves the database as it was, and
    no database at all if there was none.

    Example: claimtrack --db claims.db load seeds
    """
    from ..store.seeds import load_seeds
    from .progress import progress_bar

    s = store(ctx, create=True)
    try:
        with progress_bar("Locating quotes") as step:
            loaded = load_seeds(s, folder, progress=step)
    except BaseException:
        _discard_if_new(s)  # a failed load into a new file leaves no empty database
        raise
    there = [counted(n, what) for n, what in ((loaded.sources_there, "sources"),
                                              (loaded.claims_there, "claims")) if n]
    say(f"Loaded {counted(loaded.sources, 'sources')} and {counted(loaded.claims, 'claims')} "
        f"from {folder}"
        + (f" ({' and '.join(there)} already there)" if there else ""))


def _discard_if_new(s: Any) -> None:
    """Remove the database if this command made it and it holds nothing (the load rolled back)."""
    try:
        s.discard_if_new()
    except Exception:  # the load's own error is the one to report
        pass


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
