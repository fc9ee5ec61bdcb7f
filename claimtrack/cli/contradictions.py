"""``claimtrack contradictions``: where sources disagree."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..columns import REPORT_FORMATS, Format, listing
from .common import ColumnsOption, format_option, say, store
from .output import Column, emit

app = typer.Typer(help="Report where sources disagree; dismiss false alarms.",
                  epilog="Examples:\n\n\b\n  claimtrack contradictions --open\n"
                  "  claimtrack contradictions --format markdown > contradictions.md\n"
                  "  claimtrack contradictions dismiss x-1a2b3c --reason \"different years\"",
                  invoke_without_command=True)

COLUMNS = listing("contradictions")


def _side(r: dict[str, Any], side: str) -> str:
    cid = r["claims"][0 if side == "a" else 1]
    quote = r[f"{side}_quote"]
    quote = quote if len(quote) <= 100 else quote[:99] + "…"
    return (f"{cid} ({r[f'{side}_source']}; {r[f'{side}_said_by']}; "
            f"{r.get(f'{side}_stance')}): “{quote}”")


TABLE: list[Column] = [("item", "item"), ("kind", "kind"), ("status", "status"),
                       ("claim A", lambda r: _side(r, "a")), ("claim B", lambda r: _side(r, "b")),
                       ("reason", "reason")]


@app.callback()
def contradictions(
    ctx: typer.Context,
    source: Annotated[list[str] | None, typer.Option(
        "--source", metavar="KEY", help="Only items involving these sources (repeatable).")] = None,
    fmt: Annotated[Format, format_option(REPORT_FORMATS, "table, markdown, json, csv or nl.")]
    = Format.table,
    fail_on_any: Annotated[bool, typer.Option(
        "--fail-on-any", help="Exit 1 when any item is not dismissed (for CI).")] = False,
    open_only: Annotated[bool, typer.Option("--open", help="Hide dismissed items.")] = False,
    column: ColumnsOption = None,
) -> None:
    """Report contradictions: denials, refutations in the text ("denies", "hoax",
    "not true"), opposite polarity, different numbers, one quote given to two
    speakers, and pairs linked 'contradicts' by a person.  Each item shows both
    quotes, who said each, the stance of each and the words that clash.

    Examples:

      claimtrack contradictions

      claimtrack contradictions --format markdown > contradictions.md

      claimtrack contradictions dismiss x-1a2b3c --reason "different years"
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..contradictions import report

    every = report(store(ctx), source or [], include_dismissed=True)
    pending = [i for i in every if i["status"] == "open"]
    items = pending if open_only else every
    emit(items, fmt.value, columns=COLUMNS, table=TABLE, title="Contradictions",
         empty="No contradictions found.", select=column)
    dismissed = len(every) - len(pending)
    say(f"{len(pending)} open ({dismissed} dismissed, hidden)" if open_only and dismissed
        else f"{len(pending)} open, {dismissed} dismissed")
    if fail_on_any and pending:
        raise typer.Exit(1)


@app.command("dismiss")
def dismiss(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(metavar="ITEM", help="The item key, e.g. x-1a2b3c.")],
    reason: Annotated[str, typer.Option(help="Why this is not a contradiction.")],
    reword: Annotated[bool, typer.Option(
        "--reword", help="Give an item already dismissed this new reason (the earlier reason "
                         "and its date are kept in the new one's words).")] = False,
) -> None:
    """Dismiss an item; it stays dismissed across runs.

    An item already dismissed is left as it is: dismissing it again for the
    same reason does nothing, and a different reason is refused unless
    --reword is given.

    Examples:

    \b
      claimtrack contradictions dismiss x-1a2b3c --reason "different years"
      claimtrack contradictions dismiss x-1a2b3c --reason "different events" --reword
    """
    from ..contradictions import dismiss as run_dismiss
    from ..contradictions.report import said_at

    row = run_dismiss(store(ctx), item, reason, reword=reword)
    pair = f"{row['kind']}: {row['claims'][0]} / {row['claims'][1]}"
    if row["unchanged"]:
        say(f"{row['item']} is already dismissed ({said_at(row['dismissed_at'])}: "
            f"{row['dismissed_reason']!r}; {pair}): nothing to do")
    elif row["earlier"] is not None:
        say(f"Re-worded the dismissal of {row['item']} ({pair}): {row['dismissed_reason']!r}")
    else:
        say(f"Dismissed {row['item']} ({pair})")
