"""``claimtrack source ...``: add, list and show sources."""

from __future__ import annotations

import shlex
from typing import Annotated

import typer

from ..columns import ANCHOR_COLUMNS, listing
from ..errors import UsageError
from .common import ColumnsOption, Format, FormatOption, say, store
from .output import Column, emit

app = typer.Typer(help="Add, list and show sources (the texts claims are quoted from).",
                  epilog="Examples:\n\n\b\n  claimtrack source add vox.txt --key vox --outlet Vox\n"
                  "  claimtrack source list -c key -c claims\n  claimtrack source refresh vox corrected.txt\n"
                  "  claimtrack source edit vox --outlet \"Vox Media\"",
                  no_args_is_help=True)

SOURCE_COLUMNS = listing("sources")


@app.command("add", context_settings={"allow_extra_args": True})
def add(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A UTF-8 text or Markdown file.")],
    key: Annotated[str | None, typer.Option(help="Short key [default: slug of the file name].")] = None,
    title: Annotated[str | None, typer.Option(help="Headline.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Publication, e.g. Vox.")] = None,
    author: Annotated[list[str] | None, typer.Option("--author", help="Author (repeatable).")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published.")] = None,
    published: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Publication date.")] = None,
) -> None:
    """Store a source text with its SHA-256 and metadata.

    Adding a text already stored adds nothing: it is a no-op (exit 0) when the
    options given match the stored source, and refused (exit 1) when a --key,
    --title, --outlet, --author, --url or --published given differs from it
    (the message says how to change it: 'source edit', or 'source rename' for
    the key).

    Examples:

      claimtrack source add vox.txt --key vox --outlet Vox --published 2024-10-25

      claimtrack source edit vox --outlet "Vox Media"
    """
    if extra := ctx.args:
        # 'source add KEY FILE', as 'source refresh KEY FILE' is typed: the key is an option here
        raise UsageError(f"source add takes one file and the key as an option: claimtrack source add "
                         f"{shlex.quote(extra[-1])} --key {shlex.quote(path)}")
    source, created = store(ctx, create=True).add_source(
        path, key=key, title=title, outlet=outlet, authors=author or [], url=url,
        published=published, refuse_changes=True)
    if created:
        say(f"Added source {source['key']} ({source['chars']} characters, sha256 {source['sha256'][:12]})")
    else:
        say(f"Source {source['key']} already holds this text: nothing to do")
    typer.echo(source["key"])


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = Format.table,
          column: ColumnsOption = None) -> None:
    """List sources with their claim counts.

    Example: claimtrack source list --format json -c key -c claims
    """
    emit(store(ctx).list_sources(), fmt.value, columns=SOURCE_COLUMNS,
         table=[("key", "key"), ("title", "title"), ("outlet", "outlet"),
                ("authors", "authors"), ("published", "published"), ("chars", "chars"),
                ("claims", "claims")],
         empty="No sources yet: add one with 'claimtrack source add FILE'.", select=column)


@app.command("show")
def show(ctx: typer.Context, key: str, fmt: FormatOption = Format.table) -> None:
    """Show one source's metadata.

    Example: claimtrack source show vox-putin
    """
    source = store(ctx).get_source(key)
    if fmt is Format.table:
        emit([{"field": k, "value": source.get(k)} for k in SOURCE_COLUMNS], "table",
             table=[("field", "field"), ("value", "value")], title=f"source {key}")
    else:
        emit([source], fmt.value, columns=SOURCE_COLUMNS)


@app.command("refresh")
def refresh(
    ctx: typer.Context,
    key: str,
    path: Annotated[str | None, typer.Argument(help="The new text [default: the stored path].")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Refresh even when most claims would be orphaned (the wrong file?).")]
    = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Re-read a source, keep the old text as a version, and re-anchor its claims.

    Each claim ends anchored (same place), moved (new offsets), changed (found
    with edits; a word diff is shown) or orphaned (not found with enough
    confidence; the old span is kept).

    A text that would orphan more than half of the source's claims not already
    orphaned (and at least 2) looks like the wrong file: the refresh is refused
    (exit 1) and nothing changes; --force refreshes anyway (a refresh back to
    the right file re-anchors them).

    Examples:

      claimtrack source refresh vox-putin corrected-article.txt

      claimtrack source refresh vox-putin rewritten-article.txt --force
    """
    from ..errors import RefreshWouldOrphan
    from ..verify import refresh_source
    from .progress import progress_bar

    try:
        with progress_bar(f"Re-anchoring the claims of {key}") as step:  # on a terminal only
            result = refresh_source(store(ctx), key, path, progress=step, force=force)
    except RefreshWouldOrphan as e:
        again = " ".join(shlex.quote(a) for a in ["claimtrack", "source", "refresh", key,
                                                   *([path] if path is not None else [])])
        raise RefreshWouldOrphan(f"{e} To refresh anyway: {again} --force", e.orphaned,
                                 e.anchored) from None
    if not result.changed:
        say(f"Source {key} is unchanged (version {result.version}): nothing to re-anchor")
        return
    counts = ", ".join(f"{n} {status}" for status, n in result.counts().items())
    say(f"Source {key} is now version {result.version}: {counts}")
    # People need to see what changed or was lost; machines get every claim.
    rows = [c for c in result.claims if c["anchor_status"] in ("changed", "orphaned")] \
        if fmt is Format.table else result.claims
    emit(rows, fmt.value, columns=ANCHOR_COLUMNS, table=ANCHOR_TABLE,
         empty="No quote changed or was lost.")


ANCHOR_TABLE: list[Column] = [
    ("id", "id"), ("status", "anchor_status"), ("score", "anchor_score"),
    ("span", lambda c: f"{c['span_start']}:{c['span_end']}"),
    ("quote / diff", lambda c: c.get("anchor_diff") or c["quote"])]
