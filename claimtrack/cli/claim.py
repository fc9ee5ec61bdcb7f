"""``claimtrack claim ...``: add, list, show, edit and retract claims."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..columns import listing
from .common import ColumnsOption, Format, FormatOption, say, store
from .output import Column, emit


def describe(claim: dict[str, Any]) -> str:
    """A claim's attribution in words (claimtrack.attribution loads when a command runs)."""
    from ..attribution import describe as words

    return words(claim)

app = typer.Typer(help="Add, list, show, edit and retract claims.", no_args_is_help=True,
                  epilog="Examples:\n\n\b\n"
                  "  claimtrack claim add vox \"has nothing to do with Russia\" --named SpaceX\n"
                  "  claimtrack claim list --source vox --strength anonymous\n"
                  "  claimtrack claim show c12")

CLAIM_COLUMNS = listing("claims")

Named = Annotated[str | None, typer.Option("--named", metavar="WHO", rich_help_panel="Attribution",
                                           help="An on-the-record person or organisation.")]
ReportedBy = Annotated[list[str] | None, typer.Option(
    "--reported-by", metavar="OUTLET", rich_help_panel="Attribution",
    help="The claim rests on another outlet's reporting; beside --named or --anonymous, the "
         "outlet that reported that source (repeat for a longer chain, nearest the origin first).")]
Anonymous = Annotated[str | None, typer.Option(
    "--anonymous", metavar="DESCRIPTION", rich_help_panel="Attribution",
    help="An unnamed source, described: 'former US national security official'.")]
Unattributed = Annotated[bool, typer.Option(
    "--unattributed", rich_help_panel="Attribution",
    help="The author's own assertion (the default for a new claim).")]
DeniedBy = Annotated[list[str] | None, typer.Option(
    "--denied-by", metavar="PARTY", rich_help_panel="Attribution",
    help="A party that denied the claim (repeatable).")]
Declined = Annotated[list[str] | None, typer.Option(
    "--declined", metavar="PARTY", rich_help_panel="Attribution",
    help="A party that declined to comment (repeatable).")]
About = Annotated[list[str] | None, typer.Option(
    "--about", metavar="ENTITY", help="Who or what the claim is about (repeatable).")]
Occurrence = Annotated[int | None, typer.Option(
    "--occurrence", metavar="N", min=1, help="Which occurrence, when the quote occurs more than once.")]

TABLE: list[Column] = [("id", "id"), ("source", "source"), ("quote", "quote"),
         ("attribution", describe), ("status", lambda c: _status(c))]


def _status(claim: dict[str, Any]) -> str:
    parts = [claim["status"]]
    if claim.get("anchor_status") and claim["anchor_status"] != "anchored":
        parts.append(claim["anchor_status"])
    return " · ".join(parts)


@app.command("add")
def add(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="SOURCE_KEY")],
    quote: Annotated[str, typer.Argument(metavar="QUOTE", help="The words as the source has them; "
                                              "straight quotes, '...' for omissions are fine.")],
    statement: Annotated[str | None, typer.Option(
        "--claim", metavar="STATEMENT", help="The claim in plain words [default: the quote].")] = None,
    named: Named = None,
    reported_by: ReportedBy = None,
    anonymous: Anonymous = None,
    unattributed: Unattributed = False,
    denied_by: DeniedBy = None,
    declined: Declined = None,
    about: About = None,
    occurrence: Occurrence = None,
    closest: Annotated[bool, typer.Option(
        "--closest", help="If QUOTE is not in the source as typed (a spelling, say), store the "
        "closest passage instead (at least 85% alike).")] = False,
    again: Annotated[bool, typer.Option(
        "--again", help="Store the passage even if it is already an active claim of the "
        "source (refused otherwise, naming that claim).")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Record a claim: locate QUOTE in the source and store its span and attribution.

    Examples:

    \b
      claimtrack claim add vox-putin "has nothing to do with Russia or China" \\
          --named SpaceX --about Starlink --about Taiwan
      claimtrack claim add vox-putin "Musk's Kremlin contacts ... closely held secret" \\
          --reported-by "Wall Street Journal" --denied-by SpaceX
      claimtrack claim add vox-putin "the organisation said" --closest
      claimtrack claim add buzzfeed "directed Cohen to lie" \\
          --anonymous "two federal law enforcement officials" --reported-by "BuzzFeed News"

    A passage already stored as an active claim of the source is refused,
    naming that claim; --again stores it once more.
    """
    from ..attribution import from_options

    attribution = from_options(named=named, reported_by=reported_by, anonymous=anonymous,
                               unattributed=unattributed, denied_by=denied_by, declined=declined)
    from ..errors import ClaimExists, InvalidInput

    s = store(ctx, create=True)
    try:
        claim = _add(s, source, quote, statement=statement, attribution=attribution,
                     about=about or [], occurrence=occurrence, unique=not again,
                     closest=closest)
    except ClaimExists as e:
        raise InvalidInput(f"{e} (see 'claimtrack claim show {e.claim['id']}'); to store it "
                           "again, add --again") from None
    say(f"Added claim {claim['id']}: {source} [{claim['span_start']}:{claim['span_end']}] "
        f"{describe(claim)}")
    _say_elided(claim)
    for earlier in s.claims_at(source, claim["span_start"], claim["span_end"]):
        if earlier["id"] != claim["id"]:
            state = (f"retracted: {earlier['status_reason']}" if earlier["status"] == "retracted"
                     else earlier["status"])
            say(f"  the same passage is also claim {earlier['id']} ({state})")
    _print_one(claim, fmt, id_only=fmt is Format.table)


def _add(s: Any, source: str, quote: str, *, closest: bool, **options: Any) -> dict[str, Any]:
    """``claim add``'s store call: with ``closest``, a quote not in the source as typed is
    stored as its closest passage (said on stderr)."""
    from ..errors import QuoteNotFound

    try:
        return s.add_claim(source, quote, **options)  # type: ignore[no-any-return]
    except QuoteNotFound as e:
        if not closest:
            from ..text.anchoring import CLOSEST_ACCEPT_SCORE

            if e.closest is not None and e.closest[2] >= CLOSEST_ACCEPT_SCORE:  # --closest takes it
                raise QuoteNotFound(f"{e}; to store that passage, add --closest",
                                    closest=e.closest) from None
            raise
        from ..text.anchoring import closest_occurrence

        passage, nth, how = closest_occurrence(s.source_text(source), quote,
                                               name=f"source {source!r}")
        claim = s.add_claim(source, passage, **{**options, "occurrence": nth})
        say(f"Not in {source} as typed: stored the closest passage ({how}): \"{claim['quote']}\"")
        return claim  # type: ignore[no-any-return]


def _say_elided(claim: dict[str, Any]) -> None:
    """Say what the stored span holds that the quote as typed left out."""
    for start, end in claim.get("elisions") or ():
        say(f"  left out of the quote: '{claim['quote'][start:end]}'")


def _print_one(claim: dict[str, Any], fmt: Format, *, id_only: bool = False) -> None:
    if id_only:
        typer.echo(claim["id"])
    elif fmt is Format.json:
        emit([claim], "json", columns=CLAIM_COLUMNS)
    else:
        emit([claim], fmt.value, columns=CLAIM_COLUMNS, table=TABLE)


@app.command("list")
def list_(
    ctx: typer.Context,
    source: Annotated[list[str] | None, typer.Option(
        metavar="KEY", help="Only this source (repeatable: any of them).")] = None,
    strength: Annotated[list[str] | None, typer.Option(
        help="named, reported, anonymous or unattributed (repeatable).")] = None,
    by: Annotated[list[str] | None, typer.Option(
        metavar="WHO", help="Attributed to (substring; repeatable).")] = None,
    denied_by: Annotated[list[str] | None, typer.Option(
        metavar="PARTY", help="Denied by (substring; repeatable).")] = None,
    party: Annotated[list[str] | None, typer.Option(
        metavar="PARTY", help="Mentioning this party under any of its spellings (said, reported, "
                              "relayed, denied or declined; repeatable).")] = None,
    members: Annotated[bool, typer.Option(
        "--members", help="With --party: also the claims of those who speak for it.")] = False,
    about: Annotated[list[str] | None, typer.Option(
        metavar="ENTITY", help="About this entity (repeatable).")] = None,
    status: Annotated[list[str] | None, typer.Option(
        help="active, retracted or all (repeatable) [default: all].")] = None,
    anchor_status: Annotated[list[str] | None, typer.Option(
        help="anchored, moved, changed or orphaned (repeatable).")] = None,
    search: Annotated[list[str] | None, typer.Option(
        metavar="TEXT", help="Claims with every word of TEXT in their quote or statement "
                             "(once: put every word in TEXT).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
    fmt: FormatOption = Format.table,
    column: ColumnsOption = None,
) -> None:
    """List claims, filtered.

    A repeated filter keeps the claims matching any of its values (--source a
    --source b: the claims of either); different filters must all match.

    Examples:

      claimtrack claim list --source vox-putin --strength anonymous

      claimtrack claim list --source alliance --source tech-maga

      claimtrack claim list --denied-by SpaceX --format json

      claimtrack claim list --search "Starlink Taiwan"

      claimtrack claim list --party "Special Counsel's Office" --members

      claimtrack claim list -c id -c source -c attribution --format csv
    """
    from ..errors import UsageError

    if members and not party:
        raise UsageError("--members goes with --party")
    if search and len(search) > 1:
        words = " ".join(search)
        from shlex import quote

        raise UsageError(f"give --search once, with every word the claims must hold: "
                         f"--search {quote(words)}")
    claims = store(ctx).list_claims(source=source, strength=strength, by=by, denied_by=denied_by,
                                    about=about, status=status, anchor_status=anchor_status,
                                    search=search[0] if search else None, limit=limit,
                                    party=party, members=members)
    emit(claims, fmt.value, columns=CLAIM_COLUMNS, table=TABLE,
         empty="No claims match.", select=column)


@app.command("show")
def show(ctx: typer.Context, claim_id: Annotated[str, typer.Argument(metavar="ID")],
         fmt: FormatOption = Format.table) -> None:
    """Show a claim, its quote highlighted inside its paragraph.

    Example: claimtrack claim show c12
    """
    from .panels import claim_panel

    s = store(ctx)
    claim = s.get_claim(claim_id)
    from ..contradictions.stance import of_claim
    from ..matching.links import group_of

    group = group_of(s, claim["id"])
    stance = str(of_claim(claim))
    if fmt is not Format.table:
        emit([{**claim, "group": group, "stance": stance}], fmt.value,
             columns=[*CLAIM_COLUMNS, "group", "stance"])
        return
    claim_panel(s, {**claim, "stance": stance}, group)
    from .similar import near_lines

    near = near_lines(s, claim["id"])
    if near:
        typer.echo("Near claims (score 0-100, 'claimtrack similar' for more):")
        typer.echo("\n".join(near))


@app.command("edit")
def edit(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID")],
    quote: Annotated[str | None, typer.Option("--quote", help="A new quote, located again.")] = None,
    statement: Annotated[str | None, typer.Option(
        "--claim", metavar="STATEMENT",
        help="The claim in new plain words (not empty: --reset-claim sets it back to the quote).")]
    = None,
    reset_claim: Annotated[bool, typer.Option(
        "--reset-claim", help="Set the claim back to the quote's words (the new quote's, with "
                              "--quote).")] = False,
    named: Named = None,
    reported_by: ReportedBy = None,
    anonymous: Anonymous = None,
    unattributed: Unattributed = False,
    denied_by: DeniedBy = None,
    declined: Declined = None,
    about: About = None,
    occurrence: Occurrence = None,
    note: Annotated[str | None, typer.Option(help="Why, kept in the history.")] = None,
    again: Annotated[bool, typer.Option(
        "--again", help="With --quote: move the claim even onto a passage another active "
        "claim of the source holds (refused otherwise, naming that claim).")] = False,
) -> None:
    """Change a claim.  Its id stays; the old version stays in its history.

    List options (--denied-by, --declined, --about) replace the stored list;
    give an empty value (--about "") to clear it.  A claim is never empty:
    --reset-claim sets it back to the quote's words.

    Examples:

    \b
      claimtrack claim edit c12 --denied-by SpaceX --note "SpaceX statement, 25 Oct"
      claimtrack claim edit c12 --claim "SpaceX says it never spoke to the Kremlin"
      claimtrack claim edit c12 --reset-claim
    """
    from ..errors import InvalidInput, UsageError

    if reset_claim and statement is not None:
        raise UsageError("give --claim or --reset-claim, not both")
    if statement is not None and not statement.split():
        raise InvalidInput("--claim cannot be empty: give the claim in plain words, or "
                           "--reset-claim to set it back to the quote's words")
    if reset_claim:
        statement = ""  # the store's reset: the claim becomes the quote's words
    attribution = None
    if any(v is not None for v in (named, reported_by, anonymous)) or unattributed:
        from ..attribution import from_options

        attribution = from_options(named=named, reported_by=reported_by, anonymous=anonymous,
                                   unattributed=unattributed)
    from ..errors import ClaimExists

    try:
        claim = store(ctx).edit_claim(
            claim_id, quote=quote, occurrence=occurrence, statement=statement,
            attribution=attribution, denied_by=denied_by, declined=declined, about=about,
            note=note, unique=not again)
    except ClaimExists as e:
        raise InvalidInput(f"{e} (see 'claimtrack claim show {e.claim['id']}'); to move the "
                           "claim there anyway, add --again") from None
    say(f"Edited claim {claim['id']}: {describe(claim)}")
    if quote is not None:
        _say_elided(claim)


@app.command("retract")
def retract(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option(help="Why it is retracted.")],
) -> None:
    """Mark a claim retracted.  It is kept, with its history.

    Example: claimtrack claim retract c7 --reason "Outlet corrected the story"
    """
    claim = store(ctx).retract_claim(claim_id, reason)
    say(f"Retracted claim {claim['id']}: {reason}")


@app.command("history")
def history(ctx: typer.Context, claim_id: Annotated[str, typer.Argument(metavar="ID")],
            fmt: FormatOption = Format.table) -> None:
    """Every version of a claim, oldest first.

    Example: claimtrack claim history c12
    """
    print_history(store(ctx).history(claim_id), fmt)


HISTORY_TABLE: list[Column] = [("version", "version"), ("action", "action"), ("when", "changed_at"),
                 ("note", "note"), ("quote", lambda r: r["data"]["quote"]),
                 ("attribution", lambda r: describe(r["data"])),
                 ("status", lambda r: r["data"]["status"])]


def print_history(rows: list[dict[str, Any]], fmt: Format) -> None:
    """A claim's versions, as ``claim history`` and ``db history`` both show them."""
    if fmt is Format.table:
        emit(rows, "table", table=HISTORY_TABLE)
    else:
        emit(rows, fmt.value)
